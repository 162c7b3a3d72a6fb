import { describe, expect, it } from 'vitest';
import { addDays, shanghaiMoment, type IsoDate } from '../../../../src/domain/matrix/dates.ts';
import {
  beforeDays,
  digestOf,
  dueDigest,
  planCycleReminders,
  type OpenCycle,
} from '../../../../src/domain/matrix/reminders.ts';
import type { WorkingDayCalendar } from '../../../../src/domain/matrix/working-days.ts';
import { packageCalendar } from './package-calendar.ts';

const at9 = (day: IsoDate) => shanghaiMoment(day, 9);
/** A deployment long before every deadline below: nothing is cut off by the first start. */
const EPOCH = new Date('2019-06-06T00:00:00Z');
/** Rule R11's default lead times. */
const R11 = [30, 7, 1, 0];

function cycle(dueDate: IsoDate, extra: Partial<OpenCycle> = {}): OpenCycle {
  return { itemNumber: 9, key: dueDate, leadUnitId: 'nrb', dueDate, reopenedAt: null, ...extra };
}

/**
 * What the daily 09:00 job delivers: each day it plans, and a key already delivered is not
 * delivered again (the outbox's unique dedupeKey). `skip` leaves days out, as downtime would.
 */
function simulate(
  cycles: OpenCycle[],
  calendar: WorkingDayCalendar,
  from: IsoDate,
  to: IsoDate,
  skip: (day: IsoDate) => boolean = () => false,
  sent = new Set<string>(),
) {
  const delivered: string[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) {
    if (skip(day)) continue;
    for (const reminder of planCycleReminders(cycles, calendar, at9(day), EPOCH, R11)) {
      if (sent.has(reminder.key)) continue;
      sent.add(reminder.key);
      delivered.push(`${day} ${reminder.kind}${reminder.week ? ` ${reminder.week}` : ''}`);
    }
  }
  return delivered;
}

describe('reminders before a deadline', () => {
  it('a deadline on a public holiday (2023-09-30, 国庆): both last reminders move to the last working day before it', () => {
    const calendar = packageCalendar();
    expect(beforeDays(calendar, '2023-09-30', R11)).toEqual([
      { kind: 'before-30', day: '2023-08-31' },
      { kind: 'before-7', day: '2023-09-22' },
      { kind: 'before-1', day: '2023-09-28' },
      { kind: 'due-day', day: '2023-09-28' },
    ]);
    expect(simulate([cycle('2023-09-30')], calendar, '2023-08-01', '2023-10-17')).toEqual([
      '2023-08-31 before-30',
      '2023-08-31 coop-30',
      '2023-09-22 before-7',
      '2023-09-28 due-day',
      // Weekly repeats: the week of 国庆 starts work on its make-up Saturday.
      '2023-10-07 overdue 2023-W40',
      '2023-10-09 overdue 2023-W41',
      '2023-10-16 overdue 2023-W42',
    ]);
  });

  it('a Sunday deadline inside 元旦 (2023-12-31): overdue repeats start on Tuesday 2 January', () => {
    expect(simulate([cycle('2023-12-31')], packageCalendar(), '2023-11-25', '2024-01-10')).toEqual([
      '2023-12-01 before-30',
      '2023-12-01 coop-30',
      '2023-12-22 before-7',
      '2023-12-29 due-day',
      '2024-01-02 overdue 2024-W01',
      '2024-01-08 overdue 2024-W02',
    ]);
  });

  it('all four reminders when nothing collides (2024-07-31)', () => {
    expect(simulate([cycle('2024-07-31')], packageCalendar(), '2024-06-25', '2024-08-04')).toEqual([
      '2024-07-01 before-30',
      '2024-07-01 coop-30',
      '2024-07-24 before-7',
      '2024-07-30 before-1',
      '2024-07-31 due-day',
    ]);
  });

  it("the 调休 make-up Sunday of the Spring Festival carries that week's overdue repeat", () => {
    const overdue = simulate([cycle('2024-01-31')], packageCalendar(), '2024-01-31', '2024-02-20').filter((line) =>
      line.includes('overdue'),
    );
    expect(overdue).toEqual([
      '2024-02-05 overdue 2024-W06',
      '2024-02-18 overdue 2024-W07',
      '2024-02-19 overdue 2024-W08',
    ]);
  });

  it('quarter ends over three years of the real calendar', () => {
    const calendar = packageCalendar();
    const quarterEnds = [
      '2024-03-31',
      '2024-06-30',
      '2024-09-30',
      '2024-12-31',
      '2025-03-31',
      '2025-06-30',
      '2025-09-30',
      '2025-12-31',
      '2026-03-31',
      '2026-06-30',
      '2026-09-30',
      '2026-12-31',
    ];
    const rows = quarterEnds.map((due) => [due, ...beforeDays(calendar, due, R11).map((b) => b.day)]);
    expect(rows).toEqual([
      ['2024-03-31', '2024-03-01', '2024-03-22', '2024-03-29', '2024-03-29'],
      ['2024-06-30', '2024-05-31', '2024-06-21', '2024-06-28', '2024-06-28'],
      ['2024-09-30', '2024-08-30', '2024-09-23', '2024-09-29', '2024-09-30'],
      ['2024-12-31', '2024-11-29', '2024-12-24', '2024-12-30', '2024-12-31'],
      ['2025-03-31', '2025-02-28', '2025-03-24', '2025-03-28', '2025-03-31'],
      ['2025-06-30', '2025-05-30', '2025-06-23', '2025-06-27', '2025-06-30'],
      ['2025-09-30', '2025-08-29', '2025-09-23', '2025-09-29', '2025-09-30'],
      ['2025-12-31', '2025-12-01', '2025-12-24', '2025-12-30', '2025-12-31'],
      // 1 March 2026 is a Sunday; the day before is a Saturday worked for 春节 (调休).
      ['2026-03-31', '2026-02-28', '2026-03-24', '2026-03-30', '2026-03-31'],
      ['2026-06-30', '2026-05-29', '2026-06-23', '2026-06-29', '2026-06-30'],
      ['2026-09-30', '2026-08-31', '2026-09-23', '2026-09-29', '2026-09-30'],
      ['2026-12-31', '2026-12-01', '2026-12-24', '2026-12-30', '2026-12-31'],
    ]);
  });
});

