/** Chinese text of 市级主谈 (policy 四(二); DESIGN §5.1). Included in the catalog as zhCN.coordination.cityLed. */

import { buttonFor } from '../app/buttons.ts';
import type { Message } from '../app/receiver.ts';
import type { CityLedStatus } from '../domain/city-led/case.ts';
import { formatWan } from '../domain/parsing/amount.ts';
import { STATUS_LABELS, type ProjectStatus } from '../domain/projects/status.ts';
import type {
  AssignedProjectOutcome,
  CityLedDetailOutcome,
  CityLedListOutcome,
  CityLedNextStep,
  CityLedProposedOutcome,
  LeaderDecisionOutcome,
  MeetingOutcome,
  MinutesOutcome,
  PlanOutcome,
  SpecialGroupOutcome,
} from '../services/city-led.ts';
import { citeClause } from './citation.ts';
import { CITY_LED_WORDS } from './command-words.ts';
import { formatDateTime } from './format.ts';
import { refusal } from './refusal.ts';
import { marked } from './user-values.ts';

const SIER = citeClause('四(二)');
const NO_INTERFERENCE = '其他区、县（市）和平台不得进行项目洽谈或干扰谈判';

export const CITY_LED_EXAMPLE = '/市级主谈 ZS-2026-0001 理由=跨区域布局 预评估=投资50亿元，需萧山、钱塘两地联动布局';

