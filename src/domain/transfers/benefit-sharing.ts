/**
 * Fiscal benefit sharing of a stock project transfer (完善财政利益共享等相关制度, policy 四(三)): the
 * origin keeps a share of the enterprise's local tax retention (地方留成) for some years. Written by
 * officers as `分成=30%/5年`: the origin's percentage, then the number of years.
 */

import { toHalfWidth } from '../parsing/width.ts';

export const MIN_SHARE_PCT = 0;
export const MAX_SHARE_PCT = 100;
export const MIN_SHARE_YEARS = 1;
export const MAX_SHARE_YEARS = 10;

export interface BenefitSharing {
  /** The origin's share of local tax retention, 0–100, at most two decimals. */
  originPct: number;
  years: number;
}

export type ShareProblem = 'format' | 'pct-range' | 'years-range';

export type ShareResult = { ok: true; sharing: BenefitSharing } | { ok: false; problem: ShareProblem };

/** `30%/5年`, `30/5`, `30％／5年`, `迁出方30%/5年`, `12.5%/3年`; spaces are ignored. */
const SHARE = /^(?:迁出方?|迁出地)?(-?\d+(?:\.\d+)?)%?\/(-?\d+(?:\.\d+)?)年?$/;

/**
 * Reads and validates the terms. The share may be 0 (the destination keeps everything) or 100;
 * the years must be a whole number from 1 to 10 — a longer split is no longer a transition
 * arrangement but a permanent claim on another area's revenue.
 */
export function parseBenefitSharing(input: string): ShareResult {
  const text = toHalfWidth(input).replace(/\s+/g, '');
  const match = SHARE.exec(text);
  if (match === null) return { ok: false, problem: 'format' };
  const pct = Number(match[1]);
  const years = Number(match[2]);
  return validateBenefitSharing(pct, years, match[1] ?? '');
}

export function validateBenefitSharing(pct: number, years: number, pctText = String(pct)): ShareResult {
  const decimals = pctText.split('.')[1]?.length ?? 0;
  if (!Number.isFinite(pct) || pct < MIN_SHARE_PCT || pct > MAX_SHARE_PCT || decimals > 2)
    return { ok: false, problem: 'pct-range' };
  if (!Number.isInteger(years) || years < MIN_SHARE_YEARS || years > MAX_SHARE_YEARS)
    return { ok: false, problem: 'years-range' };
  return { ok: true, sharing: { originPct: pct, years } };
}

/** The destination's share: what the origin does not keep, rounded like the input (two decimals). */
export function destinationPct(sharing: BenefitSharing): number {
  return Math.round((100 - sharing.originPct) * 100) / 100;
}
