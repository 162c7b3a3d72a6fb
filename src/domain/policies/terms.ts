/**
 * Preferential investment policy items (优惠政策, policy 三(三); DESIGN §5.4) as structured terms:
 * a type, a rate in percent, and optionally a cap in 万元 and a duration in years. Units file them
 * per chain with /政策备案; a transfer's destination writes its promise (承诺政策) the same way, so
 * both can be compared with the host area's filings.
 *
 * Every measure reads "higher is more generous": for 土地价格 the rate is the discount below the
 * benchmark land price, for the subsidies and rewards it is the share paid back.
 */

import { parseAmountWan, type AmountErrorCode } from '../parsing/amount.ts';
import { toHalfWidth } from '../parsing/width.ts';

export const POLICY_TYPES = [
  'LAND_PRICE',
  'RENT_SUBSIDY',
  'EQUIPMENT_SUBSIDY',
  'TAX_REWARD',
  'ONE_OFF_REWARD',
  'OTHER',
] as const;
export type PolicyType = (typeof POLICY_TYPES)[number];

export const POLICY_TYPE_LABELS: Record<PolicyType, string> = {
  LAND_PRICE: '土地价格',
  RENT_SUBSIDY: '租金补贴',
  EQUIPMENT_SUBSIDY: '设备补助',
  TAX_REWARD: '税收奖励',
  ONE_OFF_REWARD: '一次性奖励',
  OTHER: '其他',
};

/** Other words officers use for the same measures. */
const TYPE_SYNONYMS: Readonly<Record<string, PolicyType>> = {
  地价: 'LAND_PRICE',
  土地: 'LAND_PRICE',
  地价优惠: 'LAND_PRICE',
  土地价格优惠: 'LAND_PRICE',
  租金: 'RENT_SUBSIDY',
  房租补贴: 'RENT_SUBSIDY',
  租金补助: 'RENT_SUBSIDY',
  租金减免: 'RENT_SUBSIDY',
  设备补贴: 'EQUIPMENT_SUBSIDY',
  设备: 'EQUIPMENT_SUBSIDY',
  设备投资补助: 'EQUIPMENT_SUBSIDY',
  税收返还: 'TAX_REWARD',
  税收: 'TAX_REWARD',
  税收优惠: 'TAX_REWARD',
  一次性补助: 'ONE_OFF_REWARD',
  一次性补贴: 'ONE_OFF_REWARD',
  落户奖励: 'ONE_OFF_REWARD',
  其它: 'OTHER',
};

export function parsePolicyType(input: string): PolicyType | null {
  const text = toHalfWidth(input).replace(/\s+/g, '');
  const byLabel = POLICY_TYPES.find((type) => POLICY_TYPE_LABELS[type] === text || type === text.toUpperCase());
  return byLabel ?? (Object.hasOwn(TYPE_SYNONYMS, text) ? (TYPE_SYNONYMS[text] ?? null) : null);
}

export function asPolicyType(value: string): PolicyType {
  const type = POLICY_TYPES.find((t) => t === value);
  if (type === undefined) throw new Error(`unknown policy type ${value}`);
  return type;
}

export interface PolicyTerms {
  type: PolicyType;
  /** Percent, above 0 and at most 100, at most two decimals. */
  ratePct: number;
  capWan: number | null;
  years: number | null;
}

export const MAX_POLICY_YEARS = 30;

export type TermsField = 'type' | 'rate' | 'cap' | 'years';

export type TermsProblem =
  | { field: TermsField; kind: 'missing' }
  | { field: 'type'; kind: 'unknown'; input: string }
  | { field: 'rate'; kind: 'invalid'; input: string }
  | { field: 'cap'; kind: 'invalid'; input: string; code: AmountErrorCode }
  | { field: 'years'; kind: 'invalid'; input: string };

const PERCENT = /^(\d+(?:\.\d{1,2})?)%?$/;
const YEARS = /^(\d+)年?$/;

/** `50%`, `50`, `12.5%` → 50, 50, 12.5; null for anything outside (0, 100] or with more decimals. */
export function parsePercent(input: string): number | null {
  const match = PERCENT.exec(toHalfWidth(input).replace(/\s+/g, ''));
  if (match === null) return null;
  const value = Number(match[1]);
  return value > 0 && value <= 100 ? value : null;
}

