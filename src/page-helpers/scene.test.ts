import { encodeInline, STORED_KEY_BODY_LENGTH, STORED_KEY_PREFIX } from '../core/scene/codec/index';
import { resolveScene, sceneFromQuery, sceneFromScanResult, sceneOfEntry } from './scene';

/** The helpers as any page calls them, with `wx` stubbed on the global object as the runtime provides it. */
const g = globalThis as unknown as { wx?: unknown };
let callFunction: jest.Mock;
beforeEach(() => {
  callFunction = jest.fn(async () => ({ result: { errCode: 0, errMsg: 'ok', data: { order: 'A-1' } } }));
  g.wx = { cloud: { callFunction }, getEnterOptionsSync: () => ({ path: 'pages/item/item', query: { scene: 'id%3D42' }, scene: 1047 }) };
});
afterAll(() => delete g.wx);

describe('sceneFromQuery', () => {
  it("decodes onLoad's query.scene once", () => {
    expect(sceneFromQuery({ scene: 'id%3D42%26n%3D1' })).toBe('id=42&n=1');
  });
  it('undefined without a scene', () => {
    expect(sceneFromQuery({})).toBeUndefined();
    expect(sceneFromQuery(undefined)).toBeUndefined();
    expect(sceneFromQuery({ scene: '' })).toBeUndefined();
  });
  it('a malformed escape is left for resolveScene to report', () => {
    expect(sceneFromQuery({ scene: '%E4' })).toBe('%E4');
  });
});

describe('sceneOfEntry', () => {
  it('the scene the current entry opened the page with', () => {
    expect(sceneOfEntry()).toBe('id=42');
    expect(sceneOfEntry('pages/item/item')).toBe('id=42');
    expect(sceneOfEntry('/pages/item/item')).toBe('id=42');
  });
  it('undefined when the entry opened another page, or the API is missing', () => {
    expect(sceneOfEntry('pages/index/index')).toBeUndefined();
    g.wx = { cloud: { callFunction } };
    expect(sceneOfEntry()).toBeUndefined();
  });
});

describe('sceneFromScanResult', () => {
  const scene = 'id=!42&name=~PbQIxxHv';
  it('iOS: the scene arrives URL-encoded in path', () => {
    expect(sceneFromScanResult({ path: `pages/index/index?scene=${encodeURIComponent(scene)}` })).toBe(scene);
  });
  it('Android: the scene arrives decoded, with its own & and =', () => {
    expect(sceneFromScanResult({ path: `pages/index/index?scene=${scene}` })).toBe(scene);
  });
  it('undefined for a code without a scene, or no path (another app, a plain QR code)', () => {
    expect(sceneFromScanResult({ path: 'pages/index/index?id=1' })).toBeUndefined();
    expect(sceneFromScanResult({ path: 'pages/index/index' })).toBeUndefined();
    expect(sceneFromScanResult({})).toBeUndefined();
    expect(sceneFromScanResult(undefined)).toBeUndefined();
  });
  it('a parameter that merely ends in "scene" is not the scene', () => {
    expect(sceneFromScanResult({ path: 'pages/a/a?myscene=1' })).toBeUndefined();
  });
});

describe('resolveScene', () => {
  it('an inline scene is decoded with no call', async () => {
    const inline = encodeInline({ id: 42, name: '张三' })!;
    expect(await resolveScene(inline)).toEqual({ errCode: 0, errMsg: 'ok', data: { id: 42, name: '张三' }, sceneMode: 'inline' });
    expect(callFunction).not.toHaveBeenCalled();
  });
  it('a stored key is looked up with wxacodeResolveScene', async () => {
    const key = `${STORED_KEY_PREFIX}${'a'.repeat(STORED_KEY_BODY_LENGTH)}`;
    expect(await resolveScene(key)).toEqual({ errCode: 0, errMsg: 'ok', data: { order: 'A-1' }, sceneMode: 'stored' });
    expect(callFunction).toHaveBeenCalledWith({ name: 'wxacodeResolveScene', data: { scene: key } });
  });
  it('a malformed scene comes back as {errCode, errMsg}, never thrown', async () => {
    expect(await resolveScene('%')).toMatchObject({ errCode: expect.any(Number), errMsg: expect.any(String) });
  });
});
