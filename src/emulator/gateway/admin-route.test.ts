import { startTestEmulator, type TestEmulator } from '../testing/test-emulator';

let emu: TestEmulator;
beforeAll(async () => {
  emu = await startTestEmulator();
});
afterAll(() => emu.dispose());

const postJson = (body: string, query = '') =>
  fetch(`${emu.adminUrl}${query}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

describe('/admin gateway', () => {
  it('answers an unknown action with a JSON INVALID_PARAM error listing what is supported', async () => {
    const res = await postJson(JSON.stringify({ action: 'database.nope' }));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { message: string };
    expect(body).toMatchObject({ code: 'INVALID_PARAM', requestId: expect.any(String) });
    expect(body.message).toContain('unknown action "database.nope"');
    expect(body.message).toContain('storage.getUploadMetadata');
  });

  it('answers a body that is not JSON, or has no action, with INVALID_PARAM', async () => {
    expect(await (await postJson('{oops')).json()).toMatchObject({ code: 'INVALID_PARAM', message: 'request body is not valid JSON' });
    expect(await (await postJson('{}')).json()).toMatchObject({ code: 'INVALID_PARAM', message: 'missing "action" in request body' });
    expect(await (await postJson('[1]')).json()).toMatchObject({ code: 'INVALID_PARAM' });
  });

  it('refuses another env by name', async () => {
    const body = (await (await postJson(JSON.stringify({ action: "database.getDocument" }), "?env=other-env")).json()) as { message: string };
    expect(body).toMatchObject({ code: 'INVALIID_ENV' });
    expect(body.message).toContain(emu.envId);
  });

  it('refuses GET', async () => {
    const body = await (await fetch(emu.adminUrl)).json();
    expect(body).toMatchObject({ code: 'INVALID_PARAM', message: expect.stringContaining('GET') });
  });

  it('wraps a successful action in {requestId, data}', async () => {
    const res = await postJson(JSON.stringify({ action: 'database.addCollection', collectionName: 'raw' }));
    expect(await res.json()).toEqual({ requestId: expect.any(String), data: {} });
  });

  it('rejects a bad collection name clearly', async () => {
    const body = await (await postJson(JSON.stringify({ action: 'database.addCollection', collectionName: '../x' }))).json();
    expect(body).toMatchObject({ code: 'INVALID_PARAM', message: expect.stringContaining('collectionName') });
  });
});
