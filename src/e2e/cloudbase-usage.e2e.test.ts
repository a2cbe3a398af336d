import { createServer, request as httpRequestRaw, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startFunctionsEmulator, type FunctionsEmulator } from './functions-emulator';

/**
 * An independent count of what the built functions send CloudBase: a plain proxy between the function processes and
 * the emulator's admin endpoint, reading each request's action from the body and the signer from its Authorization
 * header, with none of the emulator's code.
 */
interface CountingProxy {
  url: string;
  target: { url?: string };
  /** `<SecretId> <action>` → requests */
  counts: Map<string, number>;
  close(): Promise<void>;
}

async function startCountingProxy(): Promise<CountingProxy> {
  const target: { url?: string } = {};
  const counts = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const text = body.toString('latin1');
      const action = (req.headers['content-type'] ?? '').startsWith('multipart/')
        ? /name="action"\r\n\r\n([^\r]+)/.exec(text)?.[1]
        : (JSON.parse(body.toString('utf8')) as { action?: string }).action;
      const signer = /Credential=([^/]+)\//.exec(req.headers.authorization ?? '')?.[1] ?? '?';
      const key = `${signer} ${action}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
      const upstream = new URL(req.url ?? '/', target.url);
      const headers = { ...req.headers, host: upstream.host, 'content-length': String(body.length) };
      delete headers['transfer-encoding'];
      const forward = httpRequestRaw(upstream, { method: req.method, headers }, (reply) => {
        res.writeHead(reply.statusCode ?? 502, reply.headers);
        reply.pipe(res);
      });
      forward.on('error', (err) => res.destroy(err));
      forward.end(body);
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    target,
    counts,
    close: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
}

const FN = 'wxacodeGetUnlimited';

describe('GET /_emulator/usage against an independent count of the same run', () => {
  let proxy: CountingProxy;
  let env: FunctionsEmulator;
  beforeAll(async () => {
    proxy = await startCountingProxy();
    env = await startFunctionsEmulator({ emulator: { functionsAdminUrl: `${proxy.url}/admin` } });
    proxy.target.url = env.url;
  });
  afterAll(async () => {
    await env?.dispose();
    await proxy?.close();
  });

  it('counts every request the functions sent, by action and by the function that sent it', async () => {
    const scenes = ['u=1', 'u=2', 'u=3'];
    for (const scene of scenes) expect((await env.result(FN, { scene, page: 'pages/index/index' })).errCode).toBe(0);
    // two cache hits and a resolve
    for (const scene of scenes.slice(0, 2)) expect((await env.result(FN, { scene, page: 'pages/index/index' })).cached).toBe(true);
    const stored = await env.result(FN, { sceneData: { order: 7 }, sceneMode: 'stored', page: 'pages/index/index' });
    expect(stored.errCode).toBe(0);
    expect((await env.result('wxacodeResolveScene', { scene: stored.scene })).errCode).toBe(0);

    const meter = await env.usage();
    const proxied: Record<string, Record<string, number>> = {};
    for (const [key, n] of proxy.counts) {
      const [signer, action] = key.split(' ');
      (proxied[signer] ??= {})[action] = n;
    }
    // every request came signed by its function's own credentials, and the meter names the same function
    expect(Object.keys(proxied).sort()).toEqual(['emulator-fn-wxacodeGetUnlimited', 'emulator-fn-wxacodeResolveScene']);
    const adminActions = (byAction: Record<string, number>) =>
      Object.fromEntries(Object.entries(byAction).filter(([a]) => !a.startsWith('cos.') && a !== 'callFunction'));
    expect(adminActions(meter.byFunction[FN].byAction)).toEqual(proxied['emulator-fn-wxacodeGetUnlimited']);
    expect(adminActions(meter.byFunction.wxacodeResolveScene.byAction)).toEqual(proxied['emulator-fn-wxacodeResolveScene']);
    const proxiedTotal = [...proxy.counts.values()].reduce((a, b) => a + b, 0);
    const meteredAdmin = Object.values(adminActions(meter.byAction) as Record<string, number>).reduce((a, b) => a + b, 0);
    expect(meteredAdmin).toBe(proxiedTotal);
    // an upload is a getUploadMetadata and its PUT: one for each file now in storage
    const files = env.emulator.state.storage.list();
    expect(meter.byAction['cos.put']).toBe(proxied['emulator-fn-wxacodeGetUnlimited']['storage.getUploadMetadata']);
    expect(meter.byAction['cos.put']).toBe(files.length);
    expect(meter.byUnit.uploadedBytes).toBe(files.reduce((n, f) => n + f.bytes.length, 0));
    // invocations: what /callFunction ran, and each one is a call
    expect(meter.byFunction[FN].invocations).toBe(6);
    expect(meter.byFunction.wxacodeResolveScene.invocations).toBe(1);
    expect(meter.byAction.callFunction).toBe(7);
    expect(meter.calls).toBe(proxiedTotal + 7);
    expect(meter.byUnit.functionInvocations).toBe(7);
    expect(meter.byUnit.gbSeconds).toBeGreaterThan(0);
    const reads = Object.entries(meter.byAction as Record<string, number>)
      .filter(([a]) => ['database.getDocument', 'database.calculateDocument'].includes(a))
      .reduce((n, [, v]) => n + v, 0);
    expect(meter.byUnit.databaseReads).toBe(reads);
    // the numbers for the cost guide's table (docs/en/cost.md) (printed, not asserted: the lead's request cuts change them)
    console.log(`[usage] per operation: ${JSON.stringify(meter.byFunction)}`);
  });

  it('is cleared by POST /_emulator/reset with the rest of the state', async () => {
    await env.reset();
    const meter = await env.usage();
    expect(meter).toMatchObject({ calls: 0, byAction: {}, byUnit: {}, byFunction: {}, refused: { qps: 0, monthlyCalls: 0 } });
  });
});
