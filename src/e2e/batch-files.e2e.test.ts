/**
 * Issue 18: the items files teams have, read exactly, end to end. The CLI in its own process and the built
 * wxacodeBatch in the emulator (the real wx-server-sdk inside it); every code is scanned (jsQR) and its scene
 * resolved by wxacodeResolveScene back to its row's values, so a mis-read character would show as a wrong value.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { PNG } from 'pngjs';
import { readSheet as readWorkbook } from 'read-excel-file/node';
import writeXlsxFile from 'write-excel-file/node';
import { encodeGb18030 } from '../core/batch/files/testing/gb18030';
import { readSheet, renderSheetPages } from '../core/batch/files/testing/read-sheet';
import { fileIdOf } from '../emulator/storage/file-id';
import { runCli } from './batch-cli-process';
import { scannedPayload, startFunctionsEmulator, type FunctionsEmulator } from './functions-emulator';
import { httpRequest, parseJsonReply } from './loopback-http';

const TOKEN = 'files-test-token';
const ENDPOINT = '/api/wxacode/batch';

let emu: FunctionsEmulator;
let work: string;
beforeAll(async () => {
  emu = await startFunctionsEmulator({ functionEnvByName: { wxacodeBatch: { WXACODE_HTTP_TOKENS: TOKEN, WXACODE_BATCH_RATE: '600' } } });
  work = mkdtempSync(join(tmpdir(), 'wxacode-batch-files-'));
});
afterAll(async () => {
  await emu?.dispose();
  rmSync(work, { recursive: true, force: true });
});
afterEach(() => expect(emu.blocked()).toEqual([]));

const cliArgs = (input: string, ...more: string[]) => [input, '--target', emu.url, '--token', TOKEN, '--poll', '0.2', ...more];
const images = (dir: string) => readdirSync(dir).filter((f) => /\.(jpg|png)$/.test(f)).sort();

/** what a phone gets from the code: the scene in it, resolved by wxacodeResolveScene to the item's sceneData */
async function scannedData(image: Buffer): Promise<unknown> {
  const { scene } = scannedPayload(image) as { scene: string };
  const resolved = await emu.result('wxacodeResolveScene', { scene });
  expect(resolved.errCode).toBe(0);
  return resolved.data;
}

/** each image in --out, named by its exact label, holds the code of that label's row */
async function expectCodesOf(out: string, rows: Record<string, Record<string, unknown>>): Promise<void> {
  expect(images(out)).toEqual(Object.keys(rows).map((label) => `${label}.jpg`).sort());
  for (const [label, data] of Object.entries(rows)) expect(await scannedData(readFileSync(join(out, `${label}.jpg`)))).toEqual(data);
}

it('a GBK CSV saved by Excel on Chinese Windows: labels, file names and the values in the codes exact', async () => {
  const input = join(work, 'tables-gbk.csv');
  writeFileSync(input, encodeGb18030('label,shop,table:number\r\n朝阳-01,北京朝阳店,1\r\n牡丹-02,牡丹厅,2\r\n'));
  const run = await runCli(cliArgs(input));
  expect(run.stderr).toContain('read tables-gbk.csv as GB18030 (GBK)');
  expect(run.code).toBe(0);
  await expectCodesOf(join(work, 'tables-gbk'), { '朝阳-01': { shop: '北京朝阳店', table: 1 }, '牡丹-02': { shop: '牡丹厅', table: 2 } });
}, 120_000);

