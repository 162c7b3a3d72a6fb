/**
 * Several instances on one PostgreSQL database, in one process: each mechanism DESIGN §9 names,
 * proved with two real clients on the shared test server. The two-instance test with real bot
 * processes killed by SIGKILL is tests/postgresql/two-instances.test.ts.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { seedDemoOrganisation, seedPolicyUnits } from '../../prisma/seed/organisation.ts';
import { App } from '../../src/app/app.ts';
import type { InboundEvent, Message, OutboundMessage, Sender } from '../../src/app/receiver.ts';
import { DatabaseInUseError, openDatabase, type BotDatabase } from '../../src/db/client.ts';
import { apiUsageRepository } from '../../src/db/repositories/api-usage-repository.ts';
import { jobRunRepository } from '../../src/db/repositories/job-run-repository.ts';
import { outboxRepository } from '../../src/db/repositories/outbox-repository.ts';
import { inTransaction } from '../../src/db/tx.ts';
import { OutboxDispatcher } from '../../src/jobs/outbox-dispatcher.ts';
import { FixedClock } from '../../src/lib/clock.ts';
import { createLogger } from '../../src/lib/logger.ts';
import { claimCallbackSignature } from '../../src/services/callback-signatures.ts';
import { createDatabase } from '../helpers/postgres-server.ts';

const T0 = new Date('2026-11-26T01:00:00.000Z');
let url: string;
let a: BotDatabase;
let b: BotDatabase;

beforeAll(async () => {
  url = await createDatabase(inject('postgresAdminUrl'), `instances_${process.pid}`);
  [a, b] = await Promise.all([openDatabase(url), openDatabase(url)]);
  await seedPolicyUnits(a.prisma);
  await seedDemoOrganisation(a.prisma, T0);
});

afterAll(async () => {
  await a?.close();
  await b?.close();
});

/** A platform that records what it was handed, slowly enough for two dispatchers to overlap. */
function recordingSender(log: { instance: string; message: OutboundMessage }[], instance: string): Sender {
  return {
    async send(message) {
      log.push({ instance, message });
      await new Promise((resolve) => setTimeout(resolve, 1));
      return { status: 'delivered' };
    },
  };
}

const dispatcher = (db: BotDatabase, instanceId: string, sender: Sender, clock: FixedClock) =>
  new OutboxDispatcher({
    prisma: db.prisma,
    sender,
    clock,
    logger: createLogger('silent'),
    instanceId,
    random: () => 0.5,
    batchSize: 8,
  });

