/**
 * `wxacode-cloudbase exec [flags] -- <command> [args…]`, as Firebase's `emulators:exec`: starts the emulator on the
 * project, runs the command with environment variables saying where it is, stops the emulator and exits with the
 * command's exit code. In memory unless --import / --export-on-exit name data folders.
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { constants, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createEmulator, type Emulator } from '../emulator/server';
import { chooseTarget, parsePort } from './start';
import { EXIT_COMMAND_NOT_FOUND, EXIT_FAILURE, EXIT_OK, UsageError, type CliIo } from './errors';
import { PROJECT_DATA_DIR, stalePagesFiles, uninstalledDependencies } from './emulator-target';

export function execUsage(program: string): string {
  return `usage: ${program} [--project <dir>] [--pages <a,b|file>] [--import <dir>] [--export-on-exit <dir>] [--port <n>] -- <command> [args…]
Starts the emulator, runs <command> against it, stops the emulator and exits with the command's exit code.
  --project <dir>          the mini program project (default: the current folder), as for start
  --pages <a,b|file>       its pages when they cannot be read from it, as for start and add
  --import <dir>           start from the data in <dir> (a folder --export-on-exit or start wrote, e.g. ${PROJECT_DATA_DIR}); it is not changed
  --export-on-exit <dir>   when the command ends, write the emulator's data to <dir> (replacing what is there)
  --port <n>               port on 127.0.0.1 (default 0: a free one)
Without --import the emulator starts empty, and without --export-on-exit nothing is kept.
One quoted argument runs through the shell: -- "npm test && node report.js".
The command gets these environment variables:
  WXACODE_EMULATOR_URL        base URL, e.g. http://127.0.0.1:40123 (POST /callFunction, the web UI, /_emulator/*)
  WXACODE_EMULATOR_ADMIN_URL  the CloudBase admin endpoint the SDK talks to
  WXACODE_ENV_ID, TCB_ENV     the env id
  WXACODE_APPID, WXACODE_APPSECRET  the appid and app secret WeChat's HTTPS API accepts
  TENCENTCLOUD_RUNENV, SCF_NAMESPACE, TENCENTCLOUD_REGION, TENCENTCLOUD_SECRETID, TENCENTCLOUD_SECRETKEY,
  TCB_CONTEXT_CNFG, WX_CONTEXT_KEYS
                              what a cloud function process gets: with them, require('wx-server-sdk') and
                              cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV }) in the command reach the emulator
                              (cloud.callFunction, database, storage, openapi)
exit status: the command's (128 + n when a signal n ended it), 127 it could not be started,
             1 the emulator failed to start or stop, 2 a usage mistake`;
}

export interface ExecRequest {
  project?: string;
  pages?: string;
  importDir?: string;
  exportDir?: string;
  port: number;
  command: string[];
  help: boolean;
}

/** flags up to `--` (or the first word that is not a flag), the command after it */
export function parseExecArgs(argv: readonly string[], program: string): ExecRequest {
  const dash = argv.indexOf('--');
  let flags: string[];
  let command: string[];
  if (dash >= 0) {
    flags = argv.slice(0, dash);
    command = argv.slice(dash + 1);
  } else {
    // `exec node t.js` works too: the flags all take a value, so the first free word starts the command
    let i = 0;
    while (i < argv.length && argv[i]!.startsWith('-')) i += argv[i]!.includes('=') || argv[i] === '--help' || argv[i] === '-h' ? 1 : 2;
    flags = argv.slice(0, i);
    command = argv.slice(i);
  }
  let values: { project?: string; pages?: string; import?: string; 'export-on-exit'?: string; port?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: flags,
      strict: true,
      allowPositionals: false,
      options: {
        project: { type: 'string' },
        pages: { type: 'string' },
        import: { type: 'string' },
        'export-on-exit': { type: 'string' },
        port: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${execUsage(program)}`);
  }
  if (values.help) return { port: 0, command: [], help: true };
  if (command.length === 0) throw new UsageError(`no command to run: write it after "--", e.g. ${program} -- npm test\n${execUsage(program)}`);
  return {
    project: values.project,
    pages: values.pages,
    importDir: values.import,
    exportDir: values['export-on-exit'],
    port: parsePort(values.port, '--port') ?? 0,
    command,
    help: false,
  };
}

/** What the command is told about the emulator (also what a function process gets, so the SDK finds it). */
export function commandEnvironment(emulator: Emulator): Record<string, string> {
  return {
    ...emulator.functionEnvironment(),
    WXACODE_EMULATOR_URL: emulator.url,
    WXACODE_EMULATOR_ADMIN_URL: emulator.adminUrl,
    WXACODE_ENV_ID: emulator.envId,
    WXACODE_APPID: emulator.appid,
    WXACODE_APPSECRET: emulator.appSecret,
  };
}

export interface ExecHooks {
  program: string;
  repositoryRoot?: string;
}

export async function runExec(argv: readonly string[], io: CliIo, hooks: ExecHooks): Promise<number> {
  const request = parseExecArgs(argv, hooks.program);
  if (request.help) {
    io.stdout(`${execUsage(hooks.program)}\n`);
    return EXIT_OK;
  }
  const importDir = request.importDir === undefined ? undefined : resolve(io.cwd, request.importDir);
  if (importDir !== undefined && !(existsSync(importDir) && statSync(importDir).isDirectory())) {
    throw new UsageError(`--import ${request.importDir}: no such folder. Give a folder that --export-on-exit or start wrote (e.g. ${PROJECT_DATA_DIR})`);
  }
  const exportDir = request.exportDir === undefined ? undefined : resolve(io.cwd, request.exportDir);
  const target = chooseTarget(request, io, hooks);

  // the emulator writes into a scratch copy: --import's folder stays as it was, and export copies a flushed state
  const scratch = importDir || exportDir ? mkdtempSync(join(tmpdir(), 'wxacode-exec-')) : undefined;
  const dataDir = scratch && join(scratch, 'data');
  if (importDir && dataDir) cpSync(importDir, dataDir, { recursive: true });

  let emulator: Emulator;
  try {
    emulator = await createEmulator({ ...target.options, port: request.port, inMemory: !dataDir, dataDir });
  } catch (error) {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
    throw error;
  }
  if (target.project) {
    // what start's banner warns of, for a CI log where the first sign would otherwise be a failing test
    for (const { name, missing } of uninstalledDependencies(target.functionsDir)) {
      io.stderr(`[exec] ${name} needs ${missing.join(', ')}, not installed: run npm install in ${join(target.functionsDir, name)}\n`);
    }
    for (const { name, missing } of stalePagesFiles(target.functionsDir, target.project.pages)) {
      io.stderr(`[exec] ${name}'s wxacode.pages.json lacks ${missing.join(', ')}: it refuses codes for them (-700104); run npx wxacode-cloudbase add again\n`);
    }
  }
  io.stderr(`[exec] emulator at ${emulator.url} (env ${emulator.envId}${importDir ? `, data from ${request.importDir}` : ', empty'}); running: ${request.command.join(' ')}\n`);

  let code: number;
  try {
    code = await runCommand(request.command, { ...io.env, ...commandEnvironment(emulator) }, io);
  } finally {
    try {
      await emulator.close();
      if (exportDir && dataDir) {
        rmSync(exportDir, { recursive: true, force: true });
        // an emulator that never wrote anything leaves no folder; export an empty one, which --import accepts
        if (existsSync(dataDir)) cpSync(dataDir, exportDir, { recursive: true });
        else mkdirSync(exportDir, { recursive: true });
        io.stderr(`[exec] data written to ${request.exportDir} (use --import ${request.exportDir} next time)\n`);
      }
    } finally {
      if (scratch) rmSync(scratch, { recursive: true, force: true });
    }
  }
  return code;
}

