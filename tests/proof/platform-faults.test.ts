import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DingTalkApi, DingTalkSender } from '../../src/adapters/dingtalk/api-client.ts';
import type { OutboundMessage } from '../../src/app/receiver.ts';
import { startBot, type RunningBot } from '../../src/bot.ts';
import { loadConfig } from '../../src/config.ts';
import { systemClock } from '../../src/lib/clock.ts';
import { createLogger } from '../../src/lib/logger.ts';
import { FakeDingTalk, PATHS, waitUntil } from '../dingtalk/fake-dingtalk-server.ts';
import { readOnlyQueries } from '../helpers/db.ts';
import { tempDir } from '../helpers/test-bot.ts';
import { deliveryLedger, readOutbox } from './ledger.ts';

/**
 * DingTalk misbehaving while the bot works: error answers, throttling, tokens that stop working,
 * sockets that die with callbacks in flight, the gateway's `disconnect`, the same callback twice.
 * Each scenario ends the same way: every notification reached DingTalk exactly once (counted at the
 * protocol test server, per outbox row) and every command acted exactly once in the database.
 * Faults already covered in tests/dingtalk/end-to-end.test.ts (500 twice on batchSend, one
 * flow-controlled user, an expired token before one notice, a duplicate after the ack) are not repeated.
 */

const dir = tempDir('yipanqi-faults-');
const dbPath = `${dir.path}/bot.db`;
let fake: FakeDingTalk;
let bot: RunningBot;
let sequence = 0;

beforeAll(async () => {
  fake = await FakeDingTalk.start({ redeliveryDelayMs: 400, maxRedeliveries: 20, disconnectGraceMs: 2_000 });
  const config = loadConfig({
    PLATFORM: 'dingtalk',
    DINGTALK_CLIENT_ID: fake.clientId,
    DINGTALK_CLIENT_SECRET: fake.clientSecret,
    DINGTALK_API_BASE: fake.apiBase,
    DINGTALK_OAPI_BASE: fake.oapiBase,
    DINGTALK_CARD_TEMPLATE_ID: 'tpl-faults',
    DINGTALK_MONTHLY_QUOTA: '1000000',
    ADMIN_USER_IDS: 'admin',
    DEMO_SEED: '1',
    DATABASE_URL: `file:${dbPath}`,
    PORT: '0',
    LOG_LEVEL: 'silent',
  });
  bot = await startBot(config, {
    clock: systemClock,
    logger: createLogger('silent'),
    dispatcherPollMs: 25,
    coalesceWindowMs: 150,
  });
  // What the scheduled jobs sent at start-up goes out first, so each fault hits the scenario's own message.
  await settle([]);
});

afterAll(async () => {
  await bot.stop();
  await fake.close();
  dir.remove();
});

const { query, count } = readOnlyQueries(() => dbPath);

interface Pushed {
  deliveryId: string;
  msgId: string;
}

/** An administrator's command in the city group; msgId is what the bot de-duplicates on. */
function push(text: string, from = 'admin', conversationId = 'city'): Pushed {
  const msgId = `fault-${++sequence}`;
  return {
    msgId,
    deliveryId: fake.pushRobotMessage({
      text,
      msgId,
      senderStaffId: from,
      conversationId,
      conversationTitle: conversationId,
    }),
  };
}

const grant = (user: string, unit?: string): Pushed =>
  push(`/角色 授予 ${user} ${unit === undefined ? 'IPB' : `REPORTER ${unit}`}`);

const oneToOne = (user: string) =>
  fake.sent().filter((m) => m.via === 'oto' && 'userId' in m.to && m.to.userId === user);

