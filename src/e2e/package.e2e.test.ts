import { spawn, spawnSync, type ChildProcess, type SpawnSyncReturns } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { downloadImage, scannedPayload } from './functions-emulator';
import { httpJson, httpRequest } from './loopback-http';

/**
 * The package as a team gets it: `npm pack`, the tarball installed into a copy of a native JavaScript mini program
 * (src/cli/__fixtures__/team-app: a subpackage, a cloud function of its own with wx-server-sdk in its node_modules),
 * then `npx wxacode-cloudbase add`, `start` and `exec` there, nothing run from this repository's sources.
 */
const REPO = resolve(__dirname, '..', '..');
const FIXTURE = join(REPO, 'src', 'cli', '__fixtures__', 'team-app');
const SUBPACKAGE_PAGE = 'packageShop/pages/item/item';
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';

let work: string;
let app: string;
let tarball: string;
let start: ChildProcess | undefined;
let startOutput = '';
let installOutput = { stdout: '', stderr: '' };
const measured: Record<string, string> = {};

/** npm's own variables of the `npm test` running jest would reach the commands below; a team's shell has none */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  // where npm keeps its cache and which registry it asks stay: the tarball's sharp comes from the cache npm ci filled
  const kept = /^npm_config_(cache|registry|userconfig|globalconfig)$/i;
  for (const [key, value] of Object.entries(process.env)) if (!/^npm_/i.test(key) || kept.test(key)) env[key] = value;
  return { ...env, ...extra };
}

function run(command: string, args: string[], cwd: string, env: Record<string, string> = {}): SpawnSyncReturns<string> {
  // npm.cmd / npx.cmd need a shell on Windows (Node refuses to spawn .cmd files directly)
  const result = spawnSync(command, args, { cwd, env: cleanEnv(env), encoding: 'utf8', timeout: 90_000, shell: process.platform === 'win32' });
  if (result.error) throw result.error;
  return result;
}

function ok(result: SpawnSyncReturns<string>, what: string): SpawnSyncReturns<string> {
  if (result.status !== 0) throw new Error(`${what} exited ${result.status}:\n${result.stdout}\n${result.stderr}`);
  return result;
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'wxacode-package-'));
  // The CLI's bundle is rebuilt here (it only writes dist/, which nothing else reads); npm pack then runs without
  // its prepack script, whose full build would rewrite cloudfunctions/ under the other test files running beside this one.
  ok(run(process.execPath, [join(REPO, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(REPO, 'scripts', 'build-cli.ts')], REPO), 'scripts/build-cli.ts');
  let started = Date.now();
  const packed = ok(run(npm, ['pack', '--ignore-scripts', '--json', '--pack-destination', work], REPO), 'npm pack');
  const [info] = JSON.parse(packed.stdout) as { filename: string; size: number; unpackedSize: number; entryCount: number }[];
  tarball = join(work, info!.filename);
  measured.pack = `${info!.filename}: ${(info!.size / 1e6).toFixed(1)} MB, ${(info!.unpackedSize / 1e6).toFixed(1)} MB unpacked, ${info!.entryCount} files, packed in ${Date.now() - started} ms`;

  app = join(work, 'team-app');
  cpSync(FIXTURE, app, { recursive: true });
  // The team's function has its own node_modules with the real wx-server-sdk. Linked from this repository's
  // install (the same 4.0.2 its package.json asks for) rather than fetched: the test runs offline and fast.
  const fnModules = join(app, 'cloudfunctions', 'makeShareCode', 'node_modules');
  mkdirSync(fnModules, { recursive: true });
  symlinkSync(join(REPO, 'node_modules', 'wx-server-sdk'), join(fnModules, 'wx-server-sdk'), 'junction');

  started = Date.now();
  const installed = ok(run(npm, ['install', '--save-dev', tarball, '--prefer-offline', '--no-audit', '--no-fund'], app), 'npm install <tarball>');
  installOutput = { stdout: installed.stdout, stderr: installed.stderr };
  measured.install = `npm i -D <tarball> in ${Date.now() - started} ms`;
  console.log(`${measured.pack}\n${measured.install}`);
}, 180_000);

afterAll(async () => {
  if (start && start.exitCode === null && start.signalCode === null) {
    const exited = new Promise((done) => start!.once('exit', done));
    // npx does not pass SIGTERM on to the command, so the whole group started for it is signalled (Ctrl-C does the same)
    process.kill(-start.pid!, 'SIGTERM');
    await exited;
  }
  if (work) rmSync(work, { recursive: true, force: true });
});

it('installs without a warning: no install script for npm (11+) to flag against allowScripts', () => {
  const warnings = `${installOutput.stdout}\n${installOutput.stderr}`.split('\n').filter((line) => /^npm (warn|WARN|ERR)/.test(line));
  expect(warnings).toEqual([]);
  const shipped = JSON.parse(readFileSync(join(app, 'node_modules', 'wxacode-cloudbase', 'package.json'), 'utf8')) as { scripts?: Record<string, string> };
  for (const script of ['preinstall', 'install', 'postinstall', 'prepare']) expect(shipped.scripts?.[script]).toBeUndefined();
});

