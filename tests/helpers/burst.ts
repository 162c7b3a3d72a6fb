/**
 * What the burst tests (DingTalk Stream, Lark long connection, SIGKILL mid-burst) send and check: a mix
 * of commands whose every execution leaves a countable trace, and the exactly-once check over the
 * bot's database.
 */
import { expect } from 'vitest';
import type { readOnlyQueries } from './db.ts';
import { inboundBatches } from './metrics.ts';

/**
 * A processing transaction stops taking events after 25 ms, so how many it takes depends on the
 * machine's speed; without that bound (this override) it takes what was queued together, which
 * depends on the batches recorded alone.
 */
export const UNHURRIED = { maxMs: 60_000 };

/**
 * `messages` commands from an administrator: grants of `<prefix>-<i>` (each leaves one role and one
 * audit event), help, and refusals (a grant without its arguments), in turn; or grants only.
 */
export function burstTexts(messages: number, prefix: string, mix: 'mixed' | 'grants' = 'mixed'): string[] {
  return Array.from({ length: messages }, (_, i) => {
    const grant = `/角色 授予 ${prefix}-${i} IPB`;
    return mix === 'grants' ? grant : [grant, '/帮助', '/角色 授予'][i % 3]!;
  });
}

/**
 * Every message acted exactly once: one inbound row per message id, done, with one reply; one role and
 * one audit event per grantee `<prefix>-<i>` the texts named.
 */
export function expectActedOnce(
  db: ReturnType<typeof readOnlyQueries>,
  messageIds: string[],
  texts: string[],
  prefix: string,
): void {
  const inbound = db.query<{ messageId: string; status: string; replies: number }>(
    `SELECT i.messageId, i.status,
        (SELECT COUNT(*) FROM "OutboxMessage" o WHERE o.sourceInboundId = i.id AND o.kind = 'REPLY') AS replies
      FROM "InboundMessage" i`,
  );
  expect(inbound.map((row) => row.messageId).sort()).toEqual([...messageIds].sort());
  expect(inbound.filter((row) => row.status !== 'DONE' || row.replies !== 1)).toEqual([]);
  const grantees = texts.filter((text) => text.startsWith(`/角色 授予 ${prefix}-`)).length;
  const grants = db.query<{ userId: string; n: number }>(
    `SELECT userId, COUNT(*) AS n FROM "RoleGrant" WHERE userId LIKE ? GROUP BY userId`,
    `${prefix}-%`,
  );
  expect(grants).toHaveLength(grantees);
  expect(grants.filter((grant) => grant.n !== 1)).toEqual([]);
  expect(db.count(`SELECT COUNT(*) AS n FROM "AuditEvent" WHERE recordId LIKE ?`, `${prefix}-%`)).toBe(grantees);
}

/**
 * Group commit happened, read from the bot's yipanqi_inbound_batch_size: far fewer record transactions
 * than deliveries (`messages` and `repeats` second deliveries of them), and the events recorded together
 * processed together (the bot started with UNHURRIED).
 */
export async function expectGroupCommitted(address: string, messages: number, repeats: number): Promise<void> {
  const batches = await inboundBatches(address);
  expect(batches.record.deliveries).toBe(messages + repeats);
  expect(batches.record.transactions).toBeLessThan(messages / 10);
  // A second delivery is processed again (answered from what is stored) only if its first was done by then.
  expect(batches.process.deliveries).toBeGreaterThanOrEqual(messages);
  expect(batches.process.deliveries).toBeLessThanOrEqual(messages + repeats);
  expect(batches.process.transactions).toBeLessThan(batches.process.deliveries / 2);
}
