import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FUNCTIONS, type FunctionSpec } from '../functions/catalog';
import { planDeploy, selectFunctions, tcbArgs, UsageError } from './plan';
import { loadProject, type DeployProject, type TriggerSpec } from './project';

const ROOT = path.resolve(__dirname, '../..');
const project = loadProject(ROOT);
/** every {{env.NAME}} cloudbaserc.json uses, set */
const variables = Object.fromEntries(project.rcFunctions.flatMap((fn) => fn.envReferences).map((v) => [v, 'set']));
const hourly: TriggerSpec = { name: 'hourly', type: 'timer', config: '0 0 * * * * *' };

/** The repository plus one function, added the way a new one is: catalog, cloudbaserc.json, config.json. */
function withFunction(spec: FunctionSpec, rcTriggers: TriggerSpec[] | 'absent', configTriggers: TriggerSpec[] | undefined): DeployProject {
  return {
    ...project,
    catalog: [...project.catalog, spec],
    rcFunctions: rcTriggers === 'absent' ? project.rcFunctions : [...project.rcFunctions, { name: spec.name, triggers: rcTriggers, envReferences: [] }],
    configTriggers: new Map([...project.configTriggers, [spec.name, configTriggers]]),
  };
}

const batch: FunctionSpec = { name: 'wxacodeExtra', openapi: [], description: 'test', httpPath: '/api/weapp/extra' };
const planOf = (p: DeployProject, name: string) => planDeploy(p, { envId: 'env-1', only: [name], variables }).functions[0]!;

test('the repository as it stands: every catalog function is planned, none skipped (catalog, cloudbaserc.json and config.json agree)', () => {
  const plan = planDeploy(project, { envId: 'env-1', variables });
  expect(plan.functions.map((fn) => fn.name)).toEqual(FUNCTIONS.map((fn) => fn.name));
  expect(plan.functions.filter((fn) => fn.skipReason).map((fn) => `${fn.name}: ${fn.skipReason}`)).toEqual([]);
});

test('each function: fn deploy --force --yes, then fn detail; an HTTP function gets --path and a service list check', () => {
  for (const fn of planDeploy(project, { envId: 'env-1', variables }).functions) {
    const spec = FUNCTIONS.find((f) => f.name === fn.name)!;
    expect(fn.steps.map((s) => tcbArgs(s.tcb))).toEqual([
      ['fn', 'deploy', fn.name, '-e', 'env-1', '--force', '--yes', ...(spec.httpPath ? ['--path', spec.httpPath] : [])],
      ['fn', 'detail', fn.name, '-e', 'env-1'],
      ...(spec.httpPath ? [['service', 'list', '-e', 'env-1', '--service-path', spec.httpPath]] : []),
    ]);
  }
});

test('a new function with an HTTP path and a timer is planned from the files alone, no name in the deploy', () => {
  const fn = planOf(withFunction(batch, [hourly], [hourly]), batch.name);
  expect(fn).toEqual({
    name: 'wxacodeExtra',
    triggers: [hourly],
    httpPath: '/api/weapp/extra',
    steps: [
      { purpose: 'deploy', tcb: { command: ['fn', 'deploy'], positionals: ['wxacodeExtra'], options: [['-e', 'env-1'], ['--force'], ['--yes'], ['--path', '/api/weapp/extra']] } },
      { purpose: 'verify-function', tcb: { command: ['fn', 'detail'], positionals: ['wxacodeExtra'], options: [['-e', 'env-1']] } },
      { purpose: 'verify-http-path', tcb: { command: ['service', 'list'], positionals: [], options: [['-e', 'env-1'], ['--service-path', '/api/weapp/extra']] } },
    ],
  });
});

