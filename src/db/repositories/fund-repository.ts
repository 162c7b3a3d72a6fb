import type { Tx } from '../tx.ts';

export interface SubFundRow {
  id: number;
  name: string;
  chain: string;
  sizeWan: number;
  registeredAt: Date;
}

export interface DiligenceRow {
  id: number;
  projectId: number;
  fundName: string | null;
  status: 'OPEN' | 'DONE';
  openedBy: string;
  openedAt: Date;
  suggestion: string | null;
  suggestedBy: string | null;
  suggestedAt: Date | null;
}

const fundSelect = { id: true, name: true, chain: true, sizeWan: true, registeredAt: true } as const;
const diligenceSelect = {
  id: true,
  projectId: true,
  fund: { select: { name: true } },
  status: true,
  openedBy: true,
  openedAt: true,
  suggestion: true,
  suggestedBy: true,
  suggestedAt: true,
} as const;

type DiligenceSelected = Omit<DiligenceRow, 'fundName' | 'status'> & { fund: { name: string } | null; status: string };
const toDiligence = ({ fund, ...row }: DiligenceSelected): DiligenceRow => ({
  ...row,
  fundName: fund?.name ?? null,
  status: row.status === 'DONE' ? 'DONE' : 'OPEN',
});

export const fundRepository = {
  async findFundByName(tx: Tx, name: string): Promise<SubFundRow | null> {
    return tx.subFund.findUnique({ where: { name }, select: fundSelect });
  },

  async createFund(
    tx: Tx,
    entry: { name: string; chain: string; sizeWan: number; registeredBy: string },
    now: Date,
  ): Promise<SubFundRow> {
    return tx.subFund.create({ data: { ...entry, registeredAt: now }, select: fundSelect });
  },

  async listFunds(tx: Tx): Promise<SubFundRow[]> {
    return tx.subFund.findMany({ select: fundSelect, orderBy: [{ chain: 'asc' }, { id: 'asc' }] });
  },

  async fundsOfChain(tx: Tx, chain: string): Promise<SubFundRow[]> {
    return tx.subFund.findMany({ where: { chain }, select: fundSelect, orderBy: { id: 'asc' } });
  },

  async openDiligenceOf(tx: Tx, projectId: number): Promise<DiligenceRow | null> {
    const row = await tx.fundDiligence.findFirst({
      where: { projectId, status: 'OPEN' },
      select: diligenceSelect,
      orderBy: { id: 'desc' },
    });
    return row === null ? null : toDiligence(row);
  },

  async openDiligence(
    tx: Tx,
    entry: { projectId: number; fundId: number | null; openedBy: string },
    now: Date,
  ): Promise<DiligenceRow> {
    return toDiligence(
      await tx.fundDiligence.create({ data: { ...entry, status: 'OPEN', openedAt: now }, select: diligenceSelect }),
    );
  },

  /** Records the suggestion and closes the task; false when it is no longer open. */
  async recordSuggestion(
    tx: Tx,
    id: number,
    entry: { suggestion: string; suggestedBy: string },
    now: Date,
  ): Promise<boolean> {
    const result = await tx.fundDiligence.updateMany({
      where: { id, status: 'OPEN' },
      data: { ...entry, suggestedAt: now, status: 'DONE' },
    });
    return result.count === 1;
  },

  async diligencesOf(tx: Tx, projectId: number): Promise<DiligenceRow[]> {
    const rows = await tx.fundDiligence.findMany({
      where: { projectId },
      select: diligenceSelect,
      orderBy: { id: 'asc' },
    });
    return rows.map(toDiligence);
  },

  async listOpenDiligences(tx: Tx, limit: number): Promise<DiligenceRow[]> {
    const rows = await tx.fundDiligence.findMany({
      where: { status: 'OPEN' },
      select: diligenceSelect,
      orderBy: { id: 'asc' },
      take: limit,
    });
    return rows.map(toDiligence);
  },
};
