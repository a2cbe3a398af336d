/**
 * `npm run bench`: sizes and speeds as ratios measured in one run on this machine (never asserted in tests).
 * SAMPLES sets how many fresh processes per measurement (default 9).
 */
import { batchBenchOptionsFromEnv, benchBatch } from './bench/batch';
import { benchBundles } from './bench/bundles';
import { benchColdStart } from './bench/cold-start';
import { benchEmulator } from './bench/emulator';

async function main(): Promise<void> {
  const samples = Number(process.env.SAMPLES ?? 9);
  console.log(`# Bundles: size, and require() time against the unbundled baseline (median of ${samples} fresh processes each)`);
  benchBundles(samples, console.log);
  console.log(`\n# Cold start, whole (median of ${samples} fresh processes each)`);
  await benchColdStart(samples, console.log);
  await benchEmulator(console.log);
  console.log('\n# Batch pre-generation: a job against an emulated WeChat limit of getUnlimited calls a minute (default 1,000 items, limit 600, the batch given 480)');
  await benchBatch(console.log, batchBenchOptionsFromEnv());
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
