import { describe, expect, it } from 'vitest';
import { checkDisposition, parseDisposition } from '../../../../src/domain/policies/findings.ts';

describe('parseDisposition', () => {
  it.each([
    // 三(三) has no warning: only its two consequences, or 不构成比拼.
    ['警告', null],
    ['取消考核评先资格', 'DISQUALIFY'],
    ['取消资格', 'DISQUALIFY'],
    ['税收留成收归市级', 'TAX_CLAWBACK'],
    ['收归市级', 'TAX_CLAWBACK'],
    ['不构成比拼', 'DISMISS'],
    ['不予处理', null],
    ['Warning', null],
    ['罚款', null],
    ['toString', null],
  ])('%s → %s', (input, expected) => {
    expect(parseDisposition(input)).toBe(expected);
  });
});

describe('checkDisposition', () => {
  it('allows one disposition of an open finding', () => {
    expect(checkDisposition('OPEN', 'DISQUALIFY', '')).toBeNull();
    expect(checkDisposition('OPEN', 'TAX_CLAWBACK', '情节严重')).toBeNull();
    expect(checkDisposition('DISPOSED', 'DISQUALIFY', '')).toBe('already-disposed');
  });

  it('needs a reason to close a finding as 不构成比拼', () => {
    expect(checkDisposition('OPEN', 'DISMISS', '  ')).toBe('note-required');
    expect(checkDisposition('OPEN', 'DISMISS', '承载地另有配套')).toBeNull();
  });
});
