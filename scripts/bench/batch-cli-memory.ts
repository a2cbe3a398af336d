/**
 * Part of `npm run bench`, or alone: `npx tsx scripts/bench/batch-cli-memory.ts [1000 10000]`. The batch CLI's memory against a job of N items, to show
 * it stays flat (images are streamed to disk, rows paged). The CLI runs as a user runs it, in its own process,
 * against a stand-in for wxacodeBatch that follows the contract (src/core/batch/contract.ts) and answers at once,
 * so the numbers are the CLI's alone and a 10,000-item job takes seconds, not WeChat's minutes.
 * Prints peak RSS and RSS at each quarter of the downloads, per N.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { ManifestRow } from '../../src/core/batch/contract';
import { parseItemsText } from '../../src/core/batch/files/parse-items';
import { renderCode } from '../../src/emulator/wechat/render';

const ROOT = resolve(__dirname, '..', '..');
const TOKEN = 'bench-token';

interface FakeJob {
  jobId: string;
  labels: string[];
  started: number;
}

/** codes "made" per second by the stand-in: fast, but still in progress while the CLI downloads */
const MADE_PER_SECOND = 2000;

async function startFakeBatch(): Promise<{ url: string; close: () => Promise<void> }> {
  const uploads = new Map<string, string[]>();
  const files = new Map<string, string>();
  const jobs = new Map<string, FakeJob>();
  const image = (await renderCode(JSON.stringify({ api: 'wxacode.getUnlimited', scene: 'bench' }), { width: 430, color: { r: 0, g: 0, b: 0 }, transparent: false })).buffer;
  let base = '';
  const statusOf = (job: FakeJob) => {
    const made = Math.min(job.labels.length, Math.floor(((Date.now() - job.started) / 1000) * MADE_PER_SECOND));
    const now = new Date().toISOString();
    return {
      jobId: job.jobId, jobKey: job.jobId, api: 'getUnlimited', state: made === job.labels.length ? 'done' : 'running',
      total: job.labels.length, made, cached: 0, failed: 0, remaining: job.labels.length - made, failedByErrCode: {},
      ratePerMinute: MADE_PER_SECOND * 60, etaSeconds: (job.labels.length - made) / MADE_PER_SECOND, createdAt: now, updatedAt: now,
    };
  };
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', base);
    if (req.method === 'GET' && url.pathname.startsWith('/img/')) {
      res.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': image.length });
      res.end(image);
      return;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (req.headers.authorization !== `Bearer ${TOKEN}`) return send(res, 403, { errCode: -700101, errMsg: 'token' });
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    switch (body.action) {
      case 'upload': {
        const parts = uploads.get(body.uploadId) ?? [];
        parts[body.part] = body.text;
        uploads.set(body.uploadId, parts);
        if (!body.last) return send(res, 200, { errCode: 0, errMsg: 'ok', uploadId: body.uploadId });
        const fileID = `cloud://bench/${body.uploadId}.csv`;
        files.set(fileID, parts.join(''));
        return send(res, 200, { errCode: 0, errMsg: 'ok', uploadId: body.uploadId, fileID });
      }
      case 'submit': {
        const jobId = `job_${body.jobKey}`;
        const created = !jobs.has(jobId);
        if (created) jobs.set(jobId, { jobId, labels: parseItemsText(files.get(body.itemsFileID) ?? '', 'csv').items.map((i) => i.label), started: Date.now() });
        const job = jobs.get(jobId)!;
        return send(res, 200, { errCode: 0, errMsg: 'ok', jobId, created, job: statusOf(job), skipped: [] });
      }
      case 'status':
        return send(res, 200, { errCode: 0, errMsg: 'ok', job: statusOf(jobs.get(body.jobId)!) });
      case 'results': {
        const job = jobs.get(body.jobId)!;
        const status = statusOf(job);
        const offset = body.offset ?? 0;
        const limit = Math.min(body.limit ?? 1000, 1000);
        const rows = job.labels.slice(offset, offset + limit).map((label, at) => {
          const index = offset + at;
          const made = index < status.made;
          const row: ManifestRow & { tempFileURL?: string } = {
            label, scene: `i=${index}`, sceneMode: 'raw', fileID: made ? `cloud://bench/codes/${index}.jpg` : '',
            status: made ? 'made' : 'pending', errCode: 0, errMsg: '',
          };
          if (made) row.tempFileURL = `${base}/img/${index}.jpg`;
          return row;
        });
        const nextOffset = offset + rows.length < job.labels.length ? offset + rows.length : null;
        return send(res, 200, { errCode: 0, errMsg: 'ok', job: status, rows, nextOffset });
      }
      default:
        return send(res, 400, { errCode: -700204, errMsg: `action ${body.action}` });
    }
  };
  const server = createServer((req, res) => {
    handle(req, res).catch((error) => send(res, 500, { errCode: -700500, errMsg: String(error) }));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  return { url: base, close: () => new Promise((done) => server.close(() => done())) };
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function rssKb(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

async function measure(count: number, target: string): Promise<{ peakMb: number; quartersMb: number[]; seconds: number; files: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'wxacode-cli-mem-'));
  try {
    const input = join(dir, 'items.csv');
    writeFileSync(input, `label,scene\n${Array.from({ length: count }, (_, i) => `code-${i},i=${i}`).join('\n')}\n`);
    const out = join(dir, 'out');
    const started = Date.now();
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts/batch.ts'), input, '--target', target, '--token', TOKEN, '--out', out, '--poll', '0.2'], {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const samples: { rss: number; saved: number }[] = [];
    const timer = setInterval(() => {
      let saved = 0;
      try {
        saved = readdirSync(out).length;
      } catch {
        // not made yet
      }
      samples.push({ rss: rssKb(child.pid!), saved });
    }, 100);
    const code = await new Promise<number | null>((done) => child.on('close', done));
    clearInterval(timer);
    if (code !== 0) throw new Error(`the CLI exited ${code}: ${stderr}`);
    const quarters = [0.25, 0.5, 0.75, 1].map((q) => {
      const sample = samples.find((s) => s.saved >= count * q) ?? samples[samples.length - 1];
      return Math.round(sample.rss / 1024);
    });
    return {
      peakMb: Math.round(Math.max(...samples.map((s) => s.rss)) / 1024),
      quartersMb: quarters,
      seconds: Math.round((Date.now() - started) / 100) / 10,
      files: readdirSync(out).filter((f) => f.endsWith('.jpg')).length,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchBatchCliMemory(log: (line: string) => void, counts: readonly number[] = [1000, 10000]): Promise<void> {
  const fake = await startFakeBatch();
  try {
    for (const count of counts) {
      const result = await measure(count, fake.url);
      log(`batch CLI, ${count} items: ${result.files} images saved in ${result.seconds} s; RSS peak ${result.peakMb} MB; at 25/50/75/100 % saved ${result.quartersMb.join(' / ')} MB`);
    }
  } finally {
    await fake.close();
  }
}

if (require.main === module) {
  const counts = process.argv.slice(2).map(Number).filter((n) => n > 0);
  benchBatchCliMemory(console.log, counts.length ? counts : undefined).catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
