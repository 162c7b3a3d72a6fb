import type { Tx } from '../tx.ts';
import type { EnergyOutcomeKind } from '../../domain/factors/energy.ts';

export interface EnergyPoolRow {
  year: number;
  tonnes: number;
  setBy: string;
  setAt: Date;
  allocatedAt: Date | null;
  allocatedBy: string | null;
}

export interface EnergyRequestRow {
  id: number;
  year: number;
  projectId: number;
  unitId: string;
  tonnes: number;
  outputWan: number;
  requestedBy: string;
  requestedAt: Date;
  outcome: EnergyOutcomeKind | null;
  grantedTonnes: number | null;
  rank: number | null;
}

export const poolSelect = {
  year: true,
  tonnes: true,
  setBy: true,
  setAt: true,
  allocatedAt: true,
  allocatedBy: true,
} as const;
export const requestSelect = {
  id: true,
  year: true,
  projectId: true,
  unitId: true,
  tonnes: true,
  outputWan: true,
  requestedBy: true,
  requestedAt: true,
  outcome: true,
  grantedTonnes: true,
  rank: true,
} as const;

const toRequest = (row: Omit<EnergyRequestRow, 'outcome'> & { outcome: string | null }): EnergyRequestRow => ({
  ...row,
  outcome: row.outcome as EnergyOutcomeKind | null,
});

export const energyRepository = {
  async findPool(tx: Tx, year: number): Promise<EnergyPoolRow | null> {
    return tx.energyPool.findUnique({ where: { year }, select: poolSelect });
  },

  /** The earliest pool of `fromYear` or later that is still open for requests. */
  async firstOpenPool(tx: Tx, fromYear: number): Promise<EnergyPoolRow | null> {
    return tx.energyPool.findFirst({
      where: { year: { gte: fromYear }, allocatedAt: null },
      select: poolSelect,
      orderBy: { year: 'asc' },
    });
  },

  async setPool(tx: Tx, entry: { year: number; tonnes: number; setBy: string }, now: Date): Promise<void> {
    const data = { tonnes: entry.tonnes, setBy: entry.setBy, setAt: now };
    await tx.energyPool.upsert({ where: { year: entry.year }, create: { year: entry.year, ...data }, update: data });
  },

  /** Closes the pool; false when it was already allocated. */
  async markAllocated(tx: Tx, year: number, by: string, now: Date): Promise<boolean> {
    const result = await tx.energyPool.updateMany({
      where: { year, allocatedAt: null },
      data: { allocatedAt: now, allocatedBy: by },
    });
    return result.count === 1;
  },

  async findRequest(tx: Tx, year: number, projectId: number): Promise<EnergyRequestRow | null> {
    const row = await tx.energyRequest.findUnique({
      where: { year_projectId: { year, projectId } },
      select: requestSelect,
    });
    return row === null ? null : toRequest(row);
  },

  async saveRequest(
    tx: Tx,
    entry: { year: number; projectId: number; unitId: string; tonnes: number; outputWan: number; requestedBy: string },
    now: Date,
  ): Promise<void> {
    const data = {
      unitId: entry.unitId,
      tonnes: entry.tonnes,
      outputWan: entry.outputWan,
      requestedBy: entry.requestedBy,
      requestedAt: now,
    };
    await tx.energyRequest.upsert({
      where: { year_projectId: { year: entry.year, projectId: entry.projectId } },
      create: { year: entry.year, projectId: entry.projectId, ...data },
      update: data,
    });
  },

  async requestsOf(tx: Tx, year: number, unitId?: string): Promise<EnergyRequestRow[]> {
    const rows = await tx.energyRequest.findMany({
      where: { year, ...(unitId === undefined ? {} : { unitId }) },
      select: requestSelect,
      orderBy: [{ rank: 'asc' }, { requestedAt: 'asc' }, { id: 'asc' }],
    });
    return rows.map(toRequest);
  },

  async setOutcome(
    tx: Tx,
    id: number,
    outcome: { outcome: EnergyOutcomeKind; grantedTonnes: number; rank: number | null },
  ): Promise<void> {
    await tx.energyRequest.update({ where: { id }, data: outcome });
  },
};
