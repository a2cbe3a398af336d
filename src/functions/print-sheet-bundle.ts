/** The file name scripts/build.ts gives wxacodeBatch's print sheet bundle, beside its index.js. */
export const PRINT_SHEET_BUNDLE = 'print-sheet.js';
