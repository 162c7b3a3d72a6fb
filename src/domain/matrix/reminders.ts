/**
 * The reminder planner (DESIGN §7): given the open cycles, the working-day calendar and `now`,
 * which reminders are due. It is a pure function of its inputs, and every reminder carries a key
 * unique per (item, cycle, lead unit, kind[, week]); the caller sends each key at most once, which
 * is what makes reminders exactly-once across restarts.
 *
 * Catch-up rule: for each cycle only the LATEST reminder whose moment has passed is planned.
 * When the job runs every day this sends every reminder on its day; after downtime it sends one
 * notice with the current state instead of a burst of stale ones (a "30 days left" notice is
 * useless when 5 days are left, and the late notice states the real number of days).
 */

import { addDays, daysBetween, isoWeekKey, mondayOf, shanghaiDate, shanghaiMoment, type IsoDate } from './dates.ts';
import type { CycleStatus } from './cycles.ts';
import { firstWorkingDayOfWeek, previousWorkingDay, type WorkingDayCalendar } from './working-days.ts';

/** Reminders go out at 09:00 Shanghai, when officers open their work chats. */
export const REMINDER_HOUR = 9;

/** A reminder n days before a deadline (rule R11's lead times, default 30, 7, 1), or on the day. */
export type BeforeKind = `before-${number}` | 'due-day';
/** progress-prompt: a 常态化 item's quarterly request for a progress note (never a deadline, never overdue). */
export type ReminderKind = BeforeKind | 'overdue' | 'coop-30' | 'progress-prompt';

/**
 * 常态化 (continuous) work — items 9 and 12, and item 11 after its milestone — is checked in per
 * quarter; those cycles are the ones keyed by quarter (2026Q4). They have no deadline to miss.
 */
export function isContinuous(cycle: { key: string }): boolean {
  return /^\d{4}Q[1-4]$/.test(cycle.key);
}

const kindOf = (days: number): BeforeKind => (days === 0 ? 'due-day' : `before-${days}`);

/** Items due within this many days are listed in the weekly digest. */
export const DUE_SOON_DAYS = 30;

export interface OpenCycle {
  itemNumber: number;
  key: string;
  leadUnitId: string;
  dueDate: IsoDate;
  /**
   * When IPB last reopened the cycle (退回), or null. The reopening notice tells the lead unit
   * where it stands, so reminders whose moment came before it are not sent afterwards.
   */
  reopenedAt: Date | null;
}

export interface PlannedReminder {
  kind: ReminderKind;
  cycle: OpenCycle;
  /** The working day the reminder belongs to; it is due at 09:00 Shanghai that day. */
  day: IsoDate;
  at: Date;
  /** The ISO week of an overdue repeat. */
  week?: string;
  /** Unique per (item, cycle, lead unit, kind[, week]). */
  key: string;
}

export interface WeeklySlot {
  week: string;
  day: IsoDate;
  at: Date;
}

const momentOf = (day: IsoDate) => shanghaiMoment(day, REMINDER_HOUR);

export function reminderKey(
  cycle: Pick<OpenCycle, 'itemNumber' | 'key' | 'leadUnitId'>,
  kind: ReminderKind,
  week?: string,
): string {
  return `matrix:${cycle.itemNumber}:${cycle.key}:${cycle.leadUnitId}:${kind}${week === undefined ? '' : `:${week}`}`;
}

/**
 * The days of the reminders before a deadline. One whose nominal day is not a working day moves
 * to the previous working day: a reminder is only useful while there is still a working day left
 * to act on it, so moving it later would eat into the time it announces. Two kinds that land on
 * the same day (a deadline on a Sunday: 前1天 and 截止日 both move to Friday) are one notice, the
 * later kind, by the catch-up rule.
 */
export function beforeDays(
  calendar: WorkingDayCalendar,
  dueDate: IsoDate,
  leadDays: readonly number[],
): { kind: BeforeKind; day: IsoDate }[] {
  return [...leadDays]
    .sort((a, b) => b - a)
    .map((days) => ({ kind: kindOf(days), day: previousWorkingDay(calendar, addDays(dueDate, -days)) }));
}

/**
 * The latest weekly slot (the first working day of an ISO week, 09:00) that has passed by `now`,
 * searching back no further than the week of `earliestMonday`. Weekly notices move forward to the
 * first working day of their week, not back: the week they report on has not started before its
 * Monday. A week with no working day at all has no slot.
 */
export function latestWeeklySlot(calendar: WorkingDayCalendar, now: Date, earliestMonday: IsoDate): WeeklySlot | null {
  for (let monday = mondayOf(shanghaiDate(now)); monday >= earliestMonday; monday = addDays(monday, -7)) {
    const day = firstWorkingDayOfWeek(calendar, monday);
    if (day === null) continue;
    const at = momentOf(day);
    if (at.getTime() <= now.getTime()) return { week: isoWeekKey(monday), day, at };
  }
  return null;
}

