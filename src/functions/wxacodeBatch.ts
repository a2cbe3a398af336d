import { existsSync } from 'node:fs';
import path from 'node:path';
import { batchFunction } from '../adapters/wx-server-sdk/batch';
import { manifestCsv, manifestJson } from '../core/batch/files/manifest';
import { parseItemsText } from '../core/batch/files/parse-items';
import { buildZip } from '../core/batch/files/zip';
import { PRINT_SHEET_BUNDLE } from './print-sheet-bundle';

type PrintSheetModule = typeof import('../core/batch/files/print-sheet');

/**
 * Cloud function `wxacodeBatch`: pre-generates thousands of codes at WeChat's rate limit, resumable, shared by all
 * instances through the database. HTTP path /api/wxacode/batch (bearer tokens), hourly timer, admin callers.
 * The print sheet's PDF and font libraries (2 MB) are a bundle of their own beside index.js, loaded on the first
 * sheet: parsing them would cost every worker slice's cold start, and the function's own bundle stays under 1 MB.
 */
export const main = batchFunction({
  parseItemsText,
  manifestCsv,
  manifestJson,
  buildZip,
  buildPrintSheet: (codes, options, logo) => loadPrintSheet().buildPrintSheet(codes, options, undefined, logo),
});

function loadPrintSheet(): PrintSheetModule {
  const built = path.join(__dirname, PRINT_SHEET_BUNDLE);
  // computed paths, so esbuild leaves both out of index.js; from the sources (tests) the module itself is loaded
  const source = path.join(__dirname, '../core/batch/files/print-sheet');
  return require(existsSync(built) ? built : source) as PrintSheetModule;
}
