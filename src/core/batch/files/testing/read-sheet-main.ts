/**
 * `node --import tsx read-sheet-main.ts <sheet.pdf> [--png <page1.png> | --pages <dir> <scale>]`: prints the PDF's
 * text items and images (PNG, base64) per page as JSON, read by pdf.js through pdf-parse; with --png draws page 1
 * into a PNG instead, with --pages every page into <dir>/page-<n>.png.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { PDFParse } from 'pdf-parse';

const JOINER = '\u241e';

async function main(): Promise<void> {
  const [file, flag, png, scale] = process.argv.slice(2);
  const data = new Uint8Array(readFileSync(file));
  if (flag === '--pages') {
    const parser = new PDFParse({ data });
    const shots = await parser.getScreenshot({ scale: Number(scale), imageBuffer: true, imageDataUrl: false });
    shots.pages.forEach((page, at) => writeFileSync(`${png}/page-${at + 1}.png`, page.data));
    await parser.destroy();
    return;
  }
  if (flag === '--png') {
    const parser = new PDFParse({ data });
    const shot = await parser.getScreenshot({ partial: [1], scale: 1.5, imageBuffer: true, imageDataUrl: false });
    writeFileSync(png, shot.pages[0].data);
    await parser.destroy();
    return;
  }
  const parser = new PDFParse({ data });
  const text = await parser.getText({ itemJoiner: JOINER, lineEnforce: false, cellSeparator: '', pageJoiner: '' });
  const images = await parser.getImage({ imageBuffer: true, imageDataUrl: false, imageThreshold: 0 });
  await parser.destroy();
  process.stdout.write(
    JSON.stringify({
      pages: text.total,
      texts: text.pages.map((page) => page.text.split(JOINER).map((item) => item.trim()).filter(Boolean)),
      images: images.pages.map((page) => page.images.map((image) => Buffer.from(image.data).toString('base64'))),
    }),
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
