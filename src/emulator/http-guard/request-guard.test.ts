import { request } from 'node:http';
import { startTestEmulator, type TestEmulator } from '../testing/test-emulator';
import { checkRequest, normalizePath } from './request-guard';

const options = { port: 8787, nonJsonPrefixes: ['/admin', '/cos/'] };
const check = (method: string, rawUrl: string, headers: Record<string, string>) => checkRequest({ method, rawUrl, headers }, options);

describe('request guard (every route)', () => {
  it.each(['127.0.0.1:8787', 'localhost:8787', '[::1]:8787', 'LOCALHOST:8787'])('accepts the loopback Host %s', (host) => {
    expect(check('GET', '/healthz', { host })).toMatchObject({ ok: true });
  });

  it.each(['evil.example:8787', '127.0.0.1', '127.0.0.1:80', 'localhost.evil.example:8787', '127.0.0.2:8787'])('refuses Host %s with 403 saying why', (host) => {
    const verdict = check('GET', '/healthz', { host });
    expect(verdict).toMatchObject({ ok: false, status: 403 });
    expect(!verdict.ok && verdict.reason).toContain('answers only 127.0.0.1:8787, localhost:8787, [::1]:8787');
  });

  it.each(['https://evil.example', 'null', 'http://127.0.0.1:3000', 'http://localhost:8787.evil.example'])('refuses a request from Origin %s', (origin) => {
    const verdict = check('POST', '/_emulator/reset', { host: '127.0.0.1:8787', origin, 'content-type': 'application/json' });
    expect(verdict).toMatchObject({ ok: false, status: 403 });
    expect(!verdict.ok && verdict.reason).toContain('cross-site request refused');
  });

  it('lets the emulator\'s own pages in, reading and changing state', () => {
    expect(check('GET', '/_emulator/faults', { host: 'localhost:8787', origin: 'http://localhost:8787', 'sec-fetch-site': 'same-origin' })).toMatchObject({ ok: true });
    expect(check('PUT', '/_emulator/faults', { host: '127.0.0.1:8787', origin: 'http://127.0.0.1:8787', 'content-type': 'application/json; charset=utf-8' })).toMatchObject({ ok: true });
  });

  it('refuses a state change a browser marked cross-site, even without Origin', () => {
    expect(check('POST', '/callFunction', { host: '127.0.0.1:8787', 'sec-fetch-site': 'cross-site', 'content-type': 'application/json' })).toMatchObject({ ok: false, status: 403 });
  });

  it.each(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x'])(
    'refuses a state change sent as %s (what a page may send anywhere without a preflight)',
    (type) => {
      const verdict = check('POST', '/_emulator/reset', { host: '127.0.0.1:8787', 'content-type': type });
      expect(verdict).toMatchObject({ ok: false, status: 403 });
      expect(!verdict.ok && verdict.reason).toContain('needs Content-Type: application/json');
    },
  );

  it('leaves the SDK\'s multipart /admin and COS uploads to their routes', () => {
    expect(check('POST', '/admin?env=x', { host: '127.0.0.1:8787', 'content-type': 'multipart/form-data; boundary=x' })).toMatchObject({ ok: true });
    expect(check('PUT', '/cos/upload/t', { host: '127.0.0.1:8787' })).toMatchObject({ ok: true });
  });
});

describe('paths', () => {
  it.each(['/cos/%2e%2e/admin', '/cos/%2E%2E/admin', '/cos/.%2e/admin', '/cos/../admin', '/a/./b', '/cos\\..\\admin', '/cos%2fadmin', '/x%zz', 'http://evil.example/admin'])(
    'refuses %s rather than resolving it',
    (raw) => {
      expect(normalizePath(raw)).toEqual({ problem: expect.any(String) });
    },
  );

  it('never reads a path as a host, whatever it starts with', () => {
    const host = { host: '127.0.0.1:8787' };
    const verdict = check('GET', '//admin', host);
    expect(verdict.ok && verdict.url.pathname).toBe('//admin');
    expect(verdict.ok && verdict.url.host).toBe('127.0.0.1:8787');
    for (const raw of ['//%5B', '//[', '//a:b@c', '/%00/x']) expect(() => check('GET', raw, host)).not.toThrow();
  });

  it('matches a path after decoding what decoding cannot change', () => {
    expect(normalizePath('/callFunctio%6E?x=%2F')).toEqual({ pathname: '/callFunction', query: '?x=%2F' });
    expect(normalizePath('/cos/download/a%20b')).toEqual({ pathname: '/cos/download/a%20b', query: '' });
  });
});

describe('through the emulator', () => {
  let emu: TestEmulator;
  beforeAll(async () => {
    emu = await startTestEmulator({});
  });
  afterAll(() => emu.dispose());

  /** node:http, not fetch: fetch may not set Host or Origin by hand */
  const send = (method: string, path: string, headers: Record<string, string>, body?: string) =>
    new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: emu.port, method, path, headers, agent: false }, (res) => {
        let text = '';
        res.on('data', (d) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      });
      req.on('error', reject);
      req.end(body);
    });

  it('a page on another site cannot wipe the data: POST /_emulator/reset with a plain-text body is refused', async () => {
    await emu.sdk('createCollection', { name: 'precious' });
    const host = `127.0.0.1:${emu.port}`;
    const plain = await send('POST', '/_emulator/reset', { host, 'content-type': 'text/plain' }, '{}');
    const foreign = await send('POST', '/_emulator/reset', { host, origin: 'https://evil.example', 'content-type': 'application/json' }, '{}');
    const rebound = await send('POST', '/_emulator/reset', { host: `rebind.evil.example:${emu.port}`, 'content-type': 'application/json' }, '{}');
    expect([plain.status, foreign.status, rebound.status]).toEqual([403, 403, 403]);
    expect(JSON.parse(plain.text).error).toContain('needs Content-Type: application/json');
    expect(JSON.parse(foreign.text).error).toContain('cross-site request refused');
    expect(JSON.parse(rebound.text).error).toContain('is not this emulator');
    expect((await emu.sdk('createCollection', { name: 'precious' })).failed).toBe(true); // still there
  });

  it('does not serve /admin at /cos/%2e%2e/admin', async () => {
    const res = await send('POST', '/cos/%2e%2e/admin', { host: `127.0.0.1:${emu.port}`, 'content-type': 'application/json' }, '{"action":"database.nope"}');
    expect(res.status).toBe(400);
    expect(JSON.parse(res.text).error).toContain('".." segment');
  });

  it('builds upload URLs from its own address, not from the Host of the request', async () => {
    const res = await send(
      'POST',
      '/admin',
      { host: `localhost:${emu.port}`, 'content-type': 'application/json' },
      JSON.stringify({ action: 'storage.getUploadMetadata', path: 'a/b.png' }),
    );
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text).data.url).toMatch(new RegExp(`^${emu.url}/cos/upload/`));
  });
});
