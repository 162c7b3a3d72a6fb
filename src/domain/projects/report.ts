import { parseAmountWan, type AmountErrorCode } from '../parsing/amount.ts';
import { checkCreditCode } from '../parsing/credit-code.ts';
import { toHalfWidth } from '../parsing/width.ts';
import { INTENT_KINDS, type IntentKind } from './status.ts';

/** The /首报 fields as typed (canonical keys of the command declaration). */
export interface RawReport {
  name?: string;
  investor?: string;
  code?: string;
  chain?: string;
  amount?: string;
  intent?: string;
  site?: string;
  contact?: string;
  confirm?: string;
}

export interface ValidReport {
  name: string;
  investorName: string;
  creditCode: string | null;
  /** The code failed the GB 32100-2015 check and the reporter confirmed it as typed. */
  creditCodeUnverified: boolean;
  chain: string;
  amountWan: number;
  intent: IntentKind;
  intentNote: string | null;
  site: string | null;
  contact: string | null;
}

export type RequiredField = 'name' | 'investor' | 'chain' | 'amount' | 'intent';

export type ReportProblem =
  | { kind: 'missing'; field: RequiredField }
  | { kind: 'too-long'; field: keyof RawReport; max: number }
  | { kind: 'unknown-chain'; input: string }
  | { kind: 'ambiguous-chain'; input: string; candidates: string[] }
  | { kind: 'amount'; input: string; code: AmountErrorCode }
  | { kind: 'unknown-intent'; input: string }
  | { kind: 'intent-note-missing' }
  | { kind: 'credit-length'; length: number }
  | { kind: 'credit-chars'; chars: string[] }
  /** Not a refusal of the code itself: it must be confirmed, since some legally issued early codes fail the check. */
  | { kind: 'credit-check-unconfirmed'; code: string };

export type ChainResolver = (input: string) => { chain: string } | { ambiguous: string[] } | undefined;

const LIMITS: Partial<Record<keyof RawReport, number>> = {
  name: 100,
  investor: 100,
  site: 100,
  contact: 60,
  intent: 200,
};
const YES = ['是', 'yes', 'y', '确认', 'true', '1'];

/** Validates a report completely, so the reporter sees every problem in one answer. */
export function validateReport(
  raw: RawReport,
  resolveChain: ChainResolver,
): { ok: true; report: ValidReport } | { ok: false; problems: ReportProblem[] } {
  const problems: ReportProblem[] = [];
  const field = (key: keyof RawReport): string | null => {
    const value = raw[key]?.trim();
    if (value === undefined || value === '') return null;
    const max = LIMITS[key];
    if (max !== undefined && [...value].length > max) problems.push({ kind: 'too-long', field: key, max });
    return value;
  };
  const required = (key: RequiredField): string | null => {
    const value = field(key);
    if (value === null) problems.push({ kind: 'missing', field: key });
    return value;
  };

  const name = required('name');
  const investorName = required('investor');
  const chainInput = required('chain');
  const amountInput = required('amount');
  const intentInput = required('intent');
  const site = field('site');
  const contact = field('contact');

  let chain: string | null = null;
  if (chainInput !== null) {
    const resolved = resolveChain(chainInput);
    if (resolved === undefined) problems.push({ kind: 'unknown-chain', input: chainInput });
    else if ('ambiguous' in resolved)
      problems.push({ kind: 'ambiguous-chain', input: chainInput, candidates: resolved.ambiguous });
    else chain = resolved.chain;
  }

  let amountWan: number | null = null;
  if (amountInput !== null) {
    const amount = parseAmountWan(amountInput);
    if (amount.ok) amountWan = amount.wan;
    else problems.push({ kind: 'amount', input: amountInput, code: amount.code });
  }

  const intent = intentInput === null ? null : parseIntent(intentInput);
  if (intentInput !== null && intent === null) problems.push({ kind: 'unknown-intent', input: intentInput });
  if (intent?.kind === '其他' && intent.note === null) problems.push({ kind: 'intent-note-missing' });

  const credit = creditCodeOf(field('code'), YES.includes((field('confirm') ?? '').toLowerCase()), problems);

  if (
    problems.length > 0 ||
    name === null ||
    investorName === null ||
    chain === null ||
    amountWan === null ||
    intent === null
  ) {
    return { ok: false, problems };
  }
  return {
    ok: true,
    report: {
      name,
      investorName,
      creditCode: credit.code,
      creditCodeUnverified: credit.unverified,
      chain,
      amountWan,
      intent: intent.kind,
      intentNote: intent.note,
      site,
      contact,
    },
  };
}

function creditCodeOf(
  input: string | null,
  confirmed: boolean,
  problems: ReportProblem[],
): { code: string | null; unverified: boolean } {
  if (input === null) return { code: null, unverified: false };
  const checked = checkCreditCode(input);
  switch (checked.kind) {
    case 'valid':
      return { code: checked.code, unverified: false };
    case 'bad-length':
      problems.push({ kind: 'credit-length', length: checked.length });
      return { code: null, unverified: false };
    case 'bad-chars':
      problems.push({ kind: 'credit-chars', chars: checked.chars });
      return { code: null, unverified: false };
    case 'bad-check':
      if (!confirmed) problems.push({ kind: 'credit-check-unconfirmed', code: checked.code });
      return { code: checked.code, unverified: true };
  }
}

/** 签订意向书 | 实地考察 | 多轮洽谈 | 其他, each optionally followed by ":说明" or "（说明）". */
export function parseIntent(input: string): { kind: IntentKind; note: string | null } | null {
  const text = toHalfWidth(input).trim();
  const kind = INTENT_KINDS.find((k) => text.startsWith(k));
  if (kind === undefined) return null;
  const rest = text
    .slice(kind.length)
    .replace(/^[\s:：,，、-]+/, '')
    .replace(/^\((.*)\)$/s, '$1')
    .trim();
  return { kind, note: rest === '' ? null : rest };
}
