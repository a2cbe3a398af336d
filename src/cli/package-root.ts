import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export const PACKAGE_NAME = 'wxacode-cloudbase';

/**
 * The folder of this package's package.json: the repository in development (src/cli/ runs through tsx) and
 * node_modules/wxacode-cloudbase/ when installed (dist/cli.js). The two sit at different depths, so walk up.
 */
export function packageRoot(from: string = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        if ((JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name === PACKAGE_NAME) return dir;
      } catch {
        // an unreadable package.json on the way up is not ours
      }
    }
    if (dirname(dir) === dir) throw new Error(`cannot find ${PACKAGE_NAME}'s package.json above ${from}`);
  }
}

export function packageVersion(root: string = packageRoot()): string {
  return (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
}

/** true in a checkout of the repository (sources present), false in an installed package (dist/ only) */
export function isDevelopmentCheckout(root: string = packageRoot()): boolean {
  return existsSync(join(root, 'src', 'functions', 'catalog.ts')) && existsSync(join(root, 'scripts', 'build.ts'));
}
