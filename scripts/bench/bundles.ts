import { copyFileSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FUNCTIONS } from '../../src/functions/catalog';
import { median, requireTimeMs } from './require-time';

const ROOT = path.resolve(__dirname, '../..');
const BUNDLE_LIMIT_BYTES = 1024 * 1024;
const RATIO_TARGET = 0.55;

export interface BundleRow {
  name: string;
  bytes: number;
  bundleMs: number;
  baselineMs: number;
  ratio: number;
}

/**
 * Bundle size and require() time of each built function against the unbundled baseline, sampled alternately
 * in fresh processes so machine noise hits both sides alike. The bundle runs from a folder with no node_modules.
 */
export function benchBundles(samples: number, log: (line: string) => void): BundleRow[] {
  const isolated = mkdtempSync(path.join(tmpdir(), 'wxacode-bench-'));
  const baseline = path.join(ROOT, 'scripts/bench/baseline-handler.js');
  const rows: BundleRow[] = [];
  try {
    for (const fn of FUNCTIONS) {
      const built = path.join(ROOT, 'cloudfunctions', fn.name, 'index.js');
      const copy = path.join(isolated, `${fn.name}.js`);
      copyFileSync(built, copy);
      requireTimeMs(copy, isolated); // warm the OS file cache; not counted
      requireTimeMs(baseline, ROOT);
      const bundleTimes: number[] = [];
      const baselineTimes: number[] = [];
      for (let i = 0; i < samples; i++) {
        bundleTimes.push(requireTimeMs(copy, isolated));
        baselineTimes.push(requireTimeMs(baseline, ROOT));
      }
      const row = {
        name: fn.name,
        bytes: statSync(built).size,
        bundleMs: median(bundleTimes),
        baselineMs: median(baselineTimes),
        ratio: median(bundleTimes) / median(baselineTimes),
      };
      rows.push(row);
      log(
        `${row.name.padEnd(22)} ${(row.bytes / 1024 / 1024).toFixed(2)} MB ${row.bytes <= BUNDLE_LIMIT_BYTES ? '(≤ 1 MB ok)' : '(OVER 1 MB)'}` +
          `  require ${row.bundleMs.toFixed(1)} ms vs baseline ${row.baselineMs.toFixed(1)} ms = ${row.ratio.toFixed(2)}× ${row.ratio <= RATIO_TARGET ? `(≤ ${RATIO_TARGET} ok)` : `(ABOVE ${RATIO_TARGET})`}`,
      );
    }
  } finally {
    rmSync(isolated, { recursive: true, force: true });
  }
  return rows;
}
