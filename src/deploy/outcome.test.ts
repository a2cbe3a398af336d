import { judgeStep, nextSteps, type CommandRun } from './outcome';
import type { FunctionPlan, PlannedStep } from './plan';

const housekeeping: FunctionPlan = { name: 'wxacodeHousekeeping', triggers: [{ name: 'hourly', type: 'timer', config: '0 0 * * * * *' }], steps: [] };
const http: FunctionPlan = { name: 'weappQrcode', triggers: [], httpPath: '/api/weapp/qrcode', steps: [] };
const step = (purpose: PlannedStep['purpose'], command: string[]): PlannedStep => ({ purpose, tcb: { command, positionals: [], options: [] } });
const deployStep = step('deploy', ['fn', 'deploy']);
const detailStep = step('verify-function', ['fn', 'detail']);
const serviceStep = step('verify-http-path', ['service', 'list']);
const ok = (stdout: string, stderr = ''): CommandRun => ({ exitCode: 0, stdout, stderr });

// What @cloudbase/cli 2.12.10 printed for `tcb fn deploy wxacodeGet -e fake-env --force` with no login (exit status 0).
const NOT_LOGGED_IN = {
  stdout: `CloudBase CLI 2.12.10
Try the tcb ai command to start your AI full-stack development experience
No valid identity information, will automatically open authorization page for you.
✖ [wxacodeGet] 函数部署失败
✖   错误信息: No valid identity information, please use cloudbase login to login
`,
  stderr: `- Authorize on the authorization page open in the browser.
✔ Authorization login successful!
- Loading data...
- Cloud function deploying...
`,
};

describe('fn deploy', () => {
  test('exit 0 with ✖ lines is a failure, with the CLI\'s own words', () => {
    expect(judgeStep(deployStep, housekeeping, { exitCode: 0, ...NOT_LOGGED_IN })).toEqual({
      ok: false,
      reason: 'tcb fn deploy reported (exit status 0): [wxacodeGet] 函数部署失败; 错误信息: No valid identity information, please use cloudbase login to login',
    });
  });

  test('colours do not hide the ✖', () => {
    expect(judgeStep(deployStep, housekeeping, ok('\u001b[31m✖\u001b[39m [x] 函数部署失败\n'))).toEqual({ ok: false, reason: 'tcb fn deploy reported (exit status 0): [x] 函数部署失败' });
  });

  test('a non-zero exit is a failure, with its ✖ lines or its last line', () => {
    expect(judgeStep(deployStep, housekeeping, { exitCode: 1, stdout: 'CloudBase CLI 2.12.10\n', stderr: "error: unknown option '--yes'\n" })).toEqual({
      ok: false,
      reason: "tcb fn deploy exited with status 1: error: unknown option '--yes'",
    });
    expect(judgeStep(deployStep, housekeeping, { exitCode: 1, stdout: '✖ No valid identity information\nbye\n', stderr: '' })).toEqual({
      ok: false,
      reason: 'tcb fn deploy exited with status 1: No valid identity information',
    });
    expect(judgeStep(deployStep, housekeeping, { exitCode: null, stdout: '', stderr: '' })).toEqual({ ok: false, reason: 'tcb fn deploy was killed with no output' });
  });

  test('a clean exit 0 passes (the checks after it decide)', () => {
    expect(judgeStep(deployStep, housekeeping, ok('- Cloud function deploying...\n', '✔ [wxacodeHousekeeping] 云函数部署成功！\n'))).toEqual({ ok: true });
  });

  test('tcb not startable', () => {
    expect(judgeStep(deployStep, housekeeping, { exitCode: null, stdout: '', stderr: '', spawnError: 'spawn tcb ENOENT' })).toEqual({
      ok: false,
      reason: 'tcb fn deploy could not be started: spawn tcb ENOENT',
    });
  });
});

describe('fn detail', () => {
  const detail = (status: string, triggers: string) => `云函数 [wxacodeHousekeeping] 详情：
┌──────────┬────────────────────────────┐
│ 信息     │ 值                         │
│ 状态     │ ${status} │
│ 触发器   │ ${triggers} │
└──────────┴────────────────────────────┘`;

  test('deployed, with its trigger, in Chinese and in English', () => {
    expect(judgeStep(detailStep, housekeeping, ok(detail('部署完成', 'hourly：{"cron":"0 0 * * * * *"}')))).toEqual({ ok: true });
    expect(judgeStep(detailStep, housekeeping, ok(detail('Deployment completed', 'hourly：0 0 * * * * *')))).toEqual({ ok: true });
  });

  test('not active: its status is the reason', () => {
    expect(judgeStep(detailStep, housekeeping, ok(detail('更新失败', 'hourly：x')))).toEqual({
      ok: false,
      reason: 'tcb fn detail does not show wxacodeHousekeeping as deployed (its status: 更新失败)',
    });
    expect(judgeStep(detailStep, housekeeping, ok('nothing useful'))).toEqual({
      ok: false,
      reason: 'tcb fn detail does not show wxacodeHousekeeping as deployed (no status 部署完成 / Deployment completed in its output)',
    });
  });

  test('a missing trigger fails; a trigger whose name only appears inside another does not count', () => {
    expect(judgeStep(detailStep, housekeeping, ok(detail('部署完成', '无')))).toEqual({
      ok: false,
      reason: 'tcb fn detail lists no trigger hourly for wxacodeHousekeeping (cloudbaserc.json declares it)',
    });
    expect(judgeStep(detailStep, housekeeping, ok(detail('部署完成', 'twohourly：x'))).ok).toBe(false);
  });
});

describe('service list', () => {
  const row = (p: string, name: string) => `│ 触发路径 │ 关联资源 │ 触发类型 │ 创建时间 │\n│ ${p} │ ${name} │ 云函数 │ 2026-11-23 12:00:00 │`;

  test('the path bound to the function passes; another function, another path or none fails', () => {
    expect(judgeStep(serviceStep, http, ok(row('/api/weapp/qrcode', 'weappQrcode')))).toEqual({ ok: true });
    const failure = { ok: false, reason: 'tcb service list shows no HTTP access path /api/weapp/qrcode bound to weappQrcode' };
    expect(judgeStep(serviceStep, http, ok(row('/api/weapp/qrcode', 'weappQrcodeOld')))).toEqual(failure);
    expect(judgeStep(serviceStep, http, ok(row('/api/other', 'weappQrcode')))).toEqual(failure);
    expect(judgeStep(serviceStep, http, ok('HTTP 访问服务为空'))).toEqual(failure);
  });
});

test('what to do next, once each', () => {
  expect(nextSteps(['… No valid identity information, please use cloudbase login to login', 'again: No valid identity information'])).toEqual([
    'Log in first: npx tcb login (or npx tcb login --key), then npm run deploy again.',
  ]);
  expect(nextSteps(['tcb fn deploy could not be started: spawn tcb ENOENT'])).toEqual([
    'Install the CLI with npm install (it is a devDependency), or point WXACODE_TCB_BIN at a tcb executable.',
  ]);
  expect(nextSteps(['tcb fn deploy reported (exit status 0): [a] 函数部署失败; 错误信息: The environment ID env-x you specified does not exist, please specify the correct environment ID!'])).toEqual([
    'Check ENV_ID: it must be an env id of the account you logged in with (npx tcb env list).',
  ]);
  expect(nextSteps(['tcb fn detail lists no trigger hourly', 'skipped: … not set: … replacing what the console holds. Set X in .env.local (git-ignored) or the environment'])).toEqual([]);
});