export const cityLedMessages = {
  actions: {
    'citylead.propose': '市级主谈（报请组建专项组）',
    'citylead.approve': '批准组建专项组',
    'citylead.decline': '不批准组建专项组',
    'citylead.group': '组建专项组',
    'citylead.meeting': '安排项目协调会',
    'citylead.minutes': '记录会议纪要',
    'citylead.plan': '记录落地方案建议',
    'project.assigned': '领导交办项目由市投资促进局新建（无区县报备）',
    'project.city-led': '转为市级主谈',
    'project.handover': '按会议纪要移交承载单位',
    'project.settled': '获一事一议支持，首谈期不再到期',
  } as Record<string, string>,

  /** Who approves (四(二) "报分管市领导批准"), for the refusal of anyone else. */
  leaderRole: () => '分管市领导（不含仅为决策机构成员的领导）',
  usage: {
    missing: () => '请写明项目编号。',
    missingKeys: (p: { keys: string[] }) => `缺少：${p.keys.join('、')}。`,
    missingUsers: () => '请写明专项组成员（@成员 或用户ID，可写多人）。',
    missingWhen: () => '请写明协调会的日期和时间。',
    missingHost: refusal('E_USAGE', () => '请写明承载单位（承载=<单位>，多个单位用“、”分隔）和会议纪要内容。'),
    missingPlan: () => '请写明落地方案建议的内容。',
    missingNew: (p: { keys: string[] }) => `缺少：${p.keys.join('、')}。`,
    unknownVerb: refusal(
      'E_USAGE',
      (p: { input: string }) =>
        `“${p.input}”不是 /市级主谈 的操作。可用：新建、批准、不批准、专项组、方案、协调会、纪要，或直接写项目编号。`,
    ),
  },
  refusals: {
    unknownReason: refusal(
      'E_INVALID_VALUE',
      (p: { input: string }) => `理由“${p.input}”无法识别，请写 跨区域布局、领导交办 或 其他规定${SIER}。`,
    ),
    projectStatus: refusal(
      'E_STATUS',
      (p: { code: string; status: string }) =>
        `${p.code} 当前为“${p.status}”，不能转为市级主谈：本系统只对待审核、首谈期内或首谈期满的项目办理市级主谈（已签约、已落地或已终止的项目无需再由市级主谈）。`,
    ),
    alreadyOpen: refusal(
      'E_DUPLICATE',
      (p: { code: string; status: string }) =>
        `${p.code} 已有进行中的市级主谈（${p.status}），无需重复提请。发送 /市级主谈 ${p.code} 查看进度。`,
    ),
    noCase: refusal(
      'E_NOT_FOUND',
      (p: { code: string }) =>
        `${p.code} 没有进行中的市级主谈。提请：/市级主谈 ${p.code} 理由=<跨区域布局|领导交办|其他规定> 预评估=<...>`,
    ),
    notProposed: refusal(
      'E_ALREADY_DECIDED',
      (p: { code: string; status: string }) => `${p.code} 的市级主谈当前为“${p.status}”，不是待批准状态，无需再批。`,
    ),
    notApproved: refusal(
      'E_STATUS',
      (p: { code: string; status: string }) =>
        `${p.code} 的市级主谈当前为“${p.status}”，须经分管市领导批准后才能组建专项组、安排协调会和记录纪要${SIER}。`,
    ),
    noGroup: refusal(
      'E_PRECONDITION',
      (p: { code: string }) => `${p.code} 还没有专项组成员，请先组建：/市级主谈 专项组 ${p.code} @成员…`,
    ),
    meetingInPast: refusal(
      'E_INVALID_VALUE',
      (p: { when: string }) => `协调会时间 ${p.when} 已经过去，请写将来的时间。`,
    ),
    noMeeting: refusal(
      'E_PRECONDITION',
      (p: { code: string }) =>
        `${p.code} 尚未安排项目协调会。会议纪要由协调会形成${SIER}，请先安排：/市级主谈 协调会 ${p.code} <日期时间>`,
    ),
    meetingNotHeld: refusal(
      'E_PRECONDITION',
      (p: { code: string; when: string }) => `${p.code} 的协调会定于 ${p.when}，尚未召开；会后再记录会议纪要${SIER}。`,
    ),
    changed: refusal(
      'E_ALREADY_DECIDED',
      (p: { code: string; status: string }) =>
        `${p.code} 的市级主谈刚刚有了变化（当前：${p.status}），本次操作未生效。请发送 /市级主谈 ${p.code} 查看后重试。`,
    ),
    projectMoved: refusal(
      'E_STATUS',
      (p: { code: string; status: string }) =>
        `${p.code} 已变为“${p.status}”，不能按本次市级主谈处理。请核实后由分管市领导“不批准”本次提请，或重新提请。`,
    ),
    badWhen: refusal(
      'E_INVALID_VALUE',
      (p: { input: string }) => `无法识别协调会时间“${p.input}”，请写成 2026-12-03 14:30 或 12月3日下午2点半。`,
    ),
    whenMissingTime: refusal(
      'E_INVALID_VALUE',
      (p: { input: string }) => `“${p.input}”缺少具体时间，请写明几点，例如 2026-12-03 14:30。`,
    ),
    unregisteredMember: refusal(
      'E_NOT_FOUND',
      (p: { input: string }) =>
        `“${p.input}”还没有在机器人中登记，不能加入专项组。请先由管理员授予角色，或改写已登记的用户。`,
    ),
    hostKind: refusal(
      'E_UNIT_KIND',
      (p: { unit: string }) => `「${p.unit}」不是区、县（市）或产业平台，不能作为项目承载单位。`,
    ),
    evaluationTooLong: refusal('E_TOO_LONG', (p: { max: number }) => `预评估不超过 ${p.max} 字，请精简。`),
    notMember: refusal(
      'E_NOT_MEMBER',
      (p: { code: string }) =>
        `只有 ${p.code} 项目引进专项组的成员或市投资促进局可以记录落地方案建议${SIER}。专项组成员由市投资促进局登记：/市级主谈 专项组 ${p.code} @成员…`,
    ),
    planTooLong: refusal('E_TOO_LONG', (p: { max: number }) => `落地方案建议不超过 ${p.max} 字，请精简，或只写要点。`),
    refTooLong: refusal('E_TOO_LONG', (p: { max: number }) => `文号不超过 ${p.max} 字。`),
    noGuide: refusal('E_PRECONDITION', () => '尚未导入《布局导引》，无法识别产业链，不能新建项目。请先由管理员导入。'),
    newNeedsAssignment: refusal(
      'E_INVALID_VALUE',
      (p: { reason: string }) =>
        `“${p.reason}”的项目应由区县报备后再提请市级主谈：/市级主谈 <编号> 理由=${p.reason} 预评估=<...>。只有省市领导交办、尚无区县报备的项目可以新建（理由=领导交办）。`,
    ),
    newProblems: refusal('E_INVALID_VALUE', (p: { lines: string[] }) =>
      ['新建领导交办项目的信息有误：', ...p.lines].join('\n'),
    ),
    newHeld: refusal(
      'E_DUPLICATE',
      (p: { code: string; status: string }) =>
        `该投资方的同一产业链项目已有记录 ${p.code}（${p.status}），不另建项目。如需市级主谈，请对该项目提请：/市级主谈 ${p.code} 理由=领导交办 预评估=<...>`,
    ),
    minutesTooLong: refusal(
      'E_TOO_LONG',
      (p: { max: number }) => `会议纪要不超过 ${p.max} 字，请精简，或只写纪要要点和文号。`,
    ),
  },
  statusLabel: {
    PROPOSED: '市级主谈中，组建专项组待分管市领导批准',
    APPROVED: '市级主谈中，专项组已批准',
    DECLINED: '市级主谈中，未批准组建专项组',
    CONCLUDED: '已形成会议纪要',
  } as Record<string, string>,

  proposed: (p: { code: string; name: string; reason: string; closed: string[] }) =>
    `**${p.code}** ${p.name} 已转为市级主谈（理由：${p.reason}），由市投资促进局牵头主谈${SIER}；已通知报备单位和全市招商协调群。${
      p.closed.length > 0 ? `其他单位对同一投资方的待审核报备 ${p.closed.join('、')} 已记为冲突。` : ''
    }组建项目引进专项组已报分管市领导批准。发送 /市级主谈 ${p.code} 查看进度。`,
  leaderCard: {
    title: (p: { code: string }) => `组建专项组待批准 ${p.code}`,
    body: (p: {
      code: string;
      name: string;
      investor: string;
      chain: string;
      amount: string;
      unit: string;
      status: string;
      reason: string;
      evaluation: string;
      proposer: string;
    }) =>
      [
        `**${p.code}** ${p.name}`,
        `- 投资方：${p.investor}｜产业链：${p.chain}｜投资额：${p.amount}`,
        `- 报备单位：${p.unit}（项目当前：${p.status}）`,
        `- 理由：${p.reason}`,
        `- 预评估：${p.evaluation}`,
        `- 提请人：${p.proposer}（市投资促进局）`,
        '',
        `该项目已由市投资促进局牵头主谈。市投资促进局根据项目预评估情况，报分管市领导批准后组建项目引进专项组${SIER}。`,
        `请批准或不批准组建专项组：/市级主谈 批准 ${p.code}　/市级主谈 不批准 ${p.code} [意见]`,
      ].join('\n'),
    approve: () => '批准',
    decline: () => '不批准',
  },
  /** Where a card names the reporting unit of a project IPB opened itself. */
  noDistrict: () => '无（领导交办，由市投资促进局新建）',
  opened: (p: { code: string; name: string; closed: string[] }) =>
    `已新建领导交办项目 **${p.code}** ${p.name}，直接由市投资促进局牵头主谈${SIER}；已通知全市招商协调群。${
      p.closed.length > 0 ? `其他单位对同一投资方的待审核报备 ${p.closed.join('、')} 已记为冲突。` : ''
    }组建项目引进专项组已报分管市领导批准。发送 /市级主谈 ${p.code} 查看进度。`,
  planRecorded: (p: { code: string; revised: boolean }) =>
    `已${p.revised ? '更新' : '记录'} ${p.code} 的项目落地方案建议，已通知市投资促进局和领导群，供项目协调会研究。`,
  planLine: (p: { plan: string; by: string; at: string }) => `${p.plan}（${p.by}，${p.at}）`,
  approved: (p: { code: string }) => `已批准为 ${p.code} 组建项目引进专项组，已通知市投资促进局。`,
  declined: (p: { code: string }) =>
    `已记录：不批准为 ${p.code} 组建专项组；项目仍由市投资促进局牵头主谈。已通知市投资促进局。`,
  groupFormed: (p: { code: string; added: string[]; members: string[] }) =>
    `已将 ${p.added.join('、')} 加入 ${p.code} 项目引进专项组（现有成员：${p.members.join('、')}），并逐一通知。下一步：/市级主谈 协调会 ${p.code} <日期时间>`,
  groupUnchanged: (p: { code: string; members: string[] }) =>
    `这些人已经都在 ${p.code} 专项组中（现有成员：${p.members.join('、')}），未做改动。`,
  meetingSet: (p: { code: string; when: string; rescheduled: boolean; remindAt: string | null }) =>
    `已${p.rescheduled ? '改定' : '安排'} ${p.code} 项目协调会：${p.when}，已通知专项组成员和领导群。${
      p.remindAt ? `${p.remindAt} 将再次提醒专项组成员。` : '会议不足一天，不再另行提醒。'
    }会后记录纪要：/市级主谈 纪要 ${p.code} 承载=<单位> <纪要>`,
  concluded: (p: {
    code: string;
    host: string;
    coHosts: string[];
    ref: string | null;
    conforms: boolean;
    chain: string;
    hosts: string[];
  }) =>
    [
      `已记录 ${p.code} 会议纪要${p.ref ? `（${p.ref}）` : ''}：由「${p.host}」承载${p.coHosts.length > 0 ? `，「${p.coHosts.join('」「')}」共同承载` : ''}，项目移交「${p.host}」推进。这是市级协调会研究后形成的会议纪要所作的决定${SIER}，不设首谈期限，不会因期满重新开放。已通知承载单位、原报备单位、专项组和全市招商协调群。`,
      ...(p.conforms
        ? []
        : [
            `注意：「${p.host}」不是《布局导引》中「${p.chain}」的承载地（承载地：${p.hosts.join('、') || '暂无'}），该项目不得给予市级产业政策支持${citeClause('三(一)')}。`,
          ]),
    ].join('\n'),

  notices: {
    approvedIpb: (p: { code: string; name: string; leader: string }) =>
      `${p.leader} 已批准为 **${p.code}** ${p.name} 组建项目引进专项组${SIER}。请组建：/市级主谈 专项组 ${p.code} @成员…`,
    approvedHolder: (p: { code: string; name: string }) =>
      `${p.code} ${p.name} 转为市级主谈，由市投资促进局牵头主谈${SIER}。主谈期间本单位不能登记该项目进展；协调会形成纪要后，项目交由纪要确定的承载单位推进。`,
    approvedCity: (p: { code: string; name: string; investor: string; chain: string }) =>
      `【市级主谈】${p.code} ${p.name}（${p.investor}，${p.chain}）由市投资促进局牵头主谈${SIER}。${NO_INTERFERENCE}。`,
    closedRival: (p: { code: string; winner: string }) =>
      `${p.code} 记为“冲突”：该投资方的同一产业链项目 ${p.winner} 已转由市级主谈，本单位不得继续洽谈${SIER}。如有异议请联系市投资促进局。`,
    declinedIpb: (p: { code: string; leader: string; note: string | null }) =>
      `${p.leader} 未批准为 ${p.code} 组建专项组${p.note ? `，意见：${p.note}` : ''}。项目仍由市投资促进局牵头主谈，可直接安排协调会：/市级主谈 协调会 ${p.code} <日期时间>`,
    member: (p: { code: string; name: string; investor: string; by: string }) =>
      `您已被 ${p.by} 加入 **${p.code}** ${p.name}（${p.investor}）项目引进专项组，负责项目的调查、评估和洽谈，提出项目落地方案建议${SIER}。记录建议：/市级主谈 方案 ${p.code} <落地方案建议>`,
    meeting: (p: { code: string; name: string; when: string; rescheduled: boolean }) =>
      `【项目协调会${p.rescheduled ? '改期' : ''}】${p.code} ${p.name} 的项目协调会${p.rescheduled ? '改' : ''}定于 ${p.when}，由分管市领导召开研究，形成会议纪要${SIER}。请专项组成员准备项目落地方案建议。`,
    reminder: (p: { code: string; name: string; when: string }) =>
      `【协调会提醒】${p.code} ${p.name} 的项目协调会将于 ${p.when} 召开，请专项组成员准时参加并准备项目落地方案建议。`,
    hostUnit: (p: { code: string; name: string; ref: string | null; coHosts: string[] }) =>
      `市级主谈会议纪要${p.ref ? `（${p.ref}）` : ''}确定：**${p.code}** ${p.name} 由本单位承载${p.coHosts.length > 0 ? `，「${p.coHosts.join('」「')}」共同承载` : ''}${SIER}，不设首谈期限。请继续推进，签约、落地后发送 /进展 ${p.code} 签约|落地。`,
    coHostUnit: (p: { code: string; name: string; ref: string | null; host: string }) =>
      `市级主谈会议纪要${p.ref ? `（${p.ref}）` : ''}确定：**${p.code}** ${p.name} 由本单位与「${p.host}」共同承载${SIER}。项目记录由「${p.host}」登记进展，请按纪要分工做好本单位承载工作。`,
    plan: (p: { code: string; name: string; by: string; plan: string; revised: boolean }) =>
      `【落地方案建议${p.revised ? '（更新）' : ''}】${p.code} ${p.name}：${p.by} 提出项目落地方案建议${SIER}，供项目协调会研究。\n${p.plan}`,
    fromUnit: (p: { code: string; name: string; host: string }) =>
      `市级主谈会议纪要确定：${p.code} ${p.name} 由「${p.host}」承载，项目已移交。本单位请停止洽谈并配合交接。`,
    concludedCity: (p: { code: string; name: string; host: string; ref: string | null; minutes: string }) =>
      `【市级主谈纪要】${p.code} ${p.name} 经项目协调会研究，由「${p.host}」承载${SIER}。${NO_INTERFERENCE}。\n纪要${p.ref ? `（${p.ref}）` : ''}：${p.minutes}`,
    concludedMember: (p: { code: string; host: string }) =>
      `${p.code} 会议纪要已记录：由「${p.host}」承载。感谢专项组的工作。`,
  },

  detail: (p: {
    code: string;
    name: string;
    status: string;
    projectStatus: string;
    reason: string;
    evaluation: string;
    proposer: string;
    proposedAt: string;
    decision: string | null;
    members: string[];
    meeting: string | null;
    host: string | null;
    minutes: string | null;
    ref: string | null;
    plan: string | null;
    next: string | null;
  }) =>
    [
      `### 市级主谈 ${p.code} ${p.name}`,
      `- 状态：**${p.status}**（项目：${p.projectStatus}）`,
      `- 理由：${p.reason}`,
      `- 预评估：${p.evaluation}`,
      `- 提请：${p.proposer}，${p.proposedAt}`,
      ...(p.decision ? [`- 批示：${p.decision}`] : []),
      `- 专项组：${p.members.length > 0 ? p.members.join('、') : '尚未组建'}`,
      ...(p.plan ? [`- 落地方案建议：${p.plan}`] : []),
      `- 协调会：${p.meeting ?? '尚未安排'}`,
      ...(p.host ? [`- 承载单位：${p.host}`] : []),
      ...(p.minutes ? [`- 会议纪要${p.ref ? `（${p.ref}）` : ''}：${p.minutes}`] : []),
      ...(p.next ? ['', `下一步：${p.next}`] : []),
    ].join('\n'),
  decisionLine: (p: { approved: boolean; by: string; at: string; note: string | null }) =>
    `${p.approved ? '批准' : '不批准'}（${p.by}，${p.at}）${p.note ? `：${p.note}` : ''}`,
  next: {
    PROPOSED: (p: { code: string }) => `等待分管市领导批准组建专项组（/市级主谈 批准|不批准 ${p.code}）。`,
    group: (p: { code: string }) => `组建专项组：/市级主谈 专项组 ${p.code} @成员…`,
    meeting: (p: { code: string }) => `安排协调会：/市级主谈 协调会 ${p.code} <日期时间>`,
    minutes: (p: { code: string }) =>
      `协调会后记录纪要：/市级主谈 纪要 ${p.code} 承载=<单位>[、<单位>…] [文号=<...>] <纪要>`,
  },
  none: refusal(
    'E_NOT_FOUND',
    (p: { code: string }) =>
      `${p.code} 没有市级主谈记录。提请：/市级主谈 ${p.code} 理由=<跨区域布局|领导交办|其他规定> 预评估=<...>`,
  ),
  listTitle: () => '进行中的市级主谈',
  listLine: (p: { code: string; name: string; status: string; meeting: string | null }) =>
    `- ${p.code} ${p.name}｜${p.status}${p.meeting ? `｜协调会 ${p.meeting}` : ''}`,
  listNone: () => `目前没有进行中的市级主谈。提请：${CITY_LED_EXAMPLE}`,
};

