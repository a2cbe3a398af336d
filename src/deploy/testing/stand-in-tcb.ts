/**
 * A stand-in `tcb` for tests: a small executable written into a temp dir that answers `fn deploy`, `fn detail`
 * and `service list` with the text @cloudbase/cli 2.12.10 prints, and keeps state in a log (a function exists once
 * a deploy of it succeeded; a path is bound once a deploy with --path succeeded). Per function, STAND_IN_TCB_FAULTS
 * picks a fault:
 *   exit-1    fn deploy exits 1 (commander's "error: unknown option", as the old deploy's --yes on trigger create did)
 *   exit-0    fn deploy prints the CLI's ✖ 函数部署失败 lines and exits 0 (what 2.12.10 does when not logged in)
 *   silent    fn deploy prints nothing wrong and exits 0 but creates nothing (only a later check can tell)
 *   no-trigger  fn deploy succeeds but creates none of the function's triggers
 *   no-path   fn deploy succeeds but binds no HTTP access path
 */
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export type StandInFault = 'exit-1' | 'exit-0' | 'silent' | 'no-trigger' | 'no-path';

export interface StandInCall {
  args: string[];
  /** the function the call created or bound, when it did */
  created?: { name: string; path?: string; triggers: boolean };
}

const SCRIPT = String.raw`#!/usr/bin/env node
const fs = require('node:fs');
const path = require('node:path');
const args = process.argv.slice(2);
const log = process.env.STAND_IN_TCB_LOG;
const faults = JSON.parse(process.env.STAND_IN_TCB_FAULTS || '{}');
const calls = fs.existsSync(log) ? fs.readFileSync(log, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l)) : [];
const record = (created) => fs.appendFileSync(log, JSON.stringify(created ? { args, created } : { args }) + '\n');
const option = (flag) => (args.includes(flag) ? args[args.indexOf(flag) + 1] : undefined);
const out = (text) => process.stdout.write(text + '\n');
const banner = () => out('CloudBase CLI 2.12.10\nTry the tcb ai command to start your AI full-stack development experience');
const [group, command, name] = args;
banner();
if (group === 'fn' && command === 'deploy') {
  const fault = faults[name];
  if (fault === 'exit-1') { record(); process.stderr.write("error: unknown option '--frobnicate'\n"); process.exit(1); }
  out('- Cloud function deploying...');
  if (fault === 'exit-0') {
    record();
    out('✖ [' + name + '] 函数部署失败');
    out('✖   错误信息: No valid identity information, please use cloudbase login to login');
    process.exit(0);
  }
  if (fault === 'silent') { record(); process.exit(0); }
  record({ name, path: fault === 'no-path' ? undefined : option('--path'), triggers: fault !== 'no-trigger' });
  out('✔ [' + name + '] 云函数部署成功！');
  process.exit(0);
}
if (group === 'fn' && command === 'detail') {
  record();
  const created = calls.map((c) => c.created).filter((c) => c && c.name === name).pop();
  if (!created) { process.stderr.write('✖ [' + name + '] 函数不存在\n'); process.exit(1); }
  const rc = JSON.parse(fs.readFileSync(path.join(process.cwd(), 'cloudbaserc.json'), 'utf8'));
  const triggers = created.triggers ? ((rc.functions.find((f) => f.name === name) || {}).triggers || []) : [];
  out('云函数 [' + name + '] 详情：');
  out('│ 函数名称 │ ' + name + ' │');
  out('│ 状态 │ 部署完成 │');
  out('│ 触发器 │ ' + (triggers.length ? triggers.map((t) => t.name + '：{"cron":"' + t.config + '"}').join('\n') : '无') + ' │');
  process.exit(0);
}
if (group === 'service' && command === 'list') {
  record();
  const wanted = option('--service-path');
  const bound = calls.map((c) => c.created).filter((c) => c && c.path && (!wanted || c.path === wanted));
  if (!bound.length) { out('HTTP 访问服务为空'); process.exit(0); }
  out('│ 触发路径 │ 关联资源 │ 触发类型 │ 创建时间 │');
  for (const b of bound) out('│ ' + b.path + ' │ ' + b.name + ' │ 云函数 │ 2026-11-23 12:00:00 │');
  process.exit(0);
}
record();
process.stderr.write('stand-in tcb does not know: ' + args.join(' ') + '\n');
process.exit(3);
`;

export interface StandInTcb {
  /** the directory holding the `tcb` executable: put it first on PATH */
  dir: string;
  /** environment the deploy passes on to tcb: the log and the faults */
  env(faults?: Record<string, StandInFault>): NodeJS.ProcessEnv;
  /** every call, in order */
  calls(): StandInCall[];
}

export function installStandInTcb(): StandInTcb {
  const dir = mkdtempSync(path.join(tmpdir(), 'wxacode-stand-in-tcb-'));
  const bin = path.join(dir, 'tcb');
  writeFileSync(bin, SCRIPT);
  chmodSync(bin, 0o755);
  const log = path.join(dir, 'calls.jsonl');
  return {
    dir,
    env: (faults = {}) => ({ STAND_IN_TCB_LOG: log, STAND_IN_TCB_FAULTS: JSON.stringify(faults) }),
    calls: () => (existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as StandInCall) : []),
  };
}
