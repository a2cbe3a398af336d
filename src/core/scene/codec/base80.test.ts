import fc from 'fast-check';
import { BASE80_DIGITS, isSceneString } from './alphabet';
import { base80ToBytes, bytesToBase80 } from './base80';

describe('base-80', () => {
  it('uses 80 distinct scene characters and neither separator', () => {
    expect(new Set(BASE80_DIGITS).size).toBe(80);
    expect(isSceneString(BASE80_DIGITS)).toBe(true);
    expect(BASE80_DIGITS).not.toMatch(/[&=%]/);
  });

  it('round-trips any bytes, leading zero bytes included', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 64 }), (bytes) => {
        const text = bytesToBase80(bytes);
        expect([...text].every((c) => BASE80_DIGITS.includes(c))).toBe(true);
        expect(base80ToBytes(text)).toEqual(bytes);
      }),
    );
  });

  it('is shorter than base64 for payloads of a few bytes upward', () => {
    const bytes = Array.from({ length: 24 }, (_, i) => (i * 37) % 256);
    expect(bytesToBase80(bytes).length).toBeLessThan(Buffer.from(bytes).toString('base64').length);
  });

  it.each([
    ['empty', ''],
    ['a leading zero digit (not canonical)', '0' + bytesToBase80([5])],
    ['a character outside the digits', 'a&b'],
    ['a number without the sentinel byte', BASE80_DIGITS[5]],
  ])('rejects %s', (_label, text) => {
    expect(base80ToBytes(text)).toBeNull();
  });
});
