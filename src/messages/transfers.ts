/**
 * Text of the stock project transfer review (存量项目流转, policy 四(三); DESIGN §5.3). Included in the
 * catalog as zhCN.transfers.
 */
import {
  TRANSFER_STATUS_LABELS,
  VERDICT_LABELS,
  type TransferStatus,
  type Verdict,
} from '../domain/transfers/voting.ts';
import { MAX_SHARE_YEARS, MIN_SHARE_YEARS, type ShareProblem } from '../domain/transfers/benefit-sharing.ts';
import { citeClause, citeRule, ruleRef } from './citation.ts';
import { formatPercent } from './policies.ts';
import { refusal } from './refusal.ts';
import { ROLE_LABELS } from '../domain/org/roles.ts';
import { buttonFor } from '../app/buttons.ts';
import type { CardButton, Message } from '../app/receiver.ts';
import type {
  TransferAppliedOutcome,
  TransferConcludedOutcome,
  TransferDetailOutcome,
  TransferExecutionOutcome,
  TransferListOutcome,
  TransferResubmittedOutcome,
  TransferVoteOutcome,
} from '../services/transfers.ts';
import { VOTE_WORDS } from './command-words.ts';
import { formatDateTime } from './format.ts';
import { ruleMessages } from './rules.ts';
import { marked } from './user-values.ts';

const SISAN = citeClause('四(三)');
const JOINT = '市投资促进局会同市财政局、市审计局以及相关产业主管部门联合审查';
/** How the four opinions become the conclusion: implementation rule R4, worded by the caller from its value. */
const rule = (described: string) => `${described}${citeRule('R4')}；要求补充材料的，退回申请单位补充后重新评审`;

export const APPLY_EXAMPLE =
  '/流转 企业=杭州某某科技有限公司 产业链=集成电路 迁出=滨江区 迁入=萧山区 理由=扩大产能需新增用地 承诺政策=税收奖励50%,上限2000万,5年 分成=30%/5年';

export interface VoteLine {
  seat: string;
  verdict: Verdict | null;
  opinion: string | null;
  voter: string | null;
}

export interface CaseFacts {
  code: string;
  enterprise: string;
  creditCode: string | null;
  chain: string;
  from: string;
  to: string;
  industry: string;
  reason: string;
  applicant: string;
  applicantUnit: string;
  submittedAt: Date;
  promise: string[];
  originPct: number;
  destinationPct: number;
  years: number;
}

/** One 比拼政策 line per promised item, already worded by the service. */
export interface PolicyWarning {
  exceeded: { item: string; excess: string }[];
  uncompared: string[];
  hosts: string[];
  /** The 比拼政策 finding recorded for the promise (DESIGN §5.3), with IPB's disposition once decided. */
  finding: { code: string; disposition: string | null } | null;
}

/** 已记为比拼政策 BP-2026-0001（…），由市投资促进局会同…处置: said wherever the promise is shown. */
const findingText = (f: NonNullable<PolicyWarning['finding']>) =>
  `已记为比拼政策 **${f.code}**${citeRule('R12')}，${
    f.disposition === null
      ? '由市投资促进局会同市审计局、市财政局和产业主管部门研究处置'
      : `市投资促进局已处置：${f.disposition}`
  }（/比拼 ${f.code}）`;

const sharing = (p: Pick<CaseFacts, 'from' | 'to' | 'originPct' | 'destinationPct' | 'years'>) =>
  `迁出地${p.from}保留该企业地方留成 ${formatPercent(p.originPct)}，迁入地${p.to} ${formatPercent(p.destinationPct)}，期限 ${p.years} 年`;

const voteText = (v: VoteLine) =>
  v.verdict === null
    ? '未评审'
    : `${VERDICT_LABELS[v.verdict]}${v.opinion ? `：${v.opinion}` : ''}${v.voter ? `（${v.voter}）` : ''}`;

function caseBody(p: CaseFacts): string[] {
  return [
    `- 企业：${p.enterprise}${p.creditCode ? `（${p.creditCode}）` : ''}`,
    `- 产业链：${p.chain}｜产业主管部门：${p.industry}`,
    `- 迁出：${p.from} → 迁入：${p.to}`,
    `- 申请：${p.applicantUnit}（${p.applicant}），${formatDateTime(p.submittedAt)}`,
    `- 理由：${p.reason}`,
    `- 迁入地承诺政策：${p.promise.length > 0 ? p.promise.join('；') : '未申报'}`,
    `- 财政利益共享：${sharing(p)}`,
  ];
}