// ---------------------------------------------------------------------------------------------
// Renderers: the /市级主谈 replies and notices, from the outcomes of src/services/city-led.ts.

const w = marked(cityLedMessages);
const caseStatus = (status: CityLedStatus) => w.statusLabel[status] ?? status;

export function renderCityLedProposed(outcome: CityLedProposedOutcome): string {
  return w.proposed({ code: outcome.code, name: outcome.name, reason: outcome.reason, closed: outcome.closed });
}

export function renderAssignedProject(outcome: AssignedProjectOutcome): string {
  return w.opened({ code: outcome.code, name: outcome.name, closed: outcome.closed });
}

export function renderLeaderDecision(outcome: LeaderDecisionOutcome): string {
  return outcome.kind === 'approved' ? w.approved({ code: outcome.code }) : w.declined({ code: outcome.code });
}

export function renderSpecialGroup(outcome: SpecialGroupOutcome): string {
  if (outcome.kind === 'unchanged') return w.groupUnchanged({ code: outcome.code, members: outcome.members });
  return w.groupFormed({ code: outcome.code, added: outcome.added, members: outcome.members });
}

export function renderMeeting(outcome: MeetingOutcome): string {
  return w.meetingSet({
    code: outcome.code,
    when: formatDateTime(outcome.meetingAt),
    rescheduled: outcome.kind === 'rescheduled',
    remindAt: outcome.remindAt === null ? null : formatDateTime(outcome.remindAt),
  });
}

