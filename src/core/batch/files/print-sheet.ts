import fontkit from '@pdf-lib/fontkit';
import { Font } from 'fonteditor-core';
import { concatTransformationMatrix, PDFDocument, popGraphicsState, pushGraphicsState, rgb, type PDFFont, type PDFImage, type PDFPage } from 'pdf-lib';
import { ErrCode, WxacodeError } from '../../errors';
import { describeReceived } from '../../validation/reject';
import type { SheetOptions } from '../contract';
import { loadSheetFont } from './sheet-font';
import { setTentText } from './tent-lines';

export interface SheetCode {
  label: string;
  image: Uint8Array;
  contentType: string;
  /** a tent's second line for this code (from its item's subtitle column); else the options' subtitle */
  subtitle?: string;
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

/** A sheet option that cannot work (-700204): the option's path, the rule, what was received, and what to do. */
function bad(field: string, rule: string, received: unknown, hint: string): never {
  throw new WxacodeError(ErrCode.BATCH_BAD_ARGUMENT, `sheet.${field}: ${rule}; received ${describeReceived(received)}. ${hint}`);
}

/**
 * Lays codes out on pages, each with its label centred under it: `columns` across, as many rows as fit. The code
 * size defaults to the widest that fits a column. Throws a WxacodeError (-700204) naming the option that cannot
 * work, e.g. a code size wider than a column.
 */
export function sheetLayout(options: SheetOptions = {}): SheetLayout {
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
export async function buildPrintSheet(codes: readonly SheetCode[], options: SheetOptions = {}, font?: Uint8Array, logo?: Uint8Array): Promise<Uint8Array> {
  const layoutName = options.layout ?? 'grid';
  if (layoutName !== 'grid' && layoutName !== 'tent') {
    throw new WxacodeError(ErrCode.BATCH_BAD_ARGUMENT, `sheet.layout: must be "grid" or "tent"; received ${describeReceived(layoutName)}. Omit it for the grid`);
  }
  if (layoutName === 'tent') return buildTents(codes, options, font, logo);
  const layout = sheetLayout(options);
  const pdf = await newPdf('小程序码 print sheet');
  const labelFont = await pdf.embedFont(
    subsetFont(font ?? loadSheetFont(), codes.map((code) => code.label).join('') + ELLIPSIS, codes.map((code) => ({ what: 'the label', text: code.label }))),
    { subset: false },
  );
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

async function newPdf(title: string): Promise<PDFDocument> {
  const pdf = await PDFDocument.create();
  pdf.setTitle(title);
  pdf.setCreator('wxacode-cloudbase');
  pdf.setCreationDate(new Date('2000-01-01T00:00:00Z'));
  pdf.setModificationDate(new Date('2000-01-01T00:00:00Z'));
  pdf.registerFontkit(fontkit);
  return pdf;
}

async function embedImage(pdf: PDFDocument, code: { label: string; image: Uint8Array; contentType: string }): Promise<PDFImage> {
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
function subsetFont(font: Uint8Array, text: string, texts: readonly { what: string; text: string }[]): Uint8Array {
  const codePoints = [...new Set(Array.from(text, (character) => character.codePointAt(0) as number))];
  const buffer = Buffer.from(font.buffer, font.byteOffset, font.byteLength);
  const cut = Font.create(buffer, { type: 'ttf', subset: codePoints, hinting: false });
  // a character the font lacks would print as a blank: the sheet would not show the exact label, so it is refused
  const drawn = new Set(cut.get().glyf.flatMap((glyph) => glyph.unicode ?? []));
  const missing = codePoints.filter((code) => !drawn.has(code) && code > 0x20);
  if (missing.length > 0) {
    const first = texts.find(({ text: t }) => Array.from(t).some((c) => missing.includes(c.codePointAt(0) as number)));
    const shown = missing.slice(0, 5).map((code) => `${String.fromCodePoint(code)} (U+${code.toString(16).toUpperCase()})`).join(', ');
    throw new WxacodeError(
      ErrCode.BATCH_BAD_ARGUMENT,
      `sheet: the print font (Noto Sans SC) has no glyph for ${shown}${first ? `, in ${first.what} ${JSON.stringify(first.text)}` : ''}; it would print as a blank. The codes and manifests are made as they are: replace the character for the printed sheet, or lay the images out yourself`,
    );
  }
  return new Uint8Array(cut.write({ type: 'ttf', hinting: false }) as Buffer);
}

/**
 * Splits a label into at most two lines that fit the column, breaking between any characters (Chinese has no
 * spaces to break at); a label longer than that ends in "…".
 */
export function labelLines(label: string, font: PDFFont, size: number, maxWidth: number, maxLines = LABEL_LINES): string[] {
  const fits = (text: string) => font.widthOfTextAtSize(text, size) <= maxWidth;
  const characters = Array.from(label);
  const lines: string[] = [];
  let current = '';
  for (let at = 0; at < characters.length; at++) {
    if (fits(current + characters[at])) {
      current += characters[at];
      continue;
    }
    if (lines.length === maxLines - 1) {
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

// ---- table tents (桌贴 / 桌牌) ----

/** trimmed card sizes, width × height in mm, unfolded (portrait; it folds across the middle) */
const TENT_SIZES: Record<string, { widthMm: number; heightMm: number }> = {
  A6: { widthMm: 105, heightMm: 148 },
  A5: { widthMm: 148, heightMm: 210 },
};
export const TENT_DEFAULTS = { tentSize: 'A6' } as const;
/** paper around the card for the cut marks, and where the marks start from the trim, in mm */
const SLUG_MM = 10;
const MARK_GAP_MM = 3;
const MARK_LENGTH_MM = 6;
const TITLE_MAX_CHARS = 40;
const SUBTITLE_MAX_CHARS = 60;
/** a tent's text is made smaller to stay on one line down to this share of its size, then broken */
export const TENT_MIN_SIZE_RATIO = 0.6;
const TENT_LABEL_LINES = 3;

export interface TentLayout {
  /** all in points */
  page: { width: number; height: number };
  card: { x: number; y: number; width: number; height: number };
  /** one face: the card's width, half its height */
  face: { width: number; height: number };
  padding: number;
  codeSize: number;
  /** the text beside the code: its width, and the title's size in points (the others follow from it) */
  textWidth: number;
  titleSize: number;
}

/**
 * A table tent's geometry. The card folds across the middle into a tent that stands on the table, and both halves
 * carry the same face (title, subtitle, label, code), the upper half turned upside down: folded, each side reads
 * upright, so the code can be scanned from either side of the table. That is how print shops lay out a double-sided
 * folded table tent (双面台卡) on one side of the sheet; a blank back would face half the table with nothing.
 * The page is the card plus a margin holding the cut marks, so it prints at 100 % on A4 or A5 and is cut to size.
 */
export function tentLayout(options: SheetOptions = {}): TentLayout {
  const sizeName: unknown = options.tentSize ?? TENT_DEFAULTS.tentSize;
  let size = typeof sizeName === 'string' && Object.prototype.hasOwnProperty.call(TENT_SIZES, sizeName.toUpperCase()) ? TENT_SIZES[sizeName.toUpperCase()] : undefined;
  if (!size) {
    const custom = typeof sizeName === 'string' ? /^\s*(\d+(?:\.\d+)?)\s*[x×*]\s*(\d+(?:\.\d+)?)\s*(?:mm)?\s*$/i.exec(sizeName) : null;
    if (!custom) bad('tentSize', 'must be A6, A5 or the card\'s width x height in mm, e.g. 100x150', sizeName, 'Omit it for A6 (105x148)');
    size = { widthMm: Number(custom?.[1]), heightMm: Number(custom?.[2]) };
    if (!(size.widthMm >= 60 && size.widthMm <= 300 && size.heightMm >= 80 && size.heightMm <= 420)) {
      bad('tentSize', 'must be from 60 to 300 mm wide and from 80 to 420 mm tall (unfolded; it folds across the middle)', sizeName, 'e.g. 100x150');
    }
    if (size.heightMm / 2 > size.widthMm * 1.2) bad('tentSize', 'must be at most 2.4 times as tall as wide: each half is one face, and the code sits beside the text', sizeName, 'e.g. 100x150');
  }
  for (const [field, max] of [['title', TITLE_MAX_CHARS], ['subtitle', SUBTITLE_MAX_CHARS]] as const) {
    const value: unknown = options[field];
    if (value !== undefined && (typeof value !== 'string' || [...value].length > max || value.includes('\ufffd'))) {
      bad(field, `must be text of at most ${max} characters, with no U+FFFD (�)`, value, field === 'title' ? 'e.g. 扫码点餐' : 'e.g. the shop\'s name');
    }
  }
  if (options.subtitleColumn !== undefined && (typeof options.subtitleColumn !== 'string' || options.subtitleColumn.trim() === '')) {
    bad('subtitleColumn', 'must name an item field, e.g. shop', options.subtitleColumn, 'It takes each card\'s second line from that field');
  }
  const width = size.widthMm * POINTS_PER_MM;
  const height = size.heightMm * POINTS_PER_MM;
  const slug = SLUG_MM * POINTS_PER_MM;
  const face = { width, height: height / 2 };
  const padding = Math.max(4 * POINTS_PER_MM, face.height * 0.07);
  // the code as large as the face allows, leaving the text beside it at least 40 % of the width
  const codeSize = Math.min(face.height - 2 * padding, (face.width - 3 * padding) * 0.6);
  return {
    page: { width: width + 2 * slug, height: height + 2 * slug },
    card: { x: slug, y: slug, width, height },
    face,
    padding,
    codeSize,
    textWidth: face.width - 3 * padding - codeSize,
    titleSize: Math.max(8, face.height * 0.085),
  };
}

/** One card a code: see tentLayout. */
async function buildTents(codes: readonly SheetCode[], options: SheetOptions, font: Uint8Array | undefined, logoBytes: Uint8Array | undefined): Promise<Uint8Array> {
  const layout = tentLayout(options);
  const pdf = await newPdf('小程序码 table tents');
  const title = options.title ?? '';
  const texts = codes.map((code) => `${code.label}${code.subtitle ?? ''}`).join('') + title + (options.subtitle ?? '') + ELLIPSIS;
  const named = [
    { what: 'the title', text: title },
    { what: 'the subtitle', text: options.subtitle ?? '' },
    ...codes.flatMap((code) => [
      { what: 'the label', text: code.label },
      { what: `the subtitle of ${JSON.stringify(code.label)}`, text: code.subtitle ?? '' },
    ]),
  ];
  const textFont = await pdf.embedFont(subsetFont(font ?? loadSheetFont(), texts, named), { subset: false });
  const logo = logoBytes ? await embedImage(pdf, { label: 'sheet.logo', image: logoBytes, contentType: 'logo' }).catch(() => {
    throw new WxacodeError(ErrCode.BATCH_BAD_ARGUMENT, 'sheet.logo: must be a PNG or JPEG image; received bytes that are neither. Export the logo as PNG');
  }) : undefined;
  if (codes.length === 0) pdf.addPage([layout.page.width, layout.page.height]);
  for (const code of codes) {
    const page = pdf.addPage([layout.page.width, layout.page.height]);
    const image = await embedImage(pdf, code);
    const face = { title, subtitle: code.subtitle ?? options.subtitle ?? '', label: code.label, image, logo };
    const { card } = layout;
    // the front: the lower half, upright; the back: the upper half, turned 180° about the card's centre
    drawTransformed(page, [1, 0, 0, 1, card.x, card.y], () => drawTentFace(page, layout, textFont, face));
    drawTransformed(page, [-1, 0, 0, -1, card.x + card.width, card.y + card.height], () => drawTentFace(page, layout, textFont, face));
    drawCutAndFoldMarks(page, layout);
  }
  return pdf.save({ useObjectStreams: true });
}

function drawTransformed(page: PDFPage, [a, b, c, d, e, f]: number[], draw: () => void): void {
  page.pushOperators(pushGraphicsState(), concatTransformationMatrix(a, b, c, d, e, f));
  draw();
  page.pushOperators(popGraphicsState());
}

interface TentFace {
  title: string;
  subtitle: string;
  label: string;
  image: PDFImage;
  logo: PDFImage | undefined;
}

/** One face in its own coordinates: (0,0) its lower left corner, its top at the fold. */
function drawTentFace(page: PDFPage, layout: TentLayout, font: PDFFont, face: TentFace): void {
  const { padding, codeSize, textWidth, titleSize } = layout;
  const faceHeight = layout.face.height;
  page.drawImage(face.image, { x: layout.face.width - padding - codeSize, y: (faceHeight - codeSize) / 2, width: codeSize, height: codeSize });
  let top = faceHeight - padding;
  const x = padding;
  if (face.logo) {
    const scale = Math.min(textWidth / face.logo.width, (faceHeight * 0.2) / face.logo.height);
    const { width, height } = { width: face.logo.width * scale, height: face.logo.height * scale };
    page.drawImage(face.logo, { x, y: top - height, width, height });
    top -= height + padding * 0.6;
  }
  const block = (text: string, preferred: number, maxLines: number, color = rgb(0, 0, 0)): void => {
    if (!text) return;
    // one line at the preferred size or smaller, down to TENT_MIN_SIZE_RATIO of it; else broken as tent-lines.ts says
    const { size, lines } = setTentText(text, font, preferred, preferred * TENT_MIN_SIZE_RATIO, textWidth, maxLines);
    for (const line of lines) {
      top -= size;
      page.drawText(line, { x, y: top, size, font, color });
      top -= size * (LINE_HEIGHT - 1);
    }
    top -= size * 0.5;
  };
  block(face.title, titleSize, 2);
  block(face.subtitle, titleSize * 0.62, 2, rgb(0.25, 0.25, 0.25));
  block(face.label, titleSize * 1.25, TENT_LABEL_LINES);
}

/** Cut marks at the card's four corners, in the margin; a dashed fold line across the middle with ticks beside it. */
function drawCutAndFoldMarks(page: PDFPage, layout: TentLayout): void {
  const { card } = layout;
  const gap = MARK_GAP_MM * POINTS_PER_MM;
  const length = MARK_LENGTH_MM * POINTS_PER_MM;
  const mark = { thickness: 0.25, color: rgb(0, 0, 0) };
  for (const x of [card.x, card.x + card.width]) {
    for (const y of [card.y, card.y + card.height]) {
      const outX = x === card.x ? -1 : 1;
      const outY = y === card.y ? -1 : 1;
      page.drawLine({ start: { x: x + outX * gap, y }, end: { x: x + outX * (gap + length), y }, ...mark });
      page.drawLine({ start: { x, y: y + outY * gap }, end: { x, y: y + outY * (gap + length) }, ...mark });
    }
  }
  const foldY = card.y + card.height / 2;
  page.drawLine({ start: { x: card.x, y: foldY }, end: { x: card.x + card.width, y: foldY }, thickness: 0.25, color: rgb(0.6, 0.6, 0.6), dashArray: [3, 3] });
  page.drawLine({ start: { x: card.x - gap - length, y: foldY }, end: { x: card.x - gap, y: foldY }, thickness: 0.25, color: rgb(0, 0, 0), dashArray: [2, 2] });
  page.drawLine({ start: { x: card.x + card.width + gap, y: foldY }, end: { x: card.x + card.width + gap + length, y: foldY }, thickness: 0.25, color: rgb(0, 0, 0), dashArray: [2, 2] });
}
