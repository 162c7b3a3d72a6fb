import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { openDatabase } from '../src/db/client.ts';
import { auditRepository } from '../src/db/repositories/audit-repository.ts';
import { inboundRepository } from '../src/db/repositories/inbound-repository.ts';
import { orgRepository } from '../src/db/repositories/org-repository.ts';
import { outboxRepository } from '../src/db/repositories/outbox-repository.ts';
import { inTransaction } from '../src/db/tx.ts';
import { chainNext } from '../src/domain/audit/hash-chain.ts';
import { measure, type Summary } from './stats.ts';

/**
 * The write path of one `/角色 授予` through the repositories (Prisma) — the same statements the
 * raw better-sqlite3 baseline runs — without parsing, routing or rendering, so the ratio is Prisma's.
 */
export async function benchPrismaWritePath(workDir: string, n: number, warmup: number): Promise<Summary> {
  const db = await openDatabase(join(workDir, 'prisma-path.db'));
  const write = (i: number) =>
    inTransaction(db.prisma, async (tx) => {
      const now = new Date();
      const messageId = randomUUID();
      const userId = `prisma-${i}`;
      const inboundRow = { platform: 'bench', messageId, userId: 'admin', conversationId: 'city', payload: '{}', now };
      await inboundRepository.recordAllIfNew(tx, [{ ...inboundRow, claimedBy: 'bench', claimedUntil: now }]);
      const inbound = await inboundRepository.findByMessageId(tx, 'bench', messageId);
      await orgRepository.ensureUser(tx, { id: userId, name: userId }, now);
      await orgRepository.addRole(tx, { userId, role: 'IPB', scope: '', grantedBy: 'admin' }, now);
      const last = await auditRepository.last(tx);
      await auditRepository.append(
        tx,
        chainNext(last, {
          at: now.toISOString(),
          actorId: 'admin',
          action: 'role.grant',
          recordType: 'User',
          recordId: userId,
          before: null,
          after: '{"role":"IPB"}',
        }),
      );
      await outboxRepository.add(tx, { kind: 'NOTICE', toUserId: userId, message: '{"kind":"text","text":"x"}' }, now);
      await inboundRepository.markDone(tx, [{ id: inbound!.id, replies: '[{"kind":"text","text":"ok"}]' }], now);
    });
  try {
    for (let i = 0; i < warmup; i++) await write(1_000_000 + i);
    return await measure(n, write);
  } finally {
    await db.close();
  }
}
