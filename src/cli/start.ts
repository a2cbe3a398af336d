/**
 * `wxacode-cloudbase start` (and `npm start`): the local CloudBase + WeChat emulator on 127.0.0.1 until Ctrl-C /
 * SIGTERM, on a team's project (`--project dir`, default the current folder) or, for npm start, this repository.
 */
import { variablesNotPassedOn } from '../cloudbaserc/env-variables';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { InstanceScaling } from '../emulator/runner/function-runner';
import { createEmulator, DEFAULT_PORT, type Emulator } from '../emulator/server';
import { isGitIgnored, PROJECT_DATA_DIR, projectTarget, repositoryTarget, servableFunctions, stalePagesFiles, uninstalledDependencies, type EmulatorTarget } from './emulator-target';
import { EXIT_FAILURE, EXIT_OK, UsageError, type CliIo } from './errors';

export const START_ENV_HELP = `  PORT                          port on 127.0.0.1 (default ${DEFAULT_PORT}; 0 picks a free one); --port wins
  WX_APPID                      the app's appid (default: project.config.json's, else a placeholder)
  WX_APPSECRET                  app secret the HTTPS API accepts (default: generated)
  WXACODE_EMULATOR_QUOTA        lifetime quota of wxacode.get + createQRCode
  WXACODE_EMULATOR_RATE_LIMIT   getUnlimited calls per minute
  WXACODE_EMULATOR_GET_DAILY_CAP  wxacode.get codes per day (default 10000)
  WXACODE_EMULATOR_LINKS_DAILY_CAP  URL Links + URL Schemes a day, China time (default 500000; 44993 past it)
  WXACODE_EMULATOR_LINKS_RATE_PER_SECOND  link generation calls a second (default 100; 44990)
  WXACODE_EMULATOR_SHORTLINK_DAILY_CAP  Short Links a day (default 10000000; 45009)
  WXACODE_EMULATOR_PERMANENT_LINKS_QUOTA  permanent Short Links + NFC schemes ever (default 100000; 85400)
  WXACODE_EMULATOR_LINKS_OPEN_DAILY_CAP  URL Link + URL Scheme openings a day (default 6000000; 85406)
  WXACODE_EMULATOR_PLAINTEXT_SCHEME_PAGES  pages declared for plain-text schemes, comma-separated or * (default: none)
  WXACODE_EMULATOR_APP_NAME     the mini program's name in Short Links (default: project.config.json's projectname)
  WXACODE_EMULATOR_QPS          CloudBase requests a second for the environment, or a plan id (default: no limit)
  WXACODE_EMULATOR_MONTHLY_CALLS  CloudBase calls (调用次数) a month, or a plan id (default: no limit)
  WXACODE_EMULATOR_MEMORY_MB    memory all function instances may hold at once, in MB of each function's memorySize
                                (default 4096: 16 instances of 256 MB); instances start as calls queue within it
  WXACODE_EMULATOR_INSTANCES_AT_ONCE  busy instances (all functions) past which a queued call waits up to 1 s
                                for one to free before starting another (default: 2 per CPU core)
  WXACODE_EMULATOR_INSTANCES    an extra cap on each function's instances (default: none)`;

export function startUsage(program: string): string {
  return `usage: ${program} [--project <dir>] [--pages <a,b|file>] [--in-memory | --data-dir <dir>] [--port <n>]
Runs the CloudBase + WeChat emulator (web UI at its URL) until Ctrl-C.
  --project <dir>   the mini program project to serve (default: the current folder): its cloudfunctionRoot
                    (each function folder with an index.js, their own node_modules), its pages (the page
                    policy and check_path), its cloudbaserc.json envVariables and its appid. Data is kept in
                    <dir>/${PROJECT_DATA_DIR}/ (git-ignore it)
  --pages <a,b|file> the project's pages when they cannot be read from it (a Taro app not built yet), as for add
  --in-memory       keep nothing on disk
  --data-dir <dir>  keep the data in <dir> instead (e.g. a scratch folder for a benchmark or a demo)
  --port <n>        port on 127.0.0.1 (default: PORT, else ${DEFAULT_PORT}; 0 picks a free one)
environment:
${START_ENV_HELP}
exit status: 0 stopped by Ctrl-C / SIGTERM, 1 failed to start or to stop, 2 a usage mistake`;
}

export interface StartHooks {
  /** the name in usage and messages: "npm start" or "wxacode-cloudbase start" */
  program: string;
  /** npm start: this repository when --project is not given; the CLI: the current folder as the project */
  repositoryRoot?: string;
  /** run before the emulator opens, e.g. npm start's build of stale bundles */
  prepare?: (target: EmulatorTarget) => Promise<void>;
  /** resolves with the signal that should stop the emulator (tests pass their own) */
  stopSignal?: () => Promise<NodeJS.Signals>;
}

export interface StartRequest {
  project?: string;
  /** --pages, as add takes it */
  pages?: string;
  inMemory: boolean;
  /** where the data is kept instead of the target's own folder */
  dataDir?: string;
  port?: number;
  help: boolean;
}

