import { defineCommand } from '../src/app/command.ts';
import { statsReport } from '../src/services/stats.ts';

export const stats = defineCommand({
  name: '统计',
  alias: 'stats',
  summary: '查看统计：各单位首报项目、30天内到期的首谈期、逾期的台账事项，以及通知投递和钉钉接口额度',
  usage: ['/统计'],
  example: '/统计',
  roles: ['IPB', 'LEADER', 'ADMIN'],
  async handler({ tx, now, settings, say }) {
    say(await statsReport(tx, now, { platform: settings.platformLabel, monthlyQuota: settings.monthlyApiQuota ?? null }));
  },
});
