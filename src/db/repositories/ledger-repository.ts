import type { Tx } from '../tx.ts';
import { projectSelect, toProjectRow, type ProjectRow } from './project-repository.ts';
import { asStatus, type ProjectStatus } from '../../domain/projects/status.ts';
import type { MatrixProgressRow } from './matrix-repository.ts';

export interface UnitStatusCount {
  unitId: string;
  status: ProjectStatus;
  count: number;
  amountWan: number;
}

/** A progress note of the whole matrix: its item beside what a cycle's own progress list gives. */
export type LedgerMatrixProgressRow = Omit<MatrixProgressRow, 'id'> & { itemNumber: number };

/** Read models for ledgers and dashboards: whole-table reads in pages, and aggregates. */
export const ledgerRepository = {
  /** One status's projects in report order, a page at a time, so a large ledger never sits in memory whole. */
  async *projectsWithStatus(tx: Tx, status: ProjectStatus, pageSize = 1000): AsyncGenerator<ProjectRow[]> {
    let afterId = 0;
    for (;;) {
      const rows = await tx.project.findMany({
        where: { status, id: { gt: afterId } },
        select: projectSelect,
        orderBy: { id: 'asc' },
        take: pageSize,
      });
      if (rows.length === 0) return;
      yield rows.map(toProjectRow);
      afterId = rows.at(-1)?.id ?? afterId;
      if (rows.length < pageSize) return;
    }
  },

  async countByUnitAndStatus(tx: Tx): Promise<UnitStatusCount[]> {
    const groups = await tx.project.groupBy({
      by: ['unitId', 'status'],
      _count: { _all: true },
      _sum: { amountWan: true },
    });
    return groups.map((g) => ({
      unitId: g.unitId,
      status: asStatus(g.status),
      count: g._count._all,
      amountWan: g._sum.amountWan ?? 0,
    }));
  },

  /** How many violations each project has on record, for projects that have any. */
  async violationCounts(tx: Tx): Promise<Map<number, number>> {
    const groups = await tx.violation.groupBy({ by: ['projectId'], _count: { _all: true } });
    return new Map(groups.map((g) => [g.projectId, g._count._all]));
  },

  /** Every progress note on the responsibility matrix, by item and time. */
  async matrixProgress(tx: Tx): Promise<LedgerMatrixProgressRow[]> {
    const rows = await tx.matrixProgress.findMany({
      select: {
        unitId: true,
        note: true,
        recordedBy: true,
        recordedAt: true,
        cycle: { select: { itemNumber: true, key: true, label: true } },
      },
      orderBy: [{ recordedAt: 'asc' }, { id: 'asc' }],
    });
    return rows.map((r) => ({
      itemNumber: r.cycle.itemNumber,
      cycleKey: r.cycle.key,
      cycleLabel: r.cycle.label,
      unitId: r.unitId,
      note: r.note,
      recordedBy: r.recordedBy,
      recordedAt: r.recordedAt,
    }));
  },
};
