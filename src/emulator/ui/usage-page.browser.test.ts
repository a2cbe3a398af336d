/**
 * The Usage page in a real Chromium (Debian's `chromium` driven by playwright-core, as ui.browser.test.ts does),
 * against the built functions: what it shows is what GET /_emulator/usage counted, and the projection follows the
 * numbers typed in. UPDATE_SCREENSHOTS=1 writes docs/ui-usage.png for the emulator guide (docs/en/emulator.md).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { buildUi } from '../../../scripts/build-ui';
import { REPO_ROOT, startFunctionsEmulator, type FunctionsEmulator } from '../../e2e/functions-emulator';
import { httpJson } from '../../e2e/loopback-http';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const SHOTS = process.env.UPDATE_SCREENSHOTS ? join(REPO_ROOT, 'docs') : mkdtempSync(join(tmpdir(), 'wxacode-usage-shots-'));
jest.setTimeout(180_000);
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) console.warn(`[usage-page.browser.test] SKIPPED: no Chromium at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH)`);

(haveChromium ? describe : describe.skip)('the Usage page in Chromium', () => {
  let fx: FunctionsEmulator;
  let browser: Browser;
  let page: Page;
  beforeAll(async () => {
    await buildUi();
    fx = await startFunctionsEmulator({ emulator: { cloudbaseLimits: { monthlyCalls: 200 } } });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
    page = await (await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 } })).newPage();
    page.setDefaultTimeout(45_000);
  });
  afterAll(async () => {
    await browser?.close();
    await fx?.dispose();
    if (!process.env.UPDATE_SCREENSHOTS) rmSync(SHOTS, { recursive: true, force: true });
  });

  it('shows the counted calls, what each function costs per call and what a month of codes would use of each plan', async () => {
    for (const scene of ['t=1', 't=2', 't=3']) expect((await fx.result('wxacodeGetUnlimited', { scene, page: 'pages/index/index' })).errCode).toBe(0);
    for (const scene of ['t=1', 't=2']) expect((await fx.result('wxacodeGetUnlimited', { scene, page: 'pages/index/index' })).cached).toBe(true);
    const usage = (await httpJson(`${fx.url}/_emulator/usage`)).body;
    const fn = usage.byFunction.wxacodeGetUnlimited;
    const perCall = (fn.calls + fn.invocations) / fn.invocations;

    await page.goto(`${fx.url}/#/usage`);
    await page.locator('[data-testid="nav-usage"][aria-current="page"]').waitFor();
    await page.getByTestId('usage-fn-wxacodeGetUnlimited').waitFor();
    expect(Number((await page.getByTestId('usage-calls').innerText()).replace(/,/g, ''))).toBe(usage.calls);
    expect(await page.getByTestId('per-call-wxacodeGetUnlimited').innerText()).toBe(String(Math.round(perCall * 10) / 10));
    expect(await page.getByTestId('usage-fn-wxacodeGetUnlimited').innerText()).toContain('wx.openApi ×0.6');
    expect(await page.getByTestId('usage-monthly-meter').getAttribute('data-limit')).toBe('200');

    // the projection: 10,000 codes at this function's calls per invocation, against each plan of plans.json
    const personal = usage.plans.plans.find((p: { id: string }) => p.id === 'personal');
    const row = page.getByTestId('projection-personal');
    expect(await row.getAttribute('data-used')).toBe(String(Math.round(10_000 * perCall)));
    expect(await row.innerText()).toContain(personal.monthlyCalls.toLocaleString('en-US'));
    expect(await row.locator('a').getAttribute('href')).toBe(personal.source.url);
    // a legacy plan counted function invocations only: one per code
    expect(await page.getByTestId('projection-legacy-basic').getAttribute('data-used')).toBe('10000');
    expect(await page.getByTestId('plans-as-of').innerText()).toContain(usage.plans.asOf);
    await page.screenshot({ path: join(SHOTS, 'ui-usage.png'), fullPage: true });
    await page.getByTestId('projection-codes').fill('100000');
    await page.locator(`[data-testid="projection-personal"][data-used="${Math.round(100_000 * perCall)}"]`).waitFor();
    expect(await row.getAttribute('data-used')).toBe(String(Math.round(100_000 * perCall)));
    await page.getByTestId('projection-codes').fill('10000');

    // in Chinese, the same numbers
    await page.getByTestId('lang-zh').click();
    await page.getByText('每个云函数每次调用的开销').waitFor();
    expect(await page.getByTestId('nav-usage').innerText()).toBe('用量');
    expect(await page.getByTestId('projection-personal').getAttribute('data-used')).toBe(String(Math.round(10_000 * perCall)));
    await page.getByTestId('lang-en').click();
  });
});
