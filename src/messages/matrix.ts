import { attachmentClauseId } from '../domain/regulation/clauses.ts';
import type { CycleStatus } from '../domain/matrix/cycles.ts';
import type { HolidayImportError } from '../domain/matrix/holiday-import.ts';
import type { BeforeKind } from '../domain/matrix/reminders.ts';
import type { CalendarSource, HolidayEntry } from '../domain/matrix/working-days.ts';
import type { Message } from '../app/receiver.ts';
import type { HolidaysImportedOutcome, HolidayYearOutcome } from '../services/matrix-calendar.ts';
import type {
  MatrixCompletedOutcome,
  MatrixConfirmedOutcome,
  MatrixItemOutcome,
  MatrixLedgerOutcome,
  MatrixProgressOutcome,
  MatrixReopenedOutcome,
} from '../services/matrix.ts';
import { clauseRef } from './citation.ts';
import { refusal } from './refusal.ts';
import { formatDateTime } from './format.ts';
import { marked } from './user-values.ts';

/** 2026-12-31 → 2026年12月31日 (matrix dates are already Shanghai calendar days). */
export function formatIsoDay(date: string): string {
  const [year, month, day] = date.split('-');
  return `${year}年${Number(month)}月${Number(day)}日`;
}

const WEEKDAYS = ['星期一', '星期二', '星期三', '星期四', '星期五', '星期六', '星期日'];

