import { batchFunction } from '../adapters/wx-server-sdk/batch';
import { manifestCsv, manifestJson } from '../core/batch/files/manifest';
import { parseItemsText } from '../core/batch/files/parse-items';
import { buildZip } from '../core/batch/files/zip';

type PrintSheetModule = typeof import('../core/batch/files/print-sheet');

/**
 * Cloud function `wxacodeBatch`: pre-generates thousands of codes at WeChat's rate limit, resumable, shared by all
 * instances through the database. HTTP path /api/wxacode/batch (bearer tokens), hourly timer, admin callers.
 * The print sheet's PDF and font libraries load on first use: loading them costs every worker slice a second.
 */
export const main = batchFunction({
  parseItemsText,
  manifestCsv,
  manifestJson,
  buildZip,
  buildPrintSheet: (codes, options) => (require('../core/batch/files/print-sheet') as PrintSheetModule).buildPrintSheet(codes, options),
});
