/**
 * `npm run bench`: sizes and speeds as ratios measured in one run on this machine (never asserted in tests).
 * SAMPLES sets how many fresh processes (or pairs) per measurement (default 9). The results also go, as JSON, to
 * docs/bench/latest.json (BENCH_OUT to write elsewhere), with the machine and the run they come from.
 */
import { batchBenchOptionsFromEnv, benchBatch } from './bench/batch';
import { benchBatchCliMemory } from './bench/batch-cli-memory';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import path from 'node:path';
import { benchBundles } from './bench/bundles';
import { benchColdStart } from './bench/cold-start';
import { benchDatabase } from './bench/database';
import { benchEmulator } from './bench/emulator';
import { benchRequests } from './bench/requests';

const ROOT = path.resolve(__dirname, '..');

async function main(): Promise<void> {
  const samples = Number(process.env.SAMPLES ?? 9);
  const out = path.resolve(ROOT, process.env.BENCH_OUT ?? 'docs/bench/latest.json');
  const run = runDescription();
  console.log(`# Machine: ${run.machine.cpus}× ${run.machine.cpuModel}, ${run.machine.memoryGiB} GiB, node ${run.node}; load average at start ${run.loadAverageAtStart.join(' ')}`);
  console.log(`\n# Bundles: size, and require() time against the unbundled baseline (in-process, median of ${samples} fresh processes each)`);
  const bundles = benchBundles(samples, console.log);
  console.log(`\n# Cold start, whole process`);
  const coldStart = await benchColdStart(samples, console.log);
  console.log('');
  console.log('# CloudBase requests an operation sends (the emulator\'s meter, one warm instance): before the cuts and now');
  const requests = await benchRequests(console.log);
  console.log('');
  const emulator = await benchEmulator(console.log);
  console.log('');
  const database = await benchDatabase(console.log);
  console.log('\n# Batch pre-generation: a job against an emulated WeChat limit of getUnlimited calls a minute (default 1,000 items, limit 600, the batch given 480)');
  const batch = await benchBatch(console.log, batchBenchOptionsFromEnv());
  console.log('\n# Batch at WeChat\'s full limit: 10,000 items, emulator limit 5,000 getUnlimited calls a minute, the batch given the default 4,000');
  const batchAtLimit = await benchBatch(console.log, { items: 10_000, cached: 0, duplicates: 10, wechatPerMinute: 5000, batchPerMinute: 4000 });
  console.log('\n# Batch CLI memory: the CLI in its own process against a stand-in for wxacodeBatch (images streamed to disk, never held)');
  await benchBatchCliMemory(console.log);
  const results = { run: { ...run, loadAverageAtEnd: loadavg().map((l) => Number(l.toFixed(2))), finishedAt: new Date().toISOString() }, bundles, coldStart, requests, emulator, database, batch, batchAtLimit };
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\nresults written to ${path.relative(ROOT, out)}`);
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
