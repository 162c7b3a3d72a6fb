/** Chinese text of land coordination (policy 五(一); DESIGN §6). Included in the catalog as zhCN.coordination.land. */

import type { Message } from '../app/receiver.ts';
import { formatWan } from '../domain/parsing/amount.ts';
import type {
  LandLedgerOutcome,
  LandRankOutcome,
  LandRegisteredOutcome,
  LandRevitalisedOutcome,
} from '../services/land.ts';
import { citeClause, citeRule, clauseRef, ruleRef } from './citation.ts';
import { quantityProblems } from './format.ts';
import { refusal } from './refusal.ts';
import { formatDateTime } from './format.ts';
import { marked } from './user-values.ts';

const WUYI = citeClause('五(一)');
/** The year of the reward is the policy's; its size is NRB's rule R7. */
const REWARD_BASIS = `供地后下一年度给予奖励，依据${clauseRef('五(一)')}；奖励面积按${ruleRef('R7')}。`;

const QUANTITY_PROBLEMS = quantityProblems('最多保留两位小数');

export const landMessages = {
  actions: {
    'land.register': '登记项目用地数据',
    'land.revitalise': '登记盘活存量土地',
  } as Record<string, string>,

  usage: {
    unknownVerb: refusal(
      'E_USAGE',
      (p: { input: string }) => `“${p.input}”不是 /用地 的操作。可用：排序、登记、盘活、台账。`,
    ),
    missingRegister: () => '请写明项目编号、面积和预计年产值。',
    missingRevitalise: () => '请写明单位和盘活面积（亩）。',
  },
  refusals: {
    area: refusal(
      'E_INVALID_VALUE',
      (p: { input: string; code: string }) =>
        `面积“${p.input}”${QUANTITY_PROBLEMS[p.code] ?? '无法识别'}，请写亩数，例如 120 或 85.5亩。`,
    ),
    output: refusal(
      'E_INVALID_VALUE',
      (p: { input: string }) => `产值“${p.input}”无法识别，可写 30亿、5000万（须为整万元）。`,
    ),
    threshold: refusal('E_INVALID_VALUE', (p: { input: string }) => `门槛“${p.input}”无法识别，可写 1亿、5000万。`),
    reward: refusal(
      'E_INVALID_VALUE',
      (p: { input: string; code: string }) => `奖励“${p.input}”${QUANTITY_PROBLEMS[p.code] ?? '无法识别'}，请写亩数。`,
    ),
    year: refusal(
      'E_INVALID_VALUE',
      (p: { input: string; min: number; max: number }) =>
        `供地年度“${p.input}”无效，请写 ${p.min}—${p.max} 之间的年份。`,
    ),
    projectStatus: refusal(
      'E_STATUS',
      (p: { code: string; status: string }) =>
        `${p.code} 当前为“${p.status}”，不再参与用地指标保障，无需登记用地数据。`,
    ),
    notHolder: refusal(
      'E_NOT_HOLDER',
      (p: { code: string }) => `${p.code} 不是本单位的项目。用地数据由项目持有单位或市规划和自然资源局登记。`,
    ),
    otherUnit: refusal('E_NOT_MEMBER', () => '招商专员只能查看本单位的用地排序。'),
    notHostKind: refusal('E_UNIT_KIND', (p: { unit: string }) => `「${p.unit}」不是区、县（市）或产业平台。`),
    noteTooLong: refusal('E_TOO_LONG', (p: { max: number }) => `说明不超过 ${p.max} 字。`),
  },
  registered: (p: { code: string; area: string; output: string; perMu: string; updated: boolean }) =>
    `已${p.updated ? '更新' : '登记'} ${p.code} 用地数据：用地 ${p.area} 亩，预计年产值 ${p.output}，亩均产值 ${p.perMu} 万元/亩。发送 /用地 排序 查看重大产业项目用地保障排序。`,
  registeredNotice: (p: { code: string; unit: string; area: string; output: string; by: string }) =>
    `${p.by} 登记了 ${p.code}（${p.unit}）的用地数据：用地 ${p.area} 亩，预计年产值 ${p.output}。`,

  ranking: (p: {
    scope: string;
    threshold: string;
    maxAmount: string;
    maxPerMu: string;
    investmentWeight: number;
    perMuWeight: number;
    lines: string[];
    missing: string[];
  }) =>
    [
      `### 重大产业项目用地保障排序（${p.scope}）`,
      '',
      `根据投资规模、亩均产值等因素优先保障重大产业项目新增建设用地计划指标${WUYI}。`,
      `范围：投资额不低于 ${p.threshold} 的首谈期内、市级主谈、已签约项目；得分 = ${p.investmentWeight} × 投资额 ÷ 最高投资额（${p.maxAmount}） + ${p.perMuWeight} × 亩均产值 ÷ 最高亩均产值（${p.maxPerMu} 万元/亩）；同分同名次${citeRule('R6')}。`,
      '',
      ...(p.lines.length > 0 ? p.lines : ['（暂无已登记用地数据的重大项目）']),
      ...(p.missing.length > 0
        ? [
            '',
            `未登记用地数据、暂不参与排序：${p.missing.join('、')}。持有单位请发送 /用地 登记 <编号> 面积=<亩> 产值=<金额>。`,
          ]
        : []),
    ].join('\n'),
  rankLine: (p: {
    rank: number;
    code: string;
    name: string;
    unit: string;
    amount: string;
    area: string;
    output: string;
    perMu: string;
    investmentPoints: string;
    perMuPoints: string;
    score: string;
  }) =>
    `${p.rank}. **${p.code}** ${p.name}（${p.unit}）｜投资 ${p.amount}｜用地 ${p.area} 亩｜年产值 ${p.output}｜亩均 ${p.perMu} 万元/亩｜得分 ${p.score} = ${p.investmentPoints} + ${p.perMuPoints}`,
  scopeAll: () => '全市',
  none: (p: { scope: string; threshold: string }) =>
    `${p.scope}暂无投资额不低于 ${p.threshold} 的首谈期内、市级主谈或已签约项目。`,

  revitalised: (p: {
    id: number;
    unit: string;
    area: string;
    supplyYear: number;
    rewardYear: number;
    reward: string;
  }) =>
    `已登记 盘活-${p.id}：${p.unit} 盘活存量土地 ${p.area} 亩（${p.supplyYear}年完成供地），${p.rewardYear}年度给予新增建设用地指标奖励 ${p.reward} 亩。${REWARD_BASIS}已通知该单位。发送 /用地 台账 查看。`,
  revitalisedNotice: (p: {
    id: number;
    area: string;
    supplyYear: number;
    rewardYear: number;
    reward: string;
    project: string | null;
  }) =>
    `【用地指标奖励】本单位盘活存量土地 ${p.area} 亩${p.project ? `（用于 ${p.project}）` : ''}已由市规划和自然资源局登记（盘活-${p.id}，${p.supplyYear}年完成供地），${p.rewardYear}年度将获得新增建设用地指标奖励 ${p.reward} 亩。${REWARD_BASIS}`,

  ledger: (p: { scope: string; totals: string[]; entries: string[]; more: number; ratio: number }) =>
    [
      `### 盘活存量土地与指标奖励台账（${p.scope}）`,
      '',
      `在项目完成供地后下一年度，给予新增建设用地指标奖励${WUYI}；奖励面积为盘活面积的 ${p.ratio} 倍${citeRule('R7')}，个案另有决定的以登记为准。`,
      '',
      '**奖励指标合计**',
      ...(p.totals.length > 0 ? p.totals : ['（暂无）']),
      '',
      '**明细**',
      ...(p.entries.length > 0 ? p.entries : ['（暂无）']),
      ...(p.more > 0 ? [`（另有 ${p.more} 条较早记录未显示）`] : []),
    ].join('\n'),
  totalLine: (p: { rewardYear: number; unit: string; area: string; reward: string; count: number }) =>
    `- ${p.rewardYear}年度｜${p.unit}｜盘活 ${p.area} 亩（${p.count} 笔）→ 奖励 ${p.reward} 亩`,
  entryLine: (p: {
    id: number;
    unit: string;
    area: string;
    supplyYear: number;
    rewardYear: number;
    reward: string;
    project: string | null;
    note: string | null;
    at: string;
  }) =>
    `- 盘活-${p.id}｜${p.unit}｜${p.area} 亩｜${p.supplyYear}年供地 → ${p.rewardYear}年奖励 ${p.reward} 亩${p.project ? `｜${p.project}` : ''}${p.note ? `｜${p.note}` : ''}｜${p.at}`,
};

