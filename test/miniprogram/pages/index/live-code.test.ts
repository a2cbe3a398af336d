/**
 * @jest-environment jsdom
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import simulate from 'miniprogram-simulate';
import { MemoryEntryStore } from '../../../../src/adapters/memory/entry-store';
import { MemorySceneStore } from '../../../../src/adapters/memory/scene-store';
import { handleAdminRequest, type AdminDeps } from '../../../../src/core/admin/admin-handler';
import { readEntrySettings } from '../../../../src/core/entries/entry-settings';
import { entryKeyOf } from '../../../../src/core/entries/user-hash';
import { prepareScene } from '../../../../src/core/scene/prepare-scene';
import { handleResolveScene } from '../../../../src/core/scene/scene-events';
import { installMiniProgramGlobals, type Runtime } from '../../support/mini-program-globals';
import type { IndexPageOptions } from '../../../../miniprogram/pages/index/index-page';

/**
 * The sample's index page after the print, rendered by miniprogram-simulate from its own index.wxml: 活码 changes made
 * with wxacodeAdmin show on the page (new data, the redirect offered and followed, the disabled message), and the page
 * records each entry once. wx.cloud.callFunction is answered by the functions' own cores over memory stores.
 */

const SECRET = 'live-code-page-test-secret-32-chars';
const TEMPLATE = readFileSync(join(__dirname, '../../../../miniprogram/pages/index/index.wxml'), 'utf8');
let runtime: Runtime;
let scenes: MemorySceneStore;
let entries: MemoryEntryStore;
let admin: AdminDeps;
let scene: string;

interface PageInstance {
  onLoad(query: Record<string, string | undefined>): Promise<void>;
  onShow(): Promise<void>;
  showScene(scene: string): Promise<void>;
}

/** the page as the runtime renders it: its wxml, its data, its handlers; helpers loaded afresh (a new mini program) */
function openIndexPage() {
  let options: IndexPageOptions | undefined;
  jest.isolateModules(() => {
    options = (require('../../../../miniprogram/pages/index/index-page') as typeof import('../../../../miniprogram/pages/index/index-page')).createIndexPage();
  });
  const { data, ...methods } = options as IndexPageOptions;
  const page = simulate.render(simulate.load({ template: TEMPLATE, data, methods: methods as unknown as Record<string, (...args: any[]) => any> }));
  // jsdom's document (this file's test environment); the mini program typings know no DOM
  page.attach((globalThis as unknown as { document: { createElement(tag: string): never } }).document.createElement('parent-wrapper'));
  return { page, instance: page.instance as unknown as PageInstance };
}

const text = (page: ReturnType<typeof openIndexPage>['page'], selector: string) => page.querySelector(selector)?.dom?.textContent?.trim();
/** each shown field as [name, value, type], as the page's rows show them */
const fields = (page: ReturnType<typeof openIndexPage>['page']) =>
  page.querySelectorAll('.field').map((f) => Array.from((f.dom as unknown as { children: ArrayLike<{ textContent: string | null }> }).children, (cell) => cell.textContent));
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
  const { page, instance } = openIndexPage();
  await instance.onLoad(scanned(scene));
  await instance.onShow();
  expect(fields(page)).toEqual([['menu', '冬季菜单', 'string'], ['table', '12', 'number']]);
  expect(page.querySelector('.redirect')).toBeUndefined();
  expect([...entries.markers.values()].map((m) => m.entries)).toEqual([1]);
  expect(runtime.wx.cloud.callFunction).toHaveBeenCalledTimes(1);

  // Android, back from the desktop: the same enter options again; the helper sends no entry
  await instance.showScene(scene);
  expect(runtime.wx.cloud.callFunction).toHaveBeenLastCalledWith({ name: 'wxacodeResolveScene', data: { scene } });
  // a mini program started afresh (helpers reloaded) sends it again: the function's window keeps it one entry
  const again = openIndexPage();
  await again.instance.onLoad(scanned(scene));
  expect(runtime.wx.cloud.callFunction).toHaveBeenLastCalledWith({ name: 'wxacodeResolveScene', data: { scene, entry: { sceneValue: 1047, page: 'pages/index/index' } } });
  expect([...entries.markers.values()].map((m) => m.entries)).toEqual([1]);
});

it('page change: the redirect is offered, and tapping it goes to the new page with the scene', async () => {
  await change({ action: 'update', page: 'pages/make/make' });
  const { page, instance } = openIndexPage();
  await instance.onLoad(scanned(scene));
  expect(text(page, '.redirect .muted')).toBe('This code now opens another page.');
  page.querySelector('.go')?.dispatchEvent('tap');
  await simulate.sleep(0);
  expect(runtime.wx.redirectTo).toHaveBeenCalledWith({ url: `/pages/make/make?scene=${encodeURIComponent(scene)}` });
});

it("disable: the page shows the team's message; enable: the data again", async () => {
  await change({ action: 'disable', message: '本桌暂停使用，请扫描其他桌的码' });
  const { page, instance } = openIndexPage();
  await instance.onLoad(scanned(scene));
  expect(text(page, '.disabled .message')).toBe('本桌暂停使用，请扫描其他桌的码');
  expect(page.querySelector('.field')).toBeUndefined();
  expect(entries.markers.size).toBe(0);

  await change({ action: 'enable' });
  const later = openIndexPage();
  await later.instance.onLoad(scanned(scene));
  expect(later.page.querySelector('.disabled')).toBeUndefined();
  expect(fields(later.page)).toEqual([['table', '12', 'number']]);
});

it("links: an entry by a link made by the toolkit is recorded under the link's id, with or without a scene", async () => {
  const withScene = { ...scanned(scene), wxl: 'Lk1aB2' };
  runtime.wx.getEnterOptionsSync.mockReturnValue({ path: 'pages/index/index', query: withScene, scene: 1194 });
  const { page, instance } = openIndexPage();
  await instance.onLoad(withScene);
  expect(runtime.wx.cloud.callFunction).toHaveBeenLastCalledWith({ name: 'wxacodeResolveScene', data: { scene, link: 'Lk1aB2', entry: { sceneValue: 1194, page: 'pages/index/index' } } });
  expect(fields(page)).toEqual([['table', '12', 'number']]);

  const idOnly = { wxl: 'Lk3cD4' };
  runtime.wx.getEnterOptionsSync.mockReturnValue({ path: 'pages/index/index', query: idOnly, scene: 1179 });
  const bare = openIndexPage();
  await bare.instance.onLoad(idOnly);
  expect(runtime.wx.cloud.callFunction).toHaveBeenLastCalledWith({ name: 'wxacodeResolveScene', data: { link: 'Lk3cD4', entry: { sceneValue: 1179, page: 'pages/index/index' } } });
  expect([...entries.markers.values()].map((m) => [m.kind, m.source, Object.keys(m.days[Object.keys(m.days)[0]]).sort()])).toEqual([
    ['link', 'Lk1aB2', ['n', 's1194']],
    ['link', 'Lk3cD4', ['n', 's1179']],
  ]);
});
