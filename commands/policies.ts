import { defineCommand } from '../src/app/command.ts';
import { renderPolicyList } from '../src/messages/policies.ts';
import { listPolicies } from '../src/services/policies.ts';
import { useCaseOf } from '../src/services/use-case.ts';

export const policies = defineCommand({
  name: '政策',
  alias: 'policies',
  summary: '查看某单位或某产业链备案的优惠政策，标明承载地和比拼政策',
  usage: ['/政策 <单位|产业链>', '/政策（本单位）'],
  example: '/政策 集成电路',
  roles: 'registered',
  async handler(args) {
    args.say(renderPolicyList(await listPolicies(useCaseOf(args), args.actor, args.command.positional.join(''))));
  },
});
