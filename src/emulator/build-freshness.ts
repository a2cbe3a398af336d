import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * Why the built `cloudfunctions/<name>/index.js` bundles should be rebuilt before the emulator
 * serves them, or undefined when they are fresh. Sources are `src/**` except tests and the emulator
 * itself (it is never bundled into a function).
 */
export function staleFunctionsReason(rootDir: string): string | undefined {
  const functionsDir = join(rootDir, 'cloudfunctions');
  const names = existsSync(functionsDir)
    ? readdirSync(functionsDir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name)
    : [];
  if (names.length === 0) return `no functions in ${functionsDir}`;
  let oldestBundle = Infinity;
  for (const name of names) {
    const bundle = join(functionsDir, name, 'index.js');
    if (!existsSync(bundle)) return `${relative(rootDir, bundle)} is missing`;
    oldestBundle = Math.min(oldestBundle, statSync(bundle).mtimeMs);
  }
  const newer = newestSource(join(rootDir, 'src'), join(rootDir, 'src', 'emulator'));
  if (newer && newer.mtimeMs > oldestBundle) return `${relative(rootDir, newer.file)} is newer than the built functions`;
  return undefined;
}

function newestSource(dir: string, skipDir: string): { file: string; mtimeMs: number } | undefined {
  if (!existsSync(dir) || dir === skipDir) return undefined;
  let newest: { file: string; mtimeMs: number } | undefined;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    let candidate: { file: string; mtimeMs: number } | undefined;
    if (entry.isDirectory()) candidate = newestSource(path, skipDir);
    else if (/\.(ts|js|json)$/.test(entry.name) && !/\.test\.ts$/.test(entry.name)) {
      candidate = { file: path, mtimeMs: statSync(path).mtimeMs };
    }
    if (candidate && (!newest || candidate.mtimeMs > newest.mtimeMs)) newest = candidate;
  }
  return newest;
}
