import { DEFAULT_FAULTS } from '../wechat/faults';
import { startTestEmulator, type TestEmulator } from '../testing/test-emulator';

let emu: TestEmulator;
beforeAll(async () => {
  emu = await startTestEmulator();
});
afterAll(() => emu.dispose());

const json = async (res: Response) => ({ status: res.status, body: (await res.json()) as any });

describe('control API', () => {
  it('reports health', async () => {
    expect(await json(await fetch(`${emu.url}/healthz`))).toEqual({ status: 200, body: { status: 'ok' } });
  });

  it('reads and patches faults, refusing bad values with the reason', async () => {
    const put = (body: string) => fetch(`${emu.url}/_emulator/faults`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body });
    expect((await json(await put('{"latencyMs": 5}'))).body).toMatchObject({ latencyMs: 5 });
    expect((await json(await fetch(`${emu.url}/_emulator/faults`))).body).toMatchObject({ latencyMs: 5 });
    const bad = await json(await put('{"latencyMs": -1}'));
    expect(bad.status).toBe(400);
    expect(bad.body.error).toContain('latencyMs');
    expect((await json(await put('not json'))).status).toBe(400);
  });

  it('lists WeChat calls and resets data, calls and faults', async () => {
    await emu.sdk('getUnlimited', { params: { scene: 's' } });
    await emu.sdk('createCollection', { name: 'kept' });
    const calls = await json(await fetch(`${emu.url}/_emulator/wechat/calls`));
    expect(calls.body.calls).toMatchObject([{ api: 'wxacode.getUnlimited', params: { scene: 's' }, via: 'cloud' }]);

    expect((await json(await fetch(`${emu.url}/_emulator/reset`, { method: 'POST', headers: { 'content-type': 'application/json' } }))).body).toEqual({ reset: true });
    expect((await json(await fetch(`${emu.url}/_emulator/wechat/calls`))).body.calls).toEqual([]);
    expect((await json(await fetch(`${emu.url}/_emulator/faults`))).body.latencyMs).toBe(0);
    const add = await emu.sdk('add', { collection: 'kept', data: {} });
    expect(add.errCode).toBe(-502005);
  });

  it('takes only its own fault settings, and reset restores exactly the defaults', async () => {
    const put = (body: string) => fetch(`${emu.url}/_emulator/faults`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body });
    for (const key of ['hasOwnProperty', 'constructor', 'toString', '__proto__']) {
      const refused = await json(await put(`{"${key}": {"force45009": true}}`));
      expect(refused.status).toBe(400);
      expect(refused.body.error).toContain(`unknown fault setting "${key}"`);
    }
    await put('{"force45029": true, "latencyMs": 3}');
    await fetch(`${emu.url}/_emulator/reset`, { method: 'POST', headers: { 'content-type': 'application/json' } });
    expect((await json(await fetch(`${emu.url}/_emulator/faults`))).body).toEqual(DEFAULT_FAULTS);
  });

  it('lists endpoints on an unknown control path', async () => {
    const res = await json(await fetch(`${emu.url}/_emulator/nope`));
    expect(res.status).toBe(404);
    expect(res.body.error).toContain('POST /_emulator/reset');
  });
});
