import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { App } from '../../src/app/app.ts';
import { defineCommand } from '../../src/app/command.ts';
import { CodedError, UserError } from '../../src/app/errors.ts';
import type { InboundEvent } from '../../src/app/receiver.ts';
import { openDatabase, type BotDatabase } from '../../src/db/client.ts';
import { inTransaction } from '../../src/db/tx.ts';
import { FixedClock } from '../../src/lib/clock.ts';
import { seedDemoOrganisation, seedPolicyUnits } from '../../prisma/seed/organisation.ts';
import { tempDir } from '../helpers/test-bot.ts';
import { testDatabaseUrl } from '../helpers/test-database.ts';

const dir = tempDir();
let db: BotDatabase;
let app: App;
const logLines: string[] = [];
const order: string[] = [];
/** Every transaction that committed several deliveries together: [stage, size]. */
const batches: [string, number][] = [];

let seq = 0;
function message(text: string, over: Partial<InboundEvent> = {}): InboundEvent {
  seq += 1;
  return {
    type: 'message',
    platform: 'test',
    messageId: `m-${seq}`,
    userId: 'admin',
    conversationId: 'city',
    conversationType: 'group',
    text,
    mentions: [],
    ...over,
  } as InboundEvent;
}

async function run(event: InboundEvent) {
  await app.record(event);
  return app.process(event);
}

const counter = () => inTransaction(db.prisma, (tx) => tx.sequence.findUnique({ where: { name: 'core-test' } }));

beforeAll(async () => {
  db = await openDatabase(await testDatabaseUrl(`${dir.path}/core.db`));
  await seedPolicyUnits(db.prisma);
  await seedDemoOrganisation(db.prisma, new Date('2026-11-26T00:00:00Z'));
  const logger = pino(
    { level: 'error' },
    new Writable({
      write: (chunk, _enc, done) => {
        logLines.push(String(chunk));
        done();
      },
    }),
  );
  app = new App({
    prisma: db.prisma,
    clock: new FixedClock(new Date('2026-11-26T01:00:00Z')),
    logger,
    settings: { exclusivityDays: 180, adminUserIds: ['admin'], platformLabel: '本地模拟器' },
    replyDelivery: 'sync',
    retryDelaysMs: [],
    // However slow the machine, the events queued together share one transaction.
    processBatch: { maxMs: 60_000 },
    metrics: {
      inboundEvent: () => undefined,
      duplicateEvent: () => undefined,
      inboundBatch: (stage, size) => void batches.push([stage, size]),
      refusal: () => undefined,
      commandDuration: () => undefined,
      delivery: () => undefined,
      jobRun: () => undefined,
    },
  });
  app.use(async (_args, next) => {
    order.push('first');
    await next();
    order.push('first-after');
  });
  app.use(async (_args, next) => {
    order.push('second');
    await next();
  });
  app.command(
    defineCommand({
      name: '计数',
      alias: 'count',
      summary: 'test',
      usage: ['/计数 [失败|出错]'],
      example: '/计数',
      roles: ['ADMIN'],
      keys: { by: ['步长', 'by'] },
      async handler({ command, tx, say, respond }) {
        const by = Number(command.named.by ?? '1');
        const row = await tx.sequence.upsert({
          where: { name: 'core-test' },
          create: { name: 'core-test', value: by },
          update: { value: { increment: by } },
        });
        if (command.positional[0] === '失败')
          throw new UserError({ code: 'E_USAGE', reply: { kind: 'text', text: '按要求失败' } });
        if (command.positional[0] === '出错') throw new Error('secret internal detail');
        // A statement the database refuses: on PostgreSQL it spoils the transaction unless rolled back to a savepoint.
        if (command.positional[0] === '冲突') await tx.sequence.create({ data: { name: 'core-test', value: 0 } });
        say(`计数 ${row.value}`);
        await respond(`私信 ${row.value}`);
      },
    }),
  );
  app.command(
    defineCommand({
      name: '粘贴',
      alias: 'paste',
      summary: 'test',
      usage: ['/粘贴 <文本>'],
      example: '/粘贴 a',
      roles: ['ADMIN'],
      freeText: true,
      async handler({ command, say }) {
        say(JSON.stringify({ positional: command.positional, text: command.text }));
      },
    }),
  );
  app.action('ping', async ({ value, say }) => say(`pong ${value}`));
  app.event('non-text', async ({ say }) => say('自定义：只收文字'));
});

afterAll(async () => {
  await db.close();
  dir.remove();
});

