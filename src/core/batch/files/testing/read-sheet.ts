import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ReadSheet {
  pages: number;
  /** each page's text items in the order they are drawn */
  texts: string[][];
  /** each page's images in the order they are drawn, as PNG */
  images: Buffer[][];
}

/**
 * A print sheet as a PDF reader sees it (pdf.js, through pdf-parse): its text and its images, page by page.
 * pdf.js loads its worker with a dynamic import, which Jest's module system cannot run, so the reading happens in a
 * plain Node process (read-sheet-main.ts).
 */
export function readSheet(pdf: Uint8Array): ReadSheet {
  const dir = mkdtempSync(join(tmpdir(), 'wxacode-sheet-'));
  try {
    const file = join(dir, 'sheet.pdf');
    writeFileSync(file, pdf);
    const result = spawnSync(process.execPath, ['--import', 'tsx', join(__dirname, 'read-sheet-main.ts'), file], { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
    if (result.status !== 0) throw new Error(`reading the PDF failed (${result.status ?? result.signal}): ${result.stderr}`);
    const read = JSON.parse(result.stdout) as { pages: number; texts: string[][]; images: string[][] };
    return { ...read, images: read.images.map((page) => page.map((png) => Buffer.from(png, 'base64'))) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Every page of a PDF drawn as pdf.js draws it (PNG), at `scale` times 72 dpi: what a printer puts on paper. */
export function renderSheetPages(pdf: Uint8Array, scale = 3): Buffer[] {
  const dir = mkdtempSync(join(tmpdir(), 'wxacode-pages-'));
  try {
    const file = join(dir, 'sheet.pdf');
    writeFileSync(file, pdf);
    const result = spawnSync(process.execPath, ['--import', 'tsx', join(__dirname, 'read-sheet-main.ts'), file, '--pages', dir, String(scale)], { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`drawing the PDF failed (${result.status ?? result.signal}): ${result.stderr}`);
    const pages = readdirSync(dir).filter((name) => /^page-\d+\.png$/.test(name)).sort((a, b) => Number(/\d+/.exec(a)?.[0]) - Number(/\d+/.exec(b)?.[0]));
    return pages.map((name) => readFileSync(join(dir, name)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
