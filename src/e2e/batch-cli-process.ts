import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from './functions-emulator';

/** `npm run batch -- …` as a user runs it: the CLI in its own process. */
export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export function startCli(args: string[], env: Record<string, string> = {}): { done: Promise<CliRun>; interrupt: () => void } {
  const child = spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'scripts/batch.ts'), ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, WXACODE_BATCH_TOKEN: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<CliRun>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { done, interrupt: () => child.kill('SIGINT') };
}

export const runCli = (args: string[], env?: Record<string, string>): Promise<CliRun> => startCli(args, env).done;