/** The one lead-unit reminder of a cycle that is due at `now` under the catch-up rule, if any. */
function latestLeadReminder(
  calendar: WorkingDayCalendar,
  cycle: OpenCycle,
  now: Date,
  leadDays: readonly number[],
): PlannedReminder | null {
  // Overdue repeats start with the first week that begins after the deadline.
  const overdue =
    shanghaiDate(now) > cycle.dueDate ? latestWeeklySlot(calendar, now, addDays(mondayOf(cycle.dueDate), 7)) : null;
  if (overdue !== null)
    return {
      kind: 'overdue',
      cycle,
      day: overdue.day,
      at: overdue.at,
      week: overdue.week,
      key: reminderKey(cycle, 'overdue', overdue.week),
    };
  let latest: PlannedReminder | null = null;
  for (const { kind, day } of beforeDays(calendar, cycle.dueDate, leadDays)) {
    const at = momentOf(day);
    if (at.getTime() <= now.getTime()) latest = { kind, cycle, day, at, key: reminderKey(cycle, kind) };
  }
  return latest;
}

/**
 * Every reminder due at `now`: at most one lead-unit reminder per open cycle, plus the
 * cooperating units' notice, which is due from the 30-day moment until the deadline day — after
 * that, telling them to help with a deadline already missed is the overdue repeat's business.
 */
export function planCycleReminders(
  cycles: readonly OpenCycle[],
  calendar: WorkingDayCalendar,
  now: Date,
  deployedAt: Date,
  leadDays: readonly number[],
): PlannedReminder[] {
  const today = shanghaiDate(now);
  const planned: PlannedReminder[] = [];
  // Nothing whose moment came before the first start is a reminder (DESIGN §7): the one-off summary
  // to IPB stands in for it, and reminders begin with the next one due.
  const stillCurrent = (cycle: OpenCycle, at: Date) =>
    at.getTime() >= deployedAt.getTime() && (cycle.reopenedAt === null || at.getTime() >= cycle.reopenedAt.getTime());
  for (const cycle of cycles) {
    if (isContinuous(cycle)) {
      // One prompt per quarter, on its last working day; nothing after it (the next quarter prompts).
      const day = previousWorkingDay(calendar, cycle.dueDate);
      const at = momentOf(day);
      if (at.getTime() <= now.getTime() && today <= cycle.dueDate && stillCurrent(cycle, at))
        planned.push({ kind: 'progress-prompt', cycle, day, at, key: reminderKey(cycle, 'progress-prompt') });
      continue;
    }
    const lead = latestLeadReminder(calendar, cycle, now, leadDays);
    if (lead !== null && stillCurrent(cycle, lead.at)) planned.push(lead);
    const [first] = beforeDays(calendar, cycle.dueDate, leadDays);
    if (first === undefined || today > cycle.dueDate) continue;
    const at = momentOf(first.day);
    if (at.getTime() <= now.getTime() && stillCurrent(cycle, at))
      planned.push({ kind: 'coop-30', cycle, day: first.day, at, key: reminderKey(cycle, 'coop-30') });
  }
  return planned.sort(
    (a, b) => a.at.getTime() - b.at.getTime() || a.cycle.itemNumber - b.cycle.itemNumber || (a.key < b.key ? -1 : 1),
  );
}

/**
 * The weekly digest due at `now`: the latest weekly slot, but none from before the deployment —
 * the one-off summary of what was found at deployment stands in for it.
 */
export function dueDigest(calendar: WorkingDayCalendar, now: Date, deployedAt: Date): WeeklySlot | null {
  const slot = latestWeeklySlot(calendar, now, mondayOf(shanghaiDate(deployedAt)));
  return slot !== null && slot.at.getTime() >= deployedAt.getTime() ? slot : null;
}

export interface DigestCycle {
  itemNumber: number;
  key: string;
  label: string;
  leadUnitId: string;
  dueDate: IsoDate;
  status: CycleStatus;
}

export interface Digest<C extends DigestCycle> {
  counts: Record<CycleStatus, number> & { OVERDUE: number; DUE_SOON: number };
  overdue: C[];
  dueSoon: C[];
}

/** What the leaders' weekly digest reports, as of `today`. */
export function digestOf<C extends DigestCycle>(cycles: readonly C[], today: IsoDate): Digest<C> {
  const counts = { OPEN: 0, DONE: 0, CONFIRMED: 0, PENDING_CONFIRM: 0, OVERDUE: 0, DUE_SOON: 0 };
  const overdue: C[] = [];
  const dueSoon: C[] = [];
  for (const cycle of cycles) {
    counts[cycle.status] += 1;
    // 常态化 check-ins are never overdue and never "due soon": the digest lists those items apart.
    if (cycle.status !== 'OPEN' || isContinuous(cycle)) continue;
    const left = daysBetween(today, cycle.dueDate);
    if (left < 0) {
      counts.OVERDUE += 1;
      overdue.push(cycle);
    } else if (left <= DUE_SOON_DAYS) {
      counts.DUE_SOON += 1;
      dueSoon.push(cycle);
    }
  }
  const byDue = (a: C, b: C) => (a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : a.itemNumber - b.itemNumber);
  return { counts, overdue: overdue.sort(byDue), dueSoon: dueSoon.sort(byDue) };
}
