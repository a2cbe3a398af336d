/**
 * UTF-8 by hand: the mini program runtime may lack TextEncoder/TextDecoder and has no Buffer.
 * Decoding is strict (no overlong forms, no surrogates, nothing past U+10FFFF) so a damaged scene is reported,
 * not turned into replacement characters.
 */
export function utf8Encode(text: string): number[] {
  const bytes: number[] = [];
  for (const char of text) {
    const cp = char.codePointAt(0) as number;
    if (cp >= 0xd800 && cp <= 0xdfff) throw new RangeError('lone surrogate');
    if (cp < 0x80) bytes.push(cp);
    else if (cp < 0x800) bytes.push(0xc0 | (cp >> 6), 0x80 | (cp & 0x3f));
    else if (cp < 0x10000) bytes.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
    else bytes.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 0x3f), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
  }
  return bytes;
}

/** Returns null when the bytes are not well-formed UTF-8. */
export function utf8Decode(bytes: readonly number[]): string | null {
  let out = '';
  let i = 0;
  while (i < bytes.length) {
    const first = bytes[i];
    let length: number;
    let cp: number;
    let min: number;
    if (first < 0x80) [length, cp, min] = [1, first, 0];
    else if (first >= 0xc2 && first < 0xe0) [length, cp, min] = [2, first & 0x1f, 0x80];
    else if (first >= 0xe0 && first < 0xf0) [length, cp, min] = [3, first & 0x0f, 0x800];
    else if (first >= 0xf0 && first < 0xf5) [length, cp, min] = [4, first & 0x07, 0x10000];
    else return null;
    if (i + length > bytes.length) return null;
    for (let k = 1; k < length; k++) {
      const next = bytes[i + k];
      if ((next & 0xc0) !== 0x80) return null;
      cp = (cp << 6) | (next & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return null;
    out += String.fromCodePoint(cp);
    i += length;
  }
  return out;
}
