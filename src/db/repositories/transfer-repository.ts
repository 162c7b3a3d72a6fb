import type { Tx } from '../tx.ts';
import {
  asSeat,
  asTransferStatus,
  asVerdict,
  isOpen,
  TRANSFER_STATUSES,
  type ReviewSeat,
  type SeatVote,
  type TransferStatus,
  type Verdict,
} from '../../domain/transfers/voting.ts';

export interface TransferRow {
  id: number;
  code: string;
  enterpriseName: string;
  creditCode: string | null;
  chain: string;
  fromUnitId: string;
  toUnitId: string;
  industryUnitId: string;
  reason: string;
  /** JSON of the promised policy items (PolicyTerms[]), or null when none was promised. */
  promise: string | null;
  originSharePct: number;
  shareYears: number;
  status: TransferStatus;
  round: number;
  roundStartedAt: Date;
  /** JSON of the 比拼政策 comparison made when the round started. */
  policyCheck: string | null;
  applicantId: string;
  applicantUnitId: string;
  guideVersionId: number;
  createdAt: Date;
  decidedAt: Date | null;
  /** IPB's conclusion under rule R4's default, when the four opinions included a dissent. */
  conclusionNote: string | null;
  concludedBy: string | null;
}

export interface VoteRow extends SeatVote {
  round: number;
  votedAt: Date;
}

const select = {
  id: true,
  code: true,
  enterpriseName: true,
  creditCode: true,
  chain: true,
  fromUnitId: true,
  toUnitId: true,
  industryUnitId: true,
  reason: true,
  promise: true,
  originSharePct: true,
  shareYears: true,
  status: true,
  round: true,
  roundStartedAt: true,
  policyCheck: true,
  applicantId: true,
  applicantUnitId: true,
  guideVersionId: true,
  createdAt: true,
  decidedAt: true,
  conclusionNote: true,
  concludedBy: true,
} as const;

const voteSelect = { seat: true, verdict: true, opinion: true, voterId: true, round: true, votedAt: true } as const;

type Selected = Omit<TransferRow, 'status'> & { status: string };
const toRow = (row: Selected): TransferRow => ({ ...row, status: asTransferStatus(row.status) });
const toVote = (row: {
  seat: string;
  verdict: string;
  opinion: string | null;
  voterId: string;
  round: number;
  votedAt: Date;
}): VoteRow => ({
  ...row,
  seat: asSeat(row.seat),
  verdict: asVerdict(row.verdict),
});

export type NewTransfer = Omit<
  TransferRow,
  'id' | 'status' | 'round' | 'roundStartedAt' | 'createdAt' | 'decidedAt' | 'conclusionNote' | 'concludedBy'
>;

export type TransferChange = Partial<
  Pick<
    TransferRow,
    | 'status'
    | 'round'
    | 'roundStartedAt'
    | 'policyCheck'
    | 'promise'
    | 'originSharePct'
    | 'shareYears'
    | 'decidedAt'
    | 'conclusionNote'
    | 'concludedBy'
  >
>;

const OPEN: TransferStatus[] = TRANSFER_STATUSES.filter(isOpen);

export const transferRepository = {
  async create(tx: Tx, transfer: NewTransfer, now: Date): Promise<TransferRow> {
    const row = await tx.transfer.create({
      data: { ...transfer, status: 'REVIEWING', round: 1, roundStartedAt: now, createdAt: now, updatedAt: now },
      select,
    });
    return toRow(row);
  },

  async findByCode(tx: Tx, code: string): Promise<TransferRow | null> {
    const row = await tx.transfer.findUnique({ where: { code }, select });
    return row === null ? null : toRow(row);
  },

  async findById(tx: Tx, id: number): Promise<TransferRow | null> {
    const row = await tx.transfer.findUnique({ where: { id }, select });
    return row === null ? null : toRow(row);
  },

  /** Open cases are few (each is a contested enterprise), so callers match identities in memory. */
  async listOpen(tx: Tx): Promise<TransferRow[]> {
    const rows = await tx.transfer.findMany({ where: { status: { in: OPEN } }, select, orderBy: { id: 'asc' } });
    return rows.map(toRow);
  },

  async listByStatus(tx: Tx, status: TransferStatus): Promise<TransferRow[]> {
    const rows = await tx.transfer.findMany({ where: { status }, select, orderBy: { id: 'asc' } });
    return rows.map(toRow);
  },

  async listForUnit(tx: Tx, unitId: string, limit: number): Promise<TransferRow[]> {
    const rows = await tx.transfer.findMany({
      where: { OR: [{ fromUnitId: unitId }, { toUnitId: unitId }] },
      select,
      orderBy: { id: 'desc' },
      take: limit,
    });
    return rows.map(toRow);
  },

  /** Applies a change only if the case is still in `expected` status and round (the re-check inside the transaction). */
  async update(
    tx: Tx,
    id: number,
    expected: { status: TransferStatus; round: number },
    change: TransferChange,
    now: Date,
  ): Promise<boolean> {
    const result = await tx.transfer.updateMany({
      where: { id, status: expected.status, round: expected.round },
      data: { ...change, updatedAt: now },
    });
    return result.count === 1;
  },

  async votesOf(tx: Tx, transferId: number, round?: number): Promise<VoteRow[]> {
    const rows = await tx.transferVote.findMany({
      where: { transferId, ...(round === undefined ? {} : { round }) },
      select: voteSelect,
      orderBy: [{ round: 'asc' }, { id: 'asc' }],
    });
    return rows.map(toVote);
  },

  /** One vote per (case, round, seat): a second vote of the seat overwrites the first. */
  async putVote(
    tx: Tx,
    transferId: number,
    round: number,
    vote: { seat: ReviewSeat; verdict: Verdict; opinion: string | null; voterId: string },
    now: Date,
  ): Promise<void> {
    await tx.transferVote.upsert({
      where: { transferId_round_seat: { transferId, round, seat: vote.seat } },
      create: { transferId, round, ...vote, votedAt: now },
      update: { verdict: vote.verdict, opinion: vote.opinion, voterId: vote.voterId, votedAt: now },
    });
  },

  async addSupplement(
    tx: Tx,
    entry: { transferId: number; round: number; note: string; submittedBy: string },
    now: Date,
  ): Promise<void> {
    await tx.transferSupplement.create({ data: { ...entry, submittedAt: now } });
  },

  async supplementsOf(
    tx: Tx,
    transferId: number,
  ): Promise<{ round: number; note: string; submittedBy: string; submittedAt: Date }[]> {
    return tx.transferSupplement.findMany({
      where: { transferId },
      select: { round: true, note: true, submittedBy: true, submittedAt: true },
      orderBy: { id: 'asc' },
    });
  },

  async addExecution(
    tx: Tx,
    entry: { transferId: number; note: string; recordedBy: string },
    now: Date,
  ): Promise<void> {
    await tx.transferExecution.create({ data: { ...entry, recordedAt: now } });
  },

  async executionsOf(tx: Tx, transferId: number): Promise<{ note: string; recordedBy: string; recordedAt: Date }[]> {
    return tx.transferExecution.findMany({
      where: { transferId },
      select: { note: true, recordedBy: true, recordedAt: true },
      orderBy: { id: 'asc' },
    });
  },

  /** Every transfer in application order (the /导出 流转 ledger). */
  async listAll(tx: Tx): Promise<TransferRow[]> {
    return (await tx.transfer.findMany({ select, orderBy: { id: 'asc' } })).map(toRow);
  },
};
