/**
 * Implementation rules (实施规则, DESIGN §10): what the policy leaves to each lead unit's 具体工作方案
 * (policy 六) — procedures, vote rules, formulas, day counts. Each rule has an id, a name, the unit
 * that owns it (by that unit's role), a default, and a parser that validates a new value. Values are
 * kept as canonical text (what /规则 shows and the database stores); typed readers below turn a value
 * into what the use case needs.
 *
 * Adding a rule is one entry in RULES (and its id in RULE_IDS): /规则, persistence, history and the
 * citation helper all derive from this table.
 */

import type { Role } from '../org/roles.ts';
import type { ClauseId } from './clauses.ts';
import { parseAmountWan } from '../parsing/amount.ts';

export const RULE_IDS = ['R1', 'R2', 'R3', 'R4', 'R5', 'R6', 'R7', 'R8', 'R9', 'R10', 'R11', 'R12', 'R13'] as const;
export type RuleId = (typeof RULE_IDS)[number];

/** Why a proposed value is refused; messages/rules.ts words each. */
export type RuleValueProblem =
  | { code: 'not-a-whole-number'; min: number; max: number }
  | { code: 'out-of-range'; min: number; max: number }
  | { code: 'not-a-day-list'; min: number; max: number }
  | { code: 'not-an-option'; options: readonly string[] }
  | { code: 'weights'; parts: number }
  | { code: 'not-a-ratio'; max: number }
  | { code: 'threshold' };

export type RuleValueResult = { ok: true; value: string } | { ok: false; problem: RuleValueProblem };

export interface RuleDefinition {
  id: RuleId;
  name: string;
  /** The unit that owns the rule, by the role its officers hold; ADMIN may also set it. */
  owner: Role;
  /** The clause whose procedure the rule fills in. */
  implements: ClauseId;
  defaultValue: string;
  /** Validates a proposed value and returns its canonical text. */
  parse(input: string): RuleValueResult;
}

const fail = (problem: RuleValueProblem): RuleValueResult => ({ ok: false, problem });

function wholeNumber(min: number, max: number) {
  return (input: string): RuleValueResult => {
    const text = input.trim().replace(/天$/, '');
    if (!/^\d+$/.test(text)) return fail({ code: 'not-a-whole-number', min, max });
    const n = Number(text);
    return n < min || n > max ? fail({ code: 'out-of-range', min, max }) : { ok: true, value: String(n) };
  };
}

/** "14,3" / "14、3" / "14，3": distinct whole numbers, kept largest first. */
function dayList(min: number, max: number, count: { min: number; max: number }) {
  return (input: string): RuleValueResult => {
    const parts = input
      .trim()
      .replace(/天$/, '')
      .split(/[,，、/\s]+/)
      .filter((p) => p !== '');
    if (parts.length < count.min || parts.length > count.max || parts.some((p) => !/^\d+$/.test(p)))
      return fail({ code: 'not-a-day-list', min, max });
    const days = [...new Set(parts.map(Number))].sort((a, b) => b - a);
    if (days.length !== parts.length || days.some((d) => d < min || d > max))
      return fail({ code: 'not-a-day-list', min, max });
    return { ok: true, value: days.join(',') };
  };
}

function oneOf(options: readonly string[]) {
  return (input: string): RuleValueResult => {
    const text = input.trim();
    return options.includes(text) ? { ok: true, value: text } : fail({ code: 'not-an-option', options });
  };
}

/** Whole-number weights in percent, `parts` of them, adding up to 100: "50/50". */
function weightsOf(input: string, parts: number): number[] | null {
  const words = input
    .trim()
    .split(/[/,，、+\s]+/)
    .filter((p) => p !== '')
    .map((p) => p.replace(/%$/, ''));
  if (words.length !== parts || words.some((w) => !/^\d+$/.test(w))) return null;
  const weights = words.map(Number);
  return weights.reduce((a, b) => a + b, 0) === 100 ? weights : null;
}

function weights(parts: number) {
  return (input: string): RuleValueResult => {
    const w = weightsOf(input, parts);
    return w === null ? fail({ code: 'weights', parts }) : { ok: true, value: w.join('/') };
  };
}