/** Waits until every pushed command is acknowledged and processed and the outbox is empty. */
async function settle(commands: readonly Pushed[], timeoutMs = 20_000): Promise<void> {
  const acked = () =>
    new Set(
      fake
        .acks()
        .filter((a) => a.code === 200)
        .map((a) => a.messageId),
    );
  await waitUntil(() => commands.every((c) => acked().has(c.deliveryId)), timeoutMs, 'the acks');
  const deadline = Date.now() + timeoutMs;
  const busy = () =>
    count(`SELECT COUNT(*) AS n FROM "InboundMessage" WHERE status <> 'DONE'`) +
    count(`SELECT COUNT(*) AS n FROM "OutboxMessage" WHERE status <> 'DELIVERED'`);
  while (busy() > 0) {
    if (Date.now() > deadline) throw new Error('the outbox did not drain');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The common ending: each command acted once, and every notification so far was shown exactly once. */
function expectExactlyOnce(commands: readonly Pushed[], grantees: readonly string[] = []): void {
  for (const c of commands) {
    expect(
      count(`SELECT COUNT(*) AS n FROM "InboundMessage" WHERE messageId = ? AND status = 'DONE'`, c.msgId),
      c.msgId,
    ).toBe(1);
    expect(
      count(
        `SELECT COUNT(*) AS n FROM "OutboxMessage" o JOIN "InboundMessage" i ON o.sourceInboundId = i.id WHERE i.messageId = ? AND o.kind = 'REPLY'`,
        c.msgId,
      ),
      c.msgId,
    ).toBe(1);
  }
  for (const user of grantees)
    expect(count(`SELECT COUNT(*) AS n FROM "AuditEvent" WHERE recordId = ?`, user), user).toBe(1);
  const ledger = deliveryLedger(readOutbox(dbPath), fake.sent(), fake.suppressed(), { cardTemplate: true });
  expect(ledger.lost).toEqual([]);
  expect(ledger.duplicated).toEqual([]);
  expect(ledger.unaccounted).toEqual([]);
}

const lastError = (sql: string, ...params: unknown[]) =>
  query<{ attempts: number; lastError: string | null }>(sql, ...params)[0]!;

describe('DingTalk faults, each ending with every notification delivered exactly once', () => {
  it('waits out a 429 on a group notice for the time DingTalk asks, then delivers it once', async () => {
    fake.inject(PATHS.groupSend, { kind: 'too-many-requests' });
    const commands = [grant('f429-staff', '滨江区')];
    const started = Date.now();
    await settle(commands);
    const row = lastError(
      `SELECT attempts, lastError FROM "OutboxMessage" WHERE toConversationId = 'binjiang' AND message LIKE '%f429-staff%'`,
    );
    // attempts counts the delivery too: one refusal, then the message.
    expect(row).toMatchObject({ attempts: 2, lastError: expect.stringContaining('HTTP 429') });
    // The fake answers Retry-After: 2.
    expect(Date.now() - started).toBeGreaterThanOrEqual(2_000);
    expectExactlyOnce(commands, ['f429-staff']);
  });

  it('retries a group notice refused by the QPS limit (403) once a second has passed', async () => {
    fake.inject(PATHS.groupSend, { kind: 'qps-limit' }, 2);
    const commands = [grant('fqps-staff', '萧山区')];
    await settle(commands);
    const row = lastError(
      `SELECT attempts, lastError FROM "OutboxMessage" WHERE toConversationId = 'xiaoshan' AND message LIKE '%fqps-staff%'`,
    );
    expect(row).toMatchObject({ attempts: 3, lastError: expect.stringContaining('QpsLimit') });
    expectExactlyOnce(commands, ['fqps-staff']);
  });

  it('re-sends only the flow-controlled users of a burst of one-to-one notices', async () => {
    const users = Array.from({ length: 6 }, (_, i) => `fflow-${i}`);
    fake.inject(PATHS.batchSend, { kind: 'flow-control', userIds: ['fflow-1', 'fflow-4'] }, 6);
    const commands = users.map((user) => grant(user));
    await settle(commands);
    for (const user of users) expect(oneToOne(user), user).toHaveLength(1);
    expect(
      count(
        `SELECT COUNT(*) AS n FROM "OutboxMessage" WHERE toUserId IN ('fflow-1', 'fflow-4') AND lastError LIKE '%flowControlled%'`,
      ),
    ).toBe(2);
    expectExactlyOnce(commands, users);
  });

  it('refreshes a token that expires in the middle of a burst of notices, sending nothing twice', async () => {
    const users = Array.from({ length: 12 }, (_, i) => `ftoken-${i}`);
    const tokensBefore = fake.tokenRequests;
    const commands = users.slice(0, 6).map((user) => grant(user));
    await waitUntil(() => users.slice(0, 3).every((user) => oneToOne(user).length > 0), 10_000, 'the first notices');
    fake.expireTokens();
    commands.push(...users.slice(6).map((user) => grant(user)));
    await settle(commands);
    expect(fake.tokenRequests).toBeGreaterThan(tokensBefore);
    for (const user of users) expect(oneToOne(user), user).toHaveLength(1);
    expectExactlyOnce(commands, users);
  });

  it('creates a card once after createAndDeliver answered 500, and answers the report once', async () => {
    fake.inject(PATHS.createAndDeliver, { kind: 'server-error' }, 2);
    const cardsBefore = fake.sent().filter((m) => m.via === 'card').length;
    const commands = [
      push(
        '/首报 项目=故障测试项目 投资方=戊戌科技有限公司 产业链=集成电路 投资额=2亿 意向=签订意向书',
        'binjiang-li',
        'binjiang',
      ),
    ];
    await settle(commands);
    expect(fake.sent().filter((m) => m.via === 'card')).toHaveLength(cardsBefore + 1);
    expect(count(`SELECT COUNT(*) AS n FROM "Project" WHERE name = '故障测试项目'`)).toBe(1);
    expectExactlyOnce(commands);
  });

  it('acts once on callbacks in flight when the socket drops: the unacknowledged ones come again', async () => {
    const users = Array.from({ length: 10 }, (_, i) => `fdrop-${i}`);
    const opensBefore = fake.openConnectionCalls;
    const commands = users.map((user) => grant(user));
    fake.dropConnections();
    await settle(commands);
    expect(fake.openConnectionCalls).toBeGreaterThan(opensBefore);
    expect(commands.some((c) => fake.deliveries(c.deliveryId) > 1)).toBe(true);
    for (const user of users) expect(oneToOne(user), user).toHaveLength(1);
    expectExactlyOnce(commands, users);
  });

  it('reconnects on a disconnect frame and acts once on what arrived around it', async () => {
    const opensBefore = fake.openConnectionCalls;
    const users = Array.from({ length: 8 }, (_, i) => `fdisc-${i}`);
    const commands = users.slice(0, 4).map((user) => grant(user));
    fake.sendDisconnect();
    commands.push(...users.slice(4).map((user) => grant(user)));
    await waitUntil(() => fake.openConnectionCalls > opensBefore, 5_000, 'the reconnect');
    await settle(commands);
    // The client closed on the frame instead of waiting for the gateway to cut it off.
    expect(fake.openConnections()).toBe(1);
    for (const user of users) expect(oneToOne(user), user).toHaveLength(1);
    expectExactlyOnce(commands, users);
  });

  it('acts once on a callback delivered twice at the same moment, and on a card click delivered twice', async () => {
    const twice = grant('fdup-staff');
    fake.redeliver(twice.deliveryId);
    const report = push(
      '/首报 项目=重复推送项目 投资方=庚子科技有限公司 产业链=集成电路 投资额=2亿 意向=签订意向书',
      'binjiang-li',
      'binjiang',
    );
    await settle([twice, report]);
    expect(fake.deliveries(twice.deliveryId)).toBeGreaterThanOrEqual(2);
    const card = fake.sent().find((m) => m.via === 'card' && JSON.stringify(m.body).includes('重复推送项目'));
    const outTrackId = (card?.body as { outTrackId: string } | undefined)?.outTrackId ?? '';
    const code = /ZS-\d{4}-\d{4}/.exec(JSON.stringify(card?.body))?.[0] ?? '';
    const consult = push(`/征询 ${code} 投资方确认`, 'ipb-zhang', 'ipb');
    await settle([consult]);
    const clickId = fake.pushCardClick({
      outTrackId,
      userId: 'ipb-zhang',
      actionId: 'command',
      value: `/审核 ${code} 通过`,
    });
    fake.redeliver(clickId);
    const click = { deliveryId: clickId, msgId: clickId };
    await settle([click]);
    fake.redeliver(clickId);
    await fake.waitForAck(clickId);
    await waitUntil(() => fake.acks().filter((a) => a.messageId === clickId).length >= 3, 5_000, 'the third ack');
    await settle([click]);
    expect(
      fake.sent().filter((m) => m.via === 'card-update' && 'outTrackId' in m.to && m.to.outTrackId === outTrackId),
    ).toHaveLength(1);
    expect(count(`SELECT COUNT(*) AS n FROM "AuditEvent" WHERE recordId = ? AND action = 'project.grant'`, code)).toBe(
      1,
    );
    expectExactlyOnce([twice, report, consult, click], ['fdup-staff']);
  });
});

describe('the limit of exactly-once: DingTalk accepted, but its answer never reached the bot', () => {
  /**
   * The same thing a SIGKILL between send and commit does (tests/proof/crash-restart.test.ts), here
   * through the request timeout: the bot must send again, and only a keyed request is safe to repeat.
   */
  it('absorbs the resend of a webhook reply and of a card; shows an OpenAPI group notice twice', async () => {
    const sender = new DingTalkSender(
      new DingTalkApi({
        apiBase: fake.apiBase,
        oapiBase: fake.oapiBase,
        clientId: fake.clientId,
        clientSecret: fake.clientSecret,
        robotCode: fake.robotCode,
        requestTimeoutMs: 300,
      }),
      { cardTemplateId: 'tpl-faults' },
    );
    const session = fake.robotMessageData({ conversationId: 'city' });
    const cases: { path: string; outbound: OutboundMessage; shown: () => number }[] = [
      {
        path: PATHS.sendBySession,
        outbound: {
          key: 'slow-reply',
          to: { conversationId: 'city' },
          message: { kind: 'text', text: '慢回答的回复' },
          replyContext: { target: String(session.sessionWebhook) },
        },
        shown: () =>
          fake.sent().filter((m) => m.via === 'webhook' && JSON.stringify(m.body).includes('慢回答的回复')).length,
      },
      {
        path: PATHS.createAndDeliver,
        outbound: {
          key: 'slow-card',
          to: { conversationId: 'ipb' },
          message: {
            kind: 'card',
            markdown: '慢回答的卡片',
            buttons: [{ actionId: 'command', value: '/帮助', label: '帮助' }],
          },
        },
        shown: () =>
          fake.sent().filter((m) => m.via === 'card' && JSON.stringify(m.body).includes('慢回答的卡片')).length,
      },
      {
        path: PATHS.groupSend,
        outbound: {
          key: 'slow-notice',
          to: { conversationId: 'city' },
          message: { kind: 'text', text: '慢回答的通知' },
        },
        shown: () =>
          fake.sent().filter((m) => m.via === 'group' && JSON.stringify(m.msgParam).includes('慢回答的通知')).length,
      },
    ];
    const shown: number[] = [];
    for (const { path, outbound, shown: count } of cases) {
      fake.inject(path, { kind: 'answer-late', ms: 1_000 });
      expect(await sender.send(outbound)).toMatchObject({
        status: 'retry',
        reason: expect.stringContaining('network'),
      });
      expect(await sender.send(outbound)).toEqual({ status: 'delivered' });
      shown.push(count());
    }
    expect(shown).toEqual([1, 1, 2]);
    expect(fake.suppressed().map((s) => s.key)).toEqual(expect.arrayContaining(['slow-reply', 'slow-card']));
  });
});
