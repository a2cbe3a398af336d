import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { renderCode } from '../../../emulator/wechat/render';
import { WxacodeError } from '../../errors';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, type PDFFont } from 'pdf-lib';
import { buildPrintSheet, sheetLayout, TENT_MIN_SIZE_RATIO, tentLayout } from './print-sheet';
import { loadSheetFont } from './sheet-font';
import { breakPieces } from './tent-lines';
import { readSheet, renderSheetPages } from './testing/read-sheet';

/** codes as the emulated WeChat draws them: a QR code of the JSON it was asked for */
async function code(label: string, scene: string, transparent = false) {
  const { buffer, contentType } = await renderCode(JSON.stringify({ api: 'wxacode.getUnlimited', scene }), { width: 430, color: { r: 0, g: 0, b: 0 }, transparent });
  return { label, image: new Uint8Array(buffer), contentType, scene };
}

/** What a phone reads off the printed sheet: the image on white paper (a transparent code's background is the paper). */
function scanOnPaper(png: Buffer): unknown {
  const { width, height, data } = PNG.sync.read(png);
  const rgba = new Uint8ClampedArray(data.length);
  for (let at = 0; at < data.length; at += 4) {
    const alpha = data[at + 3] / 255;
    for (let channel = 0; channel < 3; channel++) rgba[at + channel] = Math.round(data[at + channel] * alpha + 255 * (1 - alpha));
    rgba[at + 3] = 255;
  }
  const qr = jsQR(rgba, width, height);
  return qr ? JSON.parse(qr.data) : null;
}

/** The upper and lower halves of a page (a tent's two faces), as PNGs. */
function halves(png: Buffer): Buffer[] {
  const page = PNG.sync.read(png);
  const half = Math.floor(page.height / 2);
  return [0, half].map((top) => {
    const out = new PNG({ width: page.width, height: half });
    page.data.copy(out.data, 0, top * page.width * 4, (top + half) * page.width * 4);
    return PNG.sync.write(out);
  });
}

