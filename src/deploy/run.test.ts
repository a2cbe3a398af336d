/**
 * `npm run deploy` as a user sees it (its output, its table, its exit status), with a stand-in `tcb` on PATH in
 * place of the real CLI (which would need a CloudBase login and the network). The build is recorded, not run:
 * it would rewrite cloudfunctions/ under other tests' feet; scripts/build.ts has its own tests.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { FUNCTIONS } from '../functions/catalog';
import { planDeploy, tcbArgs } from './plan';
import { loadProject } from './project';
import { runDeploy } from './run';
import { installStandInTcb, type StandInFault, type StandInTcb } from './testing/stand-in-tcb';

const ROOT = path.resolve(__dirname, '../..');
const ENV_ID = 'wxacode-test-1a2b3c';
const project = loadProject(ROOT);
const ALL = FUNCTIONS.map((fn) => fn.name);
const HOUSEKEEPING = project.rcFunctions.find((fn) => fn.triggers.length > 0)!.name;
/** the functions with an hourly timer (housekeeping, the batch's stalled-job restarts) */
const TIMED = new Set(project.rcFunctions.filter((fn) => fn.triggers.length > 0).map((fn) => fn.name));
const HTTP_FUNCTION = FUNCTIONS.find((fn) => fn.httpPath)!;
/** every {{env.NAME}} cloudbaserc.json uses (e.g. weappQrcode's bearer tokens), set */
const VARIABLES = Object.fromEntries(project.rcFunctions.flatMap((fn) => fn.envReferences).map((v) => [v, `${v.toLowerCase()}-value`]));

interface Deployed {
  status: number;
  output: string;
  built: string[][];
  /** the table's rows by function: [trigger, HTTP path, result] */
  table: Map<string, string[]>;
  standIn: StandInTcb;
}

async function deploy(argv: string[], options: { faults?: Record<string, StandInFault>; env?: NodeJS.ProcessEnv } = {}): Promise<Deployed> {
  const standIn = installStandInTcb();
  let output = '';
  const built: string[][] = [];
  const status = await runDeploy({
    argv,
    env: { PATH: `${standIn.dir}${path.delimiter}${process.env.PATH}`, ENV_ID, ...VARIABLES, ...standIn.env(options.faults), ...options.env },
    root: ROOT,
    loadProject: () => project,
    build: async (names) => {
      if (standIn.calls().length > 0) throw new Error('built after tcb ran');
      built.push([...names]);
    },
    write: (text) => {
      output += text;
    },
  });
  return { status, output, built, table: parseTable(output), standIn };
}

/** The summary table after "Deploy summary", by function name. */
function parseTable(output: string): Map<string, string[]> {
  const lines = output.split('\n');
  const start = lines.findIndex((line) => line.startsWith('Deploy summary'));
  const rows = new Map<string, string[]>();
  if (start < 0) return rows;
  expect(lines[start + 1]!.split('|').map((c) => c.trim())).toEqual(['function', 'trigger', 'HTTP path', 'result']);
  for (const line of lines.slice(start + 3)) {
    const cells = line.split(' | ').map((c) => c.trim());
    if (cells.length < 4) break;
    rows.set(cells[0]!, [cells[1]!, cells[2]!, cells.slice(3).join(' | ')]);
  }
  return rows;
}

const deployedNames = (d: Deployed) => d.standIn.calls().filter((c) => c.args[0] === 'fn' && c.args[1] === 'deploy').map((c) => c.args[2]);

test('all succeed: exit 0, every function deployed with its trigger and HTTP path, exactly the planned commands, build first', async () => {
  const d = await deploy([]);
  expect(d.status).toBe(0);
  expect(d.built).toEqual([ALL]);
  expect([...d.table.keys()]).toEqual(ALL);
  for (const [name, [trigger, httpPath, result]] of d.table) {
    expect(result).toBe('deployed');
    expect(trigger).toBe(TIMED.has(name) ? 'hourly (timer 0 0 * * * * *)' : '-');
    expect(httpPath).toBe(FUNCTIONS.find((fn) => fn.name === name)?.httpPath ?? '-');
  }
  const planned = planDeploy(project, { envId: ENV_ID, variables: VARIABLES }).functions.flatMap((fn) => fn.steps.map((s) => tcbArgs(s.tcb)));
  expect(d.standIn.calls().map((c) => c.args)).toEqual(planned);
  expect(d.output).toContain(`${HTTP_FUNCTION.name} answers at https://${ENV_ID}.service.tcloudbase.com${HTTP_FUNCTION.httpPath}`);
});

