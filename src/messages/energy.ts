/** Chinese text of energy quota coordination (policy 五(二); DESIGN §6). Included as zhCN.coordination.energy. */

import type { Message } from '../app/receiver.ts';
import type { EnergyOutcomeKind } from '../domain/factors/energy.ts';
import { formatWan } from '../domain/parsing/amount.ts';
import type {
  EnergyAllocationOutcome,
  EnergyOverviewOutcome,
  EnergyPoolOutcome,
  EnergyRequestOutcome,
} from '../services/energy.ts';
import { citeClause, citeRule, ruleRef } from './citation.ts';
import { quantityProblems } from './format.ts';
import { refusal } from './refusal.ts';
import { formatDateTime } from './format.ts';
import { marked } from './user-values.ts';

const WUER = citeClause('五(二)');

const QUANTITY_PROBLEMS = quantityProblems('须为整吨');

const OUTCOME: Record<string, string> = {
  FULL: '全额分配',
  PARTIAL: '部分分配（额度池已用完）',
  NONE: '未获分配（额度池已用完）',
  INVALID: '申请无效，未参与分配',
};

export const energyMessages = {
  actions: {
    'energy.pool': '设定能耗指标池',
    'energy.request': '申请能耗指标',
    'energy.allocate': '分配能耗指标',
  } as Record<string, string>,
  outcomeLabel: OUTCOME,

  usage: {
    unknownVerb: refusal(
      'E_USAGE',
      (p: { input: string }) => `“${p.input}”不是 /能耗 的操作。可用：额度、申请、分配，或写年份查看。`,
    ),
    missingPool: () => '请写明年份和额度（吨标煤）。',
    missingRequest: () => '请写明项目编号、用能和产值。',
    missingYear: () => '请写明要分配的年份。',
  },
  refusals: {
    year: refusal(
      'E_INVALID_VALUE',
      (p: { input: string; min: number; max: number }) => `年份“${p.input}”无效，请写 ${p.min}—${p.max} 之间的年份。`,
    ),
    tonnes: refusal(
      'E_INVALID_VALUE',
      (p: { input: string; code: string }) =>
        `用能“${p.input}”${QUANTITY_PROBLEMS[p.code] ?? '无法识别'}，请写吨标煤，例如 5000 或 0.5万吨标煤。`,
    ),
    output: refusal(
      'E_INVALID_VALUE',
      (p: { input: string }) => `产值“${p.input}”无法识别，可写 30亿、5000万（须为整万元，且大于 0）。`,
    ),
    allocated: refusal(
      'E_STATUS',
      (p: { year: number; at: string }) =>
        `${p.year}年能耗指标已于 ${p.at} 分配完毕，不能再修改额度或申请。发送 /能耗 ${p.year} 查看结果。`,
    ),
    noPool: refusal(
      'E_PRECONDITION',
      (p: { year: number }) => `市发改委尚未设定${p.year}年能耗指标池。设定：/能耗 额度 ${p.year} <吨标煤>`,
    ),
    noOpenPool: refusal(
      'E_PRECONDITION',
      () => '目前没有可申请的能耗指标池，请等待市发改委公布（/能耗 额度 <年> <吨标煤>）。',
    ),
    noRequests: refusal('E_PRECONDITION', (p: { year: number }) => `${p.year}年还没有能耗指标申请，暂不分配。`),
    notHolder: refusal(
      'E_NOT_HOLDER',
      (p: { code: string }) => `${p.code} 不是本单位的项目，只有持有单位可以申请能耗指标。`,
    ),
    projectStatus: refusal(
      'E_STATUS',
      (p: { code: string; status: string }) =>
        `${p.code} 当前为“${p.status}”，不能申请能耗指标：须为首谈期内、已签约或已落地的项目。`,
    ),
    cityLed: refusal(
      'E_CITY_LED',
      (p: { code: string }) =>
        `${p.code} 正由市级主谈${citeClause('四(二)')}，区县不能为其申请能耗指标；主谈确定承载单位后再申请。`,
    ),
  },

  poolSet: (p: { year: number; tonnes: string; previous: string | null }) =>
    `已设定${p.year}年能耗指标池：${p.tonnes} 吨标煤${p.previous ? `（原为 ${p.previous} 吨标煤）` : ''}，已通知全市招商协调群。各单位可申请：/能耗 申请 <编号> 用能=<吨标煤> 产值=<金额>。全部申请后分配：/能耗 分配 ${p.year}`,
  poolNotice: (p: { year: number; tonnes: string }) =>
    `【能耗指标】市发改委公布${p.year}年重大产业项目能耗指标池 ${p.tonnes} 吨标煤，实行市级统筹、竞争性利用${WUER}：按单位能耗产值（万元/吨标煤）从高到低分配，直至用完${citeRule('R8')}。申请：/能耗 申请 <编号> 用能=<吨标煤> 产值=<金额>`,
  requested: (p: {
    code: string;
    year: number;
    tonnes: string;
    output: string;
    efficiency: string;
    updated: boolean;
  }) =>
    `已${p.updated ? '更新' : '提交'} ${p.code} 的${p.year}年能耗指标申请：用能 ${p.tonnes} 吨标煤，预计年产值 ${p.output}，单位能耗产值 ${p.efficiency} 万元/吨标煤。市发改委统一分配后通知结果${WUER}。`,
  requestNotice: (p: {
    code: string;
    unit: string;
    year: number;
    tonnes: string;
    output: string;
    efficiency: string;
  }) =>
    `${p.unit} 申请${p.year}年能耗指标：${p.code} 用能 ${p.tonnes} 吨标煤，年产值 ${p.output}，单位能耗产值 ${p.efficiency} 万元/吨标煤。`,

  allocation: (p: {
    year: number;
    pool: string;
    used: string;
    remaining: string;
    lines: string[];
    repeated: boolean;
    at: string;
  }) =>
    [
      `### ${p.year}年能耗指标分配${p.repeated ? `（已于 ${p.at} 分配，以下为原结果，未重复通知）` : ''}`,
      '',
      `指标池 ${p.pool} 吨标煤，已分配 ${p.used}，剩余 ${p.remaining}。按单位能耗产值（万元/吨标煤）从高到低依次分配，同值先申请者在前；不足全额时分配剩余额度${citeRule('R8')}。`,
      '',
      ...p.lines,
      ...(p.repeated ? [] : ['', '已逐一通知申请单位。']),
    ].join('\n'),
  allocationLine: (p: {
    rank: number | null;
    code: string;
    unit: string;
    efficiency: string;
    tonnes: string;
    granted: string;
    outcome: string;
  }) =>
    `${p.rank ?? '—'}. ${p.code}（${p.unit}）｜${p.efficiency} 万元/吨标煤｜申请 ${p.tonnes}｜分配 ${p.granted}｜${p.outcome}`,
  resultNotice: (p: {
    code: string;
    year: number;
    tonnes: string;
    granted: string;
    outcome: string;
    rank: number | null;
    total: number;
  }) =>
    `【能耗指标分配结果】${p.code} ${p.year}年申请 ${p.tonnes} 吨标煤，${p.outcome}：分配 ${p.granted} 吨标煤${p.rank === null ? '' : `（第 ${p.rank}/${p.total} 位，按${ruleRef('R8')}排序）`}。能耗指标实行市级统筹、竞争性利用${WUER}。`,

  overview: (p: { year: number; pool: string | null; status: string; lines: string[] }) =>
    [
      `### ${p.year}年能耗指标`,
      '',
      p.pool === null ? '指标池：市发改委尚未设定' : `指标池：${p.pool} 吨标煤（${p.status}）`,
      '',
      ...(p.lines.length > 0 ? p.lines : ['（暂无申请）']),
    ].join('\n'),
  overviewStatusOpen: () => '受理申请中',
  overviewStatusAllocated: (p: { at: string }) => `已于 ${p.at} 分配`,
  requestLine: (p: {
    code: string;
    unit: string;
    tonnes: string;
    output: string;
    efficiency: string;
    result: string | null;
  }) =>
    `- ${p.code}（${p.unit}）｜用能 ${p.tonnes}｜产值 ${p.output}｜${p.efficiency} 万元/吨标煤${p.result ? `｜${p.result}` : ''}`,
};

