import { parse as parseCsv, CsvError } from 'csv-parse/sync';
import { ErrCode } from '../../errors';
import { describeReceived } from '../../validation/reject';
import { ITEM_PARAMETER_KEYS, type BatchItem, type ItemProblem, type ParsedItems } from '../contract';

export type ItemsFormat = 'csv' | 'json';
export type { ParsedItems };

/** index of a problem that belongs to the file rather than to one item (header, syntax) */
export const FILE_PROBLEM_INDEX = -1;

type ParameterKey = (typeof ITEM_PARAMETER_KEYS)[number];
type CellType = 'string' | 'number' | 'boolean';

const PARAMETER_TYPES: Record<ParameterKey, CellType | 'lineColor'> = {
  path: 'string',
  page: 'string',
  width: 'number',
  autoColor: 'boolean',
  lineColor: 'lineColor',
  isHyaline: 'boolean',
  checkPath: 'boolean',
  envVersion: 'string',
  // link jobs (wxacodeUrlLink / wxacodeUrlScheme / wxacodeShortLink's keys)
  query: 'string',
  expireType: 'number',
  expireTime: 'number',
  expireInterval: 'number',
  pageUrl: 'string',
  pageTitle: 'string',
  isPermanent: 'boolean',
  minValidSeconds: 'number',
};

type Column =
  | { kind: 'label' }
  | { kind: 'scene' }
  | { kind: 'parameter'; key: ParameterKey }
  | { kind: 'sceneData'; field: string; type: CellType; typed: boolean };

/** A cell as a table gives it: CSV cells are text; a workbook's number and boolean cells keep their type. */
export type TableCell = string | number | boolean;

/** One row of a table (CSV or workbook) with the 1-based line (CSV) or row number (workbook) it is on. */
export interface TableRow {
  cells: TableCell[];
  line: number;
}

const CSV_EXAMPLE = 'e.g. "label,scene,page" or "label,tableNo,shop:number"';

/**
 * Reads a batch's items from a CSV or JSON file's text, keeping each item's place in the file so every problem can
 * name its line (CSV: `lines[i]` is the 1-based line items[i] starts on, the header is line 1) or its index (JSON).
 * Problems of the file itself (header, syntax) have index FILE_PROBLEM_INDEX. Only the file's form is checked here;
 * the items' values go through the same validation rules as the functions' events afterwards.
 *
 * CSV: a header row with `label`, then `scene` or one column per sceneData field, and parameter columns
 * (path, page, width, autoColor, lineColor, isHyaline, checkPath, envVersion). sceneData cells stay strings unless
 * the header says `name:number` or `name:boolean`; empty cells are left out. JSON: an array of items, or
 * `{"items": [...]}`.
 */
export function parseItemsText(text: string, format: ItemsFormat): ParsedItems {
  const withoutBom = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  return format === 'csv' ? parseCsvItems(withoutBom) : parseJsonItems(withoutBom);
}

/** The format a file name says, or null. */
export function itemsFormatOfName(name: string): ItemsFormat | null {
  const lower = name.toLowerCase();
  if (lower.endsWith('.csv')) return 'csv';
  if (lower.endsWith('.json')) return 'json';
  return null;
}

function fileProblem(line: number | undefined, field: string, errMsg: string): ItemProblem {
  return { index: FILE_PROBLEM_INDEX, ...(line === undefined ? {} : { line }), field, errCode: ErrCode.INVALID_ARGS, errMsg: `${field}: ${errMsg}` };
}

// ---- CSV ----

type CsvRecord = TableRow;

function readCsvRecords(text: string): CsvRecord[] | ItemProblem {
  // One line ending throughout, so csv-parse's line count is the editor's; a newline inside a quoted cell is
  // counted back to give the line the record starts on.
  const normalized = text.replace(/\r\n?/g, '\n');
  let rows: { record: string[]; info: { lines: number } }[];
  try {
    rows = parseCsv(normalized, { info: true, skip_empty_lines: true, relax_column_count: true }) as unknown as typeof rows;
  } catch (error) {
    const line = error instanceof CsvError ? (error as CsvError & { lines?: number }).lines : undefined;
    const reason = error instanceof Error ? error.message : String(error);
    return fileProblem(line, 'file', `is not valid CSV: ${reason}. Quote cells that hold commas, quotes or line breaks ("a,b"), and double a quote inside one ("")`);
  }
  return rows.map(({ record, info }) => {
    const newlinesInside = record.reduce((sum, cell) => sum + (cell.match(/\n/g)?.length ?? 0), 0);
    return { cells: record.map((cell) => cell.trim()), line: info.lines - newlinesInside };
  });
}

