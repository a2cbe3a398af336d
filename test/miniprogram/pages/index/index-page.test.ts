import { MemorySceneStore } from '../../../../src/adapters/memory/scene-store';
import { prepareScene } from '../../../../src/core/scene/prepare-scene';
import { resolveScene } from '../../../../src/core/scene/resolve-scene';
import { installMiniProgramGlobals, instantiate, loadModule, type Runtime } from '../../support/mini-program-globals';
import type { IndexPageOptions } from '../../../../miniprogram/pages/index/index-page';

const SECRET = 'index-page-test-secret-32-chars!!';
const LONG = { title: '春季新品发布会 · 上海站 🎉', seat: 'A-12', guests: 2, vip: true };

let runtime: Runtime;
let store: MemorySceneStore;

/** What WeChat puts in query.scene for a code made with this scene. */
function scanned(scene: string): Record<string, string> {
  return { scene: encodeURIComponent(scene) };
}

/** A wxacodeResolveScene stand-in backed by the real server use case, reached through wx.cloud.callFunction. */
function serveResolveScene(): void {
  runtime.wx.cloud.callFunction.mockImplementation(async ({ name, data }) => {
    if (name !== 'wxacodeResolveScene') return { result: { errCode: -1, errMsg: `unexpected ${name}` } };
    try {
      return { result: { errCode: 0, errMsg: 'ok', data: await resolveScene(data.scene, store) } };
    } catch (error) {
      const { errCode, errMsg } = error as { errCode: number; errMsg: string };
      return { result: { errCode, errMsg } };
    }
  });
}

function openIndexPage() {
  loadModule(() => require('../../../../miniprogram/pages/index/index'));
  return instantiate(runtime.pages[runtime.pages.length - 1] as unknown as IndexPageOptions);
}

beforeEach(() => {
  runtime = installMiniProgramGlobals();
  store = new MemorySceneStore();
  serveResolveScene();
});

describe('index page', () => {
  it('shows an inline scene decoded on the phone, without calling the cloud', async () => {
    const { scene } = await prepareScene({ id: 42, name: '张三', vip: false }, store, { secret: SECRET });
    const page = openIndexPage();
    await page.onLoad(scanned(scene));
    expect(page.data).toMatchObject({
      status: 'ready',
      scene,
      sceneMode: 'inline',
      fields: [
        { name: 'id', value: '42', type: 'number' },
        { name: 'name', value: '张三', type: 'string' },
        { name: 'vip', value: 'false', type: 'boolean' },
      ],
    });
    expect(runtime.wx.cloud.callFunction).not.toHaveBeenCalled();
  });

  it('resolves a stored scene through wxacodeResolveScene and shows its fields', async () => {
    const { scene, sceneMode } = await prepareScene(LONG, store, { secret: SECRET });
    expect(sceneMode).toBe('stored');
    const page = openIndexPage();
    await page.onLoad(scanned(scene));
    expect(runtime.wx.cloud.callFunction).toHaveBeenCalledWith({ name: 'wxacodeResolveScene', data: { scene } });
    expect(page.data.status).toBe('ready');
    expect(page.data.sceneMode).toBe('stored');
    expect(page.data.fields).toContainEqual({ name: 'title', value: LONG.title, type: 'string' });
    expect(page.data.fields).toContainEqual({ name: 'guests', value: '2', type: 'number' });
  });

  it('shows the error when a stored scene is unknown', async () => {
    const page = openIndexPage();
    await page.onLoad(scanned('@ZZZZZZZZZZZZZZZZZZZZZZ'));
    expect(page.data.status).toBe('error');
    expect(page.data.errCode).toBe(-700001);
    expect(page.data.errMsg).toContain('make a new code');
  });

  it('shows a malformed scene as an error with what to do', async () => {
    const page = openIndexPage();
    await page.onLoad(scanned('a=1&a=2'));
    expect(page.data).toMatchObject({ status: 'error', errCode: -700003 });
    expect(page.data.errMsg).toContain('field "a" appears more than once');
  });

  it('shows a legacy scene made by other code as strings', async () => {
    const page = openIndexPage();
    await page.onLoad(scanned('a=1&b=2'));
    expect(page.data.fields).toEqual([
      { name: 'a', value: '1', type: 'string' },
      { name: 'b', value: '2', type: 'string' },
    ]);
  });

  it('says how to get a scene when opened without one', async () => {
    const page = openIndexPage();
    await page.onLoad({});
    await page.onShow();
    expect(page.data.status).toBe('empty');
    expect(runtime.wx.cloud.callFunction).not.toHaveBeenCalled();
  });

  it('shows a call failure (e.g. no network) as an error rather than hanging', async () => {
    runtime.wx.cloud.callFunction.mockRejectedValue({ errMsg: 'cloud.callFunction:fail network error' });
    const page = openIndexPage();
    await page.onLoad(scanned('@YYYYYYYYYYYYYYYYYYYYYY'));
    expect(page.data).toMatchObject({ status: 'error', errCode: -1 });
    expect(page.data.errMsg).toContain('network error');
  });

  it('re-resolves on show when another code was scanned while the page was open, and not otherwise', async () => {
    const first = await prepareScene({ id: 1 }, store, { secret: SECRET });
    const second = await prepareScene(LONG, store, { secret: SECRET });
    const page = openIndexPage();
    runtime.wx.getEnterOptionsSync.mockReturnValue({ path: 'pages/index/index', query: scanned(first.scene), scene: 1047 });
    await page.onLoad(scanned(first.scene));
    await page.onShow();
    expect(page.data.fields).toEqual([{ name: 'id', value: '1', type: 'number' }]);
    // an inline code is decoded on the phone; the one call records its entry
    expect(runtime.wx.cloud.callFunction).toHaveBeenCalledTimes(1);
    expect(runtime.wx.cloud.callFunction).toHaveBeenLastCalledWith({ name: 'wxacodeResolveScene', data: { scene: first.scene, entry: { sceneValue: 1047, page: 'pages/index/index' } } });

    runtime.wx.getEnterOptionsSync.mockReturnValue({ path: 'pages/index/index', query: scanned(second.scene), scene: 1047 });
    await page.onShow();
    expect(page.data.sceneMode).toBe('stored');
    expect(page.data.fields).toContainEqual({ name: 'seat', value: 'A-12', type: 'string' });
    expect(runtime.wx.cloud.callFunction).toHaveBeenCalledTimes(2);

    await page.onShow(); // back from another page: same entry, nothing to do
    expect(runtime.wx.cloud.callFunction).toHaveBeenCalledTimes(2);
  });

  it('keeps the newest scan when an older lookup answers late', async () => {
    const stored = await prepareScene(LONG, store, { secret: SECRET });
    let answer: (value: { result: unknown }) => void = () => undefined;
    runtime.wx.cloud.callFunction.mockImplementationOnce(() => new Promise((resolve) => (answer = resolve)));
    const page = openIndexPage();
    const slow = page.onLoad(scanned(stored.scene));
    runtime.wx.getEnterOptionsSync.mockReturnValue({ path: 'pages/index/index', query: scanned('id=!7'), scene: 1047 });
    await page.onShow();
    answer({ result: { errCode: 0, errMsg: 'ok', data: LONG } });
    await slow;
    expect(page.data).toMatchObject({ status: 'ready', scene: 'id=!7', fields: [{ name: 'id', value: '7', type: 'number' }] });
  });
});
