import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { WxacodeError } from '../../../core/errors';
import { checkPage } from '../../../core/validation/rules/page';
import { parseJsonc } from '../project-config';
import { ProjectError } from '../project-error';
import { appJsonPage, pagesOfConfig } from './subpackage-pages';

/** Pages given by the user (`--pages`) instead of read from the project, and where they came from. */
export interface GivenPages {
  pages: string[];
  /** for messages and the report: "--pages" or the file */
  from: string;
}

/**
 * `--pages`: a file or a comma-separated list. A file is an app.json (pages and subpackages, as WeChat addresses
 * them), a JSON array of pages, or text with one page a line (commas allowed too). A value that names no file
 * is a list; one that looks like a file name (.json, .txt) and is missing is an error, not a page.
 */
export function readPagesOption(value: string, cwd: string): GivenPages {
  const file = path.resolve(cwd, value);
  const isFile = existsSync(file) && statSync(file).isFile();
  if (!isFile && /\.(json|txt)$/i.test(value)) throw new ProjectError(`--pages ${value}: no such file (${file})`);
  if (!isFile) return { pages: checkedPages(value.split(','), '--pages'), from: '--pages' };
  const text = readFileSync(file, 'utf8');
  const from = path.relative(cwd, file) || file;
  if (/\.json$/i.test(file)) {
    const json = parseJsonc(text, from);
    const entries = Array.isArray(json) ? json : pagesOfConfig(json, appJsonPage);
    if (Array.isArray(json) && json.some((p) => typeof p !== 'string')) throw new ProjectError(`${from}: a JSON list of pages must hold strings only, such as "pages/index/index"`);
    return { pages: checkedPages(entries as string[], from), from };
  }
  return { pages: checkedPages(text.split(/[\r\n,]+/), from), from };
}

function checkedPages(entries: string[], from: string): string[] {
  const pages: string[] = [];
  for (const raw of entries) {
    const page = raw.trim().replace(/^\/+|\/+$/g, '');
    if (page === '') continue;
    try {
      checkPage(page, `${from}: page`);
    } catch (error) {
      if (error instanceof WxacodeError) throw new ProjectError(error.errMsg);
      throw error;
    }
    if (/\s/.test(page)) throw new ProjectError(`${from}: page ${JSON.stringify(page)} holds a space; pages are paths such as "pages/index/index", separated by commas or lines`);
    pages.push(page);
  }
  if (pages.length === 0) throw new ProjectError(`${from}: lists no pages; give at least one, such as --pages pages/index/index`);
  return [...new Set(pages)];
}
