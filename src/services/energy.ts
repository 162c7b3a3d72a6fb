/**
 * Energy quota use cases (policy 五(二); DESIGN §6): 市发改委 sets the year's pool, holder units request
 * quota for their projects, and one allocation serves the requests by output per tonne of standard coal
 * until the pool is used. The allocation closes the pool, so running it again only shows the result.
 */
import type { Actor } from '../app/context.ts';
import { UserError } from '../app/errors.ts';
import { energyRepository, type EnergyRequestRow } from '../db/repositories/energy-repository.ts';
import { projectRefRepository } from '../db/repositories/project-ref-repository.ts';
import { allocateEnergy, type EnergyOutcomeKind } from '../domain/factors/energy.ts';
import { energyMethodOf } from '../domain/regulation/rules.ts';
import { parseAmountWan } from '../domain/parsing/amount.ts';
import { parseQuantity, TONNES_SCE } from '../domain/parsing/quantity.ts';
import { STATUS_LABELS, type ProjectStatus } from '../domain/projects/status.ts';
import { energyPoolNotice, energyRequestNotice, energyResultNotice } from '../messages/energy.ts';
import { shanghaiDay } from '../domain/matrix/dates.ts';
import { formatDateTime } from '../messages/format.ts';
import { zhCN } from '../messages/zh-CN.ts';
import { appendAudit } from './audit-log.ts';
import { notify } from './notify.ts';
import { loadProjectByCode, loadUnitNames } from './project-lookup.ts';
import type { UseCase } from './use-case.ts';
import { loadRules, recordRulesApplied } from './rules.ts';
import { refuseIfViolated } from './violations.ts';
import { actsForHolder, seesEveryUnit } from '../domain/org/access.ts';
import { principalOf, requireAccess } from './access.ts';
import { DRC_UNIT } from '../domain/org/units.ts';

const t = zhCN.coordination.energy;
/** Quota is needed to approve and run a project: from the first-negotiation period until it has landed. */
const ELIGIBLE: readonly ProjectStatus[] = ['EXCLUSIVE', 'SIGNED', 'LANDED'];
/** Pools may be set for this year and a few ahead. */
const YEARS_AHEAD = 5;

const recordId = (year: number) => `能耗-${year}`;

function parseYear(input: string, now: Date, allowPast: boolean): number {
  const thisYear = shanghaiDay(now).year;
  const min = allowPast ? 2019 : thisYear;
  const max = thisYear + YEARS_AHEAD;
  const year = Number(input.trim().replace(/年度?$/, ''));
  if (!Number.isInteger(year) || year < min || year > max) throw new UserError(t.refusals.year({ input, min, max }));
  return year;
}

function parseTonnes(input: string): number {
  const parsed = parseQuantity(input, TONNES_SCE);
  if (!parsed.ok) throw new UserError(t.refusals.tonnes({ input, code: parsed.code }));
  return parsed.value;
}

/** `previous` is the pool's size before this change; null when the year had none. */
export type EnergyPoolOutcome =
  | { kind: 'unchanged'; year: number; tonnes: number }
  | { kind: 'set'; year: number; tonnes: number; previous: number | null };

export async function setEnergyPool(uc: UseCase, yearInput: string, tonnesInput: string): Promise<EnergyPoolOutcome> {
  const year = parseYear(yearInput, uc.now, false);
  const tonnes = parseTonnes(tonnesInput);
  const before = await energyRepository.findPool(uc.tx, year);
  if (before?.allocatedAt) throw new UserError(t.refusals.allocated({ year, at: formatDateTime(before.allocatedAt) }));
  if (before?.tonnes === tonnes) return { kind: 'unchanged', year, tonnes };
  await energyRepository.setPool(uc.tx, { year, tonnes, setBy: uc.actorId }, uc.now);
  await appendAudit(uc, {
    action: 'energy.pool',
    recordType: 'EnergyPool',
    recordId: recordId(year),
    before: before === null ? undefined : { tonnes: before.tonnes },
    after: { tonnes },
  });
  await notify(uc, { purpose: 'CITY' }, energyPoolNotice({ year, tonnes }));
  return { kind: 'set', year, tonnes, previous: before?.tonnes ?? null };
}

export interface EnergyRequestInput {
  code: string;
  tonnes: string;
  output: string;
  year?: string;
}

