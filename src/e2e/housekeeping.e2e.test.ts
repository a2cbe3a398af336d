import { fakeClock } from '../emulator/testing/fake-clock';
import { startFunctionsEmulator, type FunctionsEmulator } from './functions-emulator';
import { httpJson } from './loopback-http';

/** One new code a second per user, so each call below opens a rate window that is over a second later. */
let emu: FunctionsEmulator;
beforeAll(async () => {
  emu = await startFunctionsEmulator({ functionEnv: { WXACODE_RATE_LIMIT: '1/1' } });
});
afterAll(() => emu?.dispose());
afterEach(() => expect(emu.blocked()).toEqual([]));

const documents = (collection: string) => (emu.emulator.state.database.documents(collection) ?? []) as Record<string, unknown>[];

test('the timer drops finished rate windows and keeps live data', async () => {
  for (const user of ['oA', 'oB']) expect(await emu.result('wxacodeGetUnlimited', { scene: `u=${user}` }, user)).toMatchObject({ errCode: 0 });
  const stored = await emu.result('wxacodeGetUnlimited', { sceneData: { note: '长期有效的场景数据'.repeat(3) } }, 'oC');
  expect(stored).toMatchObject({ errCode: 0, sceneMode: 'stored' });
  expect(documents('wxacode_rate_limits')).toHaveLength(3);
  const scenesBefore = documents('wxacode_scenes').length;

  await new Promise((resolve) => setTimeout(resolve, 1100)); // let the one-second windows end
  // a timer trigger carries no user: invoked as the platform does, without WX context
  const run = await emu.emulator.runner.invoke('wxacodeHousekeeping', {});
  expect(run).toMatchObject({ status: 'ok', result: { errCode: 0, errMsg: 'ok', removed: { rateWindows: 3, scenePayloads: 0 } } });
  expect(documents('wxacode_rate_limits')).toHaveLength(0);
  expect(documents('wxacode_scenes')).toHaveLength(scenesBefore);
  expect(await emu.result('wxacodeResolveScene', { scene: stored.scene })).toMatchObject({ errCode: 0, data: { note: '长期有效的场景数据'.repeat(3) } });
});

test('a mini program user cannot run it', async () => {
  expect(await emu.result('wxacodeHousekeeping', {}, 'oCurious')).toEqual({ errCode: -700101, errMsg: expect.stringContaining('timer trigger') });
});

