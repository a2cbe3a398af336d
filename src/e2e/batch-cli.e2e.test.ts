import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { readSheet as readWorkbook } from 'read-excel-file/node';
import { readSheet } from '../core/batch/files/testing/read-sheet';
import { runCli, startCli } from './batch-cli-process';
import { scannedPayload, startFunctionsEmulator, type FunctionsEmulator } from './functions-emulator';

/**
 * `npm run batch` as a user runs it: the CLI in its own process, talking HTTP to the real, built wxacodeBatch in the
 * emulator (which the real wx-server-sdk inside it takes for CloudBase), WeChat simulated behind it.
 */

const TOKEN = 'cli-test-token';
const ITEMS = 12;

async function waitFor(what: string, condition: () => boolean, timeoutMs = 90_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const images = (dir: string) => (existsSync(dir) ? readdirSync(dir).filter((f) => /\.(jpg|png)$/.test(f)).sort() : []);

function tablesCsv(count: number): string {
  const rows = Array.from({ length: count }, (_, i) => (i % 3 === 0 ? `桌${i + 1},,,${i + 1},北京店` : `T${i + 1},table=${i + 1},pages/index/index,,`));
  return ['label,scene,page,table:number,shop', ...rows].join('\n') + '\n';
}

/** what the code of each label must say when scanned: WeChat's scene for it */
function expectedScenes(manifest: { label: string; scene: string }[]): Record<string, string> {
  return Object.fromEntries(manifest.map((row) => [row.label, row.scene]));
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe('npm run batch against wxacodeBatch in the emulator', () => {
  let emu: FunctionsEmulator;
  let work: string;

  beforeAll(async () => {
    emu = await startFunctionsEmulator({
      // 120 a minute: slow enough to press Ctrl-C in the middle of 12 codes
      functionEnvByName: { wxacodeBatch: { WXACODE_HTTP_TOKENS: TOKEN, WXACODE_BATCH_RATE: '120' } },
    });
    work = mkdtempSync(join(tmpdir(), 'wxacode-batch-cli-'));
  });
  afterAll(async () => {
    await emu?.dispose();
    rmSync(work, { recursive: true, force: true });
  });

  it('resumes after Ctrl-C, downloads only what it lacks, and ends with the manifest of an uninterrupted run', async () => {
    const input = join(work, 'tables.csv');
    writeFileSync(input, tablesCsv(ITEMS));
    const out = join(work, 'tables');
    const args = [input, '--target', emu.url, '--token', TOKEN, '--poll', '0.2'];

    const first = startCli(args);
    await waitFor('two codes saved', () => images(out).length >= 2);
    first.interrupt();
    const interrupted = await first.done;
    expect(interrupted.code).toBe(130);
    expect(interrupted.stderr).toContain('run the same command again to resume');
    const savedFirst = images(out);
    expect(savedFirst.length).toBeGreaterThanOrEqual(2);
    expect(savedFirst.length).toBeLessThan(ITEMS);
    expect(existsSync(join(out, 'manifest.json'))).toBe(false);
    const before = Object.fromEntries(savedFirst.map((f) => [f, statSync(join(out, f)).mtimeMs]));

    const second = await runCli(args);
    expect(second.stderr).toContain('resuming job');
    expect(second.code).toBe(0);
    expect(images(out)).toHaveLength(ITEMS);
    // the first run's images were kept, not fetched again
    for (const [file, mtime] of Object.entries(before)) expect(statSync(join(out, file)).mtimeMs).toBe(mtime);
    expect(second.stdout).toMatch(new RegExp(`(\\d+) downloaded, ${savedFirst.length} already in`));

    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as { label: string; scene: string; status: string; fileID: string; sceneMode: string }[];
    expect(manifest.map((row) => row.label)).toEqual(tablesCsv(ITEMS).trim().split('\n').slice(1).map((line) => line.split(',')[0]));
    expect(manifest.every((row) => row.status === 'made' && row.fileID.startsWith('cloud://'))).toBe(true);
    const csvRows = parseCsv(readFileSync(join(out, 'manifest.csv'), 'utf8'), { bom: true, columns: true }) as Record<string, string>[];
    expect(csvRows.map((row) => [row.label, row.scene, row.status])).toEqual(manifest.map((row) => [row.label, row.scene, row.status]));
    // manifest.xlsx, read by a workbook reader: the exact scenes (stored ones start with @), as manifest.json has them
    const workbook = (await readWorkbook(readFileSync(join(out, 'manifest.xlsx')))) as (string | null)[][];
    expect(workbook[0]).toEqual(['label', 'scene', 'sceneMode', 'fileID', 'status', 'errCode', 'errMsg']);
    expect(workbook.slice(1).map((cells) => [cells[0], cells[1], cells[3]])).toEqual(manifest.map((row) => [row.label, row.scene, row.fileID]));

    // every image says its item's scene when scanned: the label names the right code
    const scenes = expectedScenes(manifest);
    for (const file of images(out)) {
      const label = file.replace(/\.(jpg|png)$/, '');
      expect(scannedPayload(readFileSync(join(out, file)))).toMatchObject({ api: 'wxacode.getUnlimited', scene: scenes[label] });
    }
    expect(scenes.T2).toBe('table=2');
    expect(manifest.find((row) => row.label === '桌1')?.sceneMode).toMatch(/inline|stored/);

    // one WeChat call per item across both runs: nothing made twice
    const calls = (await emu.wechatCalls()).filter((call) => call.api === 'wxacode.getUnlimited');
    expect(calls).toHaveLength(ITEMS);

    // status reads the same job
    const status = await runCli(['status', input, '--target', emu.url, '--token', TOKEN]);
    expect(status.code).toBe(0);
    expect(status.stdout).toContain(`${ITEMS} items: made ${ITEMS}, cached 0, failed 0, remaining 0`);

    // the same file on a fresh emulator, uninterrupted: the same manifest
    await emu.reset();
    const fresh = join(work, 'fresh');
    const again = await runCli([input, '--target', emu.url, '--token', TOKEN, '--poll', '0.2', '--out', fresh, '--sheet', '--columns', '3']);
    expect(again.code).toBe(0);
    expect(readFileSync(join(fresh, 'manifest.json'), 'utf8')).toBe(readFileSync(join(out, 'manifest.json'), 'utf8'));
    expect(readFileSync(join(fresh, 'manifest.csv'), 'utf8')).toBe(readFileSync(join(out, 'manifest.csv'), 'utf8'));

    // the print sheet, read back by a PDF reader: every label, and under it the code of that label's scene
    expect(again.stdout).toContain(`sheet.pdf: ${ITEMS} codes`);
    const sheet = readSheet(readFileSync(join(fresh, 'sheet.pdf')));
    expect(sheet.texts.flat()).toEqual(manifest.map((row) => row.label));
    const codes = sheet.images.flat();
    expect(codes).toHaveLength(ITEMS);
    codes.forEach((png, at) => expect(scannedPayload(png)).toMatchObject({ api: 'wxacode.getUnlimited', scene: manifest[at].scene }));

    // and the sheet subcommand makes it again from the codes in --out, with another layout
    const resheet = await runCli(['sheet', input, '--out', out, '--paper', 'A5', '--columns', '2']);
    expect(resheet.code).toBe(0);
    expect(readSheet(readFileSync(join(out, 'sheet.pdf'))).texts.flat()).toEqual(manifest.map((row) => row.label));
  }, 300_000);

  it('refuses a bad file with its line numbers before sending anything', async () => {
    const input = join(work, 'bad.csv');
    writeFileSync(input, 'label,scene,width\nA1,table=1,430\nA1,table=2,\nB,table=%,\nC,c=1,99\n,d=1,\n');
    // nothing listens on this port: a refusal that names lines proves no request was needed
    const nowhere = `http://127.0.0.1:${await freePort()}`;
    const run = await runCli([input, '--target', nowhere, '--token', TOKEN]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('bad.csv: 4 problems, nothing was submitted');
    expect(run.stderr).toMatch(/bad\.csv:line 3 \(A1\): label: must be unique in the job.*already the label of item 0 \(line 2\)/);
    expect(run.stderr).toMatch(/bad\.csv:line 4 \(B\): scene: .*"table=%"/);
    expect(run.stderr).toMatch(/bad\.csv:line 5 \(C\): width: must be an integer number of pixels from 280 to 1280; received number 99/);
    expect(run.stderr).toMatch(/bad\.csv:line 6: label: /);
    expect(run.stderr).not.toContain('connection refused');
  }, 120_000);

  it('--api urlLink: one link per row, manifest.csv / .json with each link and its expiry, the links open in the emulator', async () => {
    const input = join(work, 'members.csv');
    writeFileSync(input, 'label,query\n张三,member=1&from=sms\n李四,member=2&from=sms\n王五,member=3&from=sms\n');
    const out = join(work, 'members');
    const run = await runCli([input, '--api', 'urlLink', '--target', emu.url, '--token', TOKEN, '--poll', '0.2']);
    expect(run.code).toBe(0);
    // what the CLI says speaks of links, not of codes to download
    expect(run.stderr).toMatch(/^submitted job \S+: 3 links$/m);
    expect(run.stderr).toMatch(/7 a link, fewer for links already stored/);
    expect(run.stdout).toMatch(/^links in \S+; wrote manifest\.csv/m);
    expect(`${run.stdout}${run.stderr}`).not.toMatch(/codes|downloaded/);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as { label: string; link: string; expiresAt: string; linkId: string; status: string }[];
    expect(manifest.map((row) => [row.label, row.status])).toEqual([['张三', 'made'], ['李四', 'made'], ['王五', 'made']]);
    for (const row of manifest) {
      expect(row.link).toMatch(/^https:\/\/wxaurl\.cn\/[0-9A-Za-z]+$/);
      // no expiry given: 30 days, the longest
      expect(Date.parse(row.expiresAt) - Date.now()).toBeGreaterThan(29.9 * 86_400_000);
    }
    const csv = parseCsv(readFileSync(join(out, 'manifest.csv'), 'utf8'), { columns: true, bom: true }) as Record<string, string>[];
    expect(Object.keys(csv[0])).toEqual(['label', 'link', 'expiresAt', 'linkId', 'scene', 'sceneMode', 'status', 'errCode', 'errMsg']);
    expect(csv[1]).toMatchObject({ label: '李四', link: manifest[1].link, expiresAt: manifest[1].expiresAt });
    const sheet = (await readWorkbook(readFileSync(join(out, 'manifest.xlsx')))) as (string | null)[][];
    expect(sheet[0]).toEqual(['label', 'link', 'expiresAt', 'linkId', 'scene', 'sceneMode', 'status', 'errCode', 'errMsg']);
    expect(sheet[2].slice(0, 3)).toEqual(['李四', manifest[1].link, manifest[1].expiresAt]);
    const { body } = await (await import('./loopback-http')).httpJson(`${emu.url}/_emulator/links/open?link=${encodeURIComponent(manifest[1].link)}`, { method: 'GET' });
    expect(body).toMatchObject({ opens: true, query: { member: '2', from: 'sms', wxl: manifest[1].linkId }, sceneValue: 1194 });
    expect(images(out)).toEqual([]);
  }, 120_000);

  it('says what to do about a wrong token and about no emulator running', async () => {
    const input = join(work, 'one.csv');
    writeFileSync(input, 'label,scene\nA,a=1\n');
    const wrong = await runCli([input, '--target', emu.url, '--token', 'not-the-token']);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/error: the token was refused: .* answered 403 .*Pass --token \(or set WXACODE_BATCH_TOKEN\)/);
    const none = await runCli([input, '--target', emu.url]);
    expect(none.stderr).toMatch(/error: no token: .* answered 401/);
    const fromEnv = await runCli([input, '--target', emu.url, '--poll', '0.2'], { WXACODE_BATCH_TOKEN: TOKEN });
    expect(fromEnv.code).toBe(0);

    const port = await freePort();
    const down = await runCli([input, '--target', `http://127.0.0.1:${port}`, '--token', TOKEN]);
    expect(down.code).toBe(1);
    expect(down.stderr).toContain(`error: nothing is listening at http://127.0.0.1:${port} (connection refused)`);
    expect(down.stderr).toContain('npm start');
  }, 180_000);
});
