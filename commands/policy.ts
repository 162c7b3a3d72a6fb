import { clauseTag } from '../src/messages/citation.ts';
import { defineCommand } from '../src/app/command.ts';
import { UserError } from '../src/app/errors.ts';
import { FILE_EXAMPLE, renderPolicyFiled } from '../src/messages/policies.ts';
import { zhCN } from '../src/messages/zh-CN.ts';
import { filePolicy } from '../src/services/policies.ts';
import { useCaseOf } from '../src/services/use-case.ts';

export const policy = defineCommand({
  name: '政策备案',
  alias: 'policy',
  summary: `备案本单位某产业链的优惠政策；高于《布局导引》承载地政策的记为比拼政策${clauseTag('三(三)')}`,
  usage: [
    '/政策备案 产业链=<链> 类型=<土地价格|租金补贴|设备补助|税收奖励|一次性奖励|其他> 比例=<%> [上限=<金额>] [年限=<年>] [说明=<...>]',
    '市投资促进局代为备案：加 单位=<单位>',
    '比例越高越优惠（土地价格写低于基准地价的优惠幅度）；同一单位同一产业链同一类型的新备案替换旧备案',
  ],
  example: FILE_EXAMPLE,
  roles: ['REPORTER', 'IPB'],
  keys: {
    chain: ['产业链', '链', 'chain'],
    type: ['类型', '政策类型', 'type'],
    rate: ['比例', '比率', 'rate'],
    cap: ['上限', '封顶', 'cap'],
    years: ['年限', '期限', 'years'],
    unit: ['单位', 'unit'],
    note: ['说明', '备注', 'note'],
  },
  async handler(args) {
    if (args.command.positional.length > 0)
      throw new UserError(zhCN.policies.file.extraWords({ words: args.command.positional }));
    args.say(renderPolicyFiled(await filePolicy(useCaseOf(args), args.actor, args.command.named)));
  },
});
