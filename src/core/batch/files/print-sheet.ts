import fontkit from '@pdf-lib/fontkit';
import { Font } from 'fonteditor-core';
import { PDFDocument, rgb, type PDFFont, type PDFImage } from 'pdf-lib';
import { ErrCode, WxacodeError } from '../../errors';
import { describeReceived } from '../../validation/reject';
import type { SheetOptions } from '../contract';
import { loadSheetFont } from './sheet-font';

export interface SheetCode {
  label: string;
  image: Uint8Array;
  contentType: string;
}

const POINTS_PER_MM = 72 / 25.4;
/** width × height in PDF points (1/72 inch) */
const PAPER: Record<NonNullable<SheetOptions['paper']>, { width: number; height: number }> = {
  A4: { width: 595.28, height: 841.89 },
  A5: { width: 419.53, height: 595.28 },
  Letter: { width: 612, height: 792 },
};

export const SHEET_DEFAULTS = { paper: 'A4', columns: 4, marginMm: 10, labelFontSize: 9 } as const;
/** space between a code and its label, and around each cell, in mm */
const GAP_MM = 2;
const LABEL_LINES = 2;
const LINE_HEIGHT = 1.25;

export interface SheetLayout {
  paper: { width: number; height: number };
  columns: number;
  rows: number;
  /** all in points */
  margin: number;
  cellWidth: number;
  cellHeight: number;
  codeSize: number;
  labelFontSize: number;
}

/**
 * Lays codes out on pages, each with its label centred under it: `columns` across, as many rows as fit. The code
 * size defaults to the widest that fits a column. Throws a WxacodeError (-700204) naming the option that cannot
 * work, e.g. a code size wider than a column.
 */
export function sheetLayout(options: SheetOptions = {}): SheetLayout {
  const bad = (field: string, rule: string, received: unknown, hint: string): never => {
    throw new WxacodeError(ErrCode.BATCH_BAD_ARGUMENT, `sheet.${field}: ${rule}; received ${describeReceived(received)}. ${hint}`);
  };
  const paperName = options.paper ?? SHEET_DEFAULTS.paper;
  const paper = PAPER[paperName];
  if (!paper || !Object.prototype.hasOwnProperty.call(PAPER, paperName)) bad('paper', `must be one of ${Object.keys(PAPER).join(', ')}`, paperName, 'Omit it for A4');
  const columns = options.columns ?? SHEET_DEFAULTS.columns;
  if (!Number.isInteger(columns) || columns < 1 || columns > 12) bad('columns', 'must be a whole number from 1 to 12', columns, 'Omit it for 4');
  const marginMm = options.marginMm ?? SHEET_DEFAULTS.marginMm;
  if (typeof marginMm !== 'number' || !(marginMm >= 0 && marginMm <= 50)) bad('marginMm', 'must be a number of millimetres from 0 to 50', marginMm, 'Omit it for 10');
  const labelFontSize = options.labelFontSize ?? SHEET_DEFAULTS.labelFontSize;
  if (typeof labelFontSize !== 'number' || !(labelFontSize >= 4 && labelFontSize <= 36)) bad('labelFontSize', 'must be a number of points from 4 to 36', labelFontSize, 'Omit it for 9');

  const margin = marginMm * POINTS_PER_MM;
  const gap = GAP_MM * POINTS_PER_MM;
  const cellWidth = (paper.width - 2 * margin) / columns;
  const widest = cellWidth - gap;
  const codeSize = options.codeSizeMm === undefined ? widest : options.codeSizeMm * POINTS_PER_MM;
  if (options.codeSizeMm !== undefined) {
    const mm: unknown = options.codeSizeMm;
    if (typeof mm !== 'number' || !(mm >= 10) || codeSize > widest + 1e-6) {
      bad('codeSizeMm', `must be a number of millimetres from 10 to ${Math.floor(widest / POINTS_PER_MM)} (what fits a column of ${paperName} with ${columns} columns and ${marginMm} mm margins)`, mm, 'Use fewer columns or smaller margins for bigger codes, or omit it to fill the column');
    }
  }
  const cellHeight = codeSize + gap + LABEL_LINES * labelFontSize * LINE_HEIGHT + gap;
  const rows = Math.floor((paper.height - 2 * margin) / cellHeight);
  if (rows < 1) bad('codeSizeMm', `must leave room for one row with its label on ${paperName}`, options.codeSizeMm ?? Math.round(codeSize / POINTS_PER_MM), 'Use a smaller code, font or margin');
  return { paper, columns, rows, margin, cellWidth, cellHeight, codeSize, labelFontSize };
}

