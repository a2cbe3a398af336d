import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { detectProject } from '../project/detect';
import { compileWithDevTools, requireCompiled, stubReferencedFiles } from '../testing/devtools-compile';
import { copyFixture } from '../testing/fixture-copy';
import { add } from '../testing/run-add';

/**
 * The helpers `add` installs in a native project compile with WeChat DevTools' compiler (miniprogram-ci,
 * offline) and work in what it produces: a page requires them by a relative path, and the compiled helpers,
 * run as the mini program runtime runs them, read the scene of a scan result on either platform.
 * The fixtures hold configuration only, so what they name gets a stub; the first page uses the helpers.
 */
const CASES = [
  { fixture: 'native-js', ts: false },
  { fixture: 'native-ts', ts: true },
  { fixture: 'no-root', ts: false },
];

let dispose: (() => void) | undefined;
afterEach(() => dispose?.());

it.each(CASES)('$fixture: the installed helpers compile and run', async ({ fixture, ts }) => {
  const copy = copyFixture(fixture);
  dispose = copy.dispose;
  expect((await add(copy.dir)).code).toBe(0);
  const project = detectProject(copy.dir);
  const src = (rel: string) => path.join(copy.dir, project.sourceRoot, rel);
  const [first, ...rest] = project.pages;
  stubReferencedFiles(src(''), project.pages);
  const helpers = path.posix.relative(path.posix.dirname(first!), 'wxacode/index');
  const pageCode = ts
    ? `import { sceneFromScanResult } from '${helpers}';\nPage({ data: { scene: '' }, onLoad() { this.setData({ scene: sceneFromScanResult({ path: 'p?scene=a%3D1' }) ?? '' }); } });\n`
    : `const { sceneFromScanResult } = require('${helpers}');\nPage({ data: { scene: '' }, onLoad() { this.setData({ scene: sceneFromScanResult({ path: 'p?scene=a%3D1' }) || '' }); } });\n`;
  writeFileSync(src(`${first}.${ts ? 'ts' : 'js'}`), pageCode);
  for (const page of rest) if (!existsSync(src(`${page}.js`)) && !existsSync(src(`${page}.ts`))) writeFileSync(src(`${page}.${ts ? 'ts' : 'js'}`), 'Page({});\n');

  const compiled = await compileWithDevTools(copy.dir, project.appid ?? 'touristappid');
  const mpRoot = project.miniprogramRoot ? `${project.miniprogramRoot}/` : '';
  const rel = (p: string) => path.posix.relative(project.miniprogramRoot || '.', path.posix.join(project.sourceRoot || '.', p));
  expect(mpRoot === '' || Object.keys(compiled).every((k) => !k.startsWith(mpRoot))).toBe(true);
  for (const file of ['index', 'scene', 'functions', 'types', 'mini-program', 'scene/index', 'scene/parse-scene']) expect(compiled).toHaveProperty([rel(`wxacode/${file}.js`)]);

  const pages: { onLoad(this: unknown): void }[] = [];
  const wx = { cloud: { callFunction: async () => ({ result: { errCode: 0, errMsg: 'ok', data: {} } }) } };
  const helpersExports = requireCompiled(compiled, rel('wxacode/index.js'), { wx, Page: (p: never) => pages.push(p) }) as {
    sceneFromScanResult(r: { path: string }): string | undefined;
  };
  expect(helpersExports.sceneFromScanResult({ path: 'pages/a/a?scene=id%3D!42%26n%3D1' })).toBe('id=!42&n=1');
  expect(helpersExports.sceneFromScanResult({ path: 'pages/a/a?scene=id=!42&n=1' })).toBe('id=!42&n=1');
  // the page resolves the helpers by its relative require, as the runtime does
  requireCompiled(compiled, rel(`${first}.js`), { wx, Page: (p: never) => pages.push(p) });
  let scene = '';
  pages[0]!.onLoad.call({ setData: (d: { scene: string }) => (scene = d.scene) });
  expect(scene).toBe('a=1');
}, 120_000);
