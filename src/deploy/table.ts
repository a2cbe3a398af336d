/** The summary `npm run deploy` ends with: one row per function. Pure. */
import stringWidth from 'string-width';
import { describeTriggers, type FunctionPlan } from './plan';

export type FunctionResult =
  | { status: 'deployed' }
  | { status: 'failed'; reason: string }
  | { status: 'skipped'; reason: string }
  | { status: 'not run (dry run)' };

export interface ResultRow {
  fn: FunctionPlan;
  result: FunctionResult;
}

export const TABLE_HEADER = ['function', 'trigger', 'HTTP path', 'result'] as const;

export function resultText(result: FunctionResult): string {
  return result.status === 'failed' || result.status === 'skipped' ? `${result.status}: ${result.reason}` : result.status;
}

export function renderTable(rows: readonly ResultRow[]): string {
  const cells = rows.map(({ fn, result }) => [fn.name, fn.triggers.length ? describeTriggers(fn.triggers) : '-', fn.httpPath ?? '-', resultText(result)]);
  const all = [[...TABLE_HEADER], ...cells];
  // the last column (the reason) is not padded: it may be long, and nothing follows it
  const widths = TABLE_HEADER.map((_, column) => Math.max(...all.map((row) => stringWidth(row[column]!))));
  const line = (row: readonly string[]) =>
    row
      .map((cell, column) => (column === row.length - 1 ? cell : cell + ' '.repeat(widths[column]! - stringWidth(cell))))
      .join(' | ')
      .trimEnd();
  const rule = widths.map((w, column) => '-'.repeat(column === widths.length - 1 ? TABLE_HEADER[column]!.length : w)).join('-|-');
  return [line(all[0]!), rule, ...cells.map(line)].join('\n');
}
