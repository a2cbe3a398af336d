import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { RcEntry } from './cloudbaserc-merge';
import type { HelperForm } from './helpers-target';
import { packageVersion } from './package-root';
import type { PackageContent } from './plan';

/** The five functions a mini program needs for codes; `--all` adds the HTTP endpoint and batches. */
export const DEFAULT_FUNCTIONS = ['wxacodeGet', 'wxacodeCreateQRCode', 'wxacodeGetUnlimited', 'wxacodeResolveScene', 'wxacodeHousekeeping'] as const;
export const HELPERS_BUILD_DIR = 'page-helpers';

/** The built functions in the package (folders of cloudfunctions/ with an index.js). */
export function availableFunctions(root: string): string[] {
  const dir = path.join(root, 'cloudfunctions');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => existsSync(path.join(dir, name, 'index.js')))
    .sort();
}

function readTree(dir: string, prefix = ''): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (const entry of readdirSync(dir).sort()) {
    const full = path.join(dir, entry);
    const rel = prefix ? `${prefix}/${entry}` : entry;
    if (statSync(full).isDirectory()) for (const [k, v] of readTree(full, rel)) out.set(k, v);
    else out.set(rel, readFileSync(full));
  }
  return out;
}

/** Reads what `add` copies from the package: the chosen functions' folders, the helpers, the cloudbaserc entries. */
export function readPackageContent(root: string, functions: readonly string[]): PackageContent {
  const fnFiles = new Map<string, Map<string, Buffer>>();
  for (const name of functions) {
    const dir = path.join(root, 'cloudfunctions', name);
    if (!existsSync(path.join(dir, 'index.js'))) throw new Error(`the package has no built function ${name} (${dir}/index.js); in a clone of the repository run \`npm run build\``);
    const files = readTree(dir);
    // the pages file belongs to the project it is written into, never copied from the package
    files.delete('wxacode.pages.json');
    fnFiles.set(name, files);
  }
  const helpers = {} as Record<HelperForm, Map<string, string>>;
  for (const form of ['ts', 'cjs', 'esm'] as const) {
    const dir = path.join(root, HELPERS_BUILD_DIR, form);
    if (!existsSync(dir)) throw new Error(`the package has no page helpers (${dir}); in a clone of the repository run \`npm run build\``);
    helpers[form] = new Map([...readTree(dir)].map(([k, v]) => [k, v.toString('utf8')]));
  }
  const rc = JSON.parse(readFileSync(path.join(root, 'cloudbaserc.json'), 'utf8')) as { functions?: RcEntry[] };
  const rcEntries = new Map((rc.functions ?? []).filter((f) => functions.includes(f.name)).map((f) => [f.name, f]));
  return { version: packageVersion(root), functions: fnFiles, helpers, rcEntries };
}