function warningLines(w: PolicyWarning | null): string[] {
  if (w === null) return [];
  const lines: string[] = [];
  if (w.exceeded.length > 0) {
    lines.push(
      `\n⚠️ **比拼政策**：迁入地承诺的${w.exceeded.map((e) => `「${e.item}」${e.excess}`).join('；')}，高于承载地（${w.hosts.join('、')}）备案政策${
        w.finding === null ? '' : `，${findingText(w.finding)}`
      }。联合审查要防止区、县（市）和产业平台通过“政策比拼”对存量项目开展恶性竞争${citeClause('四(三)')}，请评审时重点审查。`,
    );
  }
  if (w.uncompared.length > 0)
    lines.push(`提示：承载地未备案${w.uncompared.map((i) => `「${i}」`).join('、')}同类政策，无法比对，请评审时关注。`);
  return lines;
}

export const transferMessages = {
  actions: {
    'transfer.apply': '申请存量项目流转',
    'transfer.vote': '流转评审投票',
    'transfer.return': '退回补充材料',
    'transfer.resubmit': '补充材料后重新提交',
    'transfer.approve': '流转评审通过',
    'transfer.reject': '流转评审未通过',
    'transfer.execute': '登记财政利益共享落实情况',
  } as Record<string, string>,
  /** A review seat is named as its department's role. */
  seats: ROLE_LABELS,
  fieldLabels: {
    enterprise: '企业',
    code: '信用代码',
    chain: '产业链',
    from: '迁出',
    to: '迁入',
    reason: '理由',
    promise: '承诺政策',
    share: '分成',
    confirm: '确认代码',
    opinion: '意见',
    note: '说明',
  },
  apply: {
    /** The problems of an application, or of a resubmission (which has no example to copy). */
    problems: refusal('E_INVALID_VALUE', (p: { lines: string[]; example: boolean }) =>
      ['流转申请未成功，请修改以下问题后重新发送：', ...p.lines, ...(p.example ? [`示例：${APPLY_EXAMPLE}`] : [])].join(
        '\n',
      ),
    ),
    missing: (p: { field: string }) => `缺少「${p.field}」`,
    tooLong: refusal('E_TOO_LONG', (p: { field: string; max: number }) => `「${p.field}」太长（不超过 ${p.max} 字）`),
    share: (p: { input: string; problem: ShareProblem }) =>
      p.problem === 'format'
        ? `分成“${p.input}”无法识别，请写 迁出方比例%/年限年，例如 分成=30%/5年`
        : p.problem === 'pct-range'
          ? `分成比例“${p.input}”须在 0%—100% 之间（最多两位小数）`
          : `分成年限“${p.input}”须为 ${MIN_SHARE_YEARS}—${MAX_SHARE_YEARS} 年的整数`,
    promise: (p: { item: number; text: string; problem: string }) => `承诺政策第 ${p.item} 项“${p.text}”：${p.problem}`,
    promiseFormat: () =>
      '格式应为 类型比例%[,上限金额][,年限年]，多项用分号隔开，例如 承诺政策=税收奖励50%,上限2000万,5年;租金补贴30%',
    creditLength: (p: { length: number }) => `统一社会信用代码应为 18 位，您填写的是 ${p.length} 位`,
    creditChars: (p: { chars: string[] }) => `统一社会信用代码含有不允许的字符：${p.chars.join(' ')}`,
    creditCheck: (p: { code: string }) =>
      `统一社会信用代码 ${p.code} 的校验位不符，请与营业执照核对；确认无误请在原命令末尾加上 确认代码=是 重新发送`,
    extraWords: refusal(
      'E_USAGE',
      (p: { words: string[] }) =>
        `无法识别的内容：${p.words.join(' ')}。含空格的值请用引号括起来，例如 理由="扩大产能 需新增用地"`,
    ),
    unknownUnit: refusal(
      'E_NOT_FOUND',
      (p: { role: string; input: string; suggestions: string[] }) =>
        `${p.role}单位“${p.input}”不存在。${p.suggestions.length > 0 ? `您是不是指：${p.suggestions.join('、')}？` : '请写区、县（市）或平台的全称，例如 萧山区。'}`,
    ),
    ambiguousUnit: refusal(
      'E_AMBIGUOUS',
      (p: { role: string; input: string; candidates: string[] }) =>
        `${p.role}单位“${p.input}”对应多个：${p.candidates.join('、')}，请写全称。`,
    ),
    notLocal: refusal(
      'E_UNIT_KIND',
      (p: { role: string; unit: string }) =>
        `${p.role}单位「${p.unit}」不是区、县（市）或产业平台，存量项目只在各地之间流转${SISAN}。`,
    ),
    sameUnit: refusal(
      'E_INVALID_VALUE',
      (p: { unit: string }) => `迁出地和迁入地都是「${p.unit}」，不构成流转。请核对 迁出= 和 迁入=。`,
    ),
    notParty: refusal(
      'E_NOT_MEMBER',
      (p: { from: string; to: string }) => `只有迁出地（${p.from}）或迁入地（${p.to}）的招商专员可以申请流转。`,
    ),
    noGuide: refusal(
      'E_PRECONDITION',
      () =>
        '《布局导引》尚未发布，无法确定产业链和承载地，暂时不能申请流转。请联系市投资促进局发布（/布局导引 导入）。',
    ),
    unknownChain: refusal(
      'E_NOT_FOUND',
      (p: { input: string; chains: string[] }) =>
        `产业链「${p.input}」不在《布局导引》中。可选：${p.chains.join('、')}`,
    ),
    ambiguousChain: refusal(
      'E_AMBIGUOUS',
      (p: { input: string; candidates: string[] }) =>
        `产业链「${p.input}」对应多个：${p.candidates.join('、')}，请写全称`,
    ),
    askChain: refusal(
      'E_USAGE',
      (p: { enterprise: string; chains: string[] }) =>
        `没有找到「${p.enterprise}」的首报项目，无法确定其产业链（用于确定评审的产业主管部门）。请在原命令中加上 产业链=<链> 重新发送。可选：${p.chains.join('、')}`,
    ),
    askChainAmong: refusal(
      'E_AMBIGUOUS',
      (p: { enterprise: string; chains: string[]; projects: string[] }) =>
        `「${p.enterprise}」的首报项目（${p.projects.join('、')}）涉及多个产业链：${p.chains.join('、')}。请在原命令中加上 产业链=<链> 指明本次流转的产业链。`,
    ),
    openCase: refusal(
      'E_DUPLICATE',
      (p: { code: string; enterprise: string; status: string }) =>
        `「${p.enterprise}」已有未办结的流转申请 ${p.code}（${p.status}），不能重复申请。发送 /流转 ${p.code} 查看进度。`,
    ),
    accepted: (p: {
      code: string;
      enterprise: string;
      chain: string;
      from: string;
      to: string;
      reviewers: string[];
      chainFrom: string | null;
      rule: string;
    }) =>
      [
        `流转申请已受理：**${p.code}**`,
        `${p.enterprise}｜${p.chain}${p.chainFrom ? `（产业链取自首报项目 ${p.chainFrom}）` : ''}｜${p.from} → ${p.to}`,
        `评审单位：${p.reviewers.join('、')}，由${JOINT}${SISAN}。${rule(p.rule)}。`,
      ].join('\n'),
    warned: (p: { finding: string }) =>
      `⚠️ 迁入地承诺政策高于承载地备案政策，${findingText({ code: p.finding, disposition: null })}；评审卡片中已提示，并已通知市投资促进局、市审计局、市财政局和产业主管部门。`,
    nextStep: (p: { code: string }) =>
      `下一步：等待评审。结果将通知申请人、迁出地、迁入地和全市招商协调群。发送 /流转 ${p.code} 查看进度。`,
    counterpart: (p: {
      code: string;
      enterprise: string;
      chain: string;
      from: string;
      to: string;
      applicantUnit: string;
    }) =>
      `【存量项目流转】${p.applicantUnit}申请将「${p.enterprise}」（${p.chain}）从${p.from}流转至${p.to}，编号 ${p.code}，正由${JOINT}${SISAN}。发送 /流转 ${p.code} 查看详情。`,
  },
  card: {
    title: (p: { code: string }) => `流转评审 ${p.code}`,
    resubmittedTitle: (p: { code: string; round: number }) => `流转评审 ${p.code}（补充材料后第 ${p.round} 轮）`,
    body: (
      p: CaseFacts & {
        warning: PolicyWarning | null;
        supplement: string | null;
        reviewers: string[];
        rule: string;
        reminderDays: number[];
        outsideHosts: string[] | null;
      },
    ) =>
      [
        `**${p.code}** 存量项目流转申请${SISAN}`,
        ...caseBody(p),
        ...(p.supplement ? [`- 补充材料：${p.supplement}`] : []),
        ...(p.outsideHosts === null
          ? []
          : [
              `\n⚠️ 迁入地${p.to}不是《布局导引》中「${p.chain}」的承载地（承载地：${p.outsideHosts.join('、') || '暂无'}），请评审时关注。`,
            ]),
        ...warningLines(p.warning),
        `\n评审单位：${p.reviewers.join('、')}。${rule(p.rule)}。`,
        `请发送 /评审 ${p.code} 同意|不同意|补充材料 <意见>，或点击下方按钮。${p.reminderDays.join(' 个和 ')} 个工作日仍未评审的将收到提醒${citeRule('R5')}。`,
      ].join('\n'),
    approve: () => VERDICT_LABELS.APPROVE,
    reject: () => VERDICT_LABELS.REJECT,
    moreInfo: () => VERDICT_LABELS.MORE_INFO,
  },
  vote: {
    missing: () => '请写明流转编号和评审意见（同意、不同意或补充材料）。',
    unknownVerdict: refusal(
      'E_INVALID_VALUE',
      (p: { input: string }) => `“${p.input}”不是有效评审意见，请写 同意、不同意 或 补充材料。`,
    ),
    unknownCase: refusal(
      'E_NOT_FOUND',
      (p: { input: string }) => `没有找到流转申请“${p.input}”。编号形如 LZ-2026-0001；发送 /流转 查看待办。`,
    ),
    notReviewer: refusal(
      'E_NOT_CONSULTED',
      (p: { code: string; reviewers: string[] }) =>
        `您不是 ${p.code} 的评审单位。本案评审单位为：${p.reviewers.join('、')}${SISAN}。`,
    ),
    severalSeats: refusal(
      'E_AMBIGUOUS',
      (p: { seats: string[] }) =>
        `您同时持有多个评审单位的角色（${p.seats.join('、')}），联合审查须由各单位分别表态，无法确定您代表哪个单位。请联系系统管理员调整角色或所属单位。`,
    ),
    decided: refusal(
      'E_ALREADY_DECIDED',
      (p: { code: string; status: string }) => `${p.code} 已${p.status}，评审已结束，不再接受投票。`,
    ),
    returned: refusal(
      'E_STATUS',
      (p: { code: string }) => `${p.code} 已退回申请单位补充材料，补充后将重新发起评审，届时请再投票。`,
    ),
    recorded: (p: { code: string; seat: string; verdict: Verdict; replaced: Verdict | null; pending: string[] }) =>
      `已记录${p.seat}对 ${p.code} 的评审意见：${VERDICT_LABELS[p.verdict]}${p.replaced ? `（替换此前的“${VERDICT_LABELS[p.replaced]}”）` : ''}。${
        p.pending.length > 0 ? `尚待评审：${p.pending.join('、')}。决定前可重新投票，以最后一次为准。` : ''
      }`,
    approvedReply: (p: { code: string }) =>
      `${p.code} 联合审查结论：同意流转。已通知申请人、迁出地、迁入地和全市招商协调群，财政利益共享方案已送市财政局落实。`,
    rejectedReply: (p: { code: string }) =>
      `${p.code} 联合审查结论：不同意流转。已通知申请人、迁出地、迁入地和全市招商协调群。`,
    awaitingReply: (p: { code: string; dissent: string[] }) =>
      `${p.code} 四家意见已齐，其中${p.dissent.join('、')}不同意；按${ruleRef('R4')}由市投资促进局作出结论，已通知市投资促进局。结论作出前仍可重新表态。`,
    returnedReply: (p: { code: string }) =>
      `${p.code} 已退回申请单位补充材料，已通知申请人和其他评审单位。补充后将重新评审，全部意见重置。`,
  },
  outcome: {
    title: (p: { code: string; approved: boolean }) => `流转评审结果 ${p.code}：${p.approved ? '通过' : '未通过'}`,
    body: (p: {
      code: string;
      enterprise: string;
      chain: string;
      from: string;
      to: string;
      originPct: number;
      destinationPct: number;
      years: number;
      approved: boolean;
      votes: VoteLine[];
      conclusion: { by: string; note: string } | null;
      unanimity: boolean;
    }) =>
      [
        `【流转评审结果】**${p.code}** ${p.enterprise}（${p.chain}，${p.from} → ${p.to}）：**联合审查结论：${p.approved ? '同意流转' : '不同意流转'}**`,
        '四家评审意见：',
        ...p.votes.map((v) => `- ${v.seat}：${voteText(v)}`),
        ...(p.conclusion === null
          ? [
              p.approved
                ? `四家均同意${citeRule('R4')}。`
                : `有评审单位不同意，按一致同意规则不予通过${citeRule('R4')}。`,
            ]
          : [
              `有不同意见，由市投资促进局作出结论${citeRule('R4')}：${p.approved ? '同意' : '不同意'}。理由：${p.conclusion.note}（${p.conclusion.by}）`,
            ]),
        `财政利益共享${p.approved ? '' : '（申请方案）'}：${sharing(p)}。`,
        p.approved
          ? `经${JOINT}${SISAN}，同意流转。财政利益共享方案已送市财政局组织落实。`
          : `经${JOINT}${SISAN}，不同意流转。`,
      ].join('\n'),
  },
  returned: {
    applicant: (p: { code: string; enterprise: string; seat: string; opinion: string | null }) =>
      `【流转评审】${p.code}「${p.enterprise}」：${p.seat}要求补充材料${p.opinion ? `：${p.opinion}` : '（未写明具体材料，请与该单位联系）'}。请补充后发送：/流转 补充 ${p.code} <说明>（可同时修改 分成= 或 承诺政策=），各评审单位将重新评审。`,
    reviewers: (p: { code: string; enterprise: string; seat: string }) =>
      `【流转评审】${p.code}「${p.enterprise}」已因${p.seat}要求补充材料退回申请单位。申请单位补充后将重新发起评审，届时此前的意见全部重置，请重新评审。`,
  },
  conclusion: {
    request: (p: { code: string; enterprise: string; dissent: string[]; votes: VoteLine[] }) =>
      [
        `【流转评审待结论】${p.code}「${p.enterprise}」四家评审意见已齐，其中${p.dissent.join('、')}不同意：`,
        ...p.votes.map((v) => `- ${v.seat}：${voteText(v)}`),
        `按${ruleRef('R4')}，请市投资促进局作出联合审查结论：/流转 结论 ${p.code} 同意|不同意 <理由>。`,
      ].join('\n'),
    unknownVerdict: refusal(
      'E_INVALID_VALUE',
      (p: { input: string }) =>
        `“${p.input}”不是有效结论，请写 同意 或 不同意，例如：/流转 结论 LZ-2026-0001 不同意 迁入地承诺政策高于承载地。`,
    ),
    reasonRequired: refusal(
      'E_USAGE',
      (p: { code: string }) => `结论须写明理由，请发送：/流转 结论 ${p.code} 同意|不同意 <理由>`,
    ),
    unanimous: refusal(
      'E_STATUS',
      (p: { code: string }) =>
        `现行${ruleRef('R4')}为“一致同意”：四家均同意即通过、任一不同意即不通过，不需要市投资促进局另行作出结论（${p.code}）。`,
    ),
    incomplete: refusal(
      'E_PRECONDITION',
      (p: { code: string; pending: string[] }) =>
        `${p.code} 尚待${p.pending.join('、')}评审，四家意见齐备后方可作出结论${citeRule('R4')}。`,
    ),
    noDissent: refusal(
      'E_STATUS',
      (p: { code: string }) => `${p.code} 本轮意见中没有“不同意”，无需市投资促进局另行作出结论${citeRule('R4')}。`,
    ),
  },
  execution: {
    request: (p: {
      code: string;
      enterprise: string;
      from: string;
      to: string;
      originPct: number;
      destinationPct: number;
      years: number;
    }) =>
      `【财政利益共享待落实】${p.code}「${p.enterprise}」（${p.from} → ${p.to}）流转已经联合审查同意。财政利益共享：${sharing(p)}。完善财政利益共享制度由市财政局牵头${citeClause('附件8')}，请市财政局组织落实，并发送 /流转 执行 ${p.code} <落实情况> 登记。`,
    missing: refusal('E_USAGE', () => '请写明流转编号和落实情况，例如：/流转 执行 LZ-2026-0001 已签订财政分成协议'),
    notApproved: refusal(
      'E_STATUS',
      (p: { code: string; status: string }) =>
        `${p.code} 当前为“${p.status}”，只有经联合审查同意的流转才需要落实财政利益共享。`,
    ),
    recorded: (p: { code: string; units: string[] }) =>
      `已登记 ${p.code} 财政利益共享的落实情况，已通知${p.units.join('、')}。发送 /流转 ${p.code} 查看。`,
    notice: (p: { code: string; enterprise: string; note: string }) =>
      `【财政利益共享落实】${p.code}「${p.enterprise}」：${p.note}（市财政局登记）。`,
  },
  resubmit: {
    missing: refusal('E_USAGE', () => '请写明流转编号和补充说明，例如：/流转 补充 LZ-2026-0001 已补充近三年纳税证明'),
    notApplicant: refusal(
      'E_NOT_MEMBER',
      (p: { code: string; unit: string }) => `只有申请单位（${p.unit}）的招商专员可以为 ${p.code} 补充材料。`,
    ),
    notReturned: refusal(
      'E_STATUS',
      (p: { code: string; status: string }) => `${p.code} 当前为“${p.status}”，没有被退回补充材料，无需补充。`,
    ),
    done: (p: { code: string; round: number; reviewers: string[] }) =>
      `已提交 ${p.code} 的补充材料，第 ${p.round} 轮评审已开始，此前意见已重置，已通知${p.reviewers.join('、')}。`,
  },
  reminder: {
    title: (p: { code: string; days: number }) => `流转评审提醒 ${p.code}（已 ${p.days} 个工作日）`,
    body: (p: {
      code: string;
      enterprise: string;
      from: string;
      to: string;
      days: number;
      submittedAt: string;
      seat: string;
      voted: string[];
    }) =>
      [
        `【流转评审提醒】${p.code}「${p.enterprise}」（${p.from} → ${p.to}）自 ${p.submittedAt} 提交评审已满 ${p.days} 个工作日，${p.seat}尚未评审。`,
        p.voted.length > 0 ? `已评审：${p.voted.join('、')}。` : '其他评审单位也尚未评审。',
        `请发送 /评审 ${p.code} 同意|不同意|补充材料 <意见>，或点击下方按钮。催办时限见${citeRule('R5')}。`,
      ].join('\n'),
  },
  query: {
    notVisible: refusal('E_NOT_MEMBER', (p: { code: string }) => `只有评审单位和迁出地、迁入地可以查看 ${p.code}。`),
    detail: (
      p: CaseFacts & {
        status: TransferStatus;
        round: number;
        votes: VoteLine[];
        warning: PolicyWarning | null;
        supplements: string[];
        decidedAt: string | null;
        conclusion: { by: string; note: string } | null;
        executions: { at: string; note: string }[];
      },
    ) =>
      [
        `### ${p.code} 存量项目流转`,
        `- 状态：**${TRANSFER_STATUS_LABELS[p.status]}**${p.round > 1 ? `（第 ${p.round} 轮评审）` : ''}${p.decidedAt ? `，${p.decidedAt}` : ''}`,
        ...caseBody(p),
        ...p.supplements.map((s) => `- 补充材料：${s}`),
        `- 本轮评审：`,
        ...p.votes.map((v) => `  - ${v.seat}：${voteText(v)}`),
        ...(p.conclusion === null ? [] : [`- 市投资促进局结论：${p.conclusion.note}（${p.conclusion.by}）`]),
        ...(p.status === 'APPROVED'
          ? p.executions.length === 0
            ? ['- 财政利益共享落实：市财政局尚未登记']
            : ['- 财政利益共享落实（市财政局登记）：', ...p.executions.map((e) => `  - ${e.at} ${e.note}`)]
          : []),
        ...warningLines(p.warning),
      ].join('\n'),
    listTitle: () => '存量项目流转',
    list: (p: { heading: string; lines: string[] }) =>
      [`### ${p.heading}`, '', ...(p.lines.length > 0 ? p.lines : ['暂无。']), '', '查看详情：/流转 <编号>'].join('\n'),
    reviewerHeading: () => '评审中的流转申请',
    unitHeading: (p: { unit: string }) => `${p.unit}的流转申请`,
    line: (p: { code: string; enterprise: string; from: string; to: string; status: string; pending: string[] }) =>
      `- ${p.code} ${p.enterprise}（${p.from} → ${p.to}）：${p.status}${p.pending.length > 0 ? `，待 ${p.pending.join('、')} 评审` : ''}`,
    usage: refusal(
      'E_USAGE',
      () =>
        '用法：/流转 <编号> 查看详情；/流转 企业=… 迁出=… 迁入=… 理由=… 分成=…% /…年 申请；/流转 补充 <编号> <说明> 补充材料。',
    ),
  },
};

