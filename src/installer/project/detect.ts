import path from 'node:path';
import { diskProjectFiles, joinRel, type ProjectFiles } from './files';
import { detectFramework, type Framework } from './framework';
import { appJsonPage, pagesOfConfig, uniPage } from './pages/subpackage-pages';
import { readTaroAppConfig } from './pages/taro-app-config';
import { parseJsonc, readProjectConfig } from './project-config';
import { ProjectError } from './project-error';

export { ProjectError } from './project-error';
export type { Framework } from './framework';

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
  /** the file the pages were read from, relative */
  pagesFile: string;
  /** main package first, then subpackages with root prefixed, as WeChat addresses them */
  pages: string[];
  /** folders in cloudfunctionRoot with a package.json */
  functions: string[];
}

/** Reads the mini program project in `dir`; throws ProjectError saying what is wrong and what to do. */
export function detectProject(dir: string): DetectedProject {
  const root = path.resolve(dir);
  return detectProjectFiles(diskProjectFiles(root), root);
}

/** detectProject over any file port: pure, for tests and for planning. */
export function detectProjectFiles(files: ProjectFiles, root: string): DetectedProject {
  const config = readProjectConfig(files, root);
  const layout = detectFramework(files, config);
  if (!layout) {
    const where = config.miniprogramRoot ? `${config.miniprogramRoot}/app.json` : 'app.json';
    throw new ProjectError(
      `${root}: found project.config.json but no app's pages: no ${where} (native), no src/app.config.ts|js (Taro), no pages.json with manifest.json (uni-app). ` +
        'Check miniprogramRoot in project.config.json',
    );
  }
  const text = files.readText(layout.pagesFile) ?? '';
  const pages =
    layout.framework === 'taro'
      ? pagesOfConfig(readTaroAppConfig(text, layout.pagesFile), appJsonPage)
      : pagesOfConfig(parseJsonc(text, layout.pagesFile), layout.framework === 'uniapp' ? uniPage : appJsonPage);
  if (pages.length === 0) throw new ProjectError(`${layout.pagesFile}: lists no pages; a mini program needs at least one`);

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
    pagesFile: layout.pagesFile,
    pages,
    functions,
  };
}
