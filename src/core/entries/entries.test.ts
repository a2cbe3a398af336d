import { MemoryEntryStore } from '../../adapters/memory/entry-store';
import { MemorySceneStore } from '../../adapters/memory/scene-store';
import { handleAdminRequest, type AdminDeps } from '../admin/admin-handler';
import { ErrCode } from '../errors';
import { handleResolveScene, sceneFromEvent, type EntryRecording } from '../scene/scene-events';
import { checkEntry } from '../validation/rules/entry';
import { chinaDate } from './china-date';
import { readEntrySettings } from './entry-settings';
import { entryKeyOf, hashUser } from './user-hash';

const SECRET = 'entries-unit-test-secret-32-chars!!';
const KEY = entryKeyOf(SECRET);
// 2026-12-07 15:59 UTC is 23:59 in China; a minute later it is the 8th there
const T0 = Date.UTC(2026, 11, 7, 15, 59);
const MIN = 60_000;

function setup(env: Record<string, string> = {}) {
  const scenes = new MemorySceneStore();
  const entries = new MemoryEntryStore();
  let openid: string | undefined;
  const recording: EntryRecording = { settings: readEntrySettings(env), store: entries, openid: () => openid, entryKey: async () => KEY };
  const resolve = (scene: string, sceneValue: number, user: string | undefined, at: number, extra: Record<string, unknown> = {}) => {
    openid = user;
    return handleResolveScene({ scene, entry: { sceneValue }, ...extra }, scenes, { now: at, entries: recording });
  };
  const deps: AdminDeps = {
    scenes,
    entries,
    codes: { codesOf: async () => [], labelsOf: async () => new Map() },
    allowedPages: ['pages/index/index', 'pages/menu/menu'],
    entryKey: async () => KEY,
    now: () => T0,
  };
  return { scenes, entries, resolve, deps };
}

describe('China dates', () => {
  it('turn at 16:00 UTC', () => {
    expect(chinaDate(T0)).toBe('2026-12-07');
    expect(chinaDate(T0 + MIN)).toBe('2026-12-08');
  });
});

