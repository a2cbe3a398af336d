import { batchFunction } from '../adapters/wx-server-sdk/batch';
import { buildPrintSheet, buildZip, manifestCsv, manifestJson, parseItemsText } from '../core/batch/files';

/**
 * Cloud function `wxacodeBatch`: pre-generates thousands of codes at WeChat's rate limit, resumable, shared by all
 * instances through the database. HTTP path /api/wxacode/batch (bearer tokens), hourly timer, admin callers.
 */
export const main = batchFunction({ parseItemsText, manifestCsv, manifestJson, buildZip, buildPrintSheet });
