import { clauseTag } from '../src/messages/citation.ts';
import { defineCommand } from '../src/app/command.ts';
import { UserError } from '../src/app/errors.ts';
import { shanghaiDay } from '../src/domain/matrix/dates.ts';
import { renderPlatformRanking, renderPlatformScores } from '../src/messages/platforms.ts';
import { zhCN } from '../src/messages/zh-CN.ts';
import { platformRanking, recordPlatformScores } from '../src/services/platform-evaluation.ts';
import { useCaseOf } from '../src/services/use-case.ts';

const t = zhCN.coordination.platform;

const RECORD = ['录入', '评分', 'record'];

export const platform = defineCommand({
  name: '平台评价',
  alias: 'platform',
  summary: `产业平台评价${clauseTag('二(三)')}：各地《布局导引》落实情况及平台项目承接能力的年度评分和排名`,
  usage: ['/平台评价 [年]'],
  example: '/平台评价 2026',
  roles: ['IPB', 'DRC', 'INDUSTRY', 'LEADER'],
  keys: {
    guide: ['导引', '导引落实', 'guide'],
    landed: ['落地', '项目落地', 'landed'],
    investment: ['投资', 'investment'],
    ecosystem: ['生态', '产业生态', 'ecosystem'],
  },
  subcommands: [
    {
      // 二(三): 由市投资促进局牵头会同市发改委以及相关产业主管部门…进行综合评价.
      words: RECORD,
      roles: ['IPB', 'DRC', 'INDUSTRY'],
      usage: '/平台评价 录入 <年> <单位> 导引=<分> 落地=<分> 投资=<分> 生态=<分>（各 0—100 分）',
      example: '/平台评价 录入 2026 萧山经济技术开发区 导引=90 落地=85 投资=88 生态=80',
    },
  ],
  async handler(args) {
    const { positional, named } = args.command;
    const [first, ...rest] = positional;
    const uc = useCaseOf(args);
    if (first !== undefined && RECORD.includes(first.toLowerCase())) {
      const [year, ...unit] = rest;
      const sub = platform.subcommands?.[0];
      if (year === undefined || unit.length === 0)
        throw new UserError(
          zhCN.internal.usage({
            problem: t.usage.missingRecord(),
            usage: sub?.usage ?? '',
            example: sub?.example ?? '',
          }),
        );
      return args.say(renderPlatformScores(await recordPlatformScores(uc, year, unit.join(''), named)));
    }
    args.say(renderPlatformRanking(await platformRanking(uc, first ?? String(shanghaiDay(args.now).year))));
  },
});
