import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ManifestRow } from '../core/batch/contract';

export const MANIFEST_CSV = 'manifest.csv';
export const MANIFEST_JSON = 'manifest.json';
export const MANIFEST_XLSX = 'manifest.xlsx';
export const SHEET_PDF = 'sheet.pdf';

const EXTENSIONS = ['jpg', 'png'] as const;

/** The extension a code is stored with: its fileID's (content-addressed `…/<hash>.jpg|png`), or that of its type. */
export function imageExtension(fileID: string, contentType = ''): 'jpg' | 'png' | null {
  const fromId = /\.(jpe?g|png)$/i.exec(fileID)?.[1]?.toLowerCase();
  if (fromId) return fromId === 'png' ? 'png' : 'jpg';
  if (contentType.includes('png')) return 'png';
  if (contentType.includes('jpeg') || contentType.includes('jpg')) return 'jpg';
  return null;
}

/** `<label>.jpg|png` in --out; labels are checked to be file names (no / \ : * ? " < > |, no control characters). */
export function imagePath(out: string, label: string, extension: 'jpg' | 'png'): string {
  return join(out, `${label}.${extension}`);
}

/** The image of a row already in --out, or null. */
export function existingImage(out: string, row: Pick<ManifestRow, 'label' | 'fileID'>): string | null {
  const known = imageExtension(row.fileID);
  for (const extension of known ? [known] : EXTENSIONS) {
    const path = imagePath(out, row.label, extension);
    if (existsSync(path)) return path;
  }
  return null;
}
