import path from 'node:path';
import { joinRel, type ProjectFiles } from './files';
import { normalizeRoot } from './normalize-root';
import { readTaroOutputRoot } from './pages/taro-app-config';
import type { ProjectConfig } from './project-config';

export type Framework = 'native-js' | 'native-ts' | 'taro' | 'uniapp';

/** Where a project's pages are written and in which language. */
export interface FrameworkLayout {
  framework: Framework;
  /** relative folder where the page sources live */
  sourceRoot: string;
  /** the file the pages are read from, relative to the project */
  pagesFile: string;
  /** TypeScript sources (the helpers are written as .ts) */
  typescript: boolean;
  /** Taro: the app.json its build writes, read when the source's pages cannot be (not built: absent) */
  builtAppJson?: string[];
}

/**
 * The folders a framework's sources may be in: the project folder, the folder above a build output that
 * miniprogramRoot names (Taro's `client/dist` → `client`; uni-app's `dist/dev/mp-weixin` or
 * `unpackage/dist/dev/mp-weixin` → the folder holding `dist`/`unpackage`), and each sub-folder of the project
 * (uni-app nested under `uniapp/`).
 */
function candidateAppFolders(files: ProjectFiles, config: ProjectConfig): string[] {
  const out = [''];
  const root = config.miniprogramRoot;
  const parts = root.split('/');
  const distAt = parts.findIndex((p) => p === 'dist' || p === 'unpackage');
  if (distAt >= 0) out.push(parts.slice(0, distAt).join('/'));
  else if (root) out.push(path.posix.dirname(root) === '.' ? '' : path.posix.dirname(root));
  for (const dir of files.listDirs('') ?? []) {
    if (dir.startsWith('.') || dir === 'node_modules' || dir === 'dist' || dir === 'unpackage') continue;
    out.push(dir);
  }
  return [...new Set(out)];
}

/**
 * Which framework made the project. Taro and uni-app are recognised by their own configuration in the source
 * tree, because their miniprogramRoot is build output (its app.json, when built, is a copy): Taro 3's
 * `src/app.config.ts|js`, Taro 1/2's app component `src/app.tsx|jsx|ts|js` (its `config` class property holds the
 * pages) in a folder whose package.json names @tarojs or that has Taro's config/index.js; uni-app's `pages.json`.
 * Otherwise the project is native: its app.json is in srcMiniprogramRoot, when that folder has one, else in
 * miniprogramRoot. Native TypeScript is an `app.ts` beside app.json, or, with neither app.ts nor app.js there,
 * the DevTools `useCompilerPlugins: ["typescript"]` setting; projects with the TypeScript plugin on and
 * JavaScript pages are JavaScript projects.
 */
export function detectFramework(files: ProjectFiles, config: ProjectConfig): FrameworkLayout | undefined {
  for (const folder of candidateAppFolders(files, config)) {
    const sourceRoot = joinRel(folder, 'src');
    const taro = (pagesFile: string, ext: string): FrameworkLayout => ({
      framework: 'taro',
      sourceRoot,
      pagesFile,
      typescript: ext.startsWith('ts') || files.isFile(joinRel(folder, 'tsconfig.json')),
      builtAppJson: taroBuiltAppJson(files, folder, config),
    });
    for (const ext of ['ts', 'js']) {
      const pagesFile = joinRel(sourceRoot, `app.config.${ext}`);
      if (files.isFile(pagesFile)) return taro(pagesFile, ext);
    }
    const classApp = ['tsx', 'jsx', 'ts', 'js'].find((ext) => files.isFile(joinRel(sourceRoot, `app.${ext}`)));
    if (classApp && isTaroFolder(files, folder)) return taro(joinRel(sourceRoot, `app.${classApp}`), classApp);
  }
  for (const folder of candidateAppFolders(files, config)) {
    for (const sourceRoot of [joinRel(folder, 'src'), folder]) {
      const pagesFile = joinRel(sourceRoot, 'pages.json');
      // pages.json with manifest.json beside it is uni-app's pair (uni-app 工程结构)
      if (files.isFile(pagesFile) && files.isFile(joinRel(sourceRoot, 'manifest.json'))) {
        const typescript = files.isFile(joinRel(folder, 'tsconfig.json')) || files.isFile(joinRel(sourceRoot, 'main.ts'));
        return { framework: 'uniapp', sourceRoot, pagesFile, typescript };
      }
    }
  }
  const nativeRoots = [config.srcMiniprogramRoot, config.miniprogramRoot].filter((r): r is string => r !== undefined);
  for (const sourceRoot of nativeRoots) {
    const pagesFile = joinRel(sourceRoot, 'app.json');
    if (!files.isFile(pagesFile)) continue;
    const hasTs = files.isFile(joinRel(sourceRoot, 'app.ts'));
    const hasJs = files.isFile(joinRel(sourceRoot, 'app.js'));
    const typescript = hasTs || (!hasJs && config.typescriptPlugin);
    return { framework: typescript ? 'native-ts' : 'native-js', sourceRoot, pagesFile, typescript };
  }
  return undefined;
}

/** A Taro project folder: its package.json depends on @tarojs/*, or it has Taro's build configuration. */
function isTaroFolder(files: ProjectFiles, folder: string): boolean {
  const pkg = files.readText(joinRel(folder, 'package.json'));
  if (pkg !== undefined && pkg.includes('"@tarojs/')) return true;
  return files.isFile(joinRel(folder, 'config', 'index.js')) || files.isFile(joinRel(folder, 'config', 'index.ts'));
}

/**
 * Where Taro's build writes app.json: the folder's outputRoot (config/index.js|ts, when it names one as a
 * literal; Taro's default `dist`), then miniprogramRoot, which DevTools opens and so is that output too.
 */
function taroBuiltAppJson(files: ProjectFiles, folder: string, config: ProjectConfig): string[] {
  let outputRoot = 'dist';
  for (const name of ['index.js', 'index.ts']) {
    const text = files.readText(joinRel(folder, 'config', name));
    const named = text === undefined ? undefined : readTaroOutputRoot(text);
    if (named === undefined) continue;
    try {
      outputRoot = normalizeRoot('outputRoot', named) || 'dist';
    } catch {
      // an outputRoot outside the folder: Taro's default is the better guess
    }
    break;
  }
  return [...new Set([joinRel(folder, outputRoot, 'app.json'), joinRel(config.miniprogramRoot, 'app.json')])];
}
