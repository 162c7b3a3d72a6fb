/**
 * 统一社会信用代码 (GB 32100-2015) validation. Only syntax and the check character are verified;
 * whether the organisation exists is for the registry to say.
 *
 * Policy: a failed check never reveals or suggests the expected check character. Officers must
 * copy the code from the licence; a "corrected" code would be a guess that merely checks out.
 */

import { toHalfWidth } from './width.ts';

export type CreditCodeResult =
  | { kind: 'valid'; code: string }
  | { kind: 'bad-length'; length: number }
  | { kind: 'bad-chars'; chars: string[] }
  | { kind: 'bad-check'; code: string };

export const CREDIT_CODE_LENGTH = 18;

// The standard leaves out I, O, Z, S and V, which are easily confused with 1, 0, 2, 5 and U.
const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;
const MODULUS = CHARSET.length;

function normalise(s: string): string {
  return toHalfWidth(s).replace(/\s+/g, '').toUpperCase();
}

export function checkCreditCode(s: string): CreditCodeResult {
  const code = normalise(s);
  // Counted in code points so an emoji typed by mistake counts as one character, as it looks.
  const chars = [...code];
  if (chars.length !== CREDIT_CODE_LENGTH) return { kind: 'bad-length', length: chars.length };

  const invalid = [...new Set(chars.filter((ch) => !CHARSET.includes(ch)))];
  if (invalid.length > 0) return { kind: 'bad-chars', chars: invalid };

  // Every character is now a single ASCII code unit, so string indices are character indices.
  const sum = WEIGHTS.reduce((acc, weight, i) => acc + weight * CHARSET.indexOf(code.charAt(i)), 0);
  const expected = (MODULUS - (sum % MODULUS)) % MODULUS;
  if (CHARSET.indexOf(code.charAt(CREDIT_CODE_LENGTH - 1)) !== expected) {
    return { kind: 'bad-check', code };
  }
  return { kind: 'valid', code };
}