// ---------------------------------------------------------------------------------------------
// Renderers: the /流转 and /评审 replies and notices, from the outcomes of src/services/transfers.ts.

const m = marked(transferMessages);
const describeR4 = (value: string) => ruleMessages.describe('R4', value);

export function renderTransferApplied(outcome: TransferAppliedOutcome): Message {
  const { code, enterprise, chain, from, to, reviewers, chainFrom } = outcome;
  const lines = [
    m.apply.accepted({ code, enterprise, chain, from, to, reviewers, chainFrom, rule: describeR4(outcome.r4) }),
    ...(outcome.finding === null ? [] : [m.apply.warned({ finding: outcome.finding })]),
    m.apply.nextStep({ code }),
  ];
  return { kind: 'markdown', title: m.card.title({ code }), markdown: lines.join('\n\n') };
}

/** The reply that closes a round: IPB's conclusion, or the vote that completed the four opinions. */
function decidedReply(kind: 'APPROVED' | 'REJECTED', code: string): string {
  return kind === 'APPROVED' ? m.vote.approvedReply({ code }) : m.vote.rejectedReply({ code });
}

export function renderTransferVote(outcome: TransferVoteOutcome): string {
  const { code, kind } = outcome;
  const recorded = m.vote.recorded({
    code,
    seat: outcome.seat,
    verdict: outcome.verdict,
    replaced: outcome.replaced,
    pending: outcome.pending,
  });
  switch (kind) {
    case 'PENDING':
      return recorded;
    case 'APPROVED':
    case 'REJECTED':
      return `${recorded}\n${decidedReply(kind, code)}`;
    case 'AWAITING_CONCLUSION':
      return `${recorded}\n${m.vote.awaitingReply({ code, dissent: outcome.dissent })}`;
    case 'RETURNED':
      return `${recorded}\n${m.vote.returnedReply({ code })}`;
  }
}

