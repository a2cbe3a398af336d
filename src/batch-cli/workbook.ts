import { readSheet } from 'read-excel-file/node';
import type { TableCell, TableRow } from '../core/batch/files/parse-items';
import { BatchCliError } from './errors';

/**
 * The rows of an Excel workbook's sheet (the first, or the one named), as the spreadsheet shows them: text cells as
 * text, number and boolean cells as numbers and booleans, a formula as the value Excel saved with it (its cached
 * value; nothing is calculated here), a date as YYYY-MM-DD (or the ISO time when it has one). Each row keeps its row
 * number, so problems name the row the user sees in Excel.
 *
 * Read with read-excel-file (MIT, no published advisories, only fflate and a SAX parser under it), in the CLI only:
 * the workbook becomes items before upload, so wxacodeBatch never bundles a workbook reader.
 */
export async function readWorkbookRows(bytes: Buffer, fileName: string, sheetName?: string): Promise<TableRow[]> {
  let data: unknown[][];
  try {
    data = (await (sheetName === undefined ? readSheet(bytes) : readSheet(bytes, sheetName))) as unknown[][];
  } catch (error) {
    const message = (error as Error).message;
    if ((error as Error).name === 'SheetNotFoundError' || /sheet not found/i.test(message)) {
      throw new BatchCliError(`--sheet-name: ${fileName} has no sheet named ${JSON.stringify(sheetName)}; ${message.replace(/^.*?Available sheets:/, 'its sheets are:')}`, 2);
    }
    throw new BatchCliError(`${fileName}: cannot be read as an Excel workbook (.xlsx): ${message}. Save it from Excel as 「Excel 工作簿 (*.xlsx)」, or as 「CSV UTF-8(逗号分隔)」`, 2);
  }
  return data.map((cells, at) => ({ line: at + 1, cells: cells.map(cellOf) }));
}

function cellOf(value: unknown): TableCell {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (value instanceof Date) {
    const iso = value.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
  }
  return String(value);
}
