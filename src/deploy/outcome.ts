/**
 * Whether a `tcb` step did what it should, from its exit status AND its output: @cloudbase/cli 2.12.10 exits 0
 * after a failed `fn deploy` (it prints `✖ [name] 函数部署失败` and `✖   错误信息: …`), so the exit status alone
 * would call a deploy that never happened a success. Pure.
 */
import { stripVTControlCharacters } from 'node:util';
import type { FunctionPlan, PlannedStep } from './plan';

export interface CommandRun {
  /** null when the process was killed by a signal or never started */
  exitCode: number | null;
  stdout: string;
  stderr: string;
  /** set when `tcb` could not be started at all (e.g. not installed) */
  spawnError?: string;
}

export type StepVerdict = { ok: true } | { ok: false; reason: string };

/** The CLI marks every error line with ✖ (logger.error and the spinner's fail), in both its languages. */
const FAILURE_MARK = '✖';

export function judgeStep(step: PlannedStep, fn: FunctionPlan, run: CommandRun): StepVerdict {
  const command = `tcb ${step.tcb.command.join(' ')}`;
  if (run.spawnError !== undefined) return { ok: false, reason: `${command} could not be started: ${run.spawnError}` };
  const output = stripVTControlCharacters(`${run.stdout}\n${run.stderr}`);
  const failures = failureLines(output);
  if (run.exitCode !== 0) {
    const status = run.exitCode === null ? 'was killed' : `exited with status ${run.exitCode}`;
    return { ok: false, reason: `${command} ${status}${failures.length ? `: ${failures.join('; ')}` : lastLine(output)}` };
  }
  if (failures.length > 0) return { ok: false, reason: `${command} reported (exit status 0): ${failures.join('; ')}` };
  switch (step.purpose) {
    case 'deploy':
      return { ok: true };
    case 'verify-function':
      return judgeDetail(fn, output);
    case 'verify-http-path':
      return judgeHttpPath(fn, output);
  }
}

/** `tcb fn detail` prints a table: 状态 部署完成 (Active; "Deployment completed" in English) and each trigger as `name：desc`. */
function judgeDetail(fn: FunctionPlan, output: string): StepVerdict {
  if (!/部署完成|Deployment completed/.test(output)) {
    const status = output.match(/创建失败|更新失败|创建中|更新中|Creation failed|Update failed|Creating|Updating/)?.[0];
    return {
      ok: false,
      reason: `tcb fn detail does not show ${fn.name} as deployed (${status ? `its status: ${status}` : 'no status 部署完成 / Deployment completed in its output'})`,
    };
  }
  const missing = fn.triggers.filter((t) => !new RegExp(`(^|[\\s│|])${escapeRegExp(t.name)}\\s*[：:]`, 'm').test(output));
  if (missing.length > 0) {
    return { ok: false, reason: `tcb fn detail lists no trigger ${missing.map((t) => t.name).join(', ')} for ${fn.name} (cloudbaserc.json declares it)` };
  }
  return { ok: true };
}

/** `tcb service list` prints one row per HTTP access service: path, bound function, type, time. */
function judgeHttpPath(fn: FunctionPlan, output: string): StepVerdict {
  const bound = output.split('\n').some((line) => line.includes(fn.httpPath!) && new RegExp(`(^|[\\s│|])${escapeRegExp(fn.name)}($|[\\s│|])`).test(line));
  return bound ? { ok: true } : { ok: false, reason: `tcb service list shows no HTTP access path ${fn.httpPath} bound to ${fn.name}` };
}

function failureLines(output: string): string[] {
  return output
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.startsWith(FAILURE_MARK))
    .map((line) => line.slice(FAILURE_MARK.length).trim())
    .filter((line) => line !== '');
}

function lastLine(output: string): string {
  const lines = output.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  return lines.length ? `: ${lines[lines.length - 1]}` : ' with no output';
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** What to do next, for reasons a team can fix themselves. */
export function nextSteps(reasons: readonly string[]): string[] {
  const hints = new Set<string>();
  for (const reason of reasons) {
    if (/identity|login|登录|AuthFailure|Unauthorized/i.test(reason)) hints.add('Log in first: npx tcb login (or npx tcb login --key), then npm run deploy again.');
    if (/environment id .{0,60}(does not exist|not found)|环境 ?ID .{0,60}不存在|Environment .{0,60}not found/i.test(reason)) hints.add('Check ENV_ID: it must be an env id of the account you logged in with (npx tcb env list).');
    if (/could not be started/.test(reason)) hints.add('Install the CLI with npm install (it is a devDependency), or point WXACODE_TCB_BIN at a tcb executable.');
  }
  return [...hints];
}
