/**
 * Entries after the print, end to end: the built functions with the real wx-server-sdk inside, against the emulator,
 * every CloudBase request counted by a proxy. Several users enter by stored and inline codes and by a link, with
 * several 场景值; wxacodeAdmin's stats must come out exact, a hot-start re-entry count once, a new user be new once,
 * and no raw openid be anywhere in the database. Then 活码: update, page change, disable, enable, history.
 */
import { chinaDate } from '../core/entries/china-date';
import { httpJson } from './loopback-http';
import { startFunctionsEmulator, type FunctionsEmulator } from './functions-emulator';
import { startCountingProxy, type CountingProxy } from './testing/counting-proxy';

let proxy: CountingProxy;
let fx: FunctionsEmulator;

const ADMIN = 'oAdminStaffMember0000000000001';
const TOKEN = 'entries-e2e-token-0123456789abcdef';
const USERS = ['oEntryUserAlpha000000000000001', 'oEntryUserBravo000000000000002', 'oEntryUserCharlie0000000000003', 'oEntryUserDelta000000000000004'];
const [U1, U2, U3, U4] = USERS;
const WARM = 'oEntryWarmUp00000000000000000';

beforeAll(async () => {
  proxy = await startCountingProxy();
  fx = await startFunctionsEmulator({
    functionEnv: { WXACODE_ADMIN_OPENIDS: ADMIN, WXACODE_HTTP_TOKENS: `other-token-0000000000000000000,${TOKEN}` },
    emulator: { functionsAdminUrl: proxy.adminUrl, maxInstancesPerFunction: 1 },
  });
  proxy.target(fx.emulator.adminUrl);
});
afterAll(async () => {
  await fx?.dispose();
  await proxy?.close();
});

async function trusted(name: string, data: unknown): Promise<any> {
  const { status, body } = await httpJson(`${fx.url}/callFunction`, { method: 'POST', headers: { 'x-wx-caller': 'trusted' }, body: { name, data } });
  expect(status).toBe(200);
  return body.result;
}

async function counted<T>(call: () => Promise<T>): Promise<{ result: T; requests: Record<string, number> }> {
  proxy.take();
  const result = await call();
  return { result, requests: proxy.take() };
}

const enter = (scene: string, sceneValue: number, user: string, extra: Record<string, unknown> = {}) =>
  fx.result('wxacodeResolveScene', { scene: encodeURIComponent(scene), entry: { sceneValue, page: 'pages/index/index' }, ...extra }, user);

let A = '';
let B = '';
let C = '';

