import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeSign, MAX_CLOCK_SKEW_MS } from '../../src/adapters/dingtalk/http-receiver.ts';
import { DINGTALK_CALLBACK_PATH, startBot, type RunningBot } from '../../src/bot.ts';
import { loadConfig } from '../../src/config.ts';
import { inTransaction } from '../../src/db/tx.ts';
import { systemClock } from '../../src/lib/clock.ts';
import { claimCallbackSignature } from '../../src/services/callback-signatures.ts';
import { notify } from '../../src/services/notify.ts';
import { createLogger } from '../../src/lib/logger.ts';
import { readOnlyQueries } from '../helpers/db.ts';
import { tempDir } from '../helpers/test-bot.ts';
import { FakeDingTalk, PATHS, waitUntil, type SentMessage } from './fake-dingtalk-server.ts';

/**
 * The whole bot, with the official dingtalk-stream SDK inside it, against the local server that
 * speaks DingTalk's protocol. Nothing of the adapter is mocked.
 */

const dir = tempDir('yipanqi-dingtalk-');
let fake: FakeDingTalk;
let bot: RunningBot;
const dbPath = `${dir.path}/bot.db`;

const ADMIN = 'boss-staff';
const BINJIANG_GROUP = 'cidBinjiang==';
const IPB_GROUP = 'cidIpb==';

async function startDingTalkBot(path: string, env: Record<string, string> = {}): Promise<RunningBot> {
  const config = loadConfig({
    PLATFORM: 'dingtalk',
    DINGTALK_CLIENT_ID: fake.clientId,
    DINGTALK_CLIENT_SECRET: fake.clientSecret,
    DINGTALK_API_BASE: fake.apiBase,
    DINGTALK_OAPI_BASE: fake.oapiBase,
    ADMIN_USER_IDS: ADMIN,
    DATABASE_URL: `file:${path}`,
    PORT: '0',
    LOG_LEVEL: 'silent',
    ...env,
  });
  return startBot(config, {
    clock: systemClock,
    logger: createLogger('silent'),
    dispatcherPollMs: 25,
    coalesceWindowMs: 150,
  });
}

function textOf(message: SentMessage): string {
  return JSON.stringify(message.msgParam ?? message.body ?? {});
}

/** Pushes a robot message and waits until the bot has answered it through some channel. */
async function say(
  text: string,
  options: { from?: string; conversationId?: string; atUsers?: { dingtalkId: string; staffId?: string }[] } = {},
): Promise<string> {
  const before = fake.sent().length;
  const id = fake.pushRobotMessage({
    text,
    senderStaffId: options.from ?? ADMIN,
    senderNick: options.from ?? '管理员',
    conversationId: options.conversationId ?? BINJIANG_GROUP,
    atUsers: options.atUsers,
  });
  await fake.waitForAck(id);
  await waitUntil(
    () =>
      fake
        .sent()
        .slice(before)
        .some((m) => m.via === 'webhook'),
    5000,
    `a webhook reply to ${text}`,
  );
  return fake
    .sent()
    .slice(before)
    .filter((m) => m.via === 'webhook')
    .map(textOf)
    .join('\n');
}

const { count: dbCount } = readOnlyQueries(() => dbPath);

beforeAll(async () => {
  fake = await FakeDingTalk.start({
    redeliveryDelayMs: 400,
    // Anyone else is unknown to the organisation: batchSend lists them as invalid.
    knownUserIds: [
      ADMIN,
      'li-staff',
      'xihu-staff',
      'dup-staff',
      'retry-staff',
      'token-staff',
      'fc-staff',
      'quota-staff',
      'quota-staff-2',
    ],
  });
  bot = await startDingTalkBot(dbPath, { DINGTALK_MONTHLY_QUOTA: '1000', DINGTALK_CARD_TEMPLATE_ID: 'tpl-decision' });
});