describe('buildPrintSheet', () => {
  it('puts every code on the sheet with its label, Chinese included, readable back by a PDF reader and a QR decoder', async () => {
    const codes = await Promise.all([code('A1', 'table=1'), code('桌号-12', 'table=12', true), code('北京朝阳店', 'shop=bj'), code('一物一码0005', 'sku=5'), code('E6', 'table=6', true)]);
    const pdf = await buildPrintSheet(codes);
    const sheet = readSheet(pdf);
    expect(sheet.pages).toBe(1);
    expect(sheet.texts[0]).toEqual(codes.map((c) => c.label));
    // drawn in item order, each label right after its code: the n-th image is the n-th label's
    expect(sheet.images[0]).toHaveLength(codes.length);
    sheet.images[0].forEach((png, at) => {
      expect(scanOnPaper(png)).toEqual({ api: 'wxacode.getUnlimited', scene: codes[at].scene });
    });
    // the font is a subset: a few kilobytes, not Noto Sans SC's 10 MB
    expect(pdf.length).toBeLessThan(codes.reduce((sum, c) => sum + c.image.length, 0) * 3);
  });

  it('flows onto more pages by the layout: columns, code size, margins and font size', async () => {
    const layout = sheetLayout({ paper: 'A5', columns: 2, codeSizeMm: 50, marginMm: 5, labelFontSize: 12 });
    expect(layout.columns).toBe(2);
    expect(layout.codeSize).toBeCloseTo((50 * 72) / 25.4, 3);
    const perPage = layout.columns * layout.rows;
    const codes = await Promise.all(Array.from({ length: perPage + 1 }, (_, i) => code(`C${i}`, `n=${i}`)));
    const sheet = readSheet(await buildPrintSheet(codes, { paper: 'A5', columns: 2, codeSizeMm: 50, marginMm: 5, labelFontSize: 12 }));
    expect(sheet.pages).toBe(2);
    expect(sheet.texts.flat()).toEqual(codes.map((c) => c.label));
    expect(sheet.images[1]).toHaveLength(1);
    expect(scanOnPaper(sheet.images[1][0])).toEqual({ api: 'wxacode.getUnlimited', scene: `n=${perPage}` });
  });

  it('tent: one folding table tent a code, the title, each card\'s subtitle and label, a logo, on both halves', async () => {
    const made = await Promise.all([code('A-01', 'table=1'), code('牡丹厅', 'table=2', true), code('=1+1', 'table=3')]);
    const codes: ((typeof made)[number] & { subtitle?: string })[] = [{ ...made[0], subtitle: '北京朝阳店' }, { ...made[1], subtitle: '牡丹𠂇店' }, made[2]];
    const logo = new PNG({ width: 40, height: 20 });
    logo.data.fill(200);
    const pdf = await buildPrintSheet(codes, { layout: 'tent', title: '扫码点餐', subtitle: '默认店名' }, undefined, PNG.sync.write(logo));
    const sheet = readSheet(pdf);
    expect(sheet.pages).toBe(codes.length);
    // each card: title, subtitle, label on the front, and again on the back (turned upside down for the other side)
    const face = (subtitle: string, label: string) => ['扫码点餐', subtitle, label];
    expect(sheet.texts).toEqual([
      [...face('北京朝阳店', 'A-01'), ...face('北京朝阳店', 'A-01')],
      [...face('牡丹𠂇店', '牡丹厅'), ...face('牡丹𠂇店', '牡丹厅')],
      [...face('默认店名', '=1+1'), ...face('默认店名', '=1+1')],
    ]);
    // printed and scanned, each half of the card (the back one upside down): each card carries its own code twice
    renderSheetPages(pdf, 1.5).forEach((png, at) => {
      for (const half of halves(png)) expect(scanOnPaper(half)).toEqual({ api: 'wxacode.getUnlimited', scene: codes[at].scene });
    });
    // A6 unfolded, plus 10 mm around it for the cut marks
    const a6 = tentLayout({});
    expect([a6.card.width, a6.card.height].map((pt) => Math.round((pt * 25.4) / 72))).toEqual([105, 148]);
    expect([a6.page.width, a6.page.height].map((pt) => Math.round((pt * 25.4) / 72))).toEqual([125, 168]);
    expect(Math.round((tentLayout({ tentSize: 'A5' }).card.width * 25.4) / 72)).toBe(148);
    expect(Math.round((tentLayout({ tentSize: '100x150' }).card.height * 25.4) / 72)).toBe(150);
  }, 60_000);

  it('refuses a layout that cannot work, naming the option and what fits', () => {
    const error = (options: Parameters<typeof sheetLayout>[0]) => {
      try {
        sheetLayout(options);
      } catch (e) {
        return e as WxacodeError;
      }
      throw new Error('no error');
    };
    expect(error({ columns: 4, codeSizeMm: 80 })).toMatchObject({
      errCode: -700204,
      errMsg: expect.stringMatching(/^sheet\.codeSizeMm: must be a number of millimetres from 10 to 45 .*received number 80\. Use fewer columns/),
    });
    expect(error({ columns: 0 }).errMsg).toMatch(/^sheet\.columns: must be a whole number from 1 to 12; received number 0/);
    expect(error({ paper: 'B5' as 'A4' }).errMsg).toMatch(/^sheet\.paper: must be one of A4, A5, Letter; received string "B5"/);
    const tentError = (options: Parameters<typeof tentLayout>[0]) => {
      try {
        tentLayout(options);
      } catch (e) {
        return (e as WxacodeError).errMsg;
      }
      throw new Error('no error');
    };
    expect(tentError({ tentSize: 'B7' })).toMatch(/^sheet\.tentSize: must be A6, A5 or the card's width x height in mm, e\.g\. 100x150; received string "B7"/);
    expect(tentError({ tentSize: '20x30' })).toMatch(/^sheet\.tentSize: must be from 60 to 300 mm wide/);
    expect(tentError({ title: '扫'.repeat(41) })).toMatch(/^sheet\.title: must be text of at most 40 characters/);
  });

  it('refuses a character the print font lacks rather than printing a blank where it should be', async () => {
    const codes = [await code('牡丹𠀀', 'table=1')];
    await expect(buildPrintSheet(codes)).rejects.toMatchObject({
      errCode: -700204,
      errMsg: expect.stringMatching(/^sheet: the print font \(Noto Sans SC\) has no glyph for 𠀀 \(U\+20000\), in the label "牡丹𠀀"; it would print as a blank/),
    });
    await expect(buildPrintSheet([{ ...codes[0], label: 'A1', subtitle: '𠀀店' }], { layout: 'tent' })).rejects.toMatchObject({
      errMsg: expect.stringContaining('in the subtitle of "A1" "𠀀店"'),
    });
  });
});

describe('tent text set as print shops set it', () => {
  const layout = tentLayout({});
  const labelSize = layout.titleSize * 1.25;
  let font: PDFFont;
  beforeAll(async () => {
    const pdf = await PDFDocument.create();
    pdf.registerFontkit(fontkit);
    font = await pdf.embedFont(loadSheetFont(), { subset: false });
  });
  const fitsAt = (text: string, size: number) => font.widthOfTextAtSize(text, size) <= layout.textWidth;
  /** a line break in `label` between `before` and `after` is at a space or between two CJK characters */
  const allowedBreak = (before: string, after: string) => /\s$/.test(before) || /^\s/.test(after) || (/\p{Script=Han}$/u.test(before) && /^\p{Script=Han}/u.test(after));

  it('long labels that fit at the minimum size stay on one line in the PDF, made smaller; a long number is never split', async () => {
    const labels = ['大厅-01号桌-448', 'Room-2046-B', '三楼-牡丹厅-12', '20240601123456789012'];
    // the premise: none fits at the preferred size, the first three do at the minimum, the number not even there
    for (const label of labels) expect(fitsAt(label, labelSize)).toBe(false);
    for (const label of labels.slice(0, 3)) expect(fitsAt(label, labelSize * TENT_MIN_SIZE_RATIO)).toBe(true);
    expect(fitsAt(labels[3], labelSize * TENT_MIN_SIZE_RATIO)).toBe(false);
    const codes = await Promise.all(labels.map((label, at) => code(label, `t=${at}`)));
    const sheet = readSheet(await buildPrintSheet(codes, { layout: 'tent', title: '扫码点餐' }));
    expect(sheet.texts).toEqual(labels.map((label) => ['扫码点餐', label, '扫码点餐', label]));
  }, 60_000);

  it('a label too long even at the minimum size breaks only at spaces or between CJK characters', async () => {
    const labels = ['大厅-01号桌-448 / 068-t', '北京朝阳区望京SOHO塔3-1808会议室', 'Table 12 by the window, second floor'];
    for (const label of labels) expect(fitsAt(label, labelSize * TENT_MIN_SIZE_RATIO)).toBe(false);
    const codes = await Promise.all(labels.map((label, at) => code(label, `t=${at}`)));
    const sheet = readSheet(await buildPrintSheet(codes, { layout: 'tent' }));
    sheet.texts.forEach((items, at) => {
      const label = labels[at]!;
      const lines = items.slice(0, items.length / 2);
      expect(items.slice(items.length / 2)).toEqual(lines);
      expect(lines.length).toBeGreaterThan(1);
      // the lines are the label's text, in order, broken only where allowed
      expect(lines.join('').replace(/\s/g, '')).toBe(label.replace(/\s/g, ''));
      let offset = 0;
      for (const line of lines.slice(0, -1)) {
        offset = label.indexOf(line, offset) + line.length;
        expect(allowedBreak(label.slice(0, offset), label.slice(offset))).toBe(true);
      }
    });
    expect(sheet.texts[0]!.slice(0, 2)).toEqual(['大厅-01号桌-448', '/ 068-t']);
  }, 60_000);

  it('the break points: spaces, between CJK characters, never before a closing mark or after an opening one', () => {
    expect(breakPieces('大厅-01号桌-448 / 068-t')).toEqual(['大', '厅-01号', '桌-448 ', '/ ', '068-t']);
    expect(breakPieces('欢迎光临（本店）。')).toEqual(['欢', '迎', '光', '临', '（本', '店）。']);
    expect(breakPieces('A区12号')).toEqual(['A区12号']);
  });
});