export function renderTransferConcluded(outcome: TransferConcludedOutcome): string {
  return decidedReply(outcome.kind, outcome.code);
}

export function renderTransferExecution(outcome: TransferExecutionOutcome): string {
  return m.execution.recorded({ code: outcome.code, units: outcome.units });
}

export function renderTransferResubmitted(outcome: TransferResubmittedOutcome): string {
  return m.resubmit.done({ code: outcome.code, round: outcome.round, reviewers: outcome.reviewers });
}

export function renderTransferDetail(outcome: TransferDetailOutcome): Message {
  const markdown = m.query.detail({
    ...outcome.facts,
    status: outcome.status,
    round: outcome.round,
    votes: outcome.votes,
    warning: outcome.warning,
    supplements: outcome.supplements.map((s) => `${s.note}（${formatDateTime(s.at)}）`),
    decidedAt: outcome.decidedAt === null ? null : formatDateTime(outcome.decidedAt),
    conclusion: outcome.conclusion,
    executions: outcome.executions.map((e) => ({ at: formatDateTime(e.at), note: e.note })),
  });
  return { kind: 'markdown', title: outcome.facts.code, markdown };
}

export function renderTransferList(outcome: TransferListOutcome): Message {
  const lines = outcome.cases.map((c) =>
    m.query.line({
      code: c.code,
      enterprise: c.enterprise,
      from: c.from,
      to: c.to,
      status: TRANSFER_STATUS_LABELS[c.status],
      pending: c.pending,
    }),
  );
  const heading = outcome.unit === null ? m.query.reviewerHeading() : m.query.unitHeading({ unit: outcome.unit });
  return { kind: 'markdown', title: m.query.listTitle(), markdown: m.query.list({ heading, lines }) };
}

