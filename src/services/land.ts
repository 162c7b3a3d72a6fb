/**
 * Land coordination use cases (policy 五(一); DESIGN §6): project land data for 亩均产值, the major
 * project ranking for new construction land quota, and the ledger of revitalised stock land with the
 * next year's quota reward it earns.
 */
import type { Actor } from '../app/context.ts';
import { type Refusal, UserError } from '../app/errors.ts';
import { landRepository } from '../db/repositories/land-repository.ts';
import { projectRefRepository } from '../db/repositories/project-ref-repository.ts';
import { landReward, rankLandProjects, type LandRankEntry } from '../domain/factors/land.ts';
import { landRankingOf, landRewardRatioOf } from '../domain/regulation/rules.ts';
import { hasAnyRole } from '../domain/org/roles.ts';
import { parseAmountWan } from '../domain/parsing/amount.ts';
import { MU, parseQuantity } from '../domain/parsing/quantity.ts';
import type { ProjectStatus } from '../domain/projects/status.ts';
import { STATUS_LABELS } from '../domain/projects/status.ts';
import { shanghaiDay } from '../domain/matrix/dates.ts';
import { landRegisteredNotice, landRevitalisedNotice } from '../messages/land.ts';
import { zhCN } from '../messages/zh-CN.ts';
import { appendAudit } from './audit-log.ts';
import { notify } from './notify.ts';
import { loadRules, recordRulesApplied } from './rules.ts';
import { findUnitByInput } from './org.ts';
import { HOST_UNIT_KINDS, loadProjectByCode, loadUnitNames, type UnitNames } from './project-lookup.ts';
import type { UseCase } from './use-case.ts';
import { refuseIfViolated } from './violations.ts';
import { actsForHolder, ownUnitOnly, seesEveryUnit } from '../domain/org/access.ts';
import { principalOf, requireAccess } from './access.ts';
import { NRB_UNIT } from '../domain/org/units.ts';

const t = zhCN.coordination.land;
/** Projects competing for new construction land quota: held or city-led, up to signing. */
const RANKED_STATUSES: readonly ProjectStatus[] = ['EXCLUSIVE', 'CITY_LED', 'SIGNED'];
/** Land data can be registered from the report on, until the project lands. */
const REGISTRABLE_STATUSES: readonly ProjectStatus[] = ['PENDING', ...RANKED_STATUSES];
const RANK_LIMIT = 500;
const LEDGER_LIMIT = 50;
const MAX_NOTE = 200;
const FIRST_SUPPLY_YEAR = 2019;

function parseArea(input: string, problem: (p: { input: string; code: string }) => Refusal): number {
  const parsed = parseQuantity(input, MU);
  if (!parsed.ok) throw new UserError(problem({ input, code: parsed.code }));
  return parsed.value;
}

export interface LandRegisteredOutcome {
  kind: 'registered' | 'updated';
  code: string;
  areaMu: number;
  outputWan: number;
}

export async function registerProjectLand(
  uc: UseCase,
  actor: Actor,
  codeInput: string,
  areaInput: string,
  outputInput: string,
): Promise<LandRegisteredOutcome> {
  const project = await loadProjectByCode(uc.tx, codeInput);
  await refuseIfViolated(uc.tx, project);
  const isNrb = hasAnyRole(actor.roles, ['NRB']);
  const holder = actsForHolder(principalOf(actor), project.unitId, ['NRB']);
  requireAccess(holder, () => t.refusals.notHolder({ code: project.code }));
  if (!REGISTRABLE_STATUSES.includes(project.status))
    throw new UserError(t.refusals.projectStatus({ code: project.code, status: STATUS_LABELS[project.status] }));
  const areaMu = parseArea(areaInput, t.refusals.area);
  const output = parseAmountWan(outputInput);
  if (!output.ok) throw new UserError(t.refusals.output({ input: outputInput }));

  const before = await landRepository.findProjectLand(uc.tx, project.id);
  await landRepository.setProjectLand(
    uc.tx,
    { projectId: project.id, areaMu, outputWan: output.wan, setBy: uc.actorId },
    uc.now,
  );
  await appendAudit(uc, {
    action: 'land.register',
    recordType: 'ProjectLand',
    recordId: project.code,
    before: before === null ? undefined : { areaMu: before.areaMu, outputWan: before.outputWan },
    after: { areaMu, outputWan: output.wan },
  });
  const names = await loadUnitNames(uc.tx);
  const unit = names.name(project.unitId);
  const notice = landRegisteredNotice({
    code: project.code,
    unit,
    areaMu,
    outputWan: output.wan,
    by: uc.actorName ?? uc.actorId,
  });
  // The other side learns of it: NRB when a unit registers, the holder when NRB does.
  await notify(uc, { unitId: isNrb ? project.unitId : NRB_UNIT }, notice);
  return { kind: before === null ? 'registered' : 'updated', code: project.code, areaMu, outputWan: output.wan };
}