describe('run as CloudBase runs it, in the emulator', () => {
  let timed: FunctionsEmulator;
  // the scheduler's clock, moved by the test: no waiting for the top of the hour
  const clock = fakeClock(Date.parse('2026-11-24T03:58:00Z'));
  beforeAll(async () => {
    timed = await startFunctionsEmulator({
      functionEnv: { WXACODE_RATE_LIMIT: '1/1' },
      emulator: { timerTriggers: { schedule: true, clock, log: () => undefined } },
    });
  });
  afterAll(() => timed?.dispose());
  afterEach(() => expect(timed.blocked()).toEqual([]));

  const rateWindows = () => (timed.emulator.state.database.documents('wxacode_rate_limits') ?? []).length;
  async function finishedRateWindow(user: string) {
    expect(await timed.result('wxacodeGetUnlimited', { scene: `u=${user}` }, user)).toMatchObject({ errCode: 0 });
    await new Promise((resolve) => setTimeout(resolve, 1100)); // let the one-second window end
  }
  async function until<T>(probe: () => T | undefined, what: string): Promise<T> {
    for (let waited = 0; waited < 30_000; waited += 50) {
      const value = probe();
      if (value !== undefined) return value;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`gave up waiting for ${what}`);
  }

  it('its hourly timer from config.json fires at the top of the hour with a timer event and no user', async () => {
    await finishedRateWindow('oTimer');
    // wxacodeBatch's timer (restarting stalled batch jobs) fires at the same minute
    expect(timed.emulator.timers.triggers()).toEqual([
      { functionName: 'wxacodeBatch', name: 'hourly', cron: '0 0 * * * * *', next: '2026-11-24T04:00:00.000Z' },
      { functionName: 'wxacodeHousekeeping', name: 'hourly', cron: '0 0 * * * * *', next: '2026-11-24T04:00:00.000Z' },
    ]);
    clock.advance(60_000); // 03:59: not yet
    expect(timed.emulator.timers.runs()).toEqual([]);
    clock.advance(60_000); // 04:00
    const run = await until(() => timed.emulator.timers.runs().find((r) => r.functionName === 'wxacodeHousekeeping'), 'the timer run');
    expect(run).toMatchObject({
      functionName: 'wxacodeHousekeeping',
      triggerName: 'hourly',
      by: 'schedule',
      event: { Type: 'Timer', TriggerName: 'hourly', Time: '2026-11-24T04:00:00Z', Message: '' },
      outcome: { status: 'ok', result: { errCode: 0, errMsg: 'ok', removed: { rateWindows: 1, scenePayloads: 0 } } },
    });
    expect(rateWindows()).toBe(0);
    expect(timed.emulator.timers.triggers().find((t) => t.functionName === 'wxacodeHousekeeping')?.next).toBe('2026-11-24T05:00:00.000Z');
  });

  it('POST /_emulator/triggers/wxacodeHousekeeping fires it now (with or without the trigger name)', async () => {
    await finishedRateWindow('oManual');
    const fired = await httpJson(`${timed.url}/_emulator/triggers/wxacodeHousekeeping`, { method: 'POST', body: {} });
    expect(fired).toMatchObject({
      status: 200,
      body: { result: { errCode: 0, removed: { rateWindows: 1 } }, event: { Type: 'Timer', TriggerName: 'hourly' } },
    });
    expect(rateWindows()).toBe(0);
    const named = await httpJson(`${timed.url}/_emulator/triggers/wxacodeHousekeeping/hourly`, { method: 'POST', body: {} });
    expect(named).toMatchObject({ status: 200, body: { result: { errCode: 0, removed: { rateWindows: 0 } } } });
    const unknown = await httpJson(`${timed.url}/_emulator/triggers/wxacodeGet`, { method: 'POST', body: {} });
    expect(unknown).toMatchObject({ status: 404, body: { errCode: -501000, errMsg: expect.stringContaining('wxacodeHousekeeping/hourly') } });
    const listed = await httpJson(`${timed.url}/_emulator/triggers`);
    expect(listed.status).toBe(200);
    expect(listed.body.triggers).toEqual([
      expect.objectContaining({ functionName: 'wxacodeBatch', name: 'hourly', cron: '0 0 * * * * *' }),
      expect.objectContaining({ functionName: 'wxacodeHousekeeping', name: 'hourly', cron: '0 0 * * * * *' }),
    ]);
    expect(listed.body.problems).toEqual([]);
    expect(listed.body.runs.slice(-2).map((r: { by: string; triggerName: string }) => `${r.by}:${r.triggerName}`)).toEqual(['manual:hourly', 'manual:hourly']);
  });

  it('POST /callFunction with x-wx-caller: trusted runs it as a server-side caller; a user is still refused', async () => {
    await finishedRateWindow('oTrusted');
    const trusted = await httpJson(`${timed.url}/callFunction`, { method: 'POST', headers: { 'x-wx-caller': 'trusted' }, body: { name: 'wxacodeHousekeeping', data: {} } });
    expect(trusted).toMatchObject({ status: 200, body: { result: { errCode: 0, errMsg: 'ok', removed: { rateWindows: 1 } } } });
    expect(await timed.result('wxacodeHousekeeping', {}, 'oCurious')).toMatchObject({ errCode: -700101 });
  });
});

test('the timer drops the documents of links expired over a day ago, never a live or a permanent one', async () => {
  const live = await emu.result('wxacodeUrlLink', { query: 'housekeeping=1' });
  expect(live).toMatchObject({ errCode: 0, cached: false });
  const now = Date.now();
  const planted = [
    { _id: 'expired-two-days-ago', api: 'urllink.generate', link: 'https://wxaurl.cn/OLD', expiresAt: now - 2 * 86_400_000, madeAt: now - 32 * 86_400_000, makingSince: 0 },
    { _id: 'permanent', api: 'shortlink.generate', link: '#小程序://示例/永久/abc', expiresAt: null, madeAt: now - 400 * 86_400_000, makingSince: 0 },
  ];
  await emu.emulator.state.database.insert('wxacode_links', planted);
  const run = await emu.emulator.runner.invoke('wxacodeHousekeeping', {});
  expect(run).toMatchObject({ status: 'ok', result: { errCode: 0, errMsg: 'ok', removed: { expiredLinks: 1 } } });
  expect(documents('wxacode_links').map((d) => d.link).sort()).toEqual(['#小程序://示例/永久/abc', live.urlLink].sort());
});
