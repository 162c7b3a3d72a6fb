import { toHalfWidth } from '../parsing/width.ts';

/** ZS-2026-0001: per-year sequence, four digits (more when a year passes 9,999 reports). */
export function formatProjectCode(year: number, sequence: number): string {
  return `ZS-${year}-${String(sequence).padStart(4, '0')}`;
}

/** Accepts what officers type on phones: zs-2026-1, ＺＳ－２０２６－０００１, ZS20260001, 2026-0001. */
export function parseProjectCode(input: string): string | null {
  const text = toHalfWidth(input)
    .trim()
    .toUpperCase()
    .replace(/[－—–_\s]/g, '-');
  const match = /^(?:ZS-?)?(\d{4})-?(\d{1,6})$/.exec(text);
  if (match === null) return null;
  const [, year, sequence] = match;
  const n = Number(sequence);
  if (n < 1) return null;
  return formatProjectCode(Number(year), n);
}
