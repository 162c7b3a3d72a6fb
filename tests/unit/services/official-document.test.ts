import { describe, expect, it } from 'vitest';
import { BODY_CHARS, BODY_LINES, documentDate, GRID, PAGE } from '../../../src/services/documents/official-document.ts';

describe('成文日期 as GB/T 9704-2012 §7.3.5.1 writes it: Arabic numerals, no leading zeros', () => {
  it.each([
    [2026, 12, 6, '2026年12月6日'],
    [2026, 1, 10, '2026年1月10日'],
    [2030, 11, 20, '2030年11月20日'],
  ])('%i-%i-%i → %s', (y, m, d, expected) => {
    expect(documentDate(y, m, d)).toBe(expected);
  });
});

describe('the GB/T 9704 page', () => {
  it('has a 156 × 225 mm 版心 with 37 mm 天头 and 28 mm 订口', () => {
    expect(PAGE.width - PAGE.left - PAGE.right).toBe(156);
    expect(PAGE.height - PAGE.top - PAGE.bottom).toBe(225);
    expect([PAGE.top, PAGE.left]).toEqual([37, 28]);
  });

  it('fits 22 lines of 28 characters of 3号 on the grid (§7.1)', () => {
    expect([BODY_LINES, BODY_CHARS]).toEqual([22, 28]);
    const twipsPerMm = 1440 / 25.4;
    expect(Math.floor((225 * twipsPerMm) / GRID.linePitch)).toBe(BODY_LINES);
    // Character pitch = 16 pt + charSpace / 4096; 28 of them fill 156 mm.
    const pitchPt = 16 + GRID.charSpace / 4096;
    expect(Math.round((156 * twipsPerMm) / 20 / pitchPt)).toBe(BODY_CHARS);
  });
});