export interface EnergyRequestOutcome {
  kind: 'submitted' | 'updated';
  code: string;
  year: number;
  tonnes: number;
  outputWan: number;
}

export async function requestEnergy(
  uc: UseCase,
  actor: Actor,
  input: EnergyRequestInput,
): Promise<EnergyRequestOutcome> {
  const project = await loadProjectByCode(uc.tx, input.code);
  await refuseIfViolated(uc.tx, project);
  if (project.status === 'CITY_LED') throw new UserError(t.refusals.cityLed({ code: project.code }));
  requireAccess(actsForHolder(principalOf(actor), project.unitId), () => t.refusals.notHolder({ code: project.code }));
  if (!ELIGIBLE.includes(project.status))
    throw new UserError(t.refusals.projectStatus({ code: project.code, status: STATUS_LABELS[project.status] }));
  const tonnes = parseTonnes(input.tonnes);
  const output = parseAmountWan(input.output);
  if (!output.ok) throw new UserError(t.refusals.output({ input: input.output }));

  const thisYear = shanghaiDay(uc.now).year;
  const pool =
    input.year === undefined
      ? await energyRepository.firstOpenPool(uc.tx, thisYear)
      : await energyRepository.findPool(uc.tx, parseYear(input.year, uc.now, false));
  if (pool === null)
    throw new UserError(
      input.year === undefined
        ? t.refusals.noOpenPool()
        : t.refusals.noPool({ year: parseYear(input.year, uc.now, false) }),
    );
  if (pool.allocatedAt)
    throw new UserError(t.refusals.allocated({ year: pool.year, at: formatDateTime(pool.allocatedAt) }));

  const before = await energyRepository.findRequest(uc.tx, pool.year, project.id);
  await energyRepository.saveRequest(
    uc.tx,
    {
      year: pool.year,
      projectId: project.id,
      unitId: project.unitId,
      tonnes,
      outputWan: output.wan,
      requestedBy: uc.actorId,
    },
    uc.now,
  );
  await appendAudit(uc, {
    action: 'energy.request',
    recordType: 'EnergyRequest',
    recordId: project.code,
    before: before === null ? undefined : { year: before.year, tonnes: before.tonnes, outputWan: before.outputWan },
    after: { year: pool.year, tonnes, outputWan: output.wan },
  });
  const names = await loadUnitNames(uc.tx);
  const unit = names.name(project.unitId);
  await notify(
    uc,
    { unitId: DRC_UNIT },
    energyRequestNotice({ code: project.code, unit, year: pool.year, tonnes, outputWan: output.wan }),
  );
  const kind = before === null ? 'submitted' : 'updated';
  return { kind, code: project.code, year: pool.year, tonnes, outputWan: output.wan };
}

export interface EnergyRequestLine {
  code: string;
  unit: string;
  tonnes: number;
  outputWan: number;
  /** Null until the pool is allocated. */
  result: { outcome: EnergyOutcomeKind; rank: number | null; grantedTonnes: number } | null;
}

/** `repeated`: the pool had been allocated at `at`; this shows that result again and notified nobody. */
export interface EnergyAllocationOutcome {
  kind: 'allocated' | 'repeated';
  year: number;
  poolTonnes: number;
  usedTonnes: number;
  at: Date;
  /** By rank, unranked (invalid) requests last. */
  requests: EnergyRequestLine[];
}

async function requestLines(uc: UseCase, requests: readonly EnergyRequestRow[]): Promise<EnergyRequestLine[]> {
  const projects = await projectRefRepository.byIds(
    uc.tx,
    requests.map((r) => r.projectId),
  );
  const names = await loadUnitNames(uc.tx);
  return requests.map((r) => ({
    code: projects.get(r.projectId)?.code ?? '',
    unit: names.name(r.unitId),
    tonnes: r.tonnes,
    outputWan: r.outputWan,
    result: r.outcome === null ? null : { outcome: r.outcome, rank: r.rank, grantedTonnes: r.grantedTonnes ?? 0 },
  }));
}

async function allocationOutcome(
  uc: UseCase,
  year: number,
  poolTonnes: number,
  requests: EnergyRequestRow[],
  repeated: boolean,
  at: Date,
): Promise<EnergyAllocationOutcome> {
  const ordered = [...requests].sort(
    (a, b) => (a.rank ?? Number.MAX_SAFE_INTEGER) - (b.rank ?? Number.MAX_SAFE_INTEGER) || a.id - b.id,
  );
  const usedTonnes = requests.reduce((sum, r) => sum + (r.grantedTonnes ?? 0), 0);
  const lines = await requestLines(uc, ordered);
  return { kind: repeated ? 'repeated' : 'allocated', year, poolTonnes, usedTonnes, at, requests: lines };
}

