import { sqlTime, type Tx } from '../tx.ts';
import type { CycleSpec, CycleStatus } from '../../domain/matrix/cycles.ts';
import type { ItemSchedule, MatrixItemDefinition } from '../../domain/matrix/items.ts';

export interface MatrixItemRow {
  number: number;
  name: string;
  content: string;
  leadUnitIds: string[];
  /** Unit ids and 'kind:…' references, as MatrixItemDefinition.cooperating. */
  cooperating: string[];
  cooperatingText: string;
  deadlineText: string;
  schedule: ItemSchedule;
}

export interface MatrixCycleRow {
  id: number;
  itemNumber: number;
  key: string;
  label: string;
  dueDate: string;
  leadUnitId: string;
  status: CycleStatus;
  basis: string | null;
  completedAt: Date | null;
  completedBy: string | null;
  /** IPB's last ruling on the cycle: a confirmation (CONFIRMED) or a reopening (back to OPEN). */
  confirmedAt: Date | null;
  confirmedBy: string | null;
  createdAt: Date;
}

export interface MatrixProgressRow {
  id: number;
  cycleKey: string;
  cycleLabel: string;
  unitId: string;
  note: string;
  recordedBy: string;
  recordedAt: Date;
}

const itemSelect = {
  number: true,
  name: true,
  content: true,
  leadUnits: true,
  coopUnits: true,
  coopText: true,
  deadlineText: true,
  schedule: true,
} as const;

const cycleSelect = {
  id: true,
  itemNumber: true,
  key: true,
  label: true,
  dueDate: true,
  leadUnitId: true,
  status: true,
  basis: true,
  completedAt: true,
  completedBy: true,
  confirmedAt: true,
  confirmedBy: true,
  createdAt: true,
} as const;

function toItem(row: {
  number: number;
  name: string;
  content: string;
  leadUnits: string;
  coopUnits: string;
  coopText: string;
  deadlineText: string;
  schedule: string;
}): MatrixItemRow {
  return {
    number: row.number,
    name: row.name,
    content: row.content,
    leadUnitIds: JSON.parse(row.leadUnits) as string[],
    cooperating: JSON.parse(row.coopUnits) as string[],
    cooperatingText: row.coopText,
    deadlineText: row.deadlineText,
    schedule: JSON.parse(row.schedule) as ItemSchedule,
  };
}

function toCycle<R extends { status: string }>(row: R): Omit<R, 'status'> & { status: CycleStatus } {
  return { ...row, status: row.status as CycleStatus };
}

