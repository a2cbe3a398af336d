import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export const PACKAGE_NAME = 'wxacode-cloudbase';

/**
 * The folder of this package (its package.json named wxacode-cloudbase), found from the running module's own
 * location: the source tree under tsx/jest, the compiled CLI in an installed package. The built functions
 * (cloudfunctions/<name>/) and page helpers (page-helpers/<form>/) are read from there.
 */
export function findPackageRoot(from: string = __dirname): string {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        if ((JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name === PACKAGE_NAME) return dir;
      } catch {
        // another package.json; keep walking up
      }
    }
    if (path.dirname(dir) === dir) throw new Error(`could not find the ${PACKAGE_NAME} package above ${from}; reinstall it`);
  }
}

export function packageVersion(root: string): string {
  return (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string }).version;
}