/** `5`, `5年` → 5; null unless a whole number of years from 1 to MAX_POLICY_YEARS. */
export function parseYears(input: string): number | null {
  const match = YEARS.exec(toHalfWidth(input).replace(/\s+/g, ''));
  if (match === null) return null;
  const value = Number(match[1]);
  return value >= 1 && value <= MAX_POLICY_YEARS ? value : null;
}

export interface RawTerms {
  type?: string;
  rate?: string;
  cap?: string;
  years?: string;
}

/** Validates the four fields of a filing together, so one answer names every problem. */
export function parseTerms(raw: RawTerms): { ok: true; terms: PolicyTerms } | { ok: false; problems: TermsProblem[] } {
  const problems: TermsProblem[] = [];
  const typeText = raw.type?.trim() ?? '';
  const type = typeText === '' ? null : parsePolicyType(typeText);
  if (typeText === '') problems.push({ field: 'type', kind: 'missing' });
  else if (type === null) problems.push({ field: 'type', kind: 'unknown', input: typeText });

  const rateText = raw.rate?.trim() ?? '';
  const rate = rateText === '' ? null : parsePercent(rateText);
  if (rateText === '') problems.push({ field: 'rate', kind: 'missing' });
  else if (rate === null) problems.push({ field: 'rate', kind: 'invalid', input: rateText });

  let capWan: number | null = null;
  const capText = raw.cap?.trim() ?? '';
  if (capText !== '') {
    const cap = parseAmountWan(capText);
    if (cap.ok) capWan = cap.wan;
    else problems.push({ field: 'cap', kind: 'invalid', input: capText, code: cap.code });
  }

  let years: number | null = null;
  const yearsText = raw.years?.trim() ?? '';
  if (yearsText !== '') {
    years = parseYears(yearsText);
    if (years === null) problems.push({ field: 'years', kind: 'invalid', input: yearsText });
  }

  if (problems.length > 0 || type === null || rate === null) return { ok: false, problems };
  return { ok: true, terms: { type, ratePct: rate, capWan, years } };
}

export type PromiseProblem = { item: number; text: string; problem: TermsProblem | { field: 'item'; kind: 'format' } };

const ITEM_HEAD = /^(\D+?)[:=]?(\d+(?:\.\d+)?%?)$/;
const CAP_PART = /^(?:上限|封顶|最高)[:=]?(.+)$/;
/** A bare amount (`2000万`, `1.5亿元`) can only be a cap. */
const BARE_AMOUNT = /^(\d+(?:\.\d+)?(?:万|亿)元?|\d+元)$/;
const YEARS_PART = /^(?:年限|期限)?[:=]?(\d+年?)$/;

/**
 * A transfer's promised policy, written like filings: items separated by `;`, each
 * `<类型><比例>%[,上限<金额>][,<年限>年]`, e.g. `税收奖励50%,上限2000万,5年;租金补贴30%`.
 * Full-width punctuation is accepted; every item's problems are reported with its number.
 */
export function parsePromise(
  input: string,
): { ok: true; items: PolicyTerms[] } | { ok: false; problems: PromiseProblem[] } {
  const items: PolicyTerms[] = [];
  const problems: PromiseProblem[] = [];
  const texts = toHalfWidth(input)
    .replace(/\s+/g, '')
    .split(/;|\n/)
    .filter((part) => part !== '');
  if (texts.length === 0)
    return { ok: false, problems: [{ item: 1, text: input, problem: { field: 'item', kind: 'format' } }] };
  for (const [index, text] of texts.entries()) {
    const item = index + 1;
    const [head = '', ...rest] = text.split(/[,、]/).filter((part) => part !== '');
    const headMatch = ITEM_HEAD.exec(head);
    const raw: RawTerms = headMatch === null ? {} : { type: headMatch[1], rate: headMatch[2] };
    let malformed = headMatch === null;
    for (const part of rest) {
      const cap = CAP_PART.exec(part) ?? BARE_AMOUNT.exec(part);
      const years = cap === null ? YEARS_PART.exec(part) : null;
      if (cap !== null && raw.cap === undefined) raw.cap = cap[1];
      else if (years !== null && raw.years === undefined) raw.years = years[1];
      else malformed = true;
    }
    if (malformed) {
      problems.push({ item, text, problem: { field: 'item', kind: 'format' } });
      continue;
    }
    const parsed = parseTerms(raw);
    if (parsed.ok) items.push(parsed.terms);
    else for (const problem of parsed.problems) problems.push({ item, text, problem });
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, items };
}
