import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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
