import { billingOf, type BillingUnit } from './units';

export interface FunctionUsage {
  /** times the function ran */
  invocations: number;
  /** 调用次数 its processes sent (the invocations themselves not included) */
  calls: number;
  /** CloudBase requests its processes sent, by action */
  byAction: Record<string, number>;
  /** memory × duration of its invocations */
  gbSeconds: number;
  /** requests its processes sent that the emulated limits refused (not in the counts above) */
  refused: { qps: number; monthlyCalls: number };
}

export interface UsageSnapshot {
  /** epoch ms the counts start from (start or last reset) */
  since: number;
  /** 调用次数: the requests billed as calls */
  calls: number;
  /** the calls of the current calendar month, Beijing time (CloudBase's monthly quota), since `since` at the earliest */
  thisMonth: { month: string; calls: number };
  byAction: Record<string, number>;
  byUnit: Partial<Record<BillingUnit, number>>;
  /** by the function whose process sent the request; requests from elsewhere (a browser, a script) are in byAction only */
  byFunction: Record<string, FunctionUsage>;
  /** requests the emulated limits refused: not billed, not in the counts above */
  refused: { qps: number; monthlyCalls: number };
}

export interface Meter {
  /** one CloudBase request or object transfer; `caller` is the function whose process sent it */
  request(action: string, caller?: string, bytes?: number): void;
  /** one finished invocation of a function */
  invocation(name: string, durationMs: number, memoryMb: number): void;
  /** one request the emulated limits refused; `caller` is the function whose process sent it */
  refusal(limit: 'qps' | 'monthlyCalls', caller?: string): void;
  /** 调用次数 this calendar month (Beijing time), what the monthly quota is measured against */
  callsThisMonth(): number;
  snapshot(): UsageSnapshot;
  reset(): void;
}

/** Counts what the environment would bill; in memory, cleared with the rest of the state. */
export function createMeter(now: () => number = Date.now): Meter {
  let state = fresh(now());
  /** the month's counter, started afresh when a new month begins */
  const thisMonth = () => {
    const month = beijingMonth(now());
    if (state.thisMonth.month !== month) state.thisMonth = { month, calls: 0 };
    return state.thisMonth;
  };
  const fn = (name: string) => (state.byFunction[name] ??= { invocations: 0, calls: 0, byAction: {}, gbSeconds: 0, refused: { qps: 0, monthlyCalls: 0 } });
  const add = (units: UsageSnapshot['byUnit'], unit: BillingUnit, amount: number) => {
    units[unit] = (units[unit] ?? 0) + amount;
  };
  return {
    request(action, caller, bytes = 0) {
      const billing = billingOf(action);
      state.byAction[action] = (state.byAction[action] ?? 0) + 1;
      if (billing.call) {
        state.calls += 1;
        thisMonth().calls += 1;
      }
      if (billing.unit) add(state.byUnit, billing.unit, 1);
      if (billing.bytesUnit && bytes > 0) add(state.byUnit, billing.bytesUnit, bytes);
      if (caller) {
        const usage = fn(caller);
        usage.byAction[action] = (usage.byAction[action] ?? 0) + 1;
        if (billing.call) usage.calls += 1;
      }
    },
    invocation(name, durationMs, memoryMb) {
      // 资源配额: 资源使用量 = 配置内存 × 计费时长, the run time billed in whole 100 ms (1760 ms is billed as 1800 ms)
      const billedMs = Math.ceil(Math.max(0, durationMs) / 100) * 100;
      const gbSeconds = (memoryMb / 1024) * (billedMs / 1000);
      const usage = fn(name);
      usage.invocations += 1;
      usage.gbSeconds += gbSeconds;
      add(state.byUnit, 'gbSeconds', gbSeconds);
    },
    refusal(limit, caller) {
      state.refused[limit] += 1;
      if (caller) fn(caller).refused[limit] += 1;
    },
    callsThisMonth: () => thisMonth().calls,
    snapshot: () => {
      thisMonth();
      return JSON.parse(JSON.stringify(state)) as UsageSnapshot;
    },
    reset() {
      state = fresh(now());
    },
  };
}

function fresh(since: number): UsageSnapshot {
  return { since, calls: 0, thisMonth: { month: beijingMonth(since), calls: 0 }, byAction: {}, byUnit: {}, byFunction: {}, refused: { qps: 0, monthlyCalls: 0 } };
}

/** `YYYY-MM` of a moment in China Standard Time (UTC+8, no daylight saving), where CloudBase's months begin */
export function beijingMonth(ms: number): string {
  return new Date(ms + 8 * 3600_000).toISOString().slice(0, 7);
}
