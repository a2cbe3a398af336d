import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FIXTURES, overlayMissing } from '../testing/fixture-copy';
import { detectProject, ProjectError, readPagesOption } from './detect';

const fixture = (name: string) => path.join(FIXTURES, name);

describe('detectProject on the four real layouts', () => {
  it('native JavaScript (WeChat official demo): 161 pages, subpackages prefixed by root', () => {
    const p = detectProject(fixture('native-js'));
    expect(p).toMatchObject({ miniprogramRoot: 'miniprogram', sourceRoot: 'miniprogram', cloudfunctionRoot: 'cloudfunctions', framework: 'native-js', typescript: false, appid: 'wxe5f52902cf4de896' });
    expect(p.pages).toHaveLength(161);
    expect(p.pages.slice(0, 4)).toEqual(['page/component/index', 'page/API/index', 'page/cloud/index', 'page/extend/index']);
    expect(p.pages).toContain('packageComponent/pages/view/view/view');
    expect(p.functions).toEqual(['openapi', 'wxContext']);
    expect(p.root).toBe(fixture('native-js'));
  });

  it('native TypeScript: private config over the shared one; a folder without package.json is not a function', () => {
    const p = detectProject(fixture('native-ts'));
    expect(p).toMatchObject({ framework: 'native-ts', typescript: true, sourceRoot: 'miniprogram', pages: ['pages/index/index', 'pages/logs/logs'], functions: ['login', 'scheduledCheck'] });
  });

  it("Taro's wxcloud layout: pages from client/src/app.config.ts, miniprogramRoot is the build output", () => {
    const p = detectProject(fixture('taro-wxcloud'));
    expect(p).toMatchObject({ framework: 'taro', miniprogramRoot: 'client/dist', sourceRoot: 'client/src', cloudfunctionRoot: 'cloud/functions', typescript: true });
    expect(p.pages).toEqual(['pages/edit/edit', 'pages/index/index', 'pages/category/category']);
  });

  it('uni-app: pages.json page objects; the stale srcMiniprogramRoot is ignored', () => {
    const p = detectProject(fixture('uniapp'));
    expect(p).toMatchObject({ framework: 'uniapp', miniprogramRoot: 'dist/dev/mp-weixin', sourceRoot: 'src', pagesFile: 'src/pages.json', typescript: false });
    expect(p.pages).toEqual(['pages/index/index', 'pages/index/demo']);
    expect(p.functions).toEqual(['main']);
  });
});

describe('detectProject on other layouts seen in public projects', () => {
  it('Taro: defineAppConfig, a constant spread, subPackages (independent too), roots with slashes; cloud/backup is not a function', () => {
    const p = detectProject(fixture('taro-subpackages'));
    expect(p).toMatchObject({ framework: 'taro', sourceRoot: 'src', cloudfunctionRoot: 'cloud', functions: ['login'], typescript: true });
    expect(p.pages).toEqual(['pages/index/index', 'pages/mine/mine', 'pages/detail/detail', 'packageA/pages/order/order', 'packageA/pages/order-detail/index', 'packageShare/pages/poster/poster']);
  });

  it('uni-app nested under uniapp/src, pages.json with comments and trailing commas', () => {
    const p = detectProject(fixture('uniapp-nested'));
    expect(p).toMatchObject({ framework: 'uniapp', sourceRoot: 'uniapp/src', typescript: true, functions: [] });
    expect(p.pages).toEqual(['pages/index/index', 'pages/shop/shop', 'pkg-order/list/list', 'pkg-order/detail/detail']);
  });

  it('no miniprogramRoot: the project folder; an empty cloud functions folder', () => {
    expect(detectProject(fixture('no-root'))).toMatchObject({ miniprogramRoot: '', sourceRoot: '', cloudfunctionRoot: 'cloudfunctions', framework: 'native-js', functions: [], pages: ['pages/index/index'] });
  });

  it('TypeScript compiler plugin with JavaScript pages is a JavaScript project; an absent functions folder has no functions', () => {
    expect(detectProject(fixture('ts-settings-js-pages'))).toMatchObject({ framework: 'native-js', typescript: false, cloudfunctionRoot: 'build/cloudfunctions', functions: [], pages: ['pages/index/index', 'sub/a/a'] });
  });

  it('no cloudfunctionRoot: undefined', () => {
    expect(detectProject(fixture('no-cloud')).cloudfunctionRoot).toBeUndefined();
  });
});

