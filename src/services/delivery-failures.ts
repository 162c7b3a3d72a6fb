import type { InboundEvent } from '../app/receiver.ts';
import type { PrismaClient } from '../db/generated/client.ts';
import type { OutboxRow } from '../db/repositories/outbox-repository.ts';
import { inTransaction, type Tx } from '../db/tx.ts';
import { zhCN } from '../messages/zh-CN.ts';
import { notify } from './notify.ts';

const REPORT_PREFIX = 'dead-letter:';

/** Tells administrators that a message could not be delivered; never reports a failed report. */
export async function reportUndeliverable(
  prisma: PrismaClient,
  now: Date,
  row: OutboxRow,
  reason: string,
): Promise<void> {
  if (row.dedupeKey?.startsWith(REPORT_PREFIX)) return;
  const to = row.toConversationId ? `群 ${row.toConversationId}` : `用户 ${row.toUserId ?? ''}`;
  await inTransaction(prisma, (tx) =>
    notify({ tx, now, actorId: 'system' }, { role: 'ADMIN' }, zhCN.notices.undeliverable({ to, reason, id: row.id }), {
      dedupeKey: `${REPORT_PREFIX}${row.id}`,
    }),
  );
}

/** Tells administrators, in the transaction that gives the message up, that it was never processed. */
export async function reportUnprocessable(
  tx: Tx,
  now: Date,
  failure: { event: InboundEvent; excerpt: string; ref: string; attempts: number },
): Promise<void> {
  const { event } = failure;
  await notify(
    { tx, now, actorId: 'system' },
    { role: 'ADMIN' },
    zhCN.notices.unprocessable({
      user: event.userName ?? event.userId,
      conversation: event.conversationTitle ?? event.conversationId,
      text: failure.excerpt,
      attempts: failure.attempts,
      ref: failure.ref,
    }),
    { dedupeKey: `unprocessable:${event.platform}:${event.messageId}` },
  );
}