export function renderPlan(outcome: PlanOutcome): string {
  return w.planRecorded({ code: outcome.code, revised: outcome.kind === 'revised' });
}

export function renderMinutes(outcome: MinutesOutcome): string {
  const { code, host, coHosts, ref, conforms, chain, guideHosts } = outcome;
  return w.concluded({ code, host, coHosts, ref, conforms, chain, hosts: guideHosts });
}

function nextLine(next: CityLedNextStep, code: string): string {
  if (next === 'decision') return w.next.PROPOSED({ code });
  return w.next[next]({ code });
}

export function renderCityLedDetail(outcome: CityLedDetailOutcome): Message {
  const { code, decision, plan } = outcome;
  const markdown = w.detail({
    code,
    name: outcome.name,
    status: caseStatus(outcome.status),
    projectStatus: STATUS_LABELS[outcome.projectStatus],
    reason: outcome.reason,
    evaluation: outcome.evaluation,
    proposer: outcome.proposedBy,
    proposedAt: formatDateTime(outcome.proposedAt),
    decision: decision === null ? null : w.decisionLine({ ...decision, at: formatDateTime(decision.at) }),
    members: outcome.members,
    meeting: outcome.meetingAt ? formatDateTime(outcome.meetingAt) : null,
    host: outcome.hosts === null ? null : outcome.hosts.join('、'),
    minutes: outcome.minutes,
    ref: outcome.ref,
    plan: plan === null ? null : w.planLine({ plan: plan.text, by: plan.by, at: formatDateTime(plan.at) }),
    next: outcome.next === null ? null : nextLine(outcome.next, code),
  });
  return { kind: 'markdown', title: `市级主谈 ${code}`, markdown };
}

