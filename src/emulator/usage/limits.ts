import { TcbError } from '../gateway/tcb-error';
import type { Meter } from './meter';
import { PLANS, planById } from './plans';

/** The environment's limits as CloudBase enforces them; both off unless set. */
export interface CloudbaseLimits {
  /** requests a second over the whole environment */
  qps?: number;
  /** 调用次数 a month */
  monthlyCalls?: number;
}

export interface Limiter {
  /**
   * throws CloudBase's refusal when one more call would pass a limit; otherwise counts it against the QPS window.
   * `caller`: the function whose process sent the request, so its refusals are counted for it.
   */
  admit(caller?: string): void;
  get(): CloudbaseLimits;
  set(limits: CloudbaseLimits): CloudbaseLimits;
}

const WINDOW_MS = 1000;

/**
 * CloudBase answers a call past the environment's limits with a TCB error the SDK maps through TCB_ERR_CODE:
 * EXCEED_CONCURRENT_REQUEST_LIMIT (-501004 请求并发数超出环境配额) and EXCEED_REQUEST_LIMIT (-501003 请求次数超出环境配额;
 * 请求次数超限、套餐资源耗尽 in CloudBase's 错误码 page).
 */
export function createLimiter(meter: Meter, initial: CloudbaseLimits = {}, now: () => number = Date.now): Limiter {
  let limits = checked(initial);
  // when the admitted calls of the last second happened, oldest first: a sliding one-second window
  let recent: number[] = [];
  return {
    admit(caller) {
      if (limits.monthlyCalls !== undefined && meter.callsThisMonth() >= limits.monthlyCalls) {
        meter.refusal('monthlyCalls', caller);
        throw new TcbError(
          'EXCEED_REQUEST_LIMIT',
          `请求次数超限、套餐资源耗尽 (emulated): the environment's ${limits.monthlyCalls.toLocaleString('en-US')} calls a month (WXACODE_EMULATOR_MONTHLY_CALLS) are used up for this month. On CloudBase: upgrade the plan, buy a 调用次数 resource pack, or turn on 超限按量`,
        );
      }
      if (limits.qps !== undefined) {
        const at = now();
        while (recent.length > 0 && recent[0] <= at - WINDOW_MS) recent.shift();
        if (recent.length >= limits.qps) {
          meter.refusal('qps', caller);
          throw new TcbError(
            'EXCEED_CONCURRENT_REQUEST_LIMIT',
            `请求并发超限 (emulated): more than ${limits.qps} requests in one second for the environment (WXACODE_EMULATOR_QPS=${limits.qps}). Send fewer requests a second (for batch jobs lower WXACODE_BATCH_QPS), retry after a moment, or upgrade the plan`,
          );
        }
        recent.push(at);
      }
    },
    get: () => ({ ...limits }),
    set(next) {
      limits = checked(next);
      recent = [];
      return { ...limits };
    },
  };
}

function checked(limits: CloudbaseLimits): CloudbaseLimits {
  const out: CloudbaseLimits = {};
  for (const key of ['qps', 'monthlyCalls'] as const) {
    const value = limits[key];
    if (value === undefined || value === null) continue;
    if (!Number.isInteger(value) || value <= 0) throw new Error(`${key} must be a positive integer or absent (no limit), got ${JSON.stringify(value)}`);
    out[key] = value;
  }
  return out;
}

/**
 * WXACODE_EMULATOR_QPS and WXACODE_EMULATOR_MONTHLY_CALLS: a positive integer, or the id of a plan in plans.json
 * to take its figure. Unset: no limit.
 */
export function limitsFromEnv(env: NodeJS.ProcessEnv = process.env): CloudbaseLimits {
  return {
    qps: limitValue('WXACODE_EMULATOR_QPS', env, (plan) => plan.qps),
    monthlyCalls: limitValue('WXACODE_EMULATOR_MONTHLY_CALLS', env, (plan) => plan.monthlyCalls),
  };
}

function limitValue(name: string, env: NodeJS.ProcessEnv, fromPlan: (plan: NonNullable<ReturnType<typeof planById>>) => number): number | undefined {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return undefined;
  if (/^\d+$/.test(raw) && Number(raw) > 0) return Number(raw);
  const plan = planById(raw);
  if (plan) return fromPlan(plan);
  throw new Error(
    `${name} must be a positive integer or a plan id (${PLANS.plans.map((p) => p.id).join(', ')}, from src/emulator/usage/plans.json), got "${raw}". Unset it for no limit`,
  );
}
