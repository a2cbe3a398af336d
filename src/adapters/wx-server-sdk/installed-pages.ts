import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ErrCode, WxacodeError } from '../../core/errors';

/** The file `npx wxacode-cloudbase add` writes beside a function's bundle: the pages of the app it was added to. */
export const INSTALLED_PAGES_FILE = 'wxacode.pages.json';

/**
 * The pages of the project the function was added to, read once at cold start from the file beside the bundle,
 * so `add` can change them without rebuilding. Undefined when there is no such file (this repository's own
 * functions use the pages baked in at build time). A malformed file is an error naming it, never an open door.
 * WXACODE_ALLOWED_PAGES still overrides it (read-policy.ts).
 */
export function installedPages(dir: string = __dirname): string[] | undefined {
  const file = path.join(dir, INSTALLED_PAGES_FILE);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  let pages: unknown;
  try {
    pages = (JSON.parse(text) as { pages?: unknown }).pages;
  } catch {
    pages = undefined;
  }
  if (!Array.isArray(pages) || pages.some((p) => typeof p !== 'string' || p === '' || p.startsWith('/') || p.includes('?'))) {
    throw new WxacodeError(
      ErrCode.INTERNAL,
      `${INSTALLED_PAGES_FILE} beside the function must be {"pages": ["pages/index/index", …]}; run \`npx wxacode-cloudbase add\` again to rewrite it, then upload the function`,
    );
  }
  return pages as string[];
}
