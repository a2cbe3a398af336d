import { execFileSync } from 'node:child_process';

/** Milliseconds to require() one file, measured inside a fresh node process (so nothing is cached). */
export function requireTimeMs(file: string, cwd: string): number {
  const script = `const t=process.hrtime.bigint();require(${JSON.stringify(file)});process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6))`;
  const out = execFileSync(process.execPath, ['-e', script], { cwd, env: { PATH: process.env.PATH ?? '' }, encoding: 'utf8' });
  return Number(out);
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
