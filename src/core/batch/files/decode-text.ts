import { TextDecoder } from 'node:util';
import { ErrCode } from '../../errors';
import type { ItemProblem } from '../contract';

/** index of a problem that belongs to the file rather than to one item (the same as parse-items') */
const FILE_INDEX = -1;

export type TextEncodingName = 'UTF-8' | 'GB18030';

export type DecodedText =
  | { ok: true; text: string; encoding: TextEncodingName; bom: boolean }
  | { ok: false; problem: ItemProblem };

/** What to do about a file this module cannot read, in the words of Excel's Save As dialog, Chinese and English. */
export const SAVE_AS_UTF8_ADVICE = '在 Excel 中另存为「CSV UTF-8(逗号分隔)」/ Save as "CSV UTF-8 (Comma delimited)" in Excel';

/**
 * The text of an items file (CSV or JSON) from its bytes, read exactly or refused: never with a replacement
 * character in it. The rule, in this order:
 *
 * 1. valid UTF-8 (with or without a byte order mark) → UTF-8;
 * 2. else valid GB18030 → GB18030. GB18030 includes GBK and GB2312, so this is what Excel's 「CSV (逗号分隔)」 writes on
 *    Chinese Windows (the system's ANSI code page, 936), and it also reads the 4-byte characters GBK lacks;
 * 3. else refused, naming the line and byte offset of the first byte that cannot be read, with what to do.
 *
 * UTF-8 goes first because it is strict: a GBK file is valid UTF-8 only if every one of its Chinese characters
 * happens to be a lead byte C2–DF followed by a trail byte 80–BF (or a longer valid pattern). Chinese text in GBK
 * almost always has a lead byte from B0 up followed by one from A1 up, which UTF-8 never accepts, so a GBK file
 * with even two or three common characters is not UTF-8; a short file of a few rare characters could be misread,
 * which is why the CLI prints the encoding it detected. GB18030 cannot go first: nearly any bytes are valid GB18030
 * (any pair from 81–FE), so UTF-8 Chinese would be read as GB18030 nonsense.
 *
 * Any U+FFFD (�) in the decoded text is refused too: it is the mark of text that was already garbled by a wrong
 * encoding before it was saved, and would otherwise end up in a label, a value and a printed code.
 *
 * Uses the runtime's own decoders (TextDecoder with fatal: true, no dependency). Node's official builds carry
 * full ICU and so GB18030; a runtime without it can still read UTF-8, and says so for anything else.
 */
export function decodeItemsBytes(bytes: Uint8Array): DecodedText {
  const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const body = bom ? bytes.subarray(3) : bytes;
  const utf8Error = firstInvalidUtf8(body);
  if (utf8Error === -1) return withoutReplacement(new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(body), 'UTF-8', bom);
  if (bom) return refused(bytes, utf8Error + 3, 'starts with the UTF-8 byte order mark but is not UTF-8 after it');
  const gb18030 = gb18030Decoder();
  if (!gb18030) {
    return refused(bytes, utf8Error, 'is not UTF-8, and this runtime has no GB18030 decoder to read it as GBK (its Node.js lacks full ICU; the CLI can read it and uploads UTF-8)');
  }
  const gbError = firstInvalidGb18030(body, gb18030);
  if (gbError === -1) return withoutReplacement(gb18030.decode(body), 'GB18030', false);
  // The reading that got further is the likelier one the file was meant to be in: report where it stops.
  return refused(bytes, Math.max(utf8Error, gbError), 'is neither UTF-8 nor GB18030 (GBK) text');
}

function withoutReplacement(text: string, encoding: TextEncodingName, bom: boolean): DecodedText {
  const at = text.indexOf('\ufffd');
  if (at === -1) return { ok: true, text, encoding, bom };
  const line = lineOfIndex(text, at);
  const lineText = text.slice(text.lastIndexOf('\n', at) + 1, (text.indexOf('\n', at) + 1 || text.length + 1) - 1).replace(/\r$/, '');
  return {
    ok: false,
    problem: problem(
      line,
      `line ${line} holds U+FFFD (�), the mark of characters garbled by a wrong encoding before this ${encoding} file was saved; received ${JSON.stringify(lineText.slice(0, 80))}. Retype the garbled characters in the original list, then ${SAVE_AS_UTF8_ADVICE}`,
    ),
  };
}

