import { DEFAULT_OPENID } from '../server';
import { blockedConnections, FIXTURE_FUNCTIONS, startTestEmulator, type TestEmulator } from '../testing/test-emulator';

let emu: TestEmulator;
beforeAll(async () => {
  emu = await startTestEmulator({ appid: 'wxTestAppid00001' });
});
afterAll(() => emu.dispose());
afterEach(() => expect(blockedConnections(emu.functionLogs)).toEqual([]));

describe('POST /callFunction (wx.cloud.callFunction)', () => {
  it('resolves {result, requestID} with the caller from x-wx-openid injected like CloudBase does', async () => {
    const { status, body } = await emu.callFunction('echo', { scene: 'a=1' }, 'oCaller123');
    expect(status).toBe(200);
    expect(body.requestID).toEqual(expect.any(String));
    expect(body.result.event).toEqual({ scene: 'a=1', userInfo: { appId: 'wxTestAppid00001', openId: 'oCaller123' } });
    expect(body.result.wxContext).toMatchObject({ OPENID: 'oCaller123', APPID: 'wxTestAppid00001', ENV: emu.envId, SOURCE: 'wx_client' });
    expect(body.result.requestId).toBe(body.requestID);
  });

  it('uses the default openid when no header is sent', async () => {
    const { body } = await emu.callFunction('echo', {});
    expect(body.result.wxContext.OPENID).toBe(DEFAULT_OPENID);
  });

  it('answers 404 naming the function and the folder for an unknown function', async () => {
    const { status, body } = await emu.callFunction('missingFn', {});
    expect(status).toBe(404);
    expect(body.errCode).toBe(-501000);
    expect(body.errMsg).toContain('"missingFn"');
    expect(body.errMsg).toContain(FIXTURE_FUNCTIONS);
  });

  it('answers -504002 when the function throws', async () => {
    const { status, body } = await emu.callFunction('throws', { why: 'nope' });
    expect(status).toBe(500);
    expect(body).toMatchObject({ errCode: -504002, errMsg: 'cloud.callFunction:fail -504002 functions execute fail. Error: boom: nope' });
  });

  it('rejects a malformed request body', async () => {
    const res = await fetch(`${emu.url}/callFunction`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"data":{}}' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { errMsg: string }).errMsg).toContain('"name"');
    const notObject = await emu.callFunction('echo', [1, 2]);
    expect(notObject.status).toBe(400);
  });
});

describe('cloud.callFunction from inside a function (functions.invokeFunction)', () => {
  it('returns the callee result', async () => {
    const { body } = await emu.callFunction('caller', { target: 'echo', data: { x: 1 } });
    expect(body.result.errMsg).toBe('callFunction:ok');
    expect(body.result.result.event).toEqual({ x: 1 });
    expect(body.result.result.wxContext).toMatchObject({ APPID: 'wxTestAppid00001', SOURCE: 'scf' });
  });

  it('fails with the callee error, and for an unknown callee', async () => {
    const thrown = (await emu.callFunction('caller', { target: 'throws', data: {} })).body.result;
    expect(thrown.failed).toBe(true);
    expect(thrown.errMsg).toContain('Error: boom: no reason');
    const missing = (await emu.callFunction('caller', { target: 'ghost', data: {} })).body.result;
    expect(missing.failed).toBe(true);
    expect(missing.errMsg).toContain('function "ghost" not found');
  });
});

describe('POST /callFunction with x-wx-caller: trusted (a server-side caller: another function, the console)', () => {
  const trustedCall = (name: string, data: unknown, headers: Record<string, string> = {}) =>
    fetch(`${emu.url}/callFunction`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-wx-caller': 'trusted', ...headers },
      body: JSON.stringify({ name, data }),
    }).then(async (res) => ({ status: res.status, body: (await res.json()) as any }));

  it('gives the function no user: no OPENID in getWXContext(), no userInfo in the event, as another function would', async () => {
    const { status, body } = await trustedCall('echo', { x: 1 });
    expect(status).toBe(200);
    expect(body.result.event).toEqual({ x: 1 });
    expect(body.result.wxContext).toMatchObject({ APPID: 'wxTestAppid00001', ENV: emu.envId, SOURCE: 'scf' });
    expect(body.result.wxContext.OPENID).toBeUndefined();
  });

  it('does not leak a previous user into a warm instance', async () => {
    await emu.callFunction('echo', {}, 'oSomeoneBefore');
    const { body } = await trustedCall('echo', {});
    expect(body.result.wxContext.OPENID).toBeUndefined();
  });

  it('refuses another value, and a user header alongside it, saying what to do', async () => {
    const other = await trustedCall('echo', {}, { 'x-wx-caller': 'admin' });
    expect(other).toMatchObject({ status: 400, body: { errCode: -501007, errMsg: expect.stringContaining('x-wx-caller must be "trusted"') } });
    const both = await trustedCall('echo', {}, { 'x-wx-openid': 'oUser' });
    expect(both).toMatchObject({ status: 400, body: { errCode: -501007, errMsg: expect.stringContaining('drop x-wx-openid') } });
  });
});

describe('events the platform cannot deliver', () => {
  // {"data":{"x":[[[[…]]]]}}: parses fine, but JSON.stringify overflows the stack while sending it to the instance
  const poisonBody = (levels: number) => `{"name":"echo","data":{"x":${'['.repeat(levels)}${']'.repeat(levels)}}}`;
  let single: TestEmulator;
  beforeAll(async () => {
    single = await startTestEmulator({ maxInstancesPerFunction: 1 });
  });
  afterAll(() => single.dispose());

  it('refuses a too-deep event before any instance is taken; after 4 of them, 20 normal calls all succeed', async () => {
    const poisoned = [];
    for (let i = 0; i < 4; i++) {
      const res = await fetch(`${single.url}/callFunction`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: poisonBody(4500) });
      poisoned.push({ status: res.status, body: (await res.json()) as any });
    }
    for (const { status, body } of poisoned) {
      expect(status).toBe(413);
      expect(body.errMsg).toContain('nested more than 256 levels');
    }
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) statuses.push((await single.callFunction('echo', { i })).status);
    expect(statuses).toEqual(Array(20).fill(200));
    expect(single.runner.instances().every((i) => !i.busy)).toBe(true);
    // nothing of the refused events lingers where it would have to be serialized again (the UI's activity log)
    expect((await fetch(`${single.url}/_emulator/activity`)).status).toBe(200);
  });

  it('refuses an event over 6 MB as JSON, naming the limit', async () => {
    const outcome = await single.runner.invoke('echo', { blob: 'x'.repeat(6 * 1024 * 1024) });
    expect(outcome).toEqual({ status: 'refused', message: expect.stringContaining('6 MB') });
  });
});
