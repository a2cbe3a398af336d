/**
 * After the print, in the emulator's UI in Chromium (Debian's chromium driven by playwright-core): a code made on the
 * Make page is "scanned" as chosen 场景值 and users, the Stats page shows its counts by day and by 场景值 as bars, and
 * the 活码 actions change it. UPDATE_SCREENSHOTS=1 writes docs/ui-stats.png.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { buildUi } from '../../../scripts/build-ui';
import { chinaDate } from '../../core/entries/china-date';
import { REPO_ROOT, startFunctionsEmulator, type FunctionsEmulator } from '../../e2e/functions-emulator';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const SHOTS = process.env.UPDATE_SCREENSHOTS ? join(REPO_ROOT, 'docs') : mkdtempSync(join(tmpdir(), 'wxacode-stats-shots-'));
jest.setTimeout(300_000);
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) console.warn(`[stats-page.browser.test] SKIPPED: no Chromium at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH)`);

(haveChromium ? describe : describe.skip)('Scan as, the Stats page and 活码 in Chromium', () => {
  let fx: FunctionsEmulator;
  let browser: Browser;
  let page: Page;
  beforeAll(async () => {
    await buildUi();
    fx = await startFunctionsEmulator();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
    page = await (await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 } })).newPage();
    page.setDefaultTimeout(45_000);
    mkdirSync(SHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await fx?.dispose();
    if (!process.env.UPDATE_SCREENSHOTS) rmSync(SHOTS, { recursive: true, force: true });
  });

  async function scanAs(sceneValue: string, openid: string): Promise<Record<string, unknown>> {
    const scans = Number(await page.getByTestId('scan-as').getAttribute('data-scans'));
    await page.getByTestId('scan-sceneValue').selectOption(sceneValue);
    await page.getByTestId('scan-openid').fill(openid);
    await page.getByTestId('scan-submit').click();
    await page.locator(`[data-testid="scan-as"][data-scans="${scans + 1}"]`).waitFor();
    return JSON.parse(await page.getByTestId('scan-reply').innerText()) as Record<string, unknown>;
  }

  it('scans a stored code as three users and 场景值, shows exact counts and bars, and changes it as 活码', async () => {
    await page.goto(`${fx.url}/#/make`);
    await page.getByTestId('field-sceneKind').selectOption('sceneData');
    await page.getByTestId('field-sceneData').fill('{"shop": "北京朝阳店", "table": 12}');
    await page.getByTestId('field-sceneMode').selectOption('stored');
    await page.getByTestId('make-submit').click();
    await page.getByTestId('scan-as').waitFor();

    expect(await scanAs('1047', 'oUiUserA00000000000000000001')).toMatchObject({ errCode: 0, recorded: true, data: { table: 12 } });
    expect(await scanAs('1048', 'oUiUserB00000000000000000002')).toMatchObject({ recorded: true });
    expect(await scanAs('1047', 'oUiUserC00000000000000000003')).toMatchObject({ recorded: true });
    // user A again a moment later: a hot start, the same entry
    expect(await scanAs('1047', 'oUiUserA00000000000000000001')).toMatchObject({ recorded: false });

    await page.getByTestId('nav-stats').click();
    const row = page.getByTestId('stats-row').first();
    await row.waitFor();
    expect(await row.getByTestId('stats-entries').innerText()).toBe('3');
    expect(await row.getByTestId('stats-users').innerText()).toBe('3');
    expect(await row.getByTestId('stats-newUsers').innerText()).toBe('3');
    const bars = async (testid: string) =>
      page.getByTestId(testid).locator('g').evaluateAll((groups) => groups.map((g) => [g.getAttribute('data-key'), Number(g.getAttribute('data-value'))]));
    expect(await bars('chart-by-day')).toEqual([[chinaDate(Date.now()), 3]]);
    expect(await bars('chart-by-scene-value')).toEqual([['1047', 2], ['1048', 1]]);
    expect(await page.getByTestId('chart-by-scene-value').textContent()).toContain('scanned 小程序码');

    await page.getByTestId('live-page').fill('pages/make/make');
    await page.getByTestId('live-update-page').click();
    await page.getByTestId('live-history').locator('li').first().waitFor();
    expect(await page.getByTestId('live-reply').innerText()).toContain('"errCode": 0');
    await page.getByTestId('live-disable').click();
    await page.getByTestId('live-history').locator('li').nth(1).waitFor();
    const history = await page.getByTestId('live-history').locator('li').allInnerTexts();
    expect(history.map((h) => h.split(' · ').slice(1, 3))).toEqual([['update', 'trusted'], ['disable', 'trusted']]);
    await page.screenshot({ path: join(SHOTS, 'ui-stats.png'), fullPage: true });

    // the code now answers a scan with the team's message
    const scene = await page.getByTestId('stats-detail').getAttribute('data-scene');
    expect(await fx.result('wxacodeResolveScene', { scene, entry: { sceneValue: 1047 } }, 'oUiUserD00000000000000000004')).toEqual({ errCode: -700005, errMsg: '本桌暂停使用，请扫描其他桌的码' });
  });
});
