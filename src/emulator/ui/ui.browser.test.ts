/**
 * The emulator's web UI in a real Chromium (Debian's `chromium` driven by playwright-core; no browser is ever
 * downloaded), against the built functions in the emulator. Every check is what a person at the screen would
 * see; the screenshots of docs/ui-*.png are taken here.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { buildUi } from '../../../scripts/build-ui';
import { REPO_ROOT, startFunctionsEmulator, type FunctionsEmulator } from '../../e2e/functions-emulator';
import type { Activity } from '../activity/activity-log';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
/** UPDATE_SCREENSHOTS=1 writes the screenshots of the README and the emulator guide into docs/; otherwise they go to a temporary folder */
const SHOTS = process.env.UPDATE_SCREENSHOTS ? join(REPO_ROOT, 'docs') : mkdtempSync(join(tmpdir(), 'wxacode-ui-shots-'));
/** generous: a loaded 2-core machine starts function processes slowly; nothing here asserts speed */
const WAIT_MS = 45_000;
jest.setTimeout(300_000);
const haveChromium = existsSync(CHROMIUM);

if (!haveChromium && process.env.CI) {
  test('the browser tests of the emulator UI need Chromium in CI', () => {
    throw new Error(`no Chromium at ${CHROMIUM}: install it with \`apt-get install -y chromium\` (or set CHROMIUM_PATH); in CI these tests must run`);
  });
} else if (!haveChromium) {
  console.warn(`[ui.browser.test] SKIPPED: no Chromium at ${CHROMIUM}. The emulator UI's browser tests did NOT run. Install it with \`apt-get install -y chromium\` (or set CHROMIUM_PATH).`);
}