it('UTF-8 with a BOM and CRLF, formula-like labels: manifest.csv neutralized, manifest.json and the files exact', async () => {
  const input = join(work, 'risky.csv');
  const labels = ['=1+1', '+cmd', '@SUM(1)', '-2+3'];
  writeFileSync(input, `\ufefflabel,shop\r\n${labels.map((label, at) => `${label},店${at}𠂇`).join('\r\n')}\r\n`);
  const run = await runCli(cliArgs(input));
  expect(run.code).toBe(0);
  expect(run.stderr).not.toContain('read risky.csv as');
  const out = join(work, 'risky');
  await expectCodesOf(out, Object.fromEntries(labels.map((label, at) => [label, { shop: `店${at}𠂇` }])));
  const json = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as { label: string }[];
  expect(json.map((row) => row.label)).toEqual(labels);
  const csv = parseCsv(readFileSync(join(out, 'manifest.csv'), 'utf8'), { bom: true, columns: true }) as { label: string }[];
  expect(csv.map((row) => row.label)).toEqual(labels.map((label) => `'${label}`));
  const workbook = (await readWorkbook(readFileSync(join(out, 'manifest.xlsx')))) as string[][];
  expect(workbook.slice(1).map((cells) => cells[0])).toEqual(labels);
}, 120_000);

it('an Excel workbook (.xlsx) with number cells, printed as table tents: title and labels in the PDF, each card its code', async () => {
  const input = join(work, 'menu.xlsx');
  await writeXlsxFile([
    { sheet: '说明', data: [['桌号在「桌号」页']] },
    { sheet: '桌号', data: [['label', 'table', 'shop'], ['A-01', 1, '北京朝阳店'], [], ['B-02', 2, '牡丹𠂇店']] },
  ]).toFile(input);
  const logo = new PNG({ width: 60, height: 20 });
  logo.data.fill(120);
  writeFileSync(join(work, 'logo.png'), PNG.sync.write(logo));
  const run = await runCli(cliArgs(input, '--sheet-name', '桌号', '--sheet', '--layout', 'tent', '--title', '扫码点餐', '--subtitle-column', 'shop', '--logo', join(work, 'logo.png')));
  expect(run.stderr).toContain('read menu.xlsx as an Excel workbook (sheet 桌号): 2 items');
  expect(run.code).toBe(0);
  const out = join(work, 'menu');
  await expectCodesOf(out, { 'A-01': { table: 1, shop: '北京朝阳店' }, 'B-02': { table: 2, shop: '牡丹𠂇店' } });

  const pdf = readFileSync(join(out, 'sheet.pdf'));
  const sheet = readSheet(pdf);
  expect(sheet.texts).toEqual([
    ['扫码点餐', '北京朝阳店', 'A-01', '扫码点餐', '北京朝阳店', 'A-01'],
    ['扫码点餐', '牡丹𠂇店', 'B-02', '扫码点餐', '牡丹𠂇店', 'B-02'],
  ]);
  // printed: each card's lower half (the front) scans to its row's values
  const pages = renderSheetPages(pdf, 1.5);
  expect(pages).toHaveLength(2);
  const rows = [{ table: 1, shop: '北京朝阳店' }, { table: 2, shop: '牡丹𠂇店' }];
  for (const [at, png] of pages.entries()) expect(await scannedData(lowerHalf(png))).toEqual(rows[at]);
}, 180_000);

it('a file in no text encoding is refused with its line and what to do, before anything is sent', async () => {
  const input = join(work, 'broken.csv');
  writeFileSync(input, Buffer.concat([Buffer.from('label,shop\nA1,'), encodeGb18030('朝阳'), Buffer.from('\nA2,'), Buffer.from([0xff, 0xfe, 0x41]), Buffer.from('\n')]));
  const run = await runCli(cliArgs(input));
  expect(run.code).toBe(1);
  expect(run.stderr).toMatch(/broken\.csv:line 3: file: is neither UTF-8 nor GB18030 \(GBK\) text: line 3, byte offset 22 \(byte 4 of the line\) cannot be read; received bytes ff fe 41 0a\. 在 Excel 中另存为「CSV UTF-8\(逗号分隔\)」/);
  expect(existsSync(join(work, 'broken'))).toBe(false);
  // a tent that cannot be laid out is refused before the job, not after every code is made
  const tent = await runCli(cliArgs(join(work, 'tables-gbk.csv'), '--sheet', '--layout', 'tent', '--tent-size', '20x30'));
  expect(tent.code).toBe(2);
  expect(tent.stderr).toContain('error: cannot lay out the sheet: sheet.tentSize: must be from 60 to 300 mm wide');
  expect(tent.stderr).not.toContain('submitted');
});

