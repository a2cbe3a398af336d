import { AsyncLocalStorage } from 'node:async_hooks';
import { wxacodeGetUnlimited } from '../page-helpers/functions';
import { startFunctionsEmulator, type CallFunctionReply, type FunctionsEmulator } from './functions-emulator';
import { httpJson } from './loopback-http';

/**
 * CloudBase's environment limits, emulated (WXACODE_EMULATOR_QPS, WXACODE_EMULATOR_MONTHLY_CALLS): past them the
 * built functions end in CloudBase's own code with what to do, never in a crash, a hang or a half-stored code.
 */
const FN = 'wxacodeGetUnlimited';
const LIMIT_CODES = [-501003, -501004];
const page = 'pages/index/index';

/** what the caller ended with: a code, or the errCode of the function or of /callFunction itself */
function outcome(reply: CallFunctionReply): { errCode: number; errMsg?: string; fileID?: string } {
  if (reply.status === 200) return reply.body.result;
  return { errCode: reply.body.errCode, errMsg: reply.body.errMsg };
}

/**
 * A mini program page as users run it: the real page helper (src/page-helpers), its `wx.cloud.callFunction` sending
 * POST /callFunction as the caller whose openid the async context holds, and rejecting as wx.cloud does with
 * {errCode, errMsg} when CloudBase refuses the call.
 */
const pageCaller = new AsyncLocalStorage<string>();
function installWx(env: FunctionsEmulator): void {
  (globalThis as { wx?: unknown }).wx = {
    cloud: {
      async callFunction({ name, data }: { name: string; data: object }) {
        const reply = await env.callFunction(name, data, pageCaller.getStore());
        if (reply.status !== 200) throw reply.body;
        return { result: reply.body.result };
      },
    },
  };
}

/** 16 callers, each making its four codes one after the other through the page helper */
async function sixteenCallers(): Promise<{ scene: string; openid: string; errCode: number; errMsg?: string; fileID?: string }[]> {
  const scenes = Array.from({ length: 16 }, (_, caller) => Array.from({ length: 4 }, (_, i) => `c=${caller}&i=${i}`));
  const results = await Promise.all(
    scenes.map((mine, caller) =>
      pageCaller.run(`oCaller${caller}`, async () => {
        const out = [];
        for (const scene of mine) {
          const reply = (await wxacodeGetUnlimited({ scene, page })) as { errCode: number; errMsg?: string; fileID?: string };
          out.push({ scene, openid: `oCaller${caller}`, ...reply });
        }
        return out;
      }),
    ),
  );
  return results.flat();
}

