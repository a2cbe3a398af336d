/** The page paths an app.json declares: `pages`, plus each subpackage's `root` + its `pages`. */
export function pagesOfAppJson(appJson: unknown): string[] {
  const app = (appJson ?? {}) as { pages?: unknown; subpackages?: unknown; subPackages?: unknown };
  const pages = Array.isArray(app.pages) ? app.pages.filter((p): p is string => typeof p === 'string') : [];
  const subpackages = [app.subpackages, app.subPackages].flatMap((s) => (Array.isArray(s) ? s : []));
  for (const sub of subpackages as { root?: unknown; pages?: unknown }[]) {
    if (typeof sub?.root !== 'string' || !Array.isArray(sub.pages)) continue;
    const root = sub.root.replace(/^\/+|\/+$/g, '');
    for (const page of sub.pages) if (typeof page === 'string') pages.push(`${root}/${page}`);
  }
  return pages;
}

/** Replaced with app.json's pages by scripts/build.ts (esbuild define); undefined when run unbundled. */
export function builtInAppPages(): string[] | undefined {
  const built = process.env.WXACODE_BUILT_APP_PAGES;
  return built ? (JSON.parse(built) as string[]) : undefined;
}
