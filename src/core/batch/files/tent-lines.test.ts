import { ABSOLUTE_MIN_SIZE, setTentText } from './tent-lines';

/** a stand-in font: CJK characters 1 em wide, everything else half an em */
const font = { widthOfTextAtSize: (text: string, size: number) => Array.from(text).reduce((sum, c) => sum + (/\p{Script=Han}/u.test(c) ? 1 : 0.5), 0) * size };

describe('setTentText', () => {
  it('one line at the preferred size when it fits; smaller, down to the minimum, to stay on one line', () => {
    expect(setTentText('A-01', font, 20, 12, 100, 3)).toEqual({ size: 20, lines: ['A-01'] });
    const shrunk = setTentText('大厅-01号桌', font, 20, 12, 100, 3); // 7 em at 20 pt is 140 > 100
    expect(shrunk.lines).toEqual(['大厅-01号桌']);
    expect(shrunk.size).toBeGreaterThanOrEqual(12);
    expect(shrunk.size).toBeLessThan(20);
  });

  it('too long at the minimum: broken at spaces and between CJK characters only, at the minimum size', () => {
    expect(setTentText('大厅-01号桌-448 / 068-t', font, 20, 12, 100, 3)).toEqual({ size: 12, lines: ['大厅-01号桌-448', '/ 068-t'] });
    expect(setTentText('北京朝阳区望京塔3-1808会议室', font, 20, 12, 100, 3)).toEqual({ size: 12, lines: ['北京朝阳区望京', '塔3-1808会议室'] });
  });

  it('an unbroken run wider than the box is set smaller, to the 6 pt floor; past that, split as a last resort', () => {
    const number = setTentText('20240601123456789012', font, 20, 12, 100, 3); // 10 em
    expect(number).toEqual({ size: 10, lines: ['20240601123456789012'] }); // just fits: 100 pt at 10 pt
    const huge = setTentText('1'.repeat(60), font, 20, 12, 100, 3); // 30 em: over 100 pt even at 6 pt
    expect(huge.size).toBe(ABSOLUTE_MIN_SIZE);
    expect(huge.lines.join('')).toBe('1'.repeat(60));
    expect(huge.lines.every((line) => font.widthOfTextAtSize(line, ABSOLUTE_MIN_SIZE) <= 100)).toBe(true);
  });

  it('more lines than allowed: the last kept one ends in …', () => {
    const { lines } = setTentText('一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十', font, 20, 12, 100, 2);
    expect(lines).toEqual(['一二三四五六七八', '九十一二三四五…']);
  });
});
