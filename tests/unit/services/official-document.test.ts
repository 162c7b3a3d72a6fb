import { describe, expect, it } from 'vitest';
import { BODY_CHARS, BODY_LINES, chineseDate, GRID, PAGE } from '../../../src/services/documents/official-document.ts';

describe('成文日期 in Chinese numerals', () => {
  it.each([
    [2026, 12, 6, '二〇二六年十二月六日'],
    [2026, 1, 10, '二〇二六年一月十日'],
    [2030, 11, 20, '二〇三〇年十一月二十日'],
    [2019, 6, 31, '二〇一九年六月三十一日'],
    [2027, 10, 29, '二〇二七年十月二十九日'],
  ])('%i-%i-%i → %s', (y, m, d, expected) => {
    expect(chineseDate(y, m, d)).toBe(expected);
  });
});

describe('the GB/T 9704 page', () => {
  it('has a 156 × 225 mm 版心 with 37 mm 天头 and 28 mm 订口', () => {
    expect(PAGE.width - PAGE.left - PAGE.right).toBe(156);
    expect(PAGE.height - PAGE.top - PAGE.bottom).toBe(225);
    expect([PAGE.top, PAGE.left]).toEqual([37, 28]);
  });

  it('fits the body lines and 28 characters of 3号 a line on the grid', () => {
    const twipsPerMm = 1440 / 25.4;
    expect(Math.floor((225 * twipsPerMm) / GRID.linePitch)).toBe(BODY_LINES);
    // Character pitch = 16 pt + charSpace / 4096; 28 of them fill 156 mm.
    const pitchPt = 16 + GRID.charSpace / 4096;
    expect(Math.round((156 * twipsPerMm) / 20 / pitchPt)).toBe(BODY_CHARS);
  });
});
