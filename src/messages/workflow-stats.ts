/** Chinese text of /统计 <期间>: the statistics of every workflow and the 赛马 ranking, and their periods. */

import { formatWan } from '../domain/parsing/amount.ts';
import { DISPOSITION_LABELS, type Disposition } from '../domain/policies/findings.ts';
import type { Period, PeriodError } from '../domain/stats/period.ts';
import type { RaceWeights } from '../domain/stats/race.ts';
import { citeRule } from './citation.ts';
import type { WorkflowStats } from '../domain/stats/workflow-stats.ts';
import { refusal } from './refusal.ts';
import type { Message } from '../app/receiver.ts';
import { PROJECT_STATUSES, STATUS_LABELS, type ProjectStatus } from '../domain/projects/status.ts';
import type { PeriodStatsOutcome, StatsOverviewOutcome } from '../services/stats.ts';
import { dashboardMessages } from './dashboard.ts';
import { formatDateTime, formatPeriodEnd } from './format.ts';
import { zhCN } from './zh-CN.ts';

const USAGE = '/统计 [<年>|<年>Q<n>|<年>-<月>]，例如 /统计 2026、/统计 2026Q4、/统计 2026-11；/统计 图 发送统计图';

/** 2026-12-31 → 2026年12月31日. */
const day = (date: string) => `${date.slice(0, 4)}年${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`;

const dayBefore = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

const pct = (n: number) => `${Math.round(n * 1000) / 10}%`;

export const periodName = (p: Period): string =>
  p.kind === 'year' ? `${p.year}年` : p.kind === 'quarter' ? `${p.year}年第${p.index}季度` : `${p.year}年${p.index}月`;

export const periodRange = (p: Period): string => `${day(p.from)}至${day(dayBefore(p.to))}`;

/** 赛马 formula in words, shown wherever the ranking is. */
export const raceFormula = (w: RaceWeights) =>
  `得分 = ${w.conversions}×转化数÷最高转化数 + ${w.landedAmount}×落地投资额÷最高落地投资额 + ${w.conformance}×布局导引符合率（转化数 = 本期签约数 + 落地数）${citeRule('R13')}`;

export const workflowStatsMessages = {
  periodError: refusal(
    'E_INVALID_VALUE',
    (p: { input: string; error: PeriodError }) =>
      `看不懂统计期间“${p.input}”${p.error === 'quarter' ? '：季度只能是 Q1 至 Q4' : p.error === 'month' ? '：月份只能是 1 至 12' : p.error === 'year' ? '：年份应在 2019 年（制度施行）之后' : ''}。\n用法：${USAGE}`,
  ),
  title: (p: { period: Period }) => `${periodName(p.period)}统计`,
  heading: (p: { period: Period }) => `### ${periodName(p.period)}各项工作统计（${periodRange(p.period)}）`,
  projects: (s: WorkflowStats) => {
    const t = s.total;
    const lines = [
      '#### 首报首谈',
      '',
      `全市首报 ${t.reports} 个（投资额 ${formatWan(t.reportedWan)}），赋予首谈期 ${t.grants} 个，冲突 ${t.conflicts} 个，驳回 ${t.denials} 个，首谈期满 ${t.expiries} 个；签约 ${t.signings} 个（${formatWan(t.signedWan)}），落地 ${t.landings} 个（${formatWan(t.landedWan)}）。`,
    ];
    const active = s.units.filter(
      (u) => u.reports + u.grants + u.conflicts + u.denials + u.expiries + u.signings + u.landings > 0,
    );
    if (active.length > 0) {
      lines.push('');
      for (const u of active) {
        lines.push(
          `- ${u.unitName}：首报 ${u.reports}（${formatWan(u.reportedWan)}）、赋予 ${u.grants}、冲突 ${u.conflicts}、驳回 ${u.denials}、期满 ${u.expiries}、签约 ${u.signings}、落地 ${u.landings}（${formatWan(u.landedWan)}）`,
        );
      }
    }
    if (s.chains.length > 0) {
      lines.push(
        '',
        `按产业链：${s.chains.map((c) => `${c.chain} 首报 ${c.reports}、签约 ${c.signings}、落地 ${c.landings}`).join('；')}`,
      );
    }
    return lines.join('\n');
  },
  coordination: (s: WorkflowStats) => {
    const dispositions = Object.entries(s.findings.dispositions)
      .map(([d, n]) => `${DISPOSITION_LABELS[d as Disposition] ?? d} ${n}`)
      .join('、');
    const violators = s.units.filter((u) => u.violations > 0).map((u) => `${u.unitName} ${u.violations}`);
    const findingUnits = s.units.filter((u) => u.findings > 0).map((u) => `${u.unitName} ${u.findings}`);
    return [
      '#### 协调事项',
      '',
      `- 存量项目流转：新申请 ${s.transfers.opened} 件，同意 ${s.transfers.approved} 件，不同意 ${s.transfers.rejected} 件${s.transfers.sharing.length > 0 ? `；约定利益共享：${s.transfers.sharing.map((x) => `${x.code} 迁出地留成 ${x.originSharePct}%、${x.shareYears} 年`).join('；')}` : ''}`,
      `- 一事一议：新申请 ${s.support.requests} 件，金额 ${formatWan(s.support.amountWan)}${s.support.bodies.length > 0 ? `（${s.support.bodies.map((b) => `${b.unitName} ${b.requests} 件 ${formatWan(b.amountWan)}，同意 ${b.approved}、不同意 ${b.rejected}`).join('；')}）` : ''}`,
      `- 比拼政策：新发现 ${s.findings.opened} 起${findingUnits.length > 0 ? `（${findingUnits.join('、')}）` : ''}，已处置 ${s.findings.disposed} 起${dispositions ? `（${dispositions}）` : ''}`,
      `- 首报首谈违规：${s.violations} 起${violators.length > 0 ? `（${violators.join('、')}）` : ''}`,
      `- 市级主谈：提出 ${s.cityLed.proposed} 个，批准成立专项组 ${s.cityLed.approved} 个，不批准 ${s.cityLed.declined} 个，形成会议纪要 ${s.cityLed.concluded} 个`,
      `- 要素保障：盘活存量土地 ${s.factors.landMu} 亩（奖励用地指标 ${s.factors.landRewardMu} 亩）；能耗申请 ${s.factors.energyRequests} 件 ${s.factors.energyTonnes} 吨标煤，已分配 ${s.factors.energyGrantedTonnes} 吨标煤；基金尽调 ${s.factors.diligences} 项，投资建议 ${s.factors.suggestions} 项`,
      `- 责任分解表：本期到期 ${s.matrix.due} 项，按时完成 ${s.matrix.onTime} 项，逾期 ${s.matrix.late} 项，未到期 ${s.matrix.open} 项；常态化事项本期应报进展 ${s.matrix.continuousDue} 项，已报 ${s.matrix.continuousNoted} 项`,
    ].join('\n');
  },
  race: (s: WorkflowStats) => {
    const shown = s.race.filter((r) => r.reports + r.conversions > 0);
    return [
      '#### 赛马排名（区、县（市）和平台）',
      '',
      ...(shown.length === 0
        ? ['本期各单位均无首报、签约或落地，暂不排名。']
        : shown.map(
            (r) =>
              `${r.rank}. ${r.unitName}：${r.score} 分（转化 ${r.conversions}，落地 ${formatWan(r.landedWan)}，导引符合率 ${pct(r.conformance)}）`,
          )),
      '',
      `${raceFormula(s.raceWeights)}；这是本系统的实施规则，不是制度条款；市投资促进局可用 /规则 设置 R13 <权重> 依据=<文号> 调整。`,
    ].join('\n');
  },
  footer: () => '发送 /统计 图 查看统计图，/简报 月 生成工作简报，/导出 下载各类台账。',
} as const;

