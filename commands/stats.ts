import { defineCommand } from '../src/app/command.ts';
import { periodStatsReport, statsReport } from '../src/services/stats.ts';

export const stats = defineCommand({
  name: '统计',
  alias: 'stats',
  summary: '查看统计：不带期间时为当前各单位首报项目、到期首谈期、逾期台账和本年各项工作；带期间（年、季度、月）时为该期间各项工作统计和赛马排名',
  usage: ['/统计', '/统计 <年>|<年>Q<n>|<年>-<月>'],
  example: '/统计 2026Q4',
  roles: ['IPB', 'LEADER', 'AUDIT', 'FINANCE', 'ADMIN'],
  async handler({ tx, now, settings, say, command }) {
    const period = command.positional.join('');
    say(period === '' ? await statsReport(tx, now, { platform: settings.platformLabel, monthlyQuota: settings.monthlyApiQuota ?? null }) : await periodStatsReport(tx, now, period));
  },
});
