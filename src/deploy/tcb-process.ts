/**
 * Finding and running `tcb`. WXACODE_TCB_BIN names the executable when set (tests put a stand-in there or on PATH);
 * otherwise `tcb` on PATH (`npm run` puts node_modules/.bin first), else this project's node_modules/.bin/tcb.
 */
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import type { CommandRun } from './outcome';

export function resolveTcb(env: NodeJS.ProcessEnv, root: string): string | undefined {
  if (env.WXACODE_TCB_BIN) return env.WXACODE_TCB_BIN;
  const candidates = [...(env.PATH ?? '').split(path.delimiter).filter(Boolean).map((dir) => path.join(dir, 'tcb')), path.join(root, 'node_modules', '.bin', 'tcb')];
  return candidates.find(isExecutable);
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export interface RunOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** receives the output as it arrives, so a long deploy shows its progress */
  echo: (chunk: string) => void;
}

/** Runs `bin args…` with no stdin (a prompt fails instead of waiting forever) and returns all it printed. */
export function runCommand(bin: string, args: readonly string[], options: RunOptions): Promise<CommandRun> {
  return new Promise((resolve) => {
    let stdout = '';
    let stderr = '';
    const child = spawn(bin, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      options.echo(chunk);
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      options.echo(chunk);
    });
    child.on('error', (error) => resolve({ exitCode: null, stdout, stderr, spawnError: error.message }));
    child.on('close', (exitCode) => resolve({ exitCode, stdout, stderr }));
  });
}

const PLAIN_ARG = /^[\w@%+=:,./-]+$/;

/** A command as a user would type it (single-quoted where a shell needs it). */
export function formatCommand(program: string, args: readonly string[], verbatim: readonly string[] = []): string {
  return [program, ...args].map((arg) => (PLAIN_ARG.test(arg) || verbatim.includes(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`)).join(' ');
}