function refused(bytes: Uint8Array, offset: number, what: string): DecodedText {
  let line = 1;
  let lineStart = 0;
  for (let at = 0; at < offset; at++) {
    if (bytes[at] === 0x0a) {
      line++;
      lineStart = at + 1;
    }
  }
  const shown = Array.from(bytes.subarray(offset, offset + 4), (byte) => byte.toString(16).padStart(2, '0')).join(' ');
  return {
    ok: false,
    problem: problem(
      line,
      `${what}: line ${line}, byte offset ${offset} (byte ${offset - lineStart + 1} of the line) cannot be read; received bytes ${shown}. ${SAVE_AS_UTF8_ADVICE}, or save it as UTF-8 in your editor`,
    ),
  };
}

function problem(line: number, message: string): ItemProblem {
  return { index: FILE_INDEX, line, field: 'file', errCode: ErrCode.INVALID_ARGS, errMsg: `file: ${message}` };
}

function lineOfIndex(text: string, index: number): number {
  let line = 1;
  for (let at = text.indexOf('\n'); at !== -1 && at < index; at = text.indexOf('\n', at + 1)) line++;
  return line;
}

/** The offset of the first byte of the first invalid UTF-8 sequence (overlong forms and surrogates included), or -1. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let at = 0;
  while (at < bytes.length) {
    const b = bytes[at];
    if (b < 0x80) {
      at++;
      continue;
    }
    // [length, the second byte's range] by the lead byte (RFC 3629's table)
    let length: number;
    let low = 0x80;
    let high = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) length = 2;
    else if (b >= 0xe0 && b <= 0xef) {
      length = 3;
      if (b === 0xe0) low = 0xa0;
      if (b === 0xed) high = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      length = 4;
      if (b === 0xf0) low = 0x90;
      if (b === 0xf4) high = 0x8f;
    } else return at;
    if (at + length > bytes.length) return at;
    if (bytes[at + 1] < low || bytes[at + 1] > high) return at;
    for (let k = 2; k < length; k++) if (bytes[at + k] < 0x80 || bytes[at + k] > 0xbf) return at;
    at += length;
  }
  return -1;
}

/**
 * The offset of the first byte that cannot be read as GB18030, or -1. The byte structure (1, 2 or 4 bytes) is
 * checked here to find the offset; a structurally valid sequence with no character (e.g. past U+10FFFF) is found
 * by the runtime's fatal decoder, line by line (0x0A is never part of a multi-byte GB18030 character).
 */
function firstInvalidGb18030(bytes: Uint8Array, decoder: TextDecoder): number {
  let at = 0;
  while (at < bytes.length) {
    const b = bytes[at];
    // 0x80 is the euro sign in GB18030 as browsers and Node read it (WHATWG)
    if (b <= 0x80) {
      at++;
      continue;
    }
    if (b === 0xff || at + 1 >= bytes.length) return at;
    const second = bytes[at + 1];
    if ((second >= 0x40 && second <= 0x7e) || (second >= 0x80 && second <= 0xfe)) {
      at += 2;
      continue;
    }
    if (second >= 0x30 && second <= 0x39 && at + 3 < bytes.length) {
      const third = bytes[at + 2];
      const fourth = bytes[at + 3];
      if (third >= 0x81 && third <= 0xfe && fourth >= 0x30 && fourth <= 0x39) {
        at += 4;
        continue;
      }
    }
    return at;
  }
  try {
    decoder.decode(bytes);
    return -1;
  } catch {
    // find the line below
  }
  let lineStart = 0;
  while (lineStart < bytes.length) {
    const newline = bytes.indexOf(0x0a, lineStart);
    const end = newline === -1 ? bytes.length : newline + 1;
    try {
      decoder.decode(bytes.subarray(lineStart, end));
    } catch {
      return lineStart;
    }
    lineStart = end;
  }
  return -1;
}

let gbDecoder: TextDecoder | null | undefined;

function gb18030Decoder(): TextDecoder | null {
  if (gbDecoder !== undefined) return gbDecoder;
  try {
    gbDecoder = new TextDecoder('gb18030', { fatal: true });
  } catch {
    gbDecoder = null;
  }
  return gbDecoder;
}