/** R6: "<规模权重>/<亩均权重>/<门槛金额>", e.g. 50/50/1亿; the threshold is kept in 万元. */
function landRanking(input: string): RuleValueResult {
  const words = input
    .trim()
    .split(/[/,，、\s]+/)
    .filter((p) => p !== '');
  if (words.length !== 3) return fail({ code: 'weights', parts: 2 });
  const w = weightsOf(words.slice(0, 2).join('/'), 2);
  if (w === null) return fail({ code: 'weights', parts: 2 });
  const threshold = parseAmountWan(words[2]!);
  if (!threshold.ok || threshold.wan <= 0) return fail({ code: 'threshold' });
  return { ok: true, value: `${w.join('/')}/${threshold.wan}` };
}

function ratio(max: number) {
  return (input: string): RuleValueResult => {
    const text = input.trim().replace(/亩$/, '');
    if (!/^\d+(\.\d{1,2})?$/.test(text)) return fail({ code: 'not-a-ratio', max });
    const n = Number(text);
    return n <= 0 || n > max ? fail({ code: 'not-a-ratio', max }) : { ok: true, value: String(n) };
  };
}

export const R3_OPTIONS = ['在先报备先审核', '不限顺序'] as const;
/** R4: the default of DESIGN §5.3, or 一致同意 (one 不同意 rejects). */
export const R4_OPTIONS = ['默认', '一致同意'] as const;
/**
 * R8, R10 and R12 each have one implemented variant: /规则 设置 refuses any other value, naming the one
 * supported, and every decision that applies them records the value (the energy allocation, the routing
 * of a 一事一议 request, a 比拼政策 finding). A new variant of R8 or R10 is a new option here and an entry in
 * the table its reader selects from (ORDERS in domain/factors/energy.ts, ROUTINGS in domain/support/cases.ts).
 */
export const R8_OPTIONS = ['单位能耗产出'] as const;
export const R10_OPTIONS = ['默认'] as const;
export const R12_OPTIONS = ['任一项高于承载地'] as const;
export type EnergyMethod = (typeof R8_OPTIONS)[number];
export type SupportRouting = (typeof R10_OPTIONS)[number];

export const MAX_EXCLUSIVITY_RULE_DAYS = 3650;
export const DEFAULT_EXCLUSIVITY_DAYS = 180;

export const RULES: readonly RuleDefinition[] = [
  {
    id: 'R1',
    name: '首谈期天数',
    owner: 'IPB',
    implements: '四(一)',
    defaultValue: String(DEFAULT_EXCLUSIVITY_DAYS),
    parse: wholeNumber(1, MAX_EXCLUSIVITY_RULE_DAYS),
  },
  {
    id: 'R2',
    name: '首谈期到期提醒',
    owner: 'IPB',
    implements: '四(一)',
    defaultValue: '14,3',
    parse: dayList(1, 365, { min: 1, max: 5 }),
  },
  {
    id: 'R3',
    name: '同一投资方多家首报的审核顺序',
    owner: 'IPB',
    implements: '四(一)',
    defaultValue: R3_OPTIONS[0],
    parse: oneOf(R3_OPTIONS),
  },
  {
    id: 'R4',
    name: '存量流转联合审查结论',
    owner: 'IPB',
    implements: '四(三)',
    defaultValue: R4_OPTIONS[0],
    parse: oneOf(R4_OPTIONS),
  },
  {
    id: 'R5',
    name: '评审催办',
    owner: 'IPB',
    implements: '四(三)',
    defaultValue: '10,5',
    parse: dayList(1, 60, { min: 1, max: 4 }),
  },
  { id: 'R6', name: '用地排序', owner: 'NRB', implements: '五(一)', defaultValue: '50/50/10000', parse: landRanking },
  { id: 'R7', name: '盘活存量土地奖励', owner: 'NRB', implements: '五(一)', defaultValue: '1', parse: ratio(10) },
  {
    id: 'R8',
    name: '能耗竞争性分配',
    owner: 'DRC',
    implements: '五(二)',
    defaultValue: R8_OPTIONS[0],
    parse: oneOf(R8_OPTIONS),
  },
  { id: 'R9', name: '平台评价', owner: 'IPB', implements: '二(三)', defaultValue: '25/25/25/25', parse: weights(4) },
  {
    id: 'R10',
    name: '一事一议路由',
    owner: 'IPB',
    implements: '三(二)',
    defaultValue: R10_OPTIONS[0],
    parse: oneOf(R10_OPTIONS),
  },
  {
    id: 'R11',
    name: '台账提醒',
    owner: 'IPB',
    implements: '六',
    defaultValue: '30,7,1,0',
    parse: dayList(0, 90, { min: 1, max: 6 }),
  },
  {
    id: 'R12',
    name: '比拼政策认定',
    owner: 'IPB',
    implements: '三(三)',
    defaultValue: R12_OPTIONS[0],
    parse: oneOf(R12_OPTIONS),
  },
  // 赛马: weights of conversions / landed investment / guide conformance (domain/stats/race.ts has the formula).
  { id: 'R13', name: '赛马排名计分', owner: 'IPB', implements: '一', defaultValue: '40/40/20', parse: weights(3) },
];

