import { createHash } from 'node:crypto';

/** The genesis link: the first event's prevHash, so the chain has no special case for its head. */
export const GENESIS_HASH = '0'.repeat(64);

export interface AuditFields {
  seq: number;
  at: string;
  actorId: string;
  action: string;
  recordType: string;
  recordId: string;
  before: string | null;
  after: string | null;
}

export interface ChainedAuditEvent extends AuditFields {
  prevHash: string;
  hash: string;
}

/** A fixed field order makes the hash independent of how the row was read back. */
export function auditHash(prevHash: string, event: AuditFields): string {
  const canonical = JSON.stringify([
    prevHash,
    event.seq,
    event.at,
    event.actorId,
    event.action,
    event.recordType,
    event.recordId,
    event.before,
    event.after,
  ]);
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}

export function chainNext(
  previous: { seq: number; hash: string } | null,
  fields: Omit<AuditFields, 'seq'>,
): ChainedAuditEvent {
  const seq = previous === null ? 1 : previous.seq + 1;
  const prevHash = previous === null ? GENESIS_HASH : previous.hash;
  const event = { ...fields, seq };
  return { ...event, prevHash, hash: auditHash(prevHash, event) };
}

export interface ChainLink {
  seq: number;
  hash: string;
}

export type ChainVerdict =
  | { ok: true; count: number; last: ChainLink | null }
  | { ok: false; count: number; brokenAt: number; reason: 'hash-mismatch' | 'link-mismatch' | 'gap' };

/**
 * Walks events in seq order and names the first link that does not hold. `start` continues from
 * the last link of a previous page, so a long log is verified page by page in bounded memory.
 */
export function verifyChain(events: Iterable<ChainedAuditEvent>, start: ChainLink | null = null): ChainVerdict {
  let previous: ChainLink | null = start;
  let count = 0;
  for (const event of events) {
    count += 1;
    const expectedSeq = previous === null ? 1 : previous.seq + 1;
    if (event.seq !== expectedSeq) return { ok: false, count, brokenAt: event.seq, reason: 'gap' };
    const expectedPrev = previous === null ? GENESIS_HASH : previous.hash;
    if (event.prevHash !== expectedPrev) return { ok: false, count, brokenAt: event.seq, reason: 'link-mismatch' };
    if (auditHash(event.prevHash, event) !== event.hash)
      return { ok: false, count, brokenAt: event.seq, reason: 'hash-mismatch' };
    previous = { seq: event.seq, hash: event.hash };
  }
  return { ok: true, count, last: previous };
}