it('installs only the registry packages it names, and the bin is plain JavaScript', () => {
  const installed = JSON.parse(readFileSync(join(app, 'node_modules', 'wxacode-cloudbase', 'package.json'), 'utf8')) as Record<string, any>;
  expect(Object.keys(installed.dependencies)).toEqual(['sharp']);
  expect(installed.bin).toEqual({ 'wxacode-cloudbase': 'bin/wxacode-cloudbase.js' });
  // nothing of the sources nor of the development tools came along
  const top = readdirSync(join(app, 'node_modules', 'wxacode-cloudbase')).sort();
  expect(top).toEqual(expect.arrayContaining(['bin', 'cloudfunctions', 'dist', 'package.json']));
  expect(top).not.toContain('src');
  for (const tool of ['tsx', 'esbuild', 'typescript', 'wx-server-sdk']) expect(existsSync(join(app, 'node_modules', tool))).toBe(false);

  const help = ok(run(npx, ['wxacode-cloudbase', '--help'], app), 'npx wxacode-cloudbase --help');
  expect(help.stdout).toMatch(/^usage: wxacode-cloudbase <command>/);
  for (const command of ['add', 'start', 'exec', 'batch', 'deploy']) expect(help.stdout).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
  const unknown = run(npx, ['wxacode-cloudbase', 'stat'], app);
  expect(unknown.status).toBe(2);
  expect(unknown.stderr).toContain('unknown command "stat"');
});

it('add puts the code functions into the project', () => {
  const added = run(npx, ['wxacode-cloudbase', 'add'], app);
  if (added.status !== 0) throw new Error(`npx wxacode-cloudbase add exited ${added.status}:\n${added.stdout}\n${added.stderr}`);
  expect(existsSync(join(app, 'cloudfunctions', 'wxacodeGetUnlimited', 'index.js'))).toBe(true);
});

it('deploy --dry-run plans tcb for the functions add wrote, with nothing to build', () => {
  const planned = run(npx, ['wxacode-cloudbase', 'deploy', '--dry-run'], app, { WXACODE_TCB_BIN: '' });
  expect({ status: planned.status, stderr: planned.stderr }).toMatchObject({ status: 0 });
  expect(planned.stdout).toContain('Dry run: nothing is built or run. wxacode-cloudbase deploy would, in');
  expect(planned.stdout).toContain('nothing to build: the bundles add wrote are deployed as they are');
  expect(planned.stdout).toContain('$ tcb fn deploy wxacodeGetUnlimited -e <ENV_ID> --force --yes');
  // the team's own function is theirs to deploy
  expect(planned.stdout).not.toContain('makeShareCode');
});

