import { httpRequest } from './loopback-http';
import { startFunctionsEmulator, type FunctionsEmulator } from './functions-emulator';

/** The built functions against hostile input and WeChat outages (issue: nothing blocks, nothing is charged twice). */
let emu: FunctionsEmulator;
beforeAll(async () => {
  emu = await startFunctionsEmulator({ emulator: { maxInstancesPerFunction: 1 } });
});
afterAll(() => emu?.dispose());
beforeEach(() => emu.reset());
afterEach(() => expect(emu.blocked()).toEqual([]));

it('a user who saw 35 failures during a WeChat outage (100 % -1) still gets a code once it ends', async () => {
  await emu.setFaults({ systemErrorRate: 1 });
  const during: number[] = [];
  for (let i = 0; i < 35; i++) during.push((await emu.result('wxacodeGetUnlimited', { scene: `outage=${i}` }, 'oUnlucky')).errCode);
  expect(during).toEqual(Array(35).fill(-1));
  await emu.setFaults({ systemErrorRate: 0 });
  expect(await emu.result('wxacodeGetUnlimited', { scene: 'after=outage' }, 'oUnlucky')).toMatchObject({ errCode: 0, cached: false });
}, 240_000);

it('after 4 poison events (4,500 levels deep), the next 20 normal calls all succeed', async () => {
  const poison = JSON.stringify({ name: 'wxacodeGetUnlimited', data: { x: 0 } }).replace('0', `${'['.repeat(4500)}${']'.repeat(4500)}`);
  const poisonStatuses: number[] = [];
  for (let i = 0; i < 4; i++) {
    const reply = await httpRequest(`${emu.url}/callFunction`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: poison });
    poisonStatuses.push(reply.status);
  }
  const normal: unknown[] = [];
  for (let i = 0; i < 20; i++) {
    const { status, body } = await emu.callFunction('wxacodeGetUnlimited', { scene: `after=${i}` }, 'oPoisoned');
    normal.push(status === 200 ? body.result.errCode : `${status} ${body.errMsg}`);
  }
  expect(normal).toEqual(Array(20).fill(0));
  // refused at the gateway as too deep, before any instance
  expect(poisonStatuses).toEqual([413, 413, 413, 413]);
}, 120_000);
