/**
 * `npm run deploy [-- --dry-run] [name …]`: build, then for each function deploy with `tcb` and check the result;
 * a failure does not stop the others. Ends with a table (function, trigger, HTTP path, result) and exit status
 * 0 only when every function was deployed and checked; 1 when any failed or was skipped; 2 for a usage mistake.
 */
import { parseArgs } from 'node:util';
import { readVariables } from './env-id';
import { judgeStep, nextSteps, type CommandRun } from './outcome';
import { planDeploy, selectFunctions, tcbArgs, UsageError, type DeployPlan, type FunctionPlan } from './plan';
import type { DeployProject } from './project';
import { renderTable, type FunctionResult, type ResultRow } from './table';
import { formatCommand, resolveTcb, runCommand } from './tcb-process';

export const ENV_ID_PLACEHOLDER = '<ENV_ID>';

export const USAGE = `usage: npm run deploy [-- [--dry-run] [<function> …]]
  (no name)     deploy every function in src/functions/catalog.ts
  <function>    deploy only these
  --dry-run     print the exact commands, run none (nothing is built either)
  ENV_ID        the CloudBase env id, from the environment or .env.local / .env (git-ignored)
  WXACODE_TCB_BIN   the tcb executable to use (default: tcb on PATH, which npm run points at node_modules/.bin)
exit status: 0 every function deployed and checked, 1 any failed or skipped, 2 a usage mistake`;

export interface DeployDeps {
  argv: readonly string[];
  env: NodeJS.ProcessEnv;
  /** the project root: where tcb runs (it reads cloudbaserc.json there) and where .env.local is read */
  root: string;
  loadProject: () => DeployProject;
  /** builds the named functions into cloudfunctions/ (scripts/build.ts) */
  build: (names: readonly string[]) => Promise<void>;
  /** the deploy's own output, and tcb's as it arrives */
  write: (text: string) => void;
  /**
   * how the installed command differs from this repository's npm run deploy: its name in messages, what its build
   * does, and how to get tcb (defaults: npm run deploy's)
   */
  wording?: { command?: string; build?: string; installTcb?: string };
}

export async function runDeploy(deps: DeployDeps): Promise<number> {
  const say = (line = '') => deps.write(`${line}\n`);
  const command = deps.wording?.command ?? 'npm run deploy';
  const buildNote = deps.wording?.build ?? 'scripts/build.ts, esbuild into cloudfunctions/';
  const noTcb = `not installed (${deps.wording?.installTcb ?? 'npm install installs @cloudbase/cli'})`;
  let request: ReturnType<typeof parseRequest>;
  let plan: DeployPlan;
  let envIdKnown: boolean;
  try {
    request = parseRequest(deps.argv);
    if (request.help) {
      say(USAGE);
      return 0;
    }
    const project = deps.loadProject();
    selectFunctions(project, request.names);
    const variables = readVariables(deps.env, deps.root);
    const envId = variables.ENV_ID || undefined;
    envIdKnown = envId !== undefined;
    if (!envId && !request.dryRun) {
      throw new UsageError(`No CloudBase env id. Set ENV_ID=<your env id> in the environment or in .env.local (git-ignored), then run ${command} again.`);
    }
    plan = planDeploy(project, { envId: envId ?? ENV_ID_PLACEHOLDER, only: request.names, variables });
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    say(`${command}: ${error.message}`);
    return 2;
  }

  const bin = resolveTcb(deps.env, deps.root);
  const show = (args: readonly string[]) => formatCommand('tcb', args, [ENV_ID_PLACEHOLDER]);
  const toDeploy = plan.functions.filter((fn) => !fn.skipReason);

  if (request.dryRun) {
    say(`Dry run: nothing is built or run. ${command} would, in ${deps.root}:`);
    if (!envIdKnown) say(`(ENV_ID is not set, so ${ENV_ID_PLACEHOLDER} stands for it.)`);
    say(`tcb is ${bin ?? noTcb}`);
    say(`build: ${toDeploy.length ? toDeploy.map((fn) => fn.name).join(', ') : 'nothing'} (${buildNote})`);
    for (const fn of toDeploy) for (const step of fn.steps) say(`$ ${show(tcbArgs(step.tcb))}`);
    return summarize(plan, plan.functions.map((fn) => ({ fn, result: fn.skipReason ? skipped(fn) : { status: 'not run (dry run)' } })), say, true);
  }

  say(`tcb is ${bin ?? noTcb}`);
  if (toDeploy.length > 0) {
    say(`Building ${toDeploy.map((fn) => fn.name).join(', ')} …`);
    try {
      await deps.build(toDeploy.map((fn) => fn.name));
    } catch (error) {
      say(`${command}: the build failed, nothing was deployed: ${error instanceof Error ? error.message : String(error)}`);
      return 1;
    }
  }

  const childEnv = { ...deps.env, ENV_ID: plan.envId };
  const rows: ResultRow[] = [];
  for (const fn of plan.functions) {
    if (fn.skipReason) {
      rows.push({ fn, result: skipped(fn) });
      continue;
    }
    rows.push({ fn, result: await deployOne(fn) });
  }
  return summarize(plan, rows, say);

  async function deployOne(fn: FunctionPlan): Promise<FunctionResult> {
    say();
    say(`== ${fn.name}`);
    for (const step of fn.steps) {
      const args = tcbArgs(step.tcb);
      say(`$ ${show(args)}`);
      const run: CommandRun = bin
        ? await runCommand(bin, args, { cwd: deps.root, env: childEnv, echo: deps.write })
        : { exitCode: null, stdout: '', stderr: '', spawnError: 'no tcb executable found on PATH or in node_modules/.bin' };
      const verdict = judgeStep(step, fn, run);
      if (!verdict.ok) {
        say(`✗ ${fn.name}: ${verdict.reason}`);
        return { status: 'failed', reason: verdict.reason };
      }
    }
    return { status: 'deployed' };
  }
}

function skipped(fn: FunctionPlan): FunctionResult {
  return { status: 'skipped', reason: fn.skipReason! };
}

function summarize(plan: DeployPlan, rows: readonly ResultRow[], say: (line?: string) => void, dryRun = false): number {
  say();
  say(`Deploy summary (env ${plan.envId}):`);
  say(renderTable(rows));
  const problems = rows.filter((row) => row.result.status === 'failed' || row.result.status === 'skipped');
  const reasons = problems.map((row) => ('reason' in row.result ? row.result.reason : ''));
  for (const hint of nextSteps(reasons)) say(hint);
  const deployed = rows.filter((row) => row.result.status === 'deployed');
  for (const { fn } of deployed) if (fn.httpPath) say(`${fn.name} answers at https://${plan.envId}.service.tcloudbase.com${fn.httpPath}`);
  if (problems.length > 0) {
    say(dryRun ? `${problems.length} of ${rows.length} function(s) would be skipped.` : `${problems.length} of ${rows.length} function(s) not deployed.`);
    return 1;
  }
  return 0;
}

function parseRequest(argv: readonly string[]): { dryRun: boolean; help: boolean; names: string[] } {
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: { 'dry-run': { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false } },
    });
    return { dryRun: values['dry-run'] === true, help: values.help === true, names: [...new Set(positionals)] };
  } catch (error) {
    throw new UsageError(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
  }
}
