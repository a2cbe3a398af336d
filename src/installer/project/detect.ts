import path from 'node:path';
import { diskProjectFiles, joinRel, type ProjectFiles } from './files';
import { detectFramework, type Framework, type FrameworkLayout } from './framework';
import { appJsonPage, pagesOfConfig, uniPage } from './pages/subpackage-pages';
import type { GivenPages } from './pages/pages-option';
import { readTaroAppConfig, readTaroClassConfig } from './pages/taro-app-config';
import { parseJsonc, readProjectConfig } from './project-config';
import { ProjectError } from './project-error';

export { ProjectError } from './project-error';
export type { Framework } from './framework';
export { readPagesOption, type GivenPages } from './pages/pages-option';

export interface DetectedProject {
  /** absolute project folder */
  root: string;
  appid?: string;
  /** relative, normalized, no trailing slash ('' = project root) */
  miniprogramRoot: string;
  /** relative folder where page sources live (srcMiniprogramRoot, Taro's src, uni-app's src) */
  sourceRoot: string;
  /** relative, normalized; undefined when the project has none */
  cloudfunctionRoot?: string;
  framework: Framework;
  /** the page sources are TypeScript: helpers are written as .ts */
  typescript: boolean;
  /** the file the pages were read from, relative (or "--pages" / the file given with it) */
  pagesFile: string;
  /** main package first, then subpackages with root prefixed, as WeChat addresses them */
  pages: string[];
  /** folders in cloudfunctionRoot with a package.json */
  functions: string[];
}

/** Reads the mini program project in `dir`; throws ProjectError saying what is wrong and what to do. */
export function detectProject(dir: string, options: DetectOptions = {}): DetectedProject {
  const root = path.resolve(dir);
  return detectProjectFiles(diskProjectFiles(root), root, options);
}

export interface DetectOptions {
  /** pages the user gave (`--pages`), used instead of those the project's files list */
  pages?: GivenPages;
}

/** detectProject over any file port: pure, for tests and for planning. */
export function detectProjectFiles(files: ProjectFiles, root: string, options: DetectOptions = {}): DetectedProject {
  const config = readProjectConfig(files, root);
  const layout = detectFramework(files, config);
  if (!layout) {
    const where = config.miniprogramRoot ? `${config.miniprogramRoot}/app.json` : 'app.json';
    throw new ProjectError(
      `${root}: found project.config.json but no app's pages: no ${where} (native), no src/app.config.ts|js or src/app.tsx|jsx|ts|js beside a Taro package.json (Taro), ` +
        'no pages.json with manifest.json (uni-app), in the project folder, its sub-folders or the folder above miniprogramRoot. Check miniprogramRoot in project.config.json',
    );
  }
  const { pages, pagesFile } = options.pages ? { pages: options.pages.pages, pagesFile: options.pages.from } : readPages(files, layout);

  const functionsRoot = config.cloudfunctionRoot;
  const functions =
    functionsRoot === undefined
      ? []
      : (files.listDirs(functionsRoot) ?? []).filter((name) => files.isFile(joinRel(functionsRoot, name, 'package.json'))).sort();
  return {
    root,
    appid: config.appid,
    miniprogramRoot: config.miniprogramRoot,
    sourceRoot: layout.sourceRoot,
    cloudfunctionRoot: functionsRoot,
    framework: layout.framework,
    typescript: layout.typescript,
    pagesFile,
    pages,
    functions,
  };
}

/**
 * The app's pages from the file the framework lists them in. Taro's (app.config, or Taro 1/2's class `config`)
 * is code read without running it; when its pages cannot be read that way, the app.json Taro's build wrote is
 * read instead, and when there is none the message names every file looked at and the two ways forward.
 */
function readPages(files: ProjectFiles, layout: FrameworkLayout): { pages: string[]; pagesFile: string } {
  const text = files.readText(layout.pagesFile) ?? '';
  if (layout.framework !== 'taro') {
    const pages = pagesOfConfig(parseJsonc(text, layout.pagesFile), layout.framework === 'uniapp' ? uniPage : appJsonPage);
    if (pages.length === 0) throw new ProjectError(`${layout.pagesFile}: lists no pages; a mini program needs at least one`);
    return { pages, pagesFile: layout.pagesFile };
  }
  const read = /\/app\.config\.[jt]s$/.test(layout.pagesFile) ? readTaroAppConfig : readTaroClassConfig;
  let sourceProblem: string;
  try {
    const pages = pagesOfConfig(read(text, layout.pagesFile), appJsonPage);
    if (pages.length > 0) return { pages, pagesFile: layout.pagesFile };
    sourceProblem = `${layout.pagesFile}: lists no pages`;
  } catch (error) {
    if (!(error instanceof ProjectError)) throw error;
    sourceProblem = error.message;
  }
  const built = layout.builtAppJson ?? [];
  for (const appJson of built) {
    const json = files.readText(appJson);
    if (json === undefined) continue;
    const pages = pagesOfConfig(parseJsonc(json, appJson), appJsonPage);
    if (pages.length > 0) return { pages, pagesFile: appJson };
  }
  const appFolder = layout.sourceRoot.replace(/\/?src$/, '') || '.';
  throw new ProjectError(
    `no pages could be read. Looked at:\n` +
      `  - ${sourceProblem}\n` +
      built.map((f) => `  - ${f}: not there (the app has not been built)\n`).join('') +
      `Build the app once for WeChat (in ${appFolder}/: npm run build:weapp, or your build script), then run add again to read ${built[0] ?? 'its app.json'}; ` +
      'or pass the pages: --pages pages/index/index,pages/mine/mine (main package and subpackage pages as WeChat addresses them), or --pages <file> (an app.json, or one page a line)',
  );
}
