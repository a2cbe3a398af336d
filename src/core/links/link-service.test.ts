import { ErrCode } from '../errors';
import { LINK_TEST_START, memoryLinks } from '../testing/memory-links';
import { handleLinkEvent } from './handle-link-event';
import { chinaDay, nextChinaMidnight } from './link-caps';
import { linkCacheKey, linkIdOf } from './link-service';
import { plainTextScheme, withCq } from '../scene/codec';
import { asWxacodeError } from '../scene/codec-errors';

const DAY_MS = 86_400_000;

describe('cached until they expire (virtual time)', () => {
  test('the same request twice: one WeChat call, the stored link and its expiry', async () => {
    const { service, maker, clock } = memoryLinks();
    const first = await handleLinkEvent('urlLink', { path: 'pages/index/index', query: 'a=1' }, service, { now: clock.now });
    clock.advance(DAY_MS);
    const second = await handleLinkEvent('urlLink', { query: 'a=1', path: 'pages/index/index' }, service, { now: clock.now });
    expect(first).toMatchObject({ cached: false });
    expect(second).toEqual({ ...first, cached: true });
    expect(maker.calls).toHaveLength(1);
  });

  test('a link with less than minValidSeconds (default 7 days) left is replaced, the new one stored', async () => {
    const { service, maker, clock, index } = memoryLinks();
    const first = (await handleLinkEvent('urlLink', { query: 'a=1' }, service, { now: clock.now })) as { urlLink: string };
    clock.advance(23 * DAY_MS - 1000); // 7 days and 1 s left: still served
    expect(await handleLinkEvent('urlLink', { query: 'a=1' }, service, { now: clock.now })).toMatchObject({ cached: true, urlLink: first.urlLink });
    clock.advance(2000); // 7 days less 1 s left: replaced
    const third = (await handleLinkEvent('urlLink', { query: 'a=1' }, service, { now: clock.now })) as { urlLink: string; expiresAt: string };
    expect(third).toMatchObject({ cached: false });
    expect(third.urlLink).not.toBe(first.urlLink);
    expect(third.expiresAt).toBe(new Date(clock.now() + 30 * DAY_MS).toISOString());
    expect(maker.calls).toHaveLength(2);
    expect([...index.records.values()]).toEqual([expect.objectContaining({ link: third.urlLink, makingSince: 0 })]);
  });

  test('the event may ask for more time left than the default', async () => {
    const { service, maker, clock } = memoryLinks();
    await handleLinkEvent('urlScheme', { query: 'a=1' }, service, { now: clock.now });
    clock.advance(10 * DAY_MS);
    expect(await handleLinkEvent('urlScheme', { query: 'a=1' }, service, { now: clock.now })).toMatchObject({ cached: true });
    expect(await handleLinkEvent('urlScheme', { query: 'a=1', minValidSeconds: 25 * 86_400 }, service, { now: clock.now })).toMatchObject({ cached: false });
    expect(maker.calls).toHaveLength(2);
  });

  test('an expired link is never returned, whatever minValidSeconds', async () => {
    const { service, maker, clock } = memoryLinks();
    const expireTime = Math.floor(LINK_TEST_START / 1000) + 3600;
    const first = (await handleLinkEvent('urlLink', { expireTime, minValidSeconds: 60 }, service, { now: clock.now })) as { urlLink: string };
    clock.advance(3600_000 - 61_000);
    expect(await handleLinkEvent('urlLink', { expireTime, minValidSeconds: 60 }, service, { now: clock.now })).toMatchObject({ cached: true, urlLink: first.urlLink });
    clock.advance(61_000);
    // the same expireTime is now in the past: refused rather than answered with the dead link
    expect(await handleLinkEvent('urlLink', { expireTime, minValidSeconds: 60 }, service, { now: clock.now })).toMatchObject({ errCode: 85401 });
    expect(maker.calls).toHaveLength(1);
  });

  test('a short link with a 1-day life left is not served to a caller wanting 7; a permanent one is made once', async () => {
    const { service, maker, clock } = memoryLinks();
    await handleLinkEvent('shortLink', { pageUrl: 'pages/index/index?a=1' }, service, { now: clock.now });
    clock.advance(29 * DAY_MS);
    expect(await handleLinkEvent('shortLink', { pageUrl: 'pages/index/index?a=1' }, service, { now: clock.now })).toMatchObject({ cached: false });
    await handleLinkEvent('shortLink', { pageUrl: 'pages/index/index', isPermanent: true }, service, { now: clock.now });
    clock.advance(3650 * DAY_MS);
    expect(await handleLinkEvent('shortLink', { pageUrl: 'pages/index/index', isPermanent: true }, service, { now: clock.now })).toMatchObject({ cached: true, permanent: true });
    expect(maker.calls).toHaveLength(3);
  });

  test('cache: false makes a new link and stores it in place of the old', async () => {
    const { service, maker, clock } = memoryLinks();
    await handleLinkEvent('urlLink', { query: 'a=1' }, service, { now: clock.now });
    const fresh = await handleLinkEvent('urlLink', { query: 'a=1', cache: false }, service, { now: clock.now });
    expect(await handleLinkEvent('urlLink', { query: 'a=1' }, service, { now: clock.now })).toEqual({ ...fresh, cached: true });
    expect(maker.calls).toHaveLength(2);
  });

  test('identical requests at once in one instance: one WeChat call', async () => {
    const { service, maker, clock } = memoryLinks();
    const replies = await Promise.all([1, 2, 3].map(() => handleLinkEvent('urlLink', { query: 'a=1' }, service, { now: clock.now })));
    expect(new Set(replies.map((r) => (r as { urlLink: string }).urlLink)).size).toBe(1);
    expect(maker.calls).toHaveLength(1);
  });

  test('another instance holding the claim: this one waits for its link instead of making one', async () => {
    const { service, maker, clock, index } = memoryLinks();
    const base = { api: 'urllink.generate', params: { path: '', query: 'a=1', envVersion: 'release', expireType: 1, expireInterval: 30 } } as const;
    const request = { ...base, params: { ...base.params, query: `a=1&wxl=${linkIdOf(base)}` } };
    const key = linkCacheKey(request);
    index.records.set(key, { _id: key, api: request.api, link: null, expiresAt: null, madeAt: null, makingSince: clock.now() });
    const original = index.get.bind(index);
    let reads = 0;
    index.get = async (k) => {
      // the other instance finishes while this one polls
      if (++reads === 2) index.records.set(key, { _id: key, api: request.api, link: 'https://wxaurl.cn/OTHER', expiresAt: clock.now() + 30 * DAY_MS, madeAt: clock.now(), makingSince: 0 });
      return original(k);
    };
    expect(await handleLinkEvent('urlLink', { query: 'a=1' }, service, { now: clock.now })).toMatchObject({ cached: true, urlLink: 'https://wxaurl.cn/OTHER' });
    expect(maker.calls).toHaveLength(0);
  });

  test('a claim left by an instance that died is taken over once stale', async () => {
    const { service, maker, clock, index } = memoryLinks();
    const base = { api: 'urllink.generate', params: { path: '', query: 'a=1', envVersion: 'release', expireType: 1, expireInterval: 30 } } as const;
    const request = { ...base, params: { ...base.params, query: `a=1&wxl=${linkIdOf(base)}` } };
    const key = linkCacheKey(request);
    index.records.set(key, { _id: key, api: request.api, link: null, expiresAt: null, madeAt: null, makingSince: clock.now() - 29_900 });
    expect(await handleLinkEvent('urlLink', { query: 'a=1' }, service, { now: clock.now })).toMatchObject({ errCode: 0, cached: false });
    expect(maker.calls).toHaveLength(1);
  });

  test('a link made but not stored (the database failed) still reaches the caller; the claim is let go', async () => {
    const { service, maker, clock, index } = memoryLinks();
    index.save = async () => Promise.reject(Object.assign(new Error('x'), { errCode: -502001, errMsg: 'database busy' }));
    expect(await handleLinkEvent('urlLink', { query: 'a=1' }, service, { now: clock.now })).toMatchObject({ errCode: 0, urlLink: 'https://wxaurl.cn/T000001', cached: false });
    expect([...index.records.values()][0]).toMatchObject({ link: null, makingSince: 0 });
    expect(maker.calls).toHaveLength(1);
  });

  test('a failed call releases the claim and the day\'s count: the next request makes it', async () => {
    const { service, maker, clock, index, counter } = memoryLinks();
    maker.failNext(85079, 'no release version');
    expect(await handleLinkEvent('urlLink', { query: 'a=1' }, service, { now: clock.now })).toEqual({ errCode: 85079, errMsg: expect.stringMatching(/^no release version\. Links open only a published mini program/) });
    expect([...index.records.values()][0]).toMatchObject({ link: null, makingSince: 0 });
    expect(counter.counts.get(`links:urlLinksAndSchemes:${chinaDay(clock.now())}`)).toBe(0);
    expect(await handleLinkEvent('urlLink', { query: 'a=1' }, service, { now: clock.now })).toMatchObject({ errCode: 0, cached: false });
  });
});

