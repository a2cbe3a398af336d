import { createHash } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { detectProject } from '../project/detect';
import { copyFixture } from '../testing/fixture-copy';
import { add } from '../testing/run-add';
import { changedPaths, treeHashes } from '../testing/tree';
import { diskWriter, type ProjectWriter } from './apply';
import { LOCK_FILE, parseLock } from './lock';
import { DEFAULT_FUNCTIONS } from './package-content';

/**
 * `add` on a temporary copy of each fixture layout: what it detects and writes, a second run that changes
 * nothing, an edited file left as it is, a dry run that writes nothing, and the clear errors. Needs the built
 * functions and page helpers (`npm run build`).
 */
const LAYOUTS = [
  { fixture: 'native-js', cf: 'cloudfunctions', helpers: 'miniprogram/wxacode', ext: 'js', form: 'require(', teamFunctions: ['openapi', 'wxContext'] },
  { fixture: 'native-ts', cf: 'cloudfunctions', helpers: 'miniprogram/wxacode', ext: 'ts', form: 'import {', teamFunctions: ['login', 'scheduledCheck', 'shared'] },
  { fixture: 'taro-wxcloud', cf: 'cloud/functions', helpers: 'client/src/wxacode', ext: 'ts', form: 'import {', teamFunctions: ['login'] },
  { fixture: 'uniapp', cf: 'cloudfunctions', helpers: 'src/wxacode', ext: 'js', form: 'import {', teamFunctions: ['main'] },
  { fixture: 'taro2-wxcloud', cf: 'cloud/functions', helpers: 'client/src/wxacode', ext: 'ts', form: 'import {', teamFunctions: ['login'] },
] as const;

let disposers: (() => void)[] = [];
afterEach(() => {
  for (const d of disposers) d();
  disposers = [];
});
function project(name: string): string {
  const copy = copyFixture(name);
  disposers.push(copy.dispose);
  return copy.dir;
}
const read = (dir: string, rel: string) => readFileSync(path.join(dir, rel), 'utf8');

