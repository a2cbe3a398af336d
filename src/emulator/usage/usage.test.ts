import { databaseActions } from '../database/database-actions';
import { functionActions } from '../functions/invoke-function-action';
import { TcbError } from '../gateway/tcb-error';
import { openApiActions } from '../openapi/openapi-action';
import { storageActions } from '../storage/storage-actions';
import { createLimiter, limitsFromEnv } from './limits';
import { createMeter } from './meter';
import { PLANS } from './plans';
import { ACTION_BILLING, billingOf, DEFAULT_MEMORY_MB } from './units';
import { readFunctionMemoryMb } from '../runner/cloudbaserc';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

describe('the billing table', () => {
  it('names a unit for every action the gateway dispatches', () => {
    const dummy = {} as never;
    const actions = Object.keys({
      ...openApiActions(dummy),
      ...storageActions({ envId: 'e', storage: dummy, signer: dummy }),
      ...databaseActions(dummy),
      ...functionActions(dummy, 'wx'),
    });
    expect(actions.length).toBeGreaterThan(5);
    expect(actions.filter((a) => !(a in ACTION_BILLING))).toEqual([]);
    expect(billingOf('database.somethingNew')).toEqual({ unit: 'otherRequests', call: true });
  });
});

describe('the meter', () => {
  it('counts calls, units and callers; object bytes are not calls', () => {
    const meter = createMeter(() => 1000);
    meter.request('database.getDocument', 'fnA');
    meter.request('database.modifyDocument', 'fnA');
    meter.request('storage.getUploadMetadata', 'fnA');
    meter.request('cos.put', 'fnA', 2048);
    meter.request('cos.get', undefined, 512);
    meter.invocation('fnA', 1500, 512);
    const s = meter.snapshot();
    expect(s.calls).toBe(3);
    expect(s.byUnit).toEqual({ databaseReads: 1, databaseWrites: 1, storageUploads: 1, uploadedBytes: 2048, storageDownloads: 1, cdnBytes: 512, gbSeconds: 0.75 });
    expect(s.byFunction.fnA).toEqual({
      invocations: 1,
      calls: 3,
      gbSeconds: 0.75,
      byAction: { 'database.getDocument': 1, 'database.modifyDocument': 1, 'storage.getUploadMetadata': 1, 'cos.put': 1 },
      refused: { qps: 0, monthlyCalls: 0 },
    });
    expect(s.byAction['cos.get']).toBe(1);
    // billed in whole 100 ms, as 资源配额's example: 256 MB for 1760 ms is 0.25 GB × 1.8 s
    meter.invocation('fnB', 1760, 256);
    expect(meter.snapshot().byFunction.fnB.gbSeconds).toBeCloseTo(0.45, 10);
    meter.reset();
    expect(meter.snapshot()).toMatchObject({ since: 1000, calls: 0, byAction: {} });
  });
});

describe('the limiter', () => {
  const refusal = (fn: () => void) => {
    try {
      fn();
      return undefined;
    } catch (err) {
      return err as TcbError;
    }
  };

  it('admits qps calls in any one second, refuses the next with EXCEED_CONCURRENT_REQUEST_LIMIT, and admits again once the second has passed', () => {
    let now = 10_000;
    const meter = createMeter();
    const limiter = createLimiter(meter, { qps: 3 }, () => now);
    for (let i = 0; i < 3; i++) expect(refusal(() => limiter.admit())).toBeUndefined();
    now += 500;
    const refused = refusal(() => limiter.admit());
    expect(refused).toBeInstanceOf(TcbError);
    expect(refused?.code).toBe('EXCEED_CONCURRENT_REQUEST_LIMIT');
    expect(refused?.message).toContain('WXACODE_EMULATOR_QPS=3');
    expect(meter.snapshot().refused.qps).toBe(1);
    // a function's own request refused is counted for it too (the environment's total counts it once)
    expect(refusal(() => limiter.admit('wxacodeBatch'))).toBeInstanceOf(TcbError);
    expect(meter.snapshot().refused.qps).toBe(2);
    expect(meter.snapshot().byFunction.wxacodeBatch.refused).toEqual({ qps: 1, monthlyCalls: 0 });
    now += 500;
    expect(refusal(() => limiter.admit())).toBeUndefined();
  });

  it('refuses every call once the monthly calls are counted, with EXCEED_REQUEST_LIMIT', () => {
    const meter = createMeter();
    const limiter = createLimiter(meter, { monthlyCalls: 2 });
    meter.request('database.getDocument');
    meter.request('database.getDocument');
    const refused = refusal(() => limiter.admit());
    expect(refused?.code).toBe('EXCEED_REQUEST_LIMIT');
    expect(refused?.message).toContain('WXACODE_EMULATOR_MONTHLY_CALLS');
    expect(limiter.set({})).toEqual({});
    expect(refusal(() => limiter.admit())).toBeUndefined();
    expect(() => limiter.set({ qps: 0 })).toThrow('qps must be a positive integer');
  });
});

