import type { ManifestRow } from '../contract';
import { csvTextCell, quoteCsvCell } from './csv-cell';

/** The manifest's columns, in order; the CSV's header and the JSON rows' keys. */
export const MANIFEST_COLUMNS = ['label', 'scene', 'sceneMode', 'fileID', 'status', 'errCode', 'errMsg'] as const satisfies readonly (keyof ManifestRow)[];
/** A link job's manifest: each link and when it stops opening instead of an image file. */
export const LINK_MANIFEST_COLUMNS = ['label', 'link', 'expiresAt', 'linkId', 'scene', 'sceneMode', 'status', 'errCode', 'errMsg'] as const satisfies readonly (keyof ManifestRow)[];

/** The columns of a manifest: a link job's rows carry `link`. */
export function manifestColumnsOf(rows: readonly ManifestRow[]): readonly (keyof ManifestRow)[] {
  return rows.some((row) => row.link !== undefined) ? LINK_MANIFEST_COLUMNS : MANIFEST_COLUMNS;
}

/**
 * The manifest as CSV, one row per item in item order. It starts with a UTF-8 byte order mark because Excel, which
 * many teams open it with, otherwise reads UTF-8 as the local code page and garbles Chinese labels. Text cells
 * that a spreadsheet would take for a formula (a label "=1+1") are neutralized (csv-cell.ts); errCode is a number.
 * Scenes are neutralized too: a stored scene starts with `@` and a raw one may be `=1+1` or `-1` (WeChat's scene
 * characters include = + - @), and a spreadsheet opening the CSV reads those cells as formulas (#NAME? at best) —
 * they can be interpreted in the CSV's context, so they are not exempt. fileIDs start with `cloud://` and are never
 * changed. The exact values are in manifest.json and, for the CLI, in manifest.xlsx (typed text cells): those are
 * the files to import into a system; the CSV is for people to open.
 */
export function manifestCsv(rows: readonly ManifestRow[]): string {
  const columns = manifestColumnsOf(rows);
  const lines = [columns.join(',')];
  for (const row of rows) {
    lines.push(columns.map((column) => (column === 'errCode' ? quoteCsvCell(String(row.errCode)) : csvTextCell(String(row[column] ?? '')))).join(','));
  }
  return `\ufeff${lines.join('\r\n')}\r\n`;
}

/** The manifest as a JSON array, one row per line so that it diffs and greps well. */
export function manifestJson(rows: readonly ManifestRow[]): string {
  if (rows.length === 0) return '[]\n';
  const columns = manifestColumnsOf(rows);
  return `[\n${rows.map((row) => JSON.stringify(pick(row, columns))).join(',\n')}\n]\n`;
}

/** Only the manifest's columns, in their order (rows from the results page also carry tempFileURL). */
function pick(row: ManifestRow, columns: readonly (keyof ManifestRow)[]): Partial<ManifestRow> {
  return Object.fromEntries(columns.map((column) => [column, row[column] ?? ''])) as Partial<ManifestRow>;
}