// ---------------------------------------------------------------------------------------------
// Renderers: the /能耗 replies and notices, from the outcomes of src/services/energy.ts.

const w = marked(energyMessages);
const efficiency = (outputWan: number, tonnes: number) => (outputWan / tonnes).toFixed(2);
const tonnesText = (n: number) => String(n);

export function renderEnergyPool(outcome: EnergyPoolOutcome): string {
  const previous = outcome.kind === 'set' && outcome.previous !== null ? tonnesText(outcome.previous) : null;
  return w.poolSet({ year: outcome.year, tonnes: tonnesText(outcome.tonnes), previous });
}

export function renderEnergyRequest(outcome: EnergyRequestOutcome): string {
  const { code, year, tonnes, outputWan } = outcome;
  return w.requested({
    code,
    year,
    tonnes: tonnesText(tonnes),
    output: formatWan(outputWan),
    efficiency: efficiency(outputWan, tonnes),
    updated: outcome.kind === 'updated',
  });
}

export function renderEnergyAllocation(outcome: EnergyAllocationOutcome): Message {
  const { year, poolTonnes, usedTonnes } = outcome;
  const lines = outcome.requests.map((r) =>
    w.allocationLine({
      rank: r.result?.rank ?? null,
      code: r.code,
      unit: r.unit,
      efficiency: efficiency(r.outputWan, r.tonnes),
      tonnes: tonnesText(r.tonnes),
      granted: tonnesText(r.result?.grantedTonnes ?? 0),
      outcome: w.outcomeLabel[r.result?.outcome ?? 'NONE'] ?? '',
    }),
  );
  const markdown = w.allocation({
    year,
    pool: tonnesText(poolTonnes),
    used: tonnesText(usedTonnes),
    remaining: tonnesText(poolTonnes - usedTonnes),
    lines,
    repeated: outcome.kind === 'repeated',
    at: formatDateTime(outcome.at),
  });
  return { kind: 'markdown', title: `${year}年能耗指标分配`, markdown };
}

