import fc from 'fast-check';
import { request } from 'node:http';
import { FUNCTIONS } from '../functions/catalog';
import { startFunctionsEmulator, type FunctionsEmulator } from './functions-emulator';

/**
 * Seeded fuzz of the emulator's whole surface with the built functions in it: every route, malformed and oversized
 * bodies, deep nesting, odd methods, paths and headers. FUZZ_EVENTS=10000 for the long run; the suite runs fewer.
 * What must hold: no crash (an emulator 500, a catalog function that threw, /healthz gone), no request without an
 * answer, and no WeChat call for an event that was refused.
 */
const SEED = 20261123;
const EVENTS = Number(process.env.FUZZ_EVENTS ?? 400);
const TOKEN = 'fuzz-token-0123456789abcdef';
/** far beyond any answer here; a request still open then is a hang (the long run reports those over 5 s) */
const HANG_MS = 30_000;
const SLOW_MS = 5_000;

let emu: FunctionsEmulator;
beforeAll(async () => {
  emu = await startFunctionsEmulator({ functionEnvByName: { weappQrcode: { WXACODE_HTTP_TOKENS: TOKEN } } });
});
afterAll(() => emu?.dispose());
afterEach(() => expect(emu.blocked()).toEqual([]));

interface FuzzRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
  /** the event is meant for a function (an HTTP event or a callFunction): its refusal must cost no WeChat call */
  reachesFunction: boolean;
}

const printable = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 40 });
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.anything({ maxDepth: 3, withNullPrototype: false }),
  fc.string({ maxLength: 40 }),
  fc.constantFrom('', '/', 'pages/index/index', '/pages/index/index', 'pages/make/make', 'a=1', 'id=42', '码', 'x'.repeat(40), '%2e%2e', '../admin', 'base64', 'file'),
  fc.constantFrom(0, -1, 430, 1e308, 280, 1281, true, false, null),
  fc.constantFrom({ r: 0, g: 0, b: 0 }, { id: 1, from: '小程序' }, JSON.parse('{"__proto__":{"polluted":1}}')),
);
const CODE_KEYS = ['path', 'scene', 'page', 'width', 'autoColor', 'lineColor', 'isHyaline', 'envVersion', 'checkPath', 'output', 'cache', 'sceneData', 'ttlSeconds', 'sceneMode', '__proto__', 'constructor', 'hasOwnProperty'];
const codeEvent = fc.oneof(
  fc.dictionary(fc.constantFrom(...CODE_KEYS), hostileValue, { maxKeys: 5 }),
  fc.record({ scene: fc.stringMatching(/^[A-Za-z0-9=&]{1,32}$/) }),
  fc.record({ path: fc.constantFrom('pages/index/index', 'pages/make/make', 'pages/index/index?id=1'), width: fc.constantFrom(280, 430, 1280) }),
  fc.anything({ maxDepth: 2 }),
);
const nameOf = fc.oneof(fc.constantFrom(...FUNCTIONS.map((f) => f.name)), fc.constantFrom('nope', '', '../x', 'echo'), printable);
const deep = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;

/** the body: usually JSON of `value`, sometimes broken, huge or nested past any runtime */
const bodyOf = (value: fc.Arbitrary<unknown>) =>
  fc.oneof(
    { weight: 12, arbitrary: value.map((v) => Buffer.from(JSON.stringify(v) ?? 'null')) },
    { weight: 2, arbitrary: fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b)) },
    { weight: 1, arbitrary: fc.constantFrom('{', '{"a":', '\u0000', '[]', 'null', '"str"', '1e999', deep(5000)).map((s) => Buffer.from(s)) },
    { weight: 1, arbitrary: fc.constant(null).map(() => Buffer.from(`{"name":"wxacodeGetUnlimited","data":{"x":${deep(4500)}}}`)) },
    { weight: 1, arbitrary: fc.integer({ min: 1, max: 3 }).map((n) => Buffer.alloc(n * 3 * 1024 * 1024, 0x61)) },
  );

