/**
 * Land coordination use cases (policy 五(一); DESIGN §6): project land data for 亩均产值, the major
 * project ranking for new construction land quota, and the ledger of revitalised stock land with the
 * next year's quota reward it earns.
 */
import type { Actor } from '../app/context.ts';
import { type Refusal, UserError } from '../app/errors.ts';
import type { Message } from '../app/receiver.ts';
import { landRepository } from '../db/repositories/land-repository.ts';
import { projectRefRepository } from '../db/repositories/project-ref-repository.ts';
import { landReward, rankLandProjects } from '../domain/factors/land.ts';
import { landRankingOf, landRewardRatioOf } from '../domain/regulation/rules.ts';
import { hasAnyRole } from '../domain/org/roles.ts';
import { formatWan, parseAmountWan } from '../domain/parsing/amount.ts';
import { MU, parseQuantity } from '../domain/parsing/quantity.ts';
import type { ProjectStatus } from '../domain/projects/status.ts';
import { STATUS_LABELS } from '../domain/projects/status.ts';
import { formatDateTime, shanghaiDay } from '../messages/format.ts';
import { zhCN } from '../messages/zh-CN.ts';
import { appendAudit } from './audit-log.ts';
import { notify } from './notify.ts';
import { loadRules, recordRulesApplied } from './rules.ts';
import { findUnitByInput } from './org.ts';
import { HOST_UNIT_KINDS, loadProjectByCode, loadUnitNames, type UnitNames } from './project-lookup.ts';
import type { UseCase } from './use-case.ts';
import { refuseIfViolated } from './violations.ts';

const t = zhCN.coordination.land;
const NRB_UNIT = 'nrb';
/** Projects competing for new construction land quota: held or city-led, up to signing. */
const RANKED_STATUSES: readonly ProjectStatus[] = ['EXCLUSIVE', 'CITY_LED', 'SIGNED'];
/** Land data can be registered from the report on, until the project lands. */
const REGISTRABLE_STATUSES: readonly ProjectStatus[] = ['PENDING', ...RANKED_STATUSES];
const RANK_LIMIT = 500;
const LEDGER_LIMIT = 50;
const MAX_NOTE = 200;
const FIRST_SUPPLY_YEAR = 2019;

const mu = (n: number) => String(Math.round(n * 100) / 100);
const points = (n: number) => n.toFixed(2);

function parseArea(input: string, problem: (p: { input: string; code: string }) => Refusal): number {
  const parsed = parseQuantity(input, MU);
  if (!parsed.ok) throw new UserError(problem({ input, code: parsed.code }));
  return parsed.value;
}

export async function registerProjectLand(uc: UseCase, actor: Actor, codeInput: string, areaInput: string, outputInput: string): Promise<string> {
  const project = await loadProjectByCode(uc.tx, codeInput);
  await refuseIfViolated(uc.tx, project);
  const isNrb = hasAnyRole(actor.roles, ['NRB']);
  if (!isNrb && actor.unit?.id !== project.unitId) throw new UserError(t.refusals.notHolder({ code: project.code }));
  if (!REGISTRABLE_STATUSES.includes(project.status)) throw new UserError(t.refusals.projectStatus({ code: project.code, status: STATUS_LABELS[project.status] }));
  const areaMu = parseArea(areaInput, t.refusals.area);
  const output = parseAmountWan(outputInput);
  if (!output.ok) throw new UserError(t.refusals.output({ input: outputInput }));

  const before = await landRepository.findProjectLand(uc.tx, project.id);
  await landRepository.setProjectLand(uc.tx, { projectId: project.id, areaMu, outputWan: output.wan, setBy: uc.actorId }, uc.now);
  await appendAudit(uc, {
    action: 'land.register',
    recordType: 'ProjectLand',
    recordId: project.code,
    before: before === null ? undefined : { areaMu: before.areaMu, outputWan: before.outputWan },
    after: { areaMu, outputWan: output.wan },
  });
  const names = await loadUnitNames(uc.tx);
  const notice = t.registeredNotice({ code: project.code, unit: names.name(project.unitId), area: mu(areaMu), output: formatWan(output.wan), by: uc.actorName ?? uc.actorId });
  // The other side learns of it: NRB when a unit registers, the holder when NRB does.
  await notify(uc, { unitId: isNrb ? project.unitId : NRB_UNIT }, notice);
  return t.registered({ code: project.code, area: mu(areaMu), output: formatWan(output.wan), perMu: points(output.wan / areaMu), updated: before !== null });
}

