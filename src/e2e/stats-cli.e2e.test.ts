import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSheet } from 'read-excel-file/node';
import { chinaDate } from '../core/entries/china-date';
import { runCli } from './batch-cli-process';
import { REPO_ROOT, startFunctionsEmulator, type FunctionsEmulator } from './functions-emulator';

/**
 * `wxacode-cloudbase stats` and `live` as a team runs them after `batch`: the installed command (bin/, dist/cli.js)
 * in its own process, over HTTP to the built wxacodeAdmin in the emulator, on the items file of a batch job whose
 * codes users have scanned.
 */

const TOKEN = 'stats-cli-token-0123456789';

function command(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [join(REPO_ROOT, 'bin/wxacode-cloudbase.js'), ...args], { cwd: REPO_ROOT, env: { ...process.env, WXACODE_BATCH_TOKEN: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

let emu: FunctionsEmulator;
let work: string;
let input: string;
let scenes: Record<string, string>;
const enter = (label: string, sceneValue: number, user: string) =>
  emu.result('wxacodeResolveScene', { scene: encodeURIComponent(scenes[label]), entry: { sceneValue, page: 'pages/index/index' } }, user);

beforeAll(async () => {
  emu = await startFunctionsEmulator({ functionEnv: { WXACODE_HTTP_TOKENS: TOKEN } });
  work = mkdtempSync(join(tmpdir(), 'wxacode-stats-cli-'));
  input = join(work, 'tables.csv');
  writeFileSync(input, 'label,table:number,shop\n桌1,1,北京朝阳店\n桌2,2,北京朝阳店\n=桌3,3,北京朝阳店\n');
  const made = await runCli([input, '--target', emu.url, '--token', TOKEN, '--poll', '0.1', '--scene-mode', 'stored']);
  expect(made).toMatchObject({ code: 0 });
  const manifest = JSON.parse(readFileSync(join(work, 'tables', 'manifest.json'), 'utf8')) as { label: string; scene: string; sceneMode: string }[];
  expect(manifest.map((row) => row.sceneMode)).toEqual(['stored', 'stored', 'stored']);
  scenes = Object.fromEntries(manifest.map((row) => [row.label, row.scene]));
});
afterAll(async () => {
  await emu?.dispose();
  rmSync(work, { recursive: true, force: true });
});

it('stats <items file>: the job\'s codes by label, printed and written to stats.csv and stats.xlsx', async () => {
  expect(await enter('桌1', 1047, 'oStatsUserA000000000000000001')).toMatchObject({ recorded: true });
  expect(await enter('桌1', 1048, 'oStatsUserB000000000000000002')).toMatchObject({ recorded: true });
  expect(await enter('桌1', 1048, 'oStatsUserB000000000000000002')).toMatchObject({ recorded: false });
  expect(await enter('桌2', 1047, 'oStatsUserA000000000000000001')).toMatchObject({ recorded: true });
  const today = chinaDate(Date.now());

  const run = await command(['stats', input, '--target', emu.url, '--token', TOKEN]);
  expect(run.stderr).toContain('3 codes; wrote');
  expect(run.code).toBe(0);
  const lines = run.stdout.trim().split('\n').map((line) => line.trim().split(/\s{2,}/));
  expect(lines[0]).toEqual(['label', 'scene', 'entries', 'users', 'newUsers', '场景值 1047', '场景值 1048', today]);
  expect(lines.slice(1).map((l) => [l[0], ...l.slice(2)])).toEqual([
    ['桌1', '2', '2', '2', '1', '1', '2'],
    ['桌2', '1', '1', '0', '1', '0', '1'],
    ['=桌3', '0', '0', '0', '0', '0', '0'],
  ]);

  const csv = readFileSync(join(work, 'tables', 'stats.csv'), 'utf8');
  expect(csv.split('\r\n')).toEqual([
    `\uFEFFlabel,scene,entries,users,newUsers,场景值 1047,场景值 1048,${today}`,
    // text cells that look like formulas (a stored scene starts with @) get a quote, as in manifest.csv
    `桌1,'${scenes['桌1']},2,2,2,1,1,2`,
    `桌2,'${scenes['桌2']},1,1,0,1,0,1`,
    `'=桌3,'${scenes['=桌3']},0,0,0,0,0,0`,
    '',
  ]);
  const sheet = await readSheet(readFileSync(join(work, 'tables', 'stats.xlsx')));
  expect(sheet[1]).toEqual(['桌1', scenes['桌1'], 2, 2, 2, 1, 1, 2]);
  expect(sheet[3][0]).toBe('=桌3');
});

it('live: point every code of the job to a new page, disable one with a message, list its history', async () => {
  const page = await command(['live', input, '--all', '--page', 'pages/make/make', '--target', emu.url, '--token', TOKEN]);
  expect(page).toMatchObject({ code: 0 });
  expect(page.stdout.trim().split('\n')).toHaveLength(3);
  expect(await enter('=桌3', 1047, 'oStatsUserC000000000000000003')).toMatchObject({ errCode: 0, page: 'pages/make/make', data: { table: 3, shop: '北京朝阳店' } });

  const off = await command(['live', input, '--label', '桌2', '--disable', '--message', '本桌暂停使用', '--target', emu.url, '--token', TOKEN]);
  expect(off).toMatchObject({ code: 0 });
  expect(await enter('桌2', 1047, 'oStatsUserC000000000000000003')).toEqual({ errCode: -700005, errMsg: '本桌暂停使用' });
  expect(await enter('桌1', 1047, 'oStatsUserC000000000000000003')).toMatchObject({ errCode: 0 });

  const history = await command(['live', input, '--label', '桌2', '--history', '--target', emu.url, '--token', TOKEN]);
  expect(history.stdout.trim().split('\n').map((l) => l.split(/\s{2,}/).slice(1))).toEqual([
    ['update', 'http token 1', 'page pages/make/make'],
    ['disable', 'http token 1', 'message "本桌暂停使用"'],
  ]);

  const wrong = await command(['live', input, '--label', '桌2', '--disable', '--target', emu.url, '--token', TOKEN]);
  expect(wrong).toMatchObject({ code: 2, stderr: expect.stringContaining('--disable: needs --message') });
});
