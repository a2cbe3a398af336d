import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { INSTALLED_PAGES_FILE } from '../adapters/wx-server-sdk/installed-pages';
import { copyFixture } from '../installer/testing/fixture-copy';
import { add } from '../installer/testing/run-add';
import { startFunctionsEmulator, type FunctionsEmulator } from './functions-emulator';

/**
 * The functions as `npx wxacode-cloudbase add` puts them into another project (WeChat's official demo, 161 pages
 * in subpackages): the same built bundles with that app's pages in a file beside each, taking the place of the
 * pages baked in at build time. The emulator runs them from that project's cloud functions folder.
 */
let emu: FunctionsEmulator;
let dispose: () => void;
let pages: string[];
beforeAll(async () => {
  const project = copyFixture('native-js');
  dispose = project.dispose;
  const { code, err } = await add(project.dir);
  if (code !== 0) throw new Error(`add failed: ${err}`);
  const functionsDir = join(project.dir, 'cloudfunctions');
  pages = (JSON.parse(readFileSync(join(functionsDir, 'wxacodeGetUnlimited', INSTALLED_PAGES_FILE), 'utf8')) as { pages: string[] }).pages;
  emu = await startFunctionsEmulator({ emulator: { functionsDir } });
});
afterAll(async () => {
  await emu?.dispose();
  dispose?.();
});

it("accepts the other app's pages, main package and subpackages, which this repository's app.json lacks", async () => {
  expect(pages).toHaveLength(161);
  for (const page of ['page/API/index', 'packageCloud/pages/scf/get-wx-context/get-wx-context']) {
    expect(pages).toContain(page);
    expect(await emu.result('wxacodeGetUnlimited', { scene: 'a=1', page, checkPath: false }, 'oUser')).toMatchObject({ errCode: 0 });
  }
});

it("refuses (-700104) a page the other app lacks, even one of this repository's app.json, without calling WeChat", async () => {
  await emu.reset();
  expect(await emu.result('wxacodeGetUnlimited', { scene: 'a=1', page: 'pages/index/index' }, 'oUser')).toMatchObject({
    errCode: -700104,
    errMsg: expect.stringContaining('page/component/index'),
  });
  expect(await emu.wechatCalls()).toEqual([]);
});

it('resolves a stored scene made by the added wxacodeGetUnlimited with the added wxacodeResolveScene', async () => {
  const made = await emu.result('wxacodeGetUnlimited', { sceneData: { note: '很长的备注'.repeat(5) }, page: 'page/API/index', checkPath: false }, 'oUser');
  expect(made).toMatchObject({ errCode: 0, sceneMode: 'stored' });
  expect(await emu.result('wxacodeResolveScene', { scene: made.scene }, 'oUser')).toMatchObject({ errCode: 0, data: { note: '很长的备注'.repeat(5) } });
});
