/**
 * Platform evaluation use cases (policy 二(三); DESIGN §6): IPB records each platform's yearly indicator
 * scores, ranks the year, and recommends sites for a chain's projects by the latest evaluation of the
 * chain's host units in the layout guide.
 */
import { UserError } from '../app/errors.ts';
import type { Message } from '../app/receiver.ts';
import { orgRepository } from '../db/repositories/org-repository.ts';
import { platformRepository } from '../db/repositories/platform-repository.ts';
import { PLATFORM_INDICATORS, platformTotal, platformWeights, rankPlatforms, recommendSites, type PlatformIndicator, type PlatformScores, type PlatformWeights } from '../domain/factors/platform.ts';
import { platformWeightsOf } from '../domain/regulation/rules.ts';
import { hostUnitIds } from '../domain/projects/layout-guide.ts';
import { parseQuantity, SCORE } from '../domain/parsing/quantity.ts';
import { shanghaiDay } from '../messages/format.ts';
import { INDICATOR_LABELS } from '../messages/platforms.ts';
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

const score = (n: number) => String(Math.round(n * 100) / 100);
const scoresOf = (r: PlatformScores): PlatformScores => ({ guide: r.guide, landed: r.landed, investment: r.investment, ecosystem: r.ecosystem });
const scoreList = (s: PlatformScores) => t.scoreList({ guide: score(s.guide), landed: score(s.landed), investment: score(s.investment), ecosystem: score(s.ecosystem) });

/** R9's weights in force. */
async function weightsOf(uc: UseCase): Promise<PlatformWeights> {
  return platformWeights(platformWeightsOf((await loadRules(uc.tx)).values));
}

/** R9 as the messages show it: each indicator's weight in percent. */
const weightText = (w: PlatformWeights) => t.weights({ guide: score(w.guide * 100), landed: score(w.landed * 100), investment: score(w.investment * 100), ecosystem: score(w.ecosystem * 100) });

function parseEvaluationYear(input: string, now: Date): number {
  const max = shanghaiDay(now).year;
  const year = Number(input.trim().replace(/年度?$/, ''));
  if (!Number.isInteger(year) || year < FIRST_YEAR || year > max) throw new UserError(t.refusals.year({ input, min: FIRST_YEAR, max }));
  return year;
}

export async function recordPlatformScores(uc: UseCase, yearInput: string, unitInput: string, inputs: Partial<Record<PlatformIndicator, string>>): Promise<string> {
  const year = parseEvaluationYear(yearInput, uc.now);
  const unit = await findUnitByInput(uc, unitInput);
  if (!HOST_UNIT_KINDS.includes(unit.kind)) throw new UserError(t.refusals.notHostKind({ unit: unit.name }));
  const missing = PLATFORM_INDICATORS.filter((i) => inputs[i] === undefined);
  if (missing.length > 0) throw new UserError(t.usage.missingScores({ keys: missing.map((i) => INDICATOR_LABELS[i]) }));
  const scores = {} as PlatformScores;
  for (const indicator of PLATFORM_INDICATORS) {
    const input = inputs[indicator] ?? '';
    const parsed = parseQuantity(input, SCORE);
    if (!parsed.ok) throw new UserError(t.refusals.score({ label: INDICATOR_LABELS[indicator], input, code: parsed.code }));
    scores[indicator] = parsed.value;
  }
  const before = await platformRepository.find(uc.tx, year, unit.id);
  await platformRepository.save(uc.tx, { year, unitId: unit.id, ...scores, recordedBy: uc.actorId }, uc.now);
  const rules = await loadRules(uc.tx);
  const total = score(platformTotal(scores, platformWeights(platformWeightsOf(rules.values))));
  const recordId = `平台评价-${year}-${unit.id}`;
  await appendAudit(uc, { action: 'platform.score', recordType: 'PlatformScore', recordId, before: before === null ? undefined : scoresOf(before), after: scores });
  await recordRulesApplied(uc, rules, recordId, 'platform.score', ['R9']);
  // 会同: the unit that entered the scores is named, as DRC and the industry departments enter them too.
  const unitName = (await orgRepository.findUser(uc.tx, uc.actorId))?.unit?.name;
  const by = unitName === undefined ? (uc.actorName ?? uc.actorId) : `${unitName}（${uc.actorName ?? uc.actorId}）`;
  await notify(uc, { unitId: unit.id }, t.recordedNotice({ year, scores: scoreList(scores), total, by }));
  return t.recorded({ year, unit: unit.name, scores: scoreList(scores), total, updated: before !== null });
}

export async function platformRanking(uc: UseCase, yearInput: string): Promise<Message> {
  const year = parseEvaluationYear(yearInput, uc.now);
  const rows = await platformRepository.ofYear(uc.tx, year);
  if (rows.length === 0) throw new UserError(t.refusals.noScores({ year }));
  const names = await loadUnitNames(uc.tx);
  const weights = await weightsOf(uc);
  const ranked = rankPlatforms(rows.map((r) => ({ unitId: r.unitId, scores: scoresOf(r) })), weights);
  const lines = ranked.map((r) => t.rankLine({ rank: r.rank, unit: names.name(r.unitId), total: score(r.total), scores: scoreList(r.scores) }));
  return { kind: 'markdown', title: `${year}年度平台评价`, markdown: t.ranking({ year, lines, weights: weightText(weights) }) };
}

export async function recommendSitesFor(uc: UseCase, chainInput: string): Promise<Message> {
  const guide = await currentGuide(uc.tx, uc.now);
  if (guide === null) throw new UserError(t.refusals.noGuide());
  const match = resolveChain(guide, chainInput);
  if ('unknown' in match) throw new UserError(t.refusals.unknownChain({ input: chainInput, chains: match.unknown }));
  if ('ambiguous' in match) throw new UserError(t.refusals.ambiguousChain({ input: chainInput, candidates: match.ambiguous }));
  const hosts = hostUnitIds(guide, match.chain);
  const evaluations = await platformRepository.ofUnits(uc.tx, hosts);
  const names = await loadUnitNames(uc.tx);
  const weights = await weightsOf(uc);
  const result = recommendSites(hosts, evaluations.map((e) => ({ unitId: e.unitId, year: e.year, scores: scoresOf(e) })), weights);
  const lines = result.ranked.map((r) => t.rankLine({ rank: r.rank, unit: names.name(r.unitId), total: score(r.total), scores: scoreList(r.scores) }));
  return {
    kind: 'markdown',
    title: `推荐选址 ${match.chain}`,
    markdown: t.sites({ chain: match.chain, year: result.year, lines, unevaluated: result.unevaluated.map((id) => names.name(id)), weights: weightText(weights) }),
  };
}