describe.each(LAYOUTS)('add on $fixture', (layout) => {
  it('writes the five functions with the pages, the helpers in the source tree, cloudbaserc.json and the record; touches nothing of the team', async () => {
    const dir = project(layout.fixture);
    const before = treeHashes(dir);
    const { code, out, err } = await add(dir);
    expect(err).toBe('');
    expect(code).toBe(0);
    const pages = detectProject(dir).pages;
    for (const fn of DEFAULT_FUNCTIONS) {
      for (const file of ['index.js', 'config.json', 'package.json']) expect(existsSync(path.join(dir, layout.cf, fn, file))).toBe(true);
      expect(JSON.parse(read(dir, `${layout.cf}/${fn}/wxacode.pages.json`))).toEqual({ pages, writtenBy: 'wxacode-cloudbase add' });
    }
    expect(read(dir, `${layout.cf}/wxacodeGet/config.json`)).toContain('wxacode.get');
    expect(existsSync(path.join(dir, layout.cf, 'weappQrcode'))).toBe(false);
    for (const file of ['index', 'scene', 'functions', 'types', 'mini-program', 'scene/index', 'scene/parse-scene']) {
      expect(existsSync(path.join(dir, layout.helpers, `${file}.${layout.ext}`))).toBe(true);
    }
    if (layout.fixture === 'native-js') expect(read(dir, `${layout.helpers}/index.js`)).toContain('exports.');
    if (layout.fixture === 'uniapp') expect(read(dir, `${layout.helpers}/index.js`)).toMatch(/^export \{/m);

    const rc = JSON.parse(read(dir, 'cloudbaserc.json'));
    expect(rc.functionRoot).toBe(`./${layout.cf}`);
    expect(rc.functions.map((f: { name: string }) => f.name)).toEqual([...DEFAULT_FUNCTIONS]);
    expect(rc.functions.find((f: { name: string }) => f.name === 'wxacodeHousekeeping')).toMatchObject({ timeout: 60, triggers: [expect.objectContaining({ type: 'timer' })] });

    const lock = parseLock(read(dir, LOCK_FILE));
    expect(lock.functions).toEqual([...DEFAULT_FUNCTIONS]);
    expect(lock.helpers).toBe(layout.helpers);
    // everything changed is recorded in the lock, plus cloudbaserc.json and the lock itself
    const changed = changedPaths(before, treeHashes(dir));
    expect(changed).toEqual([...Object.keys(lock.files), 'cloudbaserc.json', LOCK_FILE].sort());
    // the team's functions are still theirs
    for (const fn of layout.teamFunctions) expect(changed.some((p) => p.startsWith(`${layout.cf}/${fn}/`))).toBe(false);

    expect(out).toContain(`+ ${layout.cf}/wxacodeGet/index.js`);
    expect(out).toContain('上传并部署：云端安装依赖');
    expect(out).toContain('Upload and Deploy: Install Dependencies in Cloud');
    expect(out).toContain('超时时间');
    expect(out).toContain('-700104');
    expect(out).toContain(layout.form);
  });

  it('a second run changes nothing', async () => {
    const dir = project(layout.fixture);
    await add(dir);
    const after = treeHashes(dir);
    const { code, out } = await add(dir);
    expect(code).toBe(0);
    expect(treeHashes(dir)).toEqual(after);
    expect(out).toMatch(/= \d+ files unchanged/);
    expect(out).not.toMatch(/^\s+[+~!-] /m);
    expect(out).toContain('cloudbaserc.json: unchanged');
  });

  it('leaves a file the team edited and names it; --force replaces it', async () => {
    const dir = project(layout.fixture);
    await add(dir);
    const edited = `${layout.helpers}/index.${layout.ext}`;
    const text = `${read(dir, edited)}\n// our own addition\n`;
    writeFileSync(path.join(dir, edited), text);
    const rerun = await add(dir);
    expect(rerun.code).toBe(0);
    expect(read(dir, edited)).toBe(text);
    expect(rerun.out).toContain(`! ${edited}  edited since add wrote it`);
    // still recorded as add's, with the hash add wrote: a later run still knows it was edited
    expect((await add(dir)).out).toContain(`! ${edited}`);
    const forced = await add(dir, ['--force']);
    expect(forced.out).toContain(`~ ${edited}`);
    expect(read(dir, edited)).not.toContain('our own addition');
  });

  it('--dry-run prints the plan and writes nothing', async () => {
    const dir = project(layout.fixture);
    const before = treeHashes(dir);
    const { code, out } = await add(dir, ['--dry-run']);
    expect(code).toBe(0);
    expect(treeHashes(dir)).toEqual(before);
    expect(out).toContain('Plan (dry run: nothing written)');
    expect(out).toContain(`+ ${layout.cf}/wxacodeGetUnlimited/wxacode.pages.json`);
    expect(out).toContain('cloudbaserc.json: created');
  });
});

describe('upgrades', () => {
  it('a page added to app.json reaches the functions on the next run, with nothing else rewritten', async () => {
    const dir = project('native-ts');
    await add(dir);
    const appJson = JSON.parse(read(dir, 'miniprogram/app.json'));
    appJson.pages.push('pages/poster/poster');
    writeFileSync(path.join(dir, 'miniprogram/app.json'), JSON.stringify(appJson));
    const before = treeHashes(dir);
    const { out } = await add(dir);
    const changed = changedPaths(before, treeHashes(dir));
    expect(changed).toEqual([...DEFAULT_FUNCTIONS.map((f) => `cloudfunctions/${f}/wxacode.pages.json`), LOCK_FILE].sort());
    expect(JSON.parse(read(dir, 'cloudfunctions/wxacodeGet/wxacode.pages.json')).pages).toContain('pages/poster/poster');
    expect(out).toContain('~ cloudfunctions/wxacodeGet/wxacode.pages.json');
  });

  it('--functions adds to those added before; a second plain run keeps them', async () => {
    const dir = project('native-js');
    await add(dir, ['--functions', 'wxacodeGetUnlimited,wxacodeResolveScene']);
    expect(parseLock(read(dir, LOCK_FILE)).functions).toEqual(['wxacodeGetUnlimited', 'wxacodeResolveScene']);
    await add(dir, ['--functions=weappQrcode']);
    expect(parseLock(read(dir, LOCK_FILE)).functions).toEqual(['wxacodeGetUnlimited', 'wxacodeResolveScene', 'weappQrcode']);
    const { out } = await add(dir);
    expect(out).toContain('WXACODE_HTTP_TOKENS');
    expect(existsSync(path.join(dir, 'cloudfunctions/wxacodeGet'))).toBe(false);
  });

  it("merges into the team's cloudbaserc.json: their entries and keys stay as they were, byte for byte", async () => {
    const dir = project('native-js');
    const theirs = '{\n    "envId": "prod-1a2b",\n    "region": "ap-shanghai",\n    "functionRoot": "cloudfunctions",\n    "functions": [\n        { "name": "openapi", "timeout": 5, "envVariables": { "A": "1" } }\n    ],\n    "framework": { "name": "x" }\n}\n';
    writeFileSync(path.join(dir, 'cloudbaserc.json'), theirs);
    await add(dir);
    const text = read(dir, 'cloudbaserc.json');
    const rc = JSON.parse(text);
    expect(rc.envId).toBe('prod-1a2b');
    expect(rc.region).toBe('ap-shanghai');
    expect(rc.framework).toEqual({ name: 'x' });
    expect(rc.functions[0]).toEqual({ name: 'openapi', timeout: 5, envVariables: { A: '1' } });
    expect(rc.functions.slice(1).map((f: { name: string }) => f.name)).toEqual([...DEFAULT_FUNCTIONS]);
    expect(text.startsWith('{\n    "envId": "prod-1a2b",\n    "region": "ap-shanghai",')).toBe(true);
    // the team changes one of ours: a later run leaves it and says so
    rc.functions[1].timeout = 60;
    writeFileSync(path.join(dir, 'cloudbaserc.json'), JSON.stringify(rc, null, 4));
    const { out } = await add(dir);
    expect(JSON.parse(read(dir, 'cloudbaserc.json')).functions[1].timeout).toBe(60);
    expect(out).toContain('edited by you, left as they are / 已被修改，未覆盖: wxacodeGet');
  });
});

describe('files an earlier version wrote and this one does not', () => {
  it('are removed when unedited, left and named when edited', async () => {
    const dir = project('native-js');
    await add(dir);
    const lock = parseLock(read(dir, LOCK_FILE));
    const sha = (t: string) => createHash('sha256').update(t).digest('hex');
    writeFileSync(path.join(dir, 'miniprogram/wxacode/old.js'), 'old');
    writeFileSync(path.join(dir, 'miniprogram/wxacode/older.js'), 'older, edited');
    lock.files['miniprogram/wxacode/old.js'] = sha('old');
    lock.files['miniprogram/wxacode/older.js'] = sha('older');
    writeFileSync(path.join(dir, LOCK_FILE), JSON.stringify(lock));
    const { out } = await add(dir);
    expect(existsSync(path.join(dir, 'miniprogram/wxacode/old.js'))).toBe(false);
    expect(out).toContain('- miniprogram/wxacode/old.js  no longer written by add');
    expect(read(dir, 'miniprogram/wxacode/older.js')).toBe('older, edited');
    expect(out).toContain('! miniprogram/wxacode/older.js  no longer written by add, edited');
  });
});

describe('a Taro 1/2 app whose pages add cannot read (computed, not built)', () => {
  const computed = "import Taro, { Component } from '@tarojs/taro'\nimport { pages } from './routes'\nclass App extends Component {\n  config = { pages }\n}\n";

  it('says which files it looked at and what to do; writes nothing', async () => {
    const dir = project('taro2-wxcloud');
    writeFileSync(path.join(dir, 'client/src/app.tsx'), computed);
    const before = treeHashes(dir);
    const { code, out, err } = await add(dir);
    expect(code).toBe(1);
    expect(out).toBe('');
    expect(err).toContain('wxacode-cloudbase add: no pages could be read. Looked at:\n  - client/src/app.tsx: its pages are computed');
    expect(err).toContain('  - client/dist/app.json: not there (the app has not been built)\n');
    expect(err).toContain('Build the app once for WeChat (in client/: npm run build:weapp, or your build script)');
    expect(err).toContain('--pages pages/index/index,pages/mine/mine');
    expect(changedPaths(before, treeHashes(dir))).toEqual([]);
  });

  it('--pages gives them: the functions get exactly those pages', async () => {
    const dir = project('taro2-wxcloud');
    writeFileSync(path.join(dir, 'client/src/app.tsx'), computed);
    const { code, out, err } = await add(dir, ['--pages', 'pages/index/index,packageA/pages/letter/letter']);
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toContain('2 pages from --pages');
    expect(JSON.parse(read(dir, 'cloud/functions/wxacodeGetUnlimited/wxacode.pages.json')).pages).toEqual(['pages/index/index', 'packageA/pages/letter/letter']);
  });

  it('once built, the app.json Taro wrote', async () => {
    const dir = project('taro2-wxcloud');
    writeFileSync(path.join(dir, 'client/src/app.tsx'), computed);
    mkdirSync(path.join(dir, 'client/dist'), { recursive: true });
    writeFileSync(path.join(dir, 'client/dist/app.json'), JSON.stringify({ pages: ['pages/index/index', 'pages/mine/mine'] }));
    const { code, out } = await add(dir);
    expect(code).toBe(0);
    expect(out).toContain('2 pages from client/dist/app.json');
  });
});

describe('errors', () => {
  it('a folder that is not a mini program project', async () => {
    const dir = project('native-js');
    const { code, err } = await add(dir, ['miniprogram']);
    expect(code).toBe(1);
    expect(err).toContain(`${path.join(dir, 'miniprogram')} is not a mini program project: it has no project.config.json`);
  });

  it('no cloudfunctionRoot: prints the line to add', async () => {
    const dir = project('no-cloud');
    const { code, err } = await add(dir);
    expect(code).toBe(1);
    expect(err).toContain('has no "cloudfunctionRoot"');
    expect(err).toContain('\n  "cloudfunctionRoot": "cloudfunctions/",\n');
    expect(treeHashes(dir)).toEqual(treeHashes(copyFixtureHashes('no-cloud')));
  });

  it('a function folder of the same name that add did not write: named, nothing written', async () => {
    const dir = project('native-ts');
    mkdirSync(path.join(dir, 'cloudfunctions/wxacodeGet'));
    writeFileSync(path.join(dir, 'cloudfunctions/wxacodeGet/index.js'), 'exports.main = async () => "theirs"');
    const before = treeHashes(dir);
    for (const args of [[], ['--force']]) {
      const { code, err } = await add(dir, args);
      expect(code).toBe(1);
      expect(err).toContain('cloudfunctions/wxacodeGet/ already exists and was not written by add');
      expect(treeHashes(dir)).toEqual(before);
    }
    // leaving that function out, as the message suggests, works and leaves their folder alone
    expect((await add(dir, ['--functions', 'wxacodeGetUnlimited'])).code).toBe(0);
    expect(read(dir, 'cloudfunctions/wxacodeGet/index.js')).toBe('exports.main = async () => "theirs"');
  });

  it('a read-only folder: says so, nothing written', async () => {
    const dir = project('native-ts');
    const before = treeHashes(dir);
    const erofs = Object.assign(new Error('EROFS: read-only file system'), { code: 'EROFS' });
    const readOnly: ProjectWriter = { ...diskWriter, write: () => { throw erofs; }, mkdir: () => { throw erofs; } };
    const { code, err } = await add(dir, [], { writer: readOnly });
    expect(code).toBe(1);
    expect(err).toContain('(EROFS): the folder is read-only');
    expect(treeHashes(dir)).toEqual(before);
  });

  it('a read-only folder on disk (skipped as root, where permissions do not stop writes)', async () => {
    const dir = project('no-root');
    chmodSync(dir, 0o555);
    try {
      const probe = path.join(dir, 'probe');
      let writable = false;
      try {
        writeFileSync(probe, '');
        rmSync(probe);
        writable = true;
      } catch {
        // a real read-only folder
      }
      if (writable) return;
      const { code, err } = await add(dir);
      expect(code).toBe(1);
      expect(err).toMatch(/\((EACCES|EPERM)\): the folder is read-only/);
    } finally {
      chmodSync(dir, 0o755);
    }
  });

  it('an unknown function, a usage error', async () => {
    const dir = project('native-js');
    const { code, err } = await add(dir, ['--functions', 'nope']);
    expect(code).toBe(2);
    expect(err).toContain('no function nope; the functions are');
  });
});

function copyFixtureHashes(name: string): string {
  const copy = copyFixture(name);
  disposers.push(copy.dispose);
  return copy.dir;
}