afterAll(async () => {
  await bot.stop();
  await fake.close();
  dir.remove();
});

describe('DingTalk end to end (Stream mode, official SDK)', () => {
  it('lets the administrator bind groups by chat, answering through the sessionWebhook', async () => {
    expect(await say('/绑定群 滨江区')).toContain('已将本群');
    expect(await say('/绑定群 市投资促进局', { conversationId: IPB_GROUP })).toContain('市投资促进局');
    expect(
      dbCount(`SELECT COUNT(*) AS n FROM "Conversation" WHERE id = ? AND unitId = 'binjiang'`, BINJIANG_GROUP),
    ).toBe(1);
  });

  it('grants a role to an @-mentioned colleague, who is told in a one-to-one message', async () => {
    const reply = await say('/角色 授予 @李明 REPORTER 滨江区', {
      atUsers: [{ dingtalkId: '$:LWCP_v1:$li', staffId: 'li-staff' }],
    });
    expect(reply).toContain('已授予');
    await waitUntil(
      () => fake.sent().some((m) => m.via === 'oto' && 'userId' in m.to && m.to.userId === 'li-staff'),
      5000,
      'the grantee notice',
    );
    expect(await say('/帮助', { from: 'li-staff' })).toContain('帮助');
  });

  it('reaches another group through the robot OpenAPI', async () => {
    // 西湖区 has no group bound: IPB's group is told so, through groupMessages/send.
    await say('/角色 授予 xihu-staff REPORTER 西湖区');
    await waitUntil(
      () => fake.sent().some((m) => m.via === 'oto' && 'userId' in m.to && m.to.userId === 'xihu-staff'),
      5000,
      'the grantee notice',
    );
    await waitUntil(
      () => fake.sent().some((m) => m.via === 'group' && 'conversationId' in m.to && m.to.conversationId === IPB_GROUP),
      5000,
      'the IPB group notice',
    );
    const notice = fake
      .sent()
      .find((m) => m.via === 'group' && 'conversationId' in m.to && m.to.conversationId === IPB_GROUP);
    expect(textOf(notice!)).toContain('西湖区');
  });

  it('refuses a card click by a user without the role, privately, and leaves the card alone', async () => {
    const before = fake.sent().length;
    const id = fake.pushCardClick({
      outTrackId: 'card-refused',
      userId: 'li-staff',
      actionId: 'command',
      value: '/绑定群 萧山区',
      spaceId: BINJIANG_GROUP,
    });
    await fake.waitForAck(id);
    await waitUntil(
      () =>
        fake
          .sent()
          .slice(before)
          .some((m) => m.via === 'oto'),
      5000,
      'the refusal',
    );
    const refusal = fake
      .sent()
      .slice(before)
      .find((m) => m.via === 'oto')!;
    expect(refusal.to).toEqual({ userId: 'li-staff' });
    expect(textOf(refusal)).toContain('没有使用 /绑定群 的权限');
    expect(
      fake
        .sent()
        .slice(before)
        .some((m) => m.via === 'card-update'),
    ).toBe(false);
    expect(
      dbCount(`SELECT COUNT(*) AS n FROM "Conversation" WHERE id = ? AND unitId = 'binjiang'`, BINJIANG_GROUP),
    ).toBe(1);
  });

  it('delivers a decision card and handles a permitted click like the typed command, updating the card', async () => {
    const before = fake.sent().length;
    await inTransaction(bot.db.prisma, (tx) =>
      notify(
        { tx, now: new Date(), actorId: 'system' },
        { conversationId: BINJIANG_GROUP },
        {
          kind: 'card',
          title: '待确认',
          markdown: '请校验审计链',
          buttons: [{ actionId: 'command', value: '/审计 校验', label: '校验' }],
        },
      ),
    );
    bot.dispatcher.poke();
    await waitUntil(
      () =>
        fake
          .sent()
          .slice(before)
          .some((m) => m.via === 'card'),
      5000,
      'the card',
    );
    const card = fake
      .sent()
      .slice(before)
      .find((m) => m.via === 'card')!;
    const body = card.body as { outTrackId: string; callbackType: string; cardTemplateId: string };
    expect(body.callbackType).toBe('STREAM');
    expect(body.cardTemplateId).toBe('tpl-decision');

    const id = fake.pushCardClick({
      outTrackId: body.outTrackId,
      userId: ADMIN,
      actionId: 'command',
      value: '/审计 校验',
    });
    await fake.waitForAck(id);
    await waitUntil(
      () =>
        fake
          .sent()
          .slice(before)
          .some((m) => m.via === 'card-update'),
      5000,
      'the card update',
    );
    const update = fake
      .sent()
      .slice(before)
      .find((m) => m.via === 'card-update')!;
    expect(update.to).toEqual({ outTrackId: body.outTrackId });
    expect(textOf(update)).toContain('校验通过');
  });

  it('acts once on a duplicated delivery', async () => {
    const id = fake.pushRobotMessage({
      text: '/角色 授予 dup-staff IPB',
      senderStaffId: ADMIN,
      conversationId: BINJIANG_GROUP,
    });
    await fake.waitForAck(id);
    fake.redeliver(id);
    await waitUntil(() => fake.deliveries(id) >= 2, 3000, 'the second delivery');
    await waitUntil(
      () => fake.sent().some((m) => m.via === 'oto' && 'userId' in m.to && m.to.userId === 'dup-staff'),
      5000,
      'the notice',
    );
    await new Promise((r) => setTimeout(r, 400));
    expect(fake.sent().filter((m) => m.via === 'oto' && 'userId' in m.to && m.to.userId === 'dup-staff')).toHaveLength(
      1,
    );
    expect(dbCount(`SELECT COUNT(*) AS n FROM "AuditEvent" WHERE recordId = 'dup-staff'`)).toBe(1);
  });

  it('answers a picture politely, and acknowledges every callback it was sent', async () => {
    const before = fake.sent().length;
    const id = fake.pushRobotMessage({
      msgtype: 'picture',
      content: { downloadCode: 'x' },
      senderStaffId: ADMIN,
      conversationId: BINJIANG_GROUP,
    });
    await fake.waitForAck(id);
    await waitUntil(
      () =>
        fake
          .sent()
          .slice(before)
          .some((m) => m.via === 'webhook'),
      5000,
      'the answer',
    );
    expect(fake.sent().slice(before).map(textOf).join()).toContain('只处理文字命令');
    const acked = new Set(fake.acks().map((a) => a.messageId));
    expect(dbCount(`SELECT COUNT(*) AS n FROM "InboundMessage"`)).toBeGreaterThan(5);
    for (const ack of fake.acks()) expect(ack.code).toBe(200);
    expect(acked.has(id)).toBe(true);
  });

  it('delivers a notice exactly once after the API answered 500 twice', async () => {
    fake.inject(PATHS.batchSend, { kind: 'server-error' }, 2);
    await say('/角色 授予 retry-staff IPB');
    await waitUntil(
      () => fake.sent().some((m) => m.via === 'oto' && 'userId' in m.to && m.to.userId === 'retry-staff'),
      10_000,
      'the retried notice',
    );
    await new Promise((r) => setTimeout(r, 300));
    expect(
      fake.sent().filter((m) => m.via === 'oto' && 'userId' in m.to && m.to.userId === 'retry-staff'),
    ).toHaveLength(1);
  });

  it('retries a user the API lists as flow-controlled until the notice is delivered once', async () => {
    fake.inject(PATHS.batchSend, { kind: 'flow-control', userIds: ['fc-staff'] }, 1);
    await say('/角色 授予 fc-staff IPB');
    await waitUntil(
      () => fake.sent().some((m) => m.via === 'oto' && 'userId' in m.to && m.to.userId === 'fc-staff'),
      10_000,
      'the flow-controlled notice',
    );
    await new Promise((r) => setTimeout(r, 300));
    expect(fake.sent().filter((m) => m.via === 'oto' && 'userId' in m.to && m.to.userId === 'fc-staff')).toHaveLength(
      1,
    );
  });

  it('dead-letters a user the API lists as invalid and reports it to the administrators', async () => {
    await say('/角色 授予 ghost-staff IPB');
    await waitUntil(
      () =>
        dbCount(`SELECT COUNT(*) AS n FROM "OutboxMessage" WHERE toUserId = 'ghost-staff' AND status = 'DEAD'`) === 1,
      5000,
      'the dead letter',
    );
    await waitUntil(
      () =>
        fake
          .sent()
          .some(
            (m) => m.via === 'oto' && 'userId' in m.to && m.to.userId === ADMIN && textOf(m).includes('ghost-staff'),
          ),
      5000,
      'the report to the administrator',
    );
  });

  it('refreshes an expired token and still delivers', async () => {
    const tokensBefore = fake.tokenRequests;
    fake.expireTokens();
    await say('/角色 授予 token-staff IPB');
    await waitUntil(
      () => fake.sent().some((m) => m.via === 'oto' && 'userId' in m.to && m.to.userId === 'token-staff'),
      5000,
      'the notice after refresh',
    );
    expect(fake.tokenRequests).toBeGreaterThan(tokensBefore);
  });

  it('reconnects after a dropped socket without a storm and keeps working', async () => {
    const opensBefore = fake.openConnectionCalls;
    fake.dropConnections();
    await fake.waitForConnections(1, 10_000);
    expect(fake.openConnectionCalls - opensBefore).toBeLessThanOrEqual(3);
    expect(await say('/帮助')).toContain('帮助');
  });

  it('counts OpenAPI calls per month and warns administrators when the quota runs low', async () => {
    await bot.stop();
    const used = dbCount(`SELECT COALESCE(SUM(count), 0) AS n FROM "ApiUsage"`);
    expect(used).toBeGreaterThanOrEqual(6);
    // A quota whose 80 % mark lies one or two calls ahead.
    bot = await startDingTalkBot(dbPath, {
      DINGTALK_MONTHLY_QUOTA: String(Math.floor((used + 2) / 0.8)),
      DINGTALK_CARD_TEMPLATE_ID: 'tpl-decision',
    });
    expect(dbCount(`SELECT COUNT(*) AS n FROM "ApiUsage" WHERE path LIKE '%accessToken%'`)).toBe(0);
    await say('/角色 授予 quota-staff IPB');
    await say('/角色 授予 quota-staff-2 IPB');
    await waitUntil(
      () => dbCount(`SELECT COUNT(*) AS n FROM "OutboxMessage" WHERE dedupeKey LIKE 'api-quota:%'`) > 0,
      15_000,
      'the quota warning',
    );
    expect(
      dbCount(`SELECT COUNT(*) AS n FROM "OutboxMessage" WHERE dedupeKey LIKE 'api-quota:%' AND toUserId = ?`, ADMIN),
    ).toBeGreaterThanOrEqual(1);
    expect(await say('/统计')).toMatch(/钉钉开放接口调用：\d+ \/ \d+ 次/);
  });
});

