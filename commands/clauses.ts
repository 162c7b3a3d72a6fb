import { defineCommand } from '../src/app/command.ts';
import { UserError } from '../src/app/errors.ts';
import {
  ATTACHMENT_IDS,
  ATTACHMENT_TITLE,
  childrenOf,
  clauseById,
  parseClauseId,
  POLICY_TITLE,
  SECTION_IDS,
} from '../src/domain/regulation/clauses.ts';
import { zhCN } from '../src/messages/zh-CN.ts';

const t = zhCN.regulation.clauses;

export const clauses = defineCommand({
  name: '制度',
  alias: 'clauses',
  summary: '查看《工作制度》的条款目录和条款原文',
  usage: ['/制度', '/制度 <条款>'],
  example: '/制度 四(一)',
  roles: 'registered',
  async handler({ command, say }) {
    const input = command.positional.join('');
    if (input === '') {
      const lines = [
        t.preamble({ heading: clauseById('序言').heading }),
        ...SECTION_IDS.flatMap((id) => [
          t.section({ label: id, heading: clauseById(id).heading }),
          ...childrenOf(id)
            .filter((child) => !child.id.startsWith('附件'))
            .map((child) => t.subclause({ label: child.label, heading: child.heading })),
        ]),
        t.attachment({ title: ATTACHMENT_TITLE, count: ATTACHMENT_IDS.length }),
      ];
      say({ kind: 'markdown', title: t.title(), markdown: t.list({ title: POLICY_TITLE, lines }) });
      return;
    }
    const id = parseClauseId(input);
    if (id === undefined) throw new UserError(t.unknown({ input }));
    const clause = clauseById(id);
    const children = childrenOf(id).map((child) => t.child({ label: child.label, heading: child.heading }));
    say({
      kind: 'markdown',
      title: t.showTitle({ id: clause.id }),
      markdown: t.show({ title: POLICY_TITLE, label: clause.label, text: clause.text, children }),
    });
  },
});
