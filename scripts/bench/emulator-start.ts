/**
 * The emulator as a user runs it: `npm start` in a child process (the README's command, persistence on, data in a
 * scratch folder), reached through POST /callFunction by callers in this process. New codes and cache hits a second
 * at each level of concurrency, with the CPU each one cost the emulator's process and the function instances.
 *
 *   npx tsx scripts/bench/emulator-start.ts            this part of `npm run bench` alone (after npm run build)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { httpJson } from '../../src/e2e/loopback-http';

export interface StartBenchOptions {
  /** new codes asked for at each level of concurrency */
  misses: number;
  /** requests for one stored code at each level of concurrency */
  hits: number;
  concurrency: readonly number[];
  /** extra environment of `npm start` (e.g. WXACODE_EMULATOR_INSTANCES_AT_ONCE to compare another bound) */
  env?: Record<string, string>;
}

export const DEFAULT_START_BENCH: StartBenchOptions = { misses: 300, hits: 1000, concurrency: [1, 4, 16] };

export interface CpuMs {
  emulator: number;
  functions: number;
}

export interface StartThroughputRow {
  concurrency: number;
  missesPerSecond: number;
  hitsPerSecond: number;
  /** CPU (user+sys) per request of the emulator's process and of the function instances, from the kernel's counters */
  missCpuMs: CpuMs;
  hitCpuMs: CpuMs;
  /** live instances of the function once this level's new codes were made: what the runner scaled to */
  instancesAfterMisses: number;
  /** their resident memory then, MB in all (each is counted at its memorySize, 256 MB, against the budget) */
  instancesRssMb: number;
  /** the machine's 1-minute load average after this row: figures from a busy machine compare as ratios only */
  loadAverage: number;
}

export interface StartBenchResult {
  /** how the emulator was started */
  command: string;
  /** the instance line of the start banner: the bound the runner scales within */
  instancesBanner: string;
  startupMs: number;
  rows: StartThroughputRow[];
}

const ROOT = resolve(__dirname, '..', '..');
const FUNCTION = 'wxacodeGetUnlimited';
const PAGE = 'pages/index/index';
const READY = /emulator ready at (http:\/\/127\.0\.0\.1:\d+)/;

