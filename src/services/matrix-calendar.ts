import holidayData from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import holidayPackage from 'chinese-days/package.json' with { type: 'json' };
import { UserError } from '../app/errors.ts';
import { holidayRepository } from '../db/repositories/holiday-repository.ts';
import type { Tx } from '../db/tx.ts';
import { parseHolidayImport } from '../domain/matrix/holiday-import.ts';
import {
  type CalendarSource,
  createWorkingDayCalendar,
  type DayKind,
  type HolidayEntry,
  type WorkingDayCalendar,
} from '../domain/matrix/working-days.ts';
import { zhCN } from '../messages/zh-CN.ts';
import { appendAudit } from './audit-log.ts';
import type { UseCase } from './use-case.ts';

/** Which package feeds the calendar, named in replies so officers know what to update. */
export const HOLIDAY_PACKAGE = { name: holidayPackage.name, version: holidayPackage.version };

/**
 * chinese-days ships the State Council's arrangements as date → "English,中文,n" maps: `holidays`
 * are days off, `workdays` the weekend days worked in exchange. Read once per process.
 */
function packageEntries(): HolidayEntry[] {
  const read = (days: Record<string, string>, kind: DayKind) =>
    Object.entries(days).map(([date, label]) => ({ date, kind, name: label.split(',')[1] ?? label }));
  return [...read(holidayData.holidays, 'OFF'), ...read(holidayData.workdays, 'WORK')];
}

const PACKAGE_DAYS = packageEntries();

/** The calendar as of now: the package's years, overridden by every year an administrator imported. */
export async function loadWorkingDayCalendar(tx: Tx): Promise<WorkingDayCalendar> {
  return createWorkingDayCalendar({ packageDays: PACKAGE_DAYS, imported: await holidayRepository.listImported(tx) });
}

const MIN_YEAR = 2000;
const MAX_YEAR = 2100;

export function parseYearOrThrow(text: string | undefined): number {
  const year = Number(text);
  if (text === undefined || !/^\d{4}$/.test(text) || year < MIN_YEAR || year > MAX_YEAR)
    throw new UserError(zhCN.matrix.holiday.badYear({ input: text ?? '' }));
  return year;
}

/** `replaced`: the year had an earlier import, which this one replaces. Counts are days off and days worked. */
export interface HolidaysImportedOutcome {
  kind: 'imported' | 'replaced';
  year: number;
  off: number;
  work: number;
}

/** Replaces the year's schedule with the administrator's transcription of the official notice. */
export async function importHolidays(
  uc: UseCase,
  year: number,
  words: readonly string[],
): Promise<HolidaysImportedOutcome> {
  const parsed = parseHolidayImport(year, words);
  if (!parsed.ok) throw new UserError(zhCN.matrix.holiday.importError(year, parsed.error));
  const before = await holidayRepository.importedYear(uc.tx, year);
  await holidayRepository.replaceYear(uc.tx, year, parsed.entries, uc.actorId, uc.now);
  const off = parsed.entries.filter((e) => e.kind === 'OFF').length;
  const work = parsed.entries.length - off;
  await appendAudit(uc, {
    action: 'holiday.import',
    recordType: 'HolidayYear',
    recordId: String(year),
    before: before === null ? undefined : { days: before.days },
    after: { off, work },
  });
  return { kind: before === null ? 'imported' : 'replaced', year, off, work };
}

/** Where a year's working days come from (an import, with who and when, or the package), and the days. */
export interface HolidayYearOutcome {
  kind: 'year';
  year: number;
  source: CalendarSource;
  /** The holiday data package and its version. */
  packageName: string;
  importedBy: string | null;
  importedAt: Date | null;
  entries: HolidayEntry[];
}

/** `/节假日 <年>`: where the year's working days come from, and the days themselves. */
export async function describeHolidayYear(tx: Tx, year: number): Promise<HolidayYearOutcome> {
  const calendar = await loadWorkingDayCalendar(tx);
  const source = calendar.sourceOf(year);
  const entries = calendar.entriesOf(year);
  const imported = source === 'imported' ? await holidayRepository.importedYear(tx, year) : null;
  return {
    kind: 'year',
    year,
    source,
    packageName: `${HOLIDAY_PACKAGE.name} ${HOLIDAY_PACKAGE.version}`,
    importedBy: imported?.importedBy ?? null,
    importedAt: imported?.importedAt ?? null,
    entries,
  };
}
