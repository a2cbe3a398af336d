import { BASE80_DIGITS } from './alphabet';

const DIGIT_VALUE: Record<string, number> = Object.create(null);
for (let i = 0; i < BASE80_DIGITS.length; i++) DIGIT_VALUE[BASE80_DIGITS[i]] = i;

/**
 * Reads the bytes, behind a leading 0x01 sentinel, as one big-endian number and writes it in base 80.
 * The sentinel keeps leading zero bytes (and the empty string) without a length field. Plain arrays of small
 * numbers rather than BigInt, which older mini program runtimes lack; payloads are tens of bytes, so O(n²) is fine.
 */
export function bytesToBase80(bytes: readonly number[]): string {
  const digits: number[] = []; // little-endian base-80
  for (const byte of [1, ...bytes]) {
    let carry = byte;
    for (let i = 0; i < digits.length; i++) {
      carry += digits[i] * 256;
      digits[i] = carry % 80;
      carry = Math.floor(carry / 80);
    }
    while (carry > 0) {
      digits.push(carry % 80);
      carry = Math.floor(carry / 80);
    }
  }
  let text = '';
  for (let i = digits.length - 1; i >= 0; i--) text += BASE80_DIGITS[digits[i]];
  return text;
}

/** Inverse of bytesToBase80; null when the text is not something bytesToBase80 could have written. */
export function base80ToBytes(text: string): number[] | null {
  if (text.length === 0 || text[0] === BASE80_DIGITS[0]) return null; // canonical form has no leading zero digit
  const bytes: number[] = []; // little-endian base-256
  for (const char of text) {
    const value = DIGIT_VALUE[char];
    if (value === undefined) return null;
    let carry = value;
    for (let i = 0; i < bytes.length; i++) {
      carry += bytes[i] * 80;
      bytes[i] = carry & 0xff;
      carry >>= 8;
    }
    while (carry > 0) {
      bytes.push(carry & 0xff);
      carry >>= 8;
    }
  }
  bytes.reverse();
  if (bytes[0] !== 1) return null;
  return bytes.slice(1);
}
