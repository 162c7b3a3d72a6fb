import { describe, expect, it } from 'vitest';
import { parseHolidayImport } from '../../../../src/domain/matrix/holiday-import.ts';

describe('parseHolidayImport', () => {
  it('reads single days, ranges, 调休 days and optional names from a stream of words', () => {
    const words = '2027-01-01 休 元旦 2027-10-01~2027-10-03 休 国庆节 2027-02-07 班 春节调休 2027年9月26日 上班'.split(
      ' ',
    );
    const result = parseHolidayImport(2027, words);
    expect(result).toEqual({
      ok: true,
      entries: [
        { date: '2027-01-01', kind: 'OFF', name: '元旦' },
        { date: '2027-02-07', kind: 'WORK', name: '春节调休' },
        { date: '2027-09-26', kind: 'WORK', name: '调休上班' },
        { date: '2027-10-01', kind: 'OFF', name: '国庆节' },
        { date: '2027-10-02', kind: 'OFF', name: '国庆节' },
        { date: '2027-10-03', kind: 'OFF', name: '国庆节' },
      ],
    });
  });

  it('accepts a name-less day followed by another date, and 至 ranges', () => {
    const result = parseHolidayImport(2028, ['2028-02-29', '休', '2028-05-01至2028-05-02', '假']);
    expect(result.ok && result.entries.map((e) => [e.date, e.name])).toEqual([
      ['2028-02-29', '休息日'],
      ['2028-05-01', '休息日'],
      ['2028-05-02', '休息日'],
    ]);
  });

  it('reads full-width words from a file that did not pass the chat tokenizer', () => {
    const result = parseHolidayImport(2027, ['２０２７－１０－０１～２０２７－１０－０２', '休', '国庆节']);
    expect(result.ok && result.entries.map((e) => e.date)).toEqual(['2027-10-01', '2027-10-02']);
  });

  it.each([
    [[], 'empty'],
    [['2027-02-30', '休'], 'bad-date'],
    [['2026-12-31', '休'], 'wrong-year'],
    [['2027-01-01', '元旦'], 'missing-kind'],
    [['2027-01-01'], 'missing-kind'],
    [['2027-10-07~2027-10-01', '休'], 'bad-range'],
    [['2027-01-01~2027-03-01', '休'], 'bad-range'],
    [['2027-01-01', '休', '2027-01-01', '班'], 'conflict'],
    [['2027-02-07', '班'], 'no-holidays'],
  ])('refuses %j (%s)', (words, code) => {
    const result = parseHolidayImport(2027, words);
    expect(result.ok ? null : result.error.code).toBe(code);
  });
});
