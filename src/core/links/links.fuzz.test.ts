import fc from 'fast-check';
import { MemoryRateCounter } from '../../adapters/memory/rate-counter';
import { checkExpiry, checkLinkQuery, checkPageTitle, checkPageUrl, checkTarget, LinkRuleViolation } from '../../emulator/wechat/links/link-rules';
import { CallerGuard } from '../policy/caller-guard';
import { DEFAULT_POLICY } from '../policy/policy';
import { LINK_TEST_START, memoryLinks } from '../testing/memory-links';
import { LINK_EVENT_KEYS } from './check-link-event';
import { handleLinkEvent } from './handle-link-event';
import type { LinkKind, LinkRequest } from './types';

const RUNS = 1500;
const PAGES = ['pages/index/index', 'pages/make/make'];
const NOW_S = Math.floor(LINK_TEST_START / 1000);
const KEYS = ['path', 'page', 'pageUrl', 'query', 'queryData', 'sceneMode', 'expireType', 'expireTime', 'expireInterval', 'envVersion', 'pageTitle', 'isPermanent', 'minValidSeconds', 'cache', 'nfc', 'cloudBase', 'isExpire', 'userInfo', '__proto__', 'jumpWxa', 'action', 'urlLink', 'scheme'];

/** Values a new user would try, plausible and not: pages with slashes and queries, queries in every shape, expiries in seconds and ms. */
const value = fc.oneof(
  fc.constantFrom('pages/index/index', '/pages/make/make', 'pages/make/make?id=1', '', '/', 'pages/nope/nope', 'pages/index/index#x', 'pages/index/index?a=1&b=2'),
  fc.constantFrom('a=1', 'a=1&b=2', 'a', '=1', 'a=1&', 'a=1&a=2', 'name=张三', 'q=%E5%BC%A0', 'q=50%', 'x=' + 'y'.repeat(1030), 'wxl=1', "a=!#$&'()*+,/:;=?@-._~"),
  fc.constantFrom(NOW_S + 30, NOW_S + 60, NOW_S + 86_400, NOW_S + 30 * 86_400, NOW_S + 30 * 86_400 + 1, (NOW_S + 86_400) * 1000, 0, 1, 7, 30, 31, -1, 1.5, 60, 604_800),
  fc.constantFrom('release', 'trial', 'develop', 'Release', true, false, null),
  fc.constantFrom('新品', '一二三四五六七八九十一二三四五六七八九十一', 'a/b', 'stored', 'auto'),
  fc.constantFrom({ id: 1 }, { 门店: '北京' }, {}, { a: { b: 1 } }, { modelId: 'm' }, { env: 'env-1' }),
  fc.anything({ maxDepth: 2 }),
);
const hostile = fc.oneof(fc.dictionary(fc.constantFrom(...KEYS), value, { maxKeys: 6 }), fc.anything());
/** Mostly right: the keys of the kind, each often well formed, sometimes at its limits. */
const plausible = fc.record(
  {
    path: fc.constantFrom('pages/index/index', '/pages/make/make', '', 'pages/make/make?id=1'),
    page: fc.constantFrom('pages/index/index', '/pages/make/make'),
    pageUrl: fc.constantFrom('pages/index/index?a=1', '/pages/make/make', 'pages/make/make?x=' + 'y'.repeat(1010), 'pages/index/index?n=%E5%BC%A0'),
    query: fc.oneof(fc.stringMatching(/^[a-z]{1,3}=[0-9A-Za-z!'()*,./:;@_~-]{0,12}(&[a-z]{1,3}=[0-9A-Za-z%]{0,6})?$/), fc.constantFrom('a=1&a=2', 'x=' + 'y'.repeat(1020))),
    queryData: fc.dictionary(fc.oneof(fc.stringMatching(/^[a-z]{1,8}$/), fc.constantFrom('门店', 'a b')), fc.oneof(fc.string({ maxLength: 40 }), fc.integer(), fc.boolean()), { minKeys: 1, maxKeys: 5 }),
    expireInterval: fc.integer({ min: 0, max: 31 }),
    expireTime: fc.integer({ min: NOW_S - 10, max: NOW_S + 31 * 86_400 }),
    envVersion: fc.constantFrom('release', 'trial', 'develop'),
    pageTitle: fc.oneof(fc.string({ maxLength: 22 }), fc.constantFrom('新品上架', '')),
    isPermanent: fc.boolean(),
    minValidSeconds: fc.integer({ min: 30, max: 40 * 86_400 }),
  },
  { requiredKeys: [] },
);
const eventFor = (kind: LinkKind) =>
  fc.oneof(
    { arbitrary: plausible.map((e) => Object.fromEntries(Object.entries(e).filter(([key]) => LINK_EVENT_KEYS[kind].includes(key)))), weight: 3 },
    { arbitrary: hostile, weight: 1 },
  );

/** What WeChat (the emulator's rules, written from WeChat's docs by another hand) says of a request the toolkit sent. */
function wechatRefuses(request: LinkRequest): string | null {
  try {
    const p = request.params as Record<string, any>;
    switch (request.api) {
      case 'urllink.generate':
        checkTarget({ path: p.path, query: p.query, env_version: p.envVersion }, '', PAGES);
        checkExpiry({ expire_type: p.expireType, expire_time: p.expireTime, expire_interval: p.expireInterval }, NOW_S);
        break;
      case 'urlscheme.generate':
        checkTarget({ path: p.jumpWxa.path, query: p.jumpWxa.query, env_version: p.jumpWxa.envVersion }, 'jump_wxa.', PAGES);
        checkExpiry({ expire_type: p.expireType, expire_time: p.expireTime, expire_interval: p.expireInterval }, NOW_S);
        break;
      case 'urlscheme.generateNFCScheme':
        checkTarget({ path: p.jumpWxa.path, query: p.jumpWxa.query, env_version: p.jumpWxa.envVersion }, 'jump_wxa.', PAGES);
        break;
      case 'shortlink.generate':
        checkPageUrl(p.pageUrl, PAGES);
        checkLinkQuery(p.pageUrl.includes('?') ? p.pageUrl.slice(p.pageUrl.indexOf('?') + 1) : '', 'page_url');
        checkPageTitle(p.pageTitle);
        break;
    }
    return null;
  } catch (error) {
    if (error instanceof LinkRuleViolation) return `${error.errcode} ${error.reason}`;
    throw error;
  }
}

describe.each<LinkKind>(['urlLink', 'urlScheme', 'shortLink'])(`fuzz: ${RUNS} events a new user might send to %s`, (kind) => {
  test('always {errCode, errMsg}; everything sent to WeChat passes WeChat\'s own rules', async () => {
    const links = memoryLinks();
    const guard = new CallerGuard({ ...DEFAULT_POLICY, allowedPages: PAGES, adminOpenids: ['oFuzz'] }, () => ({ openid: 'oFuzz' }), new MemoryRateCounter());
    await fc.assert(
      fc.asyncProperty(eventFor(kind), async (e) => {
        const sent = links.maker.calls.length;
        const result = await handleLinkEvent(kind, e, links.service, { guard, scenes: links.scenes, now: links.clock.now });
        expect(typeof result.errCode).toBe('number');
        expect(typeof result.errMsg).toBe('string');
        expect(result.errMsg.length).toBeGreaterThan(0);
        expect(result.errMsg.length).toBeLessThan(1200);
        if (result.errCode !== 0) expect(links.maker.calls.length).toBe(sent);
        for (const request of links.maker.calls.slice(sent)) expect(wechatRefuses(request)).toBeNull();
      }),
      { numRuns: RUNS },
    );
    // the property is not vacuous: many events were good enough to reach WeChat
    expect(links.maker.calls.length).toBeGreaterThan(5);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