describe('detectProject errors', () => {
  it('a folder without project.config.json is not a mini program project, named', () => {
    const dir = fixture('native-js/miniprogram');
    expect(() => detectProject(dir)).toThrow(ProjectError);
    expect(() => detectProject(dir)).toThrow(`${dir} is not a mini program project: it has no project.config.json`);
  });

  it('project.config.json with no app behind it', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'wxacode-detect-'));
    try {
      cpSync(fixture('no-cloud/project.config.json'), path.join(dir, 'project.config.json'));
      expect(() => detectProject(dir)).toThrow(/no miniprogram\/app\.json/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/**
 * The projects of the shared real-projects collection and what a reader should find in each. The collection is
 * configuration only, so this repository's fixture files fill in the code it leaves out (Taro's app.config.ts).
 * Absent outside the development workplace; in CI it must be there.
 */
describe('against the real-projects expectations', () => {
  const shared = path.resolve(__dirname, '../../../../shared/fixtures/real-projects');
  const present = existsSync(path.join(shared, 'expected.json'));
  if (!present && process.env.CI) it('has the real-projects collection in CI', () => expect(shared).toBe('present'));
  const expected: Record<string, Record<string, unknown>> = present ? JSON.parse(readFileSync(path.join(shared, 'expected.json'), 'utf8')) : {};
  (present ? it.each(Object.keys(expected)) : it.skip.each(['(absent)']))('%s', (name) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'wxacode-real-'));
    try {
      cpSync(path.join(shared, name), dir, { recursive: true });
      overlayMissing(fixture(name), dir);
      const p = detectProject(dir);
      expect({ miniprogramRoot: p.miniprogramRoot, cloudfunctionRoot: p.cloudfunctionRoot, framework: p.framework, pages: p.pages, functions: p.functions }).toEqual(expected[name]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('Taro 1/2: pages in the app class, else the built app.json, else a message naming what was read', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'wxacode-taro2-'));
    cpSync(fixture('taro2-wxcloud'), dir, { recursive: true });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const write = (rel: string, text: string) => {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  };
  const computedClassConfig = "import Taro, { Component } from '@tarojs/taro'\nimport { pages } from './routes'\nclass App extends Component {\n  config = { pages }\n  render () { return null }\n}\n";

  it('client/src/app.tsx: the class property `config`, parsed, with subPackages prefixed by root', () => {
    const p = detectProject(dir);
    expect(p).toMatchObject({ framework: 'taro', miniprogramRoot: 'client/dist', sourceRoot: 'client/src', cloudfunctionRoot: 'cloud/functions', typescript: true, pagesFile: 'client/src/app.tsx', functions: ['login'] });
    expect(p.pages).toEqual(['pages/index/index', 'pages/memory/memory', 'pages/mine/mine', 'packageA/pages/anniversary/anniversary', 'packageA/pages/letter/letter']);
  });

  it('app.jsx, a decorated class exported by default, `subpackages` spelled lower case', () => {
    rmSync(path.join(dir, 'client/src/app.tsx'));
    write('client/src/app.jsx', "import Taro, { Component } from '@tarojs/taro'\n@inject('store') @observer\nexport default class App extends Component {\n  config = { pages: ['pages/a/a'], subpackages: [{ root: 'sub/', pages: ['b/b'] }] }\n  render () { return <Index /> }\n}\n");
    expect(detectProject(dir)).toMatchObject({ pagesFile: 'client/src/app.jsx', pages: ['pages/a/a', 'sub/b/b'] });
  });

  it('pages that cannot be read without running the file: the built app.json in outputRoot', () => {
    write('client/src/app.tsx', computedClassConfig);
    write('client/dist/app.json', JSON.stringify({ pages: ['pages/index/index'], subPackages: [{ root: 'packageA', pages: ['pages/letter/letter'] }] }));
    expect(detectProject(dir)).toMatchObject({ pagesFile: 'client/dist/app.json', pages: ['pages/index/index', 'packageA/pages/letter/letter'] });
  });

  it("outputRoot is read from client/config/index.js (module.exports, Taro 3.6's defineConfig alike)", () => {
    write('client/src/app.tsx', computedClassConfig);
    write('client/config/index.js', "import { defineConfig } from '@tarojs/cli'\nexport default defineConfig(async (merge) => {\n  const baseConfig = { projectName: 'x', sourceRoot: 'src', outputRoot: 'build/weapp' }\n  return merge({}, baseConfig)\n})\n");
    write('client/build/weapp/app.json', JSON.stringify({ pages: ['pages/built/built'] }));
    expect(detectProject(dir)).toMatchObject({ pagesFile: 'client/build/weapp/app.json', pages: ['pages/built/built'] });
  });

  it('nothing readable and not built: names each file looked at and both ways forward', () => {
    write('client/src/app.tsx', computedClassConfig);
    let message = '';
    try {
      detectProject(dir);
    } catch (error) {
      expect(error).toBeInstanceOf(ProjectError);
      message = (error as Error).message;
    }
    expect(message).toBe(
      'no pages could be read. Looked at:\n' +
        '  - client/src/app.tsx: its pages are computed (a variable from another file, a function call or a condition), which `add` cannot read without running the file. ' +
        'Write pages and subpackages as string literals, build the app once so `add` reads its app.json, or pass the pages with --pages\n' +
        '  - client/dist/app.json: not there (the app has not been built)\n' +
        'Build the app once for WeChat (in client/: npm run build:weapp, or your build script), then run add again to read client/dist/app.json; ' +
        'or pass the pages: --pages pages/index/index,pages/mine/mine (main package and subpackage pages as WeChat addresses them), or --pages <file> (an app.json, or one page a line)',
    );
  });

  it('an app class without `config` (Taro 3 without app.config): named as such', () => {
    write('client/src/app.tsx', "import { Component } from 'react'\nclass App extends Component { render () { return this.props.children } }\nexport default App\n");
    expect(() => detectProject(dir)).toThrow(/client\/src\/app\.tsx: found no `config = \{ pages: \[\.\.\.\] \}` in a class[\s\S]*client\/dist\/app\.json: not there/);
  });

  it('Taro 3 with a computed app.config.ts reads the built app.json too', () => {
    write('client/src/app.config.ts', "import { pages } from './routes'\nexport default defineAppConfig({ pages })\n");
    write('client/dist/app.json', JSON.stringify({ pages: ['pages/x/x'] }));
    expect(detectProject(dir)).toMatchObject({ pagesFile: 'client/dist/app.json', pages: ['pages/x/x'] });
  });

  it('--pages wins over the files: a comma list, an app.json, a text file; bad pages named', () => {
    write('client/src/app.tsx', computedClassConfig);
    expect(detectProject(dir, { pages: readPagesOption('pages/a/a, /pages/b/b/', dir) })).toMatchObject({ pagesFile: '--pages', pages: ['pages/a/a', 'pages/b/b'] });
    write('pages.json', JSON.stringify({ pages: ['pages/a/a'], subpackages: [{ root: 'pkg', pages: ['c/c'] }] }));
    expect(detectProject(dir, { pages: readPagesOption('pages.json', dir) })).toMatchObject({ pagesFile: 'pages.json', pages: ['pages/a/a', 'pkg/c/c'] });
    write('pages.txt', 'pages/a/a\r\npkg/c/c\n\n');
    expect(detectProject(dir, { pages: readPagesOption('pages.txt', dir) }).pages).toEqual(['pages/a/a', 'pkg/c/c']);
    expect(() => readPagesOption('missing.json', dir)).toThrow(`--pages missing.json: no such file (${path.join(dir, 'missing.json')})`);
    expect(() => readPagesOption('pages/a/a?id=1', dir)).toThrow(/--pages: page: must not carry query parameters/);
    expect(() => readPagesOption(' , ', dir)).toThrow(/--pages: lists no pages/);
  });
});