/** Runs the command with the terminal's stdio, passing SIGINT / SIGTERM / SIGHUP on to it; resolves with its exit code. */
function runCommand(command: string[], env: NodeJS.ProcessEnv, io: CliIo): Promise<number> {
  return new Promise((resolveCode) => {
    let settled = false;
    const done = (code: number) => {
      if (!settled) resolveCode(code);
      settled = true;
    };
    // A shell for one quoted command line (`exec -- "npm test && node report.js"`, as Firebase's emulators:exec takes
    // its script), and on Windows, where npm, npx and friends are .cmd files spawn cannot start directly. Otherwise
    // the words are passed as they are, no shell quoting to get wrong.
    const shell = process.platform === 'win32' || (command.length === 1 && /\s/.test(command[0]!));
    const child = spawn(command[0]!, command.slice(1), { cwd: io.cwd, env, stdio: 'inherit', shell });
    const forward = (signal: NodeJS.Signals) => {
      // Ctrl-C in a terminal reaches the whole foreground group, the command included: passing it on as well would
      // be a second Ctrl-C, which many test runners take as "quit now". Sent to exec alone (CI, kill), it is passed on.
      if (signal === 'SIGINT' && process.stdin.isTTY) return;
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    };
    const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
    for (const s of signals) process.on(s, forward);
    const cleanup = () => {
      for (const s of signals) process.off(s, forward);
    };
    child.once('error', (error: NodeJS.ErrnoException) => {
      cleanup();
      io.stderr(`[exec] cannot run ${command[0]}: ${error.message}${error.code === 'ENOENT' ? ' (not found on PATH; give a path or an installed command)' : ''}\n`);
      done(error.code === 'ENOENT' || error.code === 'EACCES' ? EXIT_COMMAND_NOT_FOUND : EXIT_FAILURE);
    });
    child.once('exit', (exitCode, signal) => {
      cleanup();
      if (exitCode !== null) done(exitCode);
      else done(128 + (signal ? (constants.signals[signal] ?? 1) : 1));
    });
  });
}