test('a deploy that exits non-zero: that function failed with tcb\'s message, the rest still deployed, exit 1', async () => {
  const d = await deploy([], { faults: { [ALL[0]!]: 'exit-1' } });
  expect(d.status).toBe(1);
  expect(d.table.get(ALL[0]!)![2]).toBe("failed: tcb fn deploy exited with status 1: error: unknown option '--frobnicate'");
  expect(deployedNames(d)).toEqual(ALL);
  for (const name of ALL.slice(1)) expect(d.table.get(name)![2]).toBe('deployed');
  expect(d.output).toContain(`1 of ${ALL.length} function(s) not deployed.`);
});

test('a deploy that fails but exits 0 (✖ 函数部署失败): failed, with what to do next; the functions after it still attempted', async () => {
  const d = await deploy([], { faults: { [ALL[1]!]: 'exit-0', [HOUSEKEEPING]: 'exit-0' } });
  expect(d.status).toBe(1);
  for (const name of [ALL[1]!, HOUSEKEEPING]) {
    expect(d.table.get(name)![2]).toBe(
      `failed: tcb fn deploy reported (exit status 0): [${name}] 函数部署失败; 错误信息: No valid identity information, please use cloudbase login to login`,
    );
  }
  expect(deployedNames(d)).toEqual(ALL);
  // a failed deploy is not "checked": no fn detail for it
  expect(d.standIn.calls().filter((c) => c.args[1] === 'detail').map((c) => c.args[2])).toEqual(ALL.filter((n) => n !== ALL[1] && n !== HOUSEKEEPING));
  expect(ALL.filter((n) => d.table.get(n)![2] === 'deployed')).toHaveLength(ALL.length - 2);
  expect(d.output).toContain('Log in first: npx tcb login');
});

test('a deploy that says nothing wrong but created nothing is caught by tcb fn detail', async () => {
  const d = await deploy([], { faults: { [ALL[2]!]: 'silent' } });
  expect(d.status).toBe(1);
  expect(d.table.get(ALL[2]!)![2]).toBe(`failed: tcb fn detail exited with status 1: [${ALL[2]}] 函数不存在`);
  expect(ALL.filter((n) => d.table.get(n)![2] === 'deployed')).toHaveLength(ALL.length - 1);
});

test('a deploy whose timer trigger is missing afterwards is failed', async () => {
  const d = await deploy([], { faults: { [HOUSEKEEPING]: 'no-trigger' } });
  expect(d.status).toBe(1);
  expect(d.table.get(HOUSEKEEPING)![2]).toBe(`failed: tcb fn detail lists no trigger hourly for ${HOUSEKEEPING} (cloudbaserc.json declares it)`);
});

test('an HTTP function whose path was not bound is failed', async () => {
  const d = await deploy([HTTP_FUNCTION.name], { faults: { [HTTP_FUNCTION.name]: 'no-path' } });
  expect(d.status).toBe(1);
  expect(d.table.get(HTTP_FUNCTION.name)).toEqual(['-', HTTP_FUNCTION.httpPath, `failed: tcb service list shows no HTTP access path ${HTTP_FUNCTION.httpPath} bound to ${HTTP_FUNCTION.name}`]);
  expect(d.output).not.toContain('answers at https://');
});

