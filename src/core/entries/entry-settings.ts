import { ErrCode, WxacodeError } from '../errors';

export const ENTRY_VARIABLES = {
  /** on (default): stored scenes, links and inline scenes; stored: not inline scenes; off: nothing is recorded */
  record: 'WXACODE_ENTRIES',
  /** a re-entry by the same code and user within this many seconds of the last counted one is not counted again */
  dedupeSeconds: 'WXACODE_ENTRY_DEDUPE_SECONDS',
  /** keep each raw entry (time, 场景值, page) this many days; unset or 0: raw entries are not kept */
  logDays: 'WXACODE_ENTRY_LOG_DAYS',
} as const;

export interface EntrySettings {
  record: 'on' | 'stored' | 'off';
  dedupeMs: number;
  /** 0: raw entries are not kept */
  logDays: number;
}

/**
 * 30 minutes: a hot start by the same code (the page's onLoad/onShow fire again) and Android's stale 场景值 after the
 * Home key both come back within it, as a visit would in WeChat's own analytics.
 */
export const DEFAULT_DEDUPE_SECONDS = 1800;
const MAX_DEDUPE_SECONDS = 7 * 86_400;
const MAX_LOG_DAYS = 365;

export function readEntrySettings(env: Record<string, string | undefined>): EntrySettings {
  const record = (env[ENTRY_VARIABLES.record] ?? '').trim().toLowerCase() || 'on';
  if (record !== 'on' && record !== 'stored' && record !== 'off') {
    throw new WxacodeError(
      ErrCode.INTERNAL,
      `${ENTRY_VARIABLES.record}: must be on, stored or off; received ${JSON.stringify(env[ENTRY_VARIABLES.record])}. Unset it to record entries of every code`,
    );
  }
  return {
    record,
    dedupeMs: wholeNumber(env, ENTRY_VARIABLES.dedupeSeconds, DEFAULT_DEDUPE_SECONDS, 0, MAX_DEDUPE_SECONDS) * 1000,
    logDays: wholeNumber(env, ENTRY_VARIABLES.logDays, 0, 0, MAX_LOG_DAYS),
  };
}

function wholeNumber(env: Record<string, string | undefined>, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new WxacodeError(ErrCode.INTERNAL, `${name}: must be a whole number from ${min} to ${max}; received ${JSON.stringify(raw)}. Unset it for the default (${fallback})`);
  }
  return value;
}
