import { defineCommand } from '../src/app/command.ts';
import { dashboardPicture } from '../src/services/dashboard-charts.ts';
import { renderDashboardPicture } from '../src/messages/charts.ts';
import { renderPeriodStats, renderStatsOverview } from '../src/messages/workflow-stats.ts';
import { periodStatsReport, statsReport } from '../src/services/stats.ts';

const ROLES = ['IPB', 'LEADER', 'AUDIT', 'FINANCE', 'ADMIN'] as const;
const PICTURE = ['图', '图表', 'chart'];

export const stats = defineCommand({
  name: '统计',
  alias: 'stats',
  summary:
    '查看统计：不带期间时为当前各单位首报项目、到期首谈期、逾期台账和本年各项工作；带期间（年、季度、月）时为该期间各项工作统计和赛马排名；“图”发送统计图',
  usage: ['/统计', '/统计 <年>|<年>Q<n>|<年>-<月>', '/统计 图'],
  example: '/统计 2026Q4',
  roles: ROLES,
  subcommands: [{ words: PICTURE, roles: ROLES, usage: '/统计 图', example: '/统计 图' }],
  async handler({ tx, now, settings, say, command }) {
    const first = command.positional[0];
    if (first !== undefined && PICTURE.includes(first.toLowerCase())) {
      say(renderDashboardPicture(await dashboardPicture(tx, now, settings.filesDir)));
      return;
    }
    const period = command.positional.join('');
    if (period !== '') return say(renderPeriodStats(await periodStatsReport(tx, now, period)));
    const api = { platform: settings.platformLabel, monthlyQuota: settings.monthlyApiQuota ?? null };
    say(renderStatsOverview(await statsReport(tx, now, api)));
  },
});
