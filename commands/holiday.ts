import { defineCommand } from '../src/app/command.ts';
import { UserError } from '../src/app/errors.ts';
import { shanghaiDay } from '../src/domain/matrix/dates.ts';
import { renderHolidaysImported, renderHolidayYear } from '../src/messages/matrix.ts';
import { zhCN } from '../src/messages/zh-CN.ts';
import { describeHolidayYear, importHolidays, parseYearOrThrow } from '../src/services/matrix-calendar.ts';
import { useCaseOf } from '../src/services/use-case.ts';

const IMPORT = ['导入', 'import'];

export const holiday = defineCommand({
  name: '节假日',
  alias: 'holiday',
  summary: '查看台账提醒所用的节假日和调休安排；导入国务院公布的新一年安排',
  usage: zhCN.matrix.holiday.usage(),
  example: '/节假日 2027',
  roles: ['IPB', 'ADMIN'],
  subcommands: [
    {
      words: IMPORT,
      roles: ['ADMIN'],
      usage: '/节假日 导入 <年> <日期 休|班 名称>…',
      example: '/节假日 导入 2027 2027-01-01 休 元旦',
    },
  ],
  async handler(args) {
    const { command, say, tx, now } = args;
    const [first, ...rest] = command.positional;
    if (first !== undefined && IMPORT.includes(first.toLowerCase())) {
      const [yearWord, ...lines] = rest;
      if (yearWord === undefined)
        throw new UserError(
          zhCN.internal.usage({
            problem: zhCN.matrix.usageProblem(),
            usage: holiday.usage.join('；'),
            example: holiday.example,
          }),
        );
      say(renderHolidaysImported(await importHolidays(useCaseOf(args), parseYearOrThrow(yearWord), lines)));
      return;
    }
    const year = first === undefined ? shanghaiDay(now).year : parseYearOrThrow(first);
    say(renderHolidayYear(await describeHolidayYear(tx, year)));
  },
});
