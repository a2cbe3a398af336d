/** The characters that make a spreadsheet read a cell as a formula when it starts with one (and TAB, CR). */
const FORMULA_TRIGGERS = new Set(['=', '+', '-', '@', '\t', '\r']);

/**
 * A text cell made safe to open in a spreadsheet, as OWASP's "CSV Injection" page advises: a cell starting with
 * = + - @ TAB or CR gets a single quote in front, so Excel, WPS and LibreOffice show it as text instead of
 * evaluating it (`=HYPERLINK(…)`, `=cmd|…`, `@SUM(…)`). This applies to text only: a label "-2" is text and is
 * prefixed too, as OWASP advises, since a negative-looking label is rare and a formula costs far more; numbers the
 * toolkit itself writes (the manifest's errCode, e.g. -700201) are numbers, not text, and are written as they are.
 * The exact text stays in manifest.json, the image file names and the print sheet.
 */
export function neutralizeFormula(value: string): string {
  return value.length > 0 && FORMULA_TRIGGERS.has(value[0]) ? `'${value}` : value;
}

/** RFC 4180: a cell with a comma, quote or line break, or spaces at either end, is quoted, its quotes doubled. */
export function quoteCsvCell(value: string): string {
  return /[",\r\n]/.test(value) || value !== value.trim() ? `"${value.replace(/"/g, '""')}"` : value;
}

/** One text cell of a CSV the toolkit writes: neutralized, then quoted. */
export function csvTextCell(value: string): string {
  return quoteCsvCell(neutralizeFormula(value));
}
