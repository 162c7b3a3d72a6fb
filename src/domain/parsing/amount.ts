/**
 * Investment amounts as officers type them ("5.2亿", "三千万", "12,000,000元") into whole 万元,
 * the unit projects are stored in. Money is never guessed: anything that is not exactly a whole
 * number of 万元, or whose reading is colloquial shorthand, is refused with a code.
 */

import { toHalfWidth } from './width.ts';

export type AmountErrorCode = 'empty' | 'not-a-number' | 'negative' | 'too-small' | 'too-large' | 'fraction';

export type AmountResult = { ok: true; wan: number } | { ok: false; code: AmountErrorCode };

/** 10万亿元: far above any single project, low enough to stay a safe integer. */
export const MAX_AMOUNT_WAN = 1_000_000_000;

// No genuine amount is longer, and the cap keeps the exact arithmetic below cheap.
const MAX_AMOUNT_LENGTH = 64;
// A decimal literal cannot have more fractional digits than the input has characters, so scaling
// every value by 10^64 makes all the arithmetic exact integer arithmetic.
const SCALE = 10n ** BigInt(MAX_AMOUNT_LENGTH);
const WAN = 10_000n;
const YI = 100_000_000n;

const CHINESE_DIGITS: ReadonlyMap<string, bigint> = new Map([
  ['一', 1n],
  ['二', 2n],
  ['两', 2n],
  ['三', 3n],
  ['四', 4n],
  ['五', 5n],
  ['六', 6n],
  ['七', 7n],
  ['八', 8n],
  ['九', 9n],
]);
const SMALL_UNITS: ReadonlyMap<string, bigint> = new Map([
  ['十', 10n],
  ['百', 100n],
  ['千', 1000n],
]);
const ZERO_PLACEHOLDERS = new Set(['零', '〇']);