(haveChromium ? describe : describe.skip)('the emulator web UI in Chromium', () => {
  let fx: FunctionsEmulator;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    await buildUi();
    fx = await startFunctionsEmulator();
    // nothing that phones home (the test machine has no network beyond loopback); playwright gives every launch
    // a fresh, temporary profile (--user-data-dir) of its own and removes it on close
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
    context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    page.setDefaultTimeout(WAIT_MS);
    mkdirSync(SHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await fx?.dispose();
    if (!process.env.UPDATE_SCREENSHOTS) rmSync(SHOTS, { recursive: true, force: true });
  });
  afterEach(async () => {
    expect(fx.blocked()).toEqual([]);
    // a failed test must not leave a fault on for the next one
    await fx.setFaults({ force45009: false, force45029: false });
  });

  let loads = 0;
  /** a fresh load of the page (a new query string, so not just a hash change), as a person opening a link */
  const open = async (hash: string) => {
    await page.goto(`${fx.url}/?load=${++loads}#/${hash}`);
    await page.locator(`[data-testid="nav-${hash}"][aria-current="page"]`).waitFor();
  };
  const activity = async (): Promise<Activity[]> => ((await (await fetch(`${fx.url}/_emulator/activity`)).json()) as { activity: Activity[] }).activity;
  const shot = (name: string) => page.screenshot({ path: join(SHOTS, name), fullPage: true });
  const text = (testid: string) => page.getByTestId(testid).innerText();

  /** clicks "Make the code" and waits for the new result (each one has the next serial) */
  async function makeCode() {
    const result = page.locator('[data-testid="make-result"]');
    const shown = (await result.count()) > 0 ? await result.getAttribute('data-serial') : '0';
    await page.getByTestId('make-submit').click();
    await page.locator(`[data-testid="make-result"][data-serial="${Number(shown) + 1}"]`).waitFor();
  }

  test('makes a code with each of the three APIs and shows it, what WeChat received and how the page opens', async () => {
    await open('make');
    // getUnlimited with an inline sceneData
    await page.getByTestId('fn-wxacodeGetUnlimited').click();
    await page.getByTestId('field-sceneKind').selectOption('sceneData');
    await page.getByTestId('field-sceneData').fill('{"id": 42, "from": "海报"}');
    await page.getByTestId('field-openid').fill('oUiMaker');
    await makeCode();
    expect(await text('result-errCode')).toBe('0');
    await page.getByTestId('result-received').waitFor();
    const received = JSON.parse(await text('result-received'));
    expect(received).toMatchObject({ api: 'wxacode.getUnlimited', page: 'pages/index/index', width: 430 });
    const scene = received.scene as string;
    expect(await text('result-query')).toBe(encodeURIComponent(scene));
    await page.getByTestId('result-page-shows').locator('pre').waitFor();
    expect(JSON.parse(await page.getByTestId('result-page-shows').locator('pre').innerText())).toEqual({ id: 42, from: '海报' });
    const condition = JSON.parse(await text('result-condition'));
    expect(condition).toMatchObject({ pathName: 'pages/index/index', query: `scene=${encodeURIComponent(scene)}` });
    // the image as the browser drew it: loaded, as wide as asked
    await page.waitForFunction(`(() => { const img = document.querySelector('[data-testid="result-image"]'); return img.complete && img.naturalWidth === 430; })()`);
    await shot('ui-make.png');

    // a payload too long for 32 characters is stored, and the page resolves it through wxacodeResolveScene
    await page.getByTestId('field-sceneData').fill('{"product": "SKU-2026-000123", "referrer": "王小明"}');
    await makeCode();
    await page.getByTestId('result-page-shows').locator('pre').waitFor();
    expect(await text('result-page-shows')).toContain('wxacodeResolveScene');
    expect(JSON.parse(await page.getByTestId('result-page-shows').locator('pre').innerText())).toEqual({ product: 'SKU-2026-000123', referrer: '王小明' });

    for (const [fn, api] of [['wxacodeGet', 'wxacode.get'], ['wxacodeCreateQRCode', 'wxacode.createQRCode']] as const) {
      await page.getByTestId(`fn-${fn}`).click();
      await page.getByTestId('field-path').fill(`pages/index/index?from=${fn}`);
      await page.getByTestId('field-width').fill('300');
      await makeCode();
      expect(await text('result-errCode')).toBe('0');
      expect(await text('result-cached')).toContain('false');
      expect(await text('result-fileID')).toMatch(/^cloud:\/\//);
      await page.getByTestId('result-received').waitFor();
      expect(JSON.parse(await text('result-received'))).toMatchObject({ api, path: `pages/index/index?from=${fn}`, width: 300 });
      expect(JSON.parse(await text('result-query'))).toEqual({ from: fn });
    }
    // the same again comes from the cache
    await makeCode();
    await page.waitForFunction(`document.querySelector('[data-testid="result-cached"]')?.textContent?.startsWith('true')`);
  });

  test('a refused parameter shows the function’s errMsg before anything is sent', async () => {
    await open('make');
    await page.getByTestId('fn-wxacodeGetUnlimited').click();
    await page.getByTestId('field-sceneKind').selectOption('scene');
    const sent: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/callFunction')) sent.push(request.url());
    });
    const before = (await activity()).length;
    await page.getByTestId('field-scene').fill('id=50%');
    const shown = await text('precheck-error');
    // exactly what wxacodeGetUnlimited answers for this scene (docs/en/functions.md, "What is checked before WeChat is called")
    expect(shown).toContain('errCode 40129');
    expect(shown).toContain('scene: must be 1 to 32 characters from digits, letters and');
    expect(shown).toContain('received string "id=50%"');
    expect(await page.getByTestId('field-scene').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByTestId('make-submit').isDisabled()).toBe(true);
    await page.getByTestId('field-scene').press('Enter');
    await shot('ui-refused.png');
    // a call from outside as a barrier: once it is logged, anything the page had sent would be logged too
    await fetch(`${fx.url}/callFunction`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'wxacodeResolveScene', data: { scene: 'barrier=1' } }) });
    const after = (await activity()).slice(before);
    expect(after.some((a) => a.kind === 'function' && JSON.stringify(a.event).includes('barrier=1'))).toBe(true);
    expect(after.filter((a) => a.function !== 'wxacodeResolveScene')).toEqual([]);
    expect(sent).toEqual([]);

    // the function itself says the same
    const reply = (await (await fetch(`${fx.url}/callFunction`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'wxacodeGetUnlimited', data: { scene: 'id=50%' } }) })).json()) as { result: { errCode: number; errMsg: string } };
    expect(shown).toBe(`errCode ${reply.result.errCode} ${reply.result.errMsg}`);
  });

  test('a call made with curl appears in the live log, with its caller, errCode and cache hit', async () => {
    await open('calls');
    await page.waitForFunction(`document.querySelector('[data-testid="calls-connection"]')?.className.includes('ok')`);
    const data = { scene: 'from=curl', page: 'pages/index/index' };
    const call = () => fetch(`${fx.url}/callFunction`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-wx-openid': 'oCurlUser' }, body: JSON.stringify({ name: 'wxacodeGetUnlimited', data }) });
    await call();
    await call();
    const rows = page.locator('[data-testid="calls-row"][data-function="wxacodeGetUnlimited"]', { hasText: 'from=curl' });
    await page.waitForFunction(`document.querySelectorAll('[data-testid="calls-row"][data-function="wxacodeGetUnlimited"]').length >= 2`);
    expect(await rows.count()).toBe(2);
    const [second, first] = [await rows.nth(0).innerText(), await rows.nth(1).innerText()];
    expect(first).toContain('oCurlUser');
    expect(first).toMatch(/\bmiss\b/);
    expect(second).toMatch(/\bhit\b/);
    // WeChat was called once, for the miss
    expect(await page.locator('[data-testid="calls-row"][data-function="wxacode.getUnlimited"]', { hasText: 'from=curl' }).count()).toBe(1);
    await rows.nth(0).click();
    expect(JSON.parse(await page.getByTestId('calls-detail').locator('pre').innerText())).toMatchObject({ function: 'wxacodeGetUnlimited', openid: 'oCurlUser', cached: true, errCode: 0 });
    await page.getByTestId('calls-filter-function').selectOption('wxacodeGetUnlimited');
    await page.getByTestId('calls-filter-errcode').selectOption('0');
    expect(await page.locator('[data-testid="calls-row"]:not([data-function="wxacodeGetUnlimited"])').count()).toBe(0);
    await page.getByTestId('calls-filter-function').selectOption('');
    await page.getByTestId('calls-filter-errcode').selectOption('');
    await shot('ui-calls.png');
  });

  test('a fault switched on makes the next call fail, and the UI shows it', async () => {
    await open('faults');
    await page.getByTestId('fault-toggle-force45029').check();
    await page.waitForFunction(async (url) => ((await (await fetch(url)).json()) as { force45029: boolean }).force45029, `${fx.url}/_emulator/faults`);
    await shot('ui-faults.png');
    await open('make');
    await page.getByTestId('fn-wxacodeGet').click();
    await page.getByTestId('field-path').fill('pages/index/index?fault=1');
    await makeCode();
    expect(await text('result-errCode')).toBe('45029');
    expect(await text('result-errMsg')).toMatch(/^openapi\.wxacode\.get:fail /);
    await open('calls');
    await page.locator('[data-testid="calls-row"][data-errcode="45029"][data-function="wxacode.get"]').first().waitFor();
    await open('faults');
    await page.getByTestId('fault-toggle-force45029').uncheck();
    await page.waitForFunction(async (url) => !((await (await fetch(url)).json()) as { force45029: boolean }).force45029, `${fx.url}/_emulator/faults`);
  });

  test('the quota meter moves after a get', async () => {
    await open('limits');
    await page.getByTestId('quota-meter').waitFor();
    await page.getByTestId('daily-meter').waitFor();
    const used = async () => Number(await page.getByTestId('quota-meter').getAttribute('data-used'));
    const before = await used();
    const dailyBefore = Number(await page.getByTestId('daily-meter').getAttribute('data-used'));
    const reply = await fetch(`${fx.url}/callFunction`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-wx-openid': 'oQuotaUser' }, body: JSON.stringify({ name: 'wxacodeGet', data: { path: 'pages/index/index?quota=1' } }) });
    expect(((await reply.json()) as { result: { errCode: number } }).result.errCode).toBe(0);
    await page.waitForFunction(`Number(document.querySelector('[data-testid="quota-meter"]')?.getAttribute('data-used')) === ${before + 1}`);
    expect(await text('quota-left')).toBe((100_000 - before - 1).toLocaleString('en-US'));
    // get's daily cap counts it too
    expect(Number(await page.getByTestId('daily-meter').getAttribute('data-used'))).toBe(dailyBefore + 1);
    await page.getByTestId('user-windows').waitFor();
    await shot('ui-limits.png');
  });

  test('the codes gallery shows stored codes with their parameters, and deletes one', async () => {
    await open('codes');
    await page.getByTestId('code-card').first().waitFor();
    const cards = await page.getByTestId('code-card').count();
    expect(cards).toBeGreaterThanOrEqual(4);
    expect(await page.getByTestId('code-card').first().innerText()).toContain('"path": "pages/index/index?quota=1"');
    await shot('ui-codes.png');
    const id = await page.getByTestId('code-card').first().getAttribute('data-id');
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByTestId('code-delete').first().click();
    await page.waitForFunction(`document.querySelectorAll('[data-testid="code-card"]').length === ${cards - 1}`);
    const stored = ((await (await fetch(`${fx.url}/_emulator/codes`)).json()) as { codes: { _id: string }[] }).codes;
    expect(stored.map((c) => c._id)).not.toContain(id);
  });

  test('the data page lists collections and their documents', async () => {
    await open('data');
    await page.getByTestId('collection-wxacode_codes').click();
    await page.getByTestId('document').first().waitFor();
    expect(await page.getByTestId('document').first().innerText()).toContain('"cloudPath": "wxacode/');
    await page.getByTestId('storage-files').click();
    await page.getByTestId('file-row').first().waitFor();
    await page.getByTestId('collection-wxacode_scenes').click();
    // the stored sceneData of the first test, as the function wrote it
    await page.getByTestId('document').filter({ hasText: 'SKU-2026-000123' }).waitFor();
    await shot('ui-data.png');
  });

  test('the batch jobs page follows a job to done and links its print sheet, a PDF', async () => {
    // a small job submitted as a trusted server-side caller, as the console or another function would
    const items = ['A-1', 'A-2', '桌号-3'].map((label, i) => ({ label, sceneData: { t: i + 1 } }));
    const submitted = await fetch(`${fx.url}/callFunction`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-wx-caller': 'trusted' },
      body: JSON.stringify({ name: 'wxacodeBatch', data: { action: 'submit', items, defaults: { page: 'pages/index/index' } } }),
    });
    const { result } = (await submitted.json()) as { result: { errCode: number; jobId: string } };
    expect(result.errCode).toBe(0);
    await open('batch');
    const job = page.locator(`[data-testid="batch-job"][data-job-id="${result.jobId}"]`);
    // the page polls the job's status until the workers have made all three
    await page.locator(`[data-testid="batch-job"][data-job-id="${result.jobId}"][data-state="done"]`).waitFor();
    const count = async (name: string) => job.getByTestId(`batch-${name}`).locator('dd').innerText();
    expect({ total: await count('total'), made: await count('made'), cached: await count('cached'), failed: await count('failed'), remaining: await count('remaining') }).toEqual({ total: '3', made: '3', cached: '0', failed: '0', remaining: '0' });
    await job.getByTestId('batch-sheet').click();
    const link = job.getByTestId('batch-link-sheet');
    await link.waitFor();
    const href = await link.getAttribute('href');
    const pdf = Buffer.from(await (await fetch(new URL(href!, fx.url))).arrayBuffer());
    expect(pdf.subarray(0, 4).toString('latin1')).toBe('%PDF');
    await job.getByTestId('batch-manifest').click();
    await job.getByTestId('batch-link-manifest-csv').waitFor();
    const csv = await (await fetch(new URL((await job.getByTestId('batch-link-manifest-csv').getAttribute('href'))!, fx.url))).text();
    for (const item of items) expect(csv).toContain(item.label);
    await shot('ui-batch.png');
  });

  test('speaks Chinese first when the browser asks for it, and switches', async () => {
    const zh = await browser.newContext({ locale: 'zh-CN', viewport: { width: 390, height: 844 } });
    try {
      const phone = await zh.newPage();
      phone.setDefaultTimeout(WAIT_MS);
      await phone.goto(`${fx.url}/#/make`);
      await phone.getByTestId('nav-make').waitFor();
      expect(await phone.getByTestId('nav-make').innerText()).toBe('生成');
      expect(await phone.getByTestId('make-submit').innerText()).toBe('生成');
      await phone.screenshot({ path: join(SHOTS, 'ui-mobile-zh.png'), fullPage: true });
      await phone.getByTestId('lang-en').click();
      expect(await phone.getByTestId('nav-make').innerText()).toBe('Make');
    } finally {
      await zh.close();
    }
  });
});