describe('WXACODE_EMULATOR_QPS=30: 16 callers making 4 new codes each, then the same 64 again (cache hits)', () => {
  let env: FunctionsEmulator;
  beforeAll(async () => {
    process.env.WXACODE_EMULATOR_QPS = '30';
    try {
      env = await startFunctionsEmulator();
    } finally {
      delete process.env.WXACODE_EMULATOR_QPS;
    }
    installWx(env);
  });
  afterAll(async () => {
    delete (globalThis as { wx?: unknown }).wx;
    await env?.dispose();
  });

  it('at least 95 % of the codes are made through the per-second refusals, the rest end in -501004 saying what to do, nothing is half-stored, and the refused codes are made once it is lifted', async () => {
    const all = await sixteenCallers();
    expect(all).toHaveLength(64);
    const made = all.filter((r) => r.errCode === 0);
    const refused = all.filter((r) => LIMIT_CODES.includes(r.errCode));
    // nothing else: no crash (-504002), no function past its time limit, no internal error, no claim left blocking (-700105)
    expect(all.filter((r) => r.errCode !== 0 && !LIMIT_CODES.includes(r.errCode))).toEqual([]);
    for (const r of refused) {
      expect(r.errCode).toBe(-501004);
      expect(r.errMsg).toMatch(/QPS|requests a second|请求并发/);
      // what to do, and that it was tried again before giving up (by the function, or by the page helper)
      expect(r.errMsg).toMatch(/[Tt]ry again in a (second|few seconds)/);
      expect(r.errMsg).toMatch(/upgrade the plan|plan with more QPS/);
      expect(r.errMsg).toMatch(/refused \d+ times/);
    }
    const usage = await env.usage();
    // the limit bit: requests were refused, and retried
    expect(usage.refused.qps).toBeGreaterThan(0);
    expect(usage.limits).toEqual({ qps: 30 });
    console.log(`[limits] QPS 30: ${made.length}/64 codes made, ${refused.length} refused, ${usage.refused.qps} requests refused (and sent again)`);
    expect(made.length).toBeGreaterThanOrEqual(Math.ceil(0.95 * 64));

    // nothing half-stored: every code file is whole and has its document (a call refused after its code was stored
    // leaves that code whole: the next call is a cache hit). What a refusal can leave is a claim (a document with no
    // file at its path) whose release was refused too; it blocks that one code until it goes stale after 30 s.
    for (const r of refused) console.log(`[limits] refused: ${r.errMsg}`);
    const db = env.emulator.state.database;
    const storedNow = new Set(env.emulator.state.storage.list().map((f) => f.cloudPath));
    const docs = db.documents('wxacode_codes') ?? [];
    const codeFiles = [...storedNow].filter((path) => path.startsWith('wxacode/getUnlimited/'));
    expect(codeFiles.length).toBeGreaterThanOrEqual(made.length);
    for (const path of codeFiles) expect(docs.some((d) => d.cloudPath === path)).toBe(true);
    const claims = docs.map((doc, index) => ({ doc, index })).filter(({ doc }) => !storedNow.has(String(doc.cloudPath)));
    console.log(`[limits] claims left by refused releases: ${claims.length}`);
    // 30 s later, as far as those claims go (their claimedAt moved back rather than a test waiting it out)
    await db.replaceAt('wxacode_codes', claims.map(({ doc, index }) => ({ index, doc: { ...doc, claimedAt: Number(doc.claimedAt) - 31_000 } })));

    // the same 64 again, still under the limit: the codes made are cache hits now (no WeChat call), the rest made now
    const wechatBefore = (await env.wechatCalls()).length;
    const again = await sixteenCallers();
    const hits = again.filter((r) => r.errCode === 0 && made.some((m) => m.fileID === r.fileID));
    expect(again.filter((r) => r.errCode !== 0 && !LIMIT_CODES.includes(r.errCode))).toEqual([]);
    console.log(`[limits] QPS 30, again: ${again.filter((r) => r.errCode === 0).length}/64 answered, ${hits.length} of the ${made.length} made before as cache hits`);
    expect(hits.length).toBeGreaterThanOrEqual(Math.ceil(0.95 * made.length));
    expect((await env.wechatCalls()).length - wechatBefore).toBeLessThanOrEqual(64 - hits.length);

    // lifted: each code still missing is made on the next try, by the same caller, and each of the 64 is one stored code
    expect((await httpJson(`${env.url}/_emulator/usage/limits`, { method: 'PUT', body: {} })).body).toEqual({});
    const missing = again.filter((r) => r.errCode !== 0);
    const last = await Promise.all(missing.map(async (r) => ({ scene: r.scene, ...outcome(await env.callFunction(FN, { scene: r.scene, page }, r.openid)) })));
    expect(last.filter((r) => r.errCode !== 0)).toEqual([]);
    expect(new Set([...again, ...last].filter((r) => r.errCode === 0).map((r) => r.fileID)).size).toBe(64);
    const storedAfter = new Set(env.emulator.state.storage.list().map((f) => f.cloudPath));
    expect((db.documents('wxacode_codes') ?? []).filter((d) => storedAfter.has(String(d.cloudPath)))).toHaveLength(64);
  });
});

describe('WXACODE_EMULATOR_MONTHLY_CALLS: the month\'s calls used up', () => {
  let env: FunctionsEmulator;
  beforeAll(async () => {
    env = await startFunctionsEmulator({ emulator: { cloudbaseLimits: { monthlyCalls: 40 } } });
  });
  afterAll(() => env?.dispose());

  it('ends new codes and cache hits alike in -501003 with what to do, until the quota is raised', async () => {
    const results = [];
    for (let i = 0; i < 8; i++) results.push(outcome(await env.callFunction(FN, { scene: `m=${i}`, page })));
    const made = results.filter((r) => r.errCode === 0);
    const refused = results.filter((r) => r.errCode === -501003);
    expect(made.length + refused.length).toBe(results.length);
    expect(made.length).toBeGreaterThan(0);
    // once spent it stays spent: every later call is refused
    const firstRefused = results.findIndex((r) => r.errCode === -501003);
    expect(firstRefused).toBeGreaterThan(0);
    expect(results.slice(firstRefused).every((r) => r.errCode === -501003)).toBe(true);
    for (const r of refused) expect(r.errMsg).toMatch(/调用次数|calls a month|请求次数/);
    const usage = await env.usage();
    expect(usage.calls).toBe(40);
    expect(usage.refused.monthlyCalls).toBeGreaterThan(0);
    // a code already made: also refused, the month's calls are gone
    expect(outcome(await env.callFunction(FN, { scene: 'm=0', page })).errCode).toBe(-501003);

    // raised, and 30 s later as far as a claim left by the call that ran out midway goes: the refused codes are made
    const db = env.emulator.state.database;
    const docs = db.documents('wxacode_codes') ?? [];
    const storedNow = new Set(env.emulator.state.storage.list().map((f) => f.cloudPath));
    const claims = docs.map((doc, index) => ({ doc, index })).filter(({ doc }) => !storedNow.has(String(doc.cloudPath)));
    expect(claims.length).toBeLessThanOrEqual(1);
    await db.replaceAt('wxacode_codes', claims.map(({ doc, index }) => ({ index, doc: { ...doc, claimedAt: Number(doc.claimedAt) - 31_000 } })));
    await httpJson(`${env.url}/_emulator/usage/limits`, { method: 'PUT', body: { monthlyCalls: 1000 } });
    for (let i = firstRefused; i < 8; i++) expect(outcome(await env.callFunction(FN, { scene: `m=${i}`, page })).errCode).toBe(0);
  });
});