export function renderCityLedList(outcome: CityLedListOutcome): Message {
  if (outcome.cases.length === 0) return { kind: 'text', text: w.listNone() };
  const lines = outcome.cases.map((c) =>
    w.listLine({
      code: c.code,
      name: c.name,
      status: caseStatus(c.status),
      meeting: c.meetingAt ? formatDateTime(c.meetingAt) : null,
    }),
  );
  return { kind: 'markdown', title: w.listTitle(), markdown: [`### ${w.listTitle()}`, ...lines].join('\n') };
}

/** To the reporting unit: its project is now 市级主谈. */
export function cityLedHolderNotice(p: { code: string; name: string }): string {
  return w.notices.approvedHolder(p);
}

/** To a unit whose pending report of the same investor ended as 冲突. */
export function cityLedRivalNotice(p: { code: string; winner: string }): string {
  return w.notices.closedRival(p);
}

/** To the city coordination group: the city leads this investor now. */
export function cityLedCityNotice(p: { code: string; name: string; investor: string; chain: string }): string {
  return w.notices.approvedCity(p);
}

/** To the leaders' group: approve forming the 专项组. `unit` is null for a project IPB opened itself. */
export function cityLedLeaderCard(p: {
  code: string;
  name: string;
  investor: string;
  chain: string;
  amountWan: number;
  unit: string | null;
  status: ProjectStatus;
  reason: string;
  evaluation: string;
  proposer: string;
}): Message {
  const { code } = p;
  return {
    kind: 'card',
    title: w.leaderCard.title({ code }),
    markdown: w.leaderCard.body({
      code,
      name: p.name,
      investor: p.investor,
      chain: p.chain,
      amount: formatWan(p.amountWan),
      unit: p.unit ?? w.noDistrict(),
      status: STATUS_LABELS[p.status],
      reason: p.reason,
      evaluation: p.evaluation,
      proposer: p.proposer,
    }),
    buttons: [
      buttonFor(CITY_LED_WORDS, [CITY_LED_WORDS.verbs.approve[0], code], w.leaderCard.approve()),
      buttonFor(CITY_LED_WORDS, [CITY_LED_WORDS.verbs.decline[0], code], w.leaderCard.decline()),
    ],
  };
}

