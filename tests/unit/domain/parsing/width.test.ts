import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { toHalfWidth } from '../../../../src/domain/parsing/width.ts';

describe('toHalfWidth', () => {
  it.each([
    ['１２３', '123'],
    ['ＡＢＣｘｙｚ', 'ABCxyz'],
    ['／首报', '/首报'],
    ['项目＝杭州', '项目=杭州'],
    ['时间：14：30', '时间:14:30'],
    ['甲，乙', '甲,乙'],
    ['（备注）', '(备注)'],
    ['【重点】', '[重点]'],
    ['＂引号＂＇单引＇', '"引号"\'单引\''],
    ['！～', '!~'],
    ['a\u3000b', 'a b'],
  ])('converts %j to %j', (input, expected) => {
    expect(toHalfWidth(input)).toBe(expected);
  });

  it.each([
    ['、 is part of names', '张三、李四'],
    ['curly double quotes are left to the tokenizer', '“杭州”'],
    ['curly single quotes are left to the tokenizer', '‘杭州’'],
    ['corner brackets are left to the tokenizer', '「杭州」『杭州』'],
    ['CJK text is untouched', '杭州市招商局'],
    ['ASCII is untouched', 'plain /cmd k=v'],
  ])('keeps input when %s', (_why, input) => {
    expect(toHalfWidth(input)).toBe(input);
  });

  it('preserves length and is idempotent on any UTF-16 input', () => {
    const codeUnits = fc.string({
      unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)),
    });
    fc.assert(
      fc.property(codeUnits, (s) => {
        const once = toHalfWidth(s);
        expect(once.length).toBe(s.length);
        expect(toHalfWidth(once)).toBe(once);
      }),
    );
  });
});
