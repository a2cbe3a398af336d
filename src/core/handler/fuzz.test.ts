import fc from 'fast-check';
import { MemoryRateCounter } from '../../adapters/memory/rate-counter';
import { handleWeappQrcode } from '../http-endpoint/weapp-qrcode';
import { WXACODE_APIS } from '../params/types';
import { CallerGuard } from '../policy/caller-guard';
import { DEFAULT_POLICY } from '../policy/policy';
import { memoryService } from '../testing/memory-service';
import { handleCodeEvent } from './handle-code-event';

const RUNS = 2000;
const KEYS = ['path', 'scene', 'page', 'width', 'autoColor', 'lineColor', 'isHyaline', 'envVersion', 'checkPath', 'output', 'cache', 'userInfo', '__proto__', 'constructor', 'prototype', 'is_hyaline', 'toString'];

/** Values chosen to break things: wrong types, huge and odd strings, prototype keys, deep nesting. */
const hostileValue = fc.oneof(
  fc.anything({ withNullPrototype: true, withObjectString: true, maxDepth: 3 }),
  fc.string({ unit: 'binary', maxLength: 64 }),
  fc.constantFrom('', ' ', '\u0000', '\ud800', '‮pages/index', '../../etc/passwd', 'pages/index/index', 'a=1', '码'.repeat(200), 'x'.repeat(100_000)),
  fc.constantFrom(NaN, Infinity, -0, 1e308, 430, 279.9, 2 ** 53, -1),
  fc.constantFrom({ r: 0, g: 0, b: 0 }, { r: '0', g: '0', b: '0' }, { r: -1 }, JSON.parse('{"__proto__":{"polluted":1}}')),
);
const hostileEvent = fc.oneof(
  fc.dictionary(fc.constantFrom(...KEYS), hostileValue, { maxKeys: 6 }),
  fc.dictionary(fc.string(), hostileValue, { maxKeys: 4 }),
  fc.anything(),
);

function guard() {
  return new CallerGuard({ ...DEFAULT_POLICY, allowedPages: ['pages/index/index'] }, () => ({ openid: 'oFuzz' }), new MemoryRateCounter());
}

describe.each(WXACODE_APIS)(`fuzz: ${RUNS} hostile events for %s`, (api) => {
  test('always {errCode, errMsg}, never a throw, never a WeChat call without a delivered code', async () => {
    const { service, generator } = memoryService();
    let delivered = 0;
    await fc.assert(
      fc.asyncProperty(hostileEvent, async (event) => {
        const result = await handleCodeEvent(api, event, service, { guard: guard() });
        expect(typeof result.errCode).toBe('number');
        expect(typeof result.errMsg).toBe('string');
        expect(result.errMsg.length).toBeGreaterThan(0);
        expect(result.errMsg.length).toBeLessThan(1000);
        if (result.errCode === 0) delivered++;
      }),
      { numRuns: RUNS },
    );
    expect(generator.calls.length).toBeLessThanOrEqual(delivered);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

test(`fuzz: ${RUNS} hostile HTTP requests for weappQrcode always answer a JSON {code, msg}`, async () => {
  const { service, generator } = memoryService();
  let delivered = 0;
  await fc.assert(
    fc.asyncProperty(
      fc.record({
        httpMethod: fc.constantFrom('POST', 'GET', 'post', '', 'DELETE'),
        headers: fc.dictionary(fc.constantFrom('authorization', 'Authorization', 'content-type', 'x'), fc.oneof(fc.string(), fc.constant('Bearer t'))),
        body: fc.oneof(fc.string(), fc.json(), hostileEvent.map((e) => { try { return JSON.stringify(e) ?? null; } catch { return null; } })),
        isBase64Encoded: fc.boolean(),
      }),
      async (event) => {
        const response = await handleWeappQrcode(event, { service, guard: guard(), tokens: ['t'] });
        const json = JSON.parse(response.body);
        expect(typeof json.code).toBe('number');
        expect(typeof json.msg).toBe('string');
        if (json.code === 0) delivered++;
      },
    ),
    { numRuns: RUNS },
  );
  expect(generator.calls.length).toBeLessThanOrEqual(delivered);
});
