import type { EChartsOption } from 'echarts';

/**
 * The chart definitions, one per chart: the simulator dashboard and the 工作简报 draw the same
 * option objects (rendered on the server by ECharts, DESIGN issue 15). Inputs are labelled figures;
 * the words come from messages/charts.ts through the caller.
 */

export const CHART_FONT = 'Noto Sans SC';
const PALETTE = ['#3a6fd8', '#e8a33d', '#3fae6b', '#d9534f', '#8a8f98', '#7b61c9', '#2bb3c0', '#c76b98', '#a0522d'];

export interface ChartSpec {
  width: number;
  height: number;
  option: EChartsOption;
}

const base = (title: string): EChartsOption => ({
  animation: false,
  color: PALETTE,
  backgroundColor: '#ffffff',
  textStyle: { fontFamily: CHART_FONT },
  title: {
    text: title,
    left: 'center',
    top: 8,
    textStyle: { fontFamily: CHART_FONT, fontSize: 18, fontWeight: 'normal' },
  },
});

const emptyNote = (text: string): EChartsOption['graphic'] => ({
  type: 'text',
  left: 'center',
  top: 'middle',
  style: { text, fontSize: 16, fill: '#8a8f98', fontFamily: CHART_FONT },
});

/** Stacked horizontal bars: each unit's projects by status. */
export function projectsByUnitChart(p: {
  title: string;
  empty: string;
  statuses: { key: string; label: string }[];
  units: { name: string; counts: Record<string, number> }[];
}): ChartSpec {
  const units = [...p.units].reverse(); // ECharts draws the first category at the bottom
  const used = p.statuses.filter((s) => units.some((u) => (u.counts[s.key] ?? 0) > 0));
  const height = Math.max(320, 90 + units.length * 28);
  return {
    width: 900,
    height,
    option: {
      ...base(p.title),
      legend: { top: 40, data: used.map((s) => s.label), textStyle: { fontFamily: CHART_FONT } },
      grid: { left: 16, right: 32, top: 80, bottom: 24, containLabel: true },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', data: units.map((u) => u.name) },
      series: used.map((s) => ({
        name: s.label,
        type: 'bar',
        stack: 'projects',
        barMaxWidth: 22,
        data: units.map((u) => u.counts[s.key] ?? 0),
      })),
      ...(used.length === 0 ? { graphic: emptyNote(p.empty) } : {}),
    },
  };
}

/** Horizontal bars: the 赛马 score of each unit, best on top. */
export function raceChart(p: {
  title: string;
  empty: string;
  scoreLabel: string;
  rows: { name: string; score: number }[];
}): ChartSpec {
  const rows = [...p.rows].reverse();
  const height = Math.max(320, 90 + rows.length * 28);
  return {
    width: 900,
    height,
    option: {
      ...base(p.title),
      grid: { left: 16, right: 48, top: 56, bottom: 24, containLabel: true },
      xAxis: { type: 'value', max: 100, name: p.scoreLabel },
      yAxis: { type: 'category', data: rows.map((r) => r.name) },
      series: [
        {
          type: 'bar',
          barMaxWidth: 22,
          data: rows.map((r) => r.score),
          label: { show: true, position: 'right', fontFamily: CHART_FONT },
        },
      ],
      ...(rows.length === 0 ? { graphic: emptyNote(p.empty) } : {}),
    },
  };
}

/** A ring: how many matrix items are overdue, due soon, open, awaiting IPB, confirmed. */
export function matrixChart(p: { title: string; states: { label: string; count: number }[] }): ChartSpec {
  return {
    width: 900,
    height: 380,
    option: {
      ...base(p.title),
      color: ['#d9534f', '#e8a33d', '#3a6fd8', '#7b61c9', '#3fae6b'],
      legend: { bottom: 8, textStyle: { fontFamily: CHART_FONT } },
      series: [
        {
          type: 'pie',
          radius: ['35%', '62%'],
          center: ['50%', '52%'],
          label: { formatter: '{b}：{c}', fontFamily: CHART_FONT },
          data: p.states.filter((s) => s.count > 0).map((s) => ({ name: s.label, value: s.count })),
        },
      ],
    },
  };
}
