/**
 * How a table tent sets a line of text, as print shops set a name on a card: on one line, made smaller to fit its
 * box down to a minimum size; only a text too long for one line at that size is broken, and then only where a
 * reader expects a break — at a space, or between two CJK characters (Chinese and Japanese have no spaces) — never
 * inside a run of digits or Latin letters, so "大厅-01号桌-448 / 068-t" never splits "448". A CJK closing mark
 * (，。」）…) never starts a line and an opening one (「（…) never ends one (避头尾, the rule Chinese typesetting
 * follows). A run with no break that is wider than the box even at the minimum size is made smaller still, down to
 * an absolute floor, rather than split; only past that floor is it split between characters, the last resort.
 * Lines past `maxLines` are dropped and the last kept line ends in "…".
 */

export interface TextMeasure {
  widthOfTextAtSize(text: string, size: number): number;
}

export interface SetLines {
  size: number;
  lines: string[];
}

/** the smallest a run with no break in it is set before it is split; 6 pt is still legible in print */
export const ABSOLUTE_MIN_SIZE = 6;
const ELLIPSIS = '…';
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3000-\u303f\uff00-\uffef\u2e80-\u2fdf\u31c0-\u31ef]/u;
const SPACE = /[\s\u3000]/u;
const NO_LINE_START = new Set([...'，。、：；！？）」』】〕》〉〗〙〛﹂﹄・…—～％,.:;!?)]}％']);
const NO_LINE_END = new Set([...'（「『【〔《〈〖〘〚﹁﹃([{']);

/** The pieces of `text` between its break opportunities; each ends where a line may end (spaces kept at its end). */
export function breakPieces(text: string): string[] {
  const chars = Array.from(text);
  const pieces: string[] = [];
  let current = '';
  chars.forEach((char, at) => {
    const next = chars[at + 1];
    current += char;
    if (next === undefined) return;
    const afterSpace = SPACE.test(char) && !SPACE.test(next);
    const betweenCjk = CJK.test(char) && CJK.test(next) && !SPACE.test(char) && !SPACE.test(next) && !NO_LINE_START.has(next) && !NO_LINE_END.has(char);
    if (afterSpace || betweenCjk) {
      pieces.push(current);
      current = '';
    }
  });
  if (current) pieces.push(current);
  return pieces;
}

export function setTentText(text: string, font: TextMeasure, preferred: number, minimum: number, boxWidth: number, maxLines: number): SetLines {
  const width = (s: string, size: number) => font.widthOfTextAtSize(s.trimEnd(), size);
  // a font's widths scale with its size: the size at which `s` just fits, rounded down to 0.01 pt
  const fittingSize = (s: string) => Math.floor((100 * boxWidth) / Math.max(width(s, 1), 1e-9)) / 100;
  let size = Math.min(preferred, Math.max(minimum, fittingSize(text)));
  if (width(text, size) <= boxWidth) return { size, lines: [text] };

  const pieces = breakPieces(text);
  const widest = Math.min(...pieces.map((piece) => fittingSize(piece.trim())));
  if (widest < size) size = Math.max(ABSOLUTE_MIN_SIZE, widest);
  // past the floor: a piece still too wide is split between its characters
  const fitted = pieces.flatMap((piece) => (width(piece.trim(), size) <= boxWidth ? [piece] : splitByCharacters(piece, (s) => width(s, size) <= boxWidth)));

  const lines: string[] = [];
  let line = '';
  for (const piece of fitted) {
    if (line === '' || width(line + piece, size) <= boxWidth) {
      line = line === '' ? piece.trimStart() : line + piece;
      continue;
    }
    lines.push(line.trimEnd());
    line = piece.trimStart();
  }
  if (line.trim()) lines.push(line.trimEnd());
  if (lines.length <= maxLines) return { size, lines };
  const kept = lines.slice(0, maxLines);
  let last = Array.from(kept[maxLines - 1]!);
  while (last.length > 0 && width(last.join('') + ELLIPSIS, size) > boxWidth) last = last.slice(0, -1);
  kept[maxLines - 1] = last.join('').trimEnd() + ELLIPSIS;
  return { size, lines: kept };
}

function splitByCharacters(piece: string, fits: (s: string) => boolean): string[] {
  const out: string[] = [];
  let current = '';
  for (const char of Array.from(piece)) {
    if (current === '' || fits(current + char)) current += char;
    else {
      out.push(current);
      current = char;
    }
  }
  if (current) out.push(current);
  return out;
}