describe('several instances on one PostgreSQL database', () => {
  it('starting together on an empty database, they migrate it once (the migration lock)', async () => {
    const fresh = await createDatabase(inject('postgresAdminUrl'), `together_${process.pid}`);
    const bots = await Promise.all([openDatabase(fresh), openDatabase(fresh), openDatabase(fresh)]);
    await Promise.all(bots.map((bot) => bot.close()));
    const client = new pg.Client({ connectionString: fresh });
    await client.connect();
    try {
      const rows = await client.query<{ migration_name: string; n: number }>(
        'SELECT migration_name, COUNT(*)::int AS n FROM "_prisma_migrations" GROUP BY migration_name',
      );
      expect(rows.rows.length).toBeGreaterThan(0);
      expect(rows.rows.filter((r) => r.n !== 1)).toEqual([]);
    } finally {
      await client.end();
    }
  });

  it('lets a bot that must run alone (PLATFORM=local) refuse a database another such bot holds, until it closes', async () => {
    const first = await openDatabase(url, { exclusive: true });
    await expect(openDatabase(url, { exclusive: true })).rejects.toThrow(DatabaseInUseError);
    // Instances that may share the database are not turned away.
    const shared = await openDatabase(url);
    await shared.close();
    await first.close();
    const next = await openDatabase(url, { exclusive: true });
    await next.close();
  });

  it('delivers every outbox row once between two dispatchers, in order per destination', async () => {
    const clock = new FixedClock(T0);
    await inTransaction(a.prisma, async (tx) => {
      for (let i = 0; i < 60; i++) {
        await outboxRepository.add(
          tx,
          { kind: 'REPLY', toConversationId: `c${i % 6}`, message: JSON.stringify({ kind: 'text', text: `m${i}` }) },
          T0,
        );
      }
    });
    const log: { instance: string; message: OutboundMessage }[] = [];
    const one = dispatcher(a, 'one', recordingSender(log, 'one'), clock);
    const two = dispatcher(b, 'two', recordingSender(log, 'two'), clock);
    for (let round = 0; round < 20 && log.length < 60; round++) await Promise.all([one.drain(), two.drain()]);
    const texts = log.map((entry) => (entry.message.message as Message).text ?? '');
    expect(new Set(texts).size).toBe(60);
    expect(texts).toHaveLength(60);
    for (let c = 0; c < 6; c++) {
      const order = log
        .filter((entry) => 'conversationId' in entry.message.to && entry.message.to.conversationId === `c${c}`)
        .map((entry) => Number((entry.message.message as Message).text!.slice(1)));
      expect(order).toEqual([...order].sort((x, y) => x - y));
    }
    expect(new Set(log.map((entry) => entry.instance))).toEqual(new Set(['one', 'two']));
    await inTransaction(a.prisma, (tx) => tx.outboxMessage.deleteMany({}));
  });

  it('leaves a crashed instance’s claimed rows alone until its lease runs out, then delivers them once', async () => {
    const clock = new FixedClock(T0);
    await inTransaction(a.prisma, (tx) =>
      outboxRepository.add(
        tx,
        { kind: 'REPLY', toUserId: 'u1', message: JSON.stringify({ kind: 'text', text: 'held' }) },
        T0,
      ),
    );
    // Instance "dead" claimed the row and was killed before sending.
    const claimed = await inTransaction(a.prisma, (tx) =>
      outboxRepository.claimDue(tx, 'dead', T0, new Date(T0.getTime() + 60_000), 10),
    );
    expect(claimed).toHaveLength(1);
    const log: { instance: string; message: OutboundMessage }[] = [];
    const survivor = dispatcher(b, 'survivor', recordingSender(log, 'survivor'), clock);
    clock.set(new Date(T0.getTime() + 59_000));
    expect(await survivor.drain()).toBe(0);
    clock.set(new Date(T0.getTime() + 60_000));
    expect(await survivor.drain()).toBe(1);
    expect(await survivor.drain()).toBe(0);
    expect(log.map((entry) => (entry.message.message as Message).text)).toEqual(['held']);
    await inTransaction(a.prisma, (tx) => tx.outboxMessage.deleteMany({}));
  });

  it('serialises use-case transactions across instances: a job due once is claimed once', async () => {
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        inTransaction(i % 2 === 0 ? a.prisma : b.prisma, async (tx) => {
          const won = await jobRunRepository.claim(tx, 'audit-verify:2026-11-26', T0);
          // Hold the transaction open a moment, as a real job does, so the others overlap it.
          await new Promise((resolve) => setTimeout(resolve, 20));
          return won;
        }),
      ),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('lets one message own a callback signature replayed to both instances at once', async () => {
    const expiresAt = new Date(T0.getTime() + 60 * 60_000);
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        inTransaction(i % 2 === 0 ? a.prisma : b.prisma, (tx) =>
          claimCallbackSignature(tx, 'dingtalk:1:sign', `msg${i}`, expiresAt, T0),
        ),
      ),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    // The one that won is the one the table names.
    const owner = await a.prisma.callbackSignature.findUnique({ where: { key: 'dingtalk:1:sign' } });
    expect(owner?.messageId).toBe(`msg${results.indexOf(true)}`);
  });

  it('adds API usage from both instances with one upsert per flush (the ON CONFLICT form both dialects share)', async () => {
    await Promise.all([
      inTransaction(a.prisma, (tx) => apiUsageRepository.add(tx, '2026-11', '/v1.0/robot/oToMessages/batchSend', 3)),
      inTransaction(b.prisma, (tx) => apiUsageRepository.add(tx, '2026-11', '/v1.0/robot/oToMessages/batchSend', 4)),
    ]);
    expect(await inTransaction(a.prisma, (tx) => apiUsageRepository.total(tx, '2026-11'))).toBe(7);
  });

  it('takes over an event another instance acknowledged but did not finish, once its lease has run out, and acts on it once', async () => {
    const clock = new FixedClock(T0);
    const logger = createLogger('silent');
    const make = (db: BotDatabase, id: string) => {
      const app = new App({
        prisma: db.prisma,
        clock,
        logger,
        settings: { exclusivityDays: 180, adminUserIds: ['admin'], platformLabel: '钉钉' },
        replyDelivery: 'outbox',
        instance: { id, shared: true },
      });
      app.command({
        name: '计数',
        alias: 'count',
        summary: 'test',
        usage: ['/计数'],
        example: '/计数',
        roles: ['ADMIN'],
        async handler({ tx, say }) {
          const row = await tx.sequence.upsert({
            where: { name: 'takeover' },
            create: { name: 'takeover', value: 1 },
            update: { value: { increment: 1 } },
          });
          say(`计数 ${row.value}`);
        },
      });
      return app;
    };
    const crashed = make(a, 'crashed');
    const survivor = make(b, 'survivor');
    const event = {
      type: 'message',
      platform: 'test',
      messageId: 'takeover-1',
      userId: 'admin',
      conversationId: 'city',
      conversationType: 'group',
      text: '/计数',
      mentions: [],
    } as InboundEvent;
    expect(await crashed.record(event)).toBe(true); // recorded and acknowledged, then the process died
    expect(await survivor.record(event)).toBe(false); // a redelivery to the other instance is a duplicate
    clock.set(new Date(T0.getTime() + 29_000));
    expect(await survivor.recoverUnprocessed()).toBe(0);
    clock.set(new Date(T0.getTime() + 30_000));
    expect(await survivor.recoverUnprocessed()).toBe(1);
    expect(await survivor.recoverUnprocessed()).toBe(0);
    // Had the first instance come back and processed it after all, it would find it done.
    expect(await crashed.process(event)).toEqual([{ kind: 'text', text: '计数 1' }]);
    const counter = await inTransaction(a.prisma, (tx) => tx.sequence.findUnique({ where: { name: 'takeover' } }));
    expect(counter?.value).toBe(1);
    const replies = await inTransaction(a.prisma, (tx) =>
      tx.outboxMessage.count({ where: { kind: 'REPLY', toConversationId: 'city' } }),
    );
    expect(replies).toBe(1);
  });
});
