import type { Message } from '../app/receiver.ts';
import { matrixRepository, type MatrixCycleRow, type MatrixItemRow } from '../db/repositories/matrix-repository.ts';
import { orgRepository } from '../db/repositories/org-repository.ts';
import type { Tx } from '../db/tx.ts';
import { cyclesDueToExist, initialStatus } from '../domain/matrix/cycles.ts';
import { addDays, daysBetween, shanghaiDate, shanghaiMoment } from '../domain/matrix/dates.ts';
import { MATRIX_ITEMS, resolveCooperating } from '../domain/matrix/items.ts';
import { matrixReminderDaysOf } from '../domain/regulation/rules.ts';
import {
  digestOf,
  dueDigest,
  isContinuous,
  planCycleReminders,
  REMINDER_HOUR,
  type PlannedReminder,
  type WeeklySlot,
} from '../domain/matrix/reminders.ts';
import { formatDate, formatDateTime } from '../messages/format.ts';
import { zhCN } from '../messages/zh-CN.ts';
import { HOLIDAY_PACKAGE, loadWorkingDayCalendar } from './matrix-calendar.ts';
import { notify } from './notify.ts';
import { loadRules } from './rules.ts';
import type { UseCase } from './use-case.ts';
import { IPB_UNIT, unitNamer } from '../domain/org/units.ts';

const m = zhCN.matrix;

/** Writes the 12 items as transcribed, then the cycles due to exist. Idempotent; runs at every start. */
export async function seedMatrixItems(uc: UseCase): Promise<void> {
  for (const item of MATRIX_ITEMS) await matrixRepository.upsertItem(uc.tx, item);
  await syncMatrixCycles(uc);
}

/**
 * Creates the cycles that should exist by now and do not yet. A deadline that passed before the
 * first seeding is PENDING_CONFIRM; one that passed later — the bot was running, or down — is
 * real overdue work and starts OPEN.
 */
export async function syncMatrixCycles(uc: UseCase): Promise<void> {
  const deployedOn = shanghaiDate((await matrixRepository.firstSeededAt(uc.tx)) ?? uc.now);
  const today = shanghaiDate(uc.now);
  const existing = await matrixRepository.cycleIdentities(uc.tx);
  for (const item of await matrixRepository.listItems(uc.tx)) {
    for (const cycle of cyclesDueToExist(item, today)) {
      if (existing.has(`${cycle.itemNumber}|${cycle.key}|${cycle.leadUnitId}`)) continue;
      await matrixRepository.createCycle(uc.tx, cycle, initialStatus(cycle.dueDate, deployedOn), uc.now);
    }
  }
}

export interface ReminderSweep {
  reminders: PlannedReminder[];
  digest: WeeklySlot | null;
  /** Years within the reminders' look-ahead that no holiday data covers. */
  uncoveredYears: number[];
  cycles: MatrixCycleRow[];
  /**
   * Reminders and the digest go out at 09:00 or later on a working day only: a run at start-up on a
   * Sunday morning, or at night, keeps them for the next working day's 09:00 run (DESIGN §7).
   */
  sendable: boolean;
}

/**
 * How far ahead the reminders planned today look: a 30-day reminder is about a deadline 30 days
 * out. A year the calendar has to guess within this window is worth an administrator's attention
 * now — from 1 December for the coming year, about when the State Council's notice is out.
 */
const LOOKAHEAD_DAYS = 31;

/** What is due at `now` (read-only): the planning half of the reminder job, measured by the benchmark. */
export async function planMatrixReminders(tx: Tx, now: Date): Promise<ReminderSweep> {
  const deployedAt = await matrixRepository.firstSeededAt(tx);
  if (deployedAt === null) return { reminders: [], digest: null, uncoveredYears: [], cycles: [], sendable: false };
  const calendar = await loadWorkingDayCalendar(tx);
  const cycles = await matrixRepository.listCycles(tx);
  // An open cycle carries confirmedAt only when IPB reopened it (matrixRepository.reopen).
  const open = cycles
    .filter((c) => c.status === 'OPEN')
    .map((c) => ({
      itemNumber: c.itemNumber,
      key: c.key,
      leadUnitId: c.leadUnitId,
      dueDate: c.dueDate,
      reopenedAt: c.confirmedAt,
    }));
  const today = shanghaiDate(now);
  // Probed before planning, which also looks up distant deadlines that need no warning yet.
  for (let day = 0; day <= LOOKAHEAD_DAYS; day++) calendar.isWorkingDay(addDays(today, day));
  const uncoveredYears = calendar.guessedYears();
  const sendable = calendar.isWorkingDay(today) && now.getTime() >= shanghaiMoment(today, REMINDER_HOUR).getTime();
  return {
    reminders: planCycleReminders(open, calendar, now, deployedAt, matrixReminderDaysOf((await loadRules(tx)).values)),
    digest: dueDigest(calendar, now, deployedAt),
    uncoveredYears,
    cycles,
    sendable,
  };
}

interface Names {
  unit(id: string): string;
  units: { id: string; kind: string }[];
}

async function loadNames(tx: Tx): Promise<Names> {
  const units = await orgRepository.listUnits(tx);
  return { unit: unitNamer(units), units };
}

function targetText(item: MatrixItemRow): string | null {
  const target = item.schedule.yearlyTarget;
  return target === undefined ? null : m.yearlyTarget(target);
}

/**
 * The daily reminder run: queues every due notice under its unique key, in the caller's
 * transaction. A key already queued is a no-op in the outbox, so running this again — a second
 * tick, a restart, a clock jump — sends nothing twice.
 */