/** The unit and the platforms inside it: a district allocates its quota for its platforms' projects too. */
function unitWithChildren(names: UnitNames, unitId: string): string[] {
  return [unitId, ...names.units.filter((u) => u.parentId === unitId).map((u) => u.id)];
}

export async function rankLand(uc: UseCase, actor: Actor, unitInput: string | undefined, thresholdInput: string | undefined): Promise<Message> {
  const cityWide = hasAnyRole(actor.roles, ['NRB', 'IPB']);
  let unit = unitInput === undefined || unitInput.trim() === '' ? null : await findUnitByInput(uc, unitInput);
  if (!cityWide) {
    // A reporter ranks its own unit's projects only: others' investment plans are not its business.
    if (unit !== null && unit.id !== actor.unit?.id) throw new UserError(t.refusals.otherUnit());
    unit = actor.unit;
    if (unit === null) throw new UserError(t.refusals.otherUnit());
  }
  const rule = landRankingOf((await loadRules(uc.tx)).values);
  let threshold = rule.thresholdWan;
  if (thresholdInput !== undefined) {
    const parsed = parseAmountWan(thresholdInput);
    if (!parsed.ok) throw new UserError(t.refusals.threshold({ input: thresholdInput }));
    threshold = parsed.wan;
  }
  const names = await loadUnitNames(uc.tx);
  const scope = unit === null ? t.scopeAll() : unit.name;
  const projects = await projectRefRepository.withStatusFrom(uc.tx, RANKED_STATUSES, threshold, unit === null ? null : unitWithChildren(names, unit.id), RANK_LIMIT);
  if (projects.length === 0) return { kind: 'text', text: t.none({ scope, threshold: formatWan(threshold) }) };
  const land = await landRepository.landOf(uc.tx, projects.map((p) => p.id));
  const ranking = rankLandProjects(
    projects.map((p) => ({ code: p.code, name: p.name, unitId: p.unitId, amountWan: p.amountWan, areaMu: land.get(p.id)?.areaMu ?? null, outputWan: land.get(p.id)?.outputWan ?? null })),
    { ...rule, thresholdWan: threshold },
  );
  const lines = ranking.ranked.map((e) =>
    t.rankLine({
      rank: e.rank,
      code: e.code,
      name: e.name,
      unit: names.name(e.unitId),
      amount: formatWan(e.amountWan),
      area: mu(e.areaMu),
      output: formatWan(e.outputWan),
      perMu: points(e.perMuWan),
      investmentPoints: points(e.investmentPoints),
      perMuPoints: points(e.perMuPoints),
      score: points(e.score),
    }),
  );
  return {
    kind: 'markdown',
    title: `用地保障排序（${scope}）`,
    markdown: t.ranking({
      scope,
      threshold: formatWan(threshold),
      maxAmount: ranking.ranked.length > 0 ? formatWan(ranking.maxAmountWan) : '—',
      maxPerMu: points(ranking.maxPerMuWan),
      investmentWeight: rule.investment,
      perMuWeight: rule.perMu,
      lines,
      missing: ranking.missing.map((c) => `${c.code}（${names.name(c.unitId)}）`),
    }),
  };
}

export interface RevitalisationInput {
  unit: string;
  area: string;
  year?: string;
  reward?: string;
  project?: string;
  note?: string;
}

