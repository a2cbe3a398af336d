import { BSONRegExp, EJSON } from 'bson';
import { invalidParam } from '../gateway/tcb-error';
import type { Document } from '../state/database-state';

/**
 * Decodes one of the SDK's canonical-EJSON strings into plain JS values mingo can work with:
 * relaxed numbers, Dates, JS RegExps (EJSON yields BSONRegExp, which mingo does not understand),
 * and `db.serverDate()` placeholders resolved to the emulator's clock.
 */
export function decodeEjson(text: unknown, field: string, now = Date.now()): unknown {
  if (typeof text !== 'string') throw invalidParam(`${field} must be an EJSON string`);
  let parsed: unknown;
  try {
    parsed = EJSON.parse(text, { relaxed: true });
  } catch (err) {
    throw invalidParam(`${field} is not valid EJSON: ${(err as Error).message}`);
  }
  return revive(parsed, now);
}

export function decodeEjsonObject(text: unknown, field: string, now = Date.now()): Document {
  const value = decodeEjson(text, field, now);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalidParam(`${field} must encode an object`);
  }
  return value as Document;
}

/** Canonical EJSON, as CloudBase answers; the SDK parses it back (Dates stay Dates). */
export function encodeEjson(doc: Document): string {
  return EJSON.stringify(doc, { relaxed: false });
}

function revive(value: unknown, now: number): unknown {
  if (Array.isArray(value)) return value.map((item) => revive(item, now));
  if (value instanceof BSONRegExp) return new RegExp(value.pattern, [...value.options].filter((f) => 'imsu'.includes(f)).join(''));
  if (!isPlainObject(value)) return value;
  const keys = Object.keys(value);
  if (keys.length === 1 && keys[0] === '$tcb_server_date') {
    const offset = (value.$tcb_server_date as { offset?: unknown } | null)?.offset;
    return new Date(now + (typeof offset === 'number' ? offset : 0));
  }
  const out: Record<string, unknown> = {};
  for (const key of keys) out[key] = revive(value[key], now);
  return out;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
