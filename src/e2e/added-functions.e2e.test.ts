import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INSTALLED_PAGES_FILE } from '../adapters/wx-server-sdk/installed-pages';
import { REPO_ROOT, startFunctionsEmulator, type FunctionsEmulator } from './functions-emulator';

/**
 * A function copied into another project, as `npx wxacode-cloudbase add` copies it: the same built bundle with
 * the other app's pages in a file beside it, taking the place of the pages baked in at build time.
 */
const OTHER_APP_PAGES = ['page/API/index', 'packageCloud/pages/scf/get-wx-context/get-wx-context'];

let emu: FunctionsEmulator;
let functionsDir: string;
beforeAll(async () => {
  functionsDir = mkdtempSync(join(tmpdir(), 'wxacode-added-'));
  cpSync(join(REPO_ROOT, 'cloudfunctions', 'wxacodeGetUnlimited'), join(functionsDir, 'wxacodeGetUnlimited'), { recursive: true });
  writeFileSync(join(functionsDir, 'wxacodeGetUnlimited', INSTALLED_PAGES_FILE), JSON.stringify({ pages: OTHER_APP_PAGES, writtenBy: 'wxacode-cloudbase add' }));
  emu = await startFunctionsEmulator({ emulator: { functionsDir } });
});
afterAll(async () => {
  await emu?.dispose();
  rmSync(functionsDir, { recursive: true, force: true });
});

it("accepts a page of the other app (a subpackage's too), which this repository's app.json lacks", async () => {
  for (const page of OTHER_APP_PAGES) {
    expect(await emu.result('wxacodeGetUnlimited', { scene: 'a=1', page, checkPath: false }, 'oUser')).toMatchObject({ errCode: 0 });
  }
});

it("refuses (-700104) a page the other app lacks, even one of this repository's app.json", async () => {
  expect(await emu.result('wxacodeGetUnlimited', { scene: 'a=1', page: 'pages/index/index' }, 'oUser')).toMatchObject({
    errCode: -700104,
    errMsg: expect.stringContaining('page/API/index'),
  });
  expect(await emu.wechatCalls()).toHaveLength(OTHER_APP_PAGES.length);
});
