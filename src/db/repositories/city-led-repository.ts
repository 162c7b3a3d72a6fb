import type { Tx } from '../tx.ts';
import { asCityLedStatus, type CityLedReason, type CityLedStatus } from '../../domain/city-led/case.ts';
import type { ProjectStatus } from '../../domain/projects/status.ts';

export interface CityLedCaseRow {
  id: number;
  projectId: number;
  fromUnitId: string;
  previousStatus: string;
  reason: string;
  evaluation: string;
  status: CityLedStatus;
  proposedBy: string;
  proposedAt: Date;
  decidedBy: string | null;
  decidedAt: Date | null;
  decisionNote: string | null;
  meetingAt: Date | null;
  meetingSetAt: Date | null;
  meetingSetBy: string | null;
  hostUnitId: string | null;
  /** Further host units the minutes name (跨区域布局); the project record stays with hostUnitId. */
  coHostUnitIds: string[];
  minutes: string | null;
  minutesRef: string | null;
  plan: string | null;
  planBy: string | null;
  planAt: Date | null;
  concludedBy: string | null;
  concludedAt: Date | null;
}

const select = {
  id: true,
  projectId: true,
  fromUnitId: true,
  previousStatus: true,
  reason: true,
  evaluation: true,
  status: true,
  proposedBy: true,
  proposedAt: true,
  decidedBy: true,
  decidedAt: true,
  decisionNote: true,
  meetingAt: true,
  meetingSetAt: true,
  meetingSetBy: true,
  hostUnitId: true,
  coHostUnitIds: true,
  minutes: true,
  minutesRef: true,
  plan: true,
  planBy: true,
  planAt: true,
  concludedBy: true,
  concludedAt: true,
} as const;

type Selected = Omit<CityLedCaseRow, 'status' | 'coHostUnitIds'> & { status: string; coHostUnitIds: string | null };
const toRow = (row: Selected): CityLedCaseRow => ({
  ...row,
  status: asCityLedStatus(row.status),
  coHostUnitIds: row.coHostUnitIds ? row.coHostUnitIds.split(',') : [],
});

/** A running case: a project has at most one (the service refuses a second proposal). */
/** A case runs until its minutes: a declined 专项组 leaves IPB negotiating without one. */
const OPEN: CityLedStatus[] = ['PROPOSED', 'APPROVED', 'DECLINED'];

type CityLedFields = Partial<
  Pick<
    CityLedCaseRow,
    | 'status'
    | 'decidedBy'
    | 'decidedAt'
    | 'decisionNote'
    | 'meetingAt'
    | 'meetingSetAt'
    | 'meetingSetBy'
    | 'hostUnitId'
    | 'minutes'
    | 'minutesRef'
    | 'plan'
    | 'planBy'
    | 'planAt'
    | 'concludedBy'
    | 'concludedAt'
  >
>;
export type CityLedChange = CityLedFields & { coHostUnitIds?: string[] };

export const cityLedRepository = {
  async create(
    tx: Tx,
    entry: {
      projectId: number;
      fromUnitId: string;
      previousStatus: ProjectStatus;
      reason: CityLedReason;
      evaluation: string;
      proposedBy: string;
    },
    now: Date,
  ): Promise<CityLedCaseRow> {
    return toRow(
      await tx.cityLedCase.create({ data: { ...entry, status: 'PROPOSED', proposedAt: now, updatedAt: now }, select }),
    );
  },

  /** The project's running case (PROPOSED or APPROVED), if any; there is at most one. */
  async findOpenByProject(tx: Tx, projectId: number): Promise<CityLedCaseRow | null> {
    const row = await tx.cityLedCase.findFirst({
      where: { projectId, status: { in: OPEN } },
      select,
      orderBy: { id: 'desc' },
    });
    return row === null ? null : toRow(row);
  },

  async latestByProject(tx: Tx, projectId: number): Promise<CityLedCaseRow | null> {
    const row = await tx.cityLedCase.findFirst({ where: { projectId }, select, orderBy: { id: 'desc' } });
    return row === null ? null : toRow(row);
  },

  async listOpen(tx: Tx, limit: number): Promise<CityLedCaseRow[]> {
    const rows = await tx.cityLedCase.findMany({
      where: { status: { in: OPEN } },
      select,
      orderBy: { id: 'asc' },
      take: limit,
    });
    return rows.map(toRow);
  },

  /** Approved cases whose meeting starts after `from` and no later than `to` (the reminder window). */
  async meetingsBetween(tx: Tx, from: Date, to: Date): Promise<CityLedCaseRow[]> {
    const rows = await tx.cityLedCase.findMany({
      where: { status: 'APPROVED', meetingAt: { gt: from, lte: to } },
      select,
      orderBy: { meetingAt: 'asc' },
    });
    return rows.map(toRow);
  },

  /** Applies a change only if the case is still in `expected` status (the re-check inside the transaction). */
  async update(tx: Tx, id: number, expected: CityLedStatus, change: CityLedChange, now: Date): Promise<boolean> {
    const { coHostUnitIds, ...rest } = change;
    const data = {
      ...rest,
      ...(coHostUnitIds === undefined
        ? {}
        : { coHostUnitIds: coHostUnitIds.length > 0 ? coHostUnitIds.join(',') : null }),
      updatedAt: now,
    };
    const result = await tx.cityLedCase.updateMany({ where: { id, status: expected }, data });
    return result.count === 1;
  },

  /** Adds a member; false when the user already is one. */
  async addMember(tx: Tx, entry: { caseId: number; userId: string; addedBy: string }, now: Date): Promise<boolean> {
    const existing = await tx.cityLedMember.findUnique({
      where: { caseId_userId: { caseId: entry.caseId, userId: entry.userId } },
      select: { id: true },
    });
    if (existing !== null) return false;
    await tx.cityLedMember.create({ data: { ...entry, addedAt: now } });
    return true;
  },

  async membersOf(tx: Tx, caseId: number): Promise<{ userId: string; name: string }[]> {
    const rows = await tx.cityLedMember.findMany({
      where: { caseId },
      select: { userId: true },
      orderBy: { id: 'asc' },
    });
    const users = await tx.user.findMany({
      where: { id: { in: rows.map((r) => r.userId) } },
      select: { id: true, name: true },
    });
    const names = new Map(users.map((u) => [u.id, u.name]));
    return rows.map((r) => ({ userId: r.userId, name: names.get(r.userId) ?? r.userId }));
  },

  /** Every case in proposal order (the /导出 市级主谈 ledger). */
  async listAll(tx: Tx): Promise<CityLedCaseRow[]> {
    return (await tx.cityLedCase.findMany({ select, orderBy: { id: 'asc' } })).map(toRow);
  },
};