// ---------------------------------------------------------------------------------------------
// Renderers: the /用地 replies and notices, from the outcomes of src/services/land.ts.

const w = marked(landMessages);
const mu = (n: number) => String(Math.round(n * 100) / 100);
const points = (n: number) => n.toFixed(2);
const scopeText = (scope: string | null) => scope ?? w.scopeAll();

export function renderLandRegistered(outcome: LandRegisteredOutcome): string {
  const { code, areaMu, outputWan } = outcome;
  return w.registered({
    code,
    area: mu(areaMu),
    output: formatWan(outputWan),
    perMu: points(outputWan / areaMu),
    updated: outcome.kind === 'updated',
  });
}

export function renderLandRanking(outcome: LandRankOutcome): Message {
  const scope = scopeText(outcome.scope);
  if (outcome.kind === 'none')
    return { kind: 'text', text: w.none({ scope, threshold: formatWan(outcome.thresholdWan) }) };
  const lines = outcome.ranked.map((e) =>
    w.rankLine({
      rank: e.rank,
      code: e.code,
      name: e.name,
      unit: e.unit,
      amount: formatWan(e.amountWan),
      area: mu(e.areaMu),
      output: formatWan(e.outputWan),
      perMu: points(e.perMuWan),
      investmentPoints: points(e.investmentPoints),
      perMuPoints: points(e.perMuPoints),
      score: points(e.score),
    }),
  );
  const markdown = w.ranking({
    scope,
    threshold: formatWan(outcome.thresholdWan),
    maxAmount: outcome.ranked.length > 0 ? formatWan(outcome.maxAmountWan) : '—',
    maxPerMu: points(outcome.maxPerMuWan),
    investmentWeight: outcome.weights.investment,
    perMuWeight: outcome.weights.perMu,
    lines,
    missing: outcome.missing.map((c) => `${c.code}（${c.unit}）`),
  });
  return { kind: 'markdown', title: `用地保障排序（${scope}）`, markdown };
}

