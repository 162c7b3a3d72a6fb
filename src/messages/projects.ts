/** Chinese text of the 首报首谈 flows (policy 四(一), 三(一); DESIGN §4). */

import { buttonFor } from '../app/buttons.ts';
import type { Message } from '../app/receiver.ts';
import { markUserText } from '../app/user-text.ts';
import { formatWan } from '../domain/parsing/amount.ts';
import type { ReportProblem } from '../domain/projects/report.ts';
import { STATUS_LABELS, type ProjectStatus } from '../domain/projects/status.ts';
import type {
  ConsultationOutcome,
  DenialOutcome,
  GrantOutcome,
  InvestorCheckOutcome,
  ProgressOutcome,
  ProjectListLine,
  ProjectListOutcome,
  ProjectReportedOutcome,
  ProjectViewOutcome,
  RenewalOutcome,
  RivalClaim,
  ViolationOutcome,
} from '../services/projects.ts';
import { citeClause, citeRule, clauseRef, ruleRef } from './citation.ts';
import { REVIEW_WORDS } from './command-words.ts';
import { formatDateTime, formatPeriodEnd } from './format.ts';
import { refusal } from './refusal.ts';
import { marked } from './user-values.ts';

const SIYI = citeClause('四(一)');
const SANYI = citeClause('三(一)');
const NO_INTERFERENCE = '其他区、县（市）和平台不得进行项目洽谈或干扰谈判';

/** A period's days left after today; on its last day, says so (a period ends on a date). */
export const daysLeftText = (days: number) => (days > 0 ? `还剩 ${days} 天` : '今天是最后一天');

const FIELD_LABELS: Record<string, string> = {
  name: '项目（项目名称）',
  investor: '投资方',
  code: '信用代码',
  chain: '产业链',
  amount: '投资额',
  intent: '意向（意向依据）',
  site: '选址',
  contact: '联系人',
};

const AMOUNT_PROBLEMS: Record<string, string> = {
  empty: '没有填写',
  'not-a-number': '无法识别',
  negative: '不能为负数',
  'too-small': '必须大于 0',
  'too-large': '超过 10 万亿元，请核对',
  fraction: '须为整万元',
};

export const REPORT_EXAMPLE =
  '/首报 项目=新能源电池基地 投资方=杭州某某科技有限公司 产业链=新能源汽车 投资额=5亿 意向=签订意向书';

