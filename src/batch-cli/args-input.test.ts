import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DEFAULT_TARGET, parseCli } from './args';
import { BatchCliError } from './errors';
import { jobKeyOf, readAndCheckInput, uploadParts } from './input-file';

describe('parseCli', () => {
  it('defaults to npm start\'s emulator, a folder named after the file, and the token from WXACODE_BATCH_TOKEN', () => {
    const options = parseCli(['data/tables.csv'], { WXACODE_BATCH_TOKEN: 'from-env' });
    expect(options).toMatchObject({
      command: 'run',
      input: resolve('data/tables.csv'),
      out: resolve('data/tables'),
      target: DEFAULT_TARGET,
      token: 'from-env',
      api: 'getUnlimited',
      sheet: false,
      pollMs: 1000,
    });
    expect(parseCli(['status', 'x.json', '--token', 't', '--target', 'https://env.example.com/'], {})).toMatchObject({
      command: 'status',
      token: 't',
      target: 'https://env.example.com',
    });
    expect(parseCli(['sheet', 'x.csv', '--columns', '3', '--code-size', '40', '--paper', 'A5'], {})).toMatchObject({
      command: 'sheet',
      sheetOptions: { columns: 3, codeSizeMm: 40, paper: 'A5' },
    });
    expect(
      parseCli(['menu.xlsx', '--sheet-name', '桌号', '--sheet', '--layout', 'tent', '--tent-size', '100x150', '--title', '扫码点餐', '--subtitle-column', 'shop', '--logo', 'logo.png'], {}),
    ).toMatchObject({
      sheetName: '桌号',
      sheet: true,
      sheetOptions: { layout: 'tent', tentSize: '100x150', title: '扫码点餐', subtitleColumn: 'shop' },
      logo: resolve('logo.png'),
    });
  });

  it('takes the tent\'s options only with --layout tent, and one subtitle', () => {
    expect(() => parseCli(['a.csv', '--title', '扫码点餐'], {})).toThrow('--title: is for the tent layout; add --layout tent');
    expect(() => parseCli(['a.csv', '--api', 'urllink'], {})).toThrow(/^--api: must be one of .*; received urllink\. Did you mean urlLink\?$/);
    expect(() => parseCli(['a.csv', '--layout', 'tent', '--subtitle', 'x', '--subtitle-column', 'shop'], {})).toThrow(/--subtitle, --subtitle-column: pass one/);
    expect(() => parseCli(['a.csv', '--layout', 'cards'], {})).toThrow('--layout: must be grid or tent; received "cards"');
  });

  it('refuses what it cannot use, with the usage', () => {
    expect(() => parseCli([], {})).toThrow(/name the items file[\s\S]*usage:/);
    expect(() => parseCli(['a.csv', '--api', 'urlLink', '--sheet'], {})).toThrow('--sheet: a urlLink job makes links, not images');
    expect(() => parseCli(['a.csv', '--api', 'qr'], {})).toThrow('--api: must be one of getUnlimited, get, createQRCode, urlLink, urlScheme, shortLink; received qr');
    expect(() => parseCli(['a.csv', '--columns', 'four'], {})).toThrow('--columns: must be a number from 1; received "four"');
    expect(() => parseCli(['a.csv', '--colour'], {})).toThrow(BatchCliError);
  });
});

describe('the input file', () => {
  it('is one job for the same content and options, another when either changes', () => {
    const options = { api: 'getUnlimited' as const, skipInvalid: false };
    expect(jobKeyOf('label,scene\nA,a=1\n', options)).toBe(jobKeyOf('label,scene\nA,a=1\n', { ...options }));
    expect(jobKeyOf('label,scene\nA,a=1\n', options)).not.toBe(jobKeyOf('label,scene\nA,a=2\n', options));
    expect(jobKeyOf('label,scene\nA,a=1\n', options)).not.toBe(jobKeyOf('label,scene\nA,a=1\n', { ...options, skipInvalid: true }));
  });

  it('goes up in parts within the byte limit, never splitting a character', () => {
    const text = `label,scene\n${Array.from({ length: 3000 }, (_, i) => `桌${i}😀,n=${i}`).join('\n')}`;
    const parts = uploadParts(text, 4096);
    expect(parts.length).toBeGreaterThan(10);
    expect(parts.join('')).toBe(text);
    for (const part of parts) {
      expect(Buffer.byteLength(part)).toBeLessThanOrEqual(4096);
      expect(part).not.toMatch(/^[\uDC00-\uDFFF]|[\uD800-\uDBFF]$/);
    }
  });

  it('is checked before anything is sent: every problem, with its line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wxacode-cli-input-'));
    try {
      const file = join(dir, 'menu.csv');
      writeFileSync(file, 'label,scene,width\nA,a=1,\nB,b=1,2000\nA,c=1,\n');
      const options = { api: 'getUnlimited' as const, skipInvalid: false };
      await expect(readAndCheckInput(file, options)).rejects.toThrow(
        /menu\.csv: 2 problems, nothing was submitted:\n {2}menu\.csv:line 3 \(B\): width: must be an integer number of pixels from 280 to 1280; received number 2000 \[40097\]\n {2}menu\.csv:line 4 \(A\): label: must be unique/,
      );
      const skipping = await readAndCheckInput(file, { ...options, skipInvalid: true });
      expect(skipping.labels).toEqual(['A']);
      expect(skipping.skipped.map((p) => p.line)).toEqual([3, 4]);
      writeFileSync(join(dir, 'menu.txt'), '');
      await expect(readAndCheckInput(join(dir, 'menu.txt'), options)).rejects.toThrow('menu.txt: the items file must end in .csv, .json or .xlsx');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
