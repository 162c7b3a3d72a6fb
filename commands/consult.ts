import { clauseTag } from '../src/messages/citation.ts';
import { defineCommand } from '../src/app/command.ts';
import { UserError } from '../src/app/errors.ts';
import { zhCN } from '../src/messages/zh-CN.ts';
import { renderConsultation } from '../src/messages/projects.ts';
import { recordConsultation } from '../src/services/projects.ts';
import { useCaseOf } from '../src/services/use-case.ts';
import { refusalText } from '../src/messages/refusal.ts';

export const consult = defineCommand({
  name: '征询',
  alias: 'consult',
  summary: `记录征求意向投资者的意见，赋予首谈资格前必需${clauseTag('四(一)')}`,
  usage: ['/征询 <编号> <投资方意见>'],
  example: '/征询 ZS-2026-0001 投资方确认优先在滨江落地',
  roles: ['IPB'],
  async handler(args) {
    const [code, ...opinion] = args.command.positional;
    if (code === undefined || opinion.length === 0) {
      throw new UserError(
        zhCN.internal.usage({
          problem: refusalText(zhCN.projects.consult.missing()),
          usage: consult.usage.join('；'),
          example: consult.example,
        }),
      );
    }
    args.say(renderConsultation(await recordConsultation(useCaseOf(args), code, opinion.join(' '))));
  },
});