export const projectMessages = {
  /** Labels of this feature's audit actions (for /审计). */
  actions: {
    'project.report': '首报',
    'project.consult': '记录投资方意见',
    'project.grant': '赋予排他性首谈资格',
    'project.deny': '驳回首报',
    'project.conflict': '记为冲突',
    'project.renew': '延长首谈期',
    'project.expire': '首谈期满',
    'project.progress': '登记进展',
    'project.violation': '记录违规',
  } as Record<string, string>,
  fieldLabel: (field: string) => FIELD_LABELS[field] ?? field,
  report: {
    missing: (p: { field: string }) => `缺少「${FIELD_LABELS[p.field] ?? p.field}」`,
    tooLong: (p: { field: string; max: number }) => `「${FIELD_LABELS[p.field] ?? p.field}」太长（不超过 ${p.max} 字）`,
    unknownChain: (p: { input: string; chains: string[] }) =>
      `产业链「${p.input}」不在《布局导引》中。可选：${p.chains.join('、')}`,
    ambiguousChain: (p: { input: string; candidates: string[] }) =>
      `产业链「${p.input}」对应多个：${p.candidates.join('、')}，请写全称`,
    amount: (p: { input: string; code: string }) =>
      `投资额「${p.input}」${AMOUNT_PROBLEMS[p.code] ?? '无法识别'}，可写 5亿、5.2亿元、3000万`,
    unknownIntent: (p: { input: string }) =>
      `意向「${p.input}」无法识别，请写 签订意向书、实地考察、多轮洽谈 或 其他：<说明>（制度要求“有明确意向”）`,
    intentNoteMissing: () => '意向为“其他”时请写明说明，例如 意向=其他：已签保密协议',
    creditLength: (p: { length: number }) => `统一社会信用代码应为 18 位，您填写的是 ${p.length} 位`,
    creditChars: (p: { chars: string[] }) =>
      `统一社会信用代码含有不允许的字符：${p.chars.join(' ')}（GB 32100-2015 不使用 I、O、Z、S、V）`,
    creditCheck: (p: { code: string }) =>
      `统一社会信用代码 ${p.code} 的校验位不符。部分早期合法代码也会如此，请与营业执照核对；确认无误请在原命令末尾加上 确认代码=是 重新发送`,
    problems: refusal('E_INVALID_VALUE', (p: { lines: string[] }) =>
      ['首报未成功，请修改以下问题后重新发送：', ...p.lines, `示例：${REPORT_EXAMPLE}`].join('\n'),
    ),
    noUnit: refusal(
      'E_NO_UNIT',
      () => '您的账号还没有绑定单位，无法首报。请联系系统管理员：/角色 授予 <您> REPORTER <单位>。',
    ),
    noGuide: refusal(
      'E_PRECONDITION',
      () => '《布局导引》尚未发布，暂时无法首报。请联系市投资促进局发布（/布局导引 导入）。',
    ),
    ownDuplicate: refusal(
      'E_DUPLICATE',
      (p: { code: string }) =>
        `本单位已报备过该投资方的同一产业链项目 ${p.code}，无需重复首报。发送 /项目 ${p.code} 查看进度。`,
    ),
    accepted: (p: { code: string; name: string; investor: string; chain: string; amount: string; unit: string }) =>
      `首报成功：**${p.code}**\n${p.name}｜${p.investor}｜${p.chain}｜${p.amount}｜${p.unit}`,
    conforms: () => `布局导引：符合${SIYI}。`,
    notConforming: (p: { chain: string; hosts: string[] }) =>
      `布局导引：「${p.chain}」的承载地为 ${p.hosts.join('、') || '（暂无）'}，本单位不在其中，该项目不能获得排他性首谈资格${SIYI}，也不得给予市级产业政策支持${SANYI}。`,
    creditUnverified: () => '信用代码校验位不符，已按您的确认原样登记。',
    heldBy: (p: {
      holder: string;
      code: string;
      status: 'EXCLUSIVE' | 'SIGNED' | 'CITY_LED' | string;
      until: string | null;
    }) =>
      `⚠️ 该投资方的本产业链项目${
        p.status === 'SIGNED'
          ? `已由${p.holder}持有并已签约（${p.code}）`
          : p.status === 'CITY_LED'
            ? `正由市级主谈（${p.code}，${p.holder}报备）`
            : `已由${p.holder}取得排他性首谈资格（${p.code}${p.until ? `，至 ${p.until}` : ''}）`
      }。本报备记为“冲突”，${NO_INTERFERENCE}${SIYI}。市投资促进局已收到提示。`,
    pendingEarlier: (p: { units: string[]; earlierFirst: boolean }) =>
      `注意：${p.units.join('、')}已先行报备该投资方，市投资促进局将征求投资方意见后一并审核${SIYI}${p.earlierFirst ? `；在先报备的先审核${citeRule('R3')}` : ''}。`,
    related: (p: { count: number }) => `提示：该投资方在其他产业链另有 ${p.count} 个在办项目，已告知市投资促进局。`,
    nextStep: (p: { code: string }) => `下一步：市投资促进局征求投资方意见后审核。发送 /项目 ${p.code} 查看进度。`,
    nextStepConflict: (p: { code: string }) =>
      `下一步：请停止与该投资方洽谈；如有异议请联系市投资促进局。发送 /项目 ${p.code} 查看详情。`,
  },
  card: {
    title: (p: { code: string }) => `新首报 ${p.code}`,
    body: (p: {
      code: string;
      name: string;
      investor: string;
      creditCode: string | null;
      chain: string;
      amount: string;
      unit: string;
      intent: string;
      conforms: boolean;
      hosts: string[];
      reportedAt: string;
    }) =>
      [
        `**${p.code}** ${p.name}`,
        `- 投资方：${p.investor}${p.creditCode ? `（${p.creditCode}）` : ''}`,
        `- 产业链：${p.chain}｜投资额：${p.amount}`,
        `- 报备单位：${p.unit}｜报备时间：${p.reportedAt}`,
        `- 意向依据：${p.intent}`,
        `- 布局导引：${p.conforms ? '符合' : `不符合（承载地：${p.hosts.join('、') || '暂无'}）`}`,
      ].join('\n'),
    rivals: (p: { lines: string[]; earlierFirst: boolean }) =>
      `\n**同一投资方、同一产业链的其他报备**${p.earlierFirst ? `（在先报备的先审核${citeRule('R3')}）` : ''}\n${p.lines.join('\n')}`,
    heldRival: (p: { lines: string[] }) => `\n**冲突：该投资方已被其他单位持有**\n${p.lines.join('\n')}`,
    related: (p: { lines: string[] }) => `\n**相关（其他产业链）**\n${p.lines.join('\n')}`,
    unitViolations: (p: { unit: string; lines: string[] }) =>
      `\n⚠️ **${p.unit}的首报首谈违规记录（${p.lines.length} 起）**\n${p.lines.join('\n')}`,
    violationLine: (p: { code: string; description: string; at: string }) => `- ${p.code}：${p.description}（${p.at}）`,
    rivalLine: (p: { code: string; unit: string; status: string; reportedAt: string }) =>
      `- ${p.code} ${p.unit}（${p.status}，${p.reportedAt} 报备）`,
    nextStep: (p: { code: string }) => `\n先 /征询 ${p.code} <投资方意见>，再审核。`,
    grant: () => '通过',
    deny: () => '驳回',
    details: () => '详情',
  },
  consult: {
    recorded: (p: { code: string }) =>
      `已记录 ${p.code} 的投资方意见（${clauseRef('四(一)')}：“经征求意向投资者的意见建议后”）。下一步：/审核 ${p.code} 通过 或 /审核 ${p.code} 驳回 <理由>。`,
    missing: refusal('E_USAGE', () => '请写明项目编号和投资方意见。'),
  },
  review: {
    missing: () => '请写明项目编号和审核结论（通过或驳回）。',
    unknownVerdict: refusal(
      'E_INVALID_VALUE',
      (p: { input: string }) => `“${p.input}”不是有效结论，请写“通过”或“驳回”。`,
    ),
    reasonRequired: refusal('E_USAGE', (p: { code: string }) => `驳回须写明理由，请发送：/审核 ${p.code} 驳回 <理由>`),
    badDays: refusal(
      'E_INVALID_VALUE',
      (p: { input: string; max: number }) => `期限“${p.input}”无效，请写 1 到 ${p.max} 之间的天数，例如 期限=180。`,
    ),
    granted: (p: { code: string; unit: string; until: string; days: number; defaultDays: boolean; version: string }) =>
      `已赋予 ${p.code}（${p.unit}）排他性首谈资格，至 ${p.until}（${p.days} 天${p.defaultDays ? `，制度未规定期限，按${ruleRef('R1')}` : ''}；布局导引 ${p.version}）。已通知持有单位和全市招商协调群。`,
    closedRivals: (p: { codes: string[] }) => `同一投资方的其他报备 ${p.codes.join('、')} 已记为“冲突”并通知相关单位。`,
    denied: (p: { code: string }) => `已驳回 ${p.code}，已通知报备单位。`,
  },
  renew: {
    missing: () => '请写明项目编号和续期天数。',
    renewed: (p: { code: string; until: string }) =>
      `已将 ${p.code} 的首谈期延长至 ${p.until}，已通知持有单位和全市招商协调群。`,
  },
  progress: {
    missing: () => '请写明项目编号和进展（签约、落地或终止）。',
    unknownStage: refusal(
      'E_INVALID_VALUE',
      (p: { input: string }) => `“${p.input}”不是有效进展，请写 签约、落地 或 终止。`,
    ),
    notHolder: refusal('E_NOT_HOLDER', (p: { code: string }) => `只有 ${p.code} 的报备单位可以登记进展。`),
    recorded: (p: { code: string; status: string }) => `已登记 ${p.code} 进展，当前状态：${p.status}。`,
  },
  violation: {
    missing: refusal('E_USAGE', () => '请写明项目编号、违规单位和说明。'),
    notIntroducedBy: refusal(
      'E_NOT_HOLDER',
      (p: { code: string; reporter: string; unit: string }) =>
        `${p.code} 是${p.reporter}报备的项目，不是${p.unit}引进的项目。违规的后果落在违规单位引进的项目上${SIYI}，请写${p.unit}自己报备的该项目编号（发送 /查重 <投资方> 查找）。`,
    ),
    recorded: (p: { code: string; name: string; unit: string }) =>
      `已记录${p.unit}引进的 ${p.code}「${p.name}」违反首报首谈规定${SIYI}：该项目不得享受市级层面政策支持，其一事一议、能耗和用地申请将被拒绝；已通知该单位、市财政局和全市招商协调群。`,
  },
  refusals: {
    unknownProject: refusal(
      'E_NOT_FOUND',
      (p: { input: string }) => `没有找到项目“${p.input}”。编号形如 ZS-2026-0001；发送 /项目 查看本单位项目。`,
    ),
    notPending: refusal(
      'E_ALREADY_DECIDED',
      (p: { code: string; status: string }) => `${p.code} 当前为“${p.status}”，不能执行此操作。`,
    ),
    conflict: refusal(
      'E_CONFLICT',
      (p: { code: string }) =>
        `${p.code} 为“冲突”状态：该投资方已由其他单位持有首谈资格，${NO_INTERFERENCE}${SIYI}；本报备不能登记进展或获得审核。`,
    ),
    notConsulted: refusal(
      'E_PRECONDITION',
      (p: { code: string }) =>
        `${p.code} 尚未记录投资方意见。须“经征求意向投资者的意见建议后”方可赋予首谈资格${SIYI}。请先发送 /征询 ${p.code} <意见>。`,
    ),
    notConforming: refusal(
      'E_NOT_HOST',
      (p: { code: string; chain: string; hosts: string[] }) =>
        `${p.code} 的产业链「${p.chain}」不在报备单位的布局范围内（承载地：${p.hosts.join('、') || '暂无'}），不能赋予排他性首谈资格${SIYI}，且不得给予市级产业政策支持${SANYI}。`,
    ),
    earlierPending: refusal(
      'E_PRECONDITION',
      (p: { code: string; earlier: string[] }) =>
        `${p.earlier.join('、')} 报备在先，须先审核${citeRule('R3')}。如需赋予 ${p.code}，请先驳回在先报备。`,
    ),
    notExclusive: refusal(
      'E_STATUS',
      (p: { code: string; status: string }) => `${p.code} 当前为“${p.status}”，不在首谈期内。`,
    ),
    progressOrder: refusal(
      'E_STATUS',
      (p: { code: string; status: string }) =>
        `${p.code} 当前为“${p.status}”，进展须按 签约 → 落地 的顺序登记（终止可在签约前后登记）。`,
    ),
    closed: refusal(
      'E_STATUS',
      (p: { code: string; status: string }) => `${p.code} 已是“${p.status}”，不能再登记进展。`,
    ),
    heldElsewhere: refusal(
      'E_CONFLICT',
      (p: { code: string }) =>
        `${p.code} 的首谈期已满，该投资方现已由其他单位持有，本单位不能再登记签约${SIYI}。如有异议请联系市投资促进局。`,
    ),
    cityLed: refusal(
      'E_CITY_LED',
      (p: { code: string }) => `${p.code} 正由市级主谈${citeClause('四(二)')}，区县不能登记进展；请联系市投资促进局。`,
    ),
  },
  notices: {
    granted: (p: { code: string; name: string; investor: string; chain: string; unit: string; until: string }) =>
      `【首谈资格】${p.unit}报备的 ${p.code}「${p.name}」（投资方：${p.investor}，产业链：${p.chain}）已获排他性首谈资格，至 ${p.until}。${NO_INTERFERENCE}${SIYI}。`,
    denied: (p: { code: string; name: string; reason: string }) =>
      `【首报审核】${p.code}「${p.name}」未通过审核。理由：${p.reason}。如有新情况可补充材料后重新首报。`,
    closedAsConflict: (p: { code: string; winner: string; unit: string }) =>
      `【首报审核】${p.code} 已记为“冲突”：同一投资方同一产业链的 ${p.winner}（${p.unit}）已获排他性首谈资格。请停止洽谈，${NO_INTERFERENCE}${SIYI}。`,
    conflictReported: (p: { code: string; unit: string; holderCode: string; holder: string }) =>
      `【冲突提示】${p.unit}首报的 ${p.code} 与${p.holder}持有的 ${p.holderCode} 为同一投资方、同一产业链，已记为“冲突”。`,
    reminder: (p: { code: string; name: string; days: number; until: string }) =>
      `【首谈期提醒】${p.code}「${p.name}」的排他性首谈期至 ${p.until}（${daysLeftText(p.days)}）。如需延长请联系市投资促进局（/续期）；已签约请登记 /进展 ${p.code} 签约${citeRule('R2')}。`,
    reminderIpb: (p: { code: string; name: string; unit: string; days: number; until: string }) =>
      `【首谈期提醒】${p.unit}持有的 ${p.code}「${p.name}」排他性首谈期至 ${p.until}（${daysLeftText(p.days)}）。如需延长：/续期 ${p.code} <天数>${citeRule('R2')}。`,
    expiredHolder: (p: { code: string; name: string }) =>
      `【首谈期满】${p.code}「${p.name}」的排他性首谈期已满，资格已失效。`,
    expiredCity: (p: { code: string; investor: string; chain: string; unit: string }) =>
      `【首谈期满】${p.unit}持有的 ${p.code}（投资方：${p.investor}，产业链：${p.chain}）首谈期已满，该投资方重新开放，各地可依规首报。`,
    renewed: (p: { code: string; name: string; unit: string; until: string }) =>
      `【首谈期延长】${p.unit}的 ${p.code}「${p.name}」首谈期延长至 ${p.until}，${NO_INTERFERENCE}${SIYI}。`,
    progress: (p: { code: string; name: string; unit: string; stage: string; note: string | null }) =>
      `【项目进展】${p.unit}的 ${p.code}「${p.name}」：${p.stage}${p.note ? `（${p.note}）` : ''}。`,
    violationUnit: (p: { code: string; name: string; investor: string; unit: string; description: string }) =>
      `【违规通报】${p.unit}引进的 ${p.code}「${p.name}」（投资方：${p.investor}）违反首报首谈规定：${p.description}。该项目不得享受市级层面政策支持，且该项目的税收地方留成部分由市财政局收归市级所有${SIYI}。`,
    violationFinance: (p: { code: string; name: string; investor: string; unit: string }) =>
      `【税收留成收归】${p.unit}引进的 ${p.code}「${p.name}」（投资方：${p.investor}）违反首报首谈规定，该项目的税收地方留成部分由市财政局收归市级所有${SIYI}。请市财政局办理。`,
    /** A refusal of city-level support (一事一议, 能耗, 用地) for a project with a violation on record. */
    violationRefusal: refusal(
      'E_VIOLATION',
      (p: { code: string; unit: string; description: string }) =>
        `${p.code} 有首报首谈违规记录（${p.unit}：${p.description}），不得享受市级层面政策支持${SIYI}，不能申请。`,
    ),
  },
  query: {
    detail: (p: { lines: string[] }) => p.lines.join('\n'),
    limited: (p: { code: string; chain: string; status: string; unit: string; until: string | null }) =>
      `${p.code}｜${p.chain}｜${p.status}｜持有/报备单位：${p.unit}${p.until ? `｜首谈期至 ${p.until}` : ''}\n（项目详情仅对报备单位和市投资促进局可见）`,
    listTitle: (p: { unit: string }) => `### ${p.unit}的项目`,
    pendingTitle: () => '### 待审核的首报',
    listLine: (p: { code: string; name: string; status: string; extra: string }) =>
      `- **${p.code}** ${p.name}｜${p.status}${p.extra}`,
    daysLeft: (p: { days: number }) => `｜${daysLeftText(p.days)}`,
    none: () => `暂无项目。首报请发送：${REPORT_EXAMPLE}`,
    noUnit: refusal('E_NO_UNIT', () => '您的账号没有绑定单位；请发送 /项目 <编号> 查询具体项目。'),
    checkMissing: refusal('E_USAGE', () => '请写明投资方名称或统一社会信用代码，例如：/查重 杭州某某科技有限公司'),
    checkFree: (p: { investor: string }) => `未发现“${p.investor}”的在办首报，可以依规首报${SIYI}。`,
    checkHeld: (p: { lines: string[] }) => `该投资方已有在办项目：\n${p.lines.join('\n')}\n${NO_INTERFERENCE}${SIYI}。`,
    checkLine: (p: { unit: string; chain: string; status: string }) => `- ${p.unit}｜${p.chain}｜${p.status}`,
    checkLineFull: (p: { code: string; unit: string; chain: string; status: string; until: string | null }) =>
      `- ${p.code}｜${p.unit}｜${p.chain}｜${p.status}${p.until ? `｜至 ${p.until}` : ''}`,
  },
} as const;

