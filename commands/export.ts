import { defineCommand } from '../src/app/command.ts';
import { UserError } from '../src/app/errors.ts';
import { zhCN } from '../src/messages/zh-CN.ts';
import { exportLedger, parseExportSubject } from '../src/services/ledger-export.ts';
import { useCaseOf } from '../src/services/use-case.ts';
import { refusalText } from '../src/messages/refusal.ts';

export const exportLedgers = defineCommand({
  name: '导出',
  alias: 'export',
  summary:
    '导出 XLSX 台账：首报项目、责任分解表落实情况，以及流转、一事一议、比拼政策、违规、用地、能耗、基金、平台评价、市级主谈',
  usage: ['/导出 项目|台账|流转|一事一议|比拼|违规|用地|能耗|基金|平台评价|市级主谈'],
  example: '/导出 项目',
  roles: ['IPB', 'LEADER', 'ADMIN'],
  async handler(args) {
    const input = args.command.positional[0];
    if (input === undefined)
      throw new UserError(
        zhCN.internal.usage({
          problem: refusalText(zhCN.exports.missing()),
          usage: exportLedgers.usage.join('；'),
          example: exportLedgers.example,
        }),
      );
    // A ledger lists every unit's projects: in a group it goes to the requester alone (DESIGN §4.2).
    const delivery = args.conversation.type === 'direct' ? 'here' : 'private';
    const result = await exportLedger(useCaseOf(args), parseExportSubject(input), {
      filesDir: args.settings.filesDir,
      delivery,
    });
    args.say(result.reply);
    if (delivery === 'here') args.say(result.file);
    else await args.respond(result.file);
  },
});
