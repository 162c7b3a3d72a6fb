/**
 * What IPB decides about a 比拼政策 finding, 会同 市审计局、市财政局 and the chain's industry department.
 * Policy 三(三) names the consequences, and only those: 对"比拼政策"的，取消产业投资促进目标考核先进评比资格；
 * 情节严重的，项目税收地方留成部分由市财政局收归市级所有. A finding that turns out not to be one (the host
 * had a filing nobody recorded, the unit corrected its filing) is closed as 不构成比拼 with the reason
 * written down. There is no "warning": the policy has none.
 */

import { toHalfWidth } from '../parsing/width.ts';

export const DISPOSITIONS = ['DISQUALIFY', 'TAX_CLAWBACK', 'DISMISS'] as const;
export type Disposition = (typeof DISPOSITIONS)[number];

export const DISPOSITION_LABELS: Record<Disposition, string> = {
  DISQUALIFY: '取消考核评先资格',
  TAX_CLAWBACK: '税收留成收归市级',
  DISMISS: '不构成比拼',
};

const DISPOSITION_WORDS: Readonly<Record<string, Disposition>> = {
  取消考核评先资格: 'DISQUALIFY',
  取消考核先进评比资格: 'DISQUALIFY',
  取消评先资格: 'DISQUALIFY',
  取消资格: 'DISQUALIFY',
  取消评先: 'DISQUALIFY',
  disqualify: 'DISQUALIFY',
  税收留成收归市级: 'TAX_CLAWBACK',
  收归市级: 'TAX_CLAWBACK',
  税收收归市级: 'TAX_CLAWBACK',
  clawback: 'TAX_CLAWBACK',
  不构成比拼: 'DISMISS',
  不构成: 'DISMISS',
  dismiss: 'DISMISS',
};

export function parseDisposition(input: string): Disposition | null {
  const word = toHalfWidth(input).trim().toLowerCase();
  return Object.hasOwn(DISPOSITION_WORDS, word) ? (DISPOSITION_WORDS[word] ?? null) : null;
}

export const FINDING_STATUSES = ['OPEN', 'DISPOSED'] as const;
export type FindingStatus = (typeof FINDING_STATUSES)[number];

export function asFindingStatus(value: string): FindingStatus {
  const status = FINDING_STATUSES.find((s) => s === value);
  if (status === undefined) throw new Error(`unknown finding status ${value}`);
  return status;
}

export function asDisposition(value: string): Disposition {
  const disposition = DISPOSITIONS.find((d) => d === value);
  if (disposition === undefined) throw new Error(`unknown disposition ${value}`);
  return disposition;
}

export type DisposeRefusal = 'already-disposed' | 'note-required';

/**
 * A finding is disposed of once; closing one as 不构成比拼 needs the reason, since it clears a unit
 * the bot had flagged to the auditors.
 */
export function checkDisposition(status: FindingStatus, disposition: Disposition, note: string): DisposeRefusal | null {
  if (status !== 'OPEN') return 'already-disposed';
  if (disposition === 'DISMISS' && note.trim() === '') return 'note-required';
  return null;
}
