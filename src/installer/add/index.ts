import path from 'node:path';
import { detectProject, ProjectError, readPagesOption, type DetectedProject } from '../project/detect';
import type { RcEntry } from './cloudbaserc-merge';
import { applyPlan, diskState, diskWriter, ReadOnlyError, type ProjectWriter } from './apply';
import { ADD_USAGE, parseAddArgs, UsageError, type AddArgs } from './args';
import { LOCK_FILE, parseLock, type AddLock } from './lock';
import { availableFunctions, DEFAULT_FUNCTIONS, readPackageContent } from './package-content';
import { findPackageRoot } from './package-root';
import { planAdd, type AddPlan } from './plan';
import { describePlan, describeProject, nextSteps } from './report';

export interface AddIo {
  cwd: string;
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

export interface AddDeps {
  /** the package whose built functions and helpers are copied (default: this module's package) */
  packageRoot?: string;
  writer?: ProjectWriter;
}

/** The line a project without cloud functions adds to project.config.json. */
export const CLOUDFUNCTION_ROOT_LINE = '"cloudfunctionRoot": "cloudfunctions/",';

/**
 * `wxacode-cloudbase add [dir] …`: detects the project, plans, prints the plan or applies it and prints what
 * changed and the next steps. Returns the exit code: 0 done (edited files left are named, not an error), 1 the
 * project cannot take the functions as it is (the message says what to do), 2 a usage error.
 */
export async function runAdd(args: string[], io: AddIo, deps: AddDeps = {}): Promise<number> {
  let parsed: AddArgs;
  try {
    parsed = parseAddArgs(args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`wxacode-cloudbase add: ${error.message}\n\n${ADD_USAGE}`);
    return 2;
  }
  if (parsed.help) {
    io.stdout(ADD_USAGE);
    return 0;
  }
  try {
    return add(parsed, io, deps);
  } catch (error) {
    if (error instanceof ProjectError || error instanceof ReadOnlyError || error instanceof UsageError) {
      io.stderr(`wxacode-cloudbase add: ${error.message}\n`);
      return error instanceof UsageError ? 2 : 1;
    }
    throw error;
  }
}

function add(args: AddArgs, io: AddIo, deps: AddDeps): number {
  const pages = args.pages === undefined ? undefined : readPagesOption(args.pages, io.cwd);
  const project = detectProject(path.resolve(io.cwd, args.dir ?? '.'), { pages });
  if (project.cloudfunctionRoot === undefined) {
    throw new ProjectError(
      `${path.join(project.root, 'project.config.json')} has no "cloudfunctionRoot": the project has no cloud functions folder. ` +
        `Add this line to project.config.json (beside "miniprogramRoot"), then run add again:\n\n  ${CLOUDFUNCTION_ROOT_LINE}\n`,
    );
  }
  const state = diskState(project.root);
  const lockText = state.readFile(LOCK_FILE)?.toString('utf8');
  let lock: AddLock | undefined;
  try {
    lock = lockText === undefined ? undefined : parseLock(lockText);
  } catch (error) {
    throw new ProjectError(`${LOCK_FILE}: ${(error as Error).message}`);
  }
  const packageRoot = deps.packageRoot ?? findPackageRoot();
  const available = availableFunctions(packageRoot);
  const functions = chooseFunctions(args, lock, available);
  const pkg = readPackageContent(packageRoot, functions);
  const plan = planAdd(project, pkg, state, lock, { functions, force: args.force });

  io.stdout(`${describeProject(project)}\n\n`);
  if (plan.conflicts.length > 0) {
    io.stderr(
      `wxacode-cloudbase add: ${plan.conflicts.join(', ')} already exist${plan.conflicts.length === 1 ? 's' : ''} and ${plan.conflicts.length === 1 ? 'was' : 'were'} not written by add ` +
        `(not in ${LOCK_FILE}). Nothing was written. Rename or remove ${plan.conflicts.length === 1 ? 'it' : 'them'}, or leave ${plan.conflicts.length === 1 ? 'that function' : 'those functions'} out with --functions.\n` +
        `以下文件夹已存在且不是 add 写入的：${plan.conflicts.join('、')}。未写入任何文件。请改名或移走，或用 --functions 排除。\n`,
    );
    return 1;
  }
  const cfRootWasThere = state.exists(project.cloudfunctionRoot);
  if (!args.dryRun) applyPlan(project.root, plan, deps.writer ?? diskWriter);
  io.stdout(`${describePlan(plan, args.dryRun)}\n\n`);
  if (project.miniprogramRoot === '') {
    io.stdout(
      `Note: the mini program is the project folder, so DevTools would upload ${LOCK_FILE} and cloudbaserc.json with it. To leave them out, add to project.config.json "packOptions": {"ignore": [{"type": "file", "value": "${LOCK_FILE}"}, {"type": "file", "value": "cloudbaserc.json"}]}.\n` +
        `注意：小程序目录就是项目目录，开发者工具上传时会带上 ${LOCK_FILE} 和 cloudbaserc.json。如需排除，请在 project.config.json 的 packOptions.ignore 中加入这两个文件。\n\n`,
    );
  }
  if (!cfRootWasThere) {
    io.stdout(
      `Note: ${project.cloudfunctionRoot}/ did not exist${args.dryRun ? '' : ' and was created'}. If a build of yours makes that folder, keep these functions' folders out of what it deletes.\n` +
        `注意：${project.cloudfunctionRoot}/ 原本不存在${args.dryRun ? '' : '，已新建'}。如果你的构建会生成这个目录，请确保构建不会删除这些云函数目录。\n\n`,
    );
  }
  io.stdout(`${nextSteps(project, plan, timeoutsOf(pkg.rcEntries))}\n`);
  return 0;
}

function chooseFunctions(args: AddArgs, lock: AddLock | undefined, available: string[]): string[] {
  const before = lock?.functions ?? [];
  let chosen: string[];
  if (args.all) chosen = available;
  else if (args.functions) chosen = [...before, ...args.functions];
  else chosen = before.length > 0 ? before : [...DEFAULT_FUNCTIONS];
  const unknown = chosen.filter((f) => !available.includes(f));
  if (unknown.length > 0) throw new UsageError(`no function ${unknown.join(', ')}; the functions are ${available.join(', ')}`);
  return [...new Set(chosen)];
}

function timeoutsOf(entries: Map<string, RcEntry>): Map<string, number> {
  const out = new Map<string, number>();
  for (const [name, e] of entries) if (typeof e.timeout === 'number') out.set(name, e.timeout);
  return out;
}

export type { AddPlan, DetectedProject };