/** The three buttons of a review card; each value is exactly the command a reviewer would type. */
function reviewButtons(code: string): CardButton[] {
  return [
    buttonFor(VOTE_WORDS, [code, VERDICT_LABELS.APPROVE], m.card.approve()),
    buttonFor(VOTE_WORDS, [code, VERDICT_LABELS.REJECT], m.card.reject()),
    buttonFor(VOTE_WORDS, [code, VERDICT_LABELS.MORE_INFO], m.card.moreInfo()),
  ];
}

/** To a seat that has not voted after the working days of rule R5: the case again, with its buttons. */
export function reviewReminderCard(p: {
  code: string;
  enterprise: string;
  from: string;
  to: string;
  days: number;
  submittedAt: Date;
  seat: string;
  voted: string[];
}): Message {
  const markdown = m.reminder.body({ ...p, submittedAt: formatDateTime(p.submittedAt) });
  const title = m.reminder.title({ code: p.code, days: p.days });
  return { kind: 'card', title, markdown, buttons: reviewButtons(p.code) };
}

/**
 * To each reviewing seat: the case to review, with its buttons. `r4` is rule R4's value; `outsideHosts`
 * names the chain's host units when the destination is not one of them.
 */
export function reviewCard(
  p: CaseFacts & {
    round: number;
    warning: PolicyWarning | null;
    supplement: string | null;
    reviewers: string[];
    r4: string;
    reminderDays: number[];
    outsideHosts: string[] | null;
  },
): Message {
  const { round, r4, ...facts } = p;
  const title = round > 1 ? m.card.resubmittedTitle({ code: p.code, round }) : m.card.title({ code: p.code });
  const markdown = m.card.body({ ...facts, rule: describeR4(r4) });
  return { kind: 'card', title, markdown, buttons: reviewButtons(p.code) };
}

