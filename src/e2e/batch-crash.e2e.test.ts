/**
 * Issue 11: the emulator killed with SIGKILL in the middle of a batch job (its function processes and their workers'
 * hand-on chain die with it) and started again on the same data folder, as `npm start` keeps it. The job resumes when
 * its owner asks about it again, as the CLI's re-run does (submit the same items, poll status), and ends with the same
 * manifest as a run nobody interrupted: every label with the same code file, each scanning to its item's scene.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { downloadImage, scannedPayload, startFunctionsEmulator, writeCloudbaserc } from './functions-emulator';
import { httpRequest, parseJsonReply } from './loopback-http';

const TOKEN = 'tok_e2e_batch_crash_5b8e2d';
const ENDPOINT = '/api/wxacode/batch';
const ITEMS = 30;
/** slow enough that the kill lands mid-job: one call a second */
const BATCH_RATE = '60';
/** the workers' silence that makes a status poll restart them: the shortest allowed, so the test waits ~10 s, not 2 min */
const STALL_SECONDS = '8';
const ENV = { wxacodeBatch: { WXACODE_HTTP_TOKENS: TOKEN, WXACODE_BATCH_RATE: BATCH_RATE, WXACODE_BATCH_STALL_SECONDS: STALL_SECONDS } };
const EMULATOR = join(__dirname, 'testing', 'persistent-emulator.ts');
const items = Array.from({ length: ITEMS }, (_, i) => ({ label: `餐桌-${i}`, scene: `table=${i}` }));
const defaults = { page: 'pages/index/index' };

interface Running {
  child: ChildProcess;
  url: string;
  blocked: string[];
}

/** the emulator in a process group of its own, so that SIGKILL takes its function processes with it, as a crash would */
function startEmulator(dataDir: string, rc: string): Promise<Running> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', EMULATOR, dataDir, rc], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const blocked: string[] = [];
    let stderr = '';
    child.stderr!.on('data', (chunk) => (stderr += chunk));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (line.startsWith('ready ')) resolve({ child, url: line.slice('ready '.length), blocked });
      if (line.startsWith('blocked ')) blocked.push(line);
    });
    child.on('exit', (code, signal) => reject(new Error(`the emulator exited (${code ?? signal}) before it was ready: ${stderr}`)));
  });
}

function killHard(running: Running): Promise<void> {
  return new Promise((resolve) => {
    if (running.child.exitCode !== null || running.child.signalCode !== null) return resolve();
    running.child.once('exit', () => resolve());
    process.kill(-running.child.pid!, 'SIGKILL');
  });
}

async function batch(url: string, body: unknown): Promise<any> {
  const reply = await httpRequest(`${url}${ENDPOINT}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
    body: JSON.stringify(body),
  });
  return parseJsonReply(`POST ${ENDPOINT}`, reply);
}

/** polls status (as the CLI does) until `done(job)`; generous, the machine is shared */
async function pollUntil(url: string, jobId: string, done: (job: any) => boolean, minutes: number): Promise<any> {
  const until = Date.now() + minutes * 60_000;
  for (;;) {
    const reply = await batch(url, { action: 'status', jobId });
    expect(reply.errCode).toBe(0);
    if (done(reply.job)) return reply.job;
    if (Date.now() > until) throw new Error(`job ${jobId} not there after ${minutes} minutes: ${JSON.stringify(reply.job)}`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

async function manifestRows(url: string, jobId: string): Promise<any[]> {
  const reply = await batch(url, { action: 'results', jobId, limit: 1000 });
  expect(reply).toMatchObject({ errCode: 0, nextOffset: null });
  return reply.rows;
}

/** a code the killed worker stored but could not record on its item is found in the cache by its successor */
const comparable = (rows: any[]) =>
  rows.map(({ label, scene, sceneMode, fileID, status, errCode, errMsg }) => ({ label, scene, sceneMode, fileID, status: status === 'cached' ? 'made' : status, errCode, errMsg }));

let scratch: string;
const started: Running[] = [];
beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'wxacode-batch-crash-'));
});
afterAll(async () => {
  for (const running of started) await killHard(running);
  rmSync(scratch, { recursive: true, force: true });
});

it('SIGKILLed mid-job and restarted on the same data, the job resumes and its manifest equals an uninterrupted run', async () => {
  const dataDir = join(scratch, 'data');
  const rc = writeCloudbaserc(scratch, { functionEnvByName: ENV });

  const first = await startEmulator(dataDir, rc);
  started.push(first);
  const submitted = await batch(first.url, { action: 'submit', items, defaults });
  expect(submitted).toMatchObject({ errCode: 0, created: true });
  const jobId = submitted.jobId as string;
  const before = await pollUntil(first.url, jobId, (job) => job.made + job.cached >= 8, 5);
  expect(before.state).toBe('running');
  await killHard(first);
  expect(first.blocked).toEqual([]);

  const second = await startEmulator(dataDir, rc);
  started.push(second);
  // the CLI run again: the same items are the same job, kept through the crash with what it had made
  const again = await batch(second.url, { action: 'submit', items, defaults });
  expect(again).toMatchObject({ errCode: 0, created: false, jobId, job: { total: ITEMS } });
  expect(again.job.made + again.job.cached).toBeGreaterThanOrEqual(before.made + before.cached);
  expect(again.job.remaining).toBeGreaterThan(0);
  // its workers died with the emulator; once they have been silent long enough, asking about the job restarts them
  const done = await pollUntil(second.url, jobId, (job) => job.state !== 'running', 8);
  expect(done).toMatchObject({ state: 'done', failed: 0, remaining: 0, total: ITEMS });
  const resumedRows = await manifestRows(second.url, jobId);
  // after the restart, WeChat was asked for each missing code at most once
  const calls = parseJsonReply('GET /_emulator/wechat/calls', await httpRequest(`${second.url}/_emulator/wechat/calls`, { method: 'GET' })).calls as any[];
  const scenes = calls.filter((c) => c.errcode === 0).map((c) => String(c.params.scene));
  expect(scenes.length).toBe(new Set(scenes).size);
  expect(scenes.length).toBeLessThanOrEqual(ITEMS - (before.made + before.cached));
  for (const row of resumedRows) {
    const image = await downloadImage((await batch(second.url, { action: 'results', jobId, offset: resumedRows.indexOf(row), limit: 1 })).rows[0].tempFileURL);
    expect(scannedPayload(image.bytes)).toMatchObject({ scene: row.scene });
  }
  expect(second.blocked).toEqual([]);
  await killHard(second);

  // the same job, never interrupted
  const clean = await startFunctionsEmulator({ functionEnvByName: ENV });
  try {
    const cleanJob = await batch(clean.url, { action: 'submit', items, defaults });
    expect(cleanJob).toMatchObject({ errCode: 0, created: true, jobId });
    expect(await pollUntil(clean.url, jobId, (job) => job.state !== 'running', 5)).toMatchObject({ state: 'done', made: ITEMS });
    const cleanRows = await manifestRows(clean.url, jobId);
    expect(comparable(resumedRows)).toEqual(comparable(cleanRows));
    expect(resumedRows.map((r) => r.label)).toEqual(items.map((i) => i.label));
    expect(resumedRows.map((r) => r.scene)).toEqual(items.map((i) => i.scene));
    expect(clean.blocked()).toEqual([]);
  } finally {
    await clean.dispose();
  }
}, 15 * 60_000);
