import { clauseTag } from '../src/messages/citation.ts';
import { defineCommand } from '../src/app/command.ts';
import { UserError } from '../src/app/errors.ts';
import { splitVerdict, VERDICT_LABELS } from '../src/domain/transfers/voting.ts';
import { VOTE_WORDS } from '../src/messages/command-words.ts';
import { zhCN } from '../src/messages/zh-CN.ts';
import { voteOnTransfer } from '../src/services/transfers.ts';
import { renderTransferVote } from '../src/messages/transfers.ts';
import { useCaseOf } from '../src/services/use-case.ts';

/**
 * The verdict and the opinion as typed after the case code. The opinion keeps its punctuation and
 * line breaks; a verdict glued to it (同意，理由充分) is split off, and a leading 意见= / 理由： label
 * is dropped.
 */
function verdictAndOpinion(afterCode: string): { verdict: string | undefined; opinion: string } {
  const word = /^\S*/.exec(afterCode)?.[0] ?? '';
  const tail = afterCode.slice(word.length);
  const split = splitVerdict(word);
  const opinion = split === null ? tail : `${split.rest} ${tail}`;
  return {
    verdict: split === null ? word || undefined : VERDICT_LABELS[split.verdict],
    opinion: opinion
      .trim()
      .replace(/^(?:意见|理由|说明)\s*[=＝:：]\s*/, '')
      .trim(),
  };
}

export const vote = defineCommand({
  name: VOTE_WORDS.name,
  alias: 'vote',
  summary: `对存量项目流转申请表态：同意、不同意或补充材料${clauseTag('四(三)')}`,
  usage: ['/评审 <编号> 同意|不同意|补充材料 [意见]', '决定前同一评审单位可重新投票，以最后一次为准'],
  example: '/评审 LZ-2026-0001 同意 流转理由充分，分成方案合理',
  roles: ['IPB', 'FINANCE', 'AUDIT', 'INDUSTRY'],
  // The opinion is prose ("建议：补充近三年纳税证明"), not key=value pairs.
  freeText: true,
  async handler(args) {
    const code = args.command.positional[0];
    const { verdict, opinion } = verdictAndOpinion(args.command.text.trim().replace(/^\S+\s*/, ''));
    if (code === undefined || verdict === undefined) {
      throw new UserError(
        zhCN.internal.usage({
          problem: zhCN.transfers.vote.missing(),
          usage: vote.usage[0] ?? '',
          example: vote.example,
        }),
      );
    }
    args.say(renderTransferVote(await voteOnTransfer(useCaseOf(args), args.actor, code, verdict, opinion)));
  },
});
