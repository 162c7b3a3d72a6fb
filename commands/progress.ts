import { defineCommand } from '../src/app/command.ts';
import { UserError } from '../src/app/errors.ts';
import { zhCN } from '../src/messages/zh-CN.ts';
import { renderProgress } from '../src/messages/projects.ts';
import { recordProgress } from '../src/services/projects.ts';
import { useCaseOf } from '../src/services/use-case.ts';

export const progress = defineCommand({
  name: '进展',
  alias: 'progress',
  summary: '持有单位登记项目进展：签约、落地或终止',
  usage: ['/进展 <编号> 签约|落地|终止 [<说明>]'],
  example: '/进展 ZS-2026-0001 签约 已签订投资协议',
  roles: ['REPORTER'],
  async handler(args) {
    const [code, stage, ...note] = args.command.positional;
    if (code === undefined || stage === undefined) {
      throw new UserError(
        zhCN.internal.usage({
          problem: zhCN.projects.progress.missing(),
          usage: progress.usage.join('；'),
          example: progress.example,
        }),
      );
    }
    const text = note.length > 0 ? note.join(' ') : null;
    const outcome = await recordProgress(useCaseOf(args), args.actor, code, stage, text);
    args.say(renderProgress(outcome));
  },
});
