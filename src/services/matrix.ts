import { UserError } from '../app/errors.ts';
import { matrixRepository, type MatrixCycleRow, type MatrixItemRow } from '../db/repositories/matrix-repository.ts';
import { orgRepository } from '../db/repositories/org-repository.ts';
import { AWAITING_IPB, completionTarget, currentCycle, nextCycle, type CycleStatus } from '../domain/matrix/cycles.ts';
import { daysBetween, shanghaiDate } from '../domain/matrix/dates.ts';
import { parseItemNumber, resolveCooperating } from '../domain/matrix/items.ts';
import { hasAnyRole, type RoleGrant } from '../domain/org/roles.ts';
import { parseDate } from '../domain/parsing/date.ts';
import {
  matrixCompletedNotice,
  matrixConfirmedNotice,
  matrixProgressNotice,
  matrixReopenedNotice,
  matrixReopenNote,
} from '../messages/matrix.ts';
import { zhCN } from '../messages/zh-CN.ts';
import { appendAudit } from './audit-log.ts';
import { notify } from './notify.ts';
import type { UseCase } from './use-case.ts';
import { IPB_UNIT, unitNamer } from '../domain/org/units.ts';

const m = zhCN.matrix;

/** How many cycles /台账 <n> lists; quarterly items accumulate dozens over the years. */
const HISTORY_SHOWN = 8;
const PROGRESS_SHOWN = 5;

export interface ActingUnit {
  id: string;
  name: string;
}

interface Context {
  item: MatrixItemRow;
  cycles: MatrixCycleRow[];
  unitName(id: string): string;
  units: { id: string; kind: string }[];
}

async function load(uc: UseCase, itemInput: string): Promise<Context> {
  const number = parseItemNumber(itemInput);
  const item = number === undefined ? null : await matrixRepository.findItem(uc.tx, number);
  if (item === null) throw new UserError(m.unknownItem({ input: itemInput }));
  const units = await orgRepository.listUnits(uc.tx);
  return { item, cycles: await matrixRepository.listCycles(uc.tx, item.number), unitName: unitNamer(units), units };
}

const leadNames = (ctx: Context) => ctx.item.leadUnitIds.map(ctx.unitName).join('、');
const partOf = (item: MatrixItemRow, leadUnitId: string) =>
  item.leadUnitIds.length > 1 ? (item.schedule.chains.find((c) => c.leadUnitId === leadUnitId)?.part ?? null) : null;

/** A cycle as the ledger shows it; days are ISO dates in Asia/Shanghai, `daysLeft` negative when overdue. */
export interface MatrixCycleLine {
  label: string;
  dueDate: string;
  status: CycleStatus;
  daysLeft: number;
  lead: string;
}

function line(ctx: Context, cycle: MatrixCycleRow, today: string): MatrixCycleLine {
  return {
    label: cycle.label,
    dueDate: cycle.dueDate,
    status: cycle.status,
    daysLeft: daysBetween(today, cycle.dueDate),
    lead: ctx.unitName(cycle.leadUnitId),
  };
}

function findCycle(ctx: Context, key: string, leadUnitId?: string): MatrixCycleRow[] {
  const found = ctx.cycles.filter((c) => c.key === key && (leadUnitId === undefined || c.leadUnitId === leadUnitId));
  if (found.length === 0)
    throw new UserError(m.unknownCycle({ number: ctx.item.number, input: key, keys: recentKeys(ctx.cycles) }));
  return found;
}

const recentKeys = (cycles: readonly MatrixCycleRow[]) => [...new Set(cycles.map((c) => c.key))].slice(-HISTORY_SHOWN);

export interface MatrixLedgerOutcome {
  kind: 'ledger';
  today: string;
  /** One per item, or per lead unit where the lead is split (`part` names the lead's share). */
  lines: { number: number; name: string; cycle: MatrixCycleLine | null; part: string | null; awaiting: number }[];
}