describe('the monthly quota', () => {
  it('counts the calendar month in Beijing time and starts afresh when the next one begins', () => {
    // 2026-12-31 23:59 in Beijing is 15:59 UTC; a minute later it is January there
    let now = Date.parse('2026-12-31T15:59:00Z');
    const meter = createMeter(() => now);
    const limiter = createLimiter(meter, { monthlyCalls: 2 }, () => now);
    meter.request('database.getDocument');
    meter.request('database.getDocument');
    expect(() => limiter.admit()).toThrow(TcbError);
    expect(meter.snapshot().thisMonth).toEqual({ month: '2026-12', calls: 2 });
    now = Date.parse('2026-12-31T16:00:00Z');
    expect(() => limiter.admit()).not.toThrow();
    expect(meter.snapshot().thisMonth).toEqual({ month: '2027-01', calls: 0 });
    expect(meter.snapshot().calls).toBe(2);
  });
});

describe('WXACODE_EMULATOR_QPS / WXACODE_EMULATOR_MONTHLY_CALLS', () => {
  it('takes a number, or a plan id for its figure, and is off when unset', () => {
    expect(limitsFromEnv({})).toEqual({ qps: undefined, monthlyCalls: undefined });
    expect(limitsFromEnv({ WXACODE_EMULATOR_QPS: '30', WXACODE_EMULATOR_MONTHLY_CALLS: '1000' })).toEqual({ qps: 30, monthlyCalls: 1000 });
    const personal = PLANS.plans.find((p) => p.id === 'personal')!;
    expect(limitsFromEnv({ WXACODE_EMULATOR_QPS: 'personal', WXACODE_EMULATOR_MONTHLY_CALLS: 'personal' })).toEqual({
      qps: personal.qps,
      monthlyCalls: personal.monthlyCalls,
    });
  });

  it('refuses anything else, naming the variable, the plans and what to do', () => {
    expect(() => limitsFromEnv({ WXACODE_EMULATOR_QPS: '-3' })).toThrow(/WXACODE_EMULATOR_QPS must be a positive integer or a plan id \(personal, legacy-basic.*got "-3". Unset it/);
    expect(() => limitsFromEnv({ WXACODE_EMULATOR_MONTHLY_CALLS: 'gold' })).toThrow('WXACODE_EMULATOR_MONTHLY_CALLS');
  });
});

describe('plans.json', () => {
  it('is dated and every plan cites its source', () => {
    expect(PLANS.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(PLANS.plans.length).toBeGreaterThan(0);
    for (const plan of PLANS.plans) {
      expect(plan.monthlyCalls).toBeGreaterThan(0);
      expect(plan.qps).toBeGreaterThan(0);
      expect(plan.source.title).not.toBe('');
      expect(plan.source.url).toMatch(/^https:\/\//);
    }
    expect(new Set(PLANS.plans.map((p) => p.id)).size).toBe(PLANS.plans.length);
  });
});

describe("a function's memory for GB·s", () => {
  it("is cloudbaserc.json's memorySize, else unset (the meter then takes CloudBase's 256 MB)", () => {
    const dir = mkdtempSync(join(tmpdir(), 'wxacode-rc-'));
    const rc = join(dir, 'cloudbaserc.json');
    writeFileSync(rc, JSON.stringify({ functions: [{ name: 'big', memorySize: 1024 }, { name: 'plain' }] }));
    expect(readFunctionMemoryMb(rc, 'big')).toBe(1024);
    expect(readFunctionMemoryMb(rc, 'plain')).toBeUndefined();
    expect(readFunctionMemoryMb(join(dir, 'absent.json'), 'big')).toBeUndefined();
    rmSync(dir, { recursive: true, force: true });
    expect(DEFAULT_MEMORY_MB).toBe(256);
  });
});
