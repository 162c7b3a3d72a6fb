/**
 * Platform evaluation use cases (policy 二(三); DESIGN §6): IPB records each platform's yearly indicator
 * scores, ranks the year, and recommends sites for a chain's projects by the latest evaluation of the
 * chain's host units in the layout guide.
 */
import { UserError } from '../app/errors.ts';
import { orgRepository } from '../db/repositories/org-repository.ts';
import { platformRepository } from '../db/repositories/platform-repository.ts';
import {
  PLATFORM_INDICATORS,
  platformTotal,
  platformWeights,
  rankPlatforms,
  recommendSites,
  type PlatformIndicator,
  type PlatformScores,
  type PlatformWeights,
} from '../domain/factors/platform.ts';
import { platformWeightsOf } from '../domain/regulation/rules.ts';
import { hostUnitIds } from '../domain/projects/layout-guide.ts';
import { parseQuantity, SCORE } from '../domain/parsing/quantity.ts';
import { shanghaiDay } from '../domain/matrix/dates.ts';
import { INDICATOR_LABELS, platformScoresNotice } from '../messages/platforms.ts';
import { zhCN } from '../messages/zh-CN.ts';
import { appendAudit } from './audit-log.ts';
import { currentGuide } from './layout-guide.ts';
import { notify } from './notify.ts';
import { findUnitByInput } from './org.ts';
import { HOST_UNIT_KINDS, loadUnitNames, resolveChain } from './project-lookup.ts';
import { loadRules, recordRulesApplied } from './rules.ts';
import type { UseCase } from './use-case.ts';

const t = zhCN.coordination.platform;
/** The policy's first evaluation was due by the end of 2019 (matrix item 3). */
const FIRST_YEAR = 2019;

const scoresOf = (r: PlatformScores): PlatformScores => ({
  guide: r.guide,
  landed: r.landed,
  investment: r.investment,
  ecosystem: r.ecosystem,
});

/** R9's weights in force. */
async function weightsOf(uc: UseCase): Promise<PlatformWeights> {
  return platformWeights(platformWeightsOf((await loadRules(uc.tx)).values));
}

function parseEvaluationYear(input: string, now: Date): number {
  const max = shanghaiDay(now).year;
  const year = Number(input.trim().replace(/年度?$/, ''));
  if (!Number.isInteger(year) || year < FIRST_YEAR || year > max)
    throw new UserError(t.refusals.year({ input, min: FIRST_YEAR, max }));
  return year;
}

export interface PlatformScoresOutcome {
  kind: 'recorded' | 'updated';
  year: number;
  unit: string;
  scores: PlatformScores;
  /** Weighted by R9 in force. */
  total: number;
}

export async function recordPlatformScores(
  uc: UseCase,
  yearInput: string,
  unitInput: string,
  inputs: Partial<Record<PlatformIndicator, string>>,
): Promise<PlatformScoresOutcome> {
  const year = parseEvaluationYear(yearInput, uc.now);
  const unit = await findUnitByInput(uc, unitInput);
  if (!HOST_UNIT_KINDS.includes(unit.kind)) throw new UserError(t.refusals.notHostKind({ unit: unit.name }));
  const missing = PLATFORM_INDICATORS.filter((i) => inputs[i] === undefined);
  if (missing.length > 0) throw new UserError(t.usage.missingScores({ keys: missing.map((i) => INDICATOR_LABELS[i]) }));
  const scores = {} as PlatformScores;
  for (const indicator of PLATFORM_INDICATORS) {
    const input = inputs[indicator] ?? '';
    const parsed = parseQuantity(input, SCORE);
    if (!parsed.ok)
      throw new UserError(t.refusals.score({ label: INDICATOR_LABELS[indicator], input, code: parsed.code }));
    scores[indicator] = parsed.value;
  }
  const before = await platformRepository.find(uc.tx, year, unit.id);
  await platformRepository.save(uc.tx, { year, unitId: unit.id, ...scores, recordedBy: uc.actorId }, uc.now);
  const rules = await loadRules(uc.tx);
  const total = platformTotal(scores, platformWeights(platformWeightsOf(rules.values)));
  const recordId = `平台评价-${year}-${unit.id}`;
  await appendAudit(uc, {
    action: 'platform.score',
    recordType: 'PlatformScore',
    recordId,
    before: before === null ? undefined : scoresOf(before),
    after: scores,
  });
  await recordRulesApplied(uc, rules, recordId, 'platform.score', ['R9']);
  // 会同: the unit that entered the scores is named, as DRC and the industry departments enter them too.
  const unitName = (await orgRepository.findUser(uc.tx, uc.actorId))?.unit?.name;
  const by = unitName === undefined ? (uc.actorName ?? uc.actorId) : `${unitName}（${uc.actorName ?? uc.actorId}）`;
  await notify(uc, { unitId: unit.id }, platformScoresNotice({ year, scores, total, by }));
  return { kind: before === null ? 'recorded' : 'updated', year, unit: unit.name, scores, total };
}