describe('entries recorded by wxacodeResolveScene, and their stats', () => {
  beforeAll(async () => {
    A = (await fx.result('wxacodeGetUnlimited', { sceneData: { shop: '北京朝阳店', table: 1 }, sceneMode: 'stored' }, ADMIN)).scene;
    B = (await fx.result('wxacodeGetUnlimited', { sceneData: { shop: '北京朝阳店', table: 2 }, sceneMode: 'stored' }, ADMIN)).scene;
    C = (await fx.result('wxacodeGetUnlimited', { sceneData: { t: 3 } }, ADMIN)).scene;
    expect([A, B, C]).toEqual([expect.stringMatching(/^@/), expect.stringMatching(/^@/), 't=!3']);
    // a warm instance: the SDK loaded, the scene secret read, the entries collection created
    const warm = (await fx.result('wxacodeGetUnlimited', { sceneData: { warm: 1 }, sceneMode: 'stored' }, ADMIN)).scene;
    expect(await enter(warm, 1047, WARM)).toMatchObject({ errCode: 0, recorded: true });
  });

  it("a user's first entry by a stored code: 2 requests besides the resolve (the marker's conditional update, then its insert)", async () => {
    const { result, requests } = await counted(() => enter(A, 1047, U1));
    expect(result).toEqual({ errCode: 0, errMsg: 'ok', data: { shop: '北京朝阳店', table: 1 }, recorded: true });
    expect(requests).toEqual({ 'database.getDocument': 1, 'database.modifyDocument': 1, 'database.insertDocument': 1 });
  });

  it('a hot-start re-entry within the window: not counted, still 2 requests (the update matches nothing, the insert finds the marker)', async () => {
    const { result, requests } = await counted(() => enter(A, 1047, U1));
    expect(result).toMatchObject({ errCode: 0, data: { table: 1 }, recorded: false });
    expect(requests).toEqual({ 'database.getDocument': 1, 'database.modifyDocument': 1, 'database.insertDocument': 1 });
  });

  it('an inline code: no resolve read, so 2 requests in all', async () => {
    const { result, requests } = await counted(() => enter(C, 1047, U2));
    expect(result).toEqual({ errCode: 0, errMsg: 'ok', data: { t: 3 }, recorded: true });
    expect(requests).toEqual({ 'database.modifyDocument': 1, 'database.insertDocument': 1 });
  });

  it('a re-entry after the window: counted in 1 request (the conditional update)', async () => {
    await enter(B, 1048, U1);
    // the dedupe window (30 minutes) has passed for U1's marker of B: its last entry moved back 31 minutes
    const docs = fx.emulator.state.database.documents('wxacode_entries') ?? [];
    const index = docs.findIndex((d) => d.source === B);
    await fx.emulator.state.database.replaceAt('wxacode_entries', [{ index, doc: { ...docs[index], lastAt: Number(docs[index].lastAt) - 31 * 60_000 } }]);
    const { result, requests } = await counted(() => enter(B, 1047, U1));
    expect(result).toMatchObject({ errCode: 0, recorded: true });
    expect(requests).toEqual({ 'database.getDocument': 1, 'database.modifyDocument': 1 });
  });

  it('stats are exact: entries, users, new users (once, by their first code or link), by 场景值 and China-time day', async () => {
    expect(await enter(B, 1047, U2)).toMatchObject({ recorded: true });
    expect(await enter(C, 1049, U3)).toMatchObject({ recorded: true });
    expect(await enter(C, 1049, U3)).toMatchObject({ recorded: false }); // Android's stale 场景值 after the Home key
    expect(await enter(A, 1167, U4, { link: 'Lk1aB2' })).toMatchObject({ recorded: true });
    expect(await enter(A, 1048, U3)).toMatchObject({ recorded: true });
    const today = chinaDate(Date.now());

    const rows = async (query: Record<string, unknown>) => (await trusted('wxacodeAdmin', { action: 'stats', ...query })).rows;
    expect(await rows({ scene: A })).toEqual([
      { scene: A, entries: 2, users: 2, newUsers: 1, bySceneValue: { 1047: 1, 1048: 1 }, byDay: { [today]: 2 } },
    ]);
    expect(await rows({ scene: encodeURIComponent(B) })).toEqual([
      { scene: B, entries: 3, users: 2, newUsers: 0, bySceneValue: { 1047: 2, 1048: 1 }, byDay: { [today]: 3 } },
    ]);
    expect(await rows({ scene: C })).toEqual([
      { scene: C, entries: 2, users: 2, newUsers: 2, bySceneValue: { 1047: 1, 1049: 1 }, byDay: { [today]: 2 } },
    ]);
    expect(await rows({ link: 'Lk1aB2' })).toEqual([
      { scene: 'Lk1aB2', kind: 'link', entries: 1, users: 1, newUsers: 1, bySceneValue: { 1167: 1 }, byDay: { [today]: 1 } },
    ]);
    expect(await rows({ scene: A, until: '2020-01-01' })).toEqual([{ scene: A, entries: 0, users: 0, newUsers: 0, bySceneValue: {}, byDay: {} }]);
    // the second time, who is new is known (written back the first time): the batch labels and the code's markers
    const again = await counted(() => rows({ scene: C }));
    expect(again.result).toEqual([expect.objectContaining({ scene: C, newUsers: 2 })]);
    expect(again.requests).toEqual({ 'database.getDocument': 2 });
  });

  it('entryOf: the first and the last code or link that brought a user', async () => {
    const reply = await trusted('wxacodeAdmin', { action: 'entryOf', openid: U3 });
    expect(reply).toEqual({
      errCode: 0,
      errMsg: 'ok',
      first: { kind: 'scene', scene: C, at: expect.any(String) },
      last: { kind: 'scene', scene: A, at: expect.any(String) },
    });
    expect(await trusted('wxacodeAdmin', { action: 'entryOf', openid: 'oNeverSeen' })).toEqual({ errCode: 0, errMsg: 'ok', first: null, last: null });
  });

  it('no raw openid in any document of any collection', () => {
    const db = fx.emulator.state.database;
    const everything = db.collectionNames().map((name) => JSON.stringify(db.documents(name))).join('\n');
    expect(everything).toContain(A); // the scan sees the data
    for (const openid of [...USERS, WARM, ADMIN]) expect(everything).not.toContain(openid);
  });

  it("forgetUser removes a user's markers, found by the hash of their openid", async () => {
    expect(await trusted('wxacodeAdmin', { action: 'forgetUser', openid: U4 })).toEqual({ errCode: 0, errMsg: 'ok', removed: 1 });
    expect((await trusted('wxacodeAdmin', { action: 'stats', link: 'Lk1aB2' })).rows).toEqual([
      { scene: 'Lk1aB2', kind: 'link', entries: 0, users: 0, newUsers: 0, bySceneValue: {}, byDay: {} },
    ]);
  });

  it('a code made with recordEntries: false is not recorded', async () => {
    const quiet = (await fx.result('wxacodeGetUnlimited', { sceneData: { table: 99 }, sceneMode: 'stored', recordEntries: false }, ADMIN)).scene;
    const { result, requests } = await counted(() => enter(quiet, 1047, U1));
    expect(result).toEqual({ errCode: 0, errMsg: 'ok', data: { table: 99 }, recorded: false });
    expect(requests).toEqual({ 'database.getDocument': 1 });
  });

  it('a bad entry is refused naming the field, what came and the rule, before anything is read', async () => {
    const { result, requests } = await counted(() => fx.result('wxacodeResolveScene', { scene: A, entry: { sceneValue: '1047' } }, U1));
    expect(result).toEqual({ errCode: 40097, errMsg: expect.stringMatching(/^entry\.sceneValue: must be the 场景值 .*received string "1047"/) });
    expect(requests).toEqual({});
  });
});