function weekdayOf(date: string): string {
  const weekday = (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7;
  return WEEKDAYS[weekday] ?? '';
}

/** An attachment item named in a sentence (《工作制度》附件第3项); the catalogue checks the number. */
const cite = (n: number) => clauseRef(attachmentClauseId(n));

/** Confirming a quarterly item's backlog can cover dozens of cycles: name the ends, count the rest. */
const labelList = (labels: string[]) =>
  labels.length > 3 ? `${labels[0]}至${labels.at(-1)}，共 ${labels.length} 个周期` : labels.join('、');

function daysLeft(days: number): string {
  if (days > 0) return `还有 ${days} 天`;
  if (days === 0) return '今天截止';
  return `已逾期 ${-days} 天`;
}

const STATUS: Record<CycleStatus, string> = {
  OPEN: '进行中',
  DONE: '已报完成，待市投资促进局确认',
  CONFIRMED: '已确认完成',
  PENDING_CONFIRM: '待确认（系统启用前已到期）',
};

export interface CycleLine {
  label: string;
  dueDate: string;
  status: CycleStatus;
  daysLeft: number;
  lead: string;
}

const cycleState = (c: CycleLine) =>
  c.status === 'OPEN' ? `${STATUS.OPEN}，${daysLeft(c.daysLeft)}` : STATUS[c.status];

const HOLIDAY_FORMAT =
  '每行一天或一段：日期 休|班 名称，例如 2027-01-01 休 元旦、2027-10-01~2027-10-07 休 国庆节、2027-02-07 班 春节调休';

export const matrixMessages = {
  statusLabel: STATUS,
  usageProblem: () => '参数不完整。',
  unknownVerb: refusal(
    'E_USAGE',
    (p: { input: string }) => `“${p.input}”不是 /台账 的操作。可用：进度、完成、确认、退回，或直接写事项序号（1—12）。`,
  ),
  unknownItem: refusal(
    'E_NOT_FOUND',
    (p: { input: string }) => `没有“${p.input}”这一项。责任分解表共 12 项，请写序号 1—12；发送 /台账 查看全部事项。`,
  ),
  unknownCycle: refusal(
    'E_NOT_FOUND',
    (p: { number: number; input: string; keys: string[] }) =>
      `${cite(p.number)}没有“${p.input}”这个周期。${p.keys.length > 0 ? `可选周期：${p.keys.join('、')}。` : ''}周期写法：年份（2026）、季度（2026Q4）或节点日期（2019-07-31）。`,
  ),
  noUnit: refusal('E_NO_UNIT', () => '您的账号没有登记所属单位，无法代表单位报送台账。请联系系统管理员为您登记单位。'),
  notLead: refusal(
    'E_NOT_MEMBER',
    (p: { number: number; unit: string; leads: string }) =>
      `「${p.unit}」不是${cite(p.number)}的牵头单位（牵头单位：${p.leads}），不能报完成。如需报送进展，请发送 /台账 进度 ${p.number} <说明>。`,
  ),
  notParticipant: refusal(
    'E_NOT_MEMBER',
    (p: { number: number; unit: string; leads: string }) =>
      `「${p.unit}」不是${cite(p.number)}的牵头或配合单位，不能报送进度。牵头单位：${p.leads}；发送 /台账 ${p.number} 查看配合单位。`,
  ),
  missingBasis: refusal(
    'E_USAGE',
    (p: { number: number }) => `请写明完成依据（文号或说明），例如：/台账 完成 ${p.number} 依据=杭政办函〔2026〕12号`,
  ),
  missingNote: refusal(
    'E_USAGE',
    (p: { number: number }) => `请写明进度说明，例如：/台账 进度 ${p.number} 已完成初稿，正在征求意见`,
  ),
  nothingToComplete: refusal(
    'E_STATUS',
    (p: { number: number; unit: string }) =>
      `${cite(p.number)}中「${p.unit}」牵头的周期都已报完成或已确认，没有需要报完成的周期。发送 /台账 ${p.number} 查看历史。`,
  ),
  nothingOpen: refusal(
    'E_STATUS',
    (p: { number: number }) => `${cite(p.number)}当前没有进行中的周期，无需报送进度。发送 /台账 ${p.number} 查看历史。`,
  ),
  cannotComplete: refusal(
    'E_STATUS',
    (p: { number: number; label: string; status: string }) =>
      `${cite(p.number)}「${p.label}」当前状态为“${p.status}”，不能再报完成。如需重新办理，请市投资促进局先退回：/台账 退回 ${p.number}。`,
  ),
  nothingAwaiting: refusal(
    'E_STATUS',
    (p: { number: number }) => `${cite(p.number)}没有待确认的周期。发送 /台账 ${p.number} 查看历史。`,
  ),
  notAwaiting: refusal(
    'E_STATUS',
    (p: { number: number; label: string; status: string }) =>
      `${cite(p.number)}「${p.label}」当前状态为“${p.status}”，无需确认。`,
  ),
  alreadyOpen: refusal(
    'E_STATUS',
    (p: { number: number; label: string }) => `${cite(p.number)}「${p.label}」已经是进行中，无需退回。`,
  ),
  chooseToConfirm: refusal(
    'E_AMBIGUOUS',
    (p: { number: number; cycles: { key: string; label: string; dueDate: string; status: string }[] }) =>
      [
        `${cite(p.number)}有 ${p.cycles.length} 个周期待确认，请指定要确认的周期：`,
        ...p.cycles.map((c) => `- ${c.key}：${c.label}（完成时限 ${formatIsoDay(c.dueDate)}，${c.status}）`),
        `例如：/台账 确认 ${p.number} ${p.cycles[0]?.key ?? ''}；逐一核实后也可一并确认：/台账 确认 ${p.number} 全部`,
      ].join('\n'),
  ),
  confirmByLeader: refusal(
    'E_FORBIDDEN',
    (p: { number: number }) =>
      `${cite(p.number)}由市投资促进局牵头，其完成情况由分管市领导确认，市投资促进局不确认本单位牵头的事项。`,
  ),
  confirmByIpb: refusal('E_FORBIDDEN', (p: { number: number }) => `${cite(p.number)}的完成情况由市投资促进局确认。`),
  deadlineRequired: refusal(
    'E_USAGE',
    (p: { number: number; label: string; dueDate: string }) =>
      `${cite(p.number)}「${p.label}」的完成时限 ${formatIsoDay(p.dueDate)} 已过，退回时请设定新的整改时限，例如：/台账 退回 ${p.number} 时限=<日期> <理由>`,
  ),
  badDeadline: refusal(
    'E_INVALID_VALUE',
    (p: { input: string }) => `整改时限“${p.input}”无效，请写今天以后的日期，例如 时限=2027-03-31。`,
  ),
  chooseCycle: refusal(
    'E_AMBIGUOUS',
    (p: { number: number; keys: string[] }) =>
      `${cite(p.number)}有多个可退回的周期：${p.keys.join('、')}。请指定周期，例如：/台账 退回 ${p.number} ${p.keys.at(-1) ?? ''} <理由>`,
  ),

  list: (p: { today: string; lines: string[] }) =>
    `### 责任分解表台账（截至${formatIsoDay(p.today)}）\n\n${p.lines.join('\n')}\n\n发送 /台账 <序号> 查看主要内容、完成时限和历史；牵头单位完成后发送 /台账 完成 <序号> 依据=<文号或说明>。`,
  listLine: (p: { number: number; name: string; cycle: CycleLine | null; part: string | null; awaiting: number }) =>
    `- **${p.number}. ${p.name}**${p.part ? `（${p.part}）` : ''}：` +
    (p.cycle === null
      ? '暂无周期'
      : `${p.cycle.label}｜${cycleState(p.cycle)}｜完成时限 ${formatIsoDay(p.cycle.dueDate)}｜牵头：${p.cycle.lead}`) +
    (p.awaiting > 0 ? `｜另有 ${p.awaiting} 个周期待确认` : ''),

  detail: (p: {
    number: number;
    name: string;
    content: string;
    leads: string;
    cooperatingText: string;
    deadlineText: string;
    target: string | null;
    current: (CycleLine & { part: string | null })[];
    history: (CycleLine & { basis: string | null })[];
    earlier: number;
    progress: { at: string; unit: string; by: string; label: string; note: string }[];
  }) =>
    [
      `### ${cite(p.number)}：${p.name}`,
      '',
      `**主要内容**：${p.content}`,
      '',
      `**牵头单位**：${p.leads}`,
      '',
      `**配合单位**：${p.cooperatingText}`,
      '',
      `**完成时限**：${p.deadlineText}`,
      ...(p.target ? ['', `**年度目标**：${p.target}`] : []),
      '',
      '**当前周期**',
      ...(p.current.length > 0
        ? p.current.map(
            (c) =>
              `- ${c.part ? `${c.part}：` : ''}${c.label}，完成时限 ${formatIsoDay(c.dueDate)}，${cycleState(c)}（牵头：${c.lead}）`,
          )
        : ['- 暂无']),
      '',
      '**历史周期**',
      ...(p.earlier > 0 ? [`- （另有 ${p.earlier} 个更早的周期未显示）`] : []),
      ...(p.history.length > 0
        ? p.history.map(
            (c) =>
              `- ${c.label}（${formatIsoDay(c.dueDate)}，${c.lead}）：${STATUS[c.status]}${c.basis ? `，依据：${c.basis}` : ''}`,
          )
        : ['- 无']),
      ...(p.progress.length > 0
        ? ['', '**进度记录**', ...p.progress.map((r) => `- ${r.at} ${r.unit} ${r.by}（${r.label}）：${r.note}`)]
        : []),
      '',
      `报送进度：/台账 进度 ${p.number} <说明>；牵头单位报完成：/台账 完成 ${p.number} 依据=<文号或说明>。`,
    ].join('\n'),

  yearlyTarget: (p: { min: number; max: number; unit: string }) => `每年研究制定或修订 ${p.min}—${p.max} ${p.unit}`,
  reopenNote: (p: { reason: string }) => `退回：${p.reason}`,

  completed: (p: { number: number; label: string; basis: string; next: { label: string; dueDate: string } | null }) =>
    `已记录${cite(p.number)}「${p.label}」完成，依据：${p.basis}。已提请市投资促进局确认。` +
    (p.next ? `\n下一周期：${p.next.label}，完成时限 ${formatIsoDay(p.next.dueDate)}。` : ''),
  progressRecorded: (p: { number: number; label: string; notifiedLead: string | null }) =>
    `已记录${cite(p.number)}「${p.label}」的进度。${p.notifiedLead ? `已同步告知牵头单位${p.notifiedLead}。` : ''}发送 /台账 ${p.number} 查看全部进度。`,
  confirmed: (p: { number: number; labels: string[] }) =>
    `已确认${cite(p.number)}：${labelList(p.labels)}。已通知牵头单位。`,
  reopened: (p: { number: number; label: string; dueDate: string; daysLeft: number }) =>
    `已退回${cite(p.number)}「${p.label}」，重新列入督办（整改时限 ${formatIsoDay(p.dueDate)}，${daysLeft(p.daysLeft)}）。已通知牵头单位。`,

  completedNotice: (p: { number: number; name: string; label: string; unit: string; by: string; basis: string }) =>
    `【台账】${p.unit} ${p.by} 报告${cite(p.number)}「${p.name}」${p.label}已完成，依据：${p.basis}。\n请核实后发送 /台账 确认 ${p.number}，或 /台账 退回 ${p.number} <理由>。`,
  confirmedNotice: (p: { number: number; name: string; labels: string[]; by: string }) =>
    `【台账】${p.by} 已确认${cite(p.number)}「${p.name}」：${labelList(p.labels)}。`,
  reopenedNotice: (p: {
    number: number;
    name: string;
    label: string;
    dueDate: string;
    daysLeft: number;
    by: string;
    reason: string | null;
  }) =>
    `【台账】市投资促进局 ${p.by} 退回了${cite(p.number)}「${p.name}」${p.label}${p.reason ? `，理由：${p.reason}` : ''}。\n` +
    `该周期重新列入督办，整改时限 ${formatIsoDay(p.dueDate)}，${daysLeft(p.daysLeft)}。完成后请发送 /台账 完成 ${p.number} 依据=<文号或说明>。`,
  progressNotice: (p: { number: number; name: string; label: string; unit: string; by: string; note: string }) =>
    `【台账】配合单位${p.unit} ${p.by} 报送了${cite(p.number)}「${p.name}」${p.label}的进度：${p.note}`,

  reminderTitle: (p: {
    number: number;
    kind: BeforeKind | 'overdue' | 'coop-30' | 'progress-prompt';
    daysLeft: number;
  }) =>
    p.kind === 'overdue'
      ? `台账督办：第${p.number}项已逾期 ${-p.daysLeft} 天`
      : p.kind === 'coop-30'
        ? `台账提醒：第${p.number}项（请配合）`
        : p.kind === 'progress-prompt'
          ? `台账：第${p.number}项常态化工作季度进展`
          : `台账提醒：第${p.number}项（${p.daysLeft === 0 ? '今天截止' : `还有 ${p.daysLeft} 天`}）`,
  progressPrompt: (p: { number: number; name: string; label: string; lead: string }) =>
    [
      `**${cite(p.number)}：${p.name}**`,
      '',
      `本项为常态化工作，按季度报送进展，没有完成时限。请${p.lead}报送「${p.label}」的工作进展：/台账 进度 ${p.number} <说明>。`,
    ].join('\n'),
  reminder: (p: {
    number: number;
    name: string;
    label: string;
    dueDate: string;
    daysLeft: number;
    lead: string;
    target: string | null;
  }) => {
    const when =
      p.daysLeft === 0
        ? '今天截止'
        : p.daysLeft > 0
          ? `还有 ${p.daysLeft} 天${p.daysLeft <= 2 ? `（${formatIsoDay(p.dueDate)}为${weekdayOf(p.dueDate)}）` : ''}`
          : `已逾期 ${-p.daysLeft} 天`;
    return [
      `**${cite(p.number)}：${p.name}**`,
      '',
      `- 周期：${p.label}`,
      `- 完成时限：${formatIsoDay(p.dueDate)}，${when}`,
      `- 牵头单位：${p.lead}`,
      ...(p.target ? [`- 年度目标：${p.target}`] : []),
      '',
      `完成后请发送 /台账 完成 ${p.number} 依据=<文号或说明>；报送进展：/台账 进度 ${p.number} <说明>。`,
    ].join('\n');
  },
  coopReminder: (p: { number: number; name: string; label: string; dueDate: string; daysLeft: number; lead: string }) =>
    [
      `**${cite(p.number)}：${p.name}**`,
      '',
      `贵单位是本项配合单位。牵头单位${p.lead}的「${p.label}」完成时限为 ${formatIsoDay(p.dueDate)}（${daysLeft(p.daysLeft)}），请做好配合。`,
      '',
      `配合进展可发送 /台账 进度 ${p.number} <说明>，会同步告知牵头单位。`,
    ].join('\n'),

  digestTitle: (p: { week: string }) => `台账周报（${p.week.replace('-W', '年第')}周）`,
  digest: (p: {
    week: string;
    at: string;
    counts: { OVERDUE: number; DUE_SOON: number; DONE: number; PENDING_CONFIRM: number; CONFIRMED: number };
    overdue: { number: number; name: string; label: string; dueDate: string; days: number; lead: string }[];
    dueSoon: { number: number; name: string; label: string; dueDate: string; days: number; lead: string }[];
    continuous: { number: number; name: string; lastAt: string | null }[];
  }) =>
    [
      `### 责任分解表台账周报（${p.week.replace('-W', '年第')}周，截至 ${p.at}）`,
      '',
      `- 逾期 ${p.counts.OVERDUE} 个周期；30天内到期 ${p.counts.DUE_SOON} 个`,
      `- 已报完成待确认 ${p.counts.DONE} 个；系统启用前到期待确认 ${p.counts.PENDING_CONFIRM} 个；已确认完成 ${p.counts.CONFIRMED} 个`,
      '',
      '**逾期事项**',
      ...(p.overdue.length > 0
        ? p.overdue.map(
            (c) =>
              `- 第${c.number}项 ${c.name}：${c.label}，完成时限 ${formatIsoDay(c.dueDate)}，已逾期 ${-c.days} 天（牵头：${c.lead}）`,
          )
        : ['- 无']),
      '',
      '**30天内到期**',
      ...(p.dueSoon.length > 0
        ? p.dueSoon.map(
            (c) =>
              `- 第${c.number}项 ${c.name}：${c.label}，完成时限 ${formatIsoDay(c.dueDate)}，${daysLeft(c.days)}（牵头：${c.lead}）`,
          )
        : ['- 无']),
      ...(p.continuous.length > 0
        ? [
            '',
            '**常态化事项（按季度报送进展，无完成时限）**',
            ...p.continuous.map(
              (c) => `- 第${c.number}项 ${c.name}：${c.lastAt === null ? '尚未报送进展' : `最近一次进展 ${c.lastAt}`}`,
            ),
          ]
        : []),
      '',
      '发送 /台账 查看全部事项，/台账 <序号> 查看详情。',
    ].join('\n'),

  pendingTitle: () => '台账：系统启用前到期的事项待确认',
  pendingSummary: (p: {
    deployedOn: string;
    total: number;
    items: { number: number; name: string; count: number; first: string; last: string }[];
  }) =>
    [
      `### 责任分解表：${p.total} 个周期待确认`,
      '',
      `以下完成时限在本系统启用（${formatIsoDay(p.deployedOn)}）之前已经到期，系统无从得知是否按时完成，已记为“待确认”，不会按逾期反复提醒：`,
      '',
      ...p.items.map(
        (i) =>
          `- 第${i.number}项 ${i.name}：${i.count} 个周期（${i.first !== i.last ? `${formatIsoDay(i.first)}至${formatIsoDay(i.last)}` : formatIsoDay(i.first)}）`,
      ),
      '',
      '请逐项核实：已完成的发送 /台账 确认 <序号> <周期>（或 全部）；未完成的发送 /台账 退回 <序号> <周期> 时限=<整改时限> <理由>，重新列入督办。市投资促进局牵头的事项由分管市领导确认。',
    ].join('\n'),

  holiday: {
    usage: () => ['/节假日 <年>', '/节假日 导入 <年> <日期> 休|班 <名称> …'],
    fileUsage: refusal(
      'E_USAGE',
      () => '用法：npx tsx src/import-holidays.ts <年> <文件>（文件每行：日期 休|班 名称，# 开头为注释）',
    ),
    badYear: refusal(
      'E_INVALID_VALUE',
      (p: { input: string }) => `“${p.input}”不是有效年份，请写四位年份，例如 2027。`,
    ),
    imported: (p: { year: number; off: number; work: number; replaced: boolean }) =>
      `已${p.replaced ? '更新' : '导入'}${p.year}年节假日安排：休息日 ${p.off} 天，调休上班 ${p.work} 天。今后${p.year}年的台账提醒按此安排计算；发送 /节假日 ${p.year} 核对。`,
    importError: refusal('E_INVALID_VALUE', (year: number, error: HolidayImportError): string => {
      const hint = `\n格式：/节假日 导入 ${year} 后接${HOLIDAY_FORMAT}。`;
      switch (error.code) {
        case 'empty':
          return `请在年份后写出${year}年的放假和调休安排。${hint}`;
        case 'bad-date':
          return `“${error.token}”不是有效日期。${hint}`;
        case 'wrong-year':
          return `“${error.token}”不在${year}年。一次只导入一年的安排。${hint}`;
        case 'missing-kind':
          return `“${error.token}”后面需要写“休”或“班”。${hint}`;
        case 'bad-range':
          return `“${error.token}”不是有效的日期段（起止颠倒或超过 14 天）。${hint}`;
        case 'conflict':
          return `${formatIsoDay(error.date)}同时写成了“休”和“班”，请核对。`;
        case 'no-holidays':
          return `导入内容里没有任何“休”的日期，不像是国务院的放假通知，请核对后重新导入。${hint}`;
      }
    }),
    status: (p: {
      year: number;
      source: CalendarSource;
      packageName: string;
      importedBy: string | null;
      importedAt: string | null;
      entries: HolidayEntry[];
    }) => {
      const off = p.entries.filter((e) => e.kind === 'OFF');
      const work = p.entries.filter((e) => e.kind === 'WORK');
      const head =
        p.source === 'imported'
          ? `${p.year}年：使用管理员导入的官方安排（${p.importedBy ?? ''} 于 ${p.importedAt ?? ''} 导入），优先于节假日数据包。`
          : p.source === 'package'
            ? `${p.year}年：使用节假日数据包 ${p.packageName} 中的国务院安排。`
            : `${p.year}年：节假日数据未覆盖，暂按周一至周五上班推算，可能与实际放假安排不符。国务院公布安排后，请系统管理员发送：/节假日 导入 ${p.year} <安排>（${HOLIDAY_FORMAT}）。`;
      if (p.source === 'fallback') return head;
      const list = (entries: HolidayEntry[]) =>
        entries.map((e) => `${formatIsoDay(e.date).slice(5)}${e.name ? `（${e.name}）` : ''}`).join('、');
      return `${head}\n休息日 ${off.length} 天：${list(off) || '无'}\n调休上班 ${work.length} 天：${list(work) || '无'}`;
    },
    fallbackTitle: (p: { year: number }) => `节假日数据缺失：${p.year}年`,
    fallbackWarning: (p: { year: number; packageName: string }) =>
      `【节假日】节假日数据包 ${p.packageName} 尚未包含${p.year}年的放假和调休安排，台账提醒暂按周一至周五上班推算，逢节假日可能提醒不准。\n` +
      `国务院办公厅公布${p.year}年安排后，请系统管理员发送：/节假日 导入 ${p.year} <安排>（${HOLIDAY_FORMAT}）；导入后发送 /节假日 ${p.year} 核对。`,
  },
};

// ---------------------------------------------------------------------------------------------
// Renderers: the /台账 replies and the notices of src/services/matrix.ts, from its outcomes.

const w = marked(matrixMessages);

export function renderMatrixLedger(outcome: MatrixLedgerOutcome): Message {
  return {
    kind: 'markdown',
    title: '/台账',
    markdown: w.list({ today: outcome.today, lines: outcome.lines.map((l) => w.listLine(l)) }),
  };
}

export function renderMatrixItem(outcome: MatrixItemOutcome): Message {
  const { number, name, content, cooperatingText, deadlineText, current, history, earlier } = outcome;
  const markdown = w.detail({
    number,
    name,
    content,
    leads: outcome.leads.join('、'),
    cooperatingText,
    deadlineText,
    target: outcome.yearlyTarget === null ? null : w.yearlyTarget(outcome.yearlyTarget),
    current,
    history,
    earlier,
    progress: outcome.progress.map((p) => ({
      at: formatDateTime(p.recordedAt),
      unit: p.unit,
      by: p.by,
      label: p.label,
      note: p.note,
    })),
  });
  return { kind: 'markdown', title: `/台账 ${number}`, markdown };
}

export function renderMatrixProgress(outcome: MatrixProgressOutcome): string {
  return w.progressRecorded({ number: outcome.number, label: outcome.label, notifiedLead: outcome.notifiedLead });
}

export function renderMatrixCompleted(outcome: MatrixCompletedOutcome): string {
  return w.completed({ number: outcome.number, label: outcome.label, basis: outcome.basis, next: outcome.next });
}

export function renderMatrixConfirmed(outcome: MatrixConfirmedOutcome): string {
  return w.confirmed({ number: outcome.number, labels: outcome.labels });
}

export function renderMatrixReopened(outcome: MatrixReopenedOutcome): string {
  return w.reopened({
    number: outcome.number,
    label: outcome.label,
    dueDate: outcome.dueDate,
    daysLeft: outcome.daysLeft,
  });
}

export function renderHolidaysImported(outcome: HolidaysImportedOutcome): string {
  const { year, off, work } = outcome;
  return w.holiday.imported({ year, off, work, replaced: outcome.kind === 'replaced' });
}

export function renderHolidayYear(outcome: HolidayYearOutcome): string {
  const { year, source, packageName, importedBy, entries } = outcome;
  const importedAt = outcome.importedAt === null ? null : formatDateTime(outcome.importedAt);
  return w.holiday.status({ year, source, packageName, importedBy, importedAt, entries });
}

/** To the lead unit: a cooperating unit's progress note. */
export const matrixProgressNotice = w.progressNotice;
/** To IPB: a lead unit reports its cycle done and asks for confirmation. */
export const matrixCompletedNotice = w.completedNotice;
/** To each lead unit whose cycles were confirmed. */
export const matrixConfirmedNotice = w.confirmedNotice;
/** To the lead unit: its cycle is back under supervision with a 整改时限. */
export const matrixReopenedNotice = w.reopenedNotice;
/** The progress note a reopening with a reason leaves on the cycle. */
export const matrixReopenNote = w.reopenNote;
