/**
 * The fields of a transfer application as typed, checked all at once so the applicant sees every
 * problem in one answer. What needs the database (units, chain, open cases) is the service's part.
 */

import { checkCreditCode } from '../parsing/credit-code.ts';
import { parsePromise, type PolicyTerms, type PromiseProblem } from '../policies/terms.ts';
import { parseBenefitSharing, type BenefitSharing, type ShareProblem } from './benefit-sharing.ts';

export interface RawApplication {
  enterprise?: string;
  code?: string;
  chain?: string;
  from?: string;
  to?: string;
  reason?: string;
  promise?: string;
  share?: string;
  confirm?: string;
}

export type RequiredField = 'enterprise' | 'from' | 'to' | 'reason' | 'share';

export type ApplicationProblem =
  | { kind: 'missing'; field: RequiredField }
  | { kind: 'too-long'; field: keyof RawApplication; max: number }
  | { kind: 'share'; input: string; problem: ShareProblem }
  | { kind: 'promise'; problems: PromiseProblem[] }
  | { kind: 'credit-length'; length: number }
  | { kind: 'credit-chars'; chars: string[] }
  | { kind: 'credit-check-unconfirmed'; code: string };

export interface ValidApplication {
  enterprise: string;
  creditCode: string | null;
  chain: string | null;
  from: string;
  to: string;
  reason: string;
  promise: PolicyTerms[];
  sharing: BenefitSharing;
}

const LIMITS: Partial<Record<keyof RawApplication, number>> = {
  enterprise: 100,
  reason: 500,
  promise: 300,
  from: 40,
  to: 40,
  chain: 30,
};
const YES = ['是', 'yes', 'y', '确认', 'true', '1'];
const REQUIRED: readonly RequiredField[] = ['enterprise', 'from', 'to', 'reason', 'share'];

export function validateApplication(
  raw: RawApplication,
): { ok: true; application: ValidApplication } | { ok: false; problems: ApplicationProblem[] } {
  const problems: ApplicationProblem[] = [];
  const values = new Map<keyof RawApplication, string>();
  for (const key of Object.keys(raw) as (keyof RawApplication)[]) {
    const value = raw[key]?.trim();
    if (value === undefined || value === '') continue;
    const max = LIMITS[key];
    if (max !== undefined && [...value].length > max) problems.push({ kind: 'too-long', field: key, max });
    values.set(key, value);
  }
  const field = (key: keyof RawApplication): string | null => values.get(key) ?? null;
  for (const key of REQUIRED) if (field(key) === null) problems.push({ kind: 'missing', field: key });

  const shareText = field('share');
  const share = shareText === null ? null : parseBenefitSharing(shareText);
  if (share !== null && !share.ok && shareText !== null)
    problems.push({ kind: 'share', input: shareText, problem: share.problem });

  const promiseText = field('promise');
  const promise = promiseText === null ? null : parsePromise(promiseText);
  if (promise !== null && !promise.ok) problems.push({ kind: 'promise', problems: promise.problems });

  const creditCode = creditCodeOf(field('code'), YES.includes((field('confirm') ?? '').toLowerCase()), problems);

  const enterprise = field('enterprise');
  const from = field('from');
  const to = field('to');
  const reason = field('reason');
  if (
    problems.length > 0 ||
    enterprise === null ||
    from === null ||
    to === null ||
    reason === null ||
    share === null ||
    !share.ok ||
    (promise !== null && !promise.ok)
  ) {
    return { ok: false, problems };
  }
  return {
    ok: true,
    application: {
      enterprise,
      creditCode,
      chain: field('chain'),
      from,
      to,
      reason,
      promise: promise?.items ?? [],
      sharing: share.sharing,
    },
  };
}

function creditCodeOf(input: string | null, confirmed: boolean, problems: ApplicationProblem[]): string | null {
  if (input === null) return null;
  const checked = checkCreditCode(input);
  switch (checked.kind) {
    case 'valid':
      return checked.code;
    case 'bad-length':
      problems.push({ kind: 'credit-length', length: checked.length });
      return null;
    case 'bad-chars':
      problems.push({ kind: 'credit-chars', chars: checked.chars });
      return null;
    case 'bad-check':
      if (confirmed) return checked.code;
      problems.push({ kind: 'credit-check-unconfirmed', code: checked.code });
      return null;
  }
}
