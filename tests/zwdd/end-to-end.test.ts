import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBot, type RunningBot } from '../../src/bot.ts';
import { loadConfig } from '../../src/config.ts';
import { FixedClock } from '../../src/lib/clock.ts';
import { createLogger } from '../../src/lib/logger.ts';
import { readOnlyQueries } from '../helpers/db.ts';
import { tempDir } from '../helpers/test-bot.ts';
import { robotCallback } from './fixtures.ts';
import { ZwddProtocolServer, type RobotMessage } from './protocol-server.ts';

/**
 * The whole bot with PLATFORM=zwdd against our 浙政钉 gateway: callbacks in, robot messages, 工作通知 and
 * 待办 out, every request's signature checked by the server. The demo organisation's ids stand in for
 * accountIds and chatIds. Nothing of the adapter is mocked.
 */

const dir = tempDir('yipanqi-zwdd-');
const dbPath = `${dir.path}/bot.db`;
const { query, count } = readOnlyQueries(() => dbPath);
// 2026-11-30 10:00 in Shanghai: the matrix's next 30-day reminders fall due on 2026-12-01 09:00.
const clock = new FixedClock(new Date('2026-11-30T02:00:00Z'));
let server: ZwddProtocolServer;
let bot: RunningBot;

/** Polls `condition`; the bot's clock stands still, so it is moved on a little each time to let retries fall due. */
async function waitUntil(condition: () => boolean, what: string, timeoutMs = 8000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    clock.advance(1000);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const pending = () => count(`SELECT COUNT(*) AS n FROM "OutboxMessage" WHERE status = 'PENDING'`);
const settle = () => waitUntil(() => pending() === 0, 'the outbox to drain');

const bodyText = (m: RobotMessage) =>
  `${String(m.msgBody.title ?? '')}\n${String(m.msgBody.text ?? m.msgBody.content ?? '')}`;
const groupTexts = (chatId: string, since: number) =>
  server.robotMessages
    .slice(since)
    .filter((m) => m.chatId === chatId)
    .map(bodyText)
    .join('\n');
const notificationsTo = (accountId: string, since: number) =>
  server.notifications
    .slice(since)
    .filter((n) => n.receiverIds.includes(accountId))
    .map((n) => JSON.stringify(n.msg))
    .join('\n');

/** Sends a callback from `userId` in a group (or the one-to-one chat) and waits for the robot's answer there. */
async function say(userId: string, conversationId: string | 'direct', text: string): Promise<string> {
  const direct = conversationId === 'direct';
  const before = server.robotMessages.length;
  const answer = await server.pushCallback(
    bot.address,
    robotCallback({ text, from: userId, name: userId, direct, ...(direct ? {} : { conversationId }) }),
  );
  expect(answer.status).toBe(200);
  const answered = (m: RobotMessage) => (direct ? m.accountId === userId : m.chatId === conversationId);
  await waitUntil(() => server.robotMessages.slice(before).some(answered), `an answer to ${text}`);
  return server.robotMessages.slice(before).filter(answered).map(bodyText).join('\n');
}

beforeAll(async () => {
  server = await ZwddProtocolServer.start();
  const config = loadConfig({
    PLATFORM: 'zwdd',
    ZWDD_APP_KEY: server.appKey,
    ZWDD_APP_SECRET: server.appSecret,
    ZWDD_TENANT_ID: server.tenantId,
    ZWDD_API_BASE: server.apiBase,
    ADMIN_USER_IDS: 'admin',
    DEMO_SEED: '1',
    DATABASE_URL: `file:${dbPath}`,
    PORT: '0',
    LOG_LEVEL: 'silent',
  });
  bot = await startBot(config, { clock, logger: createLogger('silent'), dispatcherPollMs: 20, coalesceWindowMs: 0 });
  await settle();
});

afterAll(async () => {
  await bot.stop();
  await server.close();
  dir.remove();
});

describe('浙政钉 end to end (PLATFORM=zwdd against the protocol server)', () => {
  it('listens on ZWDD_CALLBACK_PATH beside the ops routes, proved its credentials with a token at start, and signed every call correctly', async () => {
    expect(bot.address).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/zwdd\/callback$/);
    const ready = await fetch(bot.address.replace('/zwdd/callback', '/readyz'));
    expect(ready.status).toBe(200);
    expect(server.tokenRequests).toBe(1);
    expect(server.rejected).toEqual([]);
  });

  it('opened a 待办 for each matrix deadline’s lead officers at start, due that day, with the command to type', () => {
    const item2 = server.tasks.filter((t) => t.subject.startsWith('台账第2项'));
    expect(item2.map((t) => t.assigneeId).sort()).toEqual(['ipb-liu', 'ipb-zhang']);
    expect(new Date(Number(item2[0]!.dueTime)).toISOString()).toBe('2027-07-31T10:00:00.000Z');
    expect(item2[0]!.remarks).toContain('/台账 完成 2 依据=<文号或说明>');
    expect(decodeURIComponent(item2[0]!.url)).toContain('/台账 完成 2');
    // 常态化 items are never overdue: no to-do for their quarterly check-ins.
    expect(server.tasks.some((t) => t.subject.startsWith('台账第9项'))).toBe(false);
  });

  it('flow 1: a report, IPB’s decision shown as commands to type, then the holder and the city group told', async () => {
    const report = await say(
      'binjiang-li',
      'binjiang',
      '/首报 项目=安防芯片 投资方=杭州明眸视觉科技有限公司 产业链=数字安防 投资额=3亿 意向=签订意向书',
    );
    const code = /ZS-2026-\d{4}/.exec(report)?.[0];
    expect(code).toBeDefined();
    await settle();
    // No interactive cards on 浙政钉: the review card lists the exact commands.
    expect(groupTexts('ipb', 0)).toContain(`\`/审核 ${code} 通过\``);

    await say('ipb-zhang', 'ipb', `/征询 ${code} 投资方确认在滨江区落地`);
    const before = server.robotMessages.length;
    expect(await say('ipb-zhang', 'ipb', `/审核 ${code} 通过`)).toContain(code);
    await settle();
    expect(groupTexts('city', before)).toContain(code);
    expect(groupTexts('binjiang', before)).toContain(code);

    // The holder's officers get a 待办 due when the first-negotiation period ends, finished once signed.
    await waitUntil(() => server.tasks.some((t) => t.subject.includes(code!)), 'the exclusivity 待办');
    const task = server.tasks.find((t) => t.subject.includes(code!))!;
    expect(task).toMatchObject({ assigneeId: 'binjiang-li', status: 'open' });
    expect(task.remarks).toContain(`/进展 ${code} 签约`);
    await say('binjiang-li', 'binjiang', `/进展 ${code} 签约 已签订投资协议`);
    await waitUntil(() => task.status !== 'open', 'the exclusivity 待办 to close');
    expect(task.status).toBe('finished');
  });

  it('flows 2 and 4: a transfer’s reviewers get 待办, each vote finishes its seat’s, and the outcome reaches every party', async () => {
    const applied = await say(
      'xiaoshan-wang',
      'xiaoshan',
      '/流转 企业=杭州甲乙科技有限公司 产业链=集成电路 迁出=滨江区 迁入=萧山区 理由=扩大产能需新增用地 分成=30%/5年',
    );
    const code = /LZ-2026-\d{4}/.exec(applied)?.[0];
    expect(code).toBeDefined();
    await waitUntil(() => server.tasks.filter((t) => t.subject.includes(code!)).length === 5, 'five reviewer 待办');
    const tasks = () => server.tasks.filter((t) => t.subject.includes(code!));
    expect(
      tasks()
        .map((t) => t.assigneeId)
        .sort(),
    ).toEqual(['audit-qian', 'finance-zhao', 'industry-sun', 'ipb-liu', 'ipb-zhang']);
    expect(tasks()[0]!.remarks).toContain(`/评审 ${code} 同意|不同意|补充材料 <意见>`);

    await say('ipb-zhang', 'ipb', `/评审 ${code} 同意 符合导引`);
    // The IPB seat has voted: both IPB officers' to-dos are finished, the others stay open.
    await waitUntil(() => tasks().filter((t) => t.status === 'finished').length === 2, 'the IPB seat’s 待办 to finish');
    expect(
      tasks()
        .filter((t) => t.status === 'finished')
        .map((t) => t.assigneeId)
        .sort(),
    ).toEqual(['ipb-liu', 'ipb-zhang']);

    await say('finance-zhao', 'finance', `/评审 ${code} 同意`);
    await say('audit-qian', 'audit', `/评审 ${code} 同意`);
    const before = server.robotMessages.length;
    await say('industry-sun', 'industry', `/评审 ${code} 同意`);
    await settle();
    for (const chat of ['city', 'binjiang', 'xiaoshan']) expect(groupTexts(chat, before)).toContain(code);
    await waitUntil(() => tasks().every((t) => t.status === 'finished'), 'every reviewer 待办 to finish');
  });

  it('flow 3: a matrix reminder reaches the lead unit’s bound chat at 09:00; completing the item finishes its 待办', async () => {
    const before = server.robotMessages.length;
    clock.set(new Date('2026-12-01T01:00:00Z'));
    await bot.scheduler.runAll(clock.now());
    await settle();
    expect(groupTexts('ipb', before)).toMatch(/台账提醒[\s\S]*还有 30 天/);

    const item3 = () => server.tasks.filter((t) => t.subject.startsWith('台账第3项'));
    const current = item3();
    expect(current.map((t) => t.status)).toEqual(['open', 'open']);
    await say('ipb-zhang', 'ipb', '/台账 完成 3 依据=2026年度平台评价结果');
    await waitUntil(() => current.every((t) => t.status === 'finished'), 'the item 3 待办 to finish');
    // The yearly item's next cycle is the lead officers' next 待办.
    await waitUntil(() => item3().length === 4, 'the next cycle’s 待办');
    expect(
      item3()
        .slice(2)
        .map((t) => [t.status, t.subject.includes('2027')]),
    ).toEqual([
      ['open', true],
      ['open', true],
    ]);
  });

  it('answers a one-to-one message in that chat, and sends personal notices as 工作通知 that never repeat content', async () => {
    expect(await say('binjiang-li', 'direct', '/帮助')).toContain('/首报');
    const since = server.notifications.length;
    await say('admin', 'city', '/角色 授予 binjiang-li IPB');
    await say('admin', 'city', '/角色 撤销 binjiang-li IPB');
    await say('admin', 'city', '/角色 授予 binjiang-li IPB');
    await settle();
    const mine = server.notifications.slice(since).filter((n) => n.receiverIds.includes('binjiang-li'));
    expect(mine.length).toBeGreaterThanOrEqual(3);
    // Two grants of the same role read the same, yet each was shown: the footer keeps them apart.
    expect(mine.every((n) => n.shown && n.msgBytes <= 2048)).toBe(true);
    expect(notificationsTo('binjiang-li', since)).toContain('2026年12月1日');
  });

  it('refuses a tampered or stale callback signature and changes nothing', async () => {
    const tables = ['InboundMessage', 'OutboxMessage', 'AuditEvent', 'Project', 'DeadlineTask'];
    const snapshot = () => tables.map((table) => count(`SELECT COUNT(*) AS n FROM "${table}"`));
    const before = snapshot();
    const robotBefore = server.robotMessages.length;
    const body = robotCallback({
      text: '/首报 项目=篡改 投资方=某公司 产业链=数字安防 投资额=1亿 意向=实地考察',
      from: 'binjiang-li',
      conversationId: 'binjiang',
    });
    const timestamp = Date.now();
    const good = ZwddProtocolServer.callbackSign(String(timestamp), server.appSecret);
    expect(
      (
        await server.pushCallback(bot.address, body, {
          timestamp,
          sign: good.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')),
        })
      ).status,
    ).toBe(401);
    expect((await server.pushCallback(bot.address, body, { timestamp: timestamp - 2 * 3600_000 })).status).toBe(401);
    expect((await server.pushCallback(bot.address, body, { secret: 'someone-else' })).status).toBe(401);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(snapshot()).toEqual(before);
    expect(server.robotMessages.length).toBe(robotBefore);
  });

  it('acts once on a redelivered callback', async () => {
    const body = robotCallback({ text: '/帮助', from: 'ipb-liu', conversationId: 'ipb' });
    const before = server.robotMessages.length;
    expect((await server.pushCallback(bot.address, body)).status).toBe(200);
    expect((await server.pushCallback(bot.address, body)).status).toBe(200);
    await settle();
    // /帮助 is long enough to be split into parts "(1/2)", "(2/2)"; acting twice would repeat every part.
    const titles = server.robotMessages
      .slice(before)
      .filter((m) => m.chatId === 'ipb')
      .map((m) => JSON.stringify(m.msgBody));
    expect(titles.length).toBeGreaterThan(0);
    expect(new Set(titles).size).toBe(titles.length);
  });

  it('creates nothing twice when the answer to a 工作通知 or a 待办 is lost and the call is retried with the same key', async () => {
    const notices = server.notifications.length;
    const tasks = server.tasks.length;
    server.failNext('/message/workNotification', { kind: 'apply-then-drop' });
    server.failNext('/tc/v2/openapi/task/create.json', { kind: 'apply-then-drop' });
    // A role grant is told to its holder as a 工作通知; a grant of exclusivity opens the holder's 待办.
    await say('admin', 'city', '/角色 授予 xiaoshan-wang AUDIT');
    const report = await say(
      'xiaoshan-wang',
      'xiaoshan',
      '/首报 项目=整车工厂 投资方=杭州远航汽车有限公司 产业链=新能源汽车 投资额=20亿 意向=多轮洽谈',
    );
    const code = /ZS-2026-\d{4}/.exec(report)![0];
    await say('ipb-zhang', 'ipb', `/征询 ${code} 投资方确认`);
    await say('ipb-zhang', 'ipb', `/审核 ${code} 通过`);
    await waitUntil(
      () => server.tasks.some((t) => t.subject.includes(code) && t.assigneeId === 'xiaoshan-wang'),
      'the 待办',
    );
    await settle();
    const bizMsgIds = server.notifications.slice(notices).map((n) => n.bizMsgId);
    expect(new Set(bizMsgIds).size).toBe(bizMsgIds.length);
    const bizTaskIds = server.tasks.slice(tasks).map((t) => t.bizTaskId);
    expect(new Set(bizTaskIds).size).toBe(bizTaskIds.length);
    // Both cut-off calls were retried with their first key, and the gateway saw each key repeated once.
    expect(server.faultsLeft('/message/workNotification') + server.faultsLeft('/tc/v2/openapi/task/create.json')).toBe(
      0,
    );
    expect(server.repeatedKeys.filter((key) => bizMsgIds.includes(key))).toHaveLength(1);
    expect(server.repeatedKeys.filter((key) => bizTaskIds.includes(key))).toHaveLength(1);
    // The stored taskUuid is the one the gateway gave: finishing works after the lost answer.
    const stored = query<{ taskUuid: string | null }>(
      `SELECT "taskUuid" FROM "PlatformTask" WHERE "platformId" LIKE ?`,
      `%exclusivity:%:xiaoshan-wang`,
    );
    expect(stored.length).toBeGreaterThan(0);
    expect(stored.every((row) => row.taskUuid !== null)).toBe(true);
  });

  it('loses and doubles nothing through 5xx, throttling and an expired token', async () => {
    server.expireTokens();
    server.failNext('/robot/message/sendgroup', { kind: 'status', status: 503 });
    server.failNext('/robot/message/sendgroup', { kind: 'status', status: 429, retryAfterS: 0 });
    const before = server.robotMessages.length;
    const pushed = await server.pushCallback(
      bot.address,
      robotCallback({ text: '/帮助 首报', from: 'binjiang-li', conversationId: 'binjiang' }),
    );
    expect(pushed.status).toBe(200);
    await waitUntil(
      () => server.robotMessages.slice(before).some((m) => m.chatId === 'binjiang'),
      'the answer after two failures',
      15000,
    );
    await settle();
    expect(server.robotMessages.slice(before).filter((m) => m.chatId === 'binjiang')).toHaveLength(1);
    expect(count(`SELECT COUNT(*) AS n FROM "OutboxMessage" WHERE status = 'DEAD'`)).toBe(0);
  });

  it('counts its gateway calls for /统计', async () => {
    // The meter writes its counts every two seconds.
    await waitUntil(() => count(`SELECT COUNT(*) AS n FROM "ApiUsage"`) > 0, 'the call counts to be written');
    const calls = /浙政钉开放接口调用：(\d+) 次/.exec(await say('ipb-zhang', 'ipb', '/统计'));
    expect(Number(calls?.[1])).toBeGreaterThan(0);
  });

  it('every call the bot made passed the server’s signature, timestamp and nonce checks', () => {
    expect(server.rejected).toEqual([]);
  });
});