export function renderEnergyOverview(outcome: EnergyOverviewOutcome): Message {
  const { year, pool } = outcome;
  const lines = outcome.requests.map((r) =>
    w.requestLine({
      code: r.code,
      unit: r.unit,
      tonnes: tonnesText(r.tonnes),
      output: formatWan(r.outputWan),
      efficiency: efficiency(r.outputWan, r.tonnes),
      result:
        r.result === null ? null : `${w.outcomeLabel[r.result.outcome] ?? ''} ${tonnesText(r.result.grantedTonnes)}`,
    }),
  );
  const status = pool?.allocatedAt
    ? w.overviewStatusAllocated({ at: formatDateTime(pool.allocatedAt) })
    : w.overviewStatusOpen();
  return {
    kind: 'markdown',
    title: `${year}年能耗指标`,
    markdown: w.overview({ year, pool: pool === null ? null : tonnesText(pool.tonnes), status, lines }),
  };
}

/** To the city coordination group: the year's pool is open for requests. */
export function energyPoolNotice(p: { year: number; tonnes: number }): string {
  return w.poolNotice({ year: p.year, tonnes: tonnesText(p.tonnes) });
}

/** To 市发改委: a unit requested quota. */
export function energyRequestNotice(p: {
  code: string;
  unit: string;
  year: number;
  tonnes: number;
  outputWan: number;
}): string {
  return w.requestNotice({
    code: p.code,
    unit: p.unit,
    year: p.year,
    tonnes: tonnesText(p.tonnes),
    output: formatWan(p.outputWan),
    efficiency: efficiency(p.outputWan, p.tonnes),
  });
}

/** To the requesting unit: what its request got. `total` counts the ranked requests. */
export function energyResultNotice(p: {
  code: string;
  year: number;
  tonnes: number;
  grantedTonnes: number;
  outcome: EnergyOutcomeKind;
  rank: number | null;
  total: number;
}): string {
  return w.resultNotice({
    code: p.code,
    year: p.year,
    tonnes: tonnesText(p.tonnes),
    granted: tonnesText(p.grantedTonnes),
    outcome: w.outcomeLabel[p.outcome] ?? '',
    rank: p.rank,
    total: p.total,
  });
}