export async function benchStartedEmulator(log: (line: string) => void, options: StartBenchOptions = DEFAULT_START_BENCH): Promise<StartBenchResult> {
  const scratch = mkdtempSync(join(tmpdir(), 'wxacode-bench-start-'));
  const args = ['start', '--', '--port', '0', '--data-dir', join(scratch, 'data')];
  const command = 'npm start -- --port 0 --data-dir <a scratch folder>';
  const started = performance.now();
  const emulator = await startEmulator(args, {
    // the bench makes about a thousand new codes in well under a minute: WeChat's own 5,000 a minute is not what it measures
    WXACODE_EMULATOR_RATE_LIMIT: '1000000',
    ...options.env,
  });
  const startupMs = performance.now() - started;
  try {
    log(`# Emulator as started: ${command} (persistence on, a scratch data folder; callers in the bench's process, each request its own user)`);
    log(`${emulator.instancesBanner.trim()}   (started in ${(startupMs / 1000).toFixed(1)} s)`);
    const most = Math.max(...options.concurrency);
    // instances started by a first burst, and a few calls each so their code is compiled hot: cold starts and a
    // function's first calls are not what this measures (a running emulator's instances have long been warm)
    await runAll(emulator.url, scenes('warm', most * 8), most, false);
    await runAll(emulator.url, ['hit'], 1, false);
    log('callers  new codes/s  cache hits/s   CPU per new code (emulator + functions)   CPU per hit   instances (RSS)   load');
    const rows: StartThroughputRow[] = [];
    for (const concurrency of options.concurrency) {
      const miss = await measured(emulator.child.pid!, () => runAll(emulator.url, scenes(`miss-${concurrency}`, options.misses), concurrency, false));
      const instances = descendants(emulator.child.pid!).filter((p) => p.isInstance);
      const instancesAfterMisses = instances.length;
      const instancesRssMb = Math.round(instances.reduce((sum, p) => sum + rssMb(p.pid), 0));
      const hit = await measured(emulator.child.pid!, () => runAll(emulator.url, Array(options.hits).fill('hit'), concurrency, true));
      const row: StartThroughputRow = {
        concurrency,
        missesPerSecond: (options.misses * 1000) / miss.wallMs,
        hitsPerSecond: (options.hits * 1000) / hit.wallMs,
        missCpuMs: perRequest(miss.cpu, options.misses),
        hitCpuMs: perRequest(hit.cpu, options.hits),
        instancesAfterMisses,
        instancesRssMb,
        loadAverage: Number(loadavg()[0].toFixed(2)),
      };
      rows.push(row);
      log(
        `${String(concurrency).padStart(7)}  ${row.missesPerSecond.toFixed(1).padStart(11)}  ${row.hitsPerSecond.toFixed(1).padStart(12)}` +
          `   ${show(row.missCpuMs).padStart(38)}   ${show(row.hitCpuMs).padStart(11)}   ${`${instancesAfterMisses} (${instancesRssMb} MB)`.padStart(15)}   ${row.loadAverage}`,
      );
    }
    return { command, instancesBanner: emulator.instancesBanner.trim(), startupMs, rows };
  } finally {
    await emulator.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
}

const scenes = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}-${i}`);
const perRequest = (cpu: CpuMs, n: number): CpuMs => ({ emulator: cpu.emulator / n, functions: cpu.functions / n });
const show = (cpu: CpuMs) => `${cpu.emulator.toFixed(1)} + ${cpu.functions.toFixed(1)} ms`;

interface StartedEmulator {
  url: string;
  child: ChildProcess;
  instancesBanner: string;
  stop(): Promise<void>;
}

/** `npm start …` in its own process group, resolved once its banner names the URL. */
function startEmulator(args: string[], env: Record<string, string>): Promise<StartedEmulator> {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const child = spawn(npm, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  let output = '';
  const stop = async () => {
    // the whole group: npm, tsx's wrapper and the emulator, which stops its function instances on SIGTERM
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {
      // already gone
    }
    await exited;
  };
  return new Promise((resolveStarted, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const ready = READY.exec(output);
      if (!ready || !output.includes('Ctrl-C to stop')) return;
      child.stdout!.off('data', onData);
      child.stdout!.resume();
      const instancesBanner = output.split('\n').find((line) => line.trimStart().startsWith('instances')) ?? '(no instances line in the banner)';
      resolveStarted({ url: ready[1], child, instancesBanner, stop });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.once('exit', (code) => reject(new Error(`npm ${args.join(' ')} exited (${code}) before it was ready:\n${output.slice(-2000)}`)));
  });
}

/** Wall time, and the CPU the emulator's process tree used meanwhile (function instances apart). */
async function measured(root: number, run: () => Promise<void>): Promise<{ wallMs: number; cpu: CpuMs }> {
  const before = treeCpuMs(root);
  const started = performance.now();
  await run();
  const wallMs = performance.now() - started;
  const after = treeCpuMs(root);
  return { wallMs, cpu: { emulator: after.emulator - before.emulator, functions: after.functions - before.functions } };
}

interface ProcessInfo {
  pid: number;
  ppid: number;
  cpuMs: number;
  isInstance: boolean;
}

/** every live process, from /proc (Linux); none where /proc is not there */
function processes(): ProcessInfo[] {
  const tick = 1000 / 100; // USER_HZ is 100 on Linux
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return [];
  }
  const list: ProcessInfo[] = [];
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      list.push({
        pid: Number(pid),
        ppid: Number(fields[1]),
        cpuMs: (Number(fields[11]) + Number(fields[12])) * tick,
        isInstance: cmdline.includes('bootstrap.js'),
      });
    } catch {
      // gone meanwhile
    }
  }
  return list;
}

function descendants(root: number): ProcessInfo[] {
  const all = processes();
  const inTree = new Set([root]);
  const found: ProcessInfo[] = [];
  // parents are listed before their children often but not always: repeat until nothing is added
  for (let added = true; added; ) {
    added = false;
    for (const p of all) {
      if (!inTree.has(p.pid) && inTree.has(p.ppid)) {
        inTree.add(p.pid);
        found.push(p);
        added = true;
      }
    }
  }
  const self = all.find((p) => p.pid === root);
  return self ? [self, ...found] : found;
}

/** utime + stime of the tree under `root`: the function instances (bootstrap.js) and the rest (npm, tsx, the emulator) */
function treeCpuMs(root: number): CpuMs {
  const cpu: CpuMs = { emulator: 0, functions: 0 };
  for (const p of descendants(root)) {
    if (p.isInstance) cpu.functions += p.cpuMs;
    else cpu.emulator += p.cpuMs;
  }
  return cpu;
}

/** VmRSS of a process, MB; 0 when it is gone */
function rssMb(pid: number): number {
  try {
    const kb = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) / 1024 : 0;
  } catch {
    return 0;
  }
}

/** One code per scene, `concurrency` callers at a time, each request from its own user (openid). */
async function runAll(url: string, scenesToAsk: string[], concurrency: number, expectCached: boolean): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < scenesToAsk.length) {
      const i = next++;
      const scene = scenesToAsk[i];
      // a mini program user may make 30 new codes an hour (WXACODE_RATE_LIMIT's default in cloudbaserc.json)
      const openid = `oBenchUser${String(i).padStart(18, '0')}`;
      const { status, body } = await httpJson(`${url}/callFunction`, {
        method: 'POST',
        headers: { 'x-wx-openid': openid },
        body: { name: FUNCTION, data: { scene, page: PAGE } },
      });
      const result = body?.result;
      if (status !== 200 || result?.errCode !== 0 || result.cached !== expectCached) {
        throw new Error(`scene ${scene}: expected a ${expectCached ? 'cached' : 'new'} code, got ${status} ${JSON.stringify(body)}`);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

if (require.main === module) {
  const env = Object.fromEntries((process.env.BENCH_START_ENV ?? '').split(',').filter(Boolean).map((kv) => kv.split('=') as [string, string]));
  benchStartedEmulator(console.log, { ...DEFAULT_START_BENCH, misses: Number(process.env.MISSES ?? 300), hits: Number(process.env.HITS ?? 1000), env }).catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
