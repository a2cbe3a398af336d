/**
 * `npm run bench`: sizes and speeds as ratios measured in one run on this machine (never asserted in tests).
 * SAMPLES sets how many fresh processes (or pairs) per measurement (default 9). The results also go, as JSON, to
 * docs/bench/latest.json (BENCH_OUT to write elsewhere), with the machine and the run they come from.
 * BENCH_ONLY=emulator runs the emulator's sections alone (in-process and as `npm start` runs it) and replaces just
 * those in the JSON, for a shared machine where the whole bench is too heavy to run again.
 */
import { batchBenchOptionsFromEnv, benchBatch } from './bench/batch';
import { benchBatchCliMemory } from './bench/batch-cli-memory';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import path from 'node:path';
import { benchBundles } from './bench/bundles';
import { benchColdStart } from './bench/cold-start';
import { benchDatabase } from './bench/database';
import { benchEmulator } from './bench/emulator';
import { benchStartedEmulator, DEFAULT_START_BENCH } from './bench/emulator-start';
import { benchRequests } from './bench/requests';

const ROOT = path.resolve(__dirname, '..');

async function main(): Promise<void> {
  const samples = Number(process.env.SAMPLES ?? 9);
  const out = path.resolve(ROOT, process.env.BENCH_OUT ?? 'docs/bench/latest.json');
  const run = runDescription();
  console.log(`# Machine: ${run.machine.cpus}× ${run.machine.cpuModel}, ${run.machine.memoryGiB} GiB, node ${run.node}; load average at start ${run.loadAverageAtStart.join(' ')}`);
  if (process.env.BENCH_ONLY === 'emulator') {
    const sections = await emulatorSections();
    const previous = existsSync(out) ? (JSON.parse(readFileSync(out, 'utf8')) as Record<string, unknown>) : {};
    // the comparison before instancesAtOnce was against a fixed cap of 4; it is now against scaling without that bound
    delete previous.emulatorStartFixedCap;
    const emulatorRun = { ...run, loadAverageAtEnd: loadavg().map((l) => Number(l.toFixed(2))), finishedAt: new Date().toISOString() };
    writeResults(out, { ...previous, ...sections, emulatorRun });
    return;
  }
  console.log(`\n# Bundles: size, and require() time against the unbundled baseline (in-process, median of ${samples} fresh processes each)`);
  const bundles = benchBundles(samples, console.log);
  console.log(`\n# Cold start, whole process`);
  const coldStart = await benchColdStart(samples, console.log);
  console.log('');
  console.log('# CloudBase requests an operation sends (the emulator\'s meter, one warm instance): before the cuts and now');
  const requests = await benchRequests(console.log);
  console.log('');
  const { emulator, emulatorStart, emulatorStartBounded, emulatorStartUnbounded } = await emulatorSections();
  console.log('');
  const database = await benchDatabase(console.log);
  console.log('\n# Batch pre-generation: a job against an emulated WeChat limit of getUnlimited calls a minute (default 1,000 items, limit 600, the batch given 480)');
  const batch = await benchBatch(console.log, batchBenchOptionsFromEnv());
  console.log('\n# Batch at WeChat\'s full limit: 10,000 items, emulator limit 5,000 getUnlimited calls a minute, the batch given the default 4,000');
  const batchAtLimit = await benchBatch(console.log, { items: 10_000, cached: 0, duplicates: 10, wechatPerMinute: 5000, batchPerMinute: 4000 });
  console.log('\n# Batch CLI memory: the CLI in its own process against a stand-in for wxacodeBatch (images streamed to disk, never held)');
  await benchBatchCliMemory(console.log);
  const results = {
    run: { ...run, loadAverageAtEnd: loadavg().map((l) => Number(l.toFixed(2))), finishedAt: new Date().toISOString() },
    bundles,
    coldStart,
    requests,
    emulator,
    emulatorStart,
    emulatorStartBounded,
    emulatorStartUnbounded,
    database,
    batch,
    batchAtLimit,
  };
  writeResults(out, results);
}

function writeResults(out: string, results: object): void {
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\nresults written to ${path.relative(ROOT, out)}`);
}

/**
 * The emulator in the bench's own process (its ceiling: no persistence, no tsx, 16 instances), then as users run it:
 * `npm start` in a child process, persistence on, instances scaling within the memory budget and 2 busy a core
 * (WXACODE_EMULATOR_INSTANCES_AT_ONCE); and, for the ratio, the same without that bound (every queued call starts an
 * instance within the budget, the default before it) at the most callers, both from a fresh start.
 */
async function emulatorSections() {
  const emulator = await benchEmulator(console.log);
  console.log('');
  const load = () => `load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`;
  console.log(`# (${load()})`);
  const emulatorStart = { ...(await benchStartedEmulator(console.log)), loadAverageAtEnd: loadavg().map((l) => Number(l.toFixed(2))) };
  const most = Math.max(...DEFAULT_START_BENCH.concurrency);
  // both from a fresh emulator at the most callers only, back to back: the row above comes after the 1- and 4-caller
  // levels, whose calls have warmed (JIT-compiled) the instances' code further
  console.log(`\n# Busy-instance bound vs none (WXACODE_EMULATOR_INSTANCES_AT_ONCE=1024, as before it), ${most} callers, each from a fresh start (${load()})`);
  const only = { ...DEFAULT_START_BENCH, concurrency: [most] };
  const emulatorStartBounded = { ...(await benchStartedEmulator(console.log, only)), loadAverageAtEnd: loadavg().map((l) => Number(l.toFixed(2))) };
  const emulatorStartUnbounded = {
    ...(await benchStartedEmulator(console.log, { ...only, env: { WXACODE_EMULATOR_INSTANCES_AT_ONCE: '1024' } })),
    loadAverageAtEnd: loadavg().map((l) => Number(l.toFixed(2))),
  };
  const bounded = emulatorStartBounded.rows[0];
  const unbounded = emulatorStartUnbounded.rows[0];
  console.log(
    `2 busy a core / unbounded at ${most} callers: new codes ${(bounded.missesPerSecond / unbounded.missesPerSecond).toFixed(2)}×, ` +
      `cache hits ${(bounded.hitsPerSecond / unbounded.hitsPerSecond).toFixed(2)}×, instance CPU per new code ` +
      `${(bounded.missCpuMs.functions / unbounded.missCpuMs.functions).toFixed(2)}×, per hit ${(bounded.hitCpuMs.functions / unbounded.hitCpuMs.functions).toFixed(2)}× (${load()})`,
  );
  return { emulator, emulatorStart, emulatorStartBounded, emulatorStartUnbounded };
}

/** Which machine and which run the figures come from: what the performance table of docs/en/cost.md cites. */
function runDescription() {
  let commit = 'unknown';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
  } catch {
    // not a git checkout
  }
  return {
    startedAt: new Date().toISOString(),
    commit,
    node: process.version,
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', memoryGiB: Math.round(totalmem() / 2 ** 30) },
    loadAverageAtStart: loadavg().map((l) => Number(l.toFixed(2))),
  };
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