// ---------------------------------------------------------------------------------------------
// Renderers: the 首报首谈 replies and notices, from the outcomes of src/services/projects.ts.

const w = marked(projectMessages);
const statusLabel = (status: ProjectStatus) => STATUS_LABELS[status];
const periodEnd = (until: Date | null) => (until === null ? null : formatPeriodEnd(until));
const when = (date: Date | null) => (date ? formatDateTime(date) : '');

/** The numbered problems of a /首报 (or a city-led new project) that did not validate. */
export function reportProblemLines(problems: readonly ReportProblem[], chains: readonly string[]): string[] {
  return problems.map((p, i) => `${i + 1}. ${reportProblemText(p, chains)}`);
}

function reportProblemText(problem: ReportProblem, chains: readonly string[]): string {
  switch (problem.kind) {
    case 'missing':
      return w.report.missing({ field: problem.field });
    case 'too-long':
      return w.report.tooLong({ field: problem.field, max: problem.max });
    case 'unknown-chain':
      return w.report.unknownChain({ input: problem.input, chains: [...chains] });
    case 'ambiguous-chain':
      return w.report.ambiguousChain({ input: problem.input, candidates: problem.candidates });
    case 'amount':
      return w.report.amount({ input: problem.input, code: problem.code });
    case 'unknown-intent':
      return w.report.unknownIntent({ input: problem.input });
    case 'intent-note-missing':
      return w.report.intentNoteMissing();
    case 'credit-length':
      return w.report.creditLength({ length: problem.length });
    case 'credit-chars':
      return w.report.creditChars({ chars: problem.chars });
    case 'credit-check-unconfirmed':
      return w.report.creditCheck({ code: problem.code });
  }
}