describe("WeChat's caps, counted here", () => {
  test('URL Links and URL Schemes share the daily cap: 44993 with the reset time, no WeChat call; the next China day resumes', async () => {
    const { service, maker, clock } = memoryLinks({ urlLinksAndSchemesPerDay: 3 });
    for (const id of [1, 2]) expect(await handleLinkEvent('urlLink', { query: `id=${id}` }, service, { now: clock.now })).toMatchObject({ errCode: 0 });
    expect(await handleLinkEvent('urlScheme', { query: 'id=3' }, service, { now: clock.now })).toMatchObject({ errCode: 0 });
    const refused = await handleLinkEvent('urlScheme', { query: 'id=4' }, service, { now: clock.now });
    expect(refused).toEqual({
      errCode: 44993,
      errMsg: "the day's 3 URL Links and URL Schemes (one cap for both, counted by this environment) are spent; generation resumes at 00:00 China time (2026-12-08T00:00:00+08:00, in 12 h 0 min). Links already made are still served from the cache; nothing was sent to WeChat",
    });
    expect(maker.calls).toHaveLength(3);
    // stored links are still served
    expect(await handleLinkEvent('urlLink', { query: 'id=1' }, service, { now: clock.now })).toMatchObject({ errCode: 0, cached: true });
    clock.set(nextChinaMidnight(clock.now()));
    expect(await handleLinkEvent('urlScheme', { query: 'id=4' }, service, { now: clock.now })).toMatchObject({ errCode: 0, cached: false });
  });

  test("WeChat's own 44993 ends the call with what to do, not retried", async () => {
    const { service, maker, clock } = memoryLinks();
    maker.failNext(44993, 'reach max limit of scheme and url link', 3);
    expect(await handleLinkEvent('urlLink', {}, service, { now: clock.now })).toEqual({
      errCode: 44993,
      errMsg: expect.stringMatching(/^reach max limit of scheme and url link\. The day's 50万 URL Links and URL Schemes \(one cap for both\) are spent; generation resumes at 00:00 China time/),
    });
    expect(maker.calls).toHaveLength(1);
  });

  test('NFC faults say which field to check', async () => {
    const { service, maker, clock } = memoryLinks();
    maker.failNext(9800008, 'sn not registered');
    expect(await handleLinkEvent('urlScheme', { nfc: { modelId: 'm1', sn: 'X' } }, service, { now: clock.now })).toEqual({ errCode: 9800008, errMsg: expect.stringMatching(/^sn not registered\. Check nfc\.sn/) });
  });

  test('-1 (busy) on every try ends with what to do: nothing made, call again', async () => {
    const { service, maker, clock } = memoryLinks();
    maker.failNext(-1, 'system error', 10);
    expect(await handleLinkEvent('urlLink', {}, service, { now: clock.now })).toEqual({
      errCode: -1,
      errMsg: expect.stringMatching(/^system error\. WeChat stayed busy through the retries: no link was made and none counted against the day's caps; call again in a moment/),
    });
  });

  test('44990 (100 calls a second) is not retried either', async () => {
    const { service, maker, clock } = memoryLinks();
    maker.failNext(44990, 'too many requests', 3);
    expect(await handleLinkEvent('urlScheme', {}, service, { now: clock.now })).toEqual({ errCode: 44990, errMsg: expect.stringMatching(/100 link calls a second.*not retried/) });
    expect(maker.calls).toHaveLength(1);
  });

  test('permanent short links: counted for good, refused past the allowance (85400); short links a day (45009)', async () => {
    const { service, maker, clock } = memoryLinks({ permanentShortLinks: 2, shortLinksPerDay: 3 });
    for (const p of ['a=1', 'a=2']) expect(await handleLinkEvent('shortLink', { pageUrl: `pages/index/index?${p}`, isPermanent: true }, service, { now: clock.now })).toMatchObject({ errCode: 0 });
    expect(await handleLinkEvent('shortLink', { pageUrl: 'pages/index/index?a=3', isPermanent: true }, service, { now: clock.now })).toEqual({ errCode: 85400, errMsg: expect.stringMatching(/^the app's 2 permanent Short Links \(ever, counted by this environment, NFC schemes included\) are used up; make temporary ones/) });
    expect(await handleLinkEvent('shortLink', { pageUrl: 'pages/index/index?a=3' }, service, { now: clock.now })).toMatchObject({ errCode: 0, permanent: false });
    expect(await handleLinkEvent('shortLink', { pageUrl: 'pages/index/index?a=4' }, service, { now: clock.now })).toEqual({ errCode: 45009, errMsg: expect.stringMatching(/^the day's 3 Short Links .* resumes at 00:00 China time/) });
    clock.advance(DAY_MS);
    expect(await handleLinkEvent('shortLink', { pageUrl: 'pages/index/index?a=5', isPermanent: true }, service, { now: clock.now })).toMatchObject({ errCode: 85400 });
    expect(maker.calls).toHaveLength(3);
  });

  test('an NFC scheme counts against the day and the permanent quota', async () => {
    const { service, maker, clock } = memoryLinks({ permanentShortLinks: 1 });
    expect(await handleLinkEvent('urlScheme', { nfc: { modelId: 'm1', sn: 'A' } }, service, { now: clock.now })).toMatchObject({ errCode: 0 });
    expect(await handleLinkEvent('shortLink', { pageUrl: 'pages/index/index', isPermanent: true }, service, { now: clock.now })).toMatchObject({ errCode: 85400 });
    expect(maker.calls).toHaveLength(1);
  });
});

describe('links built without a call (codec, shared with the page helpers)', () => {
  test('plain-text scheme: query URL-encoded, env_version only when not release', () => {
    expect(plainTextScheme({ appid: 'wx1234567890abcdef', path: 'pages/item/item', query: 'id=1&from=sms' })).toBe('weixin://dl/business/?appid=wx1234567890abcdef&path=pages/item/item&query=id%3D1%26from%3Dsms');
    expect(plainTextScheme({ appid: 'wx1234567890abcdef', path: '/pages/index/index', envVersion: 'trial' })).toBe('weixin://dl/business/?appid=wx1234567890abcdef&path=pages/index/index&env_version=trial');
  });

  test.each([
    [{ appid: 'wx123', path: 'pages/index/index' }, 40097, /^appid: must be a mini program AppID/],
    [{ appid: 'wx1234567890abcdef', path: 'pages/index/index?a=1' }, 40165, /^path: must be a page of the app as in app.json, without a query/],
    [{ appid: 'wx1234567890abcdef', path: 'pages/index/index', query: `a=${'1'.repeat(455)}&b=${'2'.repeat(50)}` }, 40212, /^query: must be at most 512 characters URL-encoded \(it is 516\)/],
    [{ appid: 'wx1234567890abcdef', path: 'pages/index/index', query: 'a=中' }, 40212, /^query: character "中"/],
    [{ appid: 'wx1234567890abcdef', path: 'pages/index/index', envVersion: 'beta' }, 85402, /^envVersion: must be one of/],
  ])('plain-text scheme refused: %j', (options, errCode, message) => {
    let error: { errCode: number; errMsg: string } | undefined;
    try {
      asWxacodeError(() => plainTextScheme(options as never));
    } catch (e) {
      error = e as never;
    }
    expect(error).toMatchObject({ errCode, errMsg: expect.stringMatching(message) });
  });

  test('cq: appended URL-encoded to a URL Link or URL Scheme, at most 256 characters', () => {
    expect(withCq('https://wxaurl.cn/AbC123', '短信-12月')).toBe('https://wxaurl.cn/AbC123?cq=%E7%9F%AD%E4%BF%A1-12%E6%9C%88');
    expect(withCq('weixin://dl/business/?t=AbC123', 'sms')).toBe('weixin://dl/business/?t=AbC123&cq=sms');
    expect(() => withCq('https://wxaurl.cn/AbC123', 'x'.repeat(257))).toThrow(/cq: must be at most 256 characters URL-encoded \(it is 257\)/);
    expect(() => withCq('#小程序://示例/页面/abc', 'sms')).toThrow(/Short Links and plain-text schemes do not take cq/);
    expect(() => withCq('https://wxaurl.cn/AbC123?cq=a', 'b')).toThrow(/without a cq yet/);
  });
});
