export { parseItemsText, itemsFormatOfName, FILE_PROBLEM_INDEX, type ItemsFormat, type ParsedItems } from './parse-items';
export { manifestCsv, manifestJson, MANIFEST_COLUMNS } from './manifest';
export { buildZip, type ZipEntry } from './zip';
export { buildPrintSheet, sheetLayout, SHEET_DEFAULTS, type SheetCode, type SheetLayout } from './print-sheet';
export { loadSheetFont, sheetFontPath, SHEET_FONT_FILE } from './sheet-font';