/** To the other party of the move: a case was opened. */
export function transferCounterpartNotice(p: {
  code: string;
  enterprise: string;
  chain: string;
  from: string;
  to: string;
  applicantUnit: string;
}): string {
  return m.apply.counterpart(p);
}

/** To IPB: the four opinions include a dissent and R4 leaves the conclusion to IPB. */
export function conclusionRequestNotice(p: {
  code: string;
  enterprise: string;
  dissent: string[];
  votes: VoteLine[];
}): string {
  return m.conclusion.request(p);
}

/** To the applicant and its unit: a seat asked for more material. */
export function returnedApplicantNotice(p: {
  code: string;
  enterprise: string;
  seat: string;
  opinion: string | null;
}): string {
  return m.returned.applicant(p);
}

/** To the other reviewing seats: the case went back for material. */
export function returnedReviewersNotice(p: { code: string; enterprise: string; seat: string }): string {
  return m.returned.reviewers(p);
}

/** To the applicant, both units and the city group: the joint conclusion with the votes and sharing. */
export function transferOutcomeNotice(p: Parameters<typeof transferMessages.outcome.body>[0]): Message {
  const title = m.outcome.title({ code: p.code, approved: p.approved });
  return { kind: 'markdown', title, markdown: m.outcome.body(p) };
}

/** To 市财政局: an approved transfer's benefit sharing to carry out. */
export function executionRequestNotice(p: {
  code: string;
  enterprise: string;
  from: string;
  to: string;
  originPct: number;
  destinationPct: number;
  years: number;
}): string {
  return m.execution.request(p);
}

/** To the origin and destination: how 市财政局 carried out the sharing. */
export function executionNotice(p: { code: string; enterprise: string; note: string }): string {
  return m.execution.notice(p);
}
