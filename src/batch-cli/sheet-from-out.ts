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
export interface SheetExtras {
  /** each item's fields by label, for --subtitle-column */
  fieldsByLabel?: ReadonlyMap<string, Record<string, unknown>>;
  /** --logo: a PNG or JPEG file */
  logo?: string;
}

export async function writeSheetFromOut(out: string, options: SheetOptions, extras: SheetExtras = {}): Promise<{ path: string; codes: number }> {
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
  const column = options.subtitleColumn;
  if (column !== undefined) {
    const fields = extras.fieldsByLabel ?? new Map<string, Record<string, unknown>>();
    if (![...fields.values()].some((item) => item[column] !== undefined)) {
      const known = [...new Set([...fields.values()].flatMap((item) => Object.keys(item)))].filter((key) => key !== 'label');
      throw new BatchCliError(`--subtitle-column: no item has a field ${JSON.stringify(column)}; the items' fields are: ${known.join(', ') || '(none)'}. Name a column of the items file, e.g. shop`, 2);
    }
    for (const code of codes) {
      const value = fields.get(code.label)?.[column];
      code.subtitle = value === undefined || value === null ? '' : String(value);
    }
  }
  let logo: Uint8Array | undefined;
  if (extras.logo !== undefined) {
    try {
      logo = readFileSync(extras.logo);
    } catch (error) {
      throw new BatchCliError(`--logo: cannot read ${extras.logo} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); give a PNG or JPEG file`, 2);
    }
  }
  if (missing.length > 0) {
    throw new BatchCliError(`${missing.length} image(s) of the manifest are not in ${out} (${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', …' : ''}): run npm run batch -- <file> again to download them`);
  }
  if (codes.length === 0) throw new BatchCliError(`no codes in ${out} to put on a sheet: the manifest has no made or cached item`);
  let pdf: Uint8Array;
  try {
    const { subtitleColumn: _column, logoFileID: _logo, ...layout } = options;
    pdf = await buildPrintSheet(codes, layout, undefined, logo);
  } catch (error) {
    const e = error as { errCode?: number; errMsg?: string; message: string };
    throw new BatchCliError(`cannot lay out the sheet: ${e.errMsg ?? e.message}`, 2);
  }
  const path = join(out, SHEET_PDF);
  writeFileSync(path, pdf);
  return { path, codes: codes.length };
}
