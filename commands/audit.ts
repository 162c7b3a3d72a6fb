import { defineCommand } from '../src/app/command.ts';
import { UserError } from '../src/app/errors.ts';
import { formatDateTime } from '../src/messages/format.ts';
import { zhCN } from '../src/messages/zh-CN.ts';
import { auditHistory, verifyAuditChain } from '../src/services/audit-log.ts';
import { rulesAppliedTo } from '../src/services/rules.ts';

const VERIFY = ['校验', 'verify', '检查'];
const SHOWN = 20;

export const audit = defineCommand({
  name: '审计',
  alias: 'audit',
  summary: '查看某条记录的操作历史，或校验审计链是否被篡改',
  usage: ['/审计 <编号>', '/审计 校验'],
  example: '/审计 ZS-2026-0001',
  roles: ['IPB', 'AUDIT', 'ADMIN'],
  async handler({ command, tx, say }) {
    const target = command.positional[0];
    if (target === undefined)
      throw new UserError(
        zhCN.internal.usage({ problem: zhCN.audit.missing(), usage: audit.usage.join('；'), example: audit.example }),
      );
    if (VERIFY.includes(target.toLowerCase())) {
      const verdict = await verifyAuditChain(tx);
      say(
        verdict.ok
          ? zhCN.audit.verified({ count: verdict.count })
          : zhCN.audit.broken({
              seq: verdict.brokenAt,
              reason: zhCN.audit.reasons[verdict.reason],
              count: verdict.count,
            }),
      );
      return;
    }
    const { events, total } = await auditHistory(tx, target, SHOWN);
    if (events.length === 0) throw new UserError(zhCN.audit.none({ recordId: target }));
    const lines = events.map((e) =>
      zhCN.audit.line({
        at: formatDateTime(new Date(e.at)),
        actor: e.actorId,
        action: zhCN.actions[e.action] ?? e.action,
      }),
    );
    // Which implementation rule each decision applied, with the value and basis in force then (DESIGN §10).
    const applied = (await rulesAppliedTo(tx, target)).map((r) =>
      zhCN.rules.audit.line({
        at: formatDateTime(r.at),
        action: zhCN.actions[r.action] ?? r.action,
        id: r.id,
        value: r.value,
        basis: zhCN.rules.basis(r),
      }),
    );
    const rules = applied.length === 0 ? '' : `\n\n${zhCN.rules.audit.heading()}\n${applied.join('\n')}`;
    say({
      kind: 'markdown',
      title: `/审计 ${target}`,
      markdown: zhCN.audit.history({ recordId: target, lines, more: total - events.length }) + rules,
    });
  },
});
