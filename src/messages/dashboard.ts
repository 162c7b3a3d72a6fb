/** Chinese text of the dashboard: /统计 and the simulator's charts. */

import { formatWan } from '../domain/parsing/amount.ts';
import { daysLeftText } from './projects.ts';

const SHOWN = 10;

const more = (count: number) => (count > SHOWN ? [`- ……另有 ${count - SHOWN} 条`] : []);

/** 2026-12-31 → 2026年12月31日. */
const day = (date: string) => {
  const [year, month, dayOfMonth] = date.split('-');
  return `${year}年${Number(month)}月${Number(dayOfMonth)}日`;
};

export const dashboardMessages = {
  title: () => '统计',
  matrixStates: {
    OVERDUE: '已逾期',
    DUE_SOON: '30天内到期',
    OPEN: '进行中',
    AWAITING_IPB: '待确认',
    CONFIRMED: '已确认完成',
  } as Record<string, string>,
  projects: (p: {
    total: number;
    amountWan: number;
    totals: { label: string; count: number }[];
    units: { name: string; total: number; amountWan: number; counts: { label: string; count: number }[] }[];
  }) => {
    if (p.total === 0) return ['### 首报项目', '', '尚无首报项目。'].join('\n');
    const breakdown = (counts: { label: string; count: number }[]) =>
      counts.map((c) => `${c.label} ${c.count}`).join('、');
    return [
      '### 首报项目（按单位和状态）',
      '',
      `全市共 ${p.total} 个，投资额合计 ${formatWan(p.amountWan)}：${breakdown(p.totals)}`,
      '',
      ...p.units.map((u) => `- ${u.name}：${u.total} 个（${breakdown(u.counts)}），投资额 ${formatWan(u.amountWan)}`),
    ].join('\n');
  },
  expiring: (p: {
    days: number;
    lines: { code: string; name: string; unit: string; until: string; daysLeft: number }[];
  }) =>
    [
      `### ${p.days} 天内到期的首谈期`,
      '',
      ...(p.lines.length === 0
        ? ['无。']
        : [
            ...p.lines
              .slice(0, SHOWN)
              .map((l) => `- **${l.code}** ${l.name}（${l.unit}）：首谈期至 ${l.until}，${daysLeftText(l.daysLeft)}`),
            ...more(p.lines.length),
          ]),
    ].join('\n'),
  transfers: (p: {
    lines: {
      code: string;
      enterprise: string;
      from: string;
      to: string;
      statusLabel: string;
      round: number;
      since: string;
      waitingFor: string[];
    }[];
  }) =>
    [
      '### 在办的存量项目流转',
      '',
      ...(p.lines.length === 0
        ? ['无。']
        : [
            ...p.lines
              .slice(0, SHOWN)
              .map(
                (l) =>
                  `- **${l.code}** ${l.enterprise}（${l.from} → ${l.to}）：${l.statusLabel}，第 ${l.round} 轮（${l.since} 起）${l.waitingFor.length > 0 ? `，待评审：${l.waitingFor.join('、')}` : ''}`,
              ),
            ...more(p.lines.length),
          ]),
    ].join('\n'),
  overdue: (p: {
    lines: { number: number; name: string; label: string; dueDate: string; lead: string; daysOverdue: number }[];
  }) =>
    [
      '### 逾期的台账事项（责任分解表）',
      '',
      ...(p.lines.length === 0
        ? ['无逾期事项。']
        : [
            ...p.lines
              .slice(0, SHOWN)
              .map(
                (l) =>
                  `- 第${l.number}项「${l.name}」${l.label}：${day(l.dueDate)}截止（${l.lead}），已逾期 ${l.daysOverdue} 天`,
              ),
            ...more(p.lines.length),
          ]),
      '',
      '发送 /台账 查看全部事项，/导出 项目 或 /导出 台账 下载 XLSX 台账。',
    ].join('\n'),
} as const;
