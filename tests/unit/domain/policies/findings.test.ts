import { describe, expect, it } from 'vitest';
import { checkDisposition, parseDisposition } from '../../../../src/domain/policies/findings.ts';

describe('parseDisposition', () => {
  it.each([
    ['警告', 'WARNING'],
    ['取消考核评先资格', 'DISQUALIFY'],
    ['取消资格', 'DISQUALIFY'],
    ['税收留成收归市级', 'TAX_CLAWBACK'],
    ['收归市级', 'TAX_CLAWBACK'],
    ['不予处理', 'DISMISS'],
    ['Warning', 'WARNING'],
    ['罚款', null],
    ['toString', null],
  ])('%s → %s', (input, expected) => {
    expect(parseDisposition(input)).toBe(expected);
  });
});

describe('checkDisposition', () => {
  it('allows one disposition of an open finding', () => {
    expect(checkDisposition('OPEN', 'WARNING', '')).toBeNull();
    expect(checkDisposition('OPEN', 'TAX_CLAWBACK', '情节严重')).toBeNull();
    expect(checkDisposition('DISPOSED', 'WARNING', '')).toBe('already-disposed');
  });

  it('needs a reason to close a finding as 不予处理', () => {
    expect(checkDisposition('OPEN', 'DISMISS', '  ')).toBe('note-required');
    expect(checkDisposition('OPEN', 'DISMISS', '承载地另有配套')).toBeNull();
  });
});
