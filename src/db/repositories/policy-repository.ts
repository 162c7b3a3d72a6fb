import type { Tx } from '../tx.ts';
import {
  asDisposition,
  asFindingStatus,
  type Disposition,
  type FindingStatus,
} from '../../domain/policies/findings.ts';
import { asPolicyType, type PolicyType } from '../../domain/policies/terms.ts';

export interface FilingRow {
  id: number;
  code: string;
  unitId: string;
  chain: string;
  type: PolicyType;
  ratePct: number;
  capWan: number | null;
  years: number | null;
  note: string | null;
  host: boolean;
  status: 'ACTIVE' | 'SUPERSEDED';
  guideVersionId: number;
  filedBy: string;
  filedAt: Date;
}

export interface FindingRow {
  id: number;
  code: string;
  /** The filing found above the hosts' ceiling; null for a transfer's promise. */
  filingId: number | null;
  /** The transfer whose destination promised above the hosts' ceiling, and the round of that promise. */
  transferId: number | null;
  transferRound: number | null;
  unitId: string;
  chain: string;
  /** JSON: the measures above the ceiling (Excess[]) and the ceiling itself. */
  excess: string;
  status: FindingStatus;
  disposition: Disposition | null;
  dispositionNote: string | null;
  disposedBy: string | null;
  disposedAt: Date | null;
  createdAt: Date;
}

export const filingSelect = {
  id: true,
  code: true,
  unitId: true,
  chain: true,
  type: true,
  ratePct: true,
  capWan: true,
  years: true,
  note: true,
  host: true,
  status: true,
  guideVersionId: true,
  filedBy: true,
  filedAt: true,
} as const;

const findingSelect = {
  id: true,
  code: true,
  filingId: true,
  transferId: true,
  transferRound: true,
  unitId: true,
  chain: true,
  excess: true,
  status: true,
  disposition: true,
  dispositionNote: true,
  disposedBy: true,
  disposedAt: true,
  createdAt: true,
} as const;

type SelectedFiling = Omit<FilingRow, 'type' | 'status'> & { type: string; status: string };
type SelectedFinding = Omit<FindingRow, 'status' | 'disposition'> & { status: string; disposition: string | null };

const toFiling = (row: SelectedFiling): FilingRow => ({
  ...row,
  type: asPolicyType(row.type),
  status: row.status === 'ACTIVE' ? 'ACTIVE' : 'SUPERSEDED',
});
const toFinding = (row: SelectedFinding): FindingRow => ({
  ...row,
  status: asFindingStatus(row.status),
  disposition: row.disposition === null ? null : asDisposition(row.disposition),
});

export type NewFiling = Omit<FilingRow, 'id' | 'status' | 'filedAt'>;