describe('wxacodeBatch given an itemsFileID', () => {
  async function batch(body: unknown): Promise<any> {
    const reply = await httpRequest(`${emu.url}${ENDPOINT}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` }, body: JSON.stringify(body) });
    return parseJsonReply(`POST ${ENDPOINT}`, reply);
  }
  /** a file put in cloud storage as it is (e.g. uploaded in the console), its bytes untouched */
  async function stored(cloudPath: string, bytes: Buffer): Promise<string> {
    await emu.emulator.state.storage.put({ cloudPath, bytes, contentType: 'text/csv', uploadedAt: Date.now() });
    return fileIdOf(emu.emulator.envId, cloudPath);
  }
  const download = async (url: string) => (await httpRequest(url)).body;

  it('reads a GB18030 CSV exactly (a 4-byte character too), neutralizes its manifest.csv and prints tents', async () => {
    const fileID = await stored('lists/tables-gb18030.csv', encodeGb18030('label,shop\r\n朝阳-01,北京朝阳店\r\n-2+3,牡丹𠂇店\r\n'));
    const submitted = await batch({ action: 'submit', itemsFileID: fileID });
    expect(submitted).toMatchObject({ errCode: 0, job: { total: 2 } });
    let job = submitted.job;
    for (let i = 0; i < 300 && job.state === 'running'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      job = (await batch({ action: 'status', jobId: submitted.jobId })).job;
    }
    expect(job).toMatchObject({ state: 'done', made: 2 });
    const results = await batch({ action: 'results', jobId: submitted.jobId, manifest: true, sheet: { layout: 'tent', title: '扫码点餐', subtitleColumn: 'shop' } });
    expect(results.errCode).toBe(0);
    const manifest = JSON.parse((await download(results.manifest.jsonURL)).toString('utf8')) as { label: string; fileID: string }[];
    expect(manifest.map((row) => row.label)).toEqual(['朝阳-01', '-2+3']);
    const csv = parseCsv((await download(results.manifest.csvURL)).toString('utf8'), { bom: true, columns: true }) as { label: string }[];
    expect(csv.map((row) => row.label)).toEqual(['朝阳-01', "'-2+3"]);
    const values = [{ shop: '北京朝阳店' }, { shop: '牡丹𠂇店' }];
    for (const [at, row] of results.rows.entries()) expect(await scannedData(await download(row.tempFileURL))).toEqual(values[at]);

    const pdf = await download(results.sheet.url);
    expect(readSheet(pdf).texts.map((page) => page.slice(0, 3))).toEqual([
      ['扫码点餐', '北京朝阳店', '朝阳-01'],
      ['扫码点餐', '牡丹𠂇店', '-2+3'],
    ]);
    const pages = renderSheetPages(pdf, 1.5);
    for (const [at, png] of pages.entries()) expect(await scannedData(lowerHalf(png))).toEqual(values[at]);
  }, 180_000);

  it('refuses a file in no text encoding with its line and what to do', async () => {
    const fileID = await stored('lists/broken.csv', Buffer.concat([Buffer.from('label,scene\n'), Buffer.from([0x41, 0x2c, 0xff, 0x80]), Buffer.from('\n')]));
    const refused = await batch({ action: 'submit', itemsFileID: fileID });
    expect(refused.errCode).toBe(-700201);
    expect(refused.problems).toEqual([expect.objectContaining({ line: 2, field: 'file', errMsg: expect.stringMatching(/line 2, byte offset 14 .*另存为「CSV UTF-8/) })]);
  }, 60_000);
});

/** the lower half of a page: a tent's front face */
function lowerHalf(png: Buffer): Buffer {
  const page = PNG.sync.read(png);
  const half = Math.floor(page.height / 2);
  const out = new PNG({ width: page.width, height: page.height - half });
  page.data.copy(out.data, 0, half * page.width * 4);
  return PNG.sync.write(out);
}
