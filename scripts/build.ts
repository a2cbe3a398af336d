/**
 * Bundles each cloud function into one self-contained `cloudfunctions/<name>/index.js` (wx-server-sdk inside),
 * for CloudBase's Node 16 and 18 runtimes. Whitespace and syntax minification only: measured to load faster
 * than full minification (identifier mangling costs parse time) and than no minification (bytes). Packages the
 * functions can never reach are left out (scripts/build/excluded-modules.ts).
 */
import { build, type BuildOptions, type Metafile } from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { SHEET_FONT_FILE, SHEET_FONT_LICENSE_FILE, SHEET_FONT_PACKAGE_PATH } from '../src/core/batch/files/sheet-font';
import { pagesOfAppJson } from '../src/core/policy/app-pages';
import { FUNCTIONS } from '../src/functions/catalog';
import { PRINT_SHEET_BUNDLE } from '../src/functions/print-sheet-bundle';
import { helperTarget } from '../src/installer/add/helpers-target';
import { detectProject } from '../src/installer/project/detect';
import { excludeUnreachableModules } from './build/excluded-modules';
import { buildPageHelpers, pageHelperFiles } from './build/page-helpers';

export const ROOT = path.resolve(__dirname, '..');

/** app.json's pages, baked into the functions as the default list of pages codes may open. */
export function appPages(): string[] {
  const appJson = path.join(ROOT, 'miniprogram/app.json');
  return existsSync(appJson) ? pagesOfAppJson(JSON.parse(readFileSync(appJson, 'utf8'))) : [];
}

/** Each function's `timeout` (seconds) in cloudbaserc.json, what `npm run deploy` deploys it with. */
export function deployedTimeouts(): Record<string, number> {
  const rcPath = path.join(ROOT, 'cloudbaserc.json');
  if (!existsSync(rcPath)) return {};
  const rc = JSON.parse(readFileSync(rcPath, 'utf8')) as { functions?: { name?: unknown; timeout?: unknown }[] };
  const timeouts: Record<string, number> = {};
  for (const f of rc.functions ?? []) {
    if (typeof f.name !== 'string' || f.timeout === undefined) continue;
    if (typeof f.timeout !== 'number' || !(f.timeout > 0)) throw new Error(`${rcPath}: timeout of function ${f.name} must be a positive number of seconds, got ${JSON.stringify(f.timeout)}`);
    timeouts[f.name] = f.timeout;
  }
  return timeouts;
}

/** esbuild's options for one function's bundle, the same for the build and for its tests. */
export function bundleOptions(name: string, pages: string[] = appPages(), timeouts: Record<string, number> = deployedTimeouts()): BuildOptions {
  const entry = path.join(ROOT, 'src/functions', `${name}.ts`);
  if (!existsSync(entry)) throw new Error(`no source for function ${name}: expected ${entry}`);
  return {
    entryPoints: [entry],
    outfile: path.join(ROOT, 'cloudfunctions', name, 'index.js'),
    bundle: true,
    platform: 'node',
    target: 'node16',
    format: 'cjs',
    minifyWhitespace: true,
    minifySyntax: true,
    // wxacodeBatch (codes, links, entries, the QPS pacer) had passed 1 MB: short local names bring it to 0.80 MB, and
    // keepNames keeps functions' and classes' .name (error classes, stack frames). The other functions keep their
    // names: measured, minified names did not start them faster (cold start CPU 0.44× unbundled as is, 0.46–0.50× minified)
    ...(name === 'wxacodeBatch' ? { minifyIdentifiers: true, keepNames: true } : {}),
    legalComments: 'none',
    define: {
      'process.env.WXACODE_BUILT_APP_PAGES': JSON.stringify(JSON.stringify(pages)),
      // retries must end before the platform's timeout kills the function (src/core/reliability/invocation-deadline.ts)
      'process.env.WXACODE_BUILT_TIMEOUT_SECONDS': JSON.stringify(String(timeouts[name] ?? '')),
    },
    plugins: [excludeUnreachableModules()],
    logLevel: 'warning',
    banner: { js: `// ${name}: built by scripts/build.ts from src/functions/${name}.ts; do not edit.` },
  };
}

/** What one function's bundle is made of (esbuild's metafile), without writing it. */
export async function bundleMetafile(name: string): Promise<Metafile> {
  const result = await build({ ...bundleOptions(name), write: false, metafile: true });
  return result.metafile;
}

export async function buildFunctions(names: readonly string[] = FUNCTIONS.map((f) => f.name)): Promise<void> {
  const pages = appPages();
  const timeouts = deployedTimeouts();
  await Promise.all(
    names.map(async (name) => {
      await build(bundleOptions(name, pages, timeouts));
      if (FUNCTIONS_WITH_SHEET_FONT.includes(name)) {
        await build(printSheetBundleOptions(name));
        copySheetFont(name);
      }
    }),
  );
}

/** Functions that make print sheets; they read the label font from a file beside their bundle. */
export const FUNCTIONS_WITH_SHEET_FONT: readonly string[] = ['wxacodeBatch'];

/**
 * The print sheet (pdf-lib, fontkit, the font subsetter: 2 MB) as a bundle of its own beside index.js, which
 * loads it on the first sheet, so worker slices that never make one do not parse it on every cold start.
 */
export function printSheetBundleOptions(name: string): BuildOptions {
  const { define: _define, banner: _banner, ...shared } = bundleOptions(name);
  return {
    ...shared,
    entryPoints: [path.join(ROOT, 'src/core/batch/files/print-sheet.ts')],
    outfile: path.join(ROOT, 'cloudfunctions', name, PRINT_SHEET_BUNDLE),
    banner: { js: `// ${name}'s print sheet: built by scripts/build.ts from src/core/batch/files/print-sheet.ts; do not edit.` },
  };
}

/**
 * The print sheet's font (Noto Sans SC, 10.6 MB, SIL OFL) goes beside the bundle as a file, not into it: only a
 * sheet reads it, so the function's cold start does not parse 10 MB of JavaScript string.
 */
export function copySheetFont(name: string): void {
  const font = require.resolve(SHEET_FONT_PACKAGE_PATH);
  copyFileSync(font, path.join(ROOT, 'cloudfunctions', name, SHEET_FONT_FILE));
  // the SIL Open Font License asks that the licence travel with the font
  copyFileSync(path.join(path.dirname(font), '..', 'LICENSE_FONT'), path.join(ROOT, 'cloudfunctions', name, SHEET_FONT_LICENSE_FILE));
}

/**
 * The page helpers (src/page-helpers/ with the scene codec) in the three forms `add` writes (page-helpers/, shipped
 * in the package), and the sample mini program set up as `add` sets up any project: the helpers at the place and in
 * the form helperTarget chooses for it (miniprogram/wxacode/, TypeScript; git-ignored, like any generated file).
 */
export function buildHelpers(): string {
  buildPageHelpers(ROOT);
  const { dir, form } = helperTarget(detectProject(ROOT));
  const target = path.join(ROOT, dir);
  rmSync(target, { recursive: true, force: true });
  for (const [file, text] of pageHelperFiles(ROOT, form)) {
    mkdirSync(path.dirname(path.join(target, file)), { recursive: true });
    writeFileSync(path.join(target, file), text);
  }
  return dir;
}

if (require.main === module) {
  const started = Date.now();
  buildFunctions()
    .then(() => buildHelpers())
    .then((helpers) => console.log(`built ${FUNCTIONS.length} functions into cloudfunctions/, the page helpers into page-helpers/ and ${helpers}/ in ${Date.now() - started} ms`))
    .catch((error) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    });
}