export function parsePort(raw: string | undefined, name: string): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isInteger(port) || port > 65535) throw new UsageError(`${name} must be an integer from 0 to 65535, got "${raw}"`);
  return port;
}

export function parseStartArgs(argv: readonly string[], program: string): StartRequest {
  try {
    const { values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        project: { type: 'string' },
        pages: { type: 'string' },
        'in-memory': { type: 'boolean', default: false },
        'data-dir': { type: 'string' },
        port: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
    const inMemory = values['in-memory'] === true;
    const dataDir = values['data-dir'];
    if (inMemory && dataDir !== undefined) throw new UsageError('--in-memory keeps nothing on disk and --data-dir names where to keep it: give one of them');
    if (dataDir === '') throw new UsageError('--data-dir needs a folder, e.g. --data-dir /tmp/wxacode-demo');
    return { project: values.project, pages: values.pages, inMemory, dataDir, port: parsePort(values.port, '--port'), help: values.help === true };
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`${(error as Error).message}\n${startUsage(program)}`);
  }
}

export function chooseTarget(request: { project?: string; pages?: string }, io: CliIo, hooks: Pick<StartHooks, 'repositoryRoot'>): EmulatorTarget {
  if (request.project === undefined && request.pages === undefined && hooks.repositoryRoot) return repositoryTarget(hooks.repositoryRoot);
  return request.project === undefined ? projectTarget('.', io.env, io.cwd, false, request.pages) : projectTarget(request.project, io.env, io.cwd, true, request.pages);
}

export async function runStart(argv: readonly string[], io: CliIo, hooks: StartHooks): Promise<number> {
  const request = parseStartArgs(argv, hooks.program);
  if (request.help) {
    io.stdout(`${startUsage(hooks.program)}\n`);
    return EXIT_OK;
  }
  const port = request.port ?? parsePort(io.env.PORT, 'PORT') ?? DEFAULT_PORT;
  const target = chooseTarget(request, io, hooks);
  await hooks.prepare?.(target);
  const emulator = await createEmulator({
    ...target.options,
    port,
    inMemory: request.inMemory,
    dataDir: request.dataDir === undefined ? target.dataDir : resolve(io.cwd, request.dataDir),
    timerTriggers: { schedule: true },
  });
  io.stdout(`${banner(emulator, target, io)}\n`);
  const signal = await (hooks.stopSignal ?? onceSignal)();
  io.stdout(`\n[start] ${signal}: stopping function instances and the server...\n`);
  try {
    await emulator.close();
    return EXIT_OK;
  } catch (error) {
    io.stderr(`[start] shutdown failed: ${(error as Error).stack ?? error}\n`);
    return EXIT_FAILURE;
  }
}