/** `/台账`: every item's current cycle, one line per item (per lead unit where the lead is split). */
export async function matrixLedger(uc: UseCase): Promise<MatrixLedgerOutcome> {
  const today = shanghaiDate(uc.now);
  const units = await orgRepository.listUnits(uc.tx);
  const unitName = unitNamer(units);
  const all = await matrixRepository.listCycles(uc.tx);
  const lines: MatrixLedgerOutcome['lines'] = [];
  for (const item of await matrixRepository.listItems(uc.tx)) {
    for (const leadUnitId of item.leadUnitIds) {
      const cycles = all.filter((c) => c.itemNumber === item.number && c.leadUnitId === leadUnitId);
      const current = currentCycle(cycles, today);
      const cycle =
        current === undefined
          ? null
          : {
              label: current.label,
              dueDate: current.dueDate,
              status: current.status,
              daysLeft: daysBetween(today, current.dueDate),
              lead: unitName(leadUnitId),
            };
      const awaiting = cycles.filter((c) => c !== current && AWAITING_IPB.includes(c.status)).length;
      lines.push({ number: item.number, name: item.name, cycle, part: partOf(item, leadUnitId), awaiting });
    }
  }
  return { kind: 'ledger', today, lines };
}

export interface MatrixItemOutcome {
  kind: 'item';
  number: number;
  name: string;
  content: string;
  /** Lead unit names. */
  leads: string[];
  cooperatingText: string;
  deadlineText: string;
  yearlyTarget: { min: number; max: number; unit: string } | null;
  current: (MatrixCycleLine & { part: string | null })[];
  /** The latest past cycles; `earlier` counts the ones left out. */
  history: (MatrixCycleLine & { basis: string | null })[];
  earlier: number;
  /** Newest first. */
  progress: { recordedAt: Date; unit: string; by: string; label: string; note: string }[];
}

/** `/台账 <n>`: the item as the attachment states it, its cycles and the latest progress notes. */
export async function matrixItemDetail(uc: UseCase, itemInput: string): Promise<MatrixItemOutcome> {
  const ctx = await load(uc, itemInput);
  const today = shanghaiDate(uc.now);
  const current = ctx.item.leadUnitIds
    .map((lead) =>
      currentCycle(
        ctx.cycles.filter((c) => c.leadUnitId === lead),
        today,
      ),
    )
    .filter((c): c is MatrixCycleRow => c !== undefined);
  const past = ctx.cycles.filter((c) => !current.includes(c) && c.dueDate <= (current[0]?.dueDate ?? today));
  const shown = past.slice(-HISTORY_SHOWN);
  const progress = await matrixRepository.listProgress(uc.tx, ctx.item.number, PROGRESS_SHOWN);
  const recorders = new Map<string, string>();
  for (const id of new Set(progress.map((p) => p.recordedBy)))
    recorders.set(id, (await orgRepository.findUser(uc.tx, id))?.name ?? id);
  const target = ctx.item.schedule.yearlyTarget;
  return {
    kind: 'item',
    number: ctx.item.number,
    name: ctx.item.name,
    content: ctx.item.content,
    leads: ctx.item.leadUnitIds.map(ctx.unitName),
    cooperatingText: ctx.item.cooperatingText,
    deadlineText: ctx.item.deadlineText,
    yearlyTarget: target ?? null,
    current: current.map((c) => ({ ...line(ctx, c, today), part: partOf(ctx.item, c.leadUnitId) })),
    history: shown.map((c) => ({ ...line(ctx, c, today), basis: c.basis })),
    earlier: past.length - shown.length,
    progress: progress.map((p) => ({
      recordedAt: p.recordedAt,
      unit: ctx.unitName(p.unitId),
      by: recorders.get(p.recordedBy) ?? p.recordedBy,
      label: p.cycleLabel,
      note: p.note,
    })),
  };
}

function requireUnit(unit: ActingUnit | null): ActingUnit {
  if (unit === null) throw new UserError(m.noUnit());
  return unit;
}

/** `/台账 进度`: a lead or cooperating unit's note on the current cycle; a cooperating unit's note is passed to the lead. */
/** `notifiedLead`: the lead unit told of a cooperating unit's note; null when the lead wrote it. */
export interface MatrixProgressOutcome {
  kind: 'recorded';
  number: number;
  label: string;
  notifiedLead: string | null;
}

