import { defineCommand } from '../src/app/command.ts';
import { UserError } from '../src/app/errors.ts';
import { renderBind } from '../src/messages/org.ts';
import { zhCN } from '../src/messages/zh-CN.ts';
import { bindConversation } from '../src/services/org.ts';
import { useCaseOf } from '../src/services/use-case.ts';

export const bind = defineCommand({
  name: '绑定群',
  alias: 'bind',
  summary: '把当前群绑定为某单位的工作群，或全市招商协调群、领导群',
  usage: ['/绑定群 <单位全称>', '/绑定群 全市招商协调群', '/绑定群 领导群'],
  example: '/绑定群 滨江区',
  roles: ['ADMIN'],
  async handler(args) {
    const { command, say } = args;
    const input = command.positional.join('');
    if (input === '')
      throw new UserError(
        zhCN.internal.usage({ problem: zhCN.bind.missing(), usage: bind.usage.join('；'), example: bind.example }),
      );
    say(renderBind(await bindConversation(useCaseOf(args), args.conversation, input)));
  },
});
