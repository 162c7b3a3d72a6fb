import { defineCommand } from '../src/app/command.ts';
import { draftBriefing, parseBriefingPeriod } from '../src/services/documents/briefing.ts';
import { useCaseOf } from '../src/services/use-case.ts';

export const briefing = defineCommand({
  name: '简报',
  alias: 'briefing',
  summary:
    '生成首报首谈工作简报（Word 草稿）：各单位统计表、赛马排名、协调事项和图表；每月第一个工作日 9:00 自动发送上月简报到领导群',
  usage: ['/简报 月|季度 [<期间>]'],
  example: '/简报 月',
  roles: ['IPB', 'LEADER'],
  async handler(args) {
    const [kind, period] = args.command.positional;
    const result = await draftBriefing(
      useCaseOf(args),
      parseBriefingPeriod(kind, period, args.now),
      args.settings.filesDir,
    );
    args.say(result.reply);
    args.say(result.file);
  },
});