export async function recordMatrixProgress(
  uc: UseCase,
  actorUnit: ActingUnit | null,
  input: { item: string; note: string; cycleKey?: string },
): Promise<MatrixProgressOutcome> {
  const unit = requireUnit(actorUnit);
  const ctx = await load(uc, input.item);
  const isLead = ctx.item.leadUnitIds.includes(unit.id);
  if (!isLead && !resolveCooperating(ctx.item.cooperating, ctx.units).includes(unit.id)) {
    throw new UserError(m.notParticipant({ number: ctx.item.number, unit: unit.name, leads: leadNames(ctx) }));
  }
  if (input.note.trim() === '') throw new UserError(m.missingNote({ number: ctx.item.number }));
  const ownChain = isLead ? ctx.cycles.filter((c) => c.leadUnitId === unit.id) : ctx.cycles;
  const cycle =
    input.cycleKey !== undefined
      ? findCycle(ctx, input.cycleKey, isLead ? unit.id : undefined)[0]
      : completionTarget(ownChain);
  if (cycle === undefined) throw new UserError(m.nothingOpen({ number: ctx.item.number }));
  await matrixRepository.addProgress(
    uc.tx,
    { cycleId: cycle.id, unitId: unit.id, note: input.note, recordedBy: uc.actorId },
    uc.now,
  );
  await appendAudit(uc, {
    action: 'matrix.progress',
    recordType: 'MatrixCycle',
    recordId: `matrix-${ctx.item.number}-${cycle.key}`,
    after: { unitId: unit.id, note: input.note },
  });
  if (!isLead) {
    const notice = matrixProgressNotice({
      number: ctx.item.number,
      name: ctx.item.name,
      label: cycle.label,
      unit: unit.name,
      by: uc.actorName ?? uc.actorId,
      note: input.note,
    });
    await notify(uc, { unitId: cycle.leadUnitId }, notice);
  }
  const notifiedLead = isLead ? null : ctx.unitName(cycle.leadUnitId);
  return { kind: 'recorded', number: ctx.item.number, label: cycle.label, notifiedLead };
}

/** `/台账 完成`: the lead unit reports its current cycle done; IPB is asked to confirm. */
/** `next`: the lead unit's cycle now open, if any (ISO due date). */
export interface MatrixCompletedOutcome {
  kind: 'completed';
  number: number;
  label: string;
  basis: string;
  next: { label: string; dueDate: string } | null;
}

export async function completeMatrixCycle(
  uc: UseCase,
  actorUnit: ActingUnit | null,
  input: { item: string; basis: string; cycleKey?: string },
): Promise<MatrixCompletedOutcome> {
  const unit = requireUnit(actorUnit);
  const ctx = await load(uc, input.item);
  if (!ctx.item.leadUnitIds.includes(unit.id))
    throw new UserError(m.notLead({ number: ctx.item.number, unit: unit.name, leads: leadNames(ctx) }));
  if (input.basis.trim() === '') throw new UserError(m.missingBasis({ number: ctx.item.number }));
  const own = ctx.cycles.filter((c) => c.leadUnitId === unit.id);
  const cycle = input.cycleKey !== undefined ? findCycle(ctx, input.cycleKey, unit.id)[0] : completionTarget(own);
  if (cycle === undefined) throw new UserError(m.nothingToComplete({ number: ctx.item.number, unit: unit.name }));
  if (!(await matrixRepository.complete(uc.tx, cycle.id, { basis: input.basis, by: uc.actorId }, uc.now))) {
    throw new UserError(
      m.cannotComplete({ number: ctx.item.number, label: cycle.label, status: m.statusLabel[cycle.status] }),
    );
  }
  await appendAudit(uc, {
    action: 'matrix.complete',
    recordType: 'MatrixCycle',
    recordId: `matrix-${ctx.item.number}-${cycle.key}`,
    before: { status: cycle.status },
    after: { status: 'DONE', basis: input.basis, unitId: unit.id },
  });
  // A repeating item always has its next cycle once this one is done, whenever it is done.
  const following = nextCycle(ctx.item, unit.id, cycle.dueDate);
  if (following !== undefined) await matrixRepository.createCycle(uc.tx, following, 'OPEN', uc.now);
  const stillOpen = completionTarget(own.filter((c) => c.id !== cycle.id && c.status === 'OPEN'));
  const next =
    stillOpen ?? (following !== undefined && !own.some((c) => c.key === following.key) ? following : undefined);
  const notice = matrixCompletedNotice({
    number: ctx.item.number,
    name: ctx.item.name,
    label: cycle.label,
    unit: unit.name,
    by: uc.actorName ?? uc.actorId,
    basis: input.basis,
  });
  await notify(uc, { unitId: IPB_UNIT }, notice);
  const upcoming = next === undefined ? null : { label: next.label, dueDate: next.dueDate };
  return { kind: 'completed', number: ctx.item.number, label: cycle.label, basis: input.basis, next: upcoming };
}