export const matrixRepository = {
  /** Writes the item as the code transcribes it; a corrected transcription replaces the old one. */
  async upsertItem(tx: Tx, item: MatrixItemDefinition): Promise<void> {
    const data = {
      name: item.name,
      content: item.content,
      leadUnits: JSON.stringify(item.leadUnitIds),
      coopUnits: JSON.stringify(item.cooperating),
      coopText: item.cooperatingText,
      deadlineText: item.deadlineText,
      schedule: JSON.stringify(item.schedule),
    };
    await tx.matrixItem.upsert({
      where: { number: item.number },
      create: { number: item.number, ...data },
      update: data,
    });
  },

  async listItems(tx: Tx): Promise<MatrixItemRow[]> {
    const rows = await tx.matrixItem.findMany({ select: itemSelect, orderBy: { number: 'asc' } });
    return rows.map(toItem);
  },

  async findItem(tx: Tx, number: number): Promise<MatrixItemRow | null> {
    const row = await tx.matrixItem.findUnique({ where: { number }, select: itemSelect });
    return row === null ? null : toItem(row);
  },

  async listCycles(tx: Tx, itemNumber?: number): Promise<MatrixCycleRow[]> {
    const rows = await tx.matrixCycle.findMany({
      where: itemNumber === undefined ? {} : { itemNumber },
      select: cycleSelect,
      orderBy: [{ itemNumber: 'asc' }, { dueDate: 'asc' }, { leadUnitId: 'asc' }],
    });
    return rows.map(toCycle);
  },

  /** Every existing cycle as "item|key|lead", so a sync writes only what is missing. */
  async cycleIdentities(tx: Tx): Promise<Set<string>> {
    const rows = await tx.matrixCycle.findMany({ select: { itemNumber: true, key: true, leadUnitId: true } });
    return new Set(rows.map((r) => `${r.itemNumber}|${r.key}|${r.leadUnitId}`));
  },

  /** Creates the cycle unless it exists; false when it did. */
  async createCycle(tx: Tx, cycle: Omit<CycleSpec, 'opensOn'>, status: CycleStatus, now: Date): Promise<boolean> {
    const inserted =
      await tx.$executeRaw`INSERT INTO "MatrixCycle" ("itemNumber", "key", "label", "dueDate", "leadUnitId", "status", "createdAt")
      VALUES (${cycle.itemNumber}, ${cycle.key}, ${cycle.label}, ${cycle.dueDate}, ${cycle.leadUnitId}, ${status}, ${sqlTime(now)})
      ON CONFLICT ("itemNumber", "key", "leadUnitId") DO NOTHING`;
    return inserted > 0;
  },

  /** When the matrix was first seeded in this database: the deployment the 待确认 rule refers to. */
  async firstSeededAt(tx: Tx): Promise<Date | null> {
    const row = await tx.matrixCycle.aggregate({ _min: { createdAt: true } });
    return row._min.createdAt;
  },

  /** Each transition re-checks the status it starts from, so a concurrent ruling cannot be overwritten. */
  async complete(tx: Tx, id: number, change: { basis: string; by: string }, now: Date): Promise<boolean> {
    const result = await tx.matrixCycle.updateMany({
      where: { id, status: { in: ['OPEN', 'PENDING_CONFIRM'] } },
      data: { status: 'DONE', basis: change.basis, completedAt: now, completedBy: change.by },
    });
    return result.count === 1;
  },

  async confirm(tx: Tx, id: number, by: string, now: Date): Promise<boolean> {
    const result = await tx.matrixCycle.updateMany({
      where: { id, status: { in: ['DONE', 'PENDING_CONFIRM'] } },
      data: { status: 'CONFIRMED', confirmedAt: now, confirmedBy: by },
    });
    return result.count === 1;
  },

  /** Back to OPEN with the 整改时限 `dueDate` (the cycle's own when it has not passed). */
  async reopen(tx: Tx, id: number, by: string, now: Date, dueDate: string): Promise<boolean> {
    const result = await tx.matrixCycle.updateMany({
      where: { id, status: { not: 'OPEN' } },
      data: {
        status: 'OPEN',
        dueDate,
        basis: null,
        completedAt: null,
        completedBy: null,
        confirmedAt: now,
        confirmedBy: by,
      },
    });
    return result.count === 1;
  },

  /** When a 常态化 item last checked in: its latest progress note or reported completion, or null. */
  async lastCheckInOfItem(tx: Tx, itemNumber: number): Promise<Date | null> {
    const note = await tx.matrixProgress.findFirst({
      where: { cycle: { itemNumber } },
      select: { recordedAt: true },
      orderBy: { recordedAt: 'desc' },
    });
    const done = await tx.matrixCycle.findFirst({
      where: { itemNumber, completedAt: { not: null } },
      select: { completedAt: true },
      orderBy: { completedAt: 'desc' },
    });
    const times = [note?.recordedAt, done?.completedAt].filter((d): d is Date => d instanceof Date);
    return times.length === 0 ? null : new Date(Math.max(...times.map((d) => d.getTime())));
  },

  async addProgress(
    tx: Tx,
    progress: { cycleId: number; unitId: string; note: string; recordedBy: string },
    now: Date,
  ): Promise<void> {
    await tx.matrixProgress.create({ data: { ...progress, recordedAt: now } });
  },

  /** The item's latest progress notes, newest first. */
  async listProgress(tx: Tx, itemNumber: number, limit: number): Promise<MatrixProgressRow[]> {
    const rows = await tx.matrixProgress.findMany({
      where: { cycle: { itemNumber } },
      select: {
        id: true,
        unitId: true,
        note: true,
        recordedBy: true,
        recordedAt: true,
        cycle: { select: { key: true, label: true } },
      },
      orderBy: [{ recordedAt: 'desc' }, { id: 'desc' }],
      take: limit,
    });
    return rows.map((r) => ({
      id: r.id,
      cycleKey: r.cycle.key,
      cycleLabel: r.cycle.label,
      unitId: r.unitId,
      note: r.note,
      recordedBy: r.recordedBy,
      recordedAt: r.recordedAt,
    }));
  },
};
