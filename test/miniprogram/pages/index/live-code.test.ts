import { MemoryEntryStore } from '../../../../src/adapters/memory/entry-store';
import { MemorySceneStore } from '../../../../src/adapters/memory/scene-store';
import { handleAdminRequest, type AdminDeps } from '../../../../src/core/admin/admin-handler';
import { readEntrySettings } from '../../../../src/core/entries/entry-settings';
import { entryKeyOf } from '../../../../src/core/entries/user-hash';
import { prepareScene } from '../../../../src/core/scene/prepare-scene';
import { handleResolveScene } from '../../../../src/core/scene/scene-events';
import { installMiniProgramGlobals, instantiate, loadModule, type Runtime } from '../../support/mini-program-globals';
import type { IndexPageOptions } from '../../../../miniprogram/pages/index/index-page';

/**
 * The sample's index page after the print: 活码 changes made with wxacodeAdmin show on the page, and the page records
 * each entry once. wx.cloud.callFunction is answered by the functions' own cores (wxacodeResolveScene, wxacodeAdmin)
 * over memory stores.
 */

const SECRET = 'live-code-page-test-secret-32-chars';
let runtime: Runtime;
let scenes: MemorySceneStore;
let entries: MemoryEntryStore;
let admin: AdminDeps;
let scene: string;

function openIndexPage() {
  loadModule(() => require('../../../../miniprogram/pages/index/index'));
  return instantiate(runtime.pages[runtime.pages.length - 1] as unknown as IndexPageOptions);
}

const scanned = (s: string) => ({ scene: encodeURIComponent(s) });
const change = async (event: Record<string, unknown>) => expect(await handleAdminRequest({ ...event, scene }, admin, 'trusted')).toMatchObject({ errCode: 0 });

beforeEach(async () => {
  runtime = installMiniProgramGlobals();
  scenes = new MemorySceneStore();
  entries = new MemoryEntryStore();
  const recording = { settings: readEntrySettings({}), store: entries, openid: () => 'oPageUser', entryKey: async () => entryKeyOf(SECRET) };
  runtime.wx.cloud.callFunction.mockImplementation(async ({ name, data }) => ({ result: name === 'wxacodeResolveScene' ? await handleResolveScene(data, scenes, { entries: recording }) : { errCode: -1, errMsg: name } }));
  admin = { scenes, entries, codes: { codesOf: async () => [], labelsOf: async () => new Map() }, allowedPages: ['pages/index/index', 'pages/make/make'], entryKey: async () => entryKeyOf(SECRET), now: () => Date.now() };
  scene = (await prepareScene({ table: 12 }, scenes, { secret: SECRET, sceneMode: 'stored' })).scene;
  runtime.wx.getEnterOptionsSync.mockReturnValue({ path: 'pages/index/index', query: scanned(scene), scene: 1047 });
});

it('update: the page shows the new data, and records the entry once for onLoad and onShow', async () => {
  await change({ action: 'update', data: { table: 12, menu: '冬季菜单' } });
  const page = openIndexPage();
  await page.onLoad(scanned(scene));
  await page.onShow();
  expect(page.data).toMatchObject({ status: 'ready', sceneMode: 'stored', redirectTo: '', disabled: false });
  expect(page.data.fields).toEqual([
    { name: 'menu', value: '冬季菜单', type: 'string' },
    { name: 'table', value: '12', type: 'number' },
  ]);
  expect([...entries.markers.values()].map((m) => m.entries)).toEqual([1]);
  expect(runtime.wx.cloud.callFunction).toHaveBeenCalledTimes(1);

  // Android, back from the desktop: the same enter options again; the helper sends no entry
  await page.showScene(scene);
  expect(runtime.wx.cloud.callFunction).toHaveBeenLastCalledWith({ name: 'wxacodeResolveScene', data: { scene } });
  // a mini program started afresh (helpers reloaded) sends it again: the function's window keeps it one entry
  const again = openIndexPage();
  await again.onLoad(scanned(scene));
  expect(runtime.wx.cloud.callFunction).toHaveBeenLastCalledWith({ name: 'wxacodeResolveScene', data: { scene, entry: { sceneValue: 1047, page: 'pages/index/index' } } });
  expect([...entries.markers.values()].map((m) => m.entries)).toEqual([1]);
});

it('page change: the redirect is offered, and following it lands on the new page with the scene', async () => {
  await change({ action: 'update', page: 'pages/make/make' });
  const page = openIndexPage();
  await page.onLoad(scanned(scene));
  expect(page.data).toMatchObject({ status: 'ready', redirectTo: `/pages/make/make?scene=${encodeURIComponent(scene)}` });
  page.followRedirect();
  expect(runtime.wx.redirectTo).toHaveBeenCalledWith({ url: `/pages/make/make?scene=${encodeURIComponent(scene)}` });
});

it('disable: the page shows the team\'s message; enable: the data again', async () => {
  await change({ action: 'disable', message: '本桌暂停使用，请扫描其他桌的码' });
  const page = openIndexPage();
  await page.onLoad(scanned(scene));
  expect(page.data).toMatchObject({ status: 'error', disabled: true, errCode: -700005, errMsg: '本桌暂停使用，请扫描其他桌的码' });
  expect(entries.markers.size).toBe(0);
  await change({ action: 'enable' });
  const later = openIndexPage();
  await later.onLoad(scanned(scene));
  expect(later.data).toMatchObject({ status: 'ready', disabled: false, fields: [{ name: 'table', value: '12', type: 'number' }] });
});