/**
 * Who rules on a cycle (DESIGN §7): IPB for the other lead units; for a cycle IPB leads itself, a city
 * leader (LEADER), since IPB does not confirm its own work.
 */
const confirmerRole = (cycle: Pick<MatrixCycleRow, 'leadUnitId'>): 'IPB' | 'LEADER' =>
  cycle.leadUnitId === IPB_UNIT ? 'LEADER' : 'IPB';

/**
 * `/台账 确认`: the named cycle; with several waiting and none named, the cycles are listed and the
 * officer names one (or 全部 for every one waiting).
 */
export interface MatrixConfirmedOutcome {
  kind: 'confirmed';
  number: number;
  labels: string[];
}

export async function confirmMatrixCycles(
  uc: UseCase,
  roles: readonly RoleGrant[],
  input: { item: string; cycleKey?: string; all?: boolean },
): Promise<MatrixConfirmedOutcome> {
  const ctx = await load(uc, input.item);
  const candidates =
    input.cycleKey !== undefined
      ? findCycle(ctx, input.cycleKey)
      : ctx.cycles.filter((c) => AWAITING_IPB.includes(c.status));
  const awaiting = candidates.filter((c) => AWAITING_IPB.includes(c.status) && hasAnyRole(roles, [confirmerRole(c)]));
  const others = candidates.filter((c) => AWAITING_IPB.includes(c.status) && !hasAnyRole(roles, [confirmerRole(c)]));
  if (awaiting.length === 0) {
    const other = others[0];
    if (other !== undefined)
      throw new UserError(
        confirmerRole(other) === 'LEADER'
          ? m.confirmByLeader({ number: ctx.item.number })
          : m.confirmByIpb({ number: ctx.item.number }),
      );
    const named = candidates[0];
    throw new UserError(
      named === undefined
        ? m.nothingAwaiting({ number: ctx.item.number })
        : m.notAwaiting({ number: ctx.item.number, label: named.label, status: m.statusLabel[named.status] }),
    );
  }
  if (awaiting.length > 1 && input.cycleKey === undefined && input.all !== true) {
    throw new UserError(
      m.chooseToConfirm({
        number: ctx.item.number,
        cycles: awaiting.map((c) => ({
          key: c.key,
          label: c.label,
          dueDate: c.dueDate,
          status: m.statusLabel[c.status],
        })),
      }),
    );
  }
  const confirmed: MatrixCycleRow[] = [];
  for (const cycle of awaiting)
    if (await matrixRepository.confirm(uc.tx, cycle.id, uc.actorId, uc.now)) confirmed.push(cycle);
  await appendAudit(uc, {
    action: 'matrix.confirm',
    recordType: 'MatrixItem',
    recordId: `matrix-${ctx.item.number}`,
    after: { cycles: confirmed.map((c) => ({ key: c.key, leadUnitId: c.leadUnitId, from: c.status })) },
  });
  for (const leadUnitId of new Set(confirmed.map((c) => c.leadUnitId))) {
    const labels = confirmed.filter((c) => c.leadUnitId === leadUnitId).map((c) => c.label);
    await notify(
      uc,
      { unitId: leadUnitId },
      matrixConfirmedNotice({ number: ctx.item.number, name: ctx.item.name, labels, by: uc.actorName ?? uc.actorId }),
    );
  }
  return { kind: 'confirmed', number: ctx.item.number, labels: confirmed.map((c) => c.label) };
}

