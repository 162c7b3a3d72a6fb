import { clauseTag } from '../src/messages/citation.ts';
import { defineCommand } from '../src/app/command.ts';
import { UserError } from '../src/app/errors.ts';
import { APPLY_EXAMPLE } from '../src/messages/transfers.ts';
import { zhCN } from '../src/messages/zh-CN.ts';
import {
  applyTransfer,
  concludeTransfer,
  describeTransfer,
  listTransfers,
  recordExecution,
  resubmitTransfer,
} from '../src/services/transfers.ts';
import {
  renderTransferApplied,
  renderTransferConcluded,
  renderTransferDetail,
  renderTransferExecution,
  renderTransferList,
  renderTransferResubmitted,
} from '../src/messages/transfers.ts';
import { useCaseOf } from '../src/services/use-case.ts';
import { refusalText } from '../src/messages/refusal.ts';

const SUPPLEMENT = ['补充', '补充材料', 'supplement', 'resubmit'];
const CONCLUDE = ['结论', 'conclude'];
const EXECUTE = ['执行', '落实', 'execute'];

type Keys = 'enterprise' | 'code' | 'chain' | 'from' | 'to' | 'reason' | 'promise' | 'share' | 'confirm' | 'note';

/** Keys a resubmission may carry besides its note: reviewers often ask for changed terms. */
const RESUBMIT_KEYS: readonly Keys[] = ['note', 'share', 'promise'];

export const transfer = defineCommand<Keys>({
  name: '流转',
  alias: 'transfer',
  summary: `存量项目流转：迁出地或迁入地申请，市投资促进局、市财政局、市审计局和产业主管部门联合评审${clauseTag('四(三)')}`,
  usage: [
    '/流转 <编号>（查看）    /流转（待办或本单位的申请）',
    '产业链省略时取该企业首报项目的产业链；分成比例 0—100%，年限 1—10 年；含空格的值请加引号',
  ],
  example: '/流转 LZ-2026-0001',
  roles: ['REPORTER', 'IPB', 'FINANCE', 'AUDIT', 'INDUSTRY'],
  subcommands: [
    {
      // Only a unit's investment officer applies (DESIGN §1: REPORTER); applying is the form with key=value pairs.
      words: [],
      byNamedArguments: true,
      roles: ['REPORTER'],
      usage:
        '/流转 企业=<名称> [信用代码=<18位>] [产业链=<链>] 迁出=<单位> 迁入=<单位> 理由=<...> [承诺政策=<类型比例%[,上限金额][,年限年];…>] 分成=<迁出方比例>%/<年限>年',
      example: APPLY_EXAMPLE,
    },
    {
      words: SUPPLEMENT,
      roles: ['REPORTER'],
      usage: '/流转 补充 <编号> <说明> [分成=…] [承诺政策=…]（被要求补充材料后重新提交）',
      example: '/流转 补充 LZ-2026-0001 已补充近三年纳税证明 分成=40%/5年',
    },
    {
      // 四(三): the review is led by 市投资促进局; rule R4 says when IPB issues the conclusion.
      words: CONCLUDE,
      roles: ['IPB'],
      usage: '/流转 结论 <编号> 同意|不同意 <理由>（四家意见齐备且有不同意时，由市投资促进局作出结论）',
      example: '/流转 结论 LZ-2026-0001 不同意 迁入地承诺政策高于承载地',
    },
    {
      // 附件第8项: 完善财政利益共享制度由市财政局牵头.
      words: EXECUTE,
      roles: ['FINANCE'],
      usage: '/流转 执行 <编号> <落实情况>（市财政局登记财政利益共享的落实）',
      example: '/流转 执行 LZ-2026-0001 已与两区签订财政分成协议',
    },
  ],
  keys: {
    enterprise: ['企业', '企业名称', 'enterprise'],
    code: ['信用代码', '统一社会信用代码', 'code'],
    chain: ['产业链', '链', 'chain'],
    from: ['迁出', '迁出地', 'from'],
    to: ['迁入', '迁入地', 'to'],
    reason: ['理由', '流转理由', 'reason'],
    promise: ['承诺政策', '承诺', 'promise'],
    share: ['分成', '利益分成', '财政分成', 'share'],
    confirm: ['确认代码', 'confirm'],
    note: ['说明', '补充说明', 'note'],
  },
  async handler(args) {
    const { command, actor, say } = args;
    const uc = useCaseOf(args);
    const [first, ...rest] = command.positional;
    const named = command.named;
    if (first !== undefined && SUPPLEMENT.includes(first.toLowerCase())) {
      const stray = (Object.keys(named) as Keys[]).filter((key) => !RESUBMIT_KEYS.includes(key));
      if (stray.length > 0)
        throw new UserError(
          zhCN.transfers.apply.extraWords({ words: stray.map((key) => `${transfer.keys?.[key][0] ?? key}=`) }),
        );
      const [code, ...words] = rest;
      if (code === undefined) throw new UserError(zhCN.transfers.resubmit.missing());
      const input = { note: named.note ?? words.join(' '), share: named.share, promise: named.promise };
      return say(renderTransferResubmitted(await resubmitTransfer(uc, actor, code, input)));
    }
    if (first !== undefined && CONCLUDE.includes(first.toLowerCase())) {
      const [code, verdict, ...words] = rest;
      if (code === undefined || verdict === undefined)
        throw new UserError(
          zhCN.internal.usage({
            problem: refusalText(zhCN.transfers.conclusion.unknownVerdict({ input: verdict ?? '' })),
            usage: transfer.subcommands![2]!.usage,
            example: transfer.subcommands![2]!.example,
          }),
        );
      const reason = [...words, ...(named.note === undefined ? [] : [named.note])].join(' ');
      return say(renderTransferConcluded(await concludeTransfer(uc, code, verdict, reason)));
    }
    if (first !== undefined && EXECUTE.includes(first.toLowerCase())) {
      const [code, ...words] = rest;
      if (code === undefined) throw new UserError(zhCN.transfers.execution.missing());
      const record = [...words, ...(named.note === undefined ? [] : [named.note])].join(' ');
      return say(renderTransferExecution(await recordExecution(uc, code, record)));
    }
    if (Object.keys(named).length === 0) {
      if (first === undefined) return say(renderTransferList(await listTransfers(uc, actor)));
      return say(renderTransferDetail(await describeTransfer(uc, actor, first)));
    }
    const { note, ...application } = named;
    const extra = note === undefined ? command.positional : [...command.positional, `说明=${note}`];
    say(renderTransferApplied(await applyTransfer(uc, actor, application, extra)));
  },
});
