import { describe, expect, it } from 'vitest';
import {
  destinationPct,
  parseBenefitSharing,
  validateBenefitSharing,
} from '../../../../src/domain/transfers/benefit-sharing.ts';

describe('parseBenefitSharing: 分成=<迁出方比例>%/<年限>年', () => {
  it.each([
    ['30%/5年', 30, 5],
    ['30/5', 30, 5],
    ['30％／5年', 30, 5],
    ['迁出方30%/5年', 30, 5],
    ['12.5%/3年', 12.5, 3],
    ['33.33%/3年', 33.33, 3],
    [' 30 % / 5 年 ', 30, 5],
    ['0%/1年', 0, 1],
    ['100%/10年', 100, 10],
  ])('%s → %d%% for %d years', (input, pct, years) => {
    expect(parseBenefitSharing(input)).toEqual({ ok: true, sharing: { originPct: pct, years } });
  });

  it.each([
    ['100.01%/5年', 'pct-range'],
    ['101%/5年', 'pct-range'],
    ['-1%/5年', 'pct-range'],
    ['12.345%/5年', 'pct-range'],
    ['30%/0年', 'years-range'],
    ['30%/11年', 'years-range'],
    ['30%/-2年', 'years-range'],
    ['30%/2.5年', 'years-range'],
    ['30%', 'format'],
    ['30%-5年', 'format'],
    ['三成/五年', 'format'],
    ['', 'format'],
  ])('%s is refused: %s', (input, problem) => {
    expect(parseBenefitSharing(input)).toEqual({ ok: false, problem });
  });

  it('checks the share before the years', () => {
    expect(validateBenefitSharing(150, 20)).toEqual({ ok: false, problem: 'pct-range' });
    expect(validateBenefitSharing(Number.NaN, 5)).toEqual({ ok: false, problem: 'pct-range' });
  });

  it('gives the destination the rest, without binary noise', () => {
    expect(destinationPct({ originPct: 30, years: 5 })).toBe(70);
    expect(destinationPct({ originPct: 33.33, years: 5 })).toBe(66.67);
    expect(destinationPct({ originPct: 100, years: 5 })).toBe(0);
  });
});