export function renderLandRevitalised(outcome: LandRevitalisedOutcome): string {
  const { id, unit, supplyYear, rewardYear } = outcome;
  return w.revitalised({ id, unit, area: mu(outcome.areaMu), supplyYear, rewardYear, reward: mu(outcome.rewardMu) });
}

export function renderLandLedger(outcome: LandLedgerOutcome): Message {
  const scope = scopeText(outcome.scope);
  const markdown = w.ledger({
    scope,
    ratio: outcome.ratio,
    totals: outcome.totals.map((r) =>
      w.totalLine({
        rewardYear: r.rewardYear,
        unit: r.unit,
        area: mu(r.areaMu),
        reward: mu(r.rewardMu),
        count: r.count,
      }),
    ),
    entries: outcome.entries.map((e) =>
      w.entryLine({
        id: e.id,
        unit: e.unit,
        area: mu(e.areaMu),
        supplyYear: e.supplyYear,
        rewardYear: e.rewardYear,
        reward: mu(e.rewardMu),
        project: e.project,
        note: e.note,
        at: formatDateTime(e.recordedAt),
      }),
    ),
    more: outcome.more,
  });
  return { kind: 'markdown', title: `用地台账（${scope}）`, markdown };
}

/** To the other side of a land registration: NRB when a unit registers, the holder when NRB does. */
export function landRegisteredNotice(p: {
  code: string;
  unit: string;
  areaMu: number;
  outputWan: number;
  by: string;
}): string {
  return w.registeredNotice({
    code: p.code,
    unit: p.unit,
    area: mu(p.areaMu),
    output: formatWan(p.outputWan),
    by: p.by,
  });
}

/** To the unit whose revitalised land earns next year's quota reward. */
export function landRevitalisedNotice(p: {
  id: number;
  areaMu: number;
  supplyYear: number;
  rewardYear: number;
  rewardMu: number;
  project: string | null;
}): string {
  return w.revitalisedNotice({
    id: p.id,
    area: mu(p.areaMu),
    supplyYear: p.supplyYear,
    rewardYear: p.rewardYear,
    reward: mu(p.rewardMu),
    project: p.project,
  });
}
