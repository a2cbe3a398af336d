/**
 * The deploy as data: which functions, and the exact `tcb` commands for each. Pure: the same plan is printed by
 * `--dry-run`, run by `npm run deploy`, and checked flag by flag against the installed CLI's `--help` in
 * plan.test.ts.
 *
 * What @cloudbase/cli 2.12.10 does, read from its source (node_modules/@cloudbase/cli/dist/standalone/cli.js):
 * - `tcb fn deploy <name> --force` reads the function's entry in cloudbaserc.json (runtime, timeout,
 *   envVariables, triggers) and, through @cloudbase/manager-node's createFunction, creates or updates the code and
 *   configuration, creates the entry's `triggers` (BatchCreateTrigger, retried) and, with `--path`, the HTTP access
 *   service path. So no separate `tcb fn trigger create` step is needed (it also accepts only `-e`).
 * - It exits 0 when that fails (the error is printed as `✖ [name] 函数部署失败` / `✖   错误信息: …`), so every
 *   deploy is checked afterwards: `tcb fn detail` (status 部署完成 / Deployment completed, the triggers) and, for an
 *   HTTP function, `tcb service list --service-path` (the path bound to the function). Neither has a `--json` mode
 *   in 2.12.10 (only the `tcb run …` cloudrun commands do), so their text is read.
 */
import type { DeployProject, TriggerSpec } from './project';

export type TcbOption = readonly [flag: string] | readonly [flag: string, value: string];

export interface TcbCommand {
  /** the sub-command words, e.g. ['fn', 'deploy'] */
  command: readonly string[];
  positionals: readonly string[];
  options: readonly TcbOption[];
}

export type StepPurpose = 'deploy' | 'verify-function' | 'verify-http-path';

export interface PlannedStep {
  purpose: StepPurpose;
  tcb: TcbCommand;
}

export interface FunctionPlan {
  name: string;
  /** the triggers `tcb fn deploy` creates from cloudbaserc.json */
  triggers: TriggerSpec[];
  httpPath?: string;
  /** set when the function is not deployed at all because of a configuration problem, found before anything runs */
  skipReason?: string;
  /** in order; empty when skipped */
  steps: PlannedStep[];
}

export interface DeployPlan {
  envId: string;
  functions: FunctionPlan[];
}

/** A mistake in how the deploy was asked for (exit status 2): nothing was built or run. */
export class UsageError extends Error {}

export function tcbArgs(tcb: TcbCommand): string[] {
  return [...tcb.command, ...tcb.positionals, ...tcb.options.flatMap((option) => [...option])];
}

/** The names to deploy: all of the catalog when none are given, in catalog order. */
export function selectFunctions(project: DeployProject, requested: readonly string[]): string[] {
  const known = project.catalog.map((fn) => fn.name);
  const unknown = requested.filter((name) => !known.includes(name));
  if (unknown.length > 0) {
    throw new UsageError(
      `unknown function ${unknown.map((n) => `"${n}"`).join(', ')}: the functions (src/functions/catalog.ts) are ${known.join(', ')}. ` +
        'Run npm run deploy -- <name> [<name> …] with some of them, or npm run deploy for all.',
    );
  }
  return requested.length === 0 ? known : known.filter((name) => requested.includes(name));
}

export interface PlanOptions {
  envId: string;
  /** names to deploy; none: all */
  only?: readonly string[];
  /** what tcb will fill `{{env.NAME}}` with (environment over .env.local over .env); ENV_ID is always envId */
  variables?: Readonly<Record<string, string | undefined>>;
}

export function planDeploy(project: DeployProject, options: PlanOptions): DeployPlan {
  const { envId } = options;
  const variables = { ...options.variables, ENV_ID: envId };
  const selected = selectFunctions(project, options.only ?? []);
  const functions = selected.map((name) => planFunction(project, name, envId, variables));
  if ((options.only ?? []).length === 0) {
    const known = new Set(project.catalog.map((fn) => fn.name));
    for (const stray of project.rcFunctions.filter((fn) => !known.has(fn.name))) {
      functions.push({
        name: stray.name,
        triggers: stray.triggers,
        skipReason: `in cloudbaserc.json but not in src/functions/catalog.ts, so nothing builds it: add it to the catalog (with src/functions/${stray.name}.ts) or remove it from cloudbaserc.json`,
        steps: [],
      });
    }
  }
  return { envId, functions };
}