interface RouteSample {
  method: string;
  path: string;
  body?: Buffer;
  headers?: Record<string, string>;
  contentType?: string;
  reachesFunction: boolean;
}

const route: fc.Arbitrary<RouteSample> = fc.oneof(
  // wx.cloud.callFunction
  { weight: 3, arbitrary: fc.record({
    method: fc.constantFrom('POST', 'POST', 'POST', 'POST', 'GET', 'PUT'),
    path: fc.constant('/callFunction'),
    body: bodyOf(fc.record({ name: nameOf, data: codeEvent }, { requiredKeys: [] })),
    headers: fc.record({ 'x-wx-openid': printable }, { requiredKeys: [] }),
    reachesFunction: fc.constant(true),
  }) },
  // the HTTP access service: weappQrcode's events
  { weight: 2, arbitrary: fc.record({
    method: fc.constantFrom('POST', 'POST', 'POST', 'GET', 'DELETE', 'HEAD'),
    path: fc.constantFrom('/api/weapp/qrcode', '/api/weapp/qrcode/', '/api/weapp/qrcode/x?y=1', '/api/weapp/qrcodes'),
    body: bodyOf(codeEvent),
    headers: fc.record({ authorization: fc.oneof(fc.constant(`Bearer ${TOKEN}`), fc.constant('Bearer nope'), printable) }, { requiredKeys: [] }),
    contentType: fc.constantFrom('application/json', 'application/json', 'application/json', 'text/plain', 'application/octet-stream', 'application/x-www-form-urlencoded'),
    reachesFunction: fc.constant(true),
  }) },
  // the SDK's /admin
  { weight: 2, arbitrary: fc.record({
    method: fc.constantFrom('POST', 'GET'),
    path: fc.constantFrom('/admin', '/admin?env=wxacode-local-1a2b', '/admin?env=other'),
    body: bodyOf(
      fc.record({
        action: fc.oneof(
          fc.constantFrom('database.addCollection', 'database.insertDocument', 'database.getDocument', 'database.calculateDocument', 'database.modifyDocument', 'database.removeDocument', 'storage.getUploadMetadata', 'storage.batchGetDownloadUrl', 'storage.batchDeleteFile', 'wx.openApi', 'functions.invokeFunction', 'toString', '__proto__'),
          printable,
        ),
        collectionName: hostileValue,
        query: hostileValue,
        data: hostileValue,
        path: hostileValue,
        function_name: nameOf,
        request_data: codeEvent.map((v) => JSON.stringify(v) ?? ''),
      }, { requiredKeys: ['action'] }),
    ),
    contentType: fc.constantFrom('application/json', 'application/json', 'application/json', 'multipart/form-data; boundary=fuzz', 'multipart/form-data', 'text/plain'),
    reachesFunction: fc.constant(false),
  }) },
  // storage, WeChat's HTTPS API, control, anything else
  { weight: 2, arbitrary: fc.record({
    method: fc.constantFrom('GET', 'PUT', 'POST', 'HEAD', 'DELETE', 'OPTIONS', 'PATCH'),
    path: fc.oneof(
      fc.constantFrom(
        '/cos/upload/abc', '/cos/download/abc', '/cos/%2e%2e/admin', '/cos/..%2Fadmin', '/cos\\..\\admin', '/healthz', '/_emulator/faults', '/_emulator/wechat/calls',
        '/_emulator/functions', '/_emulator/nope', '/cgi-bin/token?grant_type=client_credential&appid=x&secret=y', '/cgi-bin/stable_token', '/wxa/getwxacodeunlimit?access_token=bad',
        '/wxa/getwxacode', '/cgi-bin/wxaapp/createwxaqrcode?access_token=', '//admin', '/%', '/callFunctio%6E', `/${'a'.repeat(9000)}`, '/?%00',
        // the web UI and its JSON routes, timer triggers (GET /_emulator/events streams forever, so it is left out)
        '/', '/_emulator/ui/app.js', '/_emulator/ui/%2e%2e/%2e%2e/package.json', '/_emulator/limits', '/_emulator/activity', '/_emulator/codes', '/_emulator/codes/nope',
        '/_emulator/data/collections', '/_emulator/data/collections/wxacode_codes', '/_emulator/data/collections/x/documents/y', '/_emulator/data/files',
        '/_emulator/data/files/content?cloudPath=../../etc/passwd', '/_emulator/data/files?cloudPath=wxacode/x', '/_emulator/triggers', '/_emulator/triggers/wxacodeHousekeeping',
        '/_emulator/triggers/wxacodeGet/hourly', '/_emulator/batch/jobs', '/_emulator/reset',
      ),
      printable.map((p) => `/${encodeURI(p)}`),
    ),
    body: bodyOf(fc.dictionary(fc.constantFrom('systemErrorRate', 'force45009', 'force45029', 'hasOwnProperty', 'constructor', 'grant_type', 'appid', 'secret', 'scene'), hostileValue, { maxKeys: 3 })),
    contentType: fc.constantFrom('application/json', 'application/json', 'application/json', 'text/plain', 'application/octet-stream'),
    reachesFunction: fc.constant(false),
  }) },
);

