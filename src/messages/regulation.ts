/** Chinese text of /制度 (the policy's clauses, DESIGN §10). */

import { POLICY_SHORT_TITLE, type ClauseId } from '../domain/regulation/clauses.ts';
import { citeClause, citeRule, clauseRef } from './citation.ts';
import { refusal } from './refusal.ts';

export const regulationMessages = {
  clauses: {
    title: () => `《${POLICY_SHORT_TITLE}》条款`,
    list: (p: { title: string; lines: string[] }) =>
      `### 《${p.title}》\n\n${p.lines.join('\n')}\n\n发送 /制度 <条款> 查看原文，例如 /制度 四(一)、/制度 附件9。机器人引用制度条款时写作${citeClause('四(一)')}；制度未规定、由牵头单位具体工作方案确定的做法写作${citeRule('R1')}，发送 /规则 查看。`,
    section: (p: { label: string; heading: string }) => `- **${p.label}、${p.heading}**`,
    subclause: (p: { label: string; heading: string }) => `  - ${p.label} ${p.heading}`,
    preamble: (p: { heading: string }) => `- 序言（${p.heading}）`,
    attachment: (p: { title: string; count: number }) =>
      `- **附件：${p.title}**（共 ${p.count} 项，/制度 附件1 … /制度 附件${p.count}）`,
    showTitle: (p: { id: ClauseId }) => clauseRef(p.id),
    show: (p: { title: string; label: string; text: string; children: string[] }) =>
      `### 《${p.title}》${p.label}\n\n${p.text}${p.children.length > 0 ? `\n\n${p.children.join('\n')}` : ''}`,
    child: (p: { label: string; heading: string }) => `- ${p.label} ${p.heading}（/制度 ${p.label}）`,
    unknown: refusal(
      'E_NOT_FOUND',
      (p: { input: string }) =>
        `没有找到条款“${p.input}”。条款写作 四(一)、三(三)、六 或 附件9；发送 /制度 查看全部条款。`,
    ),
  },
} as const;