/** To IPB: the leader approved forming the 专项组. */
export function leaderApprovedNotice(p: { code: string; name: string; leader: string }): string {
  return w.notices.approvedIpb(p);
}

/** To IPB: the leader did not approve the 专项组; IPB still leads. */
export function leaderDeclinedNotice(p: { code: string; leader: string; note: string | null }): string {
  return w.notices.declinedIpb(p);
}

/** To a user added to the 专项组. */
export function specialGroupMemberNotice(p: { code: string; name: string; investor: string; by: string }): string {
  return w.notices.member(p);
}

/** To the members and the leaders' group: the coordination meeting is (re)scheduled. */
export function meetingNotice(p: { code: string; name: string; meetingAt: Date; rescheduled: boolean }): string {
  const { code, name, rescheduled } = p;
  return w.notices.meeting({ code, name, when: formatDateTime(p.meetingAt), rescheduled });
}

/** To each member, at 09:00 the day before: the coordination meeting. */
export function meetingReminderNotice(p: { code: string; name: string; meetingAt: Date }): string {
  return w.notices.reminder({ code: p.code, name: p.name, when: formatDateTime(p.meetingAt) });
}

/** To IPB and the leaders' group: the 专项组's 落地方案建议. */
export function planNotice(p: { code: string; name: string; by: string; plan: string; revised: boolean }): string {
  return w.notices.plan(p);
}

/** To the host unit the minutes name first. */
export function hostUnitNotice(p: { code: string; name: string; ref: string | null; coHosts: string[] }): string {
  return w.notices.hostUnit(p);
}

/** To each further host unit the minutes name. */
export function coHostUnitNotice(p: { code: string; name: string; ref: string | null; host: string }): string {
  return w.notices.coHostUnit(p);
}

/** To the district that reported the project, when the minutes place it elsewhere. */
export function fromUnitNotice(p: { code: string; name: string; hosts: string[] }): string {
  return w.notices.fromUnit({ code: p.code, name: p.name, host: p.hosts.join('、') });
}

/** To the city coordination group: the minutes' placement. */
export function concludedCityNotice(p: {
  code: string;
  name: string;
  hosts: string[];
  ref: string | null;
  minutes: string;
}): string {
  const { code, name, ref, minutes } = p;
  return w.notices.concludedCity({ code, name, host: p.hosts.join('、'), ref, minutes });
}

/** To each 专项组 member: the case is concluded. */
export function concludedMemberNotice(p: { code: string; hosts: string[] }): string {
  return w.notices.concludedMember({ code: p.code, host: p.hosts.join('、') });
}
