import type { Tx } from '../tx.ts';

export interface GuideVersionRow {
  id: number;
  year: number;
  version: number;
  createdAt: Date;
  createdBy: string;
  note: string | null;
  /** In the order they were written, which is the guide's own order. */
  assignments: { chain: string; unitId: string }[];
}

const select = {
  id: true,
  year: true,
  version: true,
  createdAt: true,
  createdBy: true,
  note: true,
  assignments: { select: { chain: true, unitId: true }, orderBy: { id: 'asc' } },
} as const;

/** Guide versions are never updated or deleted: an edit writes a whole new version. */
export const guideRepository = {
  /** The highest version of the latest year ≤ `year`: the guide in force in that year. */
  async latestForYear(tx: Tx, year: number): Promise<GuideVersionRow | null> {
    return tx.guideVersion.findFirst({ where: { year: { lte: year } }, orderBy: [{ year: 'desc' }, { version: 'desc' }], select });
  },

  async byId(tx: Tx, id: number): Promise<GuideVersionRow | null> {
    return tx.guideVersion.findUnique({ where: { id }, select });
  },

  /** Writes a new version of `year` (previous highest version of that year + 1) with all its assignments. */
  async createVersion(
    tx: Tx,
    input: { year: number; createdBy: string; note: string | null; assignments: readonly { chain: string; unitId: string }[] },
    now: Date,
  ): Promise<GuideVersionRow> {
    const previous = await tx.guideVersion.aggregate({ where: { year: input.year }, _max: { version: true } });
    return tx.guideVersion.create({
      data: {
        year: input.year,
        version: (previous._max.version ?? 0) + 1,
        createdAt: now,
        createdBy: input.createdBy,
        note: input.note,
        assignments: { create: input.assignments.map((a) => ({ chain: a.chain, unitId: a.unitId })) },
      },
      select,
    });
  },

  /** Years that have a guide, latest first. */
  async years(tx: Tx): Promise<number[]> {
    const rows = await tx.guideVersion.findMany({ distinct: ['year'], select: { year: true }, orderBy: { year: 'desc' } });
    return rows.map((r) => r.year);
  },

  async count(tx: Tx): Promise<number> {
    return tx.guideVersion.count();
  },
};
