import { clauseTag } from '../src/messages/citation.ts';
import { defineCommand } from '../src/app/command.ts';
import { UserError } from '../src/app/errors.ts';
import { renderSiteRecommendation } from '../src/messages/platforms.ts';
import { zhCN } from '../src/messages/zh-CN.ts';
import { recommendSitesFor } from '../src/services/platform-evaluation.ts';
import { useCaseOf } from '../src/services/use-case.ts';

export const site = defineCommand({
  name: '推荐选址',
  alias: 'site',
  summary: `重大项目选址推荐${clauseTag('二(三)')}：按最近一次平台评价为产业链的承载单位排序`,
  usage: ['/推荐选址 <产业链>'],
  example: '/推荐选址 集成电路',
  roles: ['IPB', 'LEADER', 'DRC', 'NRB', 'SASAC', 'INDUSTRY'],
  async handler(args) {
    const chain = args.command.positional.join('');
    if (chain === '')
      throw new UserError(
        zhCN.internal.usage({
          problem: zhCN.coordination.platform.usage.missingChain(),
          usage: site.usage.join('；'),
          example: site.example,
        }),
      );
    args.say(renderSiteRecommendation(await recommendSitesFor(useCaseOf(args), chain)));
  },
});
