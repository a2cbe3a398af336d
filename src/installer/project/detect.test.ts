import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FIXTURES, overlayMissing } from '../testing/fixture-copy';
import { detectProject, ProjectError } from './detect';

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
