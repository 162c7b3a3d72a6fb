import type { Tx } from '../tx.ts';

export type DeadlineTaskKind = 'MATRIX' | 'TRANSFER' | 'EXCLUSIVITY';
export type DeadlineTaskStatus = 'OPEN' | 'FINISHED' | 'CANCELLED';

export interface DeadlineTaskRow {
  taskKey: string;
  kind: string;
  recordId: number;
  userId: string;
  title: string;
  dueAt: Date;
  command: string;
}

const taskSelect = {
  taskKey: true,
  kind: true,
  recordId: true,
  userId: true,
  title: true,
  dueAt: true,
  command: true,
} as const;

/**
 * The deadline to-dos the bot keeps, and the narrow reads of the records they follow (matrix cycles,
 * transfer reviews, exclusive projects), kept here so the services that own those records need no change.
 */
export const deadlineTaskRepository = {
  async listOpen(tx: Tx): Promise<DeadlineTaskRow[]> {
    return tx.deadlineTask.findMany({ where: { status: 'OPEN' }, select: taskSelect, orderBy: { taskKey: 'asc' } });
  },

  /** False when this task was opened before (open or closed): a task key is opened once. */
  async open(tx: Tx, row: DeadlineTaskRow, now: Date): Promise<boolean> {
    const existing = await tx.deadlineTask.findUnique({ where: { taskKey: row.taskKey }, select: { taskKey: true } });
    if (existing) return false;
    await tx.deadlineTask.create({ data: { ...row, status: 'OPEN', openedAt: now } });
    return true;
  },

  async close(tx: Tx, taskKey: string, status: Exclude<DeadlineTaskStatus, 'OPEN'>, now: Date): Promise<boolean> {
    const { count } = await tx.deadlineTask.updateMany({
      where: { taskKey, status: 'OPEN' },
      data: { status, closedAt: now },
    });
    return count > 0;
  },

  async openMatrixCycles(tx: Tx): Promise<
    {
      id: number;
      itemNumber: number;
      itemName: string;
      label: string;
      dueDate: string;
      leadUnitId: string;
      key: string;
    }[]
  > {
    const rows = await tx.matrixCycle.findMany({
      where: { status: 'OPEN' },
      select: {
        id: true,
        itemNumber: true,
        label: true,
        dueDate: true,
        leadUnitId: true,
        key: true,
        item: { select: { name: true } },
      },
      orderBy: [{ itemNumber: 'asc' }, { dueDate: 'asc' }],
    });
    return rows.map(({ item, ...row }) => ({ ...row, itemName: item.name }));
  },

  async matrixCycleStatus(tx: Tx, id: number): Promise<string | null> {
    return (await tx.matrixCycle.findUnique({ where: { id }, select: { status: true } }))?.status ?? null;
  },

  async reviewingTransfers(tx: Tx): Promise<
    {
      id: number;
      code: string;
      enterpriseName: string;
      industryUnitId: string;
      round: number;
      roundStartedAt: Date;
      votedSeats: string[];
    }[]
  > {
    const rows = await tx.transfer.findMany({
      where: { status: 'REVIEWING' },
      select: {
        id: true,
        code: true,
        enterpriseName: true,
        industryUnitId: true,
        round: true,
        roundStartedAt: true,
        votes: { select: { seat: true, round: true } },
      },
      orderBy: { id: 'asc' },
    });
    return rows.map(({ votes, ...row }) => ({
      ...row,
      votedSeats: votes.filter((v) => v.round === row.round).map((v) => v.seat),
    }));
  },

  async seatVoted(tx: Tx, transferId: number, round: number, seat: string): Promise<boolean> {
    return (await tx.transferVote.count({ where: { transferId, round, seat } })) > 0;
  },

  async exclusiveProjects(
    tx: Tx,
  ): Promise<{ id: number; code: string; name: string; unitId: string; exclusiveUntil: Date }[]> {
    const rows = await tx.project.findMany({
      where: { status: 'EXCLUSIVE', exclusiveUntil: { not: null } },
      select: { id: true, code: true, name: true, unitId: true, exclusiveUntil: true },
      orderBy: { id: 'asc' },
    });
    return rows.flatMap((row) => (row.exclusiveUntil === null ? [] : [{ ...row, exclusiveUntil: row.exclusiveUntil }]));
  },

  async projectStatus(tx: Tx, id: number): Promise<string | null> {
    return (await tx.project.findUnique({ where: { id }, select: { status: true } }))?.status ?? null;
  },

  /** Users of a unit, or holding a role (with this scope when given): the officers a deadline falls on. */
  async officers(tx: Tx, who: { unitId: string } | { role: string; scope?: string }): Promise<string[]> {
    const where =
      'unitId' in who
        ? { unitId: who.unitId, roles: { some: {} } }
        : { roles: { some: { role: who.role, ...(who.scope === undefined ? {} : { scope: who.scope }) } } };
    return (await tx.user.findMany({ where, select: { id: true }, orderBy: { id: 'asc' } })).map((u) => u.id);
  },
};
