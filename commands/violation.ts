import { clauseTag } from '../src/messages/citation.ts';
import { defineCommand } from '../src/app/command.ts';
import { UserError } from '../src/app/errors.ts';
import { zhCN } from '../src/messages/zh-CN.ts';
import { renderViolation } from '../src/messages/projects.ts';
import { recordViolation } from '../src/services/projects.ts';
import { useCaseOf } from '../src/services/use-case.ts';
import { refusalText } from '../src/messages/refusal.ts';

export const violation = defineCommand({
  name: '违规',
  alias: 'violation',
  summary: `记录违反首报首谈规定的行为及后果${clauseTag('四(一)')}`,
  usage: ['/违规 <编号> 单位=<违规单位> 说明=<...>'],
  example: '/违规 ZS-2026-0001 单位=萧山区 说明=在首谈期内与投资方接洽',
  roles: ['IPB'],
  keys: { unit: ['单位', '违规单位'], description: ['说明', '情况'] },
  async handler(args) {
    const code = args.command.positional[0];
    const { unit, description } = args.command.named;
    if (code === undefined || unit === undefined || description === undefined) {
      throw new UserError(
        zhCN.internal.usage({
          problem: refusalText(zhCN.projects.violation.missing()),
          usage: violation.usage.join('；'),
          example: violation.example,
        }),
      );
    }
    args.say(renderViolation(await recordViolation(useCaseOf(args), code, unit, description)));
  },
});
