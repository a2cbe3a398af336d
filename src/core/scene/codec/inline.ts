import { SCENE_CHARS } from './alphabet';
import { base80ToBytes, bytesToBase80 } from './base80';
import { utf8Decode, utf8Encode } from './utf8';
import type { SceneData, SceneValue } from './scene-data';

/** First character of a typed value: `!t`, `!f`, or `!` followed by a number. */
export const TYPED_MARKER = '!';
/** First character of a string written as base-80 UTF-8. */
export const ENCODED_MARKER = '~';

/** Characters a string value may hold to be written as it is: scene characters except the separators. */
const PLAIN_VALUE_CHARS = new Set(SCENE_CHARS.replace(/[&=]/g, '').split(''));
/** What String(n) writes for a finite number, and nothing looser. */
const NUMBER_LITERAL = /^-?\d+(\.\d+)?(e[+-]\d+)?$/;

/**
 * A field name the inline form carries as it is: scene characters other than `&` and `=`. Any other name (Chinese,
 * spaces, emoji…) is still a valid field name; its data goes to the stored form instead.
 */
export function isInlineFieldName(name: string): boolean {
  if (name.length === 0) return false;
  for (const char of name) if (!PLAIN_VALUE_CHARS.has(char)) return false;
  return true;
}

function isPlainValue(value: string): boolean {
  if (value.startsWith(TYPED_MARKER) || value.startsWith(ENCODED_MARKER)) return false;
  for (const char of value) if (!PLAIN_VALUE_CHARS.has(char)) return false;
  return true;
}

export function encodeValue(value: SceneValue): string {
  if (typeof value === 'boolean') return value ? '!t' : '!f';
  if (typeof value === 'number') return TYPED_MARKER + (Object.is(value, -0) ? '-0' : String(value));
  return isPlainValue(value) ? value : ENCODED_MARKER + bytesToBase80(utf8Encode(value));
}

/**
 * The inline form, `name=value&name=value` in field-name order, however long it comes out: the caller compares it
 * with the 32-character limit. Expects validated data (see validateSceneData); null when a field name cannot be
 * carried inline (see isInlineFieldName).
 */
export function encodeInline(data: SceneData): string | null {
  const names = Object.keys(data);
  if (!names.every(isInlineFieldName)) return null;
  return names
    .sort()
    .map((name) => `${name}=${encodeValue(data[name])}`)
    .join('&');
}

/** Reads one value written by encodeValue, or a legacy plain value; null when a marked value is damaged. */
export function decodeValue(text: string): SceneValue | null {
  if (text.startsWith(TYPED_MARKER)) {
    const body = text.slice(1);
    if (body === 't') return true;
    if (body === 'f') return false;
    if (!NUMBER_LITERAL.test(body)) return null;
    const number = Number(body);
    return Number.isFinite(number) ? number : null;
  }
  if (text.startsWith(ENCODED_MARKER)) {
    const bytes = base80ToBytes(text.slice(1));
    return bytes === null ? null : utf8Decode(bytes);
  }
  return text;
}
