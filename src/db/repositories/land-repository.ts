import type { Tx } from '../tx.ts';

export interface ProjectLandRow {
  projectId: number;
  areaMu: number;
  outputWan: number;
  setBy: string;
  setAt: Date;
}

export interface LandRevitalisationRow {
  id: number;
  unitId: string;
  areaMu: number;
  supplyYear: number;
  rewardYear: number;
  rewardMu: number;
  projectId: number | null;
  note: string | null;
  recordedBy: string;
  recordedAt: Date;
}

const landSelect = { projectId: true, areaMu: true, outputWan: true, setBy: true, setAt: true } as const;
export const revitalisationSelect = {
  id: true,
  unitId: true,
  areaMu: true,
  supplyYear: true,
  rewardYear: true,
  rewardMu: true,
  projectId: true,
  note: true,
  recordedBy: true,
  recordedAt: true,
} as const;

export const landRepository = {
  async findProjectLand(tx: Tx, projectId: number): Promise<ProjectLandRow | null> {
    return tx.projectLand.findUnique({ where: { projectId }, select: landSelect });
  },

  async landOf(tx: Tx, projectIds: readonly number[]): Promise<Map<number, ProjectLandRow>> {
    if (projectIds.length === 0) return new Map();
    const rows = await tx.projectLand.findMany({ where: { projectId: { in: [...projectIds] } }, select: landSelect });
    return new Map(rows.map((row) => [row.projectId, row]));
  },

  async setProjectLand(
    tx: Tx,
    entry: { projectId: number; areaMu: number; outputWan: number; setBy: string },
    now: Date,
  ): Promise<void> {
    const data = { areaMu: entry.areaMu, outputWan: entry.outputWan, setBy: entry.setBy, setAt: now };
    await tx.projectLand.upsert({
      where: { projectId: entry.projectId },
      create: { projectId: entry.projectId, ...data },
      update: data,
    });
  },

  async addRevitalisation(
    tx: Tx,
    entry: Omit<LandRevitalisationRow, 'id' | 'recordedAt'>,
    now: Date,
  ): Promise<LandRevitalisationRow> {
    return tx.landRevitalisation.create({ data: { ...entry, recordedAt: now }, select: revitalisationSelect });
  },

  /** Newest first; `unitIds` null means every unit. */
  async listRevitalisations(
    tx: Tx,
    unitIds: readonly string[] | null,
    limit: number,
  ): Promise<LandRevitalisationRow[]> {
    return tx.landRevitalisation.findMany({
      where: unitIds === null ? {} : { unitId: { in: [...unitIds] } },
      select: revitalisationSelect,
      orderBy: [{ rewardYear: 'desc' }, { id: 'desc' }],
      take: limit,
    });
  },

  /** Reward totals per (reward year, unit), for the ledger's summary; `unitIds` null means every unit. */
  async rewardTotals(
    tx: Tx,
    unitIds: readonly string[] | null,
  ): Promise<{ rewardYear: number; unitId: string; areaMu: number; rewardMu: number; count: number }[]> {
    const rows = await tx.landRevitalisation.groupBy({
      by: ['rewardYear', 'unitId'],
      where: unitIds === null ? {} : { unitId: { in: [...unitIds] } },
      _sum: { areaMu: true, rewardMu: true },
      _count: { _all: true },
      orderBy: [{ rewardYear: 'desc' }, { unitId: 'asc' }],
    });
    return rows.map((row) => ({
      rewardYear: row.rewardYear,
      unitId: row.unitId,
      areaMu: row._sum.areaMu ?? 0,
      rewardMu: row._sum.rewardMu ?? 0,
      count: row._count._all,
    }));
  },
};