export async function allocateEnergyPool(uc: UseCase, yearInput: string): Promise<EnergyAllocationOutcome> {
  const year = parseYear(yearInput, uc.now, true);
  const pool = await energyRepository.findPool(uc.tx, year);
  if (pool === null) throw new UserError(t.refusals.noPool({ year }));
  const requests = await energyRepository.requestsOf(uc.tx, year);
  // Idempotent: the pool closed with the first allocation, whose result stands and was already announced.
  if (pool.allocatedAt) return allocationOutcome(uc, year, pool.tonnes, requests, true, pool.allocatedAt);
  if (requests.length === 0) throw new UserError(t.refusals.noRequests({ year }));

  const projects = await projectRefRepository.byIds(
    uc.tx,
    requests.map((r) => r.projectId),
  );
  // The competitive method is rule R8; the allocation records the value it used.
  const rules = await loadRules(uc.tx);
  const allocation = allocateEnergy(
    pool.tonnes,
    requests.map((r) => ({
      id: r.id,
      code: projects.get(r.projectId)?.code ?? '',
      tonnes: r.tonnes,
      outputWan: r.outputWan,
      requestedAt: r.requestedAt,
    })),
    energyMethodOf(rules.values),
  );
  for (const outcome of allocation.outcomes) {
    await energyRepository.setOutcome(uc.tx, outcome.id, {
      outcome: outcome.kind,
      grantedTonnes: outcome.grantedTonnes,
      rank: outcome.rank,
    });
  }
  await energyRepository.markAllocated(uc.tx, year, uc.actorId, uc.now);
  await appendAudit(uc, {
    action: 'energy.allocate',
    recordType: 'EnergyPool',
    recordId: recordId(year),
    after: {
      pool: pool.tonnes,
      used: allocation.used,
      remaining: allocation.remaining,
      outcomes: allocation.outcomes.map((o) => ({
        code: o.code,
        kind: o.kind,
        granted: o.grantedTonnes,
        rank: o.rank,
      })),
    },
  });
  await recordRulesApplied(uc, rules, recordId(year), 'energy.allocate', ['R8']);
  const allocated = await energyRepository.requestsOf(uc.tx, year);
  const ranked = allocated.filter((r) => r.rank !== null).length;
  for (const request of allocated) {
    const code = projects.get(request.projectId)?.code ?? '';
    await notify(
      uc,
      { unitId: request.unitId },
      energyResultNotice({
        code,
        year,
        tonnes: request.tonnes,
        grantedTonnes: request.grantedTonnes ?? 0,
        outcome: request.outcome ?? 'NONE',
        rank: request.rank,
        total: ranked,
      }),
      { dedupeKey: `energy-allocation:${year}:${request.id}` },
    );
  }
  return allocationOutcome(uc, year, pool.tonnes, allocated, false, uc.now);
}

/** `pool` is null while 市发改委 has not set the year's pool; `allocatedAt` null while it takes requests. */
export interface EnergyOverviewOutcome {
  kind: 'overview';
  year: number;
  pool: { tonnes: number; allocatedAt: Date | null } | null;
  requests: EnergyRequestLine[];
}

export async function energyOverview(
  uc: UseCase,
  actor: Actor,
  yearInput: string | undefined,
): Promise<EnergyOverviewOutcome> {
  const thisYear = shanghaiDay(uc.now).year;
  const year =
    yearInput === undefined
      ? ((await energyRepository.firstOpenPool(uc.tx, thisYear))?.year ?? thisYear)
      : parseYear(yearInput, uc.now, true);
  const pool = await energyRepository.findPool(uc.tx, year);
  const cityWide = seesEveryUnit(principalOf(actor), ['DRC']);
  const requests = await energyRepository.requestsOf(uc.tx, year, cityWide ? undefined : (actor.unit?.id ?? ''));
  return {
    kind: 'overview',
    year,
    pool: pool === null ? null : { tonnes: pool.tonnes, allocatedAt: pool.allocatedAt },
    requests: await requestLines(uc, requests),
  };
}
