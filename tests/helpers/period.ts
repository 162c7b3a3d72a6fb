/**
 * A first-negotiation period as the product defines it (DESIGN §4.3, README "首谈期"), computed here
 * independently of src/domain so a test can catch the product getting it wrong: a period of N days
 * granted on a Shanghai day D ends on the date D+N and runs to the end of that day, so the stored end is
 * 00:00 Asia/Shanghai of D+N+1; it is shown as that date, never a clock time.
 */
const HOUR_MS = 3_600_000;

/** The stored end (epoch ms) of a period of `days` days granted at `at`. */
export function periodEnd(at: Date, days: number): number {
  const local = new Date(at.getTime() + 8 * HOUR_MS);
  return Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() + days + 1) - 8 * HOUR_MS;
}

/** 2027年5月25日: the day shown for a period whose stored end is `until`. */
export function periodLastDay(until: Date | string): string {
  const local = new Date(new Date(until).getTime() - 1 + 8 * HOUR_MS);
  return `${local.getUTCFullYear()}年${local.getUTCMonth() + 1}月${local.getUTCDate()}日`;
}