test('a function the repository does not set up completely is skipped, the others deployed, exit 1', async () => {
  const extra = { name: 'wxacodeExtra', openapi: [], description: 'test', httpPath: '/api/weapp/extra' };
  const incomplete = { ...project, catalog: [...project.catalog, extra], configTriggers: new Map([...project.configTriggers, [extra.name, []]]) };
  const standIn = installStandInTcb();
  let output = '';
  const status = await runDeploy({
    argv: [],
    env: { PATH: `${standIn.dir}${path.delimiter}${process.env.PATH}`, ENV_ID, ...VARIABLES, ...standIn.env() },
    root: ROOT,
    loadProject: () => incomplete,
    build: async (names) => expect(names).toEqual(ALL),
    write: (text) => (output += text),
  });
  expect(status).toBe(1);
  const table = parseTable(output);
  expect(table.get('wxacodeExtra')).toEqual(['-', '/api/weapp/extra', expect.stringMatching(/^skipped: not in cloudbaserc.json/)]);
  for (const name of ALL) expect(table.get(name)![2]).toBe('deployed');
  expect(standIn.calls().some((c) => c.args.includes('wxacodeExtra'))).toBe(false);
});

test('a variable cloudbaserc.json fills in, not set: that function skipped before tcb runs (it would be deployed empty)', async () => {
  const withVariables = project.rcFunctions.filter((fn) => fn.envReferences.length > 0);
  expect(withVariables.length).toBeGreaterThan(0);
  const unset = Object.fromEntries(withVariables.flatMap((fn) => fn.envReferences).map((v) => [v, '']));
  const d = await deploy([], { env: unset });
  expect(d.status).toBe(1);
  for (const fn of withVariables) {
    expect(d.table.get(fn.name)![2]).toMatch(new RegExp(`^skipped: cloudbaserc.json fills it from \\{\\{env.${fn.envReferences[0]}\\}\\}, not set: .*Set ${fn.envReferences[0]} in .env.local`));
  }
  expect(deployedNames(d)).toEqual(ALL.filter((name) => !withVariables.some((fn) => fn.name === name)));
});

test('--dry-run prints the exact commands, builds and runs nothing, and shows the table', async () => {
  const d = await deploy(['--dry-run']);
  expect(d.status).toBe(0);
  expect(d.built).toEqual([]);
  expect(d.standIn.calls()).toEqual([]);
  const planned = planDeploy(project, { envId: ENV_ID, variables: VARIABLES }).functions.flatMap((fn) => fn.steps.map((s) => ['$ tcb', ...tcbArgs(s.tcb)].join(' ')));
  const printed = d.output.split('\n').filter((line) => line.startsWith('$ tcb '));
  expect(printed).toEqual(planned);
  expect(printed).toContain(`$ tcb fn deploy ${HTTP_FUNCTION.name} -e ${ENV_ID} --force --yes --path ${HTTP_FUNCTION.httpPath}`);
  for (const name of ALL) expect(d.table.get(name)![2]).toBe('not run (dry run)');
});

test('--dry-run without ENV_ID shows <ENV_ID> in its place', async () => {
  const root = mkdtempSync(path.join(tmpdir(), 'wxacode-no-env-'));
  const standIn = installStandInTcb();
  let output = '';
  const status = await runDeploy({
    argv: ['--dry-run', ALL[0]!],
    env: { PATH: `${standIn.dir}${path.delimiter}${process.env.PATH}` },
    root,
    loadProject: () => project,
    build: async () => undefined,
    write: (text) => (output += text),
  });
  expect(status).toBe(0);
  expect(output).toContain('ENV_ID is not set, so <ENV_ID> stands for it');
  expect(output).toContain(`\n$ tcb fn deploy ${ALL[0]} -e <ENV_ID> --force --yes\n`);
});

test('one function by name: only it is built and deployed', async () => {
  const d = await deploy([HOUSEKEEPING]);
  expect(d.status).toBe(0);
  expect(d.built).toEqual([[HOUSEKEEPING]]);
  expect(deployedNames(d)).toEqual([HOUSEKEEPING]);
  expect([...d.table.entries()]).toEqual([[HOUSEKEEPING, ['hourly (timer 0 0 * * * * *)', '-', 'deployed']]]);
});