describe('DingTalk HTTP callback mode', () => {
  it('refuses a bad or stale signature and changes nothing, and answers a signed callback', async () => {
    const path = `${dir.path}/http.db`;
    const httpBot = await startDingTalkBot(path, { DINGTALK_MODE: 'http' });
    try {
      expect(httpBot.address).toContain(DINGTALK_CALLBACK_PATH);
      const wrong = await fake.postRobotCallback(
        httpBot.address,
        { text: '/绑定群 萧山区', senderStaffId: ADMIN, conversationId: 'cidHttp==' },
        'wrong',
      );
      expect(wrong.status).toBe(401);
      const stale = await fake.postRobotCallback(
        httpBot.address,
        { text: '/绑定群 萧山区', senderStaffId: ADMIN, conversationId: 'cidHttp==' },
        'stale',
      );
      expect(stale.status).toBe(401);
      expect(readOnlyQueries(() => path).query(`SELECT COUNT(*) AS n FROM "InboundMessage"`)).toEqual([{ n: 0 }]);

      const before = fake.sent().length;
      const good = await fake.postRobotCallback(
        httpBot.address,
        { text: '/绑定群 萧山区', senderStaffId: ADMIN, conversationId: 'cidHttp==' },
        'valid',
      );
      expect(good.status).toBe(200);
      await waitUntil(
        () =>
          fake
            .sent()
            .slice(before)
            .some((m) => m.via === 'webhook'),
        5000,
        'the webhook reply',
      );
      expect(fake.sent().slice(before).map(textOf).join()).toContain('萧山区');
    } finally {
      await httpBot.stop();
    }
  });

  it("remembers a used (timestamp, sign) pair across a restart: a replay with another body is refused and changes nothing, DingTalk's retry passes", async () => {
    const path = `${dir.path}/http-replay.db`;
    const timestamp = String(Date.now() - 30 * 60_000);
    const headers = { 'content-type': 'application/json', timestamp, sign: computeSign(timestamp, fake.clientSecret) };
    const post = (address: string, input: object) =>
      fetch(address, { method: 'POST', headers, body: JSON.stringify(fake.robotMessageData(input)) });
    const first = { msgId: 'msgReplayFirst==', text: '/帮助', senderStaffId: ADMIN, conversationId: 'cidReplay==' };
    const inboundIds = () =>
      readOnlyQueries(() => path).query(`SELECT "messageId" FROM "InboundMessage" ORDER BY "id"`);

    let httpBot = await startDingTalkBot(path, { DINGTALK_MODE: 'http' });
    const before = fake.sent().length;
    try {
      expect((await post(httpBot.address, first)).status).toBe(200);
      await waitUntil(
        () =>
          fake
            .sent()
            .slice(before)
            .some((m) => m.via === 'webhook'),
        5000,
        'the webhook reply',
      );
    } finally {
      await httpBot.stop();
    }

    httpBot = await startDingTalkBot(path, { DINGTALK_MODE: 'http' });
    try {
      const sentBefore = fake.sent().length;
      const replay = await post(httpBot.address, {
        msgId: 'msgReplayEvil==',
        text: '/绑定群 萧山区',
        senderStaffId: ADMIN,
        conversationId: 'cidReplay==',
      });
      expect(replay.status).toBe(401);
      expect(inboundIds()).toEqual([{ messageId: 'msgReplayFirst==' }]);
      // DingTalk retrying the message it signed is a redelivery: answered, recorded once, not acted on again.
      expect((await post(httpBot.address, first)).status).toBe(200);
      expect(inboundIds()).toEqual([{ messageId: 'msgReplayFirst==' }]);
      expect(fake.sent().length).toBe(sentBefore);

      // Once the timestamp is stale the pair is refused anyway, so its row goes on the next claim.
      const key = `dingtalk:${timestamp}:${headers.sign}`;
      const expiry = new Date(Number(timestamp) + MAX_CLOCK_SKEW_MS);
      const claim = (now: Date) =>
        inTransaction(httpBot.db.prisma, (tx) => claimCallbackSignature(tx, key, 'msgOther==', expiry, now));
      expect(await claim(new Date(expiry.getTime() - 1))).toBe(false);
      expect(await claim(expiry)).toBe(true);
      expect(await httpBot.db.prisma.callbackSignature.findMany({ select: { key: true, messageId: true } })).toEqual([
        { key, messageId: 'msgOther==' },
      ]);
    } finally {
      await httpBot.stop();
    }
  });
});
