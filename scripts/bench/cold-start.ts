import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { createEmulator } from '../../src/emulator/server';
import { median } from './require-time';

const ROOT = path.resolve(__dirname, '../..');
const run = promisify(execFile);

/**
 * require() alone flatters the bundle, which loads wx-server-sdk only when a request needs it. This measures the
 * whole cold start instead: a fresh process loads the handler and answers one getUnlimited call (a cache miss,
 * WeChat answered by the emulator), bundle against the unbundled baseline.
 */
export async function benchColdStart(samples: number, log: (line: string) => void): Promise<{ bundleMs: number; baselineMs: number; ratio: number }> {
  const emulator = await createEmulator({ rootDir: ROOT, port: 0, inMemory: true });
  const isolated = mkdtempSync(path.join(tmpdir(), 'wxacode-cold-'));
  try {
    const bundle = path.join(isolated, 'index.js');
    copyFileSync(path.join(ROOT, 'cloudfunctions/wxacodeGetUnlimited/index.js'), bundle);
    const baseline = path.join(ROOT, 'scripts/bench/baseline-handler.js');
    const env = { PATH: process.env.PATH ?? '', ...emulator.functionEnvironment({ openid: 'oBench', appid: emulator.appid }), WXACODE_RATE_LIMIT: 'off' };
    const once = async (file: string, cwd: string, scene: string) => {
      const script = `const t=process.hrtime.bigint();require(${JSON.stringify(file)}).main({scene:${JSON.stringify(scene)}}).then(r=>{if(r.errCode&&r.errCode!==0)throw new Error(JSON.stringify(r));process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6))})`;
      const { stdout } = await run(process.execPath, ['-e', script], { cwd, env, encoding: 'utf8' });
      return Number(stdout);
    };
    await once(bundle, isolated, 'warm-a');
    await once(baseline, ROOT, 'warm-b');
    const bundleTimes: number[] = [];
    const baselineTimes: number[] = [];
    for (let i = 0; i < samples; i++) {
      bundleTimes.push(await once(bundle, isolated, `cold-bundle-${i}`));
      baselineTimes.push(await once(baseline, ROOT, `cold-baseline-${i}`));
    }
    const bundleMs = median(bundleTimes);
    const baselineMs = median(baselineTimes);
    log(`cold start to first answered code (load + getUnlimited, cache miss): bundle ${bundleMs.toFixed(1)} ms vs unbundled ${baselineMs.toFixed(1)} ms = ${(bundleMs / baselineMs).toFixed(2)}×`);
    return { bundleMs, baselineMs, ratio: bundleMs / baselineMs };
  } finally {
    rmSync(isolated, { recursive: true, force: true });
    await emulator.close();
  }
}
