import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ManifestRow, SheetOptions } from '../core/batch/contract';
import { buildPrintSheet, type SheetCode } from '../core/batch/files/print-sheet';
import { BatchCliError } from './errors';
import { existingImage, MANIFEST_JSON, SHEET_PDF } from './out-folder';

/**
 * sheet.pdf from the codes already in --out, in the manifest's order: every made or cached item with its label.
 * Reads manifest.json, which a finished run writes.
 */
export async function writeSheetFromOut(out: string, options: SheetOptions): Promise<{ path: string; codes: number }> {
  let rows: ManifestRow[];
  try {
    rows = JSON.parse(readFileSync(join(out, MANIFEST_JSON), 'utf8')) as ManifestRow[];
  } catch {
    throw new BatchCliError(`no ${MANIFEST_JSON} in ${out}: run npm run batch -- <file> first (it writes the manifest when the job has ended), or pass --out`);
  }
  const codes: SheetCode[] = [];
  const missing: string[] = [];
  for (const row of rows) {
    if (row.status !== 'made' && row.status !== 'cached') continue;
    const path = existingImage(out, row);
    if (!path) {
      missing.push(row.label);
      continue;
    }
    codes.push({ label: row.label, image: readFileSync(path), contentType: path.endsWith('.png') ? 'image/png' : 'image/jpeg' });
  }
  if (missing.length > 0) {
    throw new BatchCliError(`${missing.length} image(s) of the manifest are not in ${out} (${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', …' : ''}): run npm run batch -- <file> again to download them`);
  }
  if (codes.length === 0) throw new BatchCliError(`no codes in ${out} to put on a sheet: the manifest has no made or cached item`);
  let pdf: Uint8Array;
  try {
    pdf = await buildPrintSheet(codes, options);
  } catch (error) {
    const e = error as { errCode?: number; errMsg?: string; message: string };
    throw new BatchCliError(`cannot lay out the sheet: ${e.errMsg ?? e.message}`, 2);
  }
  const path = join(out, SHEET_PDF);
  writeFileSync(path, pdf);
  return { path, codes: codes.length };
}