// ---------------------------------------------------------------------------------------------
// Renderers: the /统计 replies, from the outcomes of src/services/stats.ts.

/** The period figures in words (the /统计 <期间> reply, and a section of /统计). */
function workflowStatsText(s: WorkflowStats): string {
  const w = workflowStatsMessages;
  return [w.heading({ period: s.period }), w.projects(s), w.coordination(s), w.race(s)].join('\n\n');
}

export function renderPeriodStats(outcome: PeriodStatsOutcome): Message {
  const { stats } = outcome;
  const markdown = [workflowStatsText(stats), workflowStatsMessages.footer()].join('\n\n');
  return { kind: 'markdown', title: workflowStatsMessages.title({ period: stats.period }), markdown };
}

/** `/统计`: the dashboard in words, this year's workflow figures, then the bot's own operating figures. */
export function renderStatsOverview(outcome: StatsOverviewOutcome): Message {
  const { dashboard: d, bot: s, api } = outcome;
  const t = dashboardMessages;
  const nonZero = (counts: Record<ProjectStatus, number>) =>
    PROJECT_STATUSES.filter((status) => counts[status] > 0).map((status) => ({
      label: STATUS_LABELS[status],
      count: counts[status],
    }));
  const sections = [
    t.projects({
      total: d.projects.total,
      amountWan: d.projects.amountWan,
      totals: nonZero(d.projects.totals),
      units: d.projects.units
        .filter((u) => u.total > 0)
        .sort((a, b) => b.total - a.total)
        .map((u) => ({ name: u.unitName, total: u.total, amountWan: u.amountWan, counts: nonZero(u.counts) })),
    }),
    t.expiring({
      days: outcome.expiringWithinDays,
      lines: d.expiring.map((p) => ({
        code: p.code,
        name: p.name,
        unit: p.unitName,
        until: formatPeriodEnd(p.until),
        daysLeft: p.daysLeft,
      })),
    }),
    t.transfers({ lines: d.transfers.map((x) => ({ ...x, since: formatDateTime(x.since) })) }),
    t.overdue({ lines: d.matrix.overdue }),
    workflowStatsText(outcome.workflow),
    zhCN.stats.body({
      users: s.users,
      boundGroups: s.boundGroups,
      unitsWithoutGroup: s.unitsWithoutGroup,
      pending: s.pendingNotices,
      dead: s.deadNotices,
      month: s.apiMonth,
      platform: api.platform,
      apiCalls: s.apiCalls,
      quota: api.monthlyQuota,
    }),
  ];
  return { kind: 'markdown', title: t.title(), markdown: sections.join('\n\n') };
}
