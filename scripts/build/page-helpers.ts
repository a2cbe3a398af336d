import ts from 'typescript';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The page helpers as `add` writes them into a project, in three forms: TypeScript sources, CommonJS (native
 * JavaScript projects: DevTools resolves `require` most safely) and ES modules (Taro and uni-app bundle them).
 * One source: src/page-helpers/ and the scene codec src/core/scene/codec/ (as `scene/`), the codec import
 * rewritten to the folder's own copy.
 */
export type HelperForm = 'ts' | 'cjs' | 'esm';
export const HELPER_FORMS: readonly HelperForm[] = ['ts', 'cjs', 'esm'];
/** package-root folder the forms are built into (git-ignored; shipped in the package) */
export const PAGE_HELPERS_DIR = 'page-helpers';

const BANNER = '// wxacode-cloudbase page helpers, written by `npx wxacode-cloudbase add`: run it again to upgrade them (a file you edit is left as it is).\n';

const CODEC_IMPORT = /(['"])\.\.\/core\/scene\/codec\/index\1/g;
/** the import-free core files the helpers use as they are (the QPS retry's loop and waits), shipped in `reliability/` */
const RELIABILITY_FILES = ['retry-loop.ts', 'qps-backoff.ts'];
const RELIABILITY_IMPORT = /(['"])\.\.\/core\/reliability\/(retry-loop|qps-backoff)\1/g;

function sources(root: string, dir: string): string[] {
  return readdirSync(path.join(root, dir))
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.endsWith('.d.ts'))
    .sort();
}

/** The helper files of one form, by path relative to the helpers' folder. */
export function pageHelperFiles(root: string, form: HelperForm): Map<string, string> {
  const sourcesByFile = new Map<string, string>();
  for (const file of sources(root, 'src/page-helpers')) {
    const text = readFileSync(path.join(root, 'src/page-helpers', file), 'utf8')
      .replace(CODEC_IMPORT, "$1./scene/index$1")
      .replace(RELIABILITY_IMPORT, "$1./reliability/$2$1");
    if (/from\s+['"]\.\.\//.test(text)) {
      throw new Error(`src/page-helpers/${file}: imports from outside the helpers; only the codec (../core/scene/codec/index) and ${RELIABILITY_FILES.map((f) => `../core/reliability/${f.replace(/\.ts$/, '')}`).join(', ')} may be imported`);
    }
    sourcesByFile.set(file, text);
  }
  for (const file of sources(root, 'src/core/scene/codec')) sourcesByFile.set(`scene/${file}`, readFileSync(path.join(root, 'src/core/scene/codec', file), 'utf8'));
  for (const file of RELIABILITY_FILES) {
    const text = readFileSync(path.join(root, 'src/core/reliability', file), 'utf8');
    if (/^\s*import\s/m.test(text)) throw new Error(`src/core/reliability/${file}: the page helpers ship it as it is, so it must import nothing`);
    sourcesByFile.set(`reliability/${file}`, text);
  }
  if (form === 'ts') return new Map([...sourcesByFile].map(([file, text]) => [file, BANNER + text]));
  const out = new Map<string, string>();
  for (const [file, text] of sourcesByFile) {
    // TypeScript's own transpiler keeps the comments and the layout: the team reads these files
    const js = ts.transpileModule(text, {
      fileName: file,
      compilerOptions: { target: ts.ScriptTarget.ES2017, module: form === 'cjs' ? ts.ModuleKind.CommonJS : ts.ModuleKind.ES2015, isolatedModules: true, removeComments: false },
    }).outputText;
    out.set(file.replace(/\.ts$/, '.js'), BANNER + js);
  }
  return out;
}

export function buildPageHelpers(root: string): void {
  const target = path.join(root, PAGE_HELPERS_DIR);
  rmSync(target, { recursive: true, force: true });
  for (const form of HELPER_FORMS) {
    for (const [file, text] of pageHelperFiles(root, form)) {
      const out = path.join(target, form, file);
      mkdirSync(path.dirname(out), { recursive: true });
      writeFileSync(out, text);
    }
  }
}
