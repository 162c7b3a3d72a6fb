import { clauseTag } from '../src/messages/citation.ts';
import { defineCommand, type SubcommandSpec } from '../src/app/command.ts';
import { UserError } from '../src/app/errors.ts';
import {
  DISPOSE_EXAMPLE,
  renderFindingDetail,
  renderFindingDisposed,
  renderFindingList,
  renderFindingOpinion,
} from '../src/messages/policies.ts';
import { OVERBID_WORDS } from '../src/messages/command-words.ts';
import { zhCN } from '../src/messages/zh-CN.ts';
import { describeFinding, disposeFinding, giveFindingOpinion, listFindings } from '../src/services/policies.ts';
import { useCaseOf } from '../src/services/use-case.ts';

const { dispose: DISPOSE, opinion: OPINION } = OVERBID_WORDS.verbs;

const DISPOSE_SUBCOMMAND = {
  words: DISPOSE,
  // Deciding consequences is IPB's (三(三): 市投资促进局会同…加强监管); the auditors and finance read.
  roles: ['IPB'],
  usage: '/比拼 处置 <编号> 取消考核评先资格|税收留成收归市级|不构成比拼 [说明]（不构成比拼须写明理由）',
  example: DISPOSE_EXAMPLE,
} satisfies SubcommandSpec;

const OPINION_SUBCOMMAND = {
  words: OPINION,
  // IPB decides 会同 市审计局、市财政局 and the industry department: their opinions are recorded first.
  roles: ['AUDIT', 'FINANCE', 'INDUSTRY'],
  usage: '/比拼 意见 <编号> <意见>（市审计局、市财政局、产业主管部门）',
  example: '/比拼 意见 BP-2026-0001 经核实高于承载地政策，建议取消考核评先资格',
} satisfies SubcommandSpec;

export const overbid = defineCommand({
  name: OVERBID_WORDS.name,
  alias: 'overbid',
  summary: `比拼政策记录：查看；市投资促进局会同市审计局、市财政局和产业主管部门处置${clauseTag('三(三)')}`,
  usage: ['/比拼（待处置和最近已处置）    /比拼 <编号>'],
  example: '/比拼 BP-2026-0001',
  roles: ['IPB', 'AUDIT', 'FINANCE', 'INDUSTRY'],
  subcommands: [DISPOSE_SUBCOMMAND, OPINION_SUBCOMMAND],
  keys: { note: ['说明', '理由', 'note'] },
  async handler(args) {
    const { command, say } = args;
    const uc = useCaseOf(args);
    const [first, ...rest] = command.positional;
    if (first === undefined) return say(renderFindingList(await listFindings(uc)));
    if (OPINION.includes(first.toLowerCase())) {
      const [code, ...words] = rest;
      if (code === undefined) throw new UserError(zhCN.policies.opinion.missing());
      const opinion = [...words, command.named.note ?? ''].join(' ');
      return say(renderFindingOpinion(await giveFindingOpinion(uc, args.actor, code, opinion)));
    }
    if (!DISPOSE.includes(first.toLowerCase())) return say(renderFindingDetail(await describeFinding(uc, first)));
    const [code, disposition, ...words] = rest;
    if (code === undefined || disposition === undefined) {
      throw new UserError(
        zhCN.internal.usage({
          problem: zhCN.policies.dispose.missing(),
          usage: DISPOSE_SUBCOMMAND.usage,
          example: DISPOSE_SUBCOMMAND.example,
        }),
      );
    }
    say(renderFindingDisposed(await disposeFinding(uc, code, disposition, command.named.note ?? words.join(' '))));
  },
});