/** the first SIGINT / SIGTERM stops gracefully; a second one exits at once */
function onceSignal(): Promise<NodeJS.Signals> {
  return new Promise((done) => {
    let stopping = false;
    const stop = (signal: NodeJS.Signals) => {
      if (stopping) {
        process.stdout.write(`[start] ${signal} again: exiting now\n`);
        process.exit(EXIT_FAILURE);
      }
      stopping = true;
      done(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

export function banner(emulator: Emulator, target: EmulatorTarget, io: Pick<CliIo, 'cwd' | 'env'>): string {
  const functions = servableFunctions(target.functionsDir);
  const example = functions.includes('wxacodeGetUnlimited') ? 'wxacodeGetUnlimited' : (functions[0] ?? '<function>');
  const page = target.project?.pages[0] ?? 'pages/index/index';
  const data = example === 'wxacodeGetUnlimited' ? { scene: 'a=1', page } : {};
  const body = JSON.stringify({ name: example, data });
  const shown = (path: string) => relative(io.cwd, path) || '.';
  const lines = [
    '',
    `CloudBase + WeChat emulator ready at ${emulator.url}`,
    `  web UI        ${emulator.url}/`,
    `  env id        ${emulator.envId}`,
    `  admin (SDK)   ${emulator.adminUrl}`,
    `  appid         ${emulator.appid}${io.env.WX_APPID ? '   (WX_APPID)' : '   (set WX_APPID to use your own)'}`,
    `  app secret    ${emulator.appSecret}${emulator.appSecretGenerated ? '   (generated; set WX_APPSECRET to fix it)' : ''}`,
  ];
  if (target.project) {
    const p = target.project;
    lines.push(`  project       ${shown(p.root)} (${p.framework}; ${p.pages.length} pages from ${p.sourceRoot || '.'}, main package and subpackages)`);
  }
  lines.push(`  data          ${emulator.dataDir ? shown(emulator.dataDir) : 'in memory (--in-memory)'}`);
  // a --data-dir outside the project is no concern of its git
  const insideProject = (dir: string) => !relative(target.root, dir).startsWith('..') && !isAbsolute(relative(target.root, dir));
  if (target.project && emulator.dataDir && insideProject(emulator.dataDir) && isGitIgnored(target.root, emulator.dataDir) !== true) {
    lines.push(`                not git-ignored: add this line to ${join(shown(target.root), '.gitignore')}:  /${PROJECT_DATA_DIR}/`);
  }
  for (const { name, missing } of target.project ? stalePagesFiles(target.functionsDir, target.project.pages) : []) {
    lines.push(
      `  pages         ${name}'s wxacode.pages.json lacks ${missing.slice(0, 3).join(', ')}${missing.length > 3 ? ` and ${missing.length - 3} more` : ''}: it refuses codes for them (-700104). Run npx wxacode-cloudbase add again`,
    );
  }
  for (const { name, missing } of target.project ? uninstalledDependencies(target.functionsDir) : []) {
    const folder = shown(join(target.functionsDir, name));
    lines.push(`  install       ${name} needs ${missing.join(', ')}, not installed: cd ${folder} && npm install (it fails on its first call until then)`);
  }
  const notPassedOn = variablesNotPassedOn(target.options.cloudbasercPath ?? join(target.root, 'cloudbaserc.json'), io.env);
  if (notPassedOn.length > 0) {
    const [first] = notPassedOn;
    lines.push(
      `  variables     ${notPassedOn.join(', ')} ${notPassedOn.length > 1 ? 'are' : 'is'} set in this shell but no function's envVariables in cloudbaserc.json uses ${notPassedOn.length > 1 ? 'them' : 'it'}, so no function sees ${notPassedOn.length > 1 ? 'them' : 'it'} (as deployed).`,
      `                Add e.g. "${first}": "{{env.${first}}}" to the envVariables of ${first.startsWith('WXACODE_BATCH_') ? 'wxacodeBatch' : 'the functions that read it'}, then start again (npm run deploy fills it the same way)`,
    );
  }
  lines.push(
    `  functions     ${functions.length ? functions.join(', ') : `none with an index.js in ${shown(target.functionsDir)}`}`,
    `  instances     ${instanceLine(emulator, functions)}`,
    `  timers        ${timerLines(emulator)}`,
    `  CloudBase     requests counted at GET ${emulator.url}/_emulator/usage; ${limitLine(emulator)}`,
    `  control       GET ${emulator.url}/_emulator/events (live log)   GET ${emulator.url}/_emulator/limits   GET ${emulator.url}/_emulator/codes`,
    `                GET/PUT ${emulator.url}/_emulator/faults   GET ${emulator.url}/_emulator/wechat/calls   POST ${emulator.url}/_emulator/reset`,
    '',
    'Try:',
    `  curl -s -X POST ${emulator.url}/callFunction -H 'content-type: application/json' -H 'x-wx-openid: oLocalUser' -d '${body}'`,
    '',
    'Ctrl-C to stop.',
  );
  return lines.join('\n');
}

/**
 * How far the functions can scale: instances start as calls queue (one call each, as SCF's), each holding its
 * function's memory size, all of them within one memory budget.
 */
export function instanceLine(emulator: Pick<Emulator, 'runner'>, functions: readonly string[]): string {
  const capacities = functions.map((name) => ({ name, ...emulator.runner.capacity(name) }));
  const budget = emulator.runner.capacity(functions[0] ?? '-').memoryBudgetMb;
  const bySize = new Map<string, string[]>();
  for (const c of capacities) {
    const key = `up to ${c.maxInstances} at ${c.memoryMb} MB`;
    bySize.set(key, [...(bySize.get(key) ?? []), c.name]);
  }
  const groups = [...bySize].map(([key, names]) => (bySize.size === 1 ? `${key} each` : `${key} (${names.join(', ')})`));
  return (
    `more as calls queue, one call each; ${groups.join('; ') || 'none yet'} (cloudbaserc.json memorySize, else 256 MB), ` +
    `${budget} MB for all at once (WXACODE_EMULATOR_MEMORY_MB)${atOnceClause(emulator.runner.scaling())}`
  );
}

/** the cores' share: past that many busy instances a queued call first waits a little for one of them */
function atOnceClause({ instancesAtOnce, scaleAfterMs }: InstanceScaling): string {
  if (instancesAtOnce === undefined) return '';
  return `; past ${instancesAtOnce} busy (WXACODE_EMULATOR_INSTANCES_AT_ONCE, default 2 a core) a call waits up to ${scaleAfterMs} ms for one to free first`;
}

function limitLine(emulator: Emulator): string {
  const { qps, monthlyCalls } = emulator.limits.get();
  return `limits: QPS ${qps ?? 'off'} (WXACODE_EMULATOR_QPS), monthly calls ${monthlyCalls ?? 'off'} (WXACODE_EMULATOR_MONTHLY_CALLS)`;
}

function timerLines(emulator: Emulator): string {
  const triggers = emulator.timers.triggers();
  if (triggers.length === 0) return "none in the functions' config.json";
  return triggers
    .map((t) => `${t.functionName}/${t.name} "${t.cron}" (China time), next ${t.next ?? 'never'}; fire now: curl -X POST -H 'content-type: application/json' ${emulator.url}/_emulator/triggers/${t.functionName}`)
    .join('\n                ');
}