describe('entry', () => {
  it.each([
    [{ sceneValue: '1047' }, ErrCode.INVALID_ARGS, /^entry\.sceneValue: must be the 场景值 as a whole number from 1000 to 9999 .*; received string "1047"\. Pass wx\.getEnterOptionsSync\(\)\.scene as it is/],
    [{ sceneValue: 1047.5 }, ErrCode.INVALID_ARGS, /^entry\.sceneValue: .*received number 1047\.5/],
    [{ sceneValue: 1047, page: '/pages/index/index' }, ErrCode.INVALID_PAGE, /^entry\.page: must not start with "\/"/],
    [{ sceneValue: 1047, path: 'x' }, ErrCode.INVALID_ARGS, /^entry\.path: is not a field of entry/],
    [{ sceneValue: 1047, page: 'pages/index/index?scene=x' }, ErrCode.INVALID_PAGE, /^entry\.page: must not carry query parameters; .* Pass the route without its query \(this\.route/],
    [{ scene_value: 1047 }, ErrCode.INVALID_ARGS, /^entry\.scene_value: is not a field of entry .*received number 1047\. Did you mean sceneValue\?/],
    [{ scene: 1047 }, ErrCode.INVALID_ARGS, /^entry\.scene: .* pass it as entry\.sceneValue/],
    ['1047', ErrCode.INVALID_ARGS, /^entry: must be an object \{sceneValue, page\?\}; received string "1047"/],
  ])('%p is refused naming the field, what came and the rule', (entry, errCode, message) => {
    expect(() => checkEntry(entry)).toThrow(expect.objectContaining({ errCode, errMsg: expect.stringMatching(message) }));
  });
});

describe('recording', () => {
  it('a misspelt key is refused, not ignored (the entry would silently go unrecorded); userInfo, which callFunction adds, is not', async () => {
    const { resolve } = setup();
    await expect(resolve('t=!1', 1047, 'oU1', T0, { Entry: { sceneValue: 1047 } })).resolves.toEqual({
      errCode: ErrCode.INVALID_ARGS,
      errMsg: expect.stringMatching(/^Entry: is not a known parameter; .* Did you mean entry\?/),
    });
    await expect(resolve('t=!1', 1047, 'oU1', T0, { userInfo: { appId: 'wx1', openId: 'oU1' } })).resolves.toMatchObject({ errCode: 0, recorded: true });
  });

  it('counts once within the window, again after it, in at most two requests; nothing for a trusted caller', async () => {
    const { entries, resolve, deps } = setup();
    await expect(resolve('t=!1', 1047, 'oU1', T0)).resolves.toMatchObject({ recorded: true });
    expect(entries.requests).toEqual({ countAgain: 1, insertFirst: 1 });
    await expect(resolve('t=!1', 1047, 'oU1', T0 + 29 * MIN)).resolves.toMatchObject({ recorded: false });
    await expect(resolve('t=!1', 1048, 'oU1', T0 + 31 * MIN)).resolves.toMatchObject({ recorded: true });
    expect(entries.requests).toEqual({ countAgain: 3, insertFirst: 2 });
    await expect(resolve('t=!1', 1047, undefined, T0 + 90 * MIN)).resolves.toMatchObject({ recorded: false });
    expect(entries.requests).toEqual({ countAgain: 3, insertFirst: 2 });

    const { rows } = (await handleAdminRequest({ action: 'stats', scene: 't=!1' }, deps, 'trusted')) as any;
    expect(rows).toEqual([{ scene: 't=!1', entries: 2, users: 1, newUsers: 1, bySceneValue: { 1047: 1, 1048: 1 }, byDay: { '2026-12-07': 1, '2026-12-08': 1 } }]);
    // who is new was worked out once and written back: asking again reads only the code's markers
    const asked = { ...entries.requests };
    await handleAdminRequest({ action: 'stats', scene: 't=!1' }, deps, 'trusted');
    expect(entries.requests.markersOfUsers).toBe(asked.markersOfUsers);
    expect(entries.requests.markersOf).toBe(asked.markersOf + 1);
    const since = (await handleAdminRequest({ action: 'stats', scene: 't=!1', since: '2026-12-08' }, deps, 'trusted')) as any;
    // the user entered in range but their first entry was before it: not new in that range
    expect(since.rows).toEqual([{ scene: 't=!1', entries: 1, users: 1, newUsers: 0, bySceneValue: { 1048: 1 }, byDay: { '2026-12-08': 1 } }]);
  });

  it('23:59:59 and 00:00:00 China time are two days; newUsers is the code of the first entry into the app, by any code', async () => {
    const { resolve, deps } = setup();
    const lastSecond = Date.UTC(2026, 11, 7, 15, 59, 59);
    const midnight = Date.UTC(2026, 11, 7, 16, 0, 0);
    await resolve('t=!1', 1047, 'oU1', lastSecond);
    await resolve('t=!1', 1048, 'oU2', midnight);
    await resolve('t=!2', 1011, 'oU1', midnight);
    const stats = async (scene: string, range: Record<string, string> = {}) => ((await handleAdminRequest({ action: 'stats', scene, ...range }, deps, 'trusted')) as any).rows[0];
    expect(await stats('t=!1')).toEqual({ scene: 't=!1', entries: 2, users: 2, newUsers: 2, bySceneValue: { 1047: 1, 1048: 1 }, byDay: { '2026-12-07': 1, '2026-12-08': 1 } });
    expect(await stats('t=!1', { until: '2026-12-07' })).toMatchObject({ entries: 1, users: 1, newUsers: 1, byDay: { '2026-12-07': 1 } });
    expect(await stats('t=!1', { since: '2026-12-08', until: '2026-12-08' })).toMatchObject({ entries: 1, users: 1, newUsers: 1, byDay: { '2026-12-08': 1 } });
    // oU1 came first by t=!1: by t=!2 a user, not a new one
    expect(await stats('t=!2')).toEqual({ scene: 't=!2', entries: 1, users: 1, newUsers: 0, bySceneValue: { 1011: 1 }, byDay: { '2026-12-08': 1 } });
  });

  it('a link whose page carries no scene: its entry is recorded under the link, the data empty', async () => {
    const { scenes, entries, deps } = setup();
    const recording: EntryRecording = { settings: readEntrySettings({}), store: entries, openid: () => 'oU9', entryKey: async () => KEY };
    await expect(handleResolveScene({ link: 'Lk9', entry: { sceneValue: 1194 } }, scenes, { now: T0, entries: recording })).resolves.toEqual({ errCode: 0, errMsg: 'ok', data: {}, recorded: true });
    const { rows } = (await handleAdminRequest({ action: 'stats', link: 'Lk9' }, deps, 'trusted')) as any;
    expect(rows).toEqual([{ scene: 'Lk9', kind: 'link', entries: 1, users: 1, newUsers: 1, bySceneValue: { 1194: 1 }, byDay: { '2026-12-07': 1 } }]);
    await expect(handleResolveScene({ link: 'a b', entry: { sceneValue: 1194 } }, scenes)).resolves.toEqual({ errCode: 40097, errMsg: expect.stringMatching(/^link: must be a link's short id/) });
    // stats for "that link": a team pastes the link itself, and is told where its id is
    await expect(handleAdminRequest({ action: 'stats', link: 'https://wxaurl.cn/bb956qWnNiE' }, deps, 'trusted')).resolves.toEqual({
      errCode: 40097,
      errMsg: expect.stringMatching(/^link: must be a link's short id.*received string "https:\/\/wxaurl\.cn\/bb956qWnNiE"\. Pass the link's id, not the link: linkId in the answer that made it \(wxl in its query\)/),
    });
  });

  it('the environment switch: off records nothing, stored leaves inline codes out; the window is configurable', async () => {
    const off = setup({ WXACODE_ENTRIES: 'off' });
    await expect(off.resolve('t=!1', 1047, 'oU1', T0)).resolves.toMatchObject({ errCode: 0, recorded: false });
    expect(off.entries.requests).toEqual({});
    const stored = setup({ WXACODE_ENTRIES: 'stored' });
    await expect(stored.resolve('t=!1', 1047, 'oU1', T0)).resolves.toMatchObject({ recorded: false });
    await expect(stored.resolve('t=!1', 1047, 'oU1', T0, { link: 'abc' })).resolves.toMatchObject({ recorded: true });
    const quick = setup({ WXACODE_ENTRY_DEDUPE_SECONDS: '60' });
    await quick.resolve('t=!1', 1047, 'oU1', T0);
    await expect(quick.resolve('t=!1', 1047, 'oU1', T0 + 2 * MIN)).resolves.toMatchObject({ recorded: true });
    expect(() => readEntrySettings({ WXACODE_ENTRIES: 'yes' })).toThrow(/WXACODE_ENTRIES: must be on, stored or off; received "yes"/);
    expect(() => readEntrySettings({ WXACODE_ENTRY_LOG_DAYS: '-1' })).toThrow(/WXACODE_ENTRY_LOG_DAYS: must be a whole number from 0 to 365/);
  });

  it('raw entries only when WXACODE_ENTRY_LOG_DAYS is set, dropped after it; the user is a keyed hash', async () => {
    const plain = setup();
    await plain.resolve('t=!1', 1047, 'oU1', T0);
    expect([...plain.entries.markers.values()][0]).not.toHaveProperty('log');
    const logged = setup({ WXACODE_ENTRY_LOG_DAYS: '7' });
    await logged.resolve('t=!1', 1047, 'oU1', T0);
    await logged.resolve('t=!1', 1048, 'oU1', T0 + 8 * 86_400_000);
    const marker = [...logged.entries.markers.values()][0];
    expect(marker.user).toBe(hashUser(KEY, 'oU1'));
    expect(JSON.stringify(marker)).not.toContain('oU1');
    expect(marker.log).toEqual([{ at: T0, sceneValue: 1047 }, { at: T0 + 8 * 86_400_000, sceneValue: 1048 }]);
    expect(await logged.entries.dropRawEntriesBefore(T0 + 86_400_000)).toBe(1);
    expect([...logged.entries.markers.values()][0].log).toEqual([{ at: T0 + 8 * 86_400_000, sceneValue: 1048 }]);
    expect(hashUser(entryKeyOf('another-secret-of-32-characters!!!'), 'oU1')).not.toBe(marker.user);
    // a user's request to be forgotten
    await expect(handleAdminRequest({ action: 'forgetUser', openid: 'oU1' }, logged.deps, 'trusted')).resolves.toEqual({ errCode: 0, errMsg: 'ok', removed: 1 });
    expect(logged.entries.markers.size).toBe(0);
  });
});

describe('活码 in the core', () => {
  it('update, disable, enable, history; a disabled code is not recorded', async () => {
    const { scenes, entries, resolve, deps } = setup();
    const prepared = await sceneFromEvent({ sceneData: { table: 12 }, sceneMode: 'stored' }, scenes, { secret: SECRET });
    const scene = prepared!.scene;
    expect(await handleAdminRequest({ action: 'update', scene, data: { table: 12, menu: 'winter' }, page: 'pages/menu/menu' }, deps, 'http token 1')).toMatchObject({ errCode: 0 });
    await expect(resolve(scene, 1047, 'oU1', T0)).resolves.toEqual({ errCode: 0, errMsg: 'ok', data: { table: 12, menu: 'winter' }, page: 'pages/menu/menu', recorded: true });
    // preparing the same data again (a reprint) keeps the change
    await sceneFromEvent({ sceneData: { table: 12 }, sceneMode: 'stored', ttlSeconds: 3600 }, scenes, { secret: SECRET, now: T0 });
    await expect(resolve(scene, 1047, 'oU2', T0)).resolves.toMatchObject({ data: { menu: 'winter' } });
    await handleAdminRequest({ action: 'disable', scene, message: '活动已结束' }, deps, 'trusted');
    const before = { ...entries.requests };
    await expect(resolve(scene, 1047, 'oU3', T0)).resolves.toEqual({ errCode: -700005, errMsg: '活动已结束' });
    expect(entries.requests).toEqual(before);
    await handleAdminRequest({ action: 'enable', scene }, deps, 'trusted');
    const history = (await handleAdminRequest({ action: 'history', scene }, deps, 'trusted')) as any;
    expect(history.history.map((h: any) => [h.action, h.actor])).toEqual([['update', 'http token 1'], ['disable', 'trusted'], ['enable', 'trusted']]);
  });

  it('an expired code is refused before anything changes (scans would keep answering -700002), naming when it expired', async () => {
    const { scenes, deps, resolve } = setup();
    const prepared = await sceneFromEvent({ sceneData: { table: 9 }, sceneMode: 'stored', ttlSeconds: 60 }, scenes, { secret: SECRET, now: T0 - 2 * MIN });
    const scene = prepared!.scene;
    for (const event of [{ action: 'update', scene, data: { table: 10 } }, { action: 'disable', scene, message: '活动已结束' }, { action: 'enable', scene }]) {
      await expect(handleAdminRequest(event, deps, 'trusted')).resolves.toEqual({
        errCode: ErrCode.SCENE_KEY_EXPIRED,
        errMsg: expect.stringMatching(/^scene: @\S+ expired at 2026-12-07T15:58:00\.000Z .* Make a new code with wxacodeGetUnlimited/),
      });
    }
    expect(await scenes.history(scene)).toEqual([]);
    await expect(resolve(scene, 1047, 'oU1', T0)).resolves.toMatchObject({ errCode: ErrCode.SCENE_KEY_EXPIRED });
  });

  it.each([
    [{ action: 'update', scene: 't=!1', page: 'pages/menu/menu' }, 40097, /^scene: update needs a stored scene .* Make 活码 with sceneMode: 'stored'/],
    [{ action: 'update', scene: '@AAAAAAAAAAAAAAAAAAAAAA' }, 40097, /^data, page: update needs new data, a new page, or both/],
    [{ action: 'update', scene: '@AAAAAAAAAAAAAAAAAAAAAA', page: '' }, ErrCode.INVALID_PAGE, /^page: must not be empty; .* leave page out to keep the page the code lands on/],
    [{ action: 'update', scene: '@AAAAAAAAAAAAAAAAAAAAAA', page: 'pages/secret/secret' }, -700104, /^page: must be one of this app's pages/],
    [{ action: 'update', scene: '@AAAAAAAAAAAAAAAAAAAAAA', page: 'pages/menu/menu' }, -700001, /^scene: no data is stored for @AAAA/],
    [{ action: 'disable', scene: '@AAAAAAAAAAAAAAAAAAAAAA' }, 40097, /^message: must be the text users see, 1-200 characters; received nothing/],
    [{ action: 'stats' }, 40097, /^scene, link, jobId, label: pass one of scene, link or jobId/],
    [{ action: 'stats', scene: 't=!1', since: '2026-13-01' }, 40097, /^since: must be a China-time date YYYY-MM-DD/],
    // a mistyped key: refused rather than answered with zeros that read as "nobody scanned it"
    [{ action: 'stats', scene: '@AAAAAAAAAAAAAAAAAAAAAA' }, -700001, /^scene: no code with the stored scene @A{22} is in this environment .* batch manifest's scene column/],
    // the page's hint ("open the page by scanning…") means nothing to staff
    [{ action: 'stats', scene: '@bad' }, -700003, /^scene: starts with @ like a stored key .*received string "@bad"\. Pass the code's scene as the batch manifest's scene column/],
    // copied from manifest.csv, where a cell starting with @ gets a ' so spreadsheets keep it text
    [{ action: 'stats', scene: "'@AAAAAAAAAAAAAAAAAAAAAA" }, 40097, /^scene: must be the scene without the ' that manifest\.csv puts .*received string "'@A{22}"\. Pass "@A{22}"/],
    [{ action: 'disable', scene: "'@AAAAAAAAAAAAAAAAAAAAAA", message: 'x' }, 40097, /^scene: must be the scene without the '/],
    [{ action: 'update', scene: '', page: 'pages/menu/menu' }, -700003, /^scene: is empty\. Pass the code's scene as the batch manifest's/],
    [{ action: 'stats', scene: 't=!1', since: '2026-12-08', until: '2026-12-01' }, 40097, /^since: must not be after until \(2026-12-01\): both days are inclusive; received string "2026-12-08"\. Swap them/],
    [{ action: 'drop' }, 40097, /^action: must be one of stats, update, disable, enable, history, entryOf, forgetUser; received string "drop"/],
    [{ action: 'forgetUser' }, 40097, /^openid: must be the user's openid/],
    // a misspelt key would otherwise be ignored: stats of every day, or of no job, reported as right
    [{ action: 'stats', scene: 't=!1', Since: '2026-12-08' }, 40097, /^Since: is not a known parameter; received string "2026-12-08"\. Did you mean since\?/],
    [{ action: 'stats', job_id: 'j1' }, 40097, /^job_id: is not a known parameter; received string "j1"\. Did you mean jobId\? Cloud functions take camelCase keys/],
    [{ action: 'enable', scene: '@AAAAAAAAAAAAAAAAAAAAAA', message: 'x' }, 40097, /^message: is not a known parameter; .* \{action: "enable"\} takes only: action, scene, jobId, label/],
  ])('%p is refused: %p', async (event, errCode, message) => {
    const { deps } = setup();
    await expect(handleAdminRequest(event, deps, 'trusted')).resolves.toEqual({ errCode, errMsg: expect.stringMatching(message) });
  });
});
