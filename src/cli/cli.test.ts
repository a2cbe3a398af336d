import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isGitIgnored, projectTarget, stalePagesFiles, uninstalledDependencies } from './emulator-target';
import { parseExecArgs } from './exec';
import { HELP, runMain } from './main';
import { UsageError, type CliIo } from './errors';
import { parseStartArgs } from './start';

/** The dispatcher and exec in process: help at each level, usage errors (2), and exec's exit code. */
const FIXTURE = join(__dirname, '__fixtures__', 'team-app');

function io(cwd = process.cwd(), env: NodeJS.ProcessEnv = {}): CliIo & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    cwd,
    env: { PATH: process.env.PATH, ...env },
    stdout: (text) => (out += text),
    stderr: (text) => (err += text),
    out: () => out,
    err: () => err,
  };
}

describe('help and usage errors', () => {
  it('--help lists every command and the exit codes; no command at all is a usage error', async () => {
    const help = io();
    expect(await runMain(['--help'], help)).toBe(0);
    expect(help.out()).toBe(`${HELP}\n`);
    expect(HELP).toMatch(/exit status: 0 done, 1 failed, 2 a usage mistake/);
    const bare = io();
    expect(await runMain([], bare)).toBe(2);
  });

  it.each(['start', 'exec', 'deploy', 'batch', 'stats', 'live'])('%s --help prints its own usage', async (command) => {
    const out = io();
    expect(await runMain([command, '--help'], out)).toBe(0);
    expect(out.out()).toMatch(/^usage:\s/);
    expect(out.out()).toMatch(/exit status/);
  });

  it('an unknown command or flag is exit code 2 with the flag named', async () => {
    const unknown = io();
    expect(await runMain(['serve'], unknown)).toBe(2);
    expect(unknown.err()).toContain('unknown command "serve": use one of add, start, exec, batch, stats, live, deploy');
    const flag = io();
    expect(await runMain(['start', '--proj', '.'], flag)).toBe(2);
    expect(flag.err()).toMatch(/wxacode-cloudbase start: Unknown option '--proj'/);
    const port = io();
    expect(await runMain(['exec', '--port', 'abc', '--', 'true'], port)).toBe(2);
    expect(port.err()).toContain('--port must be an integer from 0 to 65535, got "abc"');
  });

  it('deploy in a folder without cloudbaserc.json says so, without a stack', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'wxacode-deploy-'));
    try {
      const out = io(empty);
      expect(await runMain(['deploy', '--dry-run'], out)).toBe(1);
      expect(out.err()).toContain('cloudbaserc.json is missing');
      expect(out.err()).not.toMatch(/^\s+at /m);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('start --project on a folder that is not a mini program says what it looked for', async () => {
    const out = io();
    expect(await runMain(['start', '--project', join(__dirname, 'no-such-folder')], out)).toBe(2);
    expect(out.err()).toContain('no such folder');
  });
});

describe('start --project --pages: the pages add would read, or those given', () => {
  const taro2 = join(__dirname, '..', 'installer', '__fixtures__', 'taro2-wxcloud');
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'wxacode-start-taro2-'));
    cpSync(taro2, dir, { recursive: true });
    writeFileSync(join(dir, 'client/src/app.tsx'), "import { pages } from './routes'\nclass App extends Component { config = { pages } }\n");
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('unreadable pages: the usage error names the files looked at and --pages; given, they are the check_path pages', () => {
    expect(() => projectTarget(dir, {}, dir)).toThrow(UsageError);
    expect(() => projectTarget(dir, {}, dir)).toThrow(/client\/src\/app\.tsx: its pages are computed[\s\S]*client\/dist\/app\.json: not there[\s\S]*--pages/);
    const request = parseStartArgs(['--project', dir, '--pages', 'pages/index/index,packageA/pages/letter/letter'], 'wxacode-cloudbase start');
    expect(request).toMatchObject({ project: dir, pages: 'pages/index/index,packageA/pages/letter/letter' });
    const target = projectTarget(request.project!, {}, dir, true, request.pages);
    expect(target.project).toMatchObject({ framework: 'taro', pagesFile: '--pages', pages: ['pages/index/index', 'packageA/pages/letter/letter'] });
    expect(target.options.appPages?.()).toEqual(['pages/index/index', 'packageA/pages/letter/letter']);
  });

  it('exec takes --pages too', () => {
    expect(parseExecArgs(['--pages', 'pages.txt', '--', 'npm', 'test'], 'wxacode-cloudbase exec')).toMatchObject({ pages: 'pages.txt', command: ['npm', 'test'] });
  });
});

describe('start arguments', () => {
  it('keeps the data in --data-dir when given, and refuses it beside --in-memory', () => {
    expect(parseStartArgs(['--data-dir', '/tmp/demo'], 'x')).toMatchObject({ dataDir: '/tmp/demo', inMemory: false });
    expect(parseStartArgs([], 'x')).toMatchObject({ dataDir: undefined, inMemory: false });
    expect(() => parseStartArgs(['--in-memory', '--data-dir', 'd'], 'x')).toThrow('give one of them');
    expect(() => parseStartArgs(['--data-dir', ''], 'x')).toThrow('--data-dir needs a folder');
  });
});

describe('exec arguments', () => {
  it('takes the command after --, or from the first word that is not a flag', () => {
    expect(parseExecArgs(['--import', 'd', '--', 'npm', 'test', '--', '-x'], 'x')).toMatchObject({ importDir: 'd', command: ['npm', 'test', '--', '-x'], port: 0 });
    expect(parseExecArgs(['--port=0', 'node', '--test'], 'x')).toMatchObject({ command: ['node', '--test'] });
    expect(() => parseExecArgs(['--import', 'd'], 'x')).toThrow('no command to run: write it after "--"');
  });
});

