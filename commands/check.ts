import { defineCommand } from '../src/app/command.ts';
import { renderInvestorCheck } from '../src/messages/projects.ts';
import { checkInvestor } from '../src/services/projects.ts';
import { useCaseOf } from '../src/services/use-case.ts';

export const check = defineCommand({
  name: '查重',
  alias: 'check',
  summary: '查询某投资方是否已被首报或持有（不报备）',
  usage: ['/查重 <投资方名称或统一社会信用代码>'],
  example: '/查重 杭州某某科技有限公司',
  roles: ['REPORTER', 'IPB'],
  async handler(args) {
    args.say(renderInvestorCheck(await checkInvestor(useCaseOf(args), args.actor, args.command.positional.join(' '))));
  },
});
