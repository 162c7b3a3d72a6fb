import holidayData from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import {
  createWorkingDayCalendar,
  type HolidayEntry,
  type WorkingDayCalendar,
} from '../../../../src/domain/matrix/working-days.ts';

/** The real State Council arrangements as the installed package ships them (2004–2026 at the time of writing). */
export const PACKAGE_DAYS: HolidayEntry[] = [
  ...Object.entries(holidayData.holidays).map(([date, label]) => ({
    date,
    kind: 'OFF' as const,
    name: label.split(',')[1] ?? '',
  })),
  ...Object.entries(holidayData.workdays).map(([date, label]) => ({
    date,
    kind: 'WORK' as const,
    name: label.split(',')[1] ?? '',
  })),
];

export function packageCalendar(imported: HolidayEntry[] = []): WorkingDayCalendar {
  return createWorkingDayCalendar({ packageDays: PACKAGE_DAYS, imported });
}
