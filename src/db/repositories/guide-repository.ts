import { dialectOf, type Tx } from '../tx.ts';
import { jsonTime } from './tx-state.ts';

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

/** A guide version with its assignments (JSON, in id order); all null when no guide is in force. */
interface GuideJoinRow {
  id: number | bigint | null;
  year: number | bigint | null;
  version: number | bigint | null;
  createdAt: Date | string | null;
  createdBy: string | null;
  note: string | null;
  assignments: string | null;
  unitViolations: string;
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
    return (await guideWithViolations(tx, year, null)).guide;
  },

  /**
   * What a report is checked against, in one statement: the guide in force in `year` and the
   * violations on record against the reporting unit (IPB reviews with them in view), newest first.
   */
  async reportBasis(
    tx: Tx,
    year: number,
    unitId: string,
  ): Promise<{ guide: GuideVersionRow | null; unitViolations: UnitViolationRow[] }> {
    return guideWithViolations(tx, year, unitId);
  },

  async byId(tx: Tx, id: number): Promise<GuideVersionRow | null> {
    return tx.guideVersion.findUnique({ where: { id }, select });
  },

  /** Writes a new version of `year` (previous highest version of that year + 1) with all its assignments. */
  async createVersion(
    tx: Tx,
    input: {
      year: number;
      createdBy: string;
      note: string | null;
      assignments: readonly { chain: string; unitId: string }[];
    },
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
    const rows = await tx.guideVersion.findMany({
      distinct: ['year'],
      select: { year: true },
      orderBy: { year: 'desc' },
    });
    return rows.map((r) => r.year);
  },

  async count(tx: Tx): Promise<number> {
    return tx.guideVersion.count();
  },
};

export interface UnitViolationRow {
  /** The project the violation was recorded on. */
  code: string;
  description: string;
  recordedAt: Date;
}

/**
 * The guide with its assignments as a JSON column (one statement, not two), and with `unitId` the
 * unit's violations as another. Without a guide for the year the violations are still read.
 */
async function guideWithViolations(
  tx: Tx,
  year: number,
  unitId: string | null,
): Promise<{ guide: GuideVersionRow | null; unitViolations: UnitViolationRow[] }> {
  const rows =
    dialectOf(tx) === 'postgresql'
      ? await tx.$queryRaw<GuideJoinRow[]>`SELECT g."id", g."year", g."version", g."createdAt", g."createdBy", g."note",
        (SELECT COALESCE(json_agg(json_build_object('chain', a."chain", 'unitId', a."unitId") ORDER BY a."id"),
            '[]'::json)::text FROM "GuideAssignment" a WHERE a."guideVersionId" = g."id") AS "assignments",
        (SELECT COALESCE(json_agg(json_build_object('code', p."code", 'description', v."description",
            'recordedAt', v."recordedAt") ORDER BY v."id" DESC), '[]'::json)::text
          FROM "Violation" v JOIN "Project" p ON p."id" = v."projectId"
          WHERE v."unitId" = ${unitId}) AS "unitViolations"
      FROM (SELECT 1) one LEFT JOIN (SELECT * FROM "GuideVersion" WHERE "year" <= ${year}
        ORDER BY "year" DESC, "version" DESC LIMIT 1) g ON true`
      : await tx.$queryRaw<GuideJoinRow[]>`SELECT g."id", g."year", g."version", g."createdAt", g."createdBy", g."note",
        (SELECT json_group_array(json_object('chain', a."chain", 'unitId', a."unitId") ORDER BY a."id")
          FROM "GuideAssignment" a WHERE a."guideVersionId" = g."id") AS "assignments",
        (SELECT json_group_array(json_object('code', p."code", 'description', v."description",
            'recordedAt', v."recordedAt") ORDER BY v."id" DESC)
          FROM "Violation" v JOIN "Project" p ON p."id" = v."projectId"
          WHERE v."unitId" = ${unitId}) AS "unitViolations"
      FROM (SELECT 1) one LEFT JOIN (SELECT * FROM "GuideVersion" WHERE "year" <= ${year}
        ORDER BY "year" DESC, "version" DESC LIMIT 1) g ON 1`;
  const row = rows[0];
  type ViolationJson = Omit<UnitViolationRow, 'recordedAt'> & { recordedAt: string };
  const unitViolations = (JSON.parse(row?.unitViolations ?? '[]') as ViolationJson[]).map((v) => ({
    ...v,
    recordedAt: jsonTime(v.recordedAt),
  }));
  if (row === undefined || row.id === null) return { guide: null, unitViolations };
  return {
    guide: {
      id: Number(row.id),
      year: Number(row.year),
      version: Number(row.version),
      createdAt: row.createdAt instanceof Date ? row.createdAt : jsonTime(String(row.createdAt)),
      createdBy: row.createdBy ?? '',
      note: row.note,
      assignments: JSON.parse(row.assignments ?? '[]') as { chain: string; unitId: string }[],
    },
    unitViolations,
  };
}
