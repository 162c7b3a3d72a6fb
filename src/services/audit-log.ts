import { auditRepository } from '../db/repositories/audit-repository.ts';
import type { Tx } from '../db/tx.ts';
import { chainNext, verifyChain, type ChainedAuditEvent, type ChainVerdict } from '../domain/audit/hash-chain.ts';
import type { UseCase } from './use-case.ts';

export interface AuditEntry {
  action: string;
  recordType: string;
  recordId: string;
  before?: unknown;
  after?: unknown;
}

const encode = (value: unknown) => (value === undefined ? null : JSON.stringify(value));

/** Appends to the hash chain inside the use case's transaction, so the event commits with the change. */
export async function appendAudit(uc: UseCase, entry: AuditEntry): Promise<void> {
  const previous = await auditRepository.last(uc.tx);
  const event = chainNext(previous, {
    at: uc.now.toISOString(),
    actorId: uc.actorId,
    action: entry.action,
    recordType: entry.recordType,
    recordId: entry.recordId,
    before: encode(entry.before),
    after: encode(entry.after),
  });
  await auditRepository.append(uc.tx, event);
}

export function auditHistory(
  tx: Tx,
  recordId: string,
  limit: number,
): Promise<{ events: ChainedAuditEvent[]; total: number }> {
  return auditRepository.forRecord(tx, recordId, limit);
}

const PAGE = 1000;

/** Verifies the whole chain page by page, so memory stays flat however long the log grows. */
export async function verifyAuditChain(tx: Tx): Promise<ChainVerdict> {
  let last: { seq: number; hash: string } | null = null;
  let count = 0;
  for (;;) {
    const page = await auditRepository.page(tx, last?.seq ?? 0, PAGE);
    if (page.length === 0) return { ok: true, count, last };
    const verdict = verifyChain(page, last);
    if (!verdict.ok) return { ...verdict, count: count + verdict.count };
    count += verdict.count;
    last = verdict.last;
  }
}
