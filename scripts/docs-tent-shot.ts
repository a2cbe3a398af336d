/**
 * `npx tsx scripts/docs-tent-shot.ts`: draws docs/print-tent.png, the picture of a table tent in the batch guide
 * (docs/en/batch-and-printing.md): one card of `--layout tent` as pdf.js renders it, with a code from the emulated
 * WeChat and a made-up logo.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { buildPrintSheet } from '../src/core/batch/files/print-sheet';
import { renderSheetPages } from '../src/core/batch/files/testing/read-sheet';
import { renderCode } from '../src/emulator/wechat/render';

async function main(): Promise<void> {
  const { buffer, contentType } = await renderCode(JSON.stringify({ api: 'wxacode.getUnlimited', scene: 'id=!2a' }), { width: 430, color: { r: 0, g: 0, b: 0 }, transparent: false });
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="240" height="80"><rect width="80" height="80" rx="18" fill="#c8102e"/><circle cx="40" cy="44" r="20" fill="none" stroke="#fff" stroke-width="6"/><rect x="18" y="40" width="44" height="6" fill="#fff"/><rect x="96" y="18" width="130" height="14" rx="7" fill="#c8102e"/><rect x="96" y="46" width="90" height="14" rx="7" fill="#e8a0a8"/></svg>`;
  const logo = await sharp(Buffer.from(svg)).png().toBuffer();
  const pdf = await buildPrintSheet([{ label: '大厅-01号桌', image: new Uint8Array(buffer), contentType, subtitle: '北京朝阳店' }], { layout: 'tent', title: '扫码点餐' }, undefined, logo);
  const [png] = renderSheetPages(pdf, 2);
  const file = path.join(__dirname, '..', 'docs', 'print-tent.png');
  writeFileSync(file, png);
  console.log(`wrote ${file}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