// mostly well-addressed, so most requests reach the routes; the rest probe the guard in front of them
const hostVariant = fc.oneof({ weight: 16, arbitrary: fc.constant('own') }, { weight: 1, arbitrary: fc.constantFrom('localhost', 'evil', 'noport', 'ipv6') });
const originVariant = fc.oneof({ weight: 12, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constantFrom('own', 'https://evil.example', 'null') });
const dropContentType = fc.oneof({ weight: 12, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) });
const fuzzRequest = fc.tuple(route, hostVariant, originVariant, dropContentType, fc.dictionary(fc.constantFrom('x-forwarded-for', 'cookie', 'x-wx-unionid', 'sec-fetch-site', 'accept', 'x-tcb-source'), printable, { maxKeys: 2 }));

function materialize([r, host, origin, dropType, extra]: [RouteSample, string, string | undefined, boolean, Record<string, string>], port: number): FuzzRequest {
  const hosts: Record<string, string> = { own: `127.0.0.1:${port}`, localhost: `localhost:${port}`, evil: `evil.example:${port}`, noport: '127.0.0.1', ipv6: `[::1]:${port}` };
  const headers: Record<string, string> = { ...extra, ...(r.headers ?? {}), host: hosts[host] };
  if (origin) headers.origin = origin === 'own' ? `http://127.0.0.1:${port}` : origin;
  const contentType = r.contentType ?? 'application/json';
  if (!dropType) headers['content-type'] = contentType;
  return { method: r.method, path: r.path, headers, body: r.method === 'GET' || r.method === 'HEAD' ? undefined : r.body, reachesFunction: r.reachesFunction };
}

interface Outcome {
  status: number;
  text: string;
  ms: number;
  /** the connection was cut while the body was still being sent (an oversized body refused early) */
  cut: boolean;
}

function send(req: FuzzRequest, port: number): Promise<Outcome> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const clientRequest = request({ host: '127.0.0.1', port, method: req.method, path: req.path, headers: req.headers, agent: false, setHost: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8'), ms: Date.now() - started, cut: false }));
      res.on('error', () => resolve({ status: res.statusCode ?? 0, text: '', ms: Date.now() - started, cut: true }));
    });
    clientRequest.setTimeout(HANG_MS, () => reject(new Error(`no answer within ${HANG_MS} ms: ${req.method} ${req.path.slice(0, 80)}`)));
    clientRequest.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE' || err.code === 'ECONNRESET') resolve({ status: 0, text: '', ms: Date.now() - started, cut: true });
      else reject(err);
    });
    clientRequest.end(req.body);
  });
}

