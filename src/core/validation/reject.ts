import { WxacodeError } from '../errors';

/** A short, safe picture of what the caller sent, for error messages (never the whole of a huge string). */
export function describeReceived(value: unknown): string {
  if (value === undefined) return 'nothing (undefined)';
  if (value === null) return 'null';
  if (typeof value === 'string') {
    const shown = value.length > 60 ? `${JSON.stringify(value.slice(0, 60))}… (${value.length} characters)` : JSON.stringify(value);
    return `string ${shown}`;
  }
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return `${typeof value} ${String(value)}`;
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'object') {
    let text: string;
    try {
      text = JSON.stringify(value) ?? 'an object';
    } catch {
      text = 'an object';
    }
    return `object ${text.length > 60 ? `${text.slice(0, 60)}…` : text}`;
  }
  return typeof value;
}

/**
 * Builds the one error shape every rule uses: the field, the rule, what was received, and what to do next.
 * `field` is a path such as `lineColor.r`.
 */
export function reject(errCode: number, field: string, rule: string, received: unknown, hint?: string): WxacodeError {
  const message = `${field}: ${rule}; received ${describeReceived(received)}${hint ? `. ${hint}` : ''}`;
  return new WxacodeError(errCode, message);
}
