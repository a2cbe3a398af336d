import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { BatchApi, ItemProblem } from '../core/batch/contract';
import { MAX_UPLOAD_PART_BYTES } from '../core/batch/contract';
import { FILE_PROBLEM_INDEX, itemsFormatOfName, parseItemsText, type ItemsFormat } from '../core/batch/files/parse-items';
import { validateItems } from '../core/batch/validate-items';
import { BatchCliError } from './errors';

export interface CheckedInput {
  text: string;
  format: ItemsFormat;
  labels: string[];
  /** problems of items the server will skip (with --skip-invalid) */
  skipped: ItemProblem[];
}

export interface JobOptions {
  api: BatchApi;
  skipInvalid: boolean;
}

/**
 * Reads and checks the items file before anything is uploaded: the same parser and the same rules as wxacodeBatch,
 * so a bad file is refused here with every line at fault, and costs no request. (The app's page list is checked by
 * the function only: it knows the deployed app.json.)
 */
export function readAndCheckInput(path: string, options: JobOptions): CheckedInput {
  const format = itemsFormatOfName(path);
  if (!format) throw new BatchCliError(`${basename(path)}: the items file must end in .csv or .json`, 2);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new BatchCliError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, 2);
  }
  const parsed = parseItemsText(text, format);
  const fileProblems = parsed.problems.filter((p) => p.index === FILE_PROBLEM_INDEX);
  const { prepared, problems } = fileProblems.length > 0 ? { prepared: [], problems: [] } : validateItems(options.api, {}, parsed.items, { lines: parsed.lines });
  const all = mergeProblems([...parsed.problems, ...problems]);
  if (fileProblems.length > 0 || (all.length > 0 && !options.skipInvalid)) {
    throw new BatchCliError(describeProblems(path, all, all.length) + (fileProblems.length > 0 ? '' : '\nFix them, or pass --skip-invalid to make the others.'), 1);
  }
  if (prepared.length === 0) throw new BatchCliError(`${basename(path)} has no items to make: add rows under the header`, 1);
  return { text, format, labels: prepared.map((item) => item.label), skipped: all };
}

/** A parse problem and a rule problem about the same item and field say the same thing twice: keep the first. */
function mergeProblems(problems: ItemProblem[]): ItemProblem[] {
  const seen = new Set<string>();
  return problems
    .filter((p) => {
      const key = `${p.index}:${p.field}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .sort((a, b) => a.index - b.index);
}

const SHOWN_PROBLEMS = 50;

export function describeProblems(path: string, problems: readonly ItemProblem[], count: number): string {
  const lines = problems.slice(0, SHOWN_PROBLEMS).map((p) => {
    const where = p.line !== undefined ? `line ${p.line}` : p.index === FILE_PROBLEM_INDEX ? 'file' : `item ${p.index}`;
    return `  ${basename(path)}:${where}${p.label ? ` (${p.label})` : ''}: ${p.errMsg} [${p.errCode}]`;
  });
  const more = count > lines.length ? `\n  … and ${count - lines.length} more` : '';
  return `${basename(path)}: ${count} problem${count === 1 ? '' : 's'}, nothing was submitted:\n${lines.join('\n')}${more}`;
}

/**
 * The job's key: the same file with the same options is the same job, so running the command again resumes it;
 * an edited file is a new job.
 */
export function jobKeyOf(text: string, options: JobOptions): string {
  const hash = createHash('sha256').update(JSON.stringify({ v: 1, api: options.api, skipInvalid: options.skipInvalid })).update('\n').update(text).digest('hex');
  return `cli-${hash.slice(0, 48)}`;
}

/** The file in parts of at most MAX_UPLOAD_PART_BYTES of UTF-8 each, never splitting a character. */
export function uploadParts(text: string, maxBytes = MAX_UPLOAD_PART_BYTES): string[] {
  const parts: string[] = [];
  let start = 0;
  while (start < text.length) {
    // a UTF-16 unit is at most 3 bytes of UTF-8 (a surrogate pair is 4 bytes for 2 units)
    let end = Math.min(text.length, start + Math.floor(maxBytes / 3));
    if (end < text.length && isHighSurrogate(text.charCodeAt(end - 1))) end--;
    // grow while it still fits
    while (end < text.length && Buffer.byteLength(text.slice(start, end + 1024)) <= maxBytes) {
      end = Math.min(text.length, end + 1024);
      if (end < text.length && isHighSurrogate(text.charCodeAt(end - 1))) end--;
    }
    parts.push(text.slice(start, end));
    start = end;
  }
  return parts.length > 0 ? parts : [''];
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
