import fc from 'fast-check';
import { utf8Decode, utf8Encode } from './utf8';

describe('utf8', () => {
  it('encodes exactly as Node does for any well-formed string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 30 }), (text) => {
        expect(utf8Encode(text)).toEqual([...Buffer.from(text, 'utf8')]);
        expect(utf8Decode(utf8Encode(text))).toBe(text);
      }),
    );
  });

  it('encodes Chinese in 3 bytes and emoji in 4', () => {
    expect(utf8Encode('中')).toHaveLength(3);
    expect(utf8Encode('😀')).toHaveLength(4);
  });

  it('refuses a lone surrogate rather than writing replacement bytes', () => {
    expect(() => utf8Encode('\uD800')).toThrow('lone surrogate');
  });

  it.each([
    ['a truncated sequence', [0xe4, 0xb8]],
    ['an overlong form', [0xc0, 0xaf]],
    ['an encoded surrogate', [0xed, 0xa0, 0x80]],
    ['a code point past U+10FFFF', [0xf4, 0x90, 0x80, 0x80]],
    ['a stray continuation byte', [0x80]],
  ])('rejects %s', (_label, bytes) => {
    expect(utf8Decode(bytes)).toBeNull();
  });
});
