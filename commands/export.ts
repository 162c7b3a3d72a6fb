import { defineCommand } from '../src/app/command.ts';
import { UserError } from '../src/app/errors.ts';
import { zhCN } from '../src/messages/zh-CN.ts';
import { exportLedger, parseExportSubject } from '../src/services/ledger-export.ts';
import { useCaseOf } from '../src/services/use-case.ts';

export const exportLedgers = defineCommand({
  name: '导出',
  alias: 'export',
  summary: '导出 XLSX 台账：首报项目台账（按状态分表）或责任分解表落实台账（按事项分表）',
  usage: ['/导出 项目', '/导出 台账'],
  example: '/导出 项目',
  roles: ['IPB', 'LEADER', 'ADMIN'],
  async handler(args) {
    const input = args.command.positional[0];
    if (input === undefined) throw new UserError(zhCN.internal.usage({ problem: zhCN.exports.missing(), usage: exportLedgers.usage.join('；'), example: exportLedgers.example }));
    // A ledger lists every unit's projects: in a group it goes to the requester alone (DESIGN §4.2).
    const delivery = args.conversation.type === 'direct' ? 'here' : 'private';
    const result = await exportLedger(useCaseOf(args), parseExportSubject(input), { filesDir: args.settings.filesDir, delivery });
    args.say(result.reply);
    if (delivery === 'here') args.say(result.file);
    else await args.respond(result.file);
  },
});