/** One evaluated unit, by name; equal totals share a rank. */
export interface PlatformRankLine {
  rank: number;
  unit: string;
  total: number;
  scores: PlatformScores;
}

export interface PlatformRankingOutcome {
  kind: 'ranking';
  year: number;
  /** R9's weights the totals use. */
  weights: PlatformWeights;
  ranked: PlatformRankLine[];
}

export async function platformRanking(uc: UseCase, yearInput: string): Promise<PlatformRankingOutcome> {
  const year = parseEvaluationYear(yearInput, uc.now);
  const rows = await platformRepository.ofYear(uc.tx, year);
  if (rows.length === 0) throw new UserError(t.refusals.noScores({ year }));
  const names = await loadUnitNames(uc.tx);
  const weights = await weightsOf(uc);
  const ranked = rankPlatforms(
    rows.map((r) => ({ unitId: r.unitId, scores: scoresOf(r) })),
    weights,
  );
  const lines = ranked.map((r) => ({ rank: r.rank, unit: names.name(r.unitId), total: r.total, scores: r.scores }));
  return { kind: 'ranking', year, weights, ranked: lines };
}

/**
 * The chain's host units ranked by their latest evaluation (`year`), or, when none has been evaluated,
 * `year` null and every host in `unevaluated` in the guide's order.
 */
export interface SiteRecommendationOutcome {
  kind: 'sites';
  chain: string;
  year: number | null;
  weights: PlatformWeights;
  ranked: PlatformRankLine[];
  unevaluated: string[];
}

export async function recommendSitesFor(uc: UseCase, chainInput: string): Promise<SiteRecommendationOutcome> {
  const guide = await currentGuide(uc.tx, uc.now);
  if (guide === null) throw new UserError(t.refusals.noGuide());
  const match = resolveChain(guide, chainInput);
  if ('unknown' in match) throw new UserError(t.refusals.unknownChain({ input: chainInput, chains: match.unknown }));
  if ('ambiguous' in match)
    throw new UserError(t.refusals.ambiguousChain({ input: chainInput, candidates: match.ambiguous }));
  const hosts = hostUnitIds(guide, match.chain);
  const evaluations = await platformRepository.ofUnits(uc.tx, hosts);
  const names = await loadUnitNames(uc.tx);
  const weights = await weightsOf(uc);
  const result = recommendSites(
    hosts,
    evaluations.map((e) => ({ unitId: e.unitId, year: e.year, scores: scoresOf(e) })),
    weights,
  );
  return {
    kind: 'sites',
    chain: match.chain,
    year: result.year,
    weights,
    ranked: result.ranked.map((r) => ({ rank: r.rank, unit: names.name(r.unitId), total: r.total, scores: r.scores })),
    unevaluated: result.unevaluated.map((id) => names.name(id)),
  };
}
