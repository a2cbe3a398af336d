import { Presets, SingleBar } from 'cli-progress';
import { readdirSync, readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { startFunctionsEmulator, type FunctionsEmulator } from '../../src/e2e/functions-emulator';
import { renderCode } from '../../src/emulator/wechat/render';
import { median } from './require-time';

export interface EmulatorBenchOptions {
  /** new getUnlimited codes asked for at each level of concurrency */
  misses: number;
  /** requests for one stored code at each level of concurrency */
  hits: number;
  /** callers at once, each waiting for its answer before asking again */
  concurrency: readonly number[];
  /** warm function instances the emulator may run per function (one call at a time each, as SCF) */
  instances: number;
  /** renderCode calls per format for the median */
  renders: number;
}

export const DEFAULT_EMULATOR_BENCH: EmulatorBenchOptions = { misses: 300, hits: 1000, concurrency: [1, 4, 16], instances: 16, renders: 40 };

export interface ThroughputRow {
  concurrency: number;
  missesPerSecond: number;
  hitsPerSecond: number;
  /** CPU (user+sys) per request of the emulator's process and of the function processes, from the kernel's counters */
  missCpuMs: { emulator: number; functions: number };
  hitCpuMs: { emulator: number; functions: number };
}

export interface EmulatorBenchResult {
  instances: number;
  rows: ThroughputRow[];
  renderJpegMs: number;
  renderPngMs: number;
}

const FUNCTION = 'wxacodeGetUnlimited';
const PAGE = 'pages/index/index';
const CODE_WIDTH = 430;

/**
 * Codes per second through POST /callFunction (the real built function, the real wx-server-sdk, an in-memory
 * emulator on a free port) for new codes and for stored ones at each level of concurrency, and how long the
 * emulator takes to draw one.
 */
export async function benchEmulator(log: (line: string) => void, options = DEFAULT_EMULATOR_BENCH): Promise<EmulatorBenchResult> {
  const rows = await benchThroughput(log, options);
  log(`# Emulator: renderCode of a ${CODE_WIDTH} px code (median of ${options.renders})`);
  const renderJpegMs = await medianRenderMs(options.renders, false);
  log(`renderCode JPEG  ${renderJpegMs.toFixed(1)} ms`);
  const renderPngMs = await medianRenderMs(options.renders, true);
  log(`renderCode PNG   ${renderPngMs.toFixed(1)} ms (transparent, isHyaline)`);
  return { instances: options.instances, rows, renderJpegMs, renderPngMs };
}

async function benchThroughput(log: (line: string) => void, options: EmulatorBenchOptions): Promise<ThroughputRow[]> {
  // one caller makes hundreds of new codes here; the per-user limit (30 an hour) would refuse most of them
  const emu = await startFunctionsEmulator({
    functionEnv: { WXACODE_RATE_LIMIT: 'off' },
    emulator: { maxInstancesPerFunction: options.instances },
  });
  try {
    const most = Math.max(...options.concurrency);
    // start every warm instance first: cold starts are not what this measures
    await runAll(emu, Array.from({ length: most * 2 }, (_, i) => `warm-${i}`), most, false);
    log(`# Emulator: codes through POST /callFunction (${FUNCTION}, in memory, up to ${options.instances} warm instances)`);
    log('callers  new codes/s  cache hits/s   CPU per new code (emulator + functions)   CPU per hit');
    const rows: ThroughputRow[] = [];
    const perRequest = (cpu: { emulator: number; functions: number }, n: number) => ({ emulator: cpu.emulator / n, functions: cpu.functions / n });
    const show = (cpu: { emulator: number; functions: number }) => `${cpu.emulator.toFixed(1)} + ${cpu.functions.toFixed(1)} ms`;
    for (const concurrency of options.concurrency) {
      const missScenes = Array.from({ length: options.misses }, (_, i) => `miss-${concurrency}-${i}`);
      const miss = await measured(() => runAll(emu, missScenes, concurrency, false));
      const hit = await measured(() => runAll(emu, Array(options.hits).fill(missScenes[0]), concurrency, true));
      const row: ThroughputRow = {
        concurrency,
        missesPerSecond: (options.misses * 1000) / miss.wallMs,
        hitsPerSecond: (options.hits * 1000) / hit.wallMs,
        missCpuMs: perRequest(miss.cpu, options.misses),
        hitCpuMs: perRequest(hit.cpu, options.hits),
      };
      rows.push(row);
      log(
        `${String(concurrency).padStart(7)}  ${row.missesPerSecond.toFixed(1).padStart(11)}  ${row.hitsPerSecond.toFixed(1).padStart(12)}` +
          `   ${show(row.missCpuMs).padStart(38)}   ${show(row.hitCpuMs)}`,
      );
    }
    return rows;
  } finally {
    await emu.dispose();
  }
}

/** Wall time, and the CPU this process and its children (the function instances) used meanwhile. */
async function measured(run: () => Promise<void>): Promise<{ wallMs: number; cpu: { emulator: number; functions: number } }> {
  const ownBefore = process.cpuUsage();
  const childrenBefore = childrenCpuMs();
  const started = performance.now();
  await run();
  const wallMs = performance.now() - started;
  const own = process.cpuUsage(ownBefore);
  return { wallMs, cpu: { emulator: (own.user + own.system) / 1000, functions: childrenCpuMs() - childrenBefore } };
}

/** utime + stime of this process's live children, from /proc (Linux); 0 where /proc is not there */
function childrenCpuMs(): number {
  let total = 0;
  const tick = 1000 / 100; // USER_HZ is 100 on Linux
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return 0;
  }
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[1]) === process.pid) total += (Number(fields[11]) + Number(fields[12])) * tick;
    } catch {
      // gone meanwhile
    }
  }
  return total;
}

/** Asks for one code per scene, `concurrency` at a time; a reply that is not the expected kind stops the bench. */
async function runAll(emu: FunctionsEmulator, scenes: string[], concurrency: number, expectCached: boolean): Promise<void> {
  // a bar only for a person watching; piped output (CI, files) gets the result lines alone
  const progress = process.stdout.isTTY ? new SingleBar({ clearOnComplete: true, hideCursor: true }, Presets.shades_classic) : undefined;
  progress?.start(scenes.length, 0);
  let next = 0;
  const worker = async () => {
    while (next < scenes.length) {
      const scene = scenes[next++];
      const { status, body } = await emu.callFunction(FUNCTION, { scene, page: PAGE });
      const result = body?.result;
      if (status !== 200 || result?.errCode !== 0 || result.cached !== expectCached) {
        throw new Error(`scene ${scene}: expected a ${expectCached ? 'cached' : 'new'} code, got ${status} ${JSON.stringify(body)}`);
      }
      progress?.increment();
    }
  };
  try {
    await Promise.all(Array.from({ length: concurrency }, worker));
  } finally {
    progress?.stop();
  }
}

/** What the simulated WeChat draws for a typical getUnlimited call: the JSON of its parameters. */
async function medianRenderMs(renders: number, transparent: boolean): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < renders; i++) {
    const text = JSON.stringify({ api: 'wxacode.getUnlimited', scene: `render-${i}`, page: PAGE, width: CODE_WIDTH, is_hyaline: transparent });
    const started = performance.now();
    await renderCode(text, { width: CODE_WIDTH, color: { r: 0, g: 0, b: 0 }, transparent });
    times.push(performance.now() - started);
  }
  return median(times);
}
