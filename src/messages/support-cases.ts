/** Chinese text of 一事一议 (policy 三(二); DESIGN §5.2). Included in the catalog as zhCN.coordination.support. */

import { citeClause, citeRule } from './citation.ts';
import { refusal } from './refusal.ts';

const SANER = citeClause('三(二)');
const SANYI = citeClause('三(一)');

export const SUPPORT_EXAMPLE = '/一事一议 ZS-2026-0001 方式=基金 金额=2亿 说明=拟由集成电路产业子基金参与投资';

export const supportMessages = {
  actions: {
    'support.request': '提交一事一议',
    'support.decide': '一事一议决议',
    'support.escalate': '提交市委财经委员会',
    'support.screen': '市投资促进局审核一事一议',
  } as Record<string, string>,

  statusLabel: {
    SCREENING: '待市投资促进局审核',
    PENDING: '待决策',
    APPROVED: '同意',
    REJECTED: '不同意',
    RETURNED: '已退回',
  } as Record<string, string>,

  usage: {
    missing: () => '请写明项目编号或一事一议编号。',
    missingKeys: (p: { keys: string[] }) => `缺少：${p.keys.join('、')}。`,
    missingVerdict: () => '请写明“同意”或“不同意”。',
    missingScreening: () => '请写明“通过”或“退回 <理由>”。',
    unknownVerb: refusal(
      'E_USAGE',
      (p: { input: string }) =>
        `“${p.input}”不是 /一事一议 的操作。可用：审核、决议、提交财经委，或写项目编号提交申请、写 YS 编号查看。`,
    ),
  },
  refusals: {
    unknownMode: refusal(
      'E_INVALID_VALUE',
      (p: { input: string }) =>
        `支持方式“${p.input}”无法识别，请写 基金、股权直投、经营性绩效奖励 或 更大支持${SANER}。`,
    ),
    amount: refusal(
      'E_INVALID_VALUE',
      (p: { input: string }) => `金额“${p.input}”无法识别，可写 2亿、5000万（须为整万元）。`,
    ),
    descriptionTooLong: refusal('E_TOO_LONG', (p: { max: number }) => `说明不超过 ${p.max} 字，请精简。`),
    projectStatus: refusal(
      'E_STATUS',
      (p: { code: string; status: string }) =>
        `${p.code} 当前为“${p.status}”，不能申请一事一议：须为首谈期内、市级主谈或已签约的项目（一事一议用于重大项目招引）。`,
    ),
    notConforming: refusal(
      'E_NOT_HOST',
      (p: { code: string; chain: string; hosts: string[] }) =>
        `${p.code} 不符合《布局导引》（「${p.chain}」的承载地为 ${p.hosts.join('、') || '（暂无）'}），不得给予市级产业政策支持，不能申请一事一议${SANYI}。`,
    ),
    noGuide: refusal(
      'E_PRECONDITION',
      () => `尚未编制《布局导引》，无法判断项目是否符合，暂不能申请一事一议${SANYI}。`,
    ),
    cityLed: refusal(
      'E_CITY_LED',
      (p: { code: string }) =>
        `${p.code} 正由市级主谈${citeClause('四(二)')}，其一事一议由市投资促进局提出；主谈确定承载单位后，承载单位可以申请。`,
    ),
    notHolder: refusal(
      'E_NOT_HOLDER',
      (p: { code: string }) => `${p.code} 不是本单位的项目，只有持有单位或市投资促进局可以为它申请一事一议。`,
    ),
    duplicate: refusal(
      'E_DUPLICATE',
      (p: { code: string; mode: string }) =>
        `${p.code} 已有一项待决策的“${p.mode}”一事一议，请等待决议，不要重复提交。`,
    ),
    unknownCase: refusal(
      'E_NOT_FOUND',
      (p: { input: string }) => `没有找到一事一议“${p.input}”。编号形如 YS-2026-0001；发送 /一事一议 查看待决策事项。`,
    ),
    severalPending: refusal(
      'E_AMBIGUOUS',
      (p: { code: string; cases: string[] }) =>
        `${p.code} 有多项待决策的一事一议：${p.cases.join('、')}。请写明 YS 编号。`,
    ),
    nonePending: refusal('E_NOT_FOUND', (p: { code: string }) => `${p.code} 没有待决策的一事一议。`),
    noneScreening: refusal('E_NOT_FOUND', (p: { code: string }) => `${p.code} 没有待市投资促进局审核的一事一议。`),
    severalScreening: refusal(
      'E_AMBIGUOUS',
      (p: { code: string; cases: string[] }) =>
        `${p.code} 有多项待审核的一事一议：${p.cases.join('、')}。请写明 YS 编号。`,
    ),
    awaitingScreening: refusal(
      'E_STATUS',
      (p: { code: string }) =>
        `${p.code} 尚待市投资促进局审核${citeRule('R10')}，审核通过并送达决策机构后方可决议或提交。`,
    ),
    returned: refusal(
      'E_STATUS',
      (p: { code: string }) =>
        `${p.code} 已被市投资促进局退回${citeRule('R10')}，没有送达决策机构，不能决议或提交；申请单位可重新提交。`,
    ),
    notScreening: refusal(
      'E_STATUS',
      (p: { code: string; status: string }) => `${p.code} 当前为“${p.status}”，不在市投资促进局审核中。`,
    ),
    returnReason: refusal(
      'E_USAGE',
      (p: { code: string }) => `退回须写明理由，请发送：/一事一议 审核 ${p.code} 退回 <理由>`,
    ),
    decided: refusal(
      'E_ALREADY_DECIDED',
      (p: { code: string; status: string }) => `${p.code} 已经决议（${p.status}），不能再次决议。`,
    ),
    notChangwu: refusal(
      'E_STATUS',
      (p: { code: string; body: string }) =>
        `${p.code} 由${p.body}决策，只有市政府常务会议审议中的事项可以提交市委财经委员会${SANER}。`,
    ),
    notVisible: refusal('E_NOT_MEMBER', (p: { code: string }) => `${p.code} 不是本单位申请的一事一议，您无权查看。`),
  },
  bodyRole: (p: { body: string }) => `${p.body}成员`,

  requestedForScreening: (p: { code: string; project: string; mode: string; amount: string; body: string }) =>
    `已提交一事一议 **${p.code}**（${p.project}，${p.mode} ${p.amount}），先由市投资促进局审核${citeRule('R10')}；` +
    `审核通过后送「${p.body}」研究决策${SANER}。审核结果将通知您。发送 /一事一议 ${p.code} 查看进度。`,
  requested: (p: { code: string; project: string; mode: string; amount: string; body: string }) =>
    `已提交一事一议 **${p.code}**（${p.project}，${p.mode} ${p.amount}），按规定由「${p.body}」研究决策${SANER}${citeRule('R10')}，已送达其工作群。决议后将通知您。发送 /一事一议 ${p.code} 查看进度。`,
  card: {
    title: (p: { code: string }) => `一事一议 ${p.code}`,
    body: (p: {
      code: string;
      project: string;
      name: string;
      investor: string;
      chain: string;
      investment: string;
      unit: string;
      mode: string;
      amount: string;
      description: string;
      requester: string;
      body: string;
      screening: boolean;
      escalated: boolean;
      suggestions: string[];
    }) =>
      [
        `**${p.code}** ${p.project} ${p.name}`,
        `- 投资方：${p.investor}｜产业链：${p.chain}｜投资额：${p.investment}｜持有单位：${p.unit}`,
        `- 支持方式：${p.mode}｜金额：${p.amount}`,
        `- 说明：${p.description}`,
        `- 申请：${p.requester}`,
        ...(p.suggestions.length > 0 ? ['- 市国资委投资建议：', ...p.suggestions.map((s) => `  - ${s}`)] : []),
        '',
        ...(p.screening
          ? [
              `区县提出的一事一议先由市投资促进局审核${citeRule('R10')}，通过后送${p.body}研究决策${SANER}。`,
              `审核：/一事一议 审核 ${p.code} 通过｜/一事一议 审核 ${p.code} 退回 <理由>`,
            ]
          : [
              p.escalated
                ? `市政府常务会议认为有必要，提交${p.body}研究决策${SANER}。`
                : `按规定由${p.body}研究决策${SANER}。`,
              `决议：/一事一议 决议 ${p.code} 同意|不同意 [意见]`,
            ]),
      ].join('\n'),
    screeningTitle: (p: { code: string }) => `一事一议 ${p.code} 待审核`,
    pass: () => '通过',
    return: () => '退回',
    approve: () => '同意',
    reject: () => '不同意',
    escalate: () => '提交财经委',
  },
  passedReply: (p: { code: string; body: string }) =>
    `已审核通过 ${p.code}，已送「${p.body}」研究决策，并通知申请单位。`,
  returnedReply: (p: { code: string }) => `已退回 ${p.code}，理由已告知申请单位。`,
  decidedReply: (p: { code: string; verdict: string }) =>
    `已记录 ${p.code} 决议：${p.verdict}。已通知申请单位和市投资促进局。`,
  escalatedReply: (p: { code: string }) =>
    `已将 ${p.code} 提交市委财经委员会研究决策${SANER}，已送达其工作群并通知申请单位。`,

  notices: {
    passed: (p: { code: string; project: string; body: string }) =>
      `【一事一议审核】${p.code}（${p.project}）经市投资促进局审核通过，已送「${p.body}」研究决策${SANER}。决议后将通知您。`,
    returned: (p: { code: string; project: string; reason: string }) =>
      `【一事一议审核】${p.code}（${p.project}）被市投资促进局退回${citeRule('R10')}。理由：${p.reason}\n` +
      `可按意见修改后重新提交：/一事一议 ${p.project} 方式=… 金额=… 说明=…`,
    decided: (p: { code: string; project: string; body: string; verdict: string; note: string | null }) =>
      `【一事一议决议】${p.code}（${p.project}）经${p.body}研究：**${p.verdict}**${p.note ? `。意见：${p.note}` : ''}。`,
    escalated: (p: { code: string; project: string }) =>
      `${p.code}（${p.project}）经市政府常务会议研究，已提交市委财经委员会研究决策${SANER}。`,
    suggestion: (p: { code: string; project: string; suggestion: string }) =>
      `市国资委对 ${p.project} 提出投资建议，已附于待决策的一事一议 ${p.code}：${p.suggestion}`,
  },

  detail: (p: {
    code: string;
    project: string;
    name: string;
    status: string;
    mode: string;
    amount: string;
    description: string;
    requester: string;
    requestedAt: string;
    body: string;
    screening: string | null;
    escalation: string | null;
    decision: string | null;
    suggestions: string[];
  }) =>
    [
      `### 一事一议 ${p.code}`,
      `- 项目：${p.project} ${p.name}`,
      `- 状态：**${p.status}**｜决策机构：${p.body}`,
      `- 支持方式：${p.mode}｜金额：${p.amount}`,
      `- 说明：${p.description}`,
      `- 申请：${p.requester}，${p.requestedAt}`,
      ...(p.screening ? [`- 市投资促进局审核：${p.screening}`] : []),
      ...(p.escalation ? [`- ${p.escalation}`] : []),
      ...(p.decision ? [`- 决议：${p.decision}`] : []),
      ...(p.suggestions.length > 0
        ? ['- 市国资委投资建议：', ...p.suggestions.map((s) => `  - ${s}`)]
        : ['- 市国资委投资建议：暂无']),
    ].join('\n'),
  screeningLine: {
    waiting: () => '待审核',
    passed: (p: { by: string; at: string }) => `通过（${p.by}，${p.at}）`,
    returned: (p: { by: string; at: string; reason: string | null }) => `退回（${p.by}，${p.at}）：${p.reason ?? ''}`,
    notNeeded: () => '市投资促进局提出，无需审核',
  },
  escalationLine: (p: { by: string; at: string }) => `提交市委财经委员会：${p.by}，${p.at}`,
  decisionLine: (p: { verdict: string; by: string; at: string; note: string | null }) =>
    `${p.verdict}（${p.by}，${p.at}）${p.note ? `：${p.note}` : ''}`,
  suggestionLine: (p: { at: string; text: string; fund: string | null }) =>
    `${p.at}${p.fund ? `（${p.fund}）` : ''}：${p.text}`,
  projectTitle: (p: { code: string }) => `${p.code} 的一事一议`,
  listTitle: () => '待审核、待决策的一事一议',
  listLine: (p: { code: string; project: string; mode: string; amount: string; body: string; status: string }) =>
    `- ${p.code}｜${p.project}｜${p.mode} ${p.amount}｜${p.body}｜${p.status}`,
  listNone: () => `没有待决策的一事一议。申请示例：${SUPPORT_EXAMPLE}`,
};
