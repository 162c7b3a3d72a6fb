import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { checkCreditCode, type CreditCodeResult } from '../../../../src/domain/parsing/credit-code.ts';

const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/**
 * Independent of the module on purpose: GB 32100-2015 defines the weights as 3^(i-1) mod 31, and
 * the module lists them as a table.
 */
function withCheckChar(first17: string): string {
  const sum = [...first17].reduce((acc, ch, i) => acc + (3 ** i % 31) * CHARSET.indexOf(ch), 0);
  return first17 + CHARSET.charAt((31 - (sum % 31)) % 31);
}

// Real codes of large, well-known companies from public records, rather than made-up examples.
const PUBLIC_CODES = [
  '914403001922038216',
  '9144030071526726XG',
  '91330100799655058B',
  '91110000802100433B',
  '91110108551385082Q',
  '91440300708461136T',
];

const first17 = fc.string({ unit: fc.constantFrom(...CHARSET), minLength: 17, maxLength: 17 });
const validCode = first17.map(withCheckChar);

describe('checkCreditCode: valid codes', () => {
  it.each(PUBLIC_CODES)('accepts %s', (code) => {
    expect(withCheckChar(code.slice(0, 17))).toBe(code);
    expect(checkCreditCode(code)).toEqual({ kind: 'valid', code });
  });

  it.each([
    ['lower case', '9144030071526726xg'],
    ['full-width characters', '９１４４０３００７１５２６７２６ＸＧ'],
    ['inner spaces', '9144 0300 7152 6726 XG'],
    ['surrounding and ideographic spaces', '\u3000 9144030071526726XG\n'],
  ])('normalises %s', (_what, input) => {
    expect(checkCreditCode(input)).toEqual({ kind: 'valid', code: '9144030071526726XG' });
  });
});

describe('checkCreditCode: refusals', () => {
  it.each<[string, string, CreditCodeResult]>([
    ['an empty string', '', { kind: 'bad-length', length: 0 }],
    ['17 characters', '91330000MA27U0XW0', { kind: 'bad-length', length: 17 }],
    ['19 characters', '9144030071526726XG0', { kind: 'bad-length', length: 19 }],
    ['a dash, which is not removed', '91440300-71526726XG', { kind: 'bad-length', length: 19 }],
    ['an emoji, counted as one character', '9144030071526726X😀', { kind: 'bad-chars', chars: ['😀'] }],
    ['the excluded letter I', '9144030071526726XI', { kind: 'bad-chars', chars: ['I'] }],
    ['the excluded letter O', 'O144030071526726XG', { kind: 'bad-chars', chars: ['O'] }],
    ['the excluded letters Z, S and V', '91440300ZS526726XV', { kind: 'bad-chars', chars: ['Z', 'S', 'V'] }],
    ['repeated bad characters once each', '9144030071526726OO', { kind: 'bad-chars', chars: ['O'] }],
    ['punctuation', '9144030071526726X#', { kind: 'bad-chars', chars: ['#'] }],
    ['a wrong check character', '9144030071526726XH', { kind: 'bad-check', code: '9144030071526726XH' }],
    ['a mistyped body character', '9144030071526627XG', { kind: 'bad-check', code: '9144030071526627XG' }],
    [
      'a plausible-looking code that fails its check',
      '91330000MA27U0XW0D',
      { kind: 'bad-check', code: '91330000MA27U0XW0D' },
    ],
  ])('refuses %s', (_what, input, expected) => {
    expect(checkCreditCode(input)).toEqual(expected);
  });

  it('never reveals the expected check character', () => {
    fc.assert(
      fc.property(validCode, fc.constantFrom(...CHARSET), (code, wrong) => {
        fc.pre(wrong !== code.charAt(17));
        const result = checkCreditCode(code.slice(0, 17) + wrong);
        expect(Object.keys(result).sort()).toEqual(['code', 'kind']);
        expect(result).toEqual({ kind: 'bad-check', code: code.slice(0, 17) + wrong });
      }),
    );
  });
});

describe('checkCreditCode: properties', () => {
  it('accepts every code whose check character is computed by the standard', () => {
    fc.assert(
      fc.property(validCode, (code) => {
        expect(checkCreditCode(code)).toEqual({ kind: 'valid', code });
      }),
    );
  });

  it('detects any single-character change', () => {
    const replacement = fc.constantFrom(...CHARSET, 'I', 'O', 'Z', 'S', 'V', '-', '#', '中');
    fc.assert(
      fc.property(validCode, fc.integer({ min: 0, max: 17 }), replacement, (code, at, ch) => {
        fc.pre(ch !== code.charAt(at));
        const changed = code.slice(0, at) + ch + code.slice(at + 1);
        expect(['bad-check', 'bad-chars']).toContain(checkCreditCode(changed).kind);
      }),
      { numRuns: 1000 },
    );
  });

  it('detects any swap of two different adjacent characters before the check character', () => {
    fc.assert(
      fc.property(validCode, fc.integer({ min: 0, max: 15 }), (code, at) => {
        fc.pre(code.charAt(at) !== code.charAt(at + 1));
        const swapped = code.slice(0, at) + code.charAt(at + 1) + code.charAt(at) + code.slice(at + 2);
        expect(checkCreditCode(swapped).kind).toBe('bad-check');
      }),
      { numRuns: 1000 },
    );
  });

  it.each([
    ['printable ASCII', fc.string()],
    ['any code points', fc.string({ unit: 'binary' })],
    [
      'any UTF-16 code units',
      fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)) }),
    ],
  ])('never throws on %s', (_what, arbitrary) => {
    fc.assert(
      fc.property(arbitrary, (s) => {
        expect(['valid', 'bad-length', 'bad-chars', 'bad-check']).toContain(checkCreditCode(s).kind);
      }),
      { numRuns: 500 },
    );
  });
});