describe('a function the repository does not set up completely is skipped, saying what to fix', () => {
  test.each([
    ['not in cloudbaserc.json', withFunction(batch, 'absent', []), /^not in cloudbaserc.json, so tcb would deploy it with its default runtime and timeout: add \{"name": "wxacodeExtra"/],
    ['no config.json', withFunction(batch, [], undefined), /^cloudfunctions\/wxacodeExtra\/config.json is missing/],
    [
      'a timer only in cloudbaserc.json',
      withFunction(batch, [hourly], []),
      /^its triggers differ: cloudbaserc.json \(what tcb creates\) has hourly \(timer 0 0 \* \* \* \* \*\), cloudfunctions\/wxacodeExtra\/config.json \(what DevTools' 上传触发器 creates\) has none: make them the same$/,
    ],
    ['different schedules', withFunction(batch, [hourly], [{ ...hourly, config: '0 30 * * * * *' }]), /^its triggers differ: .* has hourly \(timer 0 30 \* \* \* \* \*\)/],
    ['a trigger tcb cannot create', withFunction(batch, [{ name: 'q', type: 'cmq', config: 'x' }], [{ name: 'q', type: 'cmq', config: 'x' }]), /tcb creates timer triggers only/],
    ['an HTTP path without /', withFunction({ ...batch, httpPath: 'api/batch' }, [], []), /httpPath "api\/batch" .* must start with \//],
  ])('%s', (_, p, reason) => {
    const fn = planOf(p, batch.name);
    expect(fn.skipReason).toMatch(reason);
    expect(fn.steps).toEqual([]);
  });

  test('a {{env.NAME}} in its cloudbaserc.json entry that is not set (tcb would deploy it empty)', () => {
    const p = { ...withFunction(batch, [], []), rcFunctions: [...project.rcFunctions, { name: batch.name, triggers: [], envReferences: ['BATCH_TOKENS', 'ENV_ID'] }] };
    expect(planOf(p, batch.name).skipReason).toBe(
      'cloudbaserc.json fills it from {{env.BATCH_TOKENS}}, not set: tcb would deploy it empty, replacing what the console holds. Set BATCH_TOKENS in .env.local (git-ignored) or the environment and run again',
    );
    expect(planDeploy(p, { envId: 'env-1', only: [batch.name], variables: { BATCH_TOKENS: '' } }).functions[0]!.skipReason).toMatch(/^cloudbaserc.json fills it from/);
    expect(planDeploy(p, { envId: 'env-1', only: [batch.name], variables: { BATCH_TOKENS: 't1' } }).functions[0]!.skipReason).toBeUndefined();
  });

  test('a cloudbaserc.json entry with no catalog entry shows up as skipped when deploying all', () => {
    const p = { ...project, rcFunctions: [...project.rcFunctions, { name: 'oldFunction', triggers: [], envReferences: [] }] };
    const plan = planDeploy(p, { envId: 'env-1', variables });
    expect(plan.functions.at(-1)).toMatchObject({ name: 'oldFunction', skipReason: expect.stringMatching(/^in cloudbaserc.json but not in src\/functions\/catalog.ts/) });
    expect(planDeploy(p, { envId: 'env-1', only: [FUNCTIONS[0]!.name] }).functions.map((fn) => fn.name)).toEqual([FUNCTIONS[0]!.name]);
  });
});

test('names: catalog order, duplicates once, unknown ones refused with the valid list', () => {
  const [a, b] = [FUNCTIONS[0]!.name, FUNCTIONS[1]!.name];
  expect(selectFunctions(project, [b, a, b])).toEqual([a, b]);
  expect(selectFunctions(project, [])).toEqual(FUNCTIONS.map((fn) => fn.name));
  expect(() => selectFunctions(project, ['x', a, 'y'])).toThrow(UsageError);
  expect(() => selectFunctions(project, ['x', a, 'y'])).toThrow(`unknown function "x", "y": the functions (src/functions/catalog.ts) are ${FUNCTIONS.map((fn) => fn.name).join(', ')}.`);
});

describe('loadProject', () => {
  function projectDir(rc: string, configs: Record<string, string> = {}): string {
    const dir = mkdtempSync(path.join(tmpdir(), 'wxacode-project-'));
    writeFileSync(path.join(dir, 'cloudbaserc.json'), rc);
    for (const [name, text] of Object.entries(configs)) {
      mkdirSync(path.join(dir, 'cloudfunctions', name), { recursive: true });
      writeFileSync(path.join(dir, 'cloudfunctions', name, 'config.json'), text);
    }
    return dir;
  }
  const catalog: FunctionSpec[] = [{ name: 'a', openapi: [], description: '' }];

  test('reads triggers from cloudbaserc.json and config.json', () => {
    const dir = projectDir(JSON.stringify({ functions: [{ name: 'a', triggers: [hourly] }] }), { a: JSON.stringify({ permissions: {}, triggers: [hourly] }) });
    const p = loadProject(dir, catalog);
    expect(p.rcFunctions).toEqual([{ name: 'a', triggers: [hourly], envReferences: [] }]);
    expect(p.configTriggers.get('a')).toEqual([hourly]);
  });

  test('finds each {{env.NAME}} an entry uses, once', () => {
    const rc = { functions: [{ name: 'a', envVariables: { X: '{{env.TOKENS}}', Y: '{{ env.TOKENS }}', Z: 'pre-{{env.OTHER}}' } }] };
    expect(loadProject(projectDir(JSON.stringify(rc), { a: '{}' }), catalog).rcFunctions[0]!.envReferences).toEqual(['TOKENS', 'OTHER']);
  });

  test('broken files are named with what to fix', () => {
    expect(() => loadProject(projectDir('{'), catalog)).toThrow(/cloudbaserc.json is not valid JSON .*: fix it and run npm run deploy again/);
    expect(() => loadProject(projectDir('{"functions": {}}'), catalog)).toThrow(/"functions" must be an array/);
    expect(() => loadProject(projectDir(JSON.stringify({ functions: [{ name: 'a', triggers: [{ name: 'h' }] }] })), catalog)).toThrow(
      /functions\[0\] \(a\): triggers\[0\] must have string "name", "type" and "config"/,
    );
    expect(() => loadProject(mkdtempSync(path.join(tmpdir(), 'wxacode-empty-')), catalog)).toThrow(/cloudbaserc.json is missing/);
  });
});
