import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { BatchApi, ItemProblem } from '../core/batch/contract';
import { MAX_UPLOAD_PART_BYTES } from '../core/batch/contract';
import { decodeItemsBytes, type TextEncodingName } from '../core/batch/files/decode-text';
import { FILE_PROBLEM_INDEX, itemsFormatOfName, parseItemsText, parseTableRows, type ItemsFormat, type ParsedItems } from '../core/batch/files/parse-items';
import { validateItems } from '../core/batch/validate-items';
import { BatchCliError } from './errors';
import { readWorkbookRows } from './workbook';

export interface CheckedInput {
  /** what is uploaded: the file's text as UTF-8, or a workbook's items as JSON */
  text: string;
  format: ItemsFormat;
  /** how the file was read: UTF-8, GB18030 (GBK) or an Excel workbook */
  readAs: TextEncodingName | 'xlsx';
  labels: string[];
  /** each valid item's fields by label (its event with sceneData's fields beside them): a tent's subtitle column */
  fieldsByLabel: Map<string, Record<string, unknown>>;
  /** problems of items the server will skip (with --skip-invalid) */
  skipped: ItemProblem[];
}

export interface JobOptions {
  api: BatchApi;
  skipInvalid: boolean;
  /** a workbook's sheet (default: the first) */
  sheetName?: string;
  sceneMode?: 'stored';
}

/** The file names the CLI reads: CSV and JSON as the function does, and Excel workbooks, turned into items here. */
export function inputFormatOfName(name: string): ItemsFormat | 'xlsx' | null {
  return name.toLowerCase().endsWith('.xlsx') ? 'xlsx' : itemsFormatOfName(name);
}

/**
 * Reads and checks the items file before anything is uploaded: the same parser and the same rules as wxacodeBatch,
 * so a bad file is refused here with every line at fault, and costs no request. (The app's page list is checked by
 * the function only: it knows the deployed app.json.)
 */
export async function readAndCheckInput(path: string, options: JobOptions): Promise<CheckedInput> {
  const inputFormat = inputFormatOfName(path);
  if (path.toLowerCase().endsWith('.xls')) {
    throw new BatchCliError(`${basename(path)}: the old .xls format is not read; open it in Excel and save it as 「Excel 工作簿 (*.xlsx)」 or 「CSV UTF-8(逗号分隔)」`, 2);
  }
  if (!inputFormat) throw new BatchCliError(`${basename(path)}: the items file must end in .csv, .json or .xlsx`, 2);
  if (options.sheetName !== undefined && inputFormat !== 'xlsx') throw new BatchCliError(`--sheet-name: only for an Excel workbook (.xlsx); ${basename(path)} is ${inputFormat.toUpperCase()}`, 2);
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new BatchCliError(code === 'ENOENT' ? `no such file: ${path}; check the path` : `cannot read ${path}: ${code ?? (error as Error).message}`, 2);
  }
  let parsed: ParsedItems;
  let text: string | undefined;
  let readAs: CheckedInput['readAs'];
  if (inputFormat === 'xlsx') {
    parsed = parseTableRows(await readWorkbookRows(bytes, basename(path), options.sheetName));
    readAs = 'xlsx';
  } else {
    const decoded = decodeItemsBytes(bytes);
    if (!decoded.ok) throw new BatchCliError(describeProblems(path, [decoded.problem], 1), 1);
    text = decoded.text;
    readAs = decoded.encoding;
    parsed = parseItemsText(text, inputFormat);
  }
  const fileProblems = parsed.problems.filter((p) => p.index === FILE_PROBLEM_INDEX);
  const { prepared, problems } = fileProblems.length > 0 ? { prepared: [], problems: [] } : validateItems(options.api, {}, parsed.items, { lines: parsed.lines });
  const all = mergeProblems([...parsed.problems, ...problems]);
  const where = readAs === 'xlsx' ? 'row' : 'line';
  if (fileProblems.length > 0 || (all.length > 0 && !options.skipInvalid)) {
    throw new BatchCliError(describeProblems(path, all, all.length, where) + (fileProblems.length > 0 ? '' : '\nFix them, or pass --skip-invalid to make the others.'), 1);
  }
  if (prepared.length === 0) throw new BatchCliError(`${basename(path)} has no items to make: add rows under the header`, 1);
  const fieldsByLabel = new Map(
    prepared.map((item) => {
      const { sceneData, ...event } = item.event as Record<string, unknown> & { sceneData?: Record<string, unknown> };
      return [item.label, { ...event, ...(sceneData ?? {}) }];
    }),
  );
  // a workbook is uploaded as the items it holds (valid ones and invalid ones alike: --skip-invalid is the server's)
  const uploaded = text ?? `${JSON.stringify(parsed.items)}\n`;
  return { text: uploaded, format: inputFormat === 'xlsx' ? 'json' : inputFormat, readAs, labels: prepared.map((item) => item.label), fieldsByLabel, skipped: all };
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

export function describeProblems(path: string, problems: readonly ItemProblem[], count: number, lineWord: 'line' | 'row' = 'line'): string {
  const lines = problems.slice(0, SHOWN_PROBLEMS).map((p) => {
    const where = p.line !== undefined ? `${lineWord} ${p.line}` : p.index === FILE_PROBLEM_INDEX ? 'file' : `item ${p.index}`;
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
  const hash = createHash('sha256').update(JSON.stringify({ v: 1, api: options.api, skipInvalid: options.skipInvalid, ...(options.sceneMode ? { sceneMode: options.sceneMode } : {}) })).update('\n').update(text).digest('hex');
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
