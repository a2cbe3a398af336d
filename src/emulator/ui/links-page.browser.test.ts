/**
 * The Links page in a real Chromium (Debian's `chromium` driven by playwright-core, as ui.browser.test.ts does): a
 * link made over WeChat's HTTPS API is pasted and "opened", and the page shows what the mini program would get —
 * the page, onLoad's query with cq, the 场景值 — or why it would not open; the Usage page shows the link caps.
 * No function runs here, so nothing is built but the UI. UPDATE_SCREENSHOTS=1 writes docs/ui-links-open.png.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { buildUi } from '../../../scripts/build-ui';
import { REPO_ROOT } from '../../e2e/functions-emulator';
import { httpJson } from '../../e2e/loopback-http';
import { createEmulator, type Emulator } from '../server';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const SHOTS = process.env.UPDATE_SCREENSHOTS ? join(REPO_ROOT, 'docs') : mkdtempSync(join(tmpdir(), 'wxacode-links-shots-'));
jest.setTimeout(180_000);
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) console.warn(`[links-page.browser.test] SKIPPED: no Chromium at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH)`);

const DAY = 86_400_000;

(haveChromium ? describe : describe.skip)('the Links page in Chromium', () => {
  let emulator: Emulator;
  let rootDir: string;
  let browser: Browser;
  let page: Page;
  // the simulated WeChat's clock, moved by the test to expire a link without waiting
  let clock = Date.now();

  beforeAll(async () => {
    await buildUi();
    rootDir = mkdtempSync(join(tmpdir(), 'wxacode-links-ui-'));
    emulator = await createEmulator({
      port: 0,
      inMemory: true,
      rootDir,
      appSecret: 'links-ui-secret',
      appPages: () => ['pages/index/index', 'pages/detail/detail'],
      appName: '码上到店',
      plainTextSchemePages: ['pages/detail/detail'],
      wechatClock: () => clock,
    });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
    page = await (await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 } })).newPage();
    page.setDefaultTimeout(45_000);
  });
  afterAll(async () => {
    await browser?.close();
    await emulator?.close();
    if (rootDir) rmSync(rootDir, { recursive: true, force: true });
    if (!process.env.UPDATE_SCREENSHOTS) rmSync(SHOTS, { recursive: true, force: true });
  });

  /** WeChat's HTTPS API with a stable token, as a team's server calls it */
  async function wechatApi(path: string, body: unknown): Promise<Record<string, string>> {
    const token = (await httpJson(`${emulator.url}/cgi-bin/stable_token`, { method: 'POST', body: { grant_type: 'client_credential', appid: emulator.appid, secret: emulator.appSecret } })).body.access_token;
    const reply = await httpJson(`${emulator.url}${path}?access_token=${encodeURIComponent(token)}`, { method: 'POST', body });
    expect(reply.body.errcode).toBe(0);
    return reply.body;
  }

  let opened = 0;
  async function openPasted(link: string): Promise<void> {
    await page.getByTestId('link-input').fill(link);
    await page.getByTestId('link-open').click();
    await page.locator(`[data-testid="link-result"][data-serial="${++opened}"]`).waitFor();
  }
  const text = (testid: string) => page.getByTestId(testid).innerText();

  it('opens a pasted URL Link with cq, in and outside WeChat, a Short Link from the list, and says why an expired one does not open', async () => {
    const urlLink = (await wechatApi('/wxa/generate_urllink', { path: 'pages/detail/detail', query: 'id=42&from=sms', expire_type: 1, expire_interval: 1 })).url_link;
    const shortLink = (await wechatApi('/wxa/genwxashortlink', { page_url: 'pages/detail/detail?id=7', page_title: '双十二' })).link;

    await page.goto(`${emulator.url}/#/links`);
    await page.locator('[data-testid="nav-links"][aria-current="page"]').waitFor();
    await page.locator('[data-testid="link-row"]').nth(1).waitFor();
    expect(await page.getByTestId('links-daily').getAttribute('data-used')).toBe('1');

    await openPasted(`${urlLink}?cq=campaign%3Ddec12`);
    expect(await text('link-opens')).toContain('opens');
    expect(await text('link-page')).toBe('pages/detail/detail');
    expect(JSON.parse(await text('link-query'))).toEqual({ id: '42', from: 'sms', cq: 'campaign%3Ddec12' });
    expect(await text('link-cq')).toBe('campaign%3Ddec12');
    expect(await text('link-scene')).toBe('1194');
    // the caps below poll every 3 s: the opening just made is counted there before the picture
    await page.locator('[data-testid="links-opens"][data-used="1"]').waitFor();
    await page.screenshot({ path: join(SHOTS, 'ui-links-open.png'), fullPage: true });

    await page.getByTestId('link-in-wechat').check();
    await page.getByTestId('link-open').click();
    await page.locator(`[data-testid="link-result"][data-serial="${++opened}"]`).waitFor();
    expect(await text('link-scene')).toBe('1167');
    await page.getByTestId('link-in-wechat').uncheck();

    // the Short Link, from the list of links made
    await page.locator('[data-testid="link-row"][data-kind="shortLink"] [data-testid="link-row-open"]').click();
    await page.locator(`[data-testid="link-result"][data-serial="${++opened}"]`).waitFor();
    expect(await page.getByTestId('link-input').inputValue()).toBe(shortLink);
    expect(await text('link-scene')).toBe('1179');
    expect(JSON.parse(await text('link-query'))).toEqual({ id: '7' });

    // a plain-text scheme of a declared page: no API call, 1286
    await openPasted(`weixin://dl/business/?appid=${emulator.appid}&path=pages/detail/detail&query=${encodeURIComponent('id=5')}`);
    expect(await text('link-scene')).toBe('1286');

    // the openings counted: the URL Link twice and the plain-text scheme (Short Links are outside the cap)
    await page.locator('[data-testid="links-opens"][data-used="3"]').waitFor();

    // two days later the one-day URL Link has expired
    clock += 2 * DAY;
    await openPasted(urlLink);
    expect(await page.getByTestId('link-result').getAttribute('data-opens')).toBe('false');
    expect(await text('link-opens')).toContain('does not open');
    expect(await text('link-reason')).toMatch(/^expired at /);
    await expect(page.getByTestId('link-page').count()).resolves.toBe(0);

    // in Chinese
    await page.getByTestId('lang-zh').click();
    await page.getByText('打开链接').first().waitFor();
    expect(await page.getByTestId('nav-links').innerText()).toBe('链接');
    await page.getByTestId('lang-en').click();
  });

  it('the Usage page shows the links made today against WeChat\'s caps', async () => {
    await wechatApi('/wxa/genwxashortlink', { page_url: 'pages/index/index' });
    await wechatApi('/wxa/generatescheme', {});
    await page.goto(`${emulator.url}/#/usage`);
    await page.getByTestId('usage-links').waitFor();
    const usage = (await httpJson(`${emulator.url}/_emulator/usage`)).body.links;
    expect(usage.urlLinksAndSchemes.used).toBe(1);
    expect(await page.locator('[data-testid="usage-links"] [data-testid="links-daily"]').getAttribute('data-used')).toBe('1');
    expect(await page.locator('[data-testid="usage-links"] [data-testid="links-daily"]').getAttribute('data-limit')).toBe('500000');
    expect(await page.locator('[data-testid="usage-links"] [data-testid="links-short"]').getAttribute('data-used')).toBe('1');
  });
});
