import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Tx } from '../db/tx.ts';
import { MATRIX_STATES, collectDashboard, collectWorkflowStats, type Dashboard } from './stats.ts';
import { type Period, yearPeriod } from '../domain/stats/period.ts';
import type { WorkflowStats } from '../domain/stats/workflow-stats.ts';
import { chartMessages as c } from '../messages/charts.ts';
import { shanghaiDay } from '../domain/matrix/dates.ts';
import { formatDate } from '../messages/format.ts';
import { periodName } from '../messages/workflow-stats.ts';
import { zhCN } from '../messages/zh-CN.ts';
import { matrixChart, projectsByUnitChart, raceChart, type ChartSpec } from './charts/definitions.ts';
import { renderSheetPng } from './charts/render.ts';
import { fileStamp } from './ledger-export.ts';

/** The charts of the dashboard and the 简报, by the name the simulator's /api/charts/<name>.png uses. */
export const CHART_NAMES = ['projects', 'race', 'matrix'] as const;
export type ChartName = (typeof CHART_NAMES)[number];

export function projectsChartOf(d: Dashboard): ChartSpec {
  return projectsByUnitChart({
    title: c.projectsTitle(),
    empty: c.projectsEmpty(),
    statuses: d.projects.statuses.map((s) => ({ key: s.status, label: s.label })),
    units: d.projects.units.filter((u) => u.total > 0).map((u) => ({ name: u.unitName, counts: u.counts })),
  });
}

export function raceChartOf(s: WorkflowStats): ChartSpec {
  return raceChart({
    title: c.raceTitle({ period: periodName(s.period) }),
    empty: c.raceEmpty(),
    scoreLabel: c.score(),
    rows: s.race.filter((r) => r.reports + r.conversions > 0).map((r) => ({ name: r.unitName, score: r.score })),
  });
}

export function matrixChartOf(d: Dashboard): ChartSpec {
  return matrixChart({
    title: c.matrixTitle(),
    states: MATRIX_STATES.map((state) => ({
      label: zhCN.dashboard.matrixStates[state] ?? state,
      count: d.matrix.states[state],
    })),
  });
}

/** The dashboard's charts as of now; the ranking is this year's so far. */
export async function dashboardCharts(tx: Tx, now: Date): Promise<Record<ChartName, ChartSpec>> {
  const [dashboard, stats] = await Promise.all([
    collectDashboard(tx, now),
    collectWorkflowStats(tx, yearPeriod(shanghaiDay(now).year), now),
  ]);
  return { projects: projectsChartOf(dashboard), race: raceChartOf(stats), matrix: matrixChartOf(dashboard) };
}

/** The picture's file, the stamp its name carries, the moment it shows and the period of its ranking. */
export interface DashboardPictureOutcome {
  kind: 'picture';
  path: string;
  stamp: string;
  at: Date;
  period: Period;
}

/** `/统计 图`: the three charts on one picture, written under an unguessable name in `filesDir`. */
export async function dashboardPicture(
  tx: Tx,
  now: Date,
  filesDir: string | undefined,
): Promise<DashboardPictureOutcome> {
  if (filesDir === undefined)
    throw new Error('settings.filesDir is not configured; pictures need a folder to write to');
  const charts = await dashboardCharts(tx, now);
  const today = formatDate(now);
  const sheet = await renderSheetPng(c.dashboardTitle({ today }), [charts.projects, charts.race, charts.matrix]);
  await mkdir(filesDir, { recursive: true, mode: 0o700 });
  const path = join(filesDir, `${randomBytes(16).toString('hex')}.png`);
  await writeFile(path, sheet.png, { mode: 0o600, flag: 'wx' });
  return { kind: 'picture', path, stamp: fileStamp(now), at: now, period: yearPeriod(shanghaiDay(now).year) };
}
