import { buildSync } from 'esbuild';
import { join } from 'node:path';
import { REPO_ROOT } from './functions-emulator';

/**
 * The mini program's pages are typed against miniprogram-api-typings (globals `wx`, `Page`, and a `require`
 * that clashes with @types/node), so this node-side program cannot import them: tsc and ts-jest would reject
 * `wx`. They are type-checked where they belong, by the `miniprogram` jest project and its tsconfig. Here the
 * page is compiled the way DevTools ships it, to plain JavaScript (esbuild, as the cloud functions are built),
 * with the scene codec copy in miniprogram/lib/ that the build puts there, and only its shape is declared.
 */

/** The data of pages/index/index that the user sees (mirrors IndexData in index-page.ts). */
export interface IndexPageData {
  status: 'empty' | 'loading' | 'ready' | 'error';
  scene: string;
  sceneMode: '' | 'inline' | 'stored';
  fields: { name: string; value: string; type: 'string' | 'number' | 'boolean' }[];
  errCode: number;
  errMsg: string;
}

/** The options createIndexPage() hands to Page(). */
export interface IndexPageOptions {
  data: IndexPageData;
  onLoad(query: Record<string, string | undefined>): Promise<void>;
  onShow(): Promise<void>;
}

const INDEX_PAGE_SOURCE = join(REPO_ROOT, 'miniprogram', 'pages', 'index', 'index-page.ts');

let compiled: string | undefined;

/** createIndexPage() of the real page, reading `wx` from the global object at call time like the runtime. */
export function loadCreateIndexPage(): () => IndexPageOptions {
  compiled ??= buildSync({
    entryPoints: [INDEX_PAGE_SOURCE],
    bundle: true,
    format: 'cjs',
    platform: 'neutral',
    target: 'es2020',
    write: false,
    logLevel: 'silent',
  }).outputFiles[0].text;
  const module = { exports: {} as { createIndexPage?: () => IndexPageOptions } };
  new Function('module', 'exports', compiled)(module, module.exports);
  if (typeof module.exports.createIndexPage !== 'function') throw new Error(`${INDEX_PAGE_SOURCE} no longer exports createIndexPage`);
  return module.exports.createIndexPage;
}

/** The scene data a page shows, read back from its fields with their types, to compare with what went in. */
export function shownSceneData(fields: IndexPageData['fields']): Record<string, string | number | boolean> {
  const shown: Record<string, string | number | boolean> = {};
  for (const { name, value, type } of fields) {
    shown[name] = type === 'number' ? Number(value) : type === 'boolean' ? value === 'true' : value;
  }
  return shown;
}
