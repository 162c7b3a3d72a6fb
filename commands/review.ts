import { clauseTag } from '../src/messages/citation.ts';
import { defineCommand } from '../src/app/command.ts';
import { UserError } from '../src/app/errors.ts';
import { REVIEW_WORDS } from '../src/messages/command-words.ts';
import { zhCN } from '../src/messages/zh-CN.ts';
import { renderDenial, renderGrant } from '../src/messages/projects.ts';
import { denyReport, grantExclusivity } from '../src/services/projects.ts';
import { useCaseOf } from '../src/services/use-case.ts';

const { grant: GRANT, deny: DENY } = REVIEW_WORDS.verbs;

export const review = defineCommand({
  name: REVIEW_WORDS.name,
  alias: 'review',
  summary: `审核首报：通过即赋予排他性首谈资格${clauseTag('四(一)')}，驳回须写理由`,
  usage: ['/审核 <编号> 通过 [期限=<天数>]', '/审核 <编号> 驳回 <理由>'],
  example: '/审核 ZS-2026-0001 通过',
  roles: ['IPB'],
  keys: { days: ['期限', '天数'] },
  async handler(args) {
    const [code, verdict, ...reason] = args.command.positional;
    if (code === undefined || verdict === undefined) {
      throw new UserError(
        zhCN.internal.usage({
          problem: zhCN.projects.review.missing(),
          usage: review.usage.join('；'),
          example: review.example,
        }),
      );
    }
    const uc = useCaseOf(args);
    if (GRANT.includes(verdict.toLowerCase())) {
      args.say(renderGrant(await grantExclusivity(uc, code, args.command.named.days, args.settings.exclusivityDays)));
    } else if (DENY.includes(verdict.toLowerCase())) {
      args.say(renderDenial(await denyReport(uc, code, reason.join(' '))));
    } else {
      throw new UserError(zhCN.projects.review.unknownVerdict({ input: verdict }));
    }
  },
});
