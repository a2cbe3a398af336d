import { LINK_ERRCODES } from './errors';
import type { FaultController, FaultSettings } from './types';

export const DEFAULT_FAULTS: Readonly<FaultSettings> = Object.freeze({
  systemErrorRate: 0,
  latencyMs: 0,
  force45009: false,
  force45029: false,
  linkErrcode: 0,
  appUnreleased: false,
});

/** A latency above this would outlast any test or client timeout; it is a typo, not a scenario. */
export const MAX_LATENCY_MS = 600_000;

const CHECKS: { [K in keyof FaultSettings]: (value: unknown) => string | undefined } = {
  systemErrorRate: (v) =>
    typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= 1 ? undefined : 'must be a number from 0 to 1',
  latencyMs: (v) =>
    typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= MAX_LATENCY_MS
      ? undefined
      : `must be a number of milliseconds from 0 to ${MAX_LATENCY_MS}`,
  force45009: (v) => (typeof v === 'boolean' ? undefined : 'must be true or false'),
  force45029: (v) => (typeof v === 'boolean' ? undefined : 'must be true or false'),
  linkErrcode: (v) =>
    v === 0 || (LINK_ERRCODES as readonly unknown[]).includes(v)
      ? undefined
      : `must be 0 (off) or an errcode of the link APIs' tables: ${LINK_ERRCODES.join(', ')}`,
  appUnreleased: (v) => (typeof v === 'boolean' ? undefined : 'must be true or false'),
};

/** Checks a whole patch before applying any of it, so a bad field leaves the settings untouched. */
export function validateFaultPatch(patch: unknown): Partial<FaultSettings> {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) {
    throw new Error(`fault settings must be an object, got ${patch === null ? 'null' : typeof patch}`);
  }
  for (const [field, value] of Object.entries(patch)) {
    // own keys only: `in` would accept "hasOwnProperty", "constructor" and the like from Object.prototype
    if (!Object.prototype.hasOwnProperty.call(CHECKS, field)) {
      throw new Error(`unknown fault setting "${field}" (known: ${Object.keys(CHECKS).join(', ')})`);
    }
    if (value === undefined) continue;
    const problem = CHECKS[field as keyof FaultSettings](value);
    if (problem) throw new Error(`fault setting ${field} ${problem}, got ${JSON.stringify(value) ?? String(value)}`);
  }
  return Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as Partial<FaultSettings>;
}

export function createFaultController(initial: Partial<FaultSettings> = {}): FaultController {
  let settings: FaultSettings = knownSettings({ ...DEFAULT_FAULTS, ...validateFaultPatch(initial) });
  return {
    get: () => ({ ...settings }),
    set(patch) {
      settings = knownSettings({ ...settings, ...validateFaultPatch(patch) });
      return { ...settings };
    },
  };
}

/** exactly the known fields, so nothing else can ever ride along in the settings */
function knownSettings(source: FaultSettings): FaultSettings {
  return {
    systemErrorRate: source.systemErrorRate,
    latencyMs: source.latencyMs,
    force45009: source.force45009,
    force45029: source.force45029,
    linkErrcode: source.linkErrcode,
    appUnreleased: source.appUnreleased,
  };
}