const intentText = (intent: string, note: string | null) => (note ? `${intent}：${note}` : intent);

export function renderProjectReported(outcome: ProjectReportedOutcome): Message {
  const { code, chain, unit } = outcome;
  const lines = [
    w.report.accepted({
      code,
      name: outcome.name,
      investor: outcome.investor,
      chain,
      amount: formatWan(outcome.amountWan),
      unit,
    }),
    outcome.conforms ? w.report.conforms() : w.report.notConforming({ chain, hosts: outcome.hosts }),
    ...(outcome.creditCodeUnverified ? [w.report.creditUnverified()] : []),
  ];
  const holder = outcome.held[0];
  if (holder) {
    const until = holder.status === 'EXCLUSIVE' ? periodEnd(holder.exclusiveUntil) : null;
    lines.push(w.report.heldBy({ holder: holder.unit, code: holder.code, status: holder.status, until }));
  }
  if (outcome.pendingEarlier.length > 0) {
    const units = [...new Set(outcome.pendingEarlier.map((c) => c.unit))];
    lines.push(w.report.pendingEarlier({ units, earlierFirst: outcome.earlierFirst }));
  }
  if (outcome.related.length > 0) lines.push(w.report.related({ count: outcome.related.length }));
  lines.push(outcome.status === 'CONFLICT' ? w.report.nextStepConflict({ code }) : w.report.nextStep({ code }));
  return { kind: 'markdown', title: w.card.title({ code }), markdown: lines.join('\n\n') };
}

