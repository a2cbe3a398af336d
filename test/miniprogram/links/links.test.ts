import { handleLinkEvent } from '../../../src/core/links/handle-link-event';
import { resolveScene as resolveOnServer } from '../../../src/core/scene/resolve-scene';
import { memoryLinks } from '../../../src/core/testing/memory-links';
import { cqFromQuery, entrySource, entrySourceOf, plainTextScheme, queryDataFromQuery, withCq } from '../../../src/page-helpers/index';
import { installMiniProgramGlobals, type Runtime } from '../support/mini-program-globals';

let runtime: Runtime;
let links: ReturnType<typeof memoryLinks>;

/** onLoad's options for a link's query, as WeChat hands them: split at & and =, each value left URL-encoded (or decoded) */
function optionsOf(query: string, decode: boolean): Record<string, string> {
  return Object.fromEntries(query.split('&').map((part) => {
    const [key, value] = [part.slice(0, part.indexOf('=')), part.slice(part.indexOf('=') + 1)];
    return [key, decode ? decodeURIComponent(value) : value];
  }));
}

beforeEach(() => {
  runtime = installMiniProgramGlobals();
  links = memoryLinks();
  // wxacodeResolveScene backed by the real server use case and the links' scene store
  runtime.wx.cloud.callFunction.mockImplementation(async ({ name, data }) => {
    if (name !== 'wxacodeResolveScene') return { result: { errCode: -1, errMsg: `unexpected ${name}` } };
    return { result: { errCode: 0, errMsg: 'ok', data: await resolveOnServer(data.scene as string, links.scenes) } };
  });
});

describe('a page opened by a link made with queryData', () => {
  it.each([false, true])('inline data: read on the phone, no call (values decoded by WeChat: %s)', async (decoded) => {
    const made = (await handleLinkEvent('urlLink', { path: 'pages/index/index', queryData: { id: 42, from: 'sms', vip: true } }, links.service, { scenes: links.scenes, now: links.clock.now })) as { query: string };
    const outcome = await queryDataFromQuery(optionsOf(made.query, decoded));
    expect(outcome).toEqual({ errCode: 0, errMsg: 'ok', data: { id: 42, from: 'sms', vip: true }, sceneMode: 'inline' });
    expect(runtime.wx.cloud.callFunction).not.toHaveBeenCalled();
  });

  it('stored data (Chinese field names): looked up through wxacodeResolveScene', async () => {
    const made = (await handleLinkEvent('urlScheme', { queryData: { 门店: '北京朝阳店', 桌号: 12 } }, links.service, { scenes: links.scenes, now: links.clock.now })) as { query: string; scene: string };
    const outcome = await queryDataFromQuery(optionsOf(made.query, false));
    expect(outcome).toEqual({ errCode: 0, errMsg: 'ok', data: { 门店: '北京朝阳店', 桌号: 12 }, sceneMode: 'stored' });
    expect(runtime.wx.cloud.callFunction).toHaveBeenCalledWith({ name: 'wxacodeResolveScene', data: { scene: made.scene } });
  });

  it('a query without queryData: undefined, nothing called', () => {
    expect(queryDataFromQuery({ id: '1' })).toBeUndefined();
  });

  it('cq appended to the link reaches onLoad: read decoded', () => {
    const link = withCq('https://wxaurl.cn/AbC123', '短信-双12');
    expect(cqFromQuery({ cq: link.slice(link.indexOf('cq=') + 3) })).toBe('短信-双12');
    expect(cqFromQuery({})).toBeUndefined();
  });

  it('the plain-text scheme is built on the phone with no call', () => {
    expect(plainTextScheme({ appid: 'wx1234567890abcdef', path: 'pages/index/index', query: 'from=h5' })).toBe('weixin://dl/business/?appid=wx1234567890abcdef&path=pages/index/index&query=from%3Dh5');
    expect(() => plainTextScheme({ appid: 'wx1234567890abcdef', path: 'pages/index/index', query: 'from=中' })).toThrow(expect.objectContaining({ errCode: 40212 }));
  });
});

describe('entrySource(): what brought the user, from the 场景值', () => {
  it.each([
    [1047, { source: 'code', code: 'wxacode', read: 'scan' }],
    [1048, { source: 'code', code: 'wxacode', read: 'longPress' }],
    [1049, { source: 'code', code: 'wxacode', read: 'album' }],
    [1011, { source: 'code', code: 'qrcode', read: 'scan' }],
    [1125, { source: 'code', code: 'oneThingOneCode', read: 'longPress' }],
    [1194, { source: 'urlLink' }],
    [1167, { source: 'urlLink', viaH5: true }],
    [1065, { source: 'urlScheme' }],
    [1179, { source: 'shortLink' }],
    [1286, { source: 'plainTextScheme' }],
    [1001, { source: 'other' }],
  ])('%i', (sceneValue, expected) => {
    runtime.wx.getEnterOptionsSync.mockReturnValue({ path: 'pages/index/index', query: {}, scene: sceneValue });
    expect(entrySource()).toEqual({ ...expected, sceneValue });
  });

  it('falls back to the launch options where getEnterOptionsSync is missing (base library < 2.9.4)', () => {
    (runtime.wx as unknown as Record<string, unknown>).getEnterOptionsSync = undefined;
    runtime.wx.getLaunchOptionsSync.mockReturnValue({ path: 'pages/index/index', query: {}, scene: 1179 });
    expect(entrySource()).toEqual({ source: 'shortLink', sceneValue: 1179 });
  });

  it('an unknown or missing 场景值 is "other"', () => {
    expect(entrySourceOf(undefined)).toEqual({ source: 'other', sceneValue: undefined });
  });
});
