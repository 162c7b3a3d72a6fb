import { describe, expect, it } from 'vitest';
import { formatRecordCode, parseRecordCode } from '../../../../src/domain/parsing/record-code.ts';

describe('record codes', () => {
  it('formats a per-year sequence with four digits, more when needed', () => {
    expect(formatRecordCode('LZ', 2026, 1)).toBe('LZ-2026-0001');
    expect(formatRecordCode('BP', 2026, 12345)).toBe('BP-2026-12345');
  });

  it.each([
    ['LZ-2026-0001', 'LZ-2026-0001'],
    ['lz-2026-1', 'LZ-2026-0001'],
    ['ＬＺ－２０２６－０００１', 'LZ-2026-0001'],
    ['LZ20260001', 'LZ-2026-0001'],
    ['2026-0001', 'LZ-2026-0001'],
    ['ZS-2026-0001', null],
    ['LZ-2026-0', null],
    ['LZ-26-1', null],
    ['', null],
  ])('%s → %s', (input, expected) => {
    expect(parseRecordCode('LZ', input)).toBe(expected);
  });
});