const BY_ID = new Map<string, RuleDefinition>(RULES.map((rule) => [rule.id, rule]));

export function ruleById(id: RuleId): RuleDefinition {
  const rule = BY_ID.get(id);
  if (rule === undefined) throw new Error(`rule ${id} is not registered`);
  return rule;
}

/** "R3", "r3", "３" after half-width folding, or "规则3"; undefined when no such rule exists. */
export function parseRuleId(input: string): RuleId | undefined {
  const match = /^(?:R|规则)?(\d{1,2})$/i.exec(input.trim());
  const id = match === null ? undefined : `R${Number(match[1])}`;
  return id !== undefined && BY_ID.has(id) ? (id as RuleId) : undefined;
}

/** The current value of every rule: stored values over the defaults (R1's default comes from config). */
export type RuleValues = Readonly<Record<RuleId, string>>;

export function defaultRuleValues(overrides: Partial<Record<RuleId, string>> = {}): RuleValues {
  const values = Object.fromEntries(RULES.map((rule) => [rule.id, overrides[rule.id] ?? rule.defaultValue])) as Record<
    RuleId,
    string
  >;
  return values;
}

// Typed readers: a stored value was validated by parse(), so these only convert.

export const exclusivityDaysOf = (values: RuleValues) => Number(values.R1);
export const expiryReminderDaysOf = (values: RuleValues) => values.R2.split(',').map(Number);
export const earlierReportFirst = (values: RuleValues) => values.R3 === R3_OPTIONS[0];
export const transferUnanimity = (values: RuleValues) => values.R4 === '一致同意';
/** Ascending: the first reminder first. */
export const reviewReminderDaysOf = (values: RuleValues) =>
  values.R5.split(',')
    .map(Number)
    .sort((a, b) => a - b);
export function landRankingOf(values: RuleValues): { investment: number; perMu: number; thresholdWan: number } {
  const [investment, perMu, thresholdWan] = values.R6.split('/').map(Number);
  return { investment: investment!, perMu: perMu!, thresholdWan: thresholdWan! };
}
export const landRewardRatioOf = (values: RuleValues) => Number(values.R7);
/** R8, R10: a stored value passed parse(), so it is one of the options. */
const optionOf = <T extends string>(options: readonly T[], value: string): T => {
  const option = options.find((o) => o === value);
  if (option === undefined) throw new Error(`rule value ${value} is not one of ${options.join(', ')}`);
  return option;
};
export const energyMethodOf = (values: RuleValues): EnergyMethod => optionOf(R8_OPTIONS, values.R8);
export const supportRoutingOf = (values: RuleValues): SupportRouting => optionOf(R10_OPTIONS, values.R10);
export const platformWeightsOf = (values: RuleValues) => values.R9.split('/').map((w) => Number(w) / 100);
export const matrixReminderDaysOf = (values: RuleValues) => values.R11.split(',').map(Number);
export function raceWeightsOf(values: RuleValues): { conversions: number; landedAmount: number; conformance: number } {
  const [conversions, landedAmount, conformance] = values.R13.split('/').map(Number);
  return { conversions: conversions!, landedAmount: landedAmount!, conformance: conformance! };
}
