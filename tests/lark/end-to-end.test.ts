/**
 * The whole bot with PLATFORM=lark, the official SDK inside it, against the local server that speaks
 * Lark's protocol. Nothing of the adapter is mocked. The demo organisation is seeded, so its user ids
 * stand in for open_ids and its bound conversations for chat_ids.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBot, type RunningBot } from '../../src/bot.ts';
import { loadConfig } from '../../src/config.ts';
import { AdjustableClock } from '../../src/lib/clock.ts';
import { createLogger } from '../../src/lib/logger.ts';
import { readOnlyQueries } from '../helpers/db.ts';
import { tempDir } from '../helpers/test-bot.ts';
import { FakeLark, waitUntil, type SentMessage } from './fake-lark-server.ts';

const dir = tempDir('yipanqi-lark-');
const dbPath = `${dir.path}/bot.db`;
const { count } = readOnlyQueries(() => dbPath);
let fake: FakeLark;
let bot: RunningBot;
let clock: AdjustableClock;

beforeAll(async () => {
  fake = await FakeLark.start({
    redeliveryDelayMs: 400,
    pingIntervalS: 0.5,
    reconnectIntervalS: 0.05,
    reconnectNonceS: 0.01,
  });
  const config = loadConfig({
    PLATFORM: 'lark',
    LARK_APP_ID: fake.appId,
    LARK_APP_SECRET: fake.appSecret,
    LARK_DOMAIN: fake.domain,
    ADMIN_USER_IDS: 'admin',
    DEMO_SEED: '1',
    DATABASE_URL: `file:${dbPath}`,
    PORT: '0',
    LOG_LEVEL: 'silent',
  });
  clock = new AdjustableClock();
  // 08:30 in Hangzhou on 1 December, the deployment's first start: the 30-day reminders for 31 December fall
  // due at 09:00 that day (nothing whose moment came before the first start is sent, DESIGN §7).
  clock.set(new Date('2026-12-01T00:30:00Z'));
  bot = await startBot(config, {
    clock,
    logger: createLogger(process.env.TEST_LOG ?? 'silent'),
    dispatcherPollMs: 25,
    coalesceWindowMs: 100,
  });
});

afterAll(async () => {
  await bot?.stop();
  await fake?.close();
  dir.remove();
});

const text = (m: SentMessage) => JSON.stringify(m.content);
const toChat = (chatId: string) => (m: SentMessage) =>
  m.via === 'create' && m.receiveIdType === 'chat_id' && m.receiveId === chatId;
const toUser = (openId: string) => (m: SentMessage) =>
  m.via === 'create' && m.receiveIdType === 'open_id' && m.receiveId === openId;

/** An officer @-mentions the bot in a group; resolves with the bot's replies to that message. */
async function say(
  from: string,
  chatId: string,
  command: string,
): Promise<{ reply: string; messageId: string; before: number }> {
  const before = fake.sent().length;
  const { eventId, messageId } = fake.pushMessage({
    from,
    chatId,
    text: `@_user_1 ${command}`,
    mentions: [{ openId: fake.botOpenId, name: '一盘棋招商机器人' }],
  });
  await fake.waitForAck(eventId);
  await waitUntil(() => fake.sent().some((m) => m.replyTo === messageId), 10_000, `a reply to ${command}`);
  return {
    reply: fake
      .sent()
      .filter((m) => m.replyTo === messageId)
      .map(text)
      .join('\n'),
    messageId,
    before,
  };
}

interface CardButton {
  text: { content: string };
  behaviors: { type: string; value: { action: string; value: string; chat: string } }[];
}

function buttonsOf(card: SentMessage): CardButton[] {
  const body = card.content as { schema: string; body: { elements: { tag: string }[] } };
  expect(body.schema).toBe('2.0');
  return body.body.elements.filter((e) => e.tag === 'button') as unknown as CardButton[];
}