export async function recordRevitalisation(uc: UseCase, input: RevitalisationInput): Promise<string> {
  const unit = await findUnitByInput(uc, input.unit);
  if (!HOST_UNIT_KINDS.includes(unit.kind)) throw new UserError(t.refusals.notHostKind({ unit: unit.name }));
  const areaMu = parseArea(input.area, t.refusals.area);
  const thisYear = shanghaiDay(uc.now).year;
  const supplyYear = input.year === undefined ? thisYear : Number(input.year.replace(/年度?$/, ''));
  if (!Number.isInteger(supplyYear) || supplyYear < FIRST_SUPPLY_YEAR || supplyYear > thisYear) {
    throw new UserError(t.refusals.year({ input: input.year ?? '', min: FIRST_SUPPLY_YEAR, max: thisYear }));
  }
  const rules = await loadRules(uc.tx);
  const reward = landReward(areaMu, supplyYear, landRewardRatioOf(rules.values));
  const rewardMu = input.reward === undefined ? reward.rewardMu : parseArea(input.reward, t.refusals.reward);
  const project = input.project === undefined ? null : await loadProjectByCode(uc.tx, input.project);
  const note = input.note?.trim() || null;
  if (note !== null && [...note].length > MAX_NOTE) throw new UserError(t.refusals.noteTooLong({ max: MAX_NOTE }));

  const row = await landRepository.addRevitalisation(
    uc.tx,
    { unitId: unit.id, areaMu, supplyYear, rewardYear: reward.rewardYear, rewardMu, projectId: project?.id ?? null, note, recordedBy: uc.actorId },
    uc.now,
  );
  await appendAudit(uc, {
    action: 'land.revitalise',
    recordType: 'LandRevitalisation',
    recordId: `盘活-${row.id}`,
    after: { unitId: unit.id, areaMu, supplyYear, rewardYear: reward.rewardYear, rewardMu, project: project?.code ?? null, note },
  });
  if (input.reward === undefined) await recordRulesApplied(uc, rules, `盘活-${row.id}`, 'land.revitalise', ['R7']);
  await notify(uc, { unitId: unit.id }, t.revitalisedNotice({ id: row.id, area: mu(areaMu), supplyYear, rewardYear: reward.rewardYear, reward: mu(rewardMu), project: project?.code ?? null }));
  return t.revitalised({ id: row.id, unit: unit.name, area: mu(areaMu), supplyYear, rewardYear: reward.rewardYear, reward: mu(rewardMu) });
}

export async function landLedger(uc: UseCase, actor: Actor): Promise<Message> {
  const names = await loadUnitNames(uc.tx);
  const cityWide = hasAnyRole(actor.roles, ['NRB', 'IPB']);
  const unitIds = cityWide ? null : actor.unit === null ? [] : unitWithChildren(names, actor.unit.id);
  const scope = cityWide ? t.scopeAll() : (actor.unit?.name ?? '');
  const totals = await landRepository.rewardTotals(uc.tx, unitIds);
  const entries = await landRepository.listRevitalisations(uc.tx, unitIds, LEDGER_LIMIT + 1);
  const projects = await projectRefRepository.byIds(uc.tx, entries.flatMap((e) => (e.projectId === null ? [] : [e.projectId])));
  return {
    kind: 'markdown',
    title: `用地台账（${scope}）`,
    markdown: t.ledger({
      scope,
      ratio: landRewardRatioOf((await loadRules(uc.tx)).values),
      totals: totals.map((r) => t.totalLine({ rewardYear: r.rewardYear, unit: names.name(r.unitId), area: mu(r.areaMu), reward: mu(r.rewardMu), count: r.count })),
      entries: entries.slice(0, LEDGER_LIMIT).map((e) =>
        t.entryLine({
          id: e.id,
          unit: names.name(e.unitId),
          area: mu(e.areaMu),
          supplyYear: e.supplyYear,
          rewardYear: e.rewardYear,
          reward: mu(e.rewardMu),
          project: e.projectId === null ? null : (projects.get(e.projectId)?.code ?? null),
          note: e.note,
          at: formatDateTime(e.recordedAt),
        }),
      ),
      more: Math.max(0, totals.reduce((sum, r) => sum + r.count, 0) - LEDGER_LIMIT),
    }),
  };
}
