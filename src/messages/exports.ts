/** Chinese text of /导出 and of the XLSX ledgers it writes (headers, sheet names, notes). */

import { refusal } from './refusal.ts';

const SUBJECTS = '项目|台账|流转|一事一议|比拼|违规|用地|能耗|基金|平台评价|市级主谈';
const USAGE = `/导出 ${SUBJECTS}`;
const SUBJECT_LIST =
  '项目（首报项目台账）、台账（责任分解表落实台账）、流转、一事一议、比拼（比拼政策和政策备案）、违规（首报首谈违规）、用地、能耗、基金、平台评价、市级主谈';

export const exportMessages = {
  actions: {
    'export.projects': '导出首报项目台账',
    'export.matrix': '导出责任分解台账',
    'export.transfers': '导出存量项目流转台账',
    'export.support': '导出一事一议台账',
    'export.findings': '导出比拼政策台账',
    'export.violations': '导出首报首谈违规台账',
    'export.land': '导出用地保障台账',
    'export.energy': '导出能耗指标台账',
    'export.funds': '导出产业基金台账',
    'export.platforms': '导出产业平台评价台账',
    'export.cityLed': '导出市级主谈台账',
  } as Record<string, string>,
  usage: () => USAGE,
  missing: refusal('E_USAGE', () => `请写明要导出的台账，可导出：${SUBJECT_LIST}。\n用法：${USAGE}`),
  unknownSubject: refusal(
    'E_INVALID_VALUE',
    (p: { input: string }) => `不能导出“${p.input}”。可导出：${SUBJECT_LIST}。\n用法：${USAGE}`,
  ),
  fileName: (p: { title: string; stamp: string }) => `${p.title}_${p.stamp}.xlsx`,
  done: (p: {
    title: string;
    code: string;
    rows: string;
    sheets: string[];
    fileName: string;
    delivery: 'here' | 'private';
  }) =>
    [
      `已导出${p.title}（${p.code}）：${p.rows}。`,
      `工作表：${p.sheets.join('、')}。日期为北京时间，金额单位为万元；各表已冻结表头并开启筛选。`,
      p.delivery === 'here'
        ? `文件「${p.fileName}」见下一条消息。`
        : `文件「${p.fileName}」已私聊发送给您：台账含各单位的详细信息，只发给导出人本人，不在群内发送。`,
      `本次导出已记入审计日志，可发送 /审计 ${p.code} 查看。`,
    ].join('\n'),
  fileCaption: (p: { title: string; code: string }) => `${p.title}（${p.code}）`,
  creator: () => '一盘棋招商协同机器人',
  projects: {
    title: () => '首报项目台账',
    rows: (p: { projects: number; units: number }) => `共 ${p.projects} 个项目，涉及 ${p.units} 个单位`,
    summarySheet: () => '汇总',
    summaryHeaders: { unit: '单位', total: '合计（个）', amount: '投资额合计（万元）' },
    totalRow: () => '全市合计',
    headers: {
      code: '编号',
      name: '项目名称',
      investor: '投资方',
      creditCode: '统一社会信用代码',
      chain: '产业链',
      amount: '投资额（万元）',
      intent: '意向依据',
      site: '拟选址',
      contact: '联系人',
      unit: '报备单位',
      reporter: '报备人',
      status: '状态',
      reportedAt: '首报时间',
      conforms: '符合布局导引',
      consultation: '投资方意见',
      consultedAt: '征询时间',
      decidedAt: '审核时间',
      decidedBy: '审核人',
      decisionReason: '驳回理由',
      exclusiveUntil: '首谈期至',
      statusNote: '状态说明',
      violations: '违规记录（条）',
    },
    yes: () => '是',
    no: () => '否',
  },
  matrix: {
    title: () => '责任分解表落实台账',
    rows: (p: { items: number; cycles: number; notes: number }) =>
      `共 ${p.items} 项事项、${p.cycles} 个周期、${p.notes} 条进展记录`,
    overviewSheet: () => '总览',
    itemSheet: (p: { number: number; name: string }) => `第${p.number}项 ${p.name}`,
    itemSheets: (p: { first: number; last: number }) => `第${p.first}项至第${p.last}项（每项一表，含历次周期）`,
    progressSheet: () => '进展记录',
    overviewHeaders: {
      number: '序号',
      name: '事项',
      leads: '牵头单位',
      cooperating: '配合单位',
      deadlineText: '完成时限（原文）',
      current: '当前周期',
      dueDate: '截止日期',
      lead: '本周期牵头单位',
      status: '状态',
      daysLeft: '距截止（天，负数为逾期）',
    },
    cycleHeaders: {
      key: '周期',
      label: '周期名称',
      dueDate: '截止日期',
      lead: '牵头单位',
      status: '状态',
      daysLeft: '距截止（天，负数为逾期）',
      basis: '完成依据',
      completedAt: '报完成时间',
      completedBy: '报完成人',
      ruledAt: '确认/退回时间',
      ruledBy: '确认/退回人',
      latestNote: '最近进展',
    },
    progressHeaders: {
      number: '序号',
      name: '事项',
      cycle: '周期',
      unit: '报送单位',
      note: '进展说明',
      by: '报送人',
      at: '报送时间',
    },
  },
  aboutSheet: () => '说明',
  about: (p: { title: string; code: string; at: string; by: string }): [string, string][] => [
    ['台账', p.title],
    ['导出编号', p.code],
    ['导出时间', `${p.at}（北京时间）`],
    ['导出人', p.by],
    ['时间', '表内日期和时间均为北京时间（Asia/Shanghai）'],
    ['金额', '金额（投资额、支持金额、产值、基金规模）单位均为万元'],
    ['使用', '各表首行已冻结并开启筛选；数据为导出时点的快照，最新情况请重新发送 /导出'],
    ['保密', '台账含各单位工作信息，仅供工作使用，请勿外传'],
  ],
  aboutHeaders: { field: '项目', value: '内容' },
} as const;