describe('exec on a project', () => {
  let app: string;
  beforeAll(() => {
    app = join(mkdtempSync(join(tmpdir(), 'wxacode-exec-')), 'app');
    cpSync(FIXTURE, app, { recursive: true });
  });
  afterAll(() => rmSync(join(app, '..'), { recursive: true, force: true }));

  it("ends with the command's exit code and tells it where the emulator is", async () => {
    const script = [
      "const need = ['WXACODE_EMULATOR_URL', 'WXACODE_EMULATOR_ADMIN_URL', 'WXACODE_ENV_ID', 'TCB_ENV', 'TCB_CONTEXT_CNFG', 'TENCENTCLOUD_RUNENV'];",
      'const missing = need.filter((n) => !process.env[n]);',
      'if (missing.length) { console.error(missing.join()); process.exit(9); }',
      "fetch(process.env.WXACODE_EMULATOR_URL + '/healthz').then((r) => process.exit(r.ok ? 5 : 8), () => process.exit(7));",
    ].join('\n');
    const out = io(app);
    expect(await runMain(['exec', '--', process.execPath, '-e', script], out)).toBe(5);
    expect(out.err()).toMatch(/\[exec\] emulator at http:\/\/127\.0\.0\.1:\d+ \(env wxacode-local-1a2b, empty\)/);
    expect(out.err()).toContain('[exec] makeShareCode needs wx-server-sdk, not installed: run npm install in');
    // in memory: nothing written into the project
    expect(existsSync(join(app, '.wxacode-emulator'))).toBe(false);
  });

  it('passes SIGTERM on to the command, then stops the emulator and exits with what the command made of it', async () => {
    const trap = "process.on('SIGTERM', () => process.exit(7)); setInterval(() => {}, 1000); console.log('command ' + 'ready');";
    // in this process, not under tsx's CLI, which relays signals to a process of its own
    const cli = spawn(process.execPath, ['--require', require.resolve('tsx/cjs'), join(__dirname, 'main.ts'), 'exec', '--', process.execPath, '-e', trap], {
      cwd: app,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // the marker is made at run time: exec's own first line quotes the command
    let output = '';
    const ready = new Promise<void>((done) => {
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('command ready')) done();
      };
      cli.stdout!.on('data', onData);
      cli.stderr!.on('data', onData);
    });
    const exited = new Promise<number | null>((done) => cli.once('exit', (code) => done(code)));
    await ready;
    cli.kill('SIGTERM');
    expect(await exited).toBe(7);
  }, 30_000);

  it('runs one quoted command line through the shell', async () => {
    const out = io(app);
    expect(await runMain(['exec', '--', 'exit 4 || true'], out)).toBe(4);
  });

  it('127 when the command cannot be found, 2 for an --import folder that is not there', async () => {
    const missing = io(app);
    expect(await runMain(['exec', '--', 'no-such-command-wxacode'], missing)).toBe(127);
    expect(missing.err()).toContain('cannot run no-such-command-wxacode');
    const noImport = io(app);
    expect(await runMain(['exec', '--import', 'nowhere', '--', 'true'], noImport)).toBe(2);
    expect(noImport.err()).toContain('--import nowhere: no such folder');
  });
});

describe("start's notes on a project", () => {
  let app: string;
  beforeAll(() => {
    app = join(mkdtempSync(join(tmpdir(), 'wxacode-start-')), 'app');
    cpSync(FIXTURE, app, { recursive: true });
  });
  afterAll(() => rmSync(join(app, '..'), { recursive: true, force: true }));

  it("names a function whose wxacode.pages.json lacks the project's pages", () => {
    const fn = join(app, 'cloudfunctions', 'wxacodeGetUnlimited');
    mkdirSync(fn, { recursive: true });
    writeFileSync(join(fn, 'index.js'), 'exports.main = async () => null;');
    writeFileSync(join(fn, 'wxacode.pages.json'), JSON.stringify({ pages: ['pages/index/index'] }));
    const pages = ['pages/index/index', 'packageShop/pages/item/item'];
    expect(stalePagesFiles(join(app, 'cloudfunctions'), pages)).toEqual([{ name: 'wxacodeGetUnlimited', missing: ['packageShop/pages/item/item'] }]);
    writeFileSync(join(fn, 'wxacode.pages.json'), JSON.stringify({ pages }));
    expect(stalePagesFiles(join(app, 'cloudfunctions'), pages)).toEqual([]);
  });

  it("names a team's function whose dependencies are not installed (DevTools installs them in the cloud only)", () => {
    const functions = join(app, 'cloudfunctions');
    expect(uninstalledDependencies(functions)).toEqual([{ name: 'makeShareCode', missing: ['wx-server-sdk'] }]);
    const sdk = join(functions, 'makeShareCode', 'node_modules', 'wx-server-sdk');
    mkdirSync(sdk, { recursive: true });
    writeFileSync(join(sdk, 'package.json'), '{"name":"wx-server-sdk"}');
    expect(uninstalledDependencies(functions)).toEqual([]);
  });

  it('tells whether the data folder is git-ignored, from .gitignore outside a git work tree', () => {
    const data = join(app, '.wxacode-emulator');
    expect(isGitIgnored(app, data)).toBeUndefined();
    writeFileSync(join(app, '.gitignore'), 'node_modules/\n/.wxacode-emulator/\n');
    expect(isGitIgnored(app, data)).toBe(true);
    writeFileSync(join(app, '.gitignore'), 'node_modules/\n');
    expect(isGitIgnored(app, data)).toBe(false);
  });
});
