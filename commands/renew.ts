import { defineCommand } from '../src/app/command.ts';
import { UserError } from '../src/app/errors.ts';
import { zhCN } from '../src/messages/zh-CN.ts';
import { renderRenewal } from '../src/messages/projects.ts';
import { renewExclusivity } from '../src/services/projects.ts';
import { useCaseOf } from '../src/services/use-case.ts';

export const renew = defineCommand({
  name: '续期',
  alias: 'renew',
  summary: '延长排他性首谈期',
  usage: ['/续期 <编号> <天数>'],
  example: '/续期 ZS-2026-0001 60',
  roles: ['IPB'],
  async handler(args) {
    const [code, days] = args.command.positional;
    if (code === undefined || days === undefined) {
      throw new UserError(
        zhCN.internal.usage({
          problem: zhCN.projects.renew.missing(),
          usage: renew.usage.join('；'),
          example: renew.example,
        }),
      );
    }
    args.say(renderRenewal(await renewExclusivity(useCaseOf(args), code, days)));
  },
});