describe('npx wxacode-cloudbase start --project .', () => {
  let url: string;
  const call = (name: string, data: unknown) =>
    httpJson(`${url}/callFunction`, { method: 'POST', headers: { 'x-wx-openid': 'oTeamTester' }, body: { name, data } });
  const wechatCalls = async () => ((await httpJson(`${url}/_emulator/wechat/calls`)).body.calls as unknown[]).length;

  beforeAll(async () => {
    expect(existsSync(join(app, 'cloudfunctions', 'wxacodeGetUnlimited', 'index.js'))).toBe(true);
    start = spawn(npx, ['wxacode-cloudbase', 'start', '--project', '.'], {
      cwd: app,
      env: cleanEnv({ PORT: '0' }),
      stdio: ['ignore', 'pipe', 'pipe'],
      shell: process.platform === 'win32',
      // its own process group, so afterAll can stop npx, the CLI and the function instances together
      detached: true,
    });
    const banner = await new Promise<string>((done, fail) => {
      const onData = (chunk: Buffer) => {
        startOutput += chunk.toString();
        if (startOutput.includes('Ctrl-C to stop.')) done(startOutput);
      };
      start!.stdout!.on('data', onData);
      start!.stderr!.on('data', onData);
      start!.once('exit', (code) => fail(new Error(`start exited (${code}) before its banner:\n${startOutput}`)));
    });
    url = /emulator ready at (http:\/\/127\.0\.0\.1:\d+)/.exec(banner)![1]!;
  }, 60_000);

  it("serves the project's functions, appid and data folder, and says to git-ignore it", () => {
    expect(startOutput).toMatch(/^ {2}appid {9}wxe2e0a1b2c3d4e5f6 /m);
    expect(startOutput).toMatch(/^ {2}project {7}\. \(native-js; 2 pages/m);
    expect(startOutput).toMatch(/^ {2}data {10}\.wxacode-emulator$/m);
    expect(startOutput).toContain('not git-ignored: add this line to .gitignore:  /.wxacode-emulator/');
    expect(startOutput).toMatch(/^ {2}functions {5}.*\bmakeShareCode\b.*\bwxacodeGetUnlimited\b/m);
    // every function's dependencies are in reach (the code functions carry theirs inside)
    expect(startOutput).not.toMatch(/^ {2}install /m);
  });

  it('serves the web UI from the installed package', async () => {
    const page = await httpRequest(`${url}/`);
    expect(page.status).toBe(200);
    const script = /<script[^>]+src="\/?([^"]+\.js)"/.exec(page.body.toString('utf8'))?.[1];
    expect(script).toBeDefined();
    expect((await httpRequest(`${url}/${script}`)).status).toBe(200);
  });

  it('makes a code for a subpackage page that opens that page', async () => {
    const { status, body } = await call('wxacodeGetUnlimited', { scene: 'sku=1', page: SUBPACKAGE_PAGE });
    expect(status).toBe(200);
    expect(body.result).toMatchObject({ errCode: 0, fileID: expect.stringMatching(/^cloud:\/\//) });
    const image = await downloadImage(body.result.tempFileURL);
    expect(scannedPayload(image.bytes)).toMatchObject({ page: SUBPACKAGE_PAGE, scene: 'sku=1' });
  });

  it('batch sheet lays the codes out with their Chinese labels, with the font the package ships', async () => {
    const { body } = await call('wxacodeGetUnlimited', { scene: 'sku=3', page: SUBPACKAGE_PAGE });
    const out = join(work, 'codes');
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, '商品 3.jpg'), (await downloadImage(body.result.tempFileURL)).bytes);
    const row = { label: '商品 3', scene: 'sku=3', sceneMode: 'raw', fileID: body.result.fileID, status: 'made', errCode: 0, errMsg: '' };
    writeFileSync(join(out, 'manifest.json'), JSON.stringify([row]));
    const sheet = run(npx, ['wxacode-cloudbase', 'batch', 'sheet', 'codes.csv', '--out', out], app);
    expect({ status: sheet.status, stderr: sheet.stderr }).toMatchObject({ status: 0 });
    expect(readFileSync(join(out, 'sheet.pdf')).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('refuses a page the project lacks with -700104, before WeChat is asked', async () => {
    const before = await wechatCalls();
    const { body } = await call('wxacodeGetUnlimited', { scene: 'sku=2', page: 'pages/missing/missing' });
    expect(body.result).toMatchObject({ errCode: -700104, errMsg: expect.stringContaining(SUBPACKAGE_PAGE) });
    expect(await wechatCalls()).toBe(before);
  });

  it("runs the team's own function with its own wx-server-sdk, which calls wxacodeGetUnlimited", async () => {
    const before = await wechatCalls();
    const { body } = await call('makeShareCode', { sku: '42' });
    expect(body.result).toMatchObject({ ok: true, fileID: expect.stringMatching(/^cloud:\/\//) });
    expect(scannedPayload((await downloadImage(body.result.tempFileURL)).bytes)).toMatchObject({ page: SUBPACKAGE_PAGE, scene: 'sku=42' });
    expect(await wechatCalls()).toBe(before + 1);
    const usage = (await httpJson(`${url}/_emulator/usage`)).body;
    expect(JSON.stringify(usage)).toContain('makeShareCode');
  });

  it('keeps its data in .wxacode-emulator/ inside the project', () => {
    expect(statSync(join(app, '.wxacode-emulator')).isDirectory()).toBe(true);
  });
});

describe('npx wxacode-cloudbase exec -- node <test file>', () => {
  it("exits with the command's exit code, the command reaching the emulator through the environment", () => {
    const result = run(npx, ['wxacode-cloudbase', 'exec', '--export-on-exit', '../exported', '--', 'node', 'test/share-code.test.js'], app, { EXPECT_EXIT: '3', SKU: '5' });
    expect({ status: result.status, stderr: result.stderr }).toMatchObject({ status: 3 });
    expect(result.stdout).toMatch(/share made: cloud:\/\/\S+; 1 share\(s\) of this sku in the database/);
    expect(existsSync(join(work, 'exported', 'database'))).toBe(true);
  });

  it('starts from --import, and a failing test fails exec', () => {
    const again = run(npx, ['wxacode-cloudbase', 'exec', '--import', '../exported', '--', 'node', 'test/share-code.test.js'], app, { SKU: '5', EXPECT_SHARES: '2' });
    expect({ status: again.status, stderr: again.stderr }).toMatchObject({ status: 0 });
    const failing = run(npx, ['wxacode-cloudbase', 'exec', '--', 'node', 'test/share-code.test.js'], app, { SKU: '5', EXPECT_SHARES: '2' });
    expect(failing.status).toBe(1);
    expect(failing.stderr).toContain('1 shares of sku 5 in the database, expected 2');
  });
});