/** To IPB: the new report, with rival claims and the unit's violations; a card to review unless it is a conflict. */
export function projectReportNotice(outcome: ProjectReportedOutcome): Message {
  const { code } = outcome;
  const rivalLine = (c: RivalClaim) =>
    w.card.rivalLine({
      code: c.code,
      unit: c.unit,
      status: statusLabel(c.status),
      reportedAt: formatDateTime(c.reportedAt),
    });
  const body = [
    w.card.body({
      code,
      name: outcome.name,
      investor: outcome.investor,
      creditCode: outcome.creditCode,
      chain: outcome.chain,
      amount: formatWan(outcome.amountWan),
      unit: outcome.unit,
      intent: intentText(outcome.intent, outcome.intentNote),
      conforms: outcome.conforms,
      hosts: outcome.hosts,
      reportedAt: formatDateTime(outcome.reportedAt),
    }),
    ...(outcome.held.length > 0 ? [w.card.heldRival({ lines: outcome.held.map(rivalLine) })] : []),
    ...(outcome.pendingEarlier.length > 0
      ? [w.card.rivals({ lines: outcome.pendingEarlier.map(rivalLine), earlierFirst: outcome.earlierFirst })]
      : []),
    ...(outcome.related.length > 0 ? [w.card.related({ lines: outcome.related.map(rivalLine) })] : []),
  ];
  // IPB reviews a unit that broke 首报首谈 before with that record in view (DESIGN §4.5).
  if (outcome.unitViolations.length > 0) {
    const lines = outcome.unitViolations.map((v) =>
      w.card.violationLine({ code: v.code, description: v.description, at: formatDateTime(v.recordedAt) }),
    );
    body.push(w.card.unitViolations({ unit: outcome.unit, lines }));
  }
  const title = w.card.title({ code });
  const holder = outcome.held[0];
  if (outcome.status === 'CONFLICT' && holder) {
    const conflict = w.notices.conflictReported({
      code,
      unit: outcome.unit,
      holderCode: holder.code,
      holder: holder.unit,
    });
    return { kind: 'markdown', title, markdown: [conflict, ...body].join('\n') };
  }
  return {
    kind: 'card',
    title,
    markdown: [...body, w.card.nextStep({ code })].join('\n'),
    buttons: [
      buttonFor(REVIEW_WORDS, [code, REVIEW_WORDS.verbs.grant[0]], w.card.grant()),
      buttonFor(REVIEW_WORDS, [code, REVIEW_WORDS.verbs.deny[0]], w.card.deny()),
    ],
  };
}