/**
 * `/台账 退回` (IPB): back to OPEN, so reminders (and, past the deadline, weekly overdue notices)
 * resume. Without a named cycle there must be exactly one candidate waiting for a ruling.
 */
/** `dueDate`: the cycle's 整改时限 (ISO date), `daysLeft` from today. */
export interface MatrixReopenedOutcome {
  kind: 'reopened';
  number: number;
  label: string;
  dueDate: string;
  daysLeft: number;
}

export async function reopenMatrixCycle(
  uc: UseCase,
  input: { item: string; cycleKey?: string; reason?: string; deadline?: string },
): Promise<MatrixReopenedOutcome> {
  const ctx = await load(uc, input.item);
  // Item 8's two lead units share cycle keys; a lead unit's name right after the key picks one.
  const words = (input.reason ?? '').trim().split(/\s+/).filter(Boolean);
  const namedLead = ctx.item.leadUnitIds.find((id) => id === words[0] || ctx.unitName(id) === words[0]);
  const reason = (namedLead === undefined ? words : words.slice(1)).join(' ') || null;
  const pool = (
    input.cycleKey !== undefined
      ? findCycle(ctx, input.cycleKey)
      : ctx.cycles.filter((c) => AWAITING_IPB.includes(c.status))
  ).filter((c) => namedLead === undefined || c.leadUnitId === namedLead);
  const reopenable = pool.filter((c) => c.status !== 'OPEN');
  if (reopenable.length > 1) {
    const shared = new Set(reopenable.map((c) => c.key)).size < reopenable.length;
    throw new UserError(
      m.chooseCycle({
        number: ctx.item.number,
        keys: reopenable.map((c) => (shared ? `${c.key} ${ctx.unitName(c.leadUnitId)}` : c.key)),
      }),
    );
  }
  const cycle = reopenable[0];
  if (cycle === undefined) {
    const open = pool[0];
    throw new UserError(
      open === undefined
        ? m.nothingAwaiting({ number: ctx.item.number })
        : m.alreadyOpen({ number: ctx.item.number, label: open.label }),
    );
  }
  // A reopened cycle gets a new 整改时限 when its deadline has passed: reopening a 2019 deadline would
  // only report it "overdue for years" (DESIGN §7, issue #13).
  const today = shanghaiDate(uc.now);
  let dueDate = cycle.dueDate;
  if (input.deadline !== undefined || cycle.dueDate < today) {
    if (input.deadline === undefined)
      throw new UserError(m.deadlineRequired({ number: ctx.item.number, label: cycle.label, dueDate: cycle.dueDate }));
    const [year, month, day] = today.split('-').map(Number);
    const parsed = parseDate(input.deadline, { year: year!, month: month!, day: day! });
    if (!parsed.ok || parsed.date <= today) throw new UserError(m.badDeadline({ input: input.deadline }));
    dueDate = parsed.date;
  }
  if (!(await matrixRepository.reopen(uc.tx, cycle.id, uc.actorId, uc.now, dueDate)))
    throw new UserError(m.alreadyOpen({ number: ctx.item.number, label: cycle.label }));
  if (reason !== null)
    await matrixRepository.addProgress(
      uc.tx,
      { cycleId: cycle.id, unitId: IPB_UNIT, note: matrixReopenNote({ reason }), recordedBy: uc.actorId },
      uc.now,
    );
  await appendAudit(uc, {
    action: 'matrix.reopen',
    recordType: 'MatrixCycle',
    recordId: `matrix-${ctx.item.number}-${cycle.key}`,
    before: { status: cycle.status, basis: cycle.basis, dueDate: cycle.dueDate },
    after: { status: 'OPEN', reason, dueDate },
  });
  const daysLeft = daysBetween(today, dueDate);
  await notify(
    uc,
    { unitId: cycle.leadUnitId },
    matrixReopenedNotice({
      number: ctx.item.number,
      name: ctx.item.name,
      label: cycle.label,
      dueDate,
      daysLeft,
      by: uc.actorName ?? uc.actorId,
      reason,
    }),
  );
  return { kind: 'reopened', number: ctx.item.number, label: cycle.label, dueDate, daysLeft };
}