describe('a leap year the holiday data does not cover (2028)', () => {
  it('counts back over 29 February, assumes Monday–Friday and reports 2028 as guessed', () => {
    const calendar = packageCalendar();
    expect(beforeDays(calendar, '2028-03-30', R11).map((b) => b.day)).toEqual([
      '2028-02-29',
      '2028-03-23',
      '2028-03-29',
      '2028-03-30',
    ]);
    expect(beforeDays(calendar, '2027-03-30', R11)[0]?.day).toBe('2027-02-26'); // 2027-02-28 is a Sunday
    expect(calendar.guessedYears()).toEqual([2027, 2028]);
  });

  it('follows an imported 2028 schedule instead of guessing', () => {
    const calendar = packageCalendar([
      { date: '2028-02-29', kind: 'OFF', name: '测试假日' },
      { date: '2028-02-27', kind: 'WORK', name: '测试调休' },
    ]);
    expect(beforeDays(calendar, '2028-03-30', R11)[0]?.day).toBe('2028-02-28');
    expect(beforeDays(calendar, '2028-03-28', R11)[0]?.day).toBe('2028-02-27'); // a make-up Sunday
    expect(calendar.guessedYears()).toEqual([]);
  });
});

describe('catch-up after downtime', () => {
  const calendar = packageCalendar();

  it("sends only the latest reminder that fell due, with the cooperating units' notice while the deadline is ahead", () => {
    const plan = planCycleReminders([cycle('2024-03-31')], calendar, at9('2024-03-26'), EPOCH, R11);
    expect(plan.map((r) => [r.kind, r.day])).toEqual([
      ['coop-30', '2024-03-01'],
      ['before-7', '2024-03-22'],
    ]);
  });

  it('replaces missed overdue weeks by the latest one, and tells cooperating units nothing after the deadline', () => {
    const plan = planCycleReminders([cycle('2023-12-31')], calendar, at9('2024-01-25'), EPOCH, R11);
    expect(plan.map((r) => [r.kind, r.week, r.key])).toEqual([
      ['overdue', '2024-W04', 'matrix:9:2023-12-31:nrb:overdue:2024-W04'],
    ]);
  });

  it('a restart in the middle neither resends nor loses: the gap is covered by its latest reminder', () => {
    const sent = new Set<string>();
    const cycles = [cycle('2024-03-31', { itemNumber: 10, leadUnitId: 'drc' })];
    const before = simulate(cycles, calendar, '2024-02-20', '2024-03-05', () => false, sent);
    const again = simulate(cycles, calendar, '2024-03-05', '2024-03-05', () => false, sent);
    const after = simulate(cycles, calendar, '2024-03-26', '2024-04-02', () => false, sent);
    expect(before).toEqual(['2024-03-01 before-30', '2024-03-01 coop-30']);
    expect(again).toEqual([]);
    expect(after).toEqual(['2024-03-26 before-7', '2024-03-29 due-day', '2024-04-01 overdue 2024-W14']);
  });

  it('before 09:00 nothing of today is due yet', () => {
    expect(
      planCycleReminders([cycle('2024-07-31')], calendar, shanghaiMoment('2024-07-01', 8, 59), EPOCH, R11),
    ).toEqual([]);
    expect(
      planCycleReminders([cycle('2024-07-31')], calendar, at9('2024-07-01'), EPOCH, R11).map((r) => r.kind),
    ).toEqual(['before-30', 'coop-30']);
  });
});

