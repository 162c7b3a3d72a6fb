/** Chinese text of platform evaluation and site recommendation (policy 二(三); DESIGN §6). Included as zhCN.coordination.platform. */

import type { Message } from '../app/receiver.ts';
import type { PlatformScores, PlatformWeights } from '../domain/factors/platform.ts';
import type {
  PlatformRankingOutcome,
  PlatformRankLine,
  PlatformScoresOutcome,
  SiteRecommendationOutcome,
} from '../services/platform-evaluation.ts';
import { citeClause, citeRule } from './citation.ts';
import { refusal } from './refusal.ts';
import { marked } from './user-values.ts';

const ERSAN = citeClause('二(三)');

export const INDICATOR_LABELS = {
  guide: '导引落实',
  landed: '项目落地',
  investment: '投资',
  ecosystem: '产业生态',
} as const;

const SCORE_PROBLEMS: Record<string, string> = {
  empty: '没有填写',
  'not-a-number': '无法识别',
  negative: '不能为负数',
  'too-large': '不能超过 100',
  'too-precise': '最多保留两位小数',
};

/** The total as R9 weighs it, e.g. 总分 = 导引落实 × 25% + …; `weights` is platformMessages.weights. */
const formula = (weights: string) => `总分 = ${weights}${citeRule('R9')}，各项 0—100 分，同分同名次`;

export const platformMessages = {
  actions: { 'platform.score': '录入平台评价' } as Record<string, string>,

  usage: {
    missingRecord: () => '请写明年度、单位和四项得分。',
    missingScores: refusal('E_USAGE', (p: { keys: string[] }) => `缺少得分：${p.keys.join('、')}。`),
    missingChain: () => '请写明产业链，例如 /推荐选址 集成电路。',
  },
  refusals: {
    year: refusal(
      'E_INVALID_VALUE',
      (p: { input: string; min: number; max: number }) => `年度“${p.input}”无效，请写 ${p.min}—${p.max} 之间的年份。`,
    ),
    score: refusal(
      'E_INVALID_VALUE',
      (p: { label: string; input: string; code: string }) =>
        `${p.label}得分“${p.input}”${SCORE_PROBLEMS[p.code] ?? '无法识别'}，请写 0—100 的分数。`,
    ),
    notHostKind: refusal(
      'E_UNIT_KIND',
      (p: { unit: string }) => `「${p.unit}」不是区、县（市）或产业平台，不参加平台评价。`,
    ),
    noScores: refusal(
      'E_PRECONDITION',
      (p: { year: number }) =>
        `${p.year}年度还没有平台评价。录入：/平台评价 录入 ${p.year} <单位> 导引=<分> 落地=<分> 投资=<分> 生态=<分>`,
    ),
    noGuide: refusal('E_PRECONDITION', () => '尚未编制《布局导引》，无法确定产业链的承载平台。'),
    unknownChain: refusal(
      'E_NOT_FOUND',
      (p: { input: string; chains: string[] }) => `产业链“${p.input}”不在《布局导引》中。可选：${p.chains.join('、')}`,
    ),
    ambiguousChain: refusal(
      'E_AMBIGUOUS',
      (p: { input: string; candidates: string[] }) =>
        `产业链“${p.input}”对应多个：${p.candidates.join('、')}，请写全称。`,
    ),
  },

  recorded: (p: { year: number; unit: string; scores: string; total: string; updated: boolean }) =>
    `已${p.updated ? '更新' : '录入'}「${p.unit}」${p.year}年度平台评价：${p.scores}，总分 ${p.total}。已通知该单位。发送 /平台评价 ${p.year} 查看排名。`,
  recordedNotice: (p: { year: number; scores: string; total: string; by: string }) =>
    `【平台评价】${p.by}已录入本单位${p.year}年度《布局导引》落实情况及平台项目承接能力评价：${p.scores}，总分 ${p.total}。评价结果作为重大项目选址推荐和政策支持的重要参考${ERSAN}。`,
  scoreList: (p: { guide: string; landed: string; investment: string; ecosystem: string }) =>
    `导引落实 ${p.guide}、项目落地 ${p.landed}、投资 ${p.investment}、产业生态 ${p.ecosystem}`,

  weights: (p: { guide: string; landed: string; investment: string; ecosystem: string }) =>
    `导引落实 × ${p.guide}% + 项目落地 × ${p.landed}% + 投资 × ${p.investment}% + 产业生态 × ${p.ecosystem}%`,
  ranking: (p: { year: number; lines: string[]; weights: string }) =>
    [
      `### ${p.year}年度产业平台评价排名`,
      '',
      `${formula(p.weights)}。由市投资促进局牵头会同市发改委以及相关产业主管部门综合评价，评价结果作为重大项目选址推荐和政策支持的重要参考${ERSAN}。`,
      '',
      ...p.lines,
    ].join('\n'),
  rankLine: (p: { rank: number; unit: string; total: string; scores: string }) =>
    `${p.rank}. **${p.unit}** ${p.total} 分（${p.scores}）`,

  sites: (p: { chain: string; year: number | null; lines: string[]; unevaluated: string[]; weights: string }) =>
    [
      `### 「${p.chain}」项目推荐选址`,
      '',
      p.year === null
        ? `「${p.chain}」的承载单位都还没有平台评价，暂按《布局导引》列出，不分先后。`
        : `按《布局导引》承载单位的${p.year}年度平台评价排序${ERSAN}。${formula(p.weights)}。`,
      '',
      ...p.lines,
      ...(p.unevaluated.length > 0
        ? ['', `${p.year === null ? '承载单位' : `${p.year}年度未评价`}：${p.unevaluated.join('、')}`]
        : []),
    ].join('\n'),
};

