/**
 * What IPB decides about a 比拼政策 finding. Policy 三(三): 对"比拼政策"的，取消产业投资促进目标考核先进
 * 评比资格；情节严重的，项目税收地方留成部分由市财政局收归市级所有. A warning is the lighter step for a
 * first or quickly corrected case; a finding that turns out not to be one (the host had a filing
 * nobody recorded, the unit corrected its filing) is closed as 不予处理 with the reason written down.
 */

import { toHalfWidth } from '../parsing/width.ts';

export const DISPOSITIONS = ['WARNING', 'DISQUALIFY', 'TAX_CLAWBACK', 'DISMISS'] as const;
export type Disposition = (typeof DISPOSITIONS)[number];

export const DISPOSITION_LABELS: Record<Disposition, string> = {
  WARNING: '警告',
  DISQUALIFY: '取消考核评先资格',
  TAX_CLAWBACK: '税收留成收归市级',
  DISMISS: '不予处理',
};

const DISPOSITION_WORDS: Readonly<Record<string, Disposition>> = {
  警告: 'WARNING',
  提醒: 'WARNING',
  warning: 'WARNING',
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
  不予处理: 'DISMISS',
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
 * A finding is disposed of once; closing one as 不予处理 needs the reason, since it clears a unit
 * the bot had flagged to the auditors.
 */
export function checkDisposition(status: FindingStatus, disposition: Disposition, note: string): DisposeRefusal | null {
  if (status !== 'OPEN') return 'already-disposed';
  if (disposition === 'DISMISS' && note.trim() === '') return 'note-required';
  return null;
}