export function renderConsultation(outcome: ConsultationOutcome): string {
  return w.consult.recorded({ code: outcome.code });
}

export function renderGrant(outcome: GrantOutcome): string {
  const reply = w.review.granted({
    code: outcome.code,
    unit: outcome.unit,
    until: formatPeriodEnd(outcome.until),
    days: outcome.days,
    defaultDays: outcome.defaultDays,
    version: `${outcome.guide.year} 年第 ${outcome.guide.version} 版`,
  });
  return outcome.closedRivals.length > 0
    ? `${reply}\n${w.review.closedRivals({ codes: outcome.closedRivals })}`
    : reply;
}

export function renderDenial(outcome: DenialOutcome): string {
  return w.review.denied({ code: outcome.code });
}

export function renderRenewal(outcome: RenewalOutcome): string {
  return w.renew.renewed({ code: outcome.code, until: formatPeriodEnd(outcome.until) });
}

export function renderProgress(outcome: ProgressOutcome): string {
  return w.progress.recorded({ code: outcome.code, status: statusLabel(outcome.status) });
}

export function renderViolation(outcome: ViolationOutcome): string {
  return w.violation.recorded({ code: outcome.code, name: outcome.name, unit: outcome.unit });
}

export function renderProjectView(outcome: ProjectViewOutcome): Message {
  if (outcome.kind === 'limited') {
    const { code, chain, unit } = outcome;
    return {
      kind: 'text',
      text: w.query.limited({
        code,
        chain,
        status: statusLabel(outcome.status),
        unit,
        until: periodEnd(outcome.until),
      }),
    };
  }
  const p = outcome.project;
  // What officers typed (names, notes, reasons) is marked so each platform's encoder makes it inert.
  const typed = (value: string) => markUserText(value);
  const typedLines = (value: string) => markUserText(value, true);
  const period =
    p.exclusiveUntil && p.daysLeft !== null
      ? `，首谈期至 ${formatPeriodEnd(p.exclusiveUntil)}（${daysLeftText(p.daysLeft)}）`
      : '';
  const credit = p.creditCode ? `（${p.creditCode}${p.creditCodeUnverified ? '，校验位不符，经报备人确认' : ''}）` : '';
  const lines = [
    `### ${p.code} ${typed(p.name)}`,
    `- 状态：**${statusLabel(p.status)}**${period}${p.statusNote ? `（因 ${p.statusNote}）` : ''}`,
    `- 投资方：${typed(p.investor)}${credit}`,
    `- 产业链：${p.chain}｜投资额：${formatWan(p.amountWan)}`,
    `- 报备单位：${p.unit}｜报备时间：${formatDateTime(p.reportedAt)}`,
    `- 意向依据：${intentText(p.intent, p.intentNote === null ? null : typedLines(p.intentNote))}`,
    ...(p.site ? [`- 拟选址：${typed(p.site)}`] : []),
    ...(p.contact ? [`- 联系人：${typed(p.contact)}`] : []),
    `- 布局导引：${p.conforms ? '符合' : '不符合'}`,
    ...(p.consultation ? [`- 投资方意见：${typedLines(p.consultation.opinion)}（${when(p.consultation.at)}）`] : []),
    ...(p.decisionReason ? [`- 驳回理由：${typedLines(p.decisionReason)}`] : []),
    ...p.progress.map((e) => `- ${formatDateTime(e.at)} ${e.stage}${e.note ? `：${typedLines(e.note)}` : ''}`),
    ...p.violations.map((v) => `- ⚠️ 违规：${v.unit}，${typedLines(v.description)}（${formatDateTime(v.at)}）`),
  ];
  return { kind: 'markdown', title: p.code, markdown: lines.join('\n') };
}

