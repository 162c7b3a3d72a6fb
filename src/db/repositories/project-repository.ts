import { Prisma } from '../generated/client.ts';
import { dialectOf, type Tx } from '../tx.ts';
import { jsonTime } from './tx-state.ts';
import { asStatus, type ProjectStatus } from '../../domain/projects/status.ts';

export interface ProjectRow {
  id: number;
  code: string;
  name: string;
  investorName: string;
  creditCode: string | null;
  creditCodeUnverified: boolean;
  chain: string;
  amountWan: number;
  intent: string;
  intentNote: string | null;
  site: string | null;
  contact: string | null;
  unitId: string;
  reporterId: string;
  status: ProjectStatus;
  reportedAt: Date;
  reportGuideVersionId: number;
  conforms: boolean;
  consultation: string | null;
  consultedAt: Date | null;
  consultedBy: string | null;
  decidedAt: Date | null;
  decidedBy: string | null;
  decisionReason: string | null;
  decisionGuideVersionId: number | null;
  exclusiveUntil: Date | null;
  statusNote: string | null;
}

export const projectSelect = {
  id: true,
  code: true,
  name: true,
  investorName: true,
  creditCode: true,
  creditCodeUnverified: true,
  chain: true,
  amountWan: true,
  intent: true,
  intentNote: true,
  site: true,
  contact: true,
  unitId: true,
  reporterId: true,
  status: true,
  reportedAt: true,
  reportGuideVersionId: true,
  conforms: true,
  consultation: true,
  consultedAt: true,
  consultedBy: true,
  decidedAt: true,
  decidedBy: true,
  decisionReason: true,
  decisionGuideVersionId: true,
  exclusiveUntil: true,
  statusNote: true,
} as const;

/** The columns of ProjectRow, in raw SQL. */
const PROJECT_COLUMNS = Prisma.raw(
  Object.keys(projectSelect)
    .map((column) => `"${column}"`)
    .join(', '),
);

/** A ProjectRow as a raw query returns it: SQLite gives its booleans as numbers and may give times as text. */
/** Each column of a ProjectRow as a raw query may return it. */
type RawColumn<T> = [T] extends [Date]
  ? Date | string
  : [T] extends [Date | null]
    ? Date | string | null
    : [T] extends [boolean]
      ? boolean | number | bigint
      : [T] extends [number]
        ? number | bigint
        : [T] extends [number | null]
          ? number | bigint | null
          : T;
type RawProjectRow = { [K in keyof ProjectRow]: RawColumn<ProjectRow[K]> } & { status: string };

const rawTime = (value: Date | string): Date => (value instanceof Date ? value : jsonTime(value));
const rawTimeOrNull = (value: Date | string | null): Date | null => (value === null ? null : rawTime(value));

function fromRawProject(row: RawProjectRow): ProjectRow {
  return {
    ...row,
    id: Number(row.id),
    creditCodeUnverified: Boolean(Number(row.creditCodeUnverified)),
    amountWan: Number(row.amountWan),
    status: asStatus(row.status),
    reportedAt: rawTime(row.reportedAt),
    reportGuideVersionId: Number(row.reportGuideVersionId),
    conforms: Boolean(Number(row.conforms)),
    consultedAt: rawTimeOrNull(row.consultedAt),
    decidedAt: rawTimeOrNull(row.decidedAt),
    decisionGuideVersionId: row.decisionGuideVersionId === null ? null : Number(row.decisionGuideVersionId),
    exclusiveUntil: rawTimeOrNull(row.exclusiveUntil),
  };
}

type Selected = Omit<ProjectRow, 'status'> & { status: string };

export interface ProgressRow {
  stage: string;
  note: string | null;
  recordedAt: Date;
  recordedBy: string;
}
export const toProjectRow = (row: Selected): ProjectRow => ({ ...row, status: asStatus(row.status) });

/** A project as a report creates it: the reported fields, who holds it, and the investor's lookup keys. */
export type NewProject = Pick<
  ProjectRow,
  | 'code'
  | 'name'
  | 'investorName'
  | 'creditCode'
  | 'creditCodeUnverified'
  | 'chain'
  | 'amountWan'
  | 'intent'
  | 'intentNote'
  | 'site'
  | 'contact'
  | 'unitId'
  | 'reporterId'
  | 'status'
  | 'reportGuideVersionId'
  | 'conforms'