export const policyRepository = {
  async createFiling(tx: Tx, filing: NewFiling, now: Date): Promise<FilingRow> {
    return toFiling(
      await tx.policyFiling.create({ data: { ...filing, status: 'ACTIVE', filedAt: now }, select: filingSelect }),
    );
  },

  /** The unit's filing in force for a chain and type, if any. */
  async findActive(tx: Tx, unitId: string, chain: string, type: PolicyType): Promise<FilingRow | null> {
    const row = await tx.policyFiling.findFirst({
      where: { unitId, chain, type, status: 'ACTIVE' },
      select: filingSelect,
      orderBy: { id: 'desc' },
    });
    return row === null ? null : toFiling(row);
  },

  async supersede(tx: Tx, id: number, now: Date): Promise<void> {
    await tx.policyFiling.updateMany({
      where: { id, status: 'ACTIVE' },
      data: { status: 'SUPERSEDED', supersededAt: now },
    });
  },

  async activeForChain(tx: Tx, chain: string): Promise<FilingRow[]> {
    const rows = await tx.policyFiling.findMany({
      where: { chain, status: 'ACTIVE' },
      select: filingSelect,
      orderBy: [{ type: 'asc' }, { id: 'asc' }],
    });
    return rows.map(toFiling);
  },

  async activeForUnit(tx: Tx, unitId: string): Promise<FilingRow[]> {
    const rows = await tx.policyFiling.findMany({
      where: { unitId, status: 'ACTIVE' },
      select: filingSelect,
      orderBy: [{ chain: 'asc' }, { type: 'asc' }],
    });
    return rows.map(toFiling);
  },

  async findFilingById(tx: Tx, id: number): Promise<FilingRow | null> {
    const row = await tx.policyFiling.findUnique({ where: { id }, select: filingSelect });
    return row === null ? null : toFiling(row);
  },

  async findingForFiling(tx: Tx, filingId: number): Promise<FindingRow | null> {
    const row = await tx.policyFinding.findUnique({ where: { filingId }, select: findingSelect });
    return row === null ? null : toFinding(row);
  },

  async findingsForFilings(tx: Tx, filingIds: readonly number[]): Promise<FindingRow[]> {
    if (filingIds.length === 0) return [];
    const rows = await tx.policyFinding.findMany({
      where: { filingId: { in: [...filingIds] } },
      select: findingSelect,
    });
    return rows.map(toFinding);
  },

  async createFinding(
    tx: Tx,
    finding: Omit<
      FindingRow,
      'id' | 'status' | 'disposition' | 'dispositionNote' | 'disposedBy' | 'disposedAt' | 'createdAt'
    >,
    now: Date,
  ): Promise<FindingRow> {
    return toFinding(
      await tx.policyFinding.create({ data: { ...finding, status: 'OPEN', createdAt: now }, select: findingSelect }),
    );
  },

  /** The transfer's finding still awaiting IPB's decision, if any (a transfer has at most one open). */
  async openFindingForTransfer(tx: Tx, transferId: number): Promise<FindingRow | null> {
    const row = await tx.policyFinding.findFirst({
      where: { transferId, status: 'OPEN' },
      select: findingSelect,
      orderBy: { id: 'desc' },
    });
    return row === null ? null : toFinding(row);
  },

  /** The transfer's findings, latest first. */
  async findingsForTransfer(tx: Tx, transferId: number): Promise<FindingRow[]> {
    return (
      await tx.policyFinding.findMany({ where: { transferId }, select: findingSelect, orderBy: { id: 'desc' } })
    ).map(toFinding);
  },

  async findFindingByCode(tx: Tx, code: string): Promise<FindingRow | null> {
    const row = await tx.policyFinding.findUnique({ where: { code }, select: findingSelect });
    return row === null ? null : toFinding(row);
  },

  async listFindings(tx: Tx, status: FindingStatus | undefined, limit: number): Promise<FindingRow[]> {
    const rows = await tx.policyFinding.findMany({
      where: status === undefined ? {} : { status },
      select: findingSelect,
      orderBy: { id: 'desc' },
      take: limit,
    });
    return rows.map(toFinding);
  },

  /** Records IPB's decision only if the finding is still open (the re-check inside the transaction). */
  /** One opinion per unit and finding; a later one replaces it. Returns whether one was replaced. */
  async putOpinion(
    tx: Tx,
    entry: { findingId: number; unitId: string; opinion: string; givenBy: string },
    now: Date,
  ): Promise<boolean> {
    const where = { findingId_unitId: { findingId: entry.findingId, unitId: entry.unitId } };
    const existing = await tx.policyFindingOpinion.findUnique({ where, select: { id: true } });
    await tx.policyFindingOpinion.upsert({
      where,
      create: { ...entry, givenAt: now },
      update: { opinion: entry.opinion, givenBy: entry.givenBy, givenAt: now },
    });
    return existing !== null;
  },

  async opinionsOf(tx: Tx, findingId: number): Promise<{ unitId: string; opinion: string; givenAt: Date }[]> {
    return tx.policyFindingOpinion.findMany({
      where: { findingId },
      select: { unitId: true, opinion: true, givenAt: true },
      orderBy: { id: 'asc' },
    });
  },

  async dispose(
    tx: Tx,
    id: number,
    decision: { disposition: Disposition; note: string | null; by: string },
    now: Date,
  ): Promise<boolean> {
    const result = await tx.policyFinding.updateMany({
      where: { id, status: 'OPEN' },
      data: {
        status: 'DISPOSED',
        disposition: decision.disposition,
        dispositionNote: decision.note,
        disposedBy: decision.by,
        disposedAt: now,
      },
    });
    return result.count === 1;
  },

  /** Every finding in the order found (the /导出 比拼 ledger). */
  async listAllFindings(tx: Tx): Promise<FindingRow[]> {
    return (await tx.policyFinding.findMany({ select: findingSelect, orderBy: { id: 'asc' } })).map(toFinding);
  },
};
