import type { Tx } from '../tx.ts';
import type { PlatformScores } from '../../domain/factors/platform.ts';

export interface PlatformScoreRow extends PlatformScores {
  year: number;
  unitId: string;
  recordedBy: string;
  recordedAt: Date;
}

const select = {
  year: true,
  unitId: true,
  guide: true,
  landed: true,
  investment: true,
  ecosystem: true,
  recordedBy: true,
  recordedAt: true,
} as const;

export const platformRepository = {
  async find(tx: Tx, year: number, unitId: string): Promise<PlatformScoreRow | null> {
    return tx.platformScore.findUnique({ where: { year_unitId: { year, unitId } }, select });
  },

  async save(
    tx: Tx,
    entry: PlatformScores & { year: number; unitId: string; recordedBy: string },
    now: Date,
  ): Promise<void> {
    const { year, unitId, ...data } = entry;
    await tx.platformScore.upsert({
      where: { year_unitId: { year, unitId } },
      create: { year, unitId, ...data, recordedAt: now },
      update: { ...data, recordedAt: now },
    });
  },

  async ofYear(tx: Tx, year: number): Promise<PlatformScoreRow[]> {
    return tx.platformScore.findMany({ where: { year }, select, orderBy: { unitId: 'asc' } });
  },

  async ofUnits(tx: Tx, unitIds: readonly string[]): Promise<PlatformScoreRow[]> {
    if (unitIds.length === 0) return [];
    return tx.platformScore.findMany({
      where: { unitId: { in: [...unitIds] } },
      select,
      orderBy: [{ year: 'desc' }, { unitId: 'asc' }],
    });
  },
};