export function renderProjectList(outcome: ProjectListOutcome): Message {
  const line = (p: ProjectListLine) =>
    w.query.listLine({
      code: p.code,
      name: p.name,
      status: statusLabel(p.status),
      extra: p.daysLeft !== null ? w.query.daysLeft({ days: p.daysLeft }) : p.status === 'PENDING' ? `｜${p.unit}` : '',
    });
  const title = outcome.kind === 'pending' ? w.query.pendingTitle() : w.query.listTitle({ unit: outcome.unit });
  const lines = outcome.projects.length > 0 ? outcome.projects.map(line) : [w.query.none()];
  return { kind: 'markdown', title, markdown: [title, ...lines].join('\n') };
}

export function renderInvestorCheck(outcome: InvestorCheckOutcome): string {
  if (outcome.kind === 'free') return w.query.checkFree({ investor: outcome.investor });
  const lines = outcome.matches.map((m) =>
    m.code === null
      ? w.query.checkLine({ unit: m.unit, chain: m.chain, status: statusLabel(m.status) })
      : w.query.checkLineFull({
          code: m.code,
          unit: m.unit,
          chain: m.chain,
          status: statusLabel(m.status),
          until: periodEnd(m.until),
        }),
  );
  return w.query.checkHeld({ lines });
}