// Thousands separators are accepted only in proper groups of three, so "1,5亿" is refused
// rather than read as 15亿.
const ARABIC = /(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?/y;
const PREFIX = /^(?:人民币|rmb|¥|￥)/i;
const SUFFIX = /rmb$/i;
const SPACE_BETWEEN_DIGITS = /\d\s+\d/;

function scaledDecimal(literal: string): bigint {
  const [whole = '', fraction = ''] = literal.replaceAll(',', '').split('.');
  return BigInt(whole) * SCALE + BigInt(fraction.padEnd(MAX_AMOUNT_LENGTH, '0'));
}

interface Pending {
  value: bigint;
  /** The unit read just before this digit; null at the start or after 零. */
  after: bigint | null;
}

/**
 * A digit left without its own unit is plain only after nothing, 零 or 十 (十二), or when a
 * smaller unit follows (1亿5000万). Otherwise it is shorthand that people read differently:
 * 一千二 is 1200, 一亿五 is 1.5亿, so it is refused instead of guessed.
 */
function settle(pending: Pending | null, closingUnit: bigint | null): bigint | null {
  if (pending === null) return 0n;
  const { value, after } = pending;
  if (after === null || after === 10n) return value;
  if (closingUnit !== null && closingUnit < after) return value;
  return null;
}

/** The scaled value of a number expression, and whether it named 万 or 亿 itself. */
function parseMagnitude(body: string): { value: bigint; namesUnit: boolean } | null {
  let total = 0n; // closed by 亿
  let section = 0n; // closed by 万 since the last 亿
  let group = 0n; // closed by 十/百/千 since the last 万 or 亿
  let pending: Pending | null = null;
  let lastUnit: bigint | null = null;
  let smallCeiling = WAN;
  let sinceYi = false;
  let wanSinceYi = false;
  let yiSeen = false;

  let i = 0;
  while (i < body.length) {
    ARABIC.lastIndex = i;
    const arabic = ARABIC.exec(body);
    const ch = body.charAt(i);
    const chineseDigit = CHINESE_DIGITS.get(ch);
    const smallUnit = SMALL_UNITS.get(ch);

    const digit = arabic !== null ? scaledDecimal(arabic[0]) : chineseDigit !== undefined ? chineseDigit * SCALE : null;
    if (digit !== null) {
      if (pending !== null) return null;
      pending = { value: digit, after: lastUnit };
      i += arabic?.[0].length ?? 1;
      sinceYi = true;
      continue;
    }

    if (ZERO_PLACEHOLDERS.has(ch)) {
      if (pending !== null) return null;
      lastUnit = null;
      sinceYi = true;
    } else if (smallUnit !== undefined) {
      if (smallUnit >= smallCeiling) return null;
      // 十 alone means one ten (十二亿); 百 and 千 always need their digit.
      const multiplier = pending?.value ?? (smallUnit === 10n ? SCALE : null);
      if (multiplier === null) return null;
      group += multiplier * smallUnit;
      smallCeiling = smallUnit;
      pending = null;
      lastUnit = smallUnit;
      sinceYi = true;
    } else if (ch === '万') {
      const tail = settle(pending, WAN);
      if (!sinceYi || wanSinceYi || tail === null) return null;
      section = (group + tail) * WAN;
      group = 0n;
      smallCeiling = WAN;
      pending = null;
      lastUnit = WAN;
      wanSinceYi = true;
    } else if (ch === '亿') {
      const tail = settle(pending, YI);
      if (!sinceYi || yiSeen || tail === null) return null;
      // Multiplying everything so far also reads 万亿 (5万亿 = 5 × 10^12).
      total = (total + section + group + tail) * YI;
      section = 0n;
      group = 0n;
      smallCeiling = WAN;
      pending = null;
      lastUnit = YI;
      sinceYi = false;
      wanSinceYi = false;
      yiSeen = true;
    } else {
      return null;
    }
    i += 1;
  }

  const tail = settle(pending, null);
  if (tail === null || body === '') return null;
  return { value: total + section + group + tail, namesUnit: yiSeen || wanSinceYi };
}

export function parseAmountWan(s: string): AmountResult {
  const trimmed = toHalfWidth(s).trim();
  if (trimmed === '') return { ok: false, code: 'empty' };
  if (trimmed.length > MAX_AMOUNT_LENGTH || SPACE_BETWEEN_DIGITS.test(trimmed)) {
    return { ok: false, code: 'not-a-number' };
  }

  let body = trimmed.replace(PREFIX, '').replace(SUFFIX, '').replace(/\s+/g, '');
  const negative = body.startsWith('-') || body.startsWith('负');
  if (negative) body = body.slice(1);
  const inYuan = body.endsWith('元');
  if (inYuan) body = body.slice(0, -1);

  const magnitude = parseMagnitude(body);
  if (magnitude === null) return { ok: false, code: 'not-a-number' };
  if (negative) return { ok: false, code: 'negative' };

  // A bare number, with no 万, 亿 or 元, is already in 万元.
  const yuanScaled = magnitude.namesUnit || inYuan ? magnitude.value : magnitude.value * WAN;
  const perWan = SCALE * WAN;
  if (yuanScaled === 0n) return { ok: false, code: 'too-small' };
  if (yuanScaled > BigInt(MAX_AMOUNT_WAN) * perWan) return { ok: false, code: 'too-large' };
  if (yuanScaled % perWan !== 0n) return { ok: false, code: 'fraction' };
  return { ok: true, wan: Number(yuanScaled / perWan) };
}

/** Renders whole 万元 (as parseAmountWan returns them) the way officers write amounts. */
export function formatWan(wan: number): string {
  if (wan < Number(WAN)) return `${wan}万元`;
  const yi = Math.trunc(wan / Number(WAN));
  const rest = wan % Number(WAN);
  const decimals = rest === 0 ? '' : `.${String(rest).padStart(4, '0').replace(/0+$/, '')}`;
  return `${yi}${decimals}亿元`;
}