/** The unit and the platforms inside it: a district allocates its quota for its platforms' projects too. */
function unitWithChildren(names: UnitNames, unitId: string): string[] {
  return [unitId, ...names.units.filter((u) => u.parentId === unitId).map((u) => u.id)];
}

/** `scope` is the ranked unit's name, or null for the whole city. */
export type LandRankOutcome =
  | { kind: 'none'; scope: string | null; thresholdWan: number }
  | {
      kind: 'ranking';
      scope: string | null;
      thresholdWan: number;
      /** R6's points for investment and for 亩均产值. */
      weights: { investment: number; perMu: number };
      maxAmountWan: number;
      maxPerMuWan: number;
      ranked: (LandRankEntry & { unit: string })[];
      /** Major projects without land data, which are not ranked. */
      missing: { code: string; unit: string }[];
    };

export async function rankLand(
  uc: UseCase,
  actor: Actor,
  unitInput: string | undefined,
  thresholdInput: string | undefined,
): Promise<LandRankOutcome> {
  const who = principalOf(actor);
  const cityWide = seesEveryUnit(who, ['NRB']);
  let unit = unitInput === undefined || unitInput.trim() === '' ? null : await findUnitByInput(uc, unitInput);
  if (!cityWide) {
    // A reporter ranks its own unit's projects only: others' investment plans are not its business.
    unit ??= actor.unit;
    requireAccess(ownUnitOnly(who, unit?.id ?? null, cityWide), () => t.refusals.otherUnit());
  }
  const rule = landRankingOf((await loadRules(uc.tx)).values);
  let threshold = rule.thresholdWan;
  if (thresholdInput !== undefined) {
    const parsed = parseAmountWan(thresholdInput);
    if (!parsed.ok) throw new UserError(t.refusals.threshold({ input: thresholdInput }));
    threshold = parsed.wan;
  }
  const names = await loadUnitNames(uc.tx);
  const scope = unit === null ? null : unit.name;
  const projects = await projectRefRepository.withStatusFrom(
    uc.tx,
    RANKED_STATUSES,
    threshold,
    unit === null ? null : unitWithChildren(names, unit.id),
    RANK_LIMIT,
  );
  if (projects.length === 0) return { kind: 'none', scope, thresholdWan: threshold };
  const land = await landRepository.landOf(
    uc.tx,
    projects.map((p) => p.id),
  );
  const ranking = rankLandProjects(
    projects.map((p) => ({
      code: p.code,
      name: p.name,
      unitId: p.unitId,
      amountWan: p.amountWan,
      areaMu: land.get(p.id)?.areaMu ?? null,
      outputWan: land.get(p.id)?.outputWan ?? null,
    })),
    { ...rule, thresholdWan: threshold },
  );
  return {
    kind: 'ranking',
    scope,
    thresholdWan: threshold,
    weights: { investment: rule.investment, perMu: rule.perMu },
    maxAmountWan: ranking.maxAmountWan,
    maxPerMuWan: ranking.maxPerMuWan,
    ranked: ranking.ranked.map((e) => ({ ...e, unit: names.name(e.unitId) })),
    missing: ranking.missing.map((c) => ({ code: c.code, unit: names.name(c.unitId) })),
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

/** One revitalisation of stock land and the quota reward it earns. */
export interface LandRevitalisation {
  /** The ledger number: 盘活-<id>. */
  id: number;
  unit: string;
  areaMu: number;
  supplyYear: number;
  rewardYear: number;
  rewardMu: number;
}

export interface LandRevitalisedOutcome extends LandRevitalisation {
  kind: 'recorded';
}

export async function recordRevitalisation(uc: UseCase, input: RevitalisationInput): Promise<LandRevitalisedOutcome> {
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
    {
      unitId: unit.id,
      areaMu,
      supplyYear,
      rewardYear: reward.rewardYear,
      rewardMu,
      projectId: project?.id ?? null,
      note,
      recordedBy: uc.actorId,
    },
    uc.now,
  );
  await appendAudit(uc, {
    action: 'land.revitalise',
    recordType: 'LandRevitalisation',
    recordId: `盘活-${row.id}`,
    after: {
      unitId: unit.id,
      areaMu,
      supplyYear,
      rewardYear: reward.rewardYear,
      rewardMu,
      project: project?.code ?? null,
      note,
    },
  });
  if (input.reward === undefined) await recordRulesApplied(uc, rules, `盘活-${row.id}`, 'land.revitalise', ['R7']);
  const notice = landRevitalisedNotice({
    id: row.id,
    areaMu,
    supplyYear,
    rewardYear: reward.rewardYear,
    rewardMu,
    project: project?.code ?? null,
  });
  await notify(uc, { unitId: unit.id }, notice);
  return { kind: 'recorded', id: row.id, unit: unit.name, areaMu, supplyYear, rewardYear: reward.rewardYear, rewardMu };
}

/** `scope` is the actor's unit's name, or null for the whole city. */
export interface LandLedgerOutcome {
  kind: 'ledger';
  scope: string | null;
  /** R7: reward area per 亩 revitalised. */
  ratio: number;
  totals: { rewardYear: number; unit: string; areaMu: number; rewardMu: number; count: number }[];
  /** The latest entries, newest first; `more` counts the older ones left out. */
  entries: (LandRevitalisation & {
    /** The code of the project the land was revitalised for. */
    project: string | null;
    note: string | null;
    recordedAt: Date;
  })[];
  more: number;
}

export async function landLedger(uc: UseCase, actor: Actor): Promise<LandLedgerOutcome> {
  const names = await loadUnitNames(uc.tx);
  const cityWide = seesEveryUnit(principalOf(actor), ['NRB']);
  const unitIds = cityWide ? null : actor.unit === null ? [] : unitWithChildren(names, actor.unit.id);
  const totals = await landRepository.rewardTotals(uc.tx, unitIds);
  const entries = await landRepository.listRevitalisations(uc.tx, unitIds, LEDGER_LIMIT + 1);
  const projects = await projectRefRepository.byIds(
    uc.tx,
    entries.flatMap((e) => (e.projectId === null ? [] : [e.projectId])),
  );
  return {
    kind: 'ledger',
    scope: cityWide ? null : (actor.unit?.name ?? ''),
    ratio: landRewardRatioOf((await loadRules(uc.tx)).values),
    totals: totals.map((r) => ({ ...r, unit: names.name(r.unitId) })),
    entries: entries.slice(0, LEDGER_LIMIT).map((e) => ({
      id: e.id,
      unit: names.name(e.unitId),
      areaMu: e.areaMu,
      supplyYear: e.supplyYear,
      rewardYear: e.rewardYear,
      rewardMu: e.rewardMu,
      project: e.projectId === null ? null : (projects.get(e.projectId)?.code ?? null),
      note: e.note,
      recordedAt: e.recordedAt,
    })),
    more: Math.max(0, totals.reduce((sum, r) => sum + r.count, 0) - LEDGER_LIMIT),
  };
}