/**
 * The print sheet: a PDF with every code and its label under it, in the order given. Labels are set in Noto Sans
 * SC (SIL Open Font License), embedded as a subset of the glyphs they use, so Chinese labels print on any machine.
 */
export async function buildPrintSheet(codes: readonly SheetCode[], options: SheetOptions = {}, font?: Uint8Array): Promise<Uint8Array> {
  const layout = sheetLayout(options);
  const pdf = await PDFDocument.create();
  pdf.setTitle('小程序码 print sheet');
  pdf.setCreator('wxacode-cloudbase');
  pdf.setCreationDate(new Date('2000-01-01T00:00:00Z'));
  pdf.setModificationDate(new Date('2000-01-01T00:00:00Z'));
  pdf.registerFontkit(fontkit);
  const labelFont = await pdf.embedFont(subsetFont(font ?? loadSheetFont(), codes.map((code) => code.label).join('') + ELLIPSIS), { subset: false });
  const perPage = layout.columns * layout.rows;
  if (codes.length === 0) pdf.addPage([layout.paper.width, layout.paper.height]);
  for (let start = 0; start < codes.length; start += perPage) {
    const page = pdf.addPage([layout.paper.width, layout.paper.height]);
    for (const [slot, code] of codes.slice(start, start + perPage).entries()) {
      const column = slot % layout.columns;
      const row = Math.floor(slot / layout.columns);
      const left = layout.margin + column * layout.cellWidth;
      const top = layout.paper.height - layout.margin - row * layout.cellHeight;
      const image = await embedImage(pdf, code);
      const codeX = left + (layout.cellWidth - layout.codeSize) / 2;
      const codeY = top - layout.codeSize;
      page.drawImage(image, { x: codeX, y: codeY, width: layout.codeSize, height: layout.codeSize });
      const lines = labelLines(code.label, labelFont, layout.labelFontSize, layout.cellWidth - 2);
      lines.forEach((line, at) => {
        const width = labelFont.widthOfTextAtSize(line, layout.labelFontSize);
        page.drawText(line, {
          x: left + (layout.cellWidth - width) / 2,
          y: codeY - (GAP_MM * POINTS_PER_MM) - layout.labelFontSize * (at + 1) * LINE_HEIGHT + layout.labelFontSize * (LINE_HEIGHT - 1),
          size: layout.labelFontSize,
          font: labelFont,
          color: rgb(0, 0, 0),
        });
      });
    }
  }
  return pdf.save({ useObjectStreams: true });
}

async function embedImage(pdf: PDFDocument, code: SheetCode): Promise<PDFImage> {
  const bytes = code.image;
  // by the bytes' own magic, not the content-type they came with
  if (bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) return pdf.embedPng(bytes);
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return pdf.embedJpg(bytes);
  throw new WxacodeError(
    ErrCode.UPSTREAM_BAD_REPLY,
    `the code of ${JSON.stringify(code.label)} is not a JPEG or PNG image (${code.contentType}, starts with ${Array.from(bytes.subarray(0, 8), (byte) => byte.toString(16).padStart(2, '0')).join('')}); make it again`,
  );
}

const ELLIPSIS = '…';

/**
 * Only the glyphs the labels use, so the PDF carries a few kilobytes of font rather than 10 MB. fonteditor-core
 * cuts the subset: pdf-lib's own subsetting (fontkit) drops glyphs of Noto Sans SC, and the labels then print
 * with characters missing.
 */
function subsetFont(font: Uint8Array, text: string): Uint8Array {
  const codePoints = [...new Set(Array.from(text, (character) => character.codePointAt(0) as number))];
  const buffer = Buffer.from(font.buffer, font.byteOffset, font.byteLength);
  const subset = Font.create(buffer, { type: 'ttf', subset: codePoints, hinting: false }).write({ type: 'ttf', hinting: false });
  return new Uint8Array(subset as Buffer);
}

/**
 * Splits a label into at most two lines that fit the column, breaking between any characters (Chinese has no
 * spaces to break at); a label longer than that ends in "…".
 */
export function labelLines(label: string, font: PDFFont, size: number, maxWidth: number): string[] {
  const fits = (text: string) => font.widthOfTextAtSize(text, size) <= maxWidth;
  const characters = Array.from(label);
  const lines: string[] = [];
  let current = '';
  for (let at = 0; at < characters.length; at++) {
    if (fits(current + characters[at])) {
      current += characters[at];
      continue;
    }
    if (lines.length === LABEL_LINES - 1) {
      while (current && !fits(current + ELLIPSIS)) current = Array.from(current).slice(0, -1).join('');
      lines.push(current + ELLIPSIS);
      return lines;
    }
    lines.push(current);
    current = characters[at];
  }
  if (current) lines.push(current);
  return lines;
}
