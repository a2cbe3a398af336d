import writeXlsxFile, { type Row } from 'write-excel-file/node';
import type { ManifestRow } from '../core/batch/contract';
import { manifestColumnsOf } from '../core/batch/files/manifest';

/**
 * The manifest as an Excel workbook, for people and for importing into a team's own system: every cell is typed
 * text (`t="s"` in the sheet XML), so Excel, WPS and LibreOffice show it exactly and evaluate nothing, and no
 * value needs the quote the CSV puts before a formula trigger. A stored scene such as `@jd4ONG…` or a raw one
 * such as `=1+1` reads back character for character; errCode is text too ("-700201"), as it is an identifier,
 * not a quantity.
 *
 * Written with write-excel-file in the CLI only (the CLI bundle carries it; wxacodeBatch, which stores
 * manifest.csv and manifest.json in the cloud, does not).
 */
const COLUMN_WIDTHS: Partial<Record<keyof ManifestRow, number>> = { label: 24, scene: 36, sceneMode: 10, fileID: 60, status: 10, errCode: 10, errMsg: 48, link: 44, expiresAt: 26, linkId: 14 };

export async function manifestXlsx(rows: readonly ManifestRow[]): Promise<Buffer> {
  const text = (value: string) => ({ type: String, value });
  // a link job's manifest: label, link, expiresAt and the rest (see manifestColumnsOf)
  const columns = manifestColumnsOf(rows);
  const data: Row[] = [
    columns.map((column) => ({ ...text(column), fontWeight: 'bold' as const })),
    ...rows.map((row) => columns.map((column) => text(String(row[column] ?? '')))),
  ];
  return writeXlsxFile(data, {
    sheet: 'manifest',
    columns: columns.map((column) => ({ width: COLUMN_WIDTHS[column] ?? 12 })),
    stickyRowsCount: 1,
  }).toBuffer();
}
