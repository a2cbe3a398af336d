/**
 * Raw entries, when a team turns them on (WXACODE_ENTRY_LOG_DAYS): kept in the same two requests per entry, and
 * dropped by wxacodeHousekeeping after that many days. The built functions, the real wx-server-sdk, the emulator.
 */
import { startFunctionsEmulator, type FunctionsEmulator } from './functions-emulator';
import { startCountingProxy, type CountingProxy } from './testing/counting-proxy';

let proxy: CountingProxy;
let emu: FunctionsEmulator;
const DAY = 86_400_000;

beforeAll(async () => {
  proxy = await startCountingProxy();
  emu = await startFunctionsEmulator({
    // no dedupe window, so a second entry at once is counted (and logged) again
    functionEnv: { WXACODE_ENTRY_LOG_DAYS: '2', WXACODE_ENTRY_DEDUPE_SECONDS: '0' },
    emulator: { functionsAdminUrl: proxy.adminUrl, maxInstancesPerFunction: 1 },
  });
  proxy.target(emu.emulator.adminUrl);
});
afterAll(async () => {
  await emu?.dispose();
  await proxy?.close();
});

const markers = () => (emu.emulator.state.database.documents('wxacode_entries') ?? []) as Record<string, any>[];

test('raw entries ride in the same requests, and housekeeping drops those past the retention', async () => {
  const enter = (sceneValue: number) => emu.result('wxacodeResolveScene', { scene: 't=!5', entry: { sceneValue, page: 'pages/index/index' } }, 'oLogUser0000000000000000001');
  expect(await enter(1047)).toMatchObject({ recorded: true });
  proxy.take();
  expect(await enter(1048)).toMatchObject({ recorded: true });
  // the counted re-entry: one conditional update, the raw entry pushed in it
  expect(proxy.take()).toEqual({ 'database.modifyDocument': 1 });
  const [marker] = markers();
  expect(marker.log.map((e: { sceneValue: number; page: string }) => [e.sceneValue, e.page])).toEqual([[1047, 'pages/index/index'], [1048, 'pages/index/index']]);
  expect(marker.logFrom).toBe(marker.log[0].at);

  // three days pass for the first entry only
  const db = emu.emulator.state.database;
  const old = marker.log[0].at - 3 * DAY;
  await db.replaceAt('wxacode_entries', [{ index: 0, doc: { ...marker, log: [{ ...marker.log[0], at: old }, marker.log[1]], logFrom: old } }]);
  const run = await emu.emulator.runner.invoke('wxacodeHousekeeping', {});
  expect(run).toMatchObject({ status: 'ok', result: { errCode: 0, removed: { rawEntries: 1 } } });
  expect(markers()[0].log.map((e: { sceneValue: number }) => e.sceneValue)).toEqual([1048]);
  expect(markers()[0]).toMatchObject({ entries: 2, logFrom: marker.log[1].at });
});
