import { describe, expect, it } from 'vitest';
import {
  parsePercent,
  parsePolicyType,
  parsePromise,
  parseTerms,
  parseYears,
} from '../../../../src/domain/policies/terms.ts';

describe('parsePolicyType', () => {
  it.each([
    ['土地价格', 'LAND_PRICE'],
    ['地价', 'LAND_PRICE'],
    ['租金补贴', 'RENT_SUBSIDY'],
    ['房租补贴', 'RENT_SUBSIDY'],
    ['设备补助', 'EQUIPMENT_SUBSIDY'],
    ['设备补贴', 'EQUIPMENT_SUBSIDY'],
    ['税收奖励', 'TAX_REWARD'],
    ['税收返还', 'TAX_REWARD'],
    ['一次性奖励', 'ONE_OFF_REWARD'],
    ['其他', 'OTHER'],
    ['其它', 'OTHER'],
    ['tax_reward', 'TAX_REWARD'],
    ['免费午餐', null],
    ['constructor', null],
  ])('%s → %s', (input, expected) => {
    expect(parsePolicyType(input)).toBe(expected);
  });
});

describe('parsePercent and parseYears', () => {
  it.each([
    ['50%', 50],
    ['50', 50],
    ['５０％', 50],
    ['12.5%', 12.5],
    ['100%', 100],
    ['0%', null],
    ['100.5%', null],
    ['12.345%', null],
    ['-5%', null],
    ['五成', null],
  ])('percent %s → %s', (input, expected) => {
    expect(parsePercent(input)).toBe(expected);
  });

  it.each([
    ['5', 5],
    ['5年', 5],
    ['30年', 30],
    ['0', null],
    ['31年', null],
    ['2.5年', null],
  ])('years %s → %s', (input, expected) => {
    expect(parseYears(input)).toBe(expected);
  });
});

describe('parseTerms', () => {
  it('reads a filing with optional cap and years', () => {
    expect(parseTerms({ type: '税收奖励', rate: '50%', cap: '2000万', years: '5' })).toEqual({
      ok: true,
      terms: { type: 'TAX_REWARD', ratePct: 50, capWan: 2000, years: 5 },
    });
    expect(parseTerms({ type: '租金补贴', rate: '30' })).toEqual({
      ok: true,
      terms: { type: 'RENT_SUBSIDY', ratePct: 30, capWan: null, years: null },
    });
    expect(parseTerms({ type: '一次性奖励', rate: '10%', cap: '1.5亿' })).toMatchObject({
      ok: true,
      terms: { capWan: 15000 },
    });
  });

  it('names every bad field', () => {
    expect(parseTerms({ type: '免费', rate: '0', cap: '很多', years: '99' })).toEqual({
      ok: false,
      problems: [
        { field: 'type', kind: 'unknown', input: '免费' },
        { field: 'rate', kind: 'invalid', input: '0' },
        { field: 'cap', kind: 'invalid', input: '很多', code: 'not-a-number' },
        { field: 'years', kind: 'invalid', input: '99' },
      ],
    });
    expect(parseTerms({})).toEqual({
      ok: false,
      problems: [
        { field: 'type', kind: 'missing' },
        { field: 'rate', kind: 'missing' },
      ],
    });
  });
});

describe('parsePromise', () => {
  it('reads items separated by semicolons, with caps and years in any order', () => {
    expect(parsePromise('税收奖励50%,上限2000万,5年；租金补贴30%；土地价格:20%,3年,上限1亿')).toEqual({
      ok: true,
      items: [
        { type: 'TAX_REWARD', ratePct: 50, capWan: 2000, years: 5 },
        { type: 'RENT_SUBSIDY', ratePct: 30, capWan: null, years: null },
        { type: 'LAND_PRICE', ratePct: 20, capWan: 10000, years: 3 },
      ],
    });
  });

  it('accepts full-width punctuation, a bare amount as the cap, and 年限', () => {
    expect(parsePromise('税收奖励５０％，２０００万，年限5年')).toEqual({
      ok: true,
      items: [{ type: 'TAX_REWARD', ratePct: 50, capWan: 2000, years: 5 }],
    });
  });

  it('reports each bad item by number', () => {
    expect(parsePromise('税收全免;租金补贴150%;设备补助20%,上限多,3年')).toEqual({
      ok: false,
      problems: [
        { item: 1, text: '税收全免', problem: { field: 'item', kind: 'format' } },
        { item: 2, text: '租金补贴150%', problem: { field: 'rate', kind: 'invalid', input: '150%' } },
        {
          item: 3,
          text: '设备补助20%,上限多,3年',
          problem: { field: 'cap', kind: 'invalid', input: '多', code: 'not-a-number' },
        },
      ],
    });
  });

  it('refuses two caps in one item and an empty promise', () => {
    expect(parsePromise('税收奖励50%,上限1000万,上限2000万')).toMatchObject({
      ok: false,
      problems: [{ item: 1, problem: { kind: 'format' } }],
    });
    expect(parsePromise(' ; ')).toMatchObject({ ok: false });
  });
});