test('an unknown name: exit 2, the valid names listed, nothing built or run', async () => {
  const d = await deploy(['wxacodeGett']);
  expect(d.status).toBe(2);
  expect(d.output).toBe(
    `npm run deploy: unknown function "wxacodeGett": the functions (src/functions/catalog.ts) are ${ALL.join(', ')}. Run npm run deploy -- <name> [<name> …] with some of them, or npm run deploy for all.\n`,
  );
  expect(d.built).toEqual([]);
  expect(d.standIn.calls()).toEqual([]);
});

test('no ENV_ID anywhere: exit 2 saying where to put it, nothing run', async () => {
  const root = mkdtempSync(path.join(tmpdir(), 'wxacode-no-env-'));
  let output = '';
  const status = await runDeploy({
    argv: [],
    env: { PATH: process.env.PATH },
    root,
    loadProject: () => project,
    build: () => Promise.reject(new Error('must not build')),
    write: (text) => (output += text),
  });
  expect(status).toBe(2);
  expect(output).toContain('No CloudBase env id. Set ENV_ID=<your env id> in the environment or in .env.local');
});

test('ENV_ID and the variables cloudbaserc.json uses, from .env.local when the environment has none', async () => {
  const root = mkdtempSync(path.join(tmpdir(), 'wxacode-env-local-'));
  const variableLines = Object.entries(VARIABLES).map(([k, v]) => `${k}=${v}\n`).join('');
  writeFileSync(path.join(root, '.env.local'), `# mine\nENV_ID="from-file-9z"\n${variableLines}`);
  let output = '';
  const status = await runDeploy({ argv: ['--dry-run'], env: { PATH: process.env.PATH }, root, loadProject: () => project, build: async () => undefined, write: (t) => (output += t) });
  expect(status).toBe(0);
  expect(output).toContain(`$ tcb fn deploy ${ALL[0]} -e from-file-9z --force --yes`);
});

test('no tcb executable: every function failed with how to install it', async () => {
  const d = await deploy([ALL[0]!], { env: { WXACODE_TCB_BIN: path.join(tmpdir(), 'no-such-dir', 'tcb') } });
  expect(d.status).toBe(1);
  expect(d.table.get(ALL[0]!)![2]).toMatch(/^failed: tcb fn deploy could not be started: spawn .*ENOENT/);
  expect(d.output).toContain('point WXACODE_TCB_BIN at a tcb executable');
});

test('an unknown option: exit 2 with the usage', async () => {
  const d = await deploy(['--dryrun']);
  expect(d.status).toBe(2);
  expect(d.output).toContain("Unknown option '--dryrun'");
  expect(d.output).toContain('usage: npm run deploy');
});

describe('the real entry point, scripts/deploy.ts', () => {
  const run = (args: string[], env: NodeJS.ProcessEnv) =>
    promisify(execFile)(process.execPath, [require.resolve('tsx/cli'), path.join(ROOT, 'scripts/deploy.ts'), ...args], { cwd: ROOT, env: { ...process.env, ...env } }).then(
      ({ stdout }) => ({ status: 0, stdout }),
      (error: { code: number; stdout: string }) => ({ status: error.code, stdout: error.stdout }),
    );

  test('--dry-run with a stand-in tcb on PATH: exit 0, the commands printed, tcb never called', async () => {
    const standIn = installStandInTcb();
    const { status, stdout } = await run(['--dry-run', HTTP_FUNCTION.name], { ...standIn.env(), ENV_ID, ...VARIABLES, PATH: `${standIn.dir}${path.delimiter}${process.env.PATH}` });
    expect(status).toBe(0);
    expect(stdout).toContain(`tcb is ${path.join(standIn.dir, 'tcb')}`);
    expect(stdout).toContain(`\n$ tcb fn deploy ${HTTP_FUNCTION.name} -e ${ENV_ID} --force --yes --path ${HTTP_FUNCTION.httpPath}\n`);
    expect(stdout).toContain(`\n$ tcb service list -e ${ENV_ID} --service-path ${HTTP_FUNCTION.httpPath}\n`);
    expect(standIn.calls()).toEqual([]);
  });

  test('an unknown name exits 2', async () => {
    const { status, stdout } = await run(['nope'], { ENV_ID });
    expect(status).toBe(2);
    expect(stdout).toContain('unknown function "nope"');
  });
});