describe('a reopened cycle', () => {
  it('is not reminded of moments before its reopening, then repeats weekly', () => {
    const calendar = packageCalendar();
    const reopened = cycle('2019-07-31', { itemNumber: 6, leadUnitId: 'ipb', reopenedAt: at9('2023-09-01') });
    expect(planCycleReminders([reopened], calendar, at9('2023-09-01'), EPOCH, R11)).toEqual([]);
    expect(simulate([reopened], calendar, '2023-09-01', '2023-09-12')).toEqual([
      '2023-09-04 overdue 2023-W36',
      '2023-09-11 overdue 2023-W37',
    ]);
  });
});

describe('weekly digest', () => {
  const calendar = packageCalendar();
  const deployedAt = shanghaiMoment('2023-08-31', 14);

  it("starts with the first week after deployment and moves to the week's first working day", () => {
    expect(dueDigest(calendar, at9('2023-09-01'), deployedAt)).toBeNull();
    expect(dueDigest(calendar, shanghaiMoment('2023-09-04', 8), deployedAt)).toBeNull();
    expect(dueDigest(calendar, at9('2023-09-04'), deployedAt)).toMatchObject({ week: '2023-W36', day: '2023-09-04' });
    expect(dueDigest(calendar, at9('2023-10-06'), deployedAt)).toMatchObject({ week: '2023-W39', day: '2023-09-25' });
    expect(dueDigest(calendar, at9('2023-10-07'), deployedAt)).toMatchObject({ week: '2023-W40', day: '2023-10-07' });
    expect(dueDigest(calendar, at9('2024-06-10'), deployedAt)).toMatchObject({ week: '2024-W23' });
    expect(dueDigest(calendar, at9('2024-06-11'), deployedAt)).toMatchObject({ week: '2024-W24', day: '2024-06-11' });
    expect(dueDigest(calendar, at9('2026-12-30'), deployedAt)).toMatchObject({ week: '2026-W53', day: '2026-12-28' });
  });

  it('counts the cycles, lists the overdue and those due within 30 days', () => {
    const c = (itemNumber: number, dueDate: string, status: 'OPEN' | 'DONE' | 'CONFIRMED' | 'PENDING_CONFIRM') => ({
      itemNumber,
      key: dueDate,
      label: '',
      leadUnitId: 'ipb',
      dueDate,
      status,
    });
    const digest = digestOf(
      [
        c(1, '2024-01-31', 'OPEN'),
        c(2, '2023-12-31', 'OPEN'),
        c(3, '2024-03-01', 'OPEN'),
        c(4, '2024-03-02', 'OPEN'),
        c(5, '2019-07-31', 'PENDING_CONFIRM'),
        c(6, '2023-12-31', 'DONE'),
        c(7, '2019-07-31', 'CONFIRMED'),
      ],
      '2024-01-31',
    );
    expect(digest.counts).toEqual({ OPEN: 4, OVERDUE: 1, DUE_SOON: 2, DONE: 1, CONFIRMED: 1, PENDING_CONFIRM: 1 });
    expect(digest.overdue.map((x) => x.itemNumber)).toEqual([2]);
    expect(digest.dueSoon.map((x) => x.itemNumber)).toEqual([1, 3]);
  });
});

describe('first start and 常态化 items (DESIGN §7)', () => {
  const calendar = packageCalendar();

  it('sends nothing whose moment came before the first start, then the next reminder due', () => {
    // Deployed on Sunday 2024-06-30 at 06:57, 25 days before a deadline: the 30-day reminder (24 June) predates it.
    const deployedAt = shanghaiMoment('2024-06-30', 6, 57);
    expect(planCycleReminders([cycle('2024-07-25')], calendar, deployedAt, deployedAt, R11)).toEqual([]);
    expect(planCycleReminders([cycle('2024-07-25')], calendar, at9('2024-07-01'), deployedAt, R11)).toEqual([]);
    expect(
      planCycleReminders([cycle('2024-07-25')], calendar, at9('2024-07-18'), deployedAt, R11).map((r) => r.kind),
    ).toEqual(['before-7']);
  });

  it('prompts a quarterly check-in once, on the quarter’s last working day, and never as overdue', () => {
    const quarter = cycle('2024-09-30', { key: '2024Q3' });
    expect(planCycleReminders([quarter], calendar, at9('2024-09-29'), EPOCH, R11)).toEqual([]);
    expect(planCycleReminders([quarter], calendar, at9('2024-09-30'), EPOCH, R11).map((r) => r.kind)).toEqual([
      'progress-prompt',
    ]);
    expect(planCycleReminders([quarter], calendar, at9('2024-10-14'), EPOCH, R11)).toEqual([]);
    const digest = digestOf([{ ...quarter, label: '2024年第3季度', status: 'OPEN' as const }], '2025-06-01');
    expect(digest.overdue).toEqual([]);
    expect(digest.counts.OVERDUE).toBe(0);
  });
});