export async function sendMatrixReminders(uc: UseCase): Promise<void> {
  const sweep = await planMatrixReminders(uc.tx, uc.now);
  if (sweep.cycles.length === 0) return;
  const names = await loadNames(uc.tx);
  const items = new Map((await matrixRepository.listItems(uc.tx)).map((i) => [i.number, i]));
  const cycleLabels = new Map(sweep.cycles.map((c) => [`${c.itemNumber}|${c.key}|${c.leadUnitId}`, c.label]));
  const today = shanghaiDate(uc.now);

  for (const reminder of sweep.sendable ? sweep.reminders : []) {
    const { cycle } = reminder;
    const item = items.get(cycle.itemNumber);
    if (item === undefined) continue;
    const facts = {
      number: item.number,
      name: item.name,
      label: cycleLabels.get(`${cycle.itemNumber}|${cycle.key}|${cycle.leadUnitId}`) ?? cycle.key,
      dueDate: cycle.dueDate,
      daysLeft: daysBetween(today, cycle.dueDate),
      lead: names.unit(cycle.leadUnitId),
    };
    // The title states the same number of days as the body: the real count today, not the nominal kind.
    const title = m.reminderTitle({ number: item.number, kind: reminder.kind, daysLeft: facts.daysLeft });
    if (reminder.kind === 'coop-30') {
      const message: Message = { kind: 'markdown', title, markdown: m.coopReminder(facts) };
      for (const unitId of resolveCooperating(item.cooperating, names.units)) {
        if (unitId === cycle.leadUnitId) continue;
        await notify(uc, { unitId }, message, { dedupeKey: `${reminder.key}:${unitId}` });
      }
    } else if (reminder.kind === 'progress-prompt') {
      await notify(
        uc,
        { unitId: cycle.leadUnitId },
        { kind: 'markdown', title, markdown: m.progressPrompt(facts) },
        { dedupeKey: reminder.key },
      );
    } else {
      await notify(
        uc,
        { unitId: cycle.leadUnitId },
        { kind: 'markdown', title, markdown: m.reminder({ ...facts, target: targetText(item) }) },
        { dedupeKey: reminder.key },
      );
    }
  }

  if (sweep.digest !== null && sweep.sendable) await sendDigest(uc, sweep.digest, sweep.cycles, items, names);
  await sendPendingSummary(uc, sweep.cycles, items);
  for (const year of sweep.uncoveredYears) {
    const packageName = `${HOLIDAY_PACKAGE.name} ${HOLIDAY_PACKAGE.version}`;
    await notify(
      uc,
      { unitId: IPB_UNIT },
      {
        kind: 'text',
        title: m.holiday.fallbackTitle({ year }),
        text: m.holiday.fallbackWarning({ year, packageName }),
      },
      { dedupeKey: `holiday-fallback:${year}` },
    );
  }
}

async function sendDigest(
  uc: UseCase,
  slot: WeeklySlot,
  cycles: MatrixCycleRow[],
  items: Map<number, MatrixItemRow>,
  names: Names,
): Promise<void> {
  const today = shanghaiDate(uc.now);
  const digest = digestOf(cycles, today);
  const line = (c: MatrixCycleRow) => ({
    number: c.itemNumber,
    name: items.get(c.itemNumber)?.name ?? '',
    label: c.label,
    dueDate: c.dueDate,
    days: daysBetween(today, c.dueDate),
    lead: names.unit(c.leadUnitId),
  });
  // 常态化 items: each with its latest quarterly progress note, never as overdue.
  const continuous = [];
  for (const number of [...new Set(cycles.filter(isContinuous).map((c) => c.itemNumber))].sort((a, b) => a - b)) {
    const last = await matrixRepository.lastCheckInOfItem(uc.tx, number);
    continuous.push({ number, name: items.get(number)?.name ?? '', lastAt: last === null ? null : formatDate(last) });
  }
  const markdown = m.digest({
    week: slot.week,
    at: formatDateTime(uc.now),
    counts: digest.counts,
    overdue: digest.overdue.map(line),
    dueSoon: digest.dueSoon.map(line),
    continuous,
  });
  await notify(
    uc,
    { purpose: 'LEADERS' },
    { kind: 'markdown', title: m.digestTitle({ week: slot.week }), markdown },
    { dedupeKey: `matrix:digest:${slot.week}` },
  );
}

/** Once per database: the deadlines found already past at deployment, for IPB to confirm or reopen. */
async function sendPendingSummary(
  uc: UseCase,
  cycles: MatrixCycleRow[],
  items: Map<number, MatrixItemRow>,
): Promise<void> {
  const pending = cycles.filter((c) => c.status === 'PENDING_CONFIRM');
  if (pending.length === 0) return;
  const deployedAt = await matrixRepository.firstSeededAt(uc.tx);
  const grouped = new Map<number, MatrixCycleRow[]>();
  for (const cycle of pending) grouped.set(cycle.itemNumber, [...(grouped.get(cycle.itemNumber) ?? []), cycle]);
  const summary = [...grouped.entries()].map(([number, list]) => ({
    number,
    name: items.get(number)?.name ?? '',
    count: list.length,
    first: list[0]?.dueDate ?? '',
    last: list.at(-1)?.dueDate ?? '',
  }));
  const markdown = m.pendingSummary({
    deployedOn: shanghaiDate(deployedAt ?? uc.now),
    total: pending.length,
    items: summary,
  });
  await notify(
    uc,
    { unitId: IPB_UNIT },
    { kind: 'markdown', title: m.pendingTitle(), markdown },
    { dedupeKey: 'matrix:pending-confirm-summary' },
  );
}
