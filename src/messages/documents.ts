import { ruleRef } from './citation.ts';
/** Chinese text of the Word drafts: /通报 违规|比拼 and /简报 (and the monthly 简报 sent to the leaders' group). */

import { formatWan } from '../domain/parsing/amount.ts';
import { POLICY_TITLE } from '../domain/regulation/clauses.ts';
import { refusal } from './refusal.ts';

const NOTICE_USAGE =
  '/通报 违规 <项目编号> 或 /通报 比拼 <认定编号>，例如 /通报 违规 ZS-2026-0001、/通报 比拼 BP-2026-0001';
const BRIEFING_USAGE = '/简报 月|季度 [<期间>]，例如 /简报 月（上个月）、/简报 月 2026-11、/简报 季度 2026Q4';

export const documentMessages = {
  issuer: () => '杭州市投资促进局',
  creator: () => '一盘棋招商协同机器人',
  draftMark: () => '草稿',
  draftHeader: () => '草稿 · 由一盘棋招商协同机器人生成，供经办人修改审核，未经签发不得印发',
  /** The clause quoted in full: 《…工作制度（试行）》四(一)规定：“…”. */
  clauseQuote: (p: { label: string; text: string }) => `《${POLICY_TITLE}》${p.label}规定：“${p.text}”`,
  notice: {
    usage: () => NOTICE_USAGE,
    missing: refusal('E_USAGE', () => `请写明通报类型和编号。\n用法：${NOTICE_USAGE}`),
    unknownKind: refusal(
      'E_INVALID_VALUE',
      (p: { input: string }) =>
        `“${p.input}”不是通报类型：可写“违规”（首报首谈违规）或“比拼”（比拼政策）。\n用法：${NOTICE_USAGE}`,
    ),
    noViolation: refusal(
      'E_PRECONDITION',
      (p: { code: string }) =>
        `项目 ${p.code} 没有违规记录，无法起草违规通报。先用 /违规 ${p.code} 单位=<单位> 说明=<...> 记录违规。`,
    ),
    unknownFinding: refusal(
      'E_NOT_FOUND',
      (p: { input: string }) => `找不到比拼政策认定“${p.input}”。发送 /比拼 查看认定编号（形如 BP-2026-0001）。`,
    ),
    findingOpen: refusal(
      'E_PRECONDITION',
      (p: { code: string }) =>
        `比拼政策 ${p.code} 尚未处置，通报须写明处置结果。请先处置：/比拼 处置 ${p.code} <处置> <理由>。`,
    ),
    findingDismissed: refusal(
      'E_STATUS',
      (p: { code: string }) => `比拼政策 ${p.code} 已认定不构成比拼政策，无需通报。`,
    ),
    recipient: () => '各区、县（市）人民政府，各产业集聚区（开发区）管委会，市级有关单位：',
    record: () => ['抄送：市财政局，市审计局，市级有关产业主管部门。'],
    violation: {
      title: (p: { unit: string }) => `关于${p.unit}违反项目首报首谈制度的通报`,
      facts: (p: {
        reportedOn: string;
        unit: string;
        name: string;
        code: string;
        investor: string;
        chain: string;
        amountWan: number;
      }) =>
        `${p.reportedOn}，${p.unit}向市投资促进局报备${p.name}项目（编号${p.code}，投资方${p.investor}，${p.chain}产业链，投资额${formatWan(p.amountWan)}）。`,
      ownGrant: (p: { unit: string; grantedOn: string }) =>
        `经审查并征求意向投资者意见后，市投资促进局于${p.grantedOn}赋予${p.unit}排他性首谈资格，其他区、县（市）和平台不得进行项目洽谈或干扰谈判。`,
      heldElsewhere: (p: { holder: string; holderCode: string; grantedOn: string }) =>
        `该投资方此前已由${p.holder}首报（编号${p.holderCode}），经审查并征求意向投资者意见后，市投资促进局于${p.grantedOn}赋予${p.holder}排他性首谈资格，其他区、县（市）和平台不得进行项目洽谈或干扰谈判。`,
      finding: (p: { unit: string; description: string; recordedOn: string }) =>
        `经查，${p.unit}${p.description}（${p.recordedOn}记录在案）。`,
      consequences: (p: { unit: string; code: string }) =>
        `根据上述规定，${p.unit}违反首报首谈规定引进的项目（涉及${p.code}）不得享受市级层面政策支持，其“一事一议”、能耗、用地等市级支持申请不予受理；该项目的税收地方留成部分由市财政局收归市级所有。市财政局已收到通知。`,
      closing: () =>
        '希望各地引以为戒，严格执行项目首报首谈制度，对其他区、县（市）和平台已获排他性首谈资格的项目，不得进行项目洽谈或干扰谈判。',
    },
    overbid: {
      title: (p: { unit: string; chain: string }) => `关于${p.unit}${p.chain}产业链政策存在“比拼政策”问题的通报`,
      facts: (p: {
        filedOn: string;
        unit: string;
        chain: string;
        type: string;
        filing: string;
        terms: string;
        excess: string;
        code: string;
      }) =>
        `${p.filedOn}，${p.unit}备案${p.chain}产业链${p.type}政策（备案编号${p.filing}：${p.terms}）。经与《布局导引》确定的重点产业承载地区政策比对，该政策${p.excess}，优于承载地区政策，经市投资促进局会同市审计局、市财政局和相关产业主管部门认定为“比拼政策”（认定编号${p.code}）。`,
      /** A transfer destination's promise above the hosts' filed policy (DESIGN §5.3), found under rule R12. */
      promiseFacts: (p: {
        appliedOn: string;
        unit: string;
        chain: string;
        transfer: string;
        enterprise: string;
        terms: string;
        excess: string;
        code: string;
      }) =>
        `${p.appliedOn}，${p.unit}在存量项目流转申请（编号${p.transfer}，企业：${p.enterprise}，${p.chain}产业链）中承诺给予${p.terms}。经与《布局导引》确定的重点产业承载地区备案政策比对，该承诺${p.excess}，优于承载地区政策，按${ruleRef('R12')}记为“比拼政策”（认定编号${p.code}），经市投资促进局会同市审计局、市财政局和相关产业主管部门研究处置。`,
      consequences: (p: { disposition: string; unit: string; decidedOn: string; note: string | null }) =>
        `${p.decidedOn}，市投资促进局会同有关部门作出处置：${p.disposition}${p.note ? `（${p.note}）` : ''}。`,
      dispositions: {
        WARNING: (unit: string) => `对${unit}予以警告，请其限期修订相关政策`,
        DISQUALIFY: (unit: string) => `取消${unit}产业投资促进目标考核先进评比资格`,
        TAX_CLAWBACK: (unit: string) =>
          `情节严重，取消${unit}产业投资促进目标考核先进评比资格，相关项目税收地方留成部分由市财政局收归市级所有`,
      } as Record<string, (unit: string) => string>,
      closing: () =>
        '各地制定出台的产业投资促进政策，不得优于《布局导引》确定的重点产业承载地区政策。请各地对照检查，防止“比拼政策”。',
    },
    done: (p: { title: string; code: string; fileName: string }) =>
      [
        `已起草《${p.title}》（${p.code}），Word 文件「${p.fileName}」见下一条消息。`,
        '这是草稿：版式按党政机关公文格式（GB/T 9704-2012），请经办人核对事实、修改后按程序签发；机器人不会印发。',
        `本次生成已记入审计日志（含文件 SHA-256），可发送 /审计 ${p.code} 查看。`,
      ].join('\n'),
    fileName: (p: { title: string; stamp: string }) => `${p.title}（草稿）_${p.stamp}.docx`,
  },
  briefing: {
    usage: () => BRIEFING_USAGE,
    unknownKind: refusal(
      'E_INVALID_VALUE',
      (p: { input: string }) => `“${p.input}”不是简报周期：可写“月”或“季度”。\n用法：${BRIEFING_USAGE}`,
    ),
    wrongPeriod: refusal(
      'E_INVALID_VALUE',
      (p: { input: string; kind: string }) => `“${p.input}”不是一个${p.kind}。\n用法：${BRIEFING_USAGE}`,
    ),
    name: () => '首报首谈工作简报',
    issue: (p: { year: number; number: number; kind: 'month' | 'quarter' }) =>
      `${p.year}年第${p.number}期${p.kind === 'quarter' ? '（季度）' : ''}`,
    editor: () => '杭州市投资促进局编',
    title: (p: { period: string }) => `${p.period}“一盘棋”首报首谈工作情况`,
    overview: () => '一、总体情况',
    overviewText: (p: {
      period: string;
      reports: number;
      reportedWan: number;
      grants: number;
      conflicts: number;
      denials: number;
      expiries: number;
      signings: number;
      landings: number;
      landedWan: number;
    }) =>
      `${p.period}，全市各区、县（市）和产业平台共首报项目${p.reports}个，投资额${formatWan(p.reportedWan)}；市投资促进局赋予排他性首谈资格${p.grants}个，认定首报冲突${p.conflicts}个，驳回${p.denials}个，首谈期满${p.expiries}个；签约项目${p.signings}个，落地项目${p.landings}个，落地投资额${formatWan(p.landedWan)}。`,
    units: () => '二、各单位首报首谈情况',
    unitHeaders: [
      '单位',
      '首报',
      '赋予首谈',
      '冲突',
      '驳回',
      '期满',
      '签约',
      '落地',
      '首报投资额（万元）',
      '落地投资额（万元）',
    ],
    totalRow: () => '全市合计',
    unitsNote: () => '注：按事件发生时间统计，与 /统计 同一期间的数字一致。',
    race: () => '三、赛马排名',
    raceHeaders: ['名次', '单位', '转化数', '落地投资额（万元）', '导引符合率', '得分'],
    raceEmpty: () => '本期各单位均无首报、签约或落地，暂不排名。',
    coordination: () => '四、协调事项',
    coordinationHeaders: ['事项', '本期情况'],
    coordinationRows: (p: {
      transfers: string;
      support: string;
      findings: string;
      violations: string;
      cityLed: string;
      factors: string;
    }) => [
      ['存量项目流转', p.transfers],
      ['一事一议', p.support],
      ['比拼政策', p.findings],
      ['首报首谈违规', p.violations],
      ['市级主谈', p.cityLed],
      ['要素保障', p.factors],
    ],
    matrix: () => '五、责任分解表落实情况',
    matrixHeaders: ['本期到期事项', '按时完成', '逾期', '未到期', '常态化应报进展', '已报进展'],
    charts: () => '六、图表',
    chartCaption: (p: { n: number; title: string }) => `图${p.n}  ${p.title}`,
    record: (p: { date: string }) => [
      '报：市政府分管领导。',
      `送：市财政局，市审计局，市发改委，市经信局，市规划和自然资源局，市国资委。`,
      `杭州市投资促进局  ${p.date}印发`,
    ],
    done: (p: { title: string; code: string; fileName: string }) =>
      [
        `已生成《${p.title}》（${p.code}），Word 文件「${p.fileName}」见下一条消息。`,
        '表中数字按事件发生时间统计，与同一期间的 /统计 一致；图表为生成时的情况。这是草稿，请核对后按程序报送。',
        `本次生成已记入审计日志（含文件 SHA-256），可发送 /审计 ${p.code} 查看。`,
      ].join('\n'),
    scheduledCaption: (p: { title: string; code: string }) =>
      `【工作简报】${p.title}（${p.code}）已生成，请审阅。发送 /统计 查看最新数字。`,
    fileName: (p: { title: string; stamp: string }) => `${p.title}（草稿）_${p.stamp}.docx`,
  },
  actions: {
    'document.notice': '起草通报',
    'document.briefing': '生成工作简报',
  } as Record<string, string>,
} as const;