> & { investorKey: string; investorTradeKey: string | null };

export type ProjectChange = Partial<
  Pick<
    ProjectRow,
    | 'status'
    | 'unitId'
    | 'conforms'
    | 'consultation'
    | 'consultedAt'
    | 'consultedBy'
    | 'decidedAt'
    | 'decidedBy'
    | 'decisionReason'
    | 'decisionGuideVersionId'
    | 'exclusiveUntil'
    | 'statusNote'
  >
>;

export const projectRepository = {
  /** `reportedAt` is when the report reached the bot, which first-come rules compare; `now` stamps the row. */
  async create(tx: Tx, project: NewProject, reportedAt: Date, now: Date): Promise<ProjectRow> {
    // Raw: every /首报 runs it, and the query builder costs several times the statement itself.
    const p = project;
    const [row] = await tx.$queryRaw<{ id: number | bigint }[]>`INSERT INTO "Project" ("code", "name", "investorName",
        "investorKey", "investorTradeKey", "creditCode", "creditCodeUnverified", "chain", "amountWan", "intent",
        "intentNote", "site", "contact", "unitId", "reporterId", "status", "reportedAt", "reportGuideVersionId", "conforms",
        "updatedAt")
      VALUES (${p.code}, ${p.name}, ${p.investorName}, ${p.investorKey}, ${p.investorTradeKey}, ${p.creditCode},
        ${p.creditCodeUnverified}, ${p.chain}, ${p.amountWan}, ${p.intent}, ${p.intentNote}, ${p.site}, ${p.contact},
        ${p.unitId}, ${p.reporterId}, ${p.status}, ${reportedAt}, ${p.reportGuideVersionId}, ${p.conforms}, ${now})
      RETURNING "id"`;
    const { investorKey: _key, investorTradeKey: _tradeKey, ...fields } = project;
    return {
      ...fields,
      id: Number(row!.id),
      reportedAt,
      consultation: null,
      consultedAt: null,
      consultedBy: null,
      decidedAt: null,
      decidedBy: null,
      decisionReason: null,
      decisionGuideVersionId: null,
      exclusiveUntil: null,
      statusNote: null,
    };
  },

  async findByCode(tx: Tx, code: string): Promise<ProjectRow | null> {
    const row = await tx.project.findUnique({ where: { code }, select: projectSelect });
    return row === null ? null : toProjectRow(row);
  },

  /**
   * Every project that may concern the same investor: equal credit code, or an equal name key.
   * Equality on indexed columns keeps this fast at 100k projects; the caller confirms each match.
   */
  async findInvestorCandidates(tx: Tx, creditCode: string | null, nameKeys: readonly string[]): Promise<ProjectRow[]> {
    // Only terms with a value, each on an indexed column, so the OR stays a union of index lookups.
    const or = [
      ...(creditCode ? [Prisma.sql`"creditCode" = ${creditCode}`] : []),
      ...(nameKeys.length > 0
        ? [
            Prisma.sql`"investorKey" IN (${Prisma.join([...nameKeys])})`,
            Prisma.sql`"investorTradeKey" IN (${Prisma.join([...nameKeys])})`,
          ]
        : []),
    ];
    if (or.length === 0) return [];
    // Raw, with its own row mapper: the hot read of every /首报 and /查重 (issue 17).
    const rows = await tx.$queryRaw<RawProjectRow[]>`SELECT ${PROJECT_COLUMNS} FROM "Project"
      WHERE ${Prisma.join(or, ' OR ')} ORDER BY "reportedAt", "id"`;
    return rows.map(fromRawProject);
  },

  /**
   * Applies a change only if the project is still in `expected` status (the re-check inside the
   * transaction) and says whether it did: under PostgreSQL's READ COMMITTED another transaction may have
   * moved the row since it was read, and a caller that lost must write nothing else. Every status change
   * of a project goes through here, `unitId` too (the minutes of 市级主谈 hand a project to its host).
   */
  async update(tx: Tx, id: number, expected: ProjectStatus, change: ProjectChange, now: Date): Promise<boolean> {
    const result = await tx.project.updateMany({
      where: { id, status: expected },
      data: { ...change, updatedAt: now },
    });
    return result.count === 1;
  },

  async listByUnit(tx: Tx, unitId: string, limit: number): Promise<ProjectRow[]> {
    const rows = await tx.project.findMany({
      where: { unitId },
      select: projectSelect,
      orderBy: { reportedAt: 'desc' },
      take: limit,
    });
    return rows.map(toProjectRow);
  },

  async listByStatus(tx: Tx, status: ProjectStatus, limit: number): Promise<ProjectRow[]> {
    const rows = await tx.project.findMany({
      where: { status },
      select: projectSelect,
      orderBy: { reportedAt: 'asc' },
      take: limit,
    });
    return rows.map(toProjectRow);
  },

  async exclusiveUntilBefore(tx: Tx, until: Date, limit: number): Promise<ProjectRow[]> {
    const rows = await tx.project.findMany({
      where: { status: 'EXCLUSIVE', exclusiveUntil: { lte: until } },
      select: projectSelect,
      orderBy: { exclusiveUntil: 'asc' },
      take: limit,
    });
    return rows.map(toProjectRow);
  },

  async addProgress(
    tx: Tx,
    entry: { projectId: number; stage: string; note: string | null; recordedBy: string },
    now: Date,
  ): Promise<void> {
    await tx.projectProgress.create({ data: { ...entry, recordedAt: now } });
  },

  async addViolation(
    tx: Tx,
    entry: { projectId: number; unitId: string; description: string; recordedBy: string },
    now: Date,
  ): Promise<void> {
    await tx.violation.create({ data: { ...entry, recordedAt: now } });
  },

  /** A unit's violations on record, newest first, with the project each concerns. */
  /** A project's progress and violations, in one statement (both JSON columns, each in id order). */
  async historyOf(
    tx: Tx,
    projectId: number,
  ): Promise<{ progress: ProgressRow[]; violations: { unitId: string; description: string; recordedAt: Date }[] }> {
    const rows =
      dialectOf(tx) === 'postgresql'
        ? await tx.$queryRaw<{ progress: string; violations: string }[]>`SELECT
        (SELECT COALESCE(json_agg(json_build_object('stage', g."stage", 'note', g."note", 'recordedAt', g."recordedAt",
            'recordedBy', g."recordedBy") ORDER BY g."id"), '[]'::json)::text
          FROM "ProjectProgress" g WHERE g."projectId" = ${projectId}) AS "progress",
        (SELECT COALESCE(json_agg(json_build_object('unitId', v."unitId", 'description', v."description",
            'recordedAt', v."recordedAt") ORDER BY v."id"), '[]'::json)::text
          FROM "Violation" v WHERE v."projectId" = ${projectId}) AS "violations"`
        : await tx.$queryRaw<{ progress: string; violations: string }[]>`SELECT
        (SELECT json_group_array(json_object('stage', g."stage", 'note', g."note", 'recordedAt', g."recordedAt",
            'recordedBy', g."recordedBy") ORDER BY g."id")
          FROM "ProjectProgress" g WHERE g."projectId" = ${projectId}) AS "progress",
        (SELECT json_group_array(json_object('unitId', v."unitId", 'description', v."description",
            'recordedAt', v."recordedAt") ORDER BY v."id")
          FROM "Violation" v WHERE v."projectId" = ${projectId}) AS "violations"`;
    const row = rows[0] ?? { progress: '[]', violations: '[]' };
    // JSON carries the times as text.
    const timed = <T extends { recordedAt: string }>(json: string) =>
      (JSON.parse(json) as T[]).map((entry) => ({ ...entry, recordedAt: jsonTime(entry.recordedAt) }));
    return {
      progress: timed<Omit<ProgressRow, 'recordedAt'> & { recordedAt: string }>(row.progress),
      violations: timed<{ unitId: string; description: string; recordedAt: string }>(row.violations),
    };
  },

  async violationsOf(tx: Tx, projectId: number): Promise<{ unitId: string; description: string; recordedAt: Date }[]> {
    return tx.violation.findMany({
      where: { projectId },
      select: { unitId: true, description: true, recordedAt: true },
      orderBy: { id: 'asc' },
    });
  },
};
