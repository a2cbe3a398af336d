/**
 * Every page of an app as WeChat addresses it: the main package's, then each subpackage's with its `root` in
 * front. Subpackages are read from `subpackages` and `subPackages` (WeChat accepts both spellings; 分包加载), and
 * independent subpackages (`independent: true`, 独立分包) have the same shape, so they are included. `toPath` turns
 * a page entry into its path: a string in app.json, `{ path }` in uni-app's pages.json.
 */
export function pagesOfConfig(config: unknown, toPath: (entry: unknown) => string | undefined): string[] {
  const app = (config ?? {}) as { pages?: unknown; subpackages?: unknown; subPackages?: unknown };
  const list = (v: unknown) => (Array.isArray(v) ? v.map(toPath).filter((p): p is string => typeof p === 'string' && p !== '') : []);
  const pages = list(app.pages).map(trimSlashes);
  for (const sub of [app.subpackages, app.subPackages].flatMap((s) => (Array.isArray(s) ? s : []))) {
    const { root, pages: subPages } = (sub ?? {}) as { root?: unknown; pages?: unknown };
    if (typeof root !== 'string') continue;
    const prefix = trimSlashes(root);
    for (const page of list(subPages)) pages.push(prefix ? `${prefix}/${trimSlashes(page)}` : trimSlashes(page));
  }
  return [...new Set(pages)];
}

function trimSlashes(s: string): string {
  return s.trim().replace(/^\/+|\/+$/g, '');
}

/** app.json: pages are strings. */
export const appJsonPage = (entry: unknown): string | undefined => (typeof entry === 'string' ? entry : undefined);

/** uni-app's pages.json: pages are `{ "path": "pages/index/index", "style": {…} }`. */
export const uniPage = (entry: unknown): string | undefined => {
  const p = (entry as { path?: unknown } | null)?.path;
  return typeof p === 'string' ? p : undefined;
};