/** To the holder and the city group: IPB granted the first-negotiation period. */
export function grantedNotice(p: {
  code: string;
  name: string;
  investor: string;
  chain: string;
  unit: string;
  until: Date;
}): string {
  return w.notices.granted({ ...p, until: formatPeriodEnd(p.until) });
}

/** To a rival's unit: its pending report closed because another unit's report was granted. */
export function closedAsConflictNotice(p: { code: string; winner: string; unit: string }): string {
  return w.notices.closedAsConflict(p);
}

/** To the reporting unit: IPB denied its report. */
export function deniedNotice(p: { code: string; name: string; reason: string }): string {
  return w.notices.denied(p);
}

/** To the holder and the city group: the first-negotiation period was extended. */
export function renewedNotice(p: { code: string; name: string; unit: string; until: Date }): string {
  return w.notices.renewed({ ...p, until: formatPeriodEnd(p.until) });
}

/** To IPB: the holder recorded progress. */
export function progressNotice(p: {
  code: string;
  name: string;
  unit: string;
  stage: string;
  note: string | null;
}): string {
  return w.notices.progress(p);
}

/** To the violating unit and the city group: the violation and its consequences. */
export function violationUnitNotice(p: {
  code: string;
  name: string;
  investor: string;
  unit: string;
  description: string;
}): string {
  return w.notices.violationUnit(p);
}

/** To 市财政局: take the project's local tax retention to the city. */
export function violationFinanceNotice(p: { code: string; name: string; investor: string; unit: string }): string {
  return w.notices.violationFinance(p);
}