/** errCodes this toolkit answers before WeChat is asked (validation, policy); 41030 is WeChat's too, so not listed */
const REFUSED_BEFORE_WECHAT = new Set([40097, 40129, 40169, 85096, -700001, -700002, -700003, -700004, -700101, -700102, -700103, -700104]);

function refusedWithoutWechat(req: FuzzRequest, outcome: Outcome): boolean {
  if (outcome.status >= 400 || outcome.cut) return true;
  if (!req.reachesFunction) return false;
  try {
    const body = JSON.parse(outcome.text);
    const errCode = body?.result?.errCode;
    return typeof errCode === 'number' && REFUSED_BEFORE_WECHAT.has(errCode);
  } catch {
    return false;
  }
}

/** a catalog function never throws; the emulator never answers its own 500 */
function crashed(req: FuzzRequest, outcome: Outcome): string | undefined {
  if (outcome.status === 500 && outcome.text.includes('emulator error')) return `emulator 500: ${outcome.text.slice(0, 200)}`;
  if (req.reachesFunction && /-504002|FUNCTION_EXECUTE_FAIL/.test(outcome.text)) return `function threw: ${outcome.text.slice(0, 300)}`;
  return undefined;
}

it(`survives ${EVENTS} fuzzed requests over every route (seed ${SEED})`, async () => {
  const port = emu.emulator.port;
  const samples = fc.sample(fuzzRequest, { seed: SEED, numRuns: EVENTS });
  const crashes: string[] = [];
  const chargedRefusals: string[] = [];
  let slow = 0;
  let cut = 0;
  let slowest = 0;
  const statuses = new Map<number, number>();
  for (const [i, sample] of samples.entries()) {
    const req = materialize(sample, port);
    // a valid long latency is a scenario, not an attack: it would only make every later request wait
    if (req.path === '/_emulator/faults' && req.method === 'PUT') req.body = Buffer.from(req.body?.toString('utf8').replace(/"latencyMs":\s*[\d.e+]+/g, '"latencyMs":1') ?? '');
    const callsBefore = emu.emulator.wechat.calls().length;
    const outcome = await send(req, port);
    const callsAfter = emu.emulator.wechat.calls().length;
    statuses.set(outcome.status, (statuses.get(outcome.status) ?? 0) + 1);
    if (outcome.ms > SLOW_MS) slow += 1;
    slowest = Math.max(slowest, outcome.ms);
    if (outcome.cut) cut += 1;
    const crash = crashed(req, outcome);
    if (crash) crashes.push(`#${i} ${req.method} ${req.path.slice(0, 60)}: ${crash}`);
    // /_emulator/reset empties the call log; only a growing log is a call
    if (callsAfter > callsBefore && refusedWithoutWechat(req, outcome)) {
      chargedRefusals.push(`#${i} ${req.method} ${req.path.slice(0, 60)} → ${outcome.status} ${outcome.text.slice(0, 200)}`);
    }
    if (i % 100 === 99) {
      const health = await send({ method: 'GET', path: '/healthz', headers: { host: `127.0.0.1:${port}` }, reachesFunction: false }, port);
      if (health.status !== 200) crashes.push(`#${i}: /healthz answered ${health.status}`);
      // keep later events meaningful: faults set by the fuzz would otherwise fail everything after them
      emu.emulator.wechat.faults.set({ systemErrorRate: 0, latencyMs: 0, force45009: false, force45029: false });
    }
  }
  const summary = { events: EVENTS, crashes: crashes.length, slowOver5s: slow, slowestMs: slowest, cutWhileSending: cut, wechatCallsForRefused: chargedRefusals.length, statuses: Object.fromEntries(statuses) };
  console.log(`[fuzz] ${JSON.stringify(summary)}`);
  expect(crashes).toEqual([]);
  expect(chargedRefusals).toEqual([]);
  // the emulator still serves a normal call
  expect(await emu.result('wxacodeGetUnlimited', { scene: 'after=fuzz' }, 'oAfterFuzz')).toMatchObject({ errCode: 0 });
}, 1_800_000);
