import { startFunctionsEmulator, type FunctionsEmulator } from './functions-emulator';

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
