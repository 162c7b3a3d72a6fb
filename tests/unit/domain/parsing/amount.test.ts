import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  MAX_AMOUNT_WAN,
  formatWan,
  parseAmountWan,
  type AmountErrorCode,
} from '../../../../src/domain/parsing/amount.ts';

describe('parseAmountWan: accepted forms', () => {
  it.each<[string, number]>([
    ['5亿', 50000],
    ['5.2亿', 52000],
    ['5.2亿元', 52000],
    ['1.5亿', 15000],
    ['0.1亿', 1000],
    ['0.0001亿', 1],
    ['3000万', 3000],
    ['30000万元', 30000],
    ['3,000万', 3000],
    ['12,000,000元', 1200],
    ['12000000元', 1200],
    ['10000元', 1],
    ['1万元', 1],
    ['3000', 3000],
    ['1.0', 1],
    ['１２０００万', 12000],
    ['５．２亿', 52000],
    ['5 亿', 50000],
    [' 3000 万元 ', 3000],
    ['五亿', 50000],
    ['三千万', 3000],
    ['两亿', 20000],
    ['十二亿', 120000],
    ['二十五亿', 250000],
    ['一千二百万', 1200],
    ['一百零五万', 105],
    ['三十万', 30],
    ['十万', 10],
    ['一亿五千万', 15000],
    ['1亿5000万', 15000],
    ['3千万', 3000],
    ['3千5百万', 3500],
    ['5万亿', 500_000_000],
    ['10万亿', MAX_AMOUNT_WAN],
    ['人民币5亿元', 50000],
    ['人民币 3000万', 3000],
    ['RMB 3000万', 3000],
    ['rmb3000万', 3000],
    ['3000万 RMB', 3000],
    ['¥5亿', 50000],
    ['￥5亿', 50000],
  ])('reads %j as %d 万元', (input, wan) => {
    expect(parseAmountWan(input)).toEqual({ ok: true, wan });
  });
});

describe('parseAmountWan: refusals', () => {
  it.each<[AmountErrorCode, string]>([
    ['empty', ''],
    ['empty', '   '],
    ['empty', '\u3000'],
    ['not-a-number', 'abc'],
    ['not-a-number', '元'],
    ['not-a-number', '亿'],
    ['not-a-number', '人民币'],
    ['not-a-number', '5亿亿'],
    ['not-a-number', '5亿元元'],
    ['not-a-number', '5万万'],
    ['not-a-number', '1亿万'],
    ['not-a-number', '1,5亿'],
    ['not-a-number', '1,0000万'],
    ['not-a-number', '1 5亿'],
    ['not-a-number', '5.亿'],
    ['not-a-number', '.5亿'],
    ['not-a-number', '5%'],
    ['not-a-number', '1e5'],
    ['not-a-number', '五点二亿'],
    ['not-a-number', '一二亿'],
    ['not-a-number', '35五万'],
    ['not-a-number', '千万'],
    ['not-a-number', '一千三千'],
    ['not-a-number', '二百千'],
    ['not-a-number', '--5'],
    ['not-a-number', '1'.repeat(65)],
    // Colloquial shorthand whose reading differs between people.
    ['not-a-number', '一千二'],
    ['not-a-number', '一亿五'],
    ['not-a-number', '1亿5000'],
    ['not-a-number', '三万五'],
    ['not-a-number', '一千二万'],
    ['negative', '-5亿'],
    ['negative', '－3000'],
    ['negative', '负三千万'],
    ['negative', '人民币-5亿元'],
    ['too-small', '0'],
    ['too-small', '0亿'],
    ['too-small', '0.00万'],
    ['too-small', '零'],
    ['too-large', '1000000001'],
    ['too-large', '11万亿'],
    ['too-large', '10万亿零1万'],
    ['too-large', '100000.00001亿'],
    ['fraction', '1234元'],
    ['fraction', '0.5万'],
    ['fraction', '0.5'],
    ['fraction', '1.23456亿'],
    ['fraction', '三万五千元'],
  ])('returns %s for %j', (code, input) => {
    expect(parseAmountWan(input)).toEqual({ ok: false, code });
  });
});

describe('formatWan', () => {
  it.each<[number, string]>([
    [1, '1万元'],
    [3000, '3000万元'],
    [9999, '9999万元'],
    [10000, '1亿元'],
    [10001, '1.0001亿元'],
    [12345, '1.2345亿元'],
    [15000, '1.5亿元'],
    [52000, '5.2亿元'],
    [MAX_AMOUNT_WAN, '100000亿元'],
  ])('renders %d 万元 as %s', (wan, text) => {
    expect(formatWan(wan)).toBe(text);
  });
});

const codeUnitString = fc.string({
  unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)),
});
const amountLike = fc.string({
  unit: fc.constantFrom(...'0123456789０５.,，万亿元千百十一二两三五零人民币RMB-负 ¥'),
  maxLength: 20,
});
const wan = fc.integer({ min: 1, max: MAX_AMOUNT_WAN });

describe('parseAmountWan: properties', () => {
  it.each([
    ['printable ASCII', fc.string()],
    ['any code points', fc.string({ unit: 'binary' })],
    ['any UTF-16 code units', codeUnitString],
    ['amount-like text', amountLike],
  ])('never throws on %s and only succeeds with a positive safe integer', (_what, arbitrary) => {
    fc.assert(
      fc.property(arbitrary, (s) => {
        const result = parseAmountWan(s);
        if (result.ok) {
          expect(Number.isSafeInteger(result.wan)).toBe(true);
          expect(result.wan).toBeGreaterThan(0);
          expect(result.wan).toBeLessThanOrEqual(MAX_AMOUNT_WAN);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('reads back what formatWan writes', () => {
    fc.assert(
      fc.property(wan, (n) => {
        expect(parseAmountWan(formatWan(n))).toEqual({ ok: true, wan: n });
      }),
    );
  });

  it('reads 亿 decimals exactly, without float error', () => {
    fc.assert(
      fc.property(wan, (n) => {
        const yi = `${Math.trunc(n / 10000)}.${String(n % 10000).padStart(4, '0')}亿`;
        expect(parseAmountWan(yi)).toEqual({ ok: true, wan: n });
      }),
    );
  });

  it('reads bare numbers, 万 and 元 consistently', () => {
    fc.assert(
      fc.property(wan, (n) => {
        expect(parseAmountWan(String(n))).toEqual({ ok: true, wan: n });
        expect(parseAmountWan(`${n}万元`)).toEqual({ ok: true, wan: n });
        expect(parseAmountWan(`${n}0000元`)).toEqual({ ok: true, wan: n });
        expect(parseAmountWan(`${n.toLocaleString('en-US')}万`)).toEqual({ ok: true, wan: n });
      }),
    );
  });

  it('refuses any amount with 元 below a whole 万', () => {
    // Below the cap: past it the amount is too-large before it is a fraction.
    const wholeWan = fc.integer({ min: 0, max: MAX_AMOUNT_WAN - 1 });
    fc.assert(
      fc.property(wholeWan, fc.integer({ min: 1, max: 9999 }), (n, yuan) => {
        const text = `${n}${String(yuan).padStart(4, '0')}元`;
        expect(parseAmountWan(text)).toEqual({ ok: false, code: 'fraction' });
      }),
    );
  });
});
