import { defineCommand } from '../src/app/command.ts';
import type { CommandArgs } from '../src/app/context.ts';
import { UserError } from '../src/app/errors.ts';
import { renderRuleDetail, renderRuleList, renderRuleSet } from '../src/messages/rules.ts';
import { zhCN } from '../src/messages/zh-CN.ts';
import { listRules, setRule, showRule, type RuleDefaults } from '../src/services/rules.ts';
import { useCaseOf } from '../src/services/use-case.ts';

const SET = ['设置', '修改', 'set'];
const t = zhCN.rules;

const defaultsOf = (args: CommandArgs<string>): RuleDefaults => ({ exclusivityDays: args.settings.exclusivityDays });

export const rules = defineCommand({
  name: '规则',
  alias: 'rules',
  summary: '查看实施规则（制度未规定、由牵头单位工作方案确定的做法）的当前值、依据和修改记录',
  usage: ['/规则', '/规则 <编号>'],
  example: '/规则 R4',
  roles: 'registered',
  keys: { basis: ['依据', 'basis'] },
  subcommands: [
    {
      words: SET,
      roles: ['IPB', 'NRB', 'DRC', 'ADMIN'],
      usage: '/规则 设置 <编号> <值> 依据=<文号或说明>（规则所属单位或系统管理员）',
      example: '/规则 设置 R4 一致同意 依据=杭投促〔2026〕12号',
    },
  ],
  async handler(args) {
    const [first, ...rest] = args.command.positional;
    if (first === undefined) {
      args.say(renderRuleList(await listRules(args.tx, defaultsOf(args))));
      return;
    }
    if (SET.includes(first.toLowerCase())) {
      const [id, ...valueWords] = rest;
      if (id === undefined || valueWords.length === 0) {
        const sub = rules.subcommands![0]!;
        throw new UserError(zhCN.internal.usage({ problem: t.set.missing(), usage: sub.usage, example: sub.example }));
      }
      const outcome = await setRule(
        useCaseOf(args),
        args.actor.roles,
        id,
        valueWords.join(' '),
        args.command.named.basis,
        defaultsOf(args),
      );
      args.say(renderRuleSet(outcome));
      return;
    }
    args.say(renderRuleDetail(await showRule(args.tx, first, defaultsOf(args))));
  },
});
