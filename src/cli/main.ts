/**
 * The `wxacode-cloudbase` command: one entry for everything the repository's scripts do. The installed package
 * runs it compiled (dist/cli.js, plain JavaScript); npm start / npm run batch / npm run deploy run the same
 * functions from the sources through tsx, with the development hooks (building stale bundles) added.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { USAGE as BATCH_USAGE } from '../batch-cli/args';
import { EXIT_INTERRUPTED, runCli as runBatch } from '../batch-cli/cli';
import { SHEET_FONT_FILE } from '../core/batch/files/sheet-font';
import { runAdd } from '../installer/add';
import { runLive, runStats } from '../admin-cli/admin-cli';
import { runDeployCommand, type DeployHooks } from './deploy';
import { CliFailure, EXIT_FAILURE, EXIT_OK, EXIT_USAGE, UsageError, type CliIo } from './errors';
import { runExec } from './exec';
// one way to find the package, shared with add (the sources under tsx, dist/cli.js when installed)
import { findPackageRoot, packageVersion } from '../installer/add/package-root';
import { runStart, type StartHooks } from './start';

export const PROGRAM = 'wxacode-cloudbase';

export const HELP = `usage: ${PROGRAM} <command> [options]     (${PROGRAM} <command> --help for each)

commands:
  add [dir]         add the code functions and the page helpers to the mini program in dir (default: here)
  start             run the local CloudBase + WeChat emulator on the project (--project dir, default: here)
  exec -- <cmd>     start the emulator, run <cmd> against it (e.g. your tests), stop, exit with <cmd>'s code
  batch <file>      make a code for every row of a CSV / JSON file through wxacodeBatch (status, cancel, retry, sheet)
  stats <file>      entries, users and new users each code of a batch job brought, by label (stats.csv / .xlsx)
  live <file>       活码: point a batch job's printed codes to another page, change one's data, disable / enable
  deploy            deploy the code functions to your CloudBase environment with tcb (ENV_ID)

options:
  -h, --help        this help
  -v, --version     the version

exit status: 0 done, 1 failed, 2 a usage mistake (an unknown command or flag, a missing value);
  batch: 130 interrupted by Ctrl-C (run it again to resume); exec: the command's own exit code`;

export interface MainHooks {
  /** set when run from this repository's sources (npm start, npm run batch, npm run deploy) */
  start?: Partial<StartHooks>;
  deploy?: DeployHooks;
  /** the program name the subcommands print, e.g. "npm start" */
  program?: string;
}

/** Runs one command line; resolves with the exit code. Expected failures are messages on stderr, never stacks. */
export async function runMain(argv: readonly string[], io: CliIo, hooks: MainHooks = {}): Promise<number> {
  const [command, ...rest] = argv;
  const program = (name: string) => hooks.program ?? `${PROGRAM} ${name}`;
  // what messages start with: the command as the user typed it (npm start, wxacode-cloudbase exec, …)
  const who = hooks.program?.replace(/ --$/, '') ?? `${PROGRAM}${command && !command.startsWith('-') ? ` ${command}` : ''}`;
  try {
    switch (command) {
      case undefined:
      case '-h':
      case '--help':
      case 'help':
        io.stdout(`${HELP}\n`);
        return command === undefined ? EXIT_USAGE : EXIT_OK;
      case '-v':
      case '--version':
        io.stdout(`${packageVersion(findPackageRoot())}\n`);
        return EXIT_OK;
      case 'add':
        return await runAdd(rest, { cwd: io.cwd, stdout: io.stdout, stderr: io.stderr });
      case 'start':
        return await runStart(rest, io, { program: program('start'), ...hooks.start });
      case 'exec':
        return await runExec(rest, io, { program: program('exec'), repositoryRoot: hooks.start?.repositoryRoot });
      case 'batch':
        if (rest.includes('--help') || rest.includes('-h')) {
          io.stdout(`${hooks.program ? BATCH_USAGE : BATCH_USAGE.replace(/npm run batch --/g, program('batch'))}\n`);
          return EXIT_OK;
        }
        return await batch(rest, io);
      case 'stats':
        return await runStats(rest, { stdout: io.stdout, stderr: io.stderr, env: io.env });
      case 'live':
        return await runLive(rest, { stdout: io.stdout, stderr: io.stderr, env: io.env });
      case 'deploy':
        return await runDeployCommand(rest, io, { program: program('deploy'), ...hooks.deploy });
      default:
        throw new UsageError(`unknown command "${command}": use one of add, start, exec, batch, stats, live, deploy (${PROGRAM} --help)`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`${who}: ${error.message}\n`);
      return EXIT_USAGE;
    }
    // a stack only for what nobody foresaw: it is what a bug report needs
    io.stderr(`${who}: ${error instanceof CliFailure ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return EXIT_FAILURE;
  }
}

let interrupted = false;

async function batch(argv: readonly string[], io: CliIo): Promise<number> {
  process.on('SIGINT', () => {
    if (interrupted) process.exit(EXIT_INTERRUPTED);
    interrupted = true;
    process.stderr.write('\nstopping after the downloads in flight (Ctrl-C again to quit at once)…\n');
  });
  const env = { ...io.env };
  // the installed package has no font package; the one the build put beside wxacodeBatch ships instead
  const shippedFont = join(findPackageRoot(), 'cloudfunctions', 'wxacodeBatch', SHEET_FONT_FILE);
  if (!env.WXACODE_SHEET_FONT && existsSync(shippedFont)) {
    env.WXACODE_SHEET_FONT = shippedFont;
    // the print sheet reads it from process.env
    process.env.WXACODE_SHEET_FONT = shippedFont;
  }
  return runBatch(argv, { stdout: process.stdout, stderr: process.stderr, env, interrupted: () => interrupted });
}

/** process.argv → exit, for bin/ and the scripts */
export function main(hooks: MainHooks = {}, argv: readonly string[] = process.argv.slice(2)): void {
  const io: CliIo = {
    cwd: process.cwd(),
    env: process.env,
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
  };
  runMain(argv, io, hooks).then(
    (code) => {
      process.exitCode = code;
      // function instances, keep-alive timers: nothing should hold the process once a command is done
      if (argv[0] === 'start' || argv[0] === 'exec') process.exit(code);
    },
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(EXIT_FAILURE);
    },
  );
}

if (require.main === module) main();