describe('app core', () => {
  it('runs middleware in order around the handler, with say and respond', async () => {
    order.length = 0;
    const replies = await run(message('/计数'));
    expect(replies).toEqual([{ kind: 'text', text: '计数 1' }]);
    expect(order).toEqual(['first', 'second', 'first-after']);
    const direct = await inTransaction(db.prisma, (tx) =>
      tx.outboxMessage.findMany({ where: { toUserId: 'admin' }, select: { message: true, kind: true } }),
    );
    expect(direct).toEqual([{ kind: 'REPLY', message: JSON.stringify({ kind: 'text', text: '私信 1' }) }]);
  });

  it('maps Chinese and English key spellings to one canonical key', async () => {
    expect(await run(message('/计数 步长=2'))).toEqual([{ kind: 'text', text: '计数 3' }]);
    expect(await run(message('/count by＝3'))).toEqual([{ kind: 'text', text: '计数 6' }]);
  });

  it('hands a free-text command its lines untouched, with no key=value or quote parsing', async () => {
    const replies = await run(message('@机器人 ／粘贴 ２０２７ 年份="x\n集成电路，滨江区\n“未闭合'));
    expect(JSON.parse(replies[0]?.text ?? '{}')).toEqual({
      positional: ['2027', '年份="x', '集成电路,滨江区', '“未闭合'],
      text: '２０２７ 年份="x\n集成电路，滨江区\n“未闭合',
    });
    const forbidden = await run(message('/粘贴 x', { userId: 'binjiang-li' }));
    expect(forbidden[0]?.text).toContain('没有使用 /粘贴 的权限');
  });

  it('rolls back everything a handler wrote when it refuses with a UserError', async () => {
    const before = await counter();
    expect(await run(message('/计数 失败 步长=100'))).toEqual([
      { kind: 'text', text: '按要求失败', refusal: 'E_USAGE' },
    ]);
    expect(await counter()).toEqual(before);
  });

  it('answers an internal error with an apology and a reference, logs the detail, never shows it, and keeps the answer for a redelivery', async () => {
    const before = await counter();
    const event = message('/计数 出错');
    const replies = await run(event);
    const text = replies[0]?.text ?? '';
    expect(text).toContain('参考编号');
    expect(text).not.toContain('secret');
    const ref = /参考编号 (\w+)/.exec(text)?.[1];
    expect(logLines.some((line) => line.includes(ref!) && line.includes('secret internal detail'))).toBe(true);
    expect(await counter()).toEqual(before);
    expect(await app.process(event)).toEqual(replies);
  });

  it('routes card actions and non-text events to their listeners', async () => {
    const click: InboundEvent = {
      type: 'action',
      platform: 'test',
      messageId: 'click-1',
      userId: 'admin',
      conversationId: 'city',
      conversationType: 'group',
      actionId: 'ping',
      value: '42',
    };
    expect(await run(click)).toEqual([{ kind: 'text', text: 'pong 42' }]);
    expect(await run(message('', { nonText: true } as Partial<InboundEvent>))).toEqual([
      { kind: 'text', text: '自定义：只收文字' },
    ]);
    const unknown: InboundEvent = { ...click, messageId: 'click-2', actionId: 'gone' };
    expect((await run(unknown))[0]?.text).toContain('按钮已失效');
  });

  it('runs a card button as the clicker typing its command, with the same permission check', async () => {
    const asAdmin: InboundEvent = {
      type: 'action',
      platform: 'test',
      messageId: 'click-3',
      userId: 'admin',
      conversationId: 'city',
      conversationType: 'group',
      actionId: 'command',
      value: '/计数',
    };
    expect((await run(asAdmin))[0]?.text).toMatch(/^计数 \d+$/);
    const before = await counter();
    const asReporter: InboundEvent = { ...asAdmin, messageId: 'click-4', userId: 'binjiang-li' };
    expect((await run(asReporter))[0]?.text).toContain('没有使用 /计数 的权限');
    expect(await counter()).toEqual(before);
  });

  it('records deliveries arriving together in one transaction, processes them in one, each rolled back alone', async () => {
    const before = (await counter())?.value ?? 0;
    const first = message('/计数');
    const refused = message('/计数 失败 步长=100');
    const failing = [message('/计数 出错 步长=100'), message('/计数 冲突 步长=100')];
    const events = [first, refused, ...failing, message('/计数 步长=2'), first, message('/计数')];
    batches.length = 0;
    const recorded = await Promise.all(events.map((event) => app.record(event)));
    expect(recorded).toEqual([true, true, true, true, true, false, true]);
    expect(batches).toEqual([['record', 7]]);
    const replies = await Promise.all(events.map((event) => app.process(event)));
    const texts = replies.map((answer) => answer[0]?.text ?? '');
    expect(texts[0]).toBe(`计数 ${before + 1}`);
    expect(texts[1]).toBe('按要求失败');
    // No retries configured: an internal error is given up at once, with a reference and no detail.
    for (const failed of [texts[2], texts[3]]) expect(failed).toMatch(/参考编号 \w+/);
    expect(texts[4]).toBe(`计数 ${before + 3}`);
    // The same delivery twice in the queue: the second waits for the first's commit and gets its answer.
    expect(replies[5]).toEqual(replies[0]);
    expect(texts[6]).toBe(`计数 ${before + 4}`);
    expect((await counter())?.value).toBe(before + 4);
    // The first five shared a transaction; the repeated delivery started the next batch.
    expect(batches.filter(([stage]) => stage === 'process')).toEqual([
      ['process', 5],
      ['process', 2],
    ]);
    const ids = events.map((e) => e.messageId);
    const stored = await inTransaction(db.prisma, (tx) =>
      tx.inboundMessage.findMany({ where: { messageId: { in: ids } }, select: { status: true } }),
    );
    expect(stored.map((row) => row.status)).toEqual(Array(6).fill('DONE'));
  });

  it('refuses to register a second command with a taken name or alias, and a second listener for an action', () => {
    const spec = defineCommand({
      name: '计数',
      alias: 'other',
      summary: '',
      usage: [],
      example: '',
      roles: 'registered',
      handler: async () => {},
    });
    expect(() => app.command(spec)).toThrow(CodedError);
    expect(() => app.command({ ...spec, name: '别名', alias: 'COUNT' })).toThrow(CodedError);
    expect(() => app.action('ping', async () => {})).toThrow(CodedError);
    expect(() => app.action('command', async () => {})).toThrow(CodedError);
  });
});