describe('活码: a stored code changed after printing', () => {
  it('a mini program user cannot change anything or read stats: -700101, nothing read', async () => {
    for (const event of [{ action: 'update', scene: A, page: 'pages/make/make' }, { action: 'disable', scene: A, message: 'x' }, { action: 'stats', scene: A }]) {
      const { result, requests } = await counted(() => fx.result('wxacodeAdmin', event, U1));
      expect(result).toMatchObject({ errCode: -700101 });
      expect(requests).toEqual({});
    }
    expect(await enter(A, 1047, U2)).toMatchObject({ errCode: 0, data: { shop: '北京朝阳店', table: 1 } });
    // the HTTP path: no token, or one that is not configured
    const post = (headers: Record<string, string>) => httpJson(`${fx.url}/api/wxacode/admin`, { method: 'POST', headers, body: { action: 'disable', scene: A, message: 'x' } });
    expect(await post({})).toMatchObject({ status: 401, body: { errCode: -700101, errMsg: expect.stringContaining('Authorization: Bearer') } });
    expect(await post({ authorization: 'Bearer not-a-configured-token' })).toMatchObject({ status: 403, body: { errCode: -700101 } });
    expect(await enter(A, 1047, U2)).toMatchObject({ errCode: 0 });
  });

  it('update data and page, disable, enable: the resolve follows; history names each change and who made it, never an openid', async () => {
    const update = await fx.result('wxacodeAdmin', { action: 'update', scene: A, data: { shop: '北京朝阳店', table: 1, menu: '冬季' } }, ADMIN);
    expect(update).toMatchObject({ errCode: 0, change: { action: 'update', actor: expect.stringMatching(/^admin [A-Za-z0-9_-]{22}$/) } });
    expect(await enter(A, 1047, U2)).toMatchObject({ errCode: 0, data: { shop: '北京朝阳店', table: 1, menu: '冬季' } });

    const http = await httpJson(`${fx.url}/api/wxacode/admin`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` }, body: { action: 'update', scene: A, page: 'pages/make/make' } });
    expect(http).toMatchObject({ status: 200, body: { errCode: 0, change: { actor: 'http token 2', page: 'pages/make/make' } } });
    expect(await enter(A, 1047, U2)).toMatchObject({ errCode: 0, page: 'pages/make/make' });

    expect(await trusted('wxacodeAdmin', { action: 'update', scene: A, page: 'pages/nowhere/nowhere' })).toMatchObject({ errCode: -700104, errMsg: expect.stringContaining('page:') });

    expect(await trusted('wxacodeAdmin', { action: 'disable', scene: A, message: '本桌暂停使用，请扫描其他桌的码' })).toMatchObject({ errCode: 0 });
    expect(await enter(A, 1047, U2)).toEqual({ errCode: -700005, errMsg: '本桌暂停使用，请扫描其他桌的码' });
    expect(await trusted('wxacodeAdmin', { action: 'enable', scene: A })).toMatchObject({ errCode: 0 });
    expect(await enter(A, 1047, U2)).toMatchObject({ errCode: 0, data: { menu: '冬季' }, page: 'pages/make/make' });

    const { history } = await trusted('wxacodeAdmin', { action: 'history', scene: A });
    expect(history.map((h: any) => [h.action, h.actor.replace(/^admin .*/, 'admin')])).toEqual([
      ['update', 'admin'],
      ['update', 'http token 2'],
      ['disable', 'trusted'],
      ['enable', 'trusted'],
    ]);
    expect(history[0]).toMatchObject({ at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), data: { shop: '北京朝阳店', table: 1, menu: '冬季' } });
    expect(JSON.stringify(history)).not.toContain(ADMIN);
  });

  it('an inline code cannot change: the refusal says to use sceneMode stored', async () => {
    expect(await trusted('wxacodeAdmin', { action: 'update', scene: C, page: 'pages/make/make' })).toEqual({
      errCode: 40097,
      errMsg: expect.stringContaining("sceneMode: 'stored'"),
    });
  });
});
