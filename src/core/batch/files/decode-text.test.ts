import { TextDecoder } from 'node:util';
import { decodeItemsBytes, firstInvalidUtf8 } from './decode-text';

/** GBK / GB18030 bytes of the text, written out by hand: what Excel's 「CSV (逗号分隔)」 saves on Chinese Windows */
const GBK = {
  朝阳: [0xb3, 0xaf, 0xd1, 0xf4],
  牡丹: [0xc4, 0xb5, 0xb5, 0xa4],
  店: [0xb5, 0xea],
  /** U+20000 𠀀, a 4-byte GB18030 character that GBK lacks */
  '𠀀': [0x95, 0x32, 0x82, 0x36],
};
const ascii = (text: string) => Array.from(Buffer.from(text, 'latin1'));

describe('decodeItemsBytes', () => {
  it('reads GBK and GB18030 exactly, 4-byte characters included', () => {
    const bytes = Uint8Array.from([...ascii('label,shop\r\nA1,'), ...GBK.朝阳, ...GBK.店, ...ascii('\r\nA2,'), ...GBK.牡丹, ...GBK['𠀀'], ...ascii('\r\n')]);
    // the bytes really are GB18030: the runtime's decoder agrees
    expect(new TextDecoder('gb18030').decode(bytes)).toBe('label,shop\r\nA1,朝阳店\r\nA2,牡丹𠀀\r\n');
    expect(decodeItemsBytes(bytes)).toEqual({ ok: true, text: 'label,shop\r\nA1,朝阳店\r\nA2,牡丹𠀀\r\n', encoding: 'GB18030', bom: false });
  });

  it('reads UTF-8 with or without a BOM as UTF-8, the BOM dropped', () => {
    const text = 'label,shop\r\nA1,朝阳店\r\n𠀀,牡丹\r\n';
    expect(decodeItemsBytes(Buffer.from(text))).toEqual({ ok: true, text, encoding: 'UTF-8', bom: false });
    expect(decodeItemsBytes(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]))).toEqual({ ok: true, text, encoding: 'UTF-8', bom: true });
  });

  it('refuses bytes that are neither, with the line, the byte offset and what to do', () => {
    // line 3 holds 0xFF, which neither UTF-8 nor GB18030 has
    const bytes = Uint8Array.from([...ascii('label,shop\nA1,'), ...GBK.朝阳, ...ascii('\nA2,x'), 0xff, 0xfe, ...ascii('\n')]);
    const result = decodeItemsBytes(bytes);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problem).toMatchObject({ index: -1, line: 3, field: 'file', errCode: 40097 });
    expect(result.problem.errMsg).toBe(
      'file: is neither UTF-8 nor GB18030 (GBK) text: line 3, byte offset 23 (byte 5 of the line) cannot be read; received bytes ff fe 0a. 在 Excel 中另存为「CSV UTF-8(逗号分隔)」/ Save as "CSV UTF-8 (Comma delimited)" in Excel, or save it as UTF-8 in your editor',
    );
  });

  it('refuses UTF-8 after a BOM that breaks off, and text already holding U+FFFD', () => {
    const broken = decodeItemsBytes(Uint8Array.from([0xef, 0xbb, 0xbf, ...ascii('label\n'), ...GBK.牡丹]));
    // 牡 in GBK (C4 B5) happens to be valid UTF-8 (ĵ): the first byte UTF-8 cannot read is 丹's B5, at offset 11
    expect(!broken.ok && broken.problem.errMsg).toMatch(/^file: starts with the UTF-8 byte order mark but is not UTF-8 after it: line 2, byte offset 11 \(byte 3 of the line\)/);
    const garbled = decodeItemsBytes(Buffer.from('label,shop\nA1,����店\n'));
    expect(!garbled.ok && garbled.problem).toMatchObject({ line: 2, errMsg: expect.stringMatching(/^file: line 2 holds U\+FFFD \(�\).*received "A1,����店".*另存为「CSV UTF-8/) });
  });

  it('finds the first invalid UTF-8 sequence: overlong forms, surrogates and cut-off characters included', () => {
    expect(firstInvalidUtf8(Buffer.from('aé中𠀀'))).toBe(-1);
    expect(firstInvalidUtf8(Uint8Array.from([0x61, 0xc0, 0x80]))).toBe(1);
    expect(firstInvalidUtf8(Uint8Array.from([0xed, 0xa0, 0x80]))).toBe(0);
    expect(firstInvalidUtf8(Uint8Array.from([0x61, 0x62, 0xe4, 0xb8]))).toBe(2);
    expect(firstInvalidUtf8(Uint8Array.from([0xf4, 0x90, 0x80, 0x80]))).toBe(0);
  });
});