function planFunction(project: DeployProject, name: string, envId: string, variables: Readonly<Record<string, string | undefined>>): FunctionPlan {
  const spec = project.catalog.find((fn) => fn.name === name)!;
  const rc = project.rcFunctions.find((fn) => fn.name === name);
  const triggers = rc?.triggers ?? [];
  const base = { name, triggers, ...(spec.httpPath ? { httpPath: spec.httpPath } : {}) };
  const skipReason = configurationProblem(project, name, spec.httpPath, variables);
  if (skipReason) return { ...base, skipReason, steps: [] };

  const env: TcbOption = ['-e', envId];
  const steps: PlannedStep[] = [
    {
      purpose: 'deploy',
      tcb: {
        command: ['fn', 'deploy'],
        positionals: [name],
        // --force: overwrite the function if it exists; --yes: never wait for an interactive answer
        options: [env, ['--force'], ['--yes'], ...(spec.httpPath ? [['--path', spec.httpPath] as const] : [])],
      },
    },
    { purpose: 'verify-function', tcb: { command: ['fn', 'detail'], positionals: [name], options: [env] } },
  ];
  if (spec.httpPath) {
    steps.push({ purpose: 'verify-http-path', tcb: { command: ['service', 'list'], positionals: [], options: [env, ['--service-path', spec.httpPath]] } });
  }
  return { ...base, steps };
}

/** Why `name` cannot be deployed as the repository stands, or undefined. */
function configurationProblem(
  project: DeployProject,
  name: string,
  httpPath: string | undefined,
  variables: Readonly<Record<string, string | undefined>>,
): string | undefined {
  const rc = project.rcFunctions.find((fn) => fn.name === name);
  if (!rc) {
    return `not in cloudbaserc.json, so tcb would deploy it with its default runtime and timeout: add {"name": "${name}", "runtime": "Nodejs16.13", "handler": "index.main", "timeout": 20, "installDependency": false, "envVariables": {}} to its "functions"`;
  }
  // tcb fills an unset {{env.NAME}} with "" and, on an existing function, replaces the value set in the console
  const unset = rc.envReferences.filter((variable) => !variables[variable]);
  if (unset.length > 0) {
    return (
      `cloudbaserc.json fills it from ${unset.map((v) => `{{env.${v}}}`).join(', ')}, not set: tcb would deploy ${unset.length > 1 ? 'them' : 'it'} empty, ` +
      `replacing what the console holds. Set ${unset.join(', ')} in .env.local (git-ignored) or the environment and run again`
    );
  }
  const configTriggers = project.configTriggers.get(name);
  if (configTriggers === undefined) {
    return `cloudfunctions/${name}/config.json is missing (it grants the function's openapi permissions): restore it`;
  }
  const unsupported = rc.triggers.filter((t) => t.type !== 'timer');
  if (unsupported.length > 0) {
    return `cloudbaserc.json gives it ${unsupported.map(describeTrigger).join(', ')}, but tcb creates timer triggers only: use type "timer"`;
  }
  if (triggerKey(rc.triggers) !== triggerKey(configTriggers)) {
    return (
      `its triggers differ: cloudbaserc.json (what tcb creates) has ${describeTriggers(rc.triggers)}, ` +
      `cloudfunctions/${name}/config.json (what DevTools' 上传触发器 creates) has ${describeTriggers(configTriggers)}: make them the same`
    );
  }
  if (httpPath !== undefined && !httpPath.startsWith('/')) {
    return `its httpPath "${httpPath}" in src/functions/catalog.ts must start with / (tcb fn deploy --path refuses it otherwise)`;
  }
  return undefined;
}

function triggerKey(triggers: readonly TriggerSpec[]): string {
  return JSON.stringify(triggers.map((t) => [t.name, t.type, t.config]).sort());
}

export function describeTrigger(trigger: TriggerSpec): string {
  return `${trigger.name} (${trigger.type} ${trigger.config})`;
}

export function describeTriggers(triggers: readonly TriggerSpec[]): string {
  return triggers.length === 0 ? 'none' : triggers.map(describeTrigger).join(', ');
}
