import { describe, expect, it } from 'vitest';
import { MU, parseQuantity, SCORE, TONNES_SCE } from '../../../../src/domain/parsing/quantity.ts';

describe('parseQuantity', () => {
  it.each([
    ['120', MU, 120],
    ['85.5亩', MU, 85.5],
    ['８５．２５ 亩', MU, 85.25],
    ['1.2万亩', MU, 12_000],
    ['0.00125万亩', MU, 12.5],
    ['5000', TONNES_SCE, 5000],
    ['5000吨标煤', TONNES_SCE, 5000],
    ['0.5万吨标煤', TONNES_SCE, 5000],
    ['1,200吨', TONNES_SCE, 1200],
    ['2tce', TONNES_SCE, 2],
    ['0', SCORE, 0],
    ['92.5分', SCORE, 92.5],
    ['100', SCORE, 100],
  ] as const)('%s → %s', (input, kind, value) => {
    expect(parseQuantity(input, kind)).toEqual({ ok: true, value });
  });

  it.each([
    ['', MU, 'empty'],
    ['abc', MU, 'not-a-number'],
    ['1e3', MU, 'not-a-number'],
    ['NaN', SCORE, 'not-a-number'],
    ['-5', MU, 'negative'],
    ['负5', MU, 'negative'],
    ['0', MU, 'zero'],
    ['12.345', MU, 'too-precise'],
    ['12.5', TONNES_SCE, 'too-precise'],
    ['0.00001万吨', TONNES_SCE, 'too-precise'],
    ['100.01', SCORE, 'too-large'],
    ['99999999999999999999', MU, 'too-large'],
  ] as const)('refuses %j (%s)', (input, kind, code) => {
    expect(parseQuantity(input, kind)).toEqual({ ok: false, code });
  });
});
