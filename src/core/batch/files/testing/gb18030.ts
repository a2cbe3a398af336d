import { TextDecoder } from 'node:util';

let table: Map<string, number[]> | undefined;

/**
 * Text as GB18030 bytes, as Excel on Chinese Windows saves a 「CSV (逗号分隔)」 (GBK is its 2-byte part): the 2-byte
 * table is built by asking the runtime's own GB18030 decoder what every lead/trail pair is, and characters beyond
 * U+FFFF take GB18030's 4-byte form (0x90 30 81 30 is U+10000, counting up). For tests: Node has no encoder.
 */
export function encodeGb18030(text: string): Buffer {
  if (!table) {
    const decoder = new TextDecoder('gb18030');
    table = new Map();
    for (let lead = 0x81; lead <= 0xfe; lead++) {
      for (let trail = 0x40; trail <= 0xfe; trail++) {
        if (trail === 0x7f) continue;
        const character = decoder.decode(Uint8Array.from([lead, trail]));
        if (character.length === 1 && character !== '\ufffd' && !table.has(character)) table.set(character, [lead, trail]);
      }
    }
  }
  const bytes: number[] = [];
  for (const character of text) {
    const code = character.codePointAt(0) as number;
    if (code < 0x80) bytes.push(code);
    else if (code > 0xffff) {
      let index = code - 0x10000;
      const b1 = 0x90 + Math.floor(index / 12600);
      index %= 12600;
      const b2 = 0x30 + Math.floor(index / 1260);
      index %= 1260;
      bytes.push(b1, b2, 0x81 + Math.floor(index / 10), 0x30 + (index % 10));
    } else {
      const pair = table.get(character);
      if (!pair) throw new Error(`encodeGb18030: ${character} (U+${code.toString(16)}) has no 2-byte form here`);
      bytes.push(...pair);
    }
  }
  return Buffer.from(bytes);
}
