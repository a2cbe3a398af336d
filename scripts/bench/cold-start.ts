import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { createEmulator } from '../../src/emulator/server';
import { median } from './require-time';

const ROOT = path.resolve(__dirname, '../..');
const run = promisify(execFile);

/** One fresh process, measured from outside: wall from spawn to exit, and the CPU the kernel charged it. */
export interface ProcessCost {
  wallMs: number;
  cpuMs: number;
  /** measured inside the process with hrtime, from before require() to the answer (today's in-process figure) */
  insideMs?: number;
}

export interface ColdStartPair {
  bundle: ProcessCost;
  unbundled: ProcessCost;
  cpuRatio: number;
  wallRatio: number;
}

export interface ColdStartResult {
  samples: number;
  /** median over the pairs of each side's figure */
  bundle: ProcessCost;
  unbundled: ProcessCost;
  /** median of the per-pair ratios (bundle / unbundled), so machine noise that hits a pair hits both sides */
  cpuRatio: number;
  wallRatio: number;
  /** a bare `node -e 0` on this machine, for scale */
  bareNode: ProcessCost;
  pairs: ColdStartPair[];
}

/**
 * The whole cold start of a deployed function, measured from outside the process: a fresh `node` loads the handler,
 * answers one getUnlimited call (a cache miss, WeChat answered by the emulator) and exits. bash's `time` reports
 * the wall time from fork to wait and the user+sys CPU the kernel accounted to the child (wait4's rusage), so
 * nothing inside the measured process takes part. The bundle runs from a folder without node_modules; the
 * unbundled baseline requires wx-server-sdk from node_modules, as a team's hand-written function does. Pairs
 * alternate bundle / baseline.
 */
export async function benchColdStart(samples: number, log: (line: string) => void): Promise<ColdStartResult> {
  const emulator = await createEmulator({ rootDir: ROOT, port: 0, inMemory: true });
  const isolated = mkdtempSync(path.join(tmpdir(), 'wxacode-cold-'));
  try {
    const bundle = path.join(isolated, 'index.js');
    copyFileSync(path.join(ROOT, 'cloudfunctions/wxacodeGetUnlimited/index.js'), bundle);
    const baseline = path.join(ROOT, 'scripts/bench/baseline-handler.js');
    const env = { PATH: process.env.PATH ?? '', ...emulator.functionEnvironment({ openid: 'oBench', appid: emulator.appid }), WXACODE_RATE_LIMIT: 'off' };
    const once = (file: string, cwd: string, scene: string) =>
      processCost(
        `const t=process.hrtime.bigint();require(${JSON.stringify(file)}).main({scene:${JSON.stringify(scene)}}).then(r=>{if(r.errCode&&r.errCode!==0){console.error(JSON.stringify(r));process.exit(1)}process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6),()=>process.exit(0))},e=>{console.error(e);process.exit(1)})`,
        cwd,
        env,
      );
    await once(bundle, isolated, 'warm-a'); // the OS file cache, not counted
    await once(baseline, ROOT, 'warm-b');
    const bareNode: ProcessCost[] = [];
    const pairs: ColdStartPair[] = [];
    for (let i = 0; i < samples; i++) {
      const b = await once(bundle, isolated, `cold-bundle-${i}`);
      const u = await once(baseline, ROOT, `cold-baseline-${i}`);
      pairs.push({ bundle: b, unbundled: u, cpuRatio: b.cpuMs / u.cpuMs, wallRatio: b.wallMs / u.wallMs });
      bareNode.push(await processCost('0', isolated, { PATH: process.env.PATH ?? '' }));
    }
    const result: ColdStartResult = {
      samples,
      bundle: medianCost(pairs.map((p) => p.bundle)),
      unbundled: medianCost(pairs.map((p) => p.unbundled)),
      cpuRatio: median(pairs.map((p) => p.cpuRatio)),
      wallRatio: median(pairs.map((p) => p.wallRatio)),
      bareNode: { wallMs: median(bareNode.map((c) => c.wallMs)), cpuMs: median(bareNode.map((c) => c.cpuMs)) },
      pairs,
    };
    log(
      `whole process, spawn to exit (load + one getUnlimited cache miss + exit), median of ${samples} pairs:\n` +
        `  CPU  (user+sys) bundle ${result.bundle.cpuMs.toFixed(0)} ms vs unbundled ${result.unbundled.cpuMs.toFixed(0)} ms: ratio ${result.cpuRatio.toFixed(2)}× ${result.cpuRatio <= 0.5 ? '(≤ 0.5 ok)' : '(ABOVE 0.5)'}\n` +
        `  wall            bundle ${result.bundle.wallMs.toFixed(0)} ms vs unbundled ${result.unbundled.wallMs.toFixed(0)} ms: ratio ${result.wallRatio.toFixed(2)}× ${result.wallRatio <= 0.75 ? '(≤ 0.75 ok)' : '(ABOVE 0.75)'}\n` +
        `  inside the process (hrtime, require to answer) bundle ${result.bundle.insideMs?.toFixed(0)} ms vs unbundled ${result.unbundled.insideMs?.toFixed(0)} ms\n` +
        `  a bare node -e 0: CPU ${result.bareNode.cpuMs.toFixed(0)} ms, wall ${result.bareNode.wallMs.toFixed(0)} ms`,
    );
    return result;
  } finally {
    rmSync(isolated, { recursive: true, force: true });
    await emulator.close();
  }
}

/** `node -e script` under bash's `time` keyword: real, user and sys of that one child, in seconds. */
async function processCost(script: string, cwd: string, env: Record<string, string>): Promise<ProcessCost> {
  const command = `TIMEFORMAT='%3R %3U %3S'; time node -e "$WXACODE_BENCH_SCRIPT"`;
  const { stdout, stderr } = await run('bash', ['-c', command], {
    cwd,
    env: { ...env, PATH: `${path.dirname(process.execPath)}:${env.PATH ?? ''}`, WXACODE_BENCH_SCRIPT: script },
    encoding: 'utf8',
  });
  const [real, user, sys] = stderr.trim().split('\n').pop()!.split(' ').map(Number);
  if (![real, user, sys].every(Number.isFinite)) throw new Error(`cannot read the time of a cold start: ${stderr}`);
  const inside = Number(stdout);
  return { wallMs: real * 1000, cpuMs: (user + sys) * 1000, ...(stdout && Number.isFinite(inside) ? { insideMs: inside } : {}) };
}

function medianCost(costs: ProcessCost[]): ProcessCost {
  return {
    wallMs: median(costs.map((c) => c.wallMs)),
    cpuMs: median(costs.map((c) => c.cpuMs)),
    insideMs: median(costs.map((c) => c.insideMs ?? Number.NaN)),
  };
}