function parseCsvItems(text: string): ParsedItems {
  const records = readCsvRecords(text);
  if (!Array.isArray(records)) return { items: [], problems: [records] };
  return parseTableRows(records);
}

/**
 * Items from a table's rows, the first being the header: the CSV reader's rows, or a workbook's (whose number and
 * boolean cells keep their type: in a sceneData column whose header names no type they stay numbers and booleans,
 * as the spreadsheet shows them). Rows with no cell filled are skipped, as CSV's empty lines are.
 */
export function parseTableRows(rows: readonly TableRow[]): ParsedItems {
  const records = rows
    .map((row) => ({ line: row.line, cells: row.cells.map((cell) => (typeof cell === 'string' ? cell.trim() : cell)) }))
    .filter((row) => row.cells.some((cell) => cell !== ''));
  if (records.length === 0) {
    return { items: [], problems: [fileProblem(1, 'header', `is missing: the file is empty. Start with a header row, ${CSV_EXAMPLE}`)] };
  }
  const [header, ...body] = records;
  const columns = readHeader(header);
  if (!Array.isArray(columns)) return { items: [], problems: columns.problems };

  const items: BatchItem[] = [];
  const problems: ItemProblem[] = [];
  const lines: number[] = [];
  body.forEach((record, index) => {
    lines.push(record.line);
    const label = String(record.cells[0] ?? '');
    const problem = (field: string, rule: string, received: unknown, hint?: string): void => {
      problems.push({
        index,
        line: record.line,
        ...(label ? { label } : {}),
        field,
        errCode: ErrCode.INVALID_ARGS,
        errMsg: `${field}: ${rule}; received ${describeReceived(received)}${hint ? `. ${hint}` : ''}`,
      });
    };
    if (record.cells.length !== columns.length) {
      problem(
        'row',
        `must have ${columns.length} cells like the header (${header.cells.join(',')})`,
        `${record.cells.length} cells`,
        'Quote a cell that holds a comma',
      );
    }
    const item: BatchItem = { label: '' };
    const sceneData: Record<string, string | number | boolean> = {};
    columns.forEach((column, at) => {
      const cell = record.cells[at] ?? '';
      if (column.kind === 'label') {
        item.label = String(cell);
        return;
      }
      if (cell === '') return;
      if (column.kind === 'scene') {
        item.scene = String(cell);
      } else if (column.kind === 'sceneData') {
        const value = !column.typed && typeof cell !== 'string' ? cell : readCell(cell, column.type);
        if (value === undefined) problem(`sceneData.${column.field}`, `must be ${describeType(column.type)} (the header says ${column.field}:${column.type})`, cell);
        else sceneData[column.field] = value;
      } else {
        const type = PARAMETER_TYPES[column.key];
        const value = type === 'lineColor' ? readLineColor(cell) : readCell(cell, type);
        if (value === undefined) {
          const hint = type === 'lineColor' ? 'Write it as "r,g,b" in quotes, e.g. "0,128,255", or as #0080ff' : undefined;
          problem(column.key, `must be ${type === 'lineColor' ? 'a color' : describeType(type)}`, cell, hint);
        } else {
          (item as unknown as Record<string, unknown>)[column.key] = value;
        }
      }
    });
    if (Object.keys(sceneData).length > 0) item.sceneData = sceneData;
    items.push(item);
  });
  return { items, problems, lines };
}