/** Clicks a card button; resolves with the toast the clicker sees. */
async function click(
  operator: string,
  card: SentMessage,
  chatId: string,
  label: string,
): Promise<{ type: string; content: string }> {
  const button = buttonsOf(card).find((b) => b.text.content === label);
  if (button === undefined) throw new Error(`no button ${label}`);
  const eventId = fake.pushCardClick({
    operator,
    cardMessageId: card.messageId,
    chatId,
    value: button.behaviors[0]!.value,
  });
  const ack = await fake.waitForAck(eventId);
  return (ack.data as { toast: { type: string; content: string } }).toast;
}

describe('Lark end to end (long connection, official SDK)', () => {
  it('reports the long connection as ready on /readyz and in the platform gauge', async () => {
    expect((await fetch(`${bot.address}/readyz`)).status).toBe(200);
    const metrics = await (await fetch(`${bot.address}/metrics`)).text();
    expect(metrics).toMatch(/yipanqi_platform_connected\{[^}]*platform="lark"[^}]*\} 1/);
  });

  it('sends a responsibility-matrix reminder to a bound chat, by chat_id, with a uuid', async () => {
    clock.set(new Date('2026-12-01T02:00:00Z'));
    await bot.scheduler.runAll(clock.now());
    await waitUntil(
      () => fake.sent().some((m) => toChat('binjiang')(m) && text(m).includes('台账提醒')),
      5000,
      'the reminder to 滨江区',
    );
    const reminder = fake.sent().find((m) => toChat('binjiang')(m) && text(m).includes('台账提醒'))!;
    expect(reminder.uuid).toMatch(/^[0-9a-f]{40}$/);
    expect(['post', 'interactive', 'text']).toContain(reminder.msgType);
  });

  it('runs a first report: IPB card, a granted click updates the card, the holder and the city group are told', async () => {
    const { reply } = await say(
      'yuhang-chen',
      'yuhang',
      '/首报 项目=创新药研发中心 投资方=杭州康源生物医药有限公司 产业链=生物医药 投资额=12亿 意向=多轮洽谈',
    );
    const code = /(ZS-\d{4}-\d{4,})/.exec(reply)?.[1];
    expect(code).toBeDefined();
    await waitUntil(
      () => fake.sent().some((m) => toChat('ipb')(m) && m.msgType === 'interactive' && text(m).includes(code!)),
      5000,
      'the IPB card',
    );
    const card = fake.sent().find((m) => toChat('ipb')(m) && m.msgType === 'interactive' && text(m).includes(code!))!;
    expect(buttonsOf(card).map((b) => b.behaviors[0]!.value)).toEqual([
      { action: 'command', value: `/审核 ${code} 通过`, chat: 'group' },
      { action: 'command', value: `/审核 ${code} 驳回`, chat: 'group' },
    ]);

    // A reporter may not decide: the refusal is a toast for the clicker alone, with no message, and the card stays as it was.
    const beforeRefusal = fake.sent().length;
    const refusal = await click('binjiang-li', card, 'ipb', buttonsOf(card)[0]!.text.content);
    expect(refusal.type).toBe('error');
    expect(refusal.content).toContain('没有使用 /审核 的权限');
    await new Promise((r) => setTimeout(r, 300));
    expect(fake.sent().slice(beforeRefusal)).toEqual([]);
    expect(
      count(`SELECT COUNT(*) AS n FROM "OutboxMessage" WHERE toUserId = 'binjiang-li' AND status = 'DELIVERED'`),
    ).toBeGreaterThanOrEqual(1);

    expect((await say('ipb-zhang', 'ipb', `/征询 ${code} 投资方确认优先在余杭落地`)).reply).toContain('已记录');
    const before = fake.sent().length;
    expect(await click('ipb-zhang', card, 'ipb', buttonsOf(card)[0]!.text.content)).toMatchObject({
      type: 'info',
      content: expect.stringContaining('已赋予'),
    });
    await waitUntil(
      () =>
        fake
          .sent()
          .slice(before)
          .some((m) => m.via === 'patch' && m.messageId === card.messageId),
      5000,
      'the card update',
    );
    expect(JSON.stringify(fake.message(card.messageId)?.content)).toContain('已赋予');
    await waitUntil(
      () => fake.sent().slice(before).some(toChat('city')) && fake.sent().slice(before).some(toChat('yuhang')),
      5000,
      'the announcements',
    );
    for (const chat of ['city', 'yuhang']) expect(text(fake.sent().slice(before).find(toChat(chat))!)).toContain(code!);
    expect(count(`SELECT COUNT(*) AS n FROM "Project" WHERE code = ? AND status = 'EXCLUSIVE'`, code)).toBe(1);
  });

  it('takes a transfer’s four votes by card and announces the outcome', async () => {
    const { reply } = await say(
      'xiaoshan-wang',
      'xiaoshan',
      '/流转 企业=杭州星河微电子有限公司 产业链=集成电路 迁出=滨江区 迁入=萧山区 理由=扩大产能需新增用地 分成=30%/5年',
    );
    const code = /(LZ-\d{4}-\d{4,})/.exec(reply)?.[1];
    expect(code).toBeDefined();
    const seats = [
      ['ipb-zhang', 'ipb'],
      ['finance-zhao', 'finance'],
      ['audit-qian', 'audit'],
      ['industry-sun', 'industry'],
    ] as const;
    await waitUntil(
      () =>
        seats.every(([, chat]) =>
          fake.sent().some((m) => toChat(chat)(m) && m.msgType === 'interactive' && text(m).includes(code!)),
        ),
      5000,
      'the four review cards',
    );
    const before = fake.sent().length;
    for (const [user, chat] of seats) {
      const card = fake.sent().find((m) => toChat(chat)(m) && m.msgType === 'interactive' && text(m).includes(code!))!;
      await click(user, card, chat, buttonsOf(card)[0]!.text.content);
      await waitUntil(
        () => fake.sent().some((m) => m.via === 'patch' && m.messageId === card.messageId),
        5000,
        `the ${chat} card update`,
      );
    }
    for (const target of [toChat('binjiang'), toChat('city'), toChat('xiaoshan'), toUser('xiaoshan-wang')]) {
      await waitUntil(
        () =>
          fake
            .sent()
            .slice(before)
            .some((m) => target(m) && text(m).includes(`流转评审结果 ${code}：通过`)),
        5000,
        'the outcome',
      );
    }
    expect(count(`SELECT COUNT(*) AS n FROM "Transfer" WHERE code = ? AND status = 'APPROVED'`, code)).toBe(1);
  });

  it('acts once on a redelivered event', async () => {
    const { eventId, messageId } = fake.pushMessage({
      from: 'admin',
      chatId: 'oc_admin_p2p',
      chatType: 'p2p',
      text: '/角色 授予 ou_dup IPB',
    });
    await fake.waitForAck(eventId);
    fake.redeliver(eventId);
    await waitUntil(() => fake.acks().filter((a) => a.eventId === eventId).length >= 2, 3000, 'the second ack');
    await waitUntil(() => fake.sent().some(toUser('ou_dup')), 5000, 'the grantee notice');
    await new Promise((r) => setTimeout(r, 300));
    expect(fake.sent().filter(toUser('ou_dup'))).toHaveLength(1);
    expect(fake.sent().filter((m) => m.replyTo === messageId)).toHaveLength(1);
    expect(count(`SELECT COUNT(*) AS n FROM "AuditEvent" WHERE recordId = 'ou_dup'`)).toBe(1);
  });

  it('waits out 429 and 99991400 (honouring x-ogw-ratelimit-reset) and delivers exactly once', async () => {
    fake.inject('messages', { kind: 'rate-limit', status: 429, resetSeconds: 0.3 });
    fake.inject('messages', { kind: 'rate-limit', status: 400 });
    const started = Date.now();
    const { messageId } = await say('admin', 'city', '/角色 授予 ou_limited IPB');
    await waitUntil(() => fake.sent().some(toUser('ou_limited')), 10_000, 'the grantee notice');
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    await new Promise((r) => setTimeout(r, 300));
    expect(fake.sent().filter((m) => m.replyTo === messageId)).toHaveLength(1);
    expect(fake.sent().filter(toUser('ou_limited'))).toHaveLength(1);
  });

  it('retries a 5xx and refreshes an expired token, delivering once', async () => {
    const tokensBefore = fake.tokenRequests;
    fake.expireTokens();
    fake.inject('messages', { kind: 'server-error' });
    await say('admin', 'city', '/角色 授予 ou_token IPB');
    await waitUntil(() => fake.sent().some(toUser('ou_token')), 10_000, 'the notice after refresh');
    expect(fake.tokenRequests).toBeGreaterThan(tokensBefore);
    expect(fake.sent().filter(toUser('ou_token'))).toHaveLength(1);
  });

  it('loses and doubles nothing across a dropped socket', async () => {
    const connections = fake.connectionsAccepted;
    fake.dropConnections();
    const { eventId, messageId } = fake.pushMessage({
      from: 'admin',
      chatId: 'oc_admin_p2p',
      chatType: 'p2p',
      text: '/角色 授予 ou_reconnect IPB',
    });
    await fake.waitForConnections(connections + 1, 5000);
    await fake.waitForAck(eventId, 5000);
    await waitUntil(() => fake.sent().some(toUser('ou_reconnect')), 5000, 'the notice after reconnect');
    await new Promise((r) => setTimeout(r, 300));
    expect(fake.sent().filter((m) => m.replyTo === messageId)).toHaveLength(1);
    expect(fake.sent().filter(toUser('ou_reconnect'))).toHaveLength(1);
  });

  it('uploads /导出 as a file and sends it to the requester as a file message', async () => {
    const { reply } = await say('ipb-zhang', 'ipb', '/导出 项目');
    expect(reply).toContain('.xlsx');
    await waitUntil(
      () => fake.sent().some((m) => toUser('ipb-zhang')(m) && m.msgType === 'file'),
      10_000,
      'the file message',
    );
    const upload = fake.uploads.at(-1)!;
    expect(upload).toMatchObject({ type: 'xls' });
    expect(upload.name).toMatch(/\.xlsx$/);
    expect(upload.bytes).toBeGreaterThan(1000);
    expect(fake.sent().find((m) => toUser('ipb-zhang')(m) && m.msgType === 'file')!.content).toEqual({
      file_key: upload.fileKey,
    });
  });

  it('counts Lark API calls for /统计 under the platform’s own name, without a monthly quota', async () => {
    await bot.stop();
    bot = await startBot(
      loadConfig({
        PLATFORM: 'lark',
        LARK_APP_ID: fake.appId,
        LARK_APP_SECRET: fake.appSecret,
        LARK_DOMAIN: fake.domain,
        ADMIN_USER_IDS: 'admin',
        DEMO_SEED: '1',
        DATABASE_URL: `file:${dbPath}`,
        PORT: '0',
        LOG_LEVEL: 'silent',
      }),
      {
        logger: createLogger('silent'),
        dispatcherPollMs: 25,
        coalesceWindowMs: 100,
      },
    );
    expect(count(`SELECT COALESCE(SUM(count), 0) AS n FROM "ApiUsage"`)).toBeGreaterThan(10);
    const { reply } = await say('admin', 'city', '/统计');
    expect(reply).toMatch(/飞书开放接口调用：\d+ 次/);
    expect(reply).not.toContain('钉钉');
  });

  it('answers a picture with "text commands only", and acknowledged every event with code 200', async () => {
    const { eventId, messageId } = fake.pushMessage({
      from: 'admin',
      chatId: 'oc_admin_p2p',
      chatType: 'p2p',
      messageType: 'image',
      content: { image_key: 'img_v2_1' },
    });
    await fake.waitForAck(eventId);
    await waitUntil(() => fake.sent().some((m) => m.replyTo === messageId), 5000, 'the answer');
    expect(text(fake.sent().find((m) => m.replyTo === messageId)!)).toContain('只处理文字命令');
    expect(fake.acks().every((a) => a.code === 200)).toBe(true);
    expect(fake.protocolErrors).toEqual([]);
    expect(count(`SELECT COUNT(*) AS n FROM "OutboxMessage" WHERE status = 'DEAD'`)).toBe(0);
  });
});
