import type { Tx } from '../tx.ts';
import { asStatus, type ProjectStatus } from '../../domain/projects/status.ts';

/** What the coordination features show of a project they refer to by id. */
export interface ProjectRef {
  id: number;
  code: string;
  name: string;
  investorName: string;
  chain: string;
  amountWan: number;
  unitId: string;
  status: ProjectStatus;
}

const select = {
  id: true,
  code: true,
  name: true,
  investorName: true,
  chain: true,
  amountWan: true,
  unitId: true,
  status: true,
} as const;

export const projectRefRepository = {
  async byIds(tx: Tx, ids: readonly number[]): Promise<Map<number, ProjectRef>> {
    if (ids.length === 0) return new Map();
    const rows = await tx.project.findMany({ where: { id: { in: [...new Set(ids)] } }, select });
    return new Map(rows.map((row) => [row.id, { ...row, status: asStatus(row.status) }]));
  },

  /** Projects in `statuses` of at least `minAmountWan`, optionally of some units, largest first. */
  async withStatusFrom(
    tx: Tx,
    statuses: readonly ProjectStatus[],
    minAmountWan: number,
    unitIds: readonly string[] | null,
    limit: number,
  ): Promise<ProjectRef[]> {
    const rows = await tx.project.findMany({
      where: {
        status: { in: [...statuses] },
        amountWan: { gte: minAmountWan },
        ...(unitIds === null ? {} : { unitId: { in: [...unitIds] } }),
      },
      select,
      orderBy: [{ amountWan: 'desc' }, { code: 'asc' }],
      take: limit,
    });
    return rows.map((row) => ({ ...row, status: asStatus(row.status) }));
  },
};
