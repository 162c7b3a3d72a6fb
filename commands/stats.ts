import { defineCommand } from '../src/app/command.ts';
import { zhCN } from '../src/messages/zh-CN.ts';
import { collectStats } from '../src/services/stats.ts';

export const stats = defineCommand({
  name: '统计',
  alias: 'stats',
  summary: '查看运行统计：登记用户、绑定群、通知投递和钉钉接口额度',
  usage: ['/统计'],
  example: '/统计',
  roles: ['IPB', 'LEADER', 'ADMIN'],
  async handler({ tx, now, settings, say }) {
    const s = await collectStats(tx, now);
    say({
      kind: 'markdown',
      title: zhCN.stats.title(),
      markdown: zhCN.stats.body({
        users: s.users,
        boundGroups: s.boundGroups,
        unitsWithoutGroup: s.unitsWithoutGroup,
        pending: s.pendingNotices,
        dead: s.deadNotices,
        month: s.apiMonth,
        apiCalls: s.apiCalls,
        quota: settings.monthlyApiQuota ?? null,
      }),
    });
  },
});
