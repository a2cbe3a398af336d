import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { renderCode } from '../../../emulator/wechat/render';
import { WxacodeError } from '../../errors';
import { buildPrintSheet, sheetLayout } from './print-sheet';
import { readSheet } from './testing/read-sheet';

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
  });
});