// ---------------------------------------------------------------------------------------------
// Renderers: the /平台评价 and /推荐选址 replies and the scores notice, from the outcomes of
// src/services/platform-evaluation.ts.

const w = marked(platformMessages);
const score = (n: number) => String(Math.round(n * 100) / 100);
const scoreList = (s: PlatformScores) =>
  w.scoreList({
    guide: score(s.guide),
    landed: score(s.landed),
    investment: score(s.investment),
    ecosystem: score(s.ecosystem),
  });
/** R9 as the messages show it: each indicator's weight in percent. */
const weightText = (r9: PlatformWeights) =>
  w.weights({
    guide: score(r9.guide * 100),
    landed: score(r9.landed * 100),
    investment: score(r9.investment * 100),
    ecosystem: score(r9.ecosystem * 100),
  });
const rankLines = (ranked: readonly PlatformRankLine[]) =>
  ranked.map((r) => w.rankLine({ rank: r.rank, unit: r.unit, total: score(r.total), scores: scoreList(r.scores) }));

export function renderPlatformScores(outcome: PlatformScoresOutcome): string {
  const { year, unit } = outcome;
  return w.recorded({
    year,
    unit,
    scores: scoreList(outcome.scores),
    total: score(outcome.total),
    updated: outcome.kind === 'updated',
  });
}

export function renderPlatformRanking(outcome: PlatformRankingOutcome): Message {
  const { year } = outcome;
  return {
    kind: 'markdown',
    title: `${year}年度平台评价`,
    markdown: w.ranking({ year, lines: rankLines(outcome.ranked), weights: weightText(outcome.weights) }),
  };
}

export function renderSiteRecommendation(outcome: SiteRecommendationOutcome): Message {
  const { chain, year, unevaluated } = outcome;
  const markdown = w.sites({
    chain,
    year,
    lines: rankLines(outcome.ranked),
    unevaluated,
    weights: weightText(outcome.weights),
  });
  return { kind: 'markdown', title: `推荐选址 ${chain}`, markdown };
}

/** To the evaluated unit: its scores, and who entered them. */
export function platformScoresNotice(p: { year: number; scores: PlatformScores; total: number; by: string }): string {
  return w.recordedNotice({ year: p.year, scores: scoreList(p.scores), total: score(p.total), by: p.by });
}