function readHeader(header: CsvRecord): Column[] | { problems: ItemProblem[] } {
  const problems: ItemProblem[] = [];
  const columns: Column[] = [];
  const seen = new Set<string>();
  header.cells.map(String).forEach((name, at) => {
    const where = `header column ${at + 1}`;
    const say = (rule: string, hint: string) =>
      problems.push(fileProblem(header.line, where, `${rule}; received ${describeReceived(name)}. ${hint}`));
    if (name === '') return say('must name the column', `Every column needs a name, ${CSV_EXAMPLE}`);
    if (seen.has(name)) return say('must not repeat a column name', 'Keep one column per name');
    seen.add(name);
    if (at === 0 && name !== 'label') {
      return say('must be "label", the name of each code', `Put label first, ${CSV_EXAMPLE}`);
    }
    if (name === 'label') return columns.push({ kind: 'label' });
    if (name === 'scene') return columns.push({ kind: 'scene' });
    if ((ITEM_PARAMETER_KEYS as readonly string[]).includes(name)) return columns.push({ kind: 'parameter', key: name as ParameterKey });
    const misspelt = [...ITEM_PARAMETER_KEYS, 'label', 'scene'].find(
      (key) => key.toLowerCase() === name.toLowerCase() || key.toLowerCase() === name.replace(/[_-]/g, '').toLowerCase(),
    );
    if (misspelt) return say('is not a parameter name', `Did you mean ${misspelt}? Column names are camelCase`);
    const [field, type = 'string', ...rest] = name.split(':');
    const typed = name.includes(':');
    if (rest.length > 0 || !['string', 'number', 'boolean'].includes(type)) {
      return say('must be a sceneData field name, optionally with :string, :number or :boolean', 'e.g. shop:number');
    }
    if (!/^[A-Za-z_][A-Za-z0-9_-]{0,63}$/.test(field)) {
      return say(
        'must be a sceneData field name: 1 to 64 letters, digits, _ and -, starting with a letter or _',
        `Any column that is not label, scene or a parameter (${ITEM_PARAMETER_KEYS.join(', ')}) is a sceneData field`,
      );
    }
    columns.push({ kind: 'sceneData', field, type: type as CellType, typed });
  });
  if (problems.length === 0 && !columns.some((c) => c.kind === 'label')) {
    problems.push(fileProblem(header.line, 'header', `must have a "label" column; received ${describeReceived(header.cells.join(','))}. ${CSV_EXAMPLE}`));
  }
  const sceneDataFields = new Set<string>();
  for (const column of columns) {
    if (column.kind !== 'sceneData') continue;
    if (sceneDataFields.has(column.field)) {
      problems.push(fileProblem(header.line, `header column ${column.field}`, `must not repeat a sceneData field; received ${column.field} twice. Keep one column per field`));
    }
    sceneDataFields.add(column.field);
  }
  return problems.length > 0 ? { problems } : columns;
}

function describeType(type: CellType): string {
  return type === 'number' ? 'a number' : type === 'boolean' ? 'true or false' : 'text';
}

function readCell(cell: TableCell, type: CellType): string | number | boolean | undefined {
  if (typeof cell !== 'string') {
    // a workbook's typed cell under a typed header: a number column takes numbers, a text column the cell as shown
    if (type === 'string') return String(cell);
    return typeof cell === type ? cell : readCell(String(cell), type);
  }
  if (type === 'string') return cell;
  if (type === 'boolean') {
    const lower = cell.toLowerCase();
    return lower === 'true' ? true : lower === 'false' ? false : undefined;
  }
  const number = Number(cell);
  return /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(cell) && Number.isFinite(number) ? number : undefined;
}

function readLineColor(raw: TableCell): { r: number; g: number; b: number } | undefined {
  const cell = String(raw);
  const hex = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(cell);
  if (hex) return { r: parseInt(hex[1], 16), g: parseInt(hex[2], 16), b: parseInt(hex[3], 16) };
  const parts = cell.split(',').map((part) => part.trim());
  if (parts.length !== 3 || !parts.every((part) => /^\d{1,3}$/.test(part))) return undefined;
  const [r, g, b] = parts.map(Number);
  // out-of-range channels are left for the lineColor rule to name
  return { r, g, b };
}

// ---- JSON ----

function parseJsonItems(text: string): ParsedItems {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const reason = (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ');
    const position = /position (\d+)/.exec(reason);
    // V8 names the position for some errors only
    const line = position ? text.slice(0, Number(position[1])).split('\n').length : undefined;
    return { items: [], problems: [fileProblem(line, 'file', `is not valid JSON: ${reason}. Give an array of items, or {"items": [...]}`)] };
  }
  let list: unknown = parsed;
  if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
    const extra = Object.keys(parsed).filter((key) => key !== 'items');
    if (extra.length > 0) {
      return { items: [], problems: [fileProblem(undefined, extra[0], `is not a known key of the file; received ${describeReceived((parsed as Record<string, unknown>)[extra[0]])}. The file takes {"items": [...]} or an array of items`)] };
    }
    list = (parsed as { items?: unknown }).items;
  }
  if (!Array.isArray(list)) {
    return { items: [], problems: [fileProblem(undefined, 'items', `must be an array of items; received ${describeReceived(list)}. Give [{"label": "A1", "scene": "table=1"}, ...]`)] };
  }
  const items: BatchItem[] = [];
  const problems: ItemProblem[] = [];
  list.forEach((value, index) => {
    if (!value || typeof value !== 'object' || Array.isArray(value)) {
      problems.push({ index, field: `items[${index}]`, errCode: ErrCode.INVALID_ARGS, errMsg: `items[${index}]: must be an object with a label; received ${describeReceived(value)}` });
      items.push({ label: '' });
      return;
    }
    items.push(value as BatchItem);
  });
  return { items, problems };
}
