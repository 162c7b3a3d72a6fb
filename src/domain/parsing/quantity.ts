/**
 * Physical quantities officers type for factor coordination (五): land in 亩 ("85.5亩"), energy in
 * 吨标煤 ("5000吨标煤", "0.5万吨"), indicator scores ("92.5"). Like amounts, values are never guessed:
 * more precision than the quantity allows is refused, not rounded.
 */

import { toHalfWidth } from './width.ts';

export type QuantityErrorCode = 'empty' | 'not-a-number' | 'negative' | 'zero' | 'too-large' | 'too-precise';

export type QuantityResult = { ok: true; value: number } | { ok: false; code: QuantityErrorCode };

export interface QuantityKind {
  /** Accepted unit suffixes, with 万 as a multiplier in front of any of them ("1.2万吨"). */
  suffixes: readonly string[];
  /** Decimal places kept after scaling by 万 (0 = whole units only). */
  decimals: number;
  max: number;
  /** Whether 0 is a valid value (a score may be 0; an area may not). */
  allowZero: boolean;
}

export const MU: QuantityKind = { suffixes: ['亩'], decimals: 2, max: 10_000_000, allowZero: false };
export const TONNES_SCE: QuantityKind = {
  suffixes: ['吨标准煤', '吨标煤', '吨', 'tce'],
  decimals: 0,
  max: 1_000_000_000,
  allowZero: false,
};
export const SCORE: QuantityKind = { suffixes: ['分'], decimals: 2, max: 100, allowZero: true };

const NUMBER = /^(\d+)(?:\.(\d+))?$/;

export function parseQuantity(input: string, kind: QuantityKind): QuantityResult {
  let text = toHalfWidth(input).trim().replace(/,/g, '').toLowerCase();
  if (text === '') return { ok: false, code: 'empty' };
  const suffix = kind.suffixes.find((s) => text.endsWith(s.toLowerCase()));
  if (suffix !== undefined) text = text.slice(0, text.length - suffix.length).trim();
  let tenThousands = false;
  if (text.endsWith('万')) {
    tenThousands = true;
    text = text.slice(0, -1).trim();
  }
  if (text.startsWith('-') || text.startsWith('负'))
    return NUMBER.test(text.slice(1)) ? { ok: false, code: 'negative' } : { ok: false, code: 'not-a-number' };
  const match = NUMBER.exec(text);
  if (match === null) return { ok: false, code: 'not-a-number' };
  const whole = match[1] ?? '0';
  const fraction = (match[2] ?? '').replace(/0+$/, '');
  // Shift the decimal point four places for 万 on the digits themselves, so no float rounding creeps in.
  const shift = tenThousands ? 4 : 0;
  const digits = `${whole}${fraction}`.replace(/^0+(?=\d)/, '');
  const pointFromRight = Math.max(fraction.length - shift, 0);
  if (pointFromRight > kind.decimals) return { ok: false, code: 'too-precise' };
  const scaled = pointFromRight === 0 ? `${digits}${'0'.repeat(Math.max(shift - fraction.length, 0))}` : digits;
  if (scaled.length > 15) return { ok: false, code: 'too-large' };
  const value = Number(scaled) / 10 ** pointFromRight;
  if (value === 0 && !kind.allowZero) return { ok: false, code: 'zero' };
  if (value > kind.max) return { ok: false, code: 'too-large' };
  return { ok: true, value };
}
