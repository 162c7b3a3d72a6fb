import type { Tx } from '../tx.ts';
import { txState } from './tx-state.ts';
import type { ChainedAuditEvent } from '../../domain/audit/hash-chain.ts';

const select = {
  seq: true,
  at: true,
  actorId: true,
  action: true,
  recordType: true,
  recordId: true,
  before: true,
  after: true,
  prevHash: true,
  hash: true,
} as const;

type Row = {
  seq: number;
  at: Date;
  actorId: string;
  action: string;
  recordType: string;
  recordId: string;
  before: string | null;
  after: string | null;
  prevHash: string;
  hash: string;
};

const toEvent = (row: Row): ChainedAuditEvent => ({ ...row, at: row.at.toISOString() });

export const auditRepository = {
  async last(tx: Tx): Promise<{ seq: number; hash: string } | null> {
    const state = txState(tx);
    // null is a known empty chain; undefined, not read yet.
    if (state.auditTail === undefined) {
      state.auditTail = await tx.auditEvent.findFirst({ orderBy: { seq: 'desc' }, select: { seq: true, hash: true } });
    }
    return state.auditTail;
  },

  async append(tx: Tx, event: ChainedAuditEvent): Promise<void> {
    // Raw: every state change appends one, and the query builder's create costs several times the statement.
    const e = event;
    await tx.$executeRaw`INSERT INTO "AuditEvent"
        ("seq", "at", "actorId", "action", "recordType", "recordId", "before", "after", "prevHash", "hash")
      VALUES (${e.seq}, ${new Date(e.at)}, ${e.actorId}, ${e.action}, ${e.recordType}, ${e.recordId}, ${e.before}, ${e.after},
        ${e.prevHash}, ${e.hash})`;
    txState(tx).auditTail = { seq: event.seq, hash: event.hash };
  },

  async forRecord(tx: Tx, recordId: string, limit: number): Promise<{ events: ChainedAuditEvent[]; total: number }> {
    const [rows, total] = await Promise.all([
      tx.auditEvent.findMany({ where: { recordId }, orderBy: { seq: 'desc' }, take: limit, select }),
      tx.auditEvent.count({ where: { recordId } }),
    ]);
    return { events: rows.reverse().map(toEvent), total };
  },

  async page(tx: Tx, afterSeq: number, limit: number): Promise<ChainedAuditEvent[]> {
    const rows = await tx.auditEvent.findMany({
      where: { seq: { gt: afterSeq } },
      orderBy: { seq: 'asc' },
      take: limit,
      select,
    });
    return rows.map(toEvent);
  },
};
