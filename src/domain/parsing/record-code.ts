import { toHalfWidth } from './width.ts';

/**
 * Human-readable record codes of the form <PREFIX>-<year>-<sequence> (LZ-2026-0001): a per-year
 * sequence, four digits (more once a year passes 9,999 records).
 */
export function formatRecordCode(prefix: string, year: number, sequence: number): string {
  return `${prefix}-${year}-${String(sequence).padStart(4, '0')}`;
}

/** Accepts what officers type on phones: lz-2026-1, ＬＺ－２０２６－０００１, LZ20260001, 2026-0001. */
export function parseRecordCode(prefix: string, input: string): string | null {
  const text = toHalfWidth(input)
    .trim()
    .toUpperCase()
    .replace(/[－—–_\s]/g, '-');
  const match = new RegExp(`^(?:${prefix}-?)?(\\d{4})-?(\\d{1,6})$`).exec(text);
  if (match === null) return null;
  const sequence = Number(match[2]);
  if (sequence < 1) return null;
  return formatRecordCode(prefix, Number(match[1]), sequence);
}
