import type { Tx } from '../tx.ts';
import {
  asSupportBody,
  asSupportStatus,
  type SupportBody,
  type SupportMode,
  type SupportStatus,
} from '../../domain/support/cases.ts';

export interface SupportCaseRow {
  id: number;
  code: string;
  projectId: number;
  mode: SupportMode;
  amountWan: number;
  description: string;
  requestedBy: string;
  requestUnitId: string;
  bodyUnitId: SupportBody;
  status: SupportStatus;
  escalatedAt: Date | null;
  escalatedBy: string | null;
  screenedBy: string | null;
  screenedAt: Date | null;
  screeningNote: string | null;
  decidedBy: string | null;
  decidedAt: Date | null;
  decisionNote: string | null;
  createdAt: Date;
}

const select = {
  id: true,
  code: true,
  projectId: true,
  mode: true,
  amountWan: true,
  description: true,
  requestedBy: true,
  requestUnitId: true,
  bodyUnitId: true,
  status: true,
  escalatedAt: true,
  escalatedBy: true,
  screenedBy: true,
  screenedAt: true,
  screeningNote: true,
  decidedBy: true,
  decidedAt: true,
  decisionNote: true,
  createdAt: true,
} as const;

type Selected = Omit<SupportCaseRow, 'mode' | 'bodyUnitId' | 'status'> & {
  mode: string;
  bodyUnitId: string;
  status: string;
};
const toRow = (row: Selected): SupportCaseRow => ({
  ...row,
  mode: row.mode as SupportMode,
  bodyUnitId: asSupportBody(row.bodyUnitId),
  status: asSupportStatus(row.status),
});

export type SupportChange = Partial<
  Pick<
    SupportCaseRow,
    | 'status'
    | 'bodyUnitId'
    | 'escalatedAt'
    | 'escalatedBy'
    | 'screenedBy'
    | 'screenedAt'
    | 'screeningNote'
    | 'decidedBy'
    | 'decidedAt'
    | 'decisionNote'
  >
>;

export const supportCaseRepository = {
  async create(
    tx: Tx,
    entry: Pick<
      SupportCaseRow,
      'code' | 'projectId' | 'mode' | 'amountWan' | 'description' | 'requestedBy' | 'requestUnitId' | 'bodyUnitId'
    > & { status: Extract<SupportStatus, 'SCREENING' | 'PENDING'> },
    now: Date,
  ): Promise<SupportCaseRow> {
    return toRow(await tx.supportCase.create({ data: { ...entry, createdAt: now, updatedAt: now }, select }));
  },

  async findByCode(tx: Tx, code: string): Promise<SupportCaseRow | null> {
    const row = await tx.supportCase.findUnique({ where: { code }, select });
    return row === null ? null : toRow(row);
  },

  async listByProject(tx: Tx, projectId: number): Promise<SupportCaseRow[]> {
    const rows = await tx.supportCase.findMany({ where: { projectId }, select, orderBy: { id: 'asc' } });
    return rows.map(toRow);
  },

  /** Open cases in the given statuses, optionally only those before some bodies or requested by one unit. */
  async listOpen(
    tx: Tx,
    statuses: readonly SupportStatus[],
    filter: { bodies?: readonly SupportBody[]; requestUnitId?: string },
    limit: number,
  ): Promise<SupportCaseRow[]> {
    const rows = await tx.supportCase.findMany({
      where: {
        status: { in: [...statuses] },
        ...(filter.bodies === undefined ? {} : { bodyUnitId: { in: [...filter.bodies] } }),
        ...(filter.requestUnitId === undefined ? {} : { requestUnitId: filter.requestUnitId }),
      },
      select,
      orderBy: { id: 'asc' },
      take: limit,
    });
    return rows.map(toRow);
  },

  /** Applies a change only if the case is still in status `from` (pending, unless said) before `body`. */
  async update(
    tx: Tx,
    id: number,
    body: SupportBody,
    change: SupportChange,
    now: Date,
    from: SupportStatus = 'PENDING',
  ): Promise<boolean> {
    const result = await tx.supportCase.updateMany({
      where: { id, status: from, bodyUnitId: body },
      data: { ...change, updatedAt: now },
    });
    return result.count === 1;
  },

  /** Every request in filing order (the /导出 一事一议 ledger). */
  async listAll(tx: Tx): Promise<SupportCaseRow[]> {
    return (await tx.supportCase.findMany({ select, orderBy: { id: 'asc' } })).map(toRow);
  },
};
