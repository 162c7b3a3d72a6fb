/**
 * An acknowledged message is never left behind (issue 12, points 1 and 2): processing that fails for
 * an internal reason — another connection holding the SQLite lock, a write error such as a full
 * disk — is retried while the bot runs, a redelivery retries at once, and after the bound the sender
 * is told it did not happen (and it never happens later) while administrators are alerted. Rival
 * reports are ordered by when they were received, and recovery goes before new messages.
 */
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InboundEvent } from '../../src/app/receiver.ts';
import { INBOUND_RETENTION_DAYS, purgeProcessedInbound } from '../../src/services/inbound-retention.ts';
import { readOnlyQueries } from '../helpers/db.ts';
import { textOf } from '../helpers/sim-client.ts';
import { startTestBot, tempDir, type TestBot } from '../helpers/test-bot.ts';

const dir = tempDir();
const path = `${dir.path}/retry.db`;
const { query, count } = readOnlyQueries(() => path);
let t: TestBot;

beforeAll(async () => {
  t = await startTestBot(path, { lockWaitMs: 150, retryDelaysMs: [150, 150, 150] });
});
afterAll(async () => {
  await t.stop();
  dir.remove();
});

let seq = 0;
function report(investor: string, over: Partial<InboundEvent> = {}): InboundEvent {
  seq += 1;
  return {
    type: 'message',
    platform: 'simulator',
    messageId: `retry-${seq}`,
    userId: 'binjiang-li',
    conversationId: 'binjiang',
    conversationType: 'group',
    text: `/首报 项目=测试项目${seq} 投资方=${investor} 产业链=新能源汽车 投资额=5亿 意向=签订意向书`,
    mentions: [],
    ...over,
  } as InboundEvent;
}

/**
 * A second connection that takes the write lock, as another process on the same file would. It
 * waits for the bot asynchronously: a synchronous busy wait here would freeze the bot's own commit.
 */
async function otherConnection(file: string): Promise<Database.Database> {
  const db = new Database(file, { timeout: 0 });
  for (;;) {
    try {
      db.exec('BEGIN IMMEDIATE');
      return db;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }
}

async function runElsewhere(file: string, sql: string): Promise<void> {
  const db = await otherConnection(file);
  db.exec(sql);
  db.exec('COMMIT');
  db.close();
}

const inboundStatus = (messageId: string) => query<{ status: string }>('SELECT status FROM InboundMessage WHERE messageId = ?', messageId)[0]?.status;
const projectsOf = (investor: string) => count('SELECT count(*) AS n FROM Project WHERE investorName = ?', investor);
const FAIL_INSERTS = `CREATE TRIGGER disk_full BEFORE INSERT ON "Project" BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END;`;

describe('processing that fails after the acknowledgement', () => {
  it('is retried while the bot runs once another connection releases its lock, and the answer follows', async () => {
    const event = report('杭州锁等待科技有限公司');
    expect(await t.bot.app.record(event)).toBe(true);
    const holder = await otherConnection(path);
    const replies = await t.bot.app.process(event);
    expect(replies.map(textOf).join()).toContain('自动重试');
    expect(inboundStatus(event.messageId)).toBe('RECEIVED');
    holder.exec('COMMIT');
    holder.close();
    const sent = await t.client.waitForSent((rows) => rows.some((r) => r.to.conversationId === 'binjiang' && textOf(r.message).includes('首报成功')));
    expect(sent.filter((r) => textOf(r.message).includes('杭州锁等待科技有限公司') && r.to.conversationId === 'binjiang')).toHaveLength(1);
    expect(inboundStatus(event.messageId)).toBe('DONE');
    expect(projectsOf('杭州锁等待科技有限公司')).toBe(1);
  });

  it('after the bound tells the sender it did not happen, alerts administrators, and never acts on it later', async () => {
    await runElsewhere(path, FAIL_INSERTS);
    const messageId = 'disk-full-1';
    const first = await t.client.send('binjiang-li', 'binjiang', '/首报 项目=满盘项目 投资方=杭州满盘科技有限公司 产业链=新能源汽车 投资额=5亿 意向=签订意向书', messageId);
    expect(first.map(textOf).join()).toContain('自动重试');
    const sent = await t.client.waitForSent((rows) => rows.some((r) => textOf(r.message).includes('多次自动重试仍未能处理')));
    const answer = sent.find((r) => textOf(r.message).includes('多次自动重试仍未能处理'));
    expect(answer?.to.conversationId).toBe('binjiang');
    expect(textOf(answer!.message)).toContain('/首报 项目=满盘项目');
    expect(sent.some((r) => r.to.userId === 'admin' && textOf(r.message).includes('【消息处理失败】') && textOf(r.message).includes('重试 4 次'))).toBe(true);
    expect(inboundStatus(messageId)).toBe('DONE');

    await runElsewhere(path, 'DROP TRIGGER disk_full;');
    const again = await t.client.send('binjiang-li', 'binjiang', '/首报 项目=满盘项目 投资方=杭州满盘科技有限公司 产业链=新能源汽车 投资额=5亿 意向=签订意向书', messageId);
    expect(again.map(textOf).join()).toContain('多次自动重试仍未能处理');
    expect(await t.bot.app.recoverUnprocessed()).toBe(0);
    expect(projectsOf('杭州满盘科技有限公司')).toBe(0);
  });

  it('is tried again at once when the platform redelivers it', async () => {
    const slow = await startTestBot(`${dir.path}/redeliver.db`, { retryDelaysMs: [600_000] });
    try {
      const file = `${dir.path}/redeliver.db`;
      await runElsewhere(file, FAIL_INSERTS);
      const text = '/首报 项目=重投项目 投资方=杭州重投科技有限公司 产业链=新能源汽车 投资额=5亿 意向=签订意向书';
      expect((await slow.client.send('binjiang-li', 'binjiang', text, 'redeliver-1')).map(textOf).join()).toContain('自动重试');
      await runElsewhere(file, 'DROP TRIGGER disk_full;');
      await slow.client.send('binjiang-li', 'binjiang', text, 'redeliver-1');
      await slow.client.waitForSent((rows) => rows.some((r) => textOf(r.message).includes('首报成功') && textOf(r.message).includes('杭州重投科技有限公司')));
    } finally {
      await slow.stop();
    }
  });
});

describe('first come, by receipt', () => {
  it('dates a report by when it was received, not when it was processed', async () => {
    const receivedAt = t.clock.now();
    const event = report('杭州先到科技有限公司');
    await t.bot.app.record(event);
    t.clock.advance(3 * 60 * 60_000);
    const reply = (await t.bot.app.process(event)).map(textOf).join();
    const row = query<{ reportedAt: string }>('SELECT reportedAt FROM Project WHERE investorName = ?', '杭州先到科技有限公司')[0];
    expect(new Date(row!.reportedAt).getTime()).toBe(receivedAt.getTime());
    expect(reply).not.toContain('首报失败');
  });

  it('finishes recovering what was acknowledged before a restart before it processes new messages', async () => {
    const old = report('杭州早到科技有限公司');
    await t.bot.app.record(old);
    const recovering = t.bot.app.recoverUnprocessed();
    const fresh = report('杭州晚到科技有限公司', { userId: 'xiaoshan-wang', conversationId: 'xiaoshan' });
    await t.bot.app.record(fresh);
    await Promise.all([recovering, t.bot.app.process(fresh)]);
    const codes = query<{ investorName: string; code: string }>('SELECT investorName, code FROM Project WHERE investorName IN (?, ?) ORDER BY code', '杭州早到科技有限公司', '杭州晚到科技有限公司');
    expect(codes.map((c) => c.investorName)).toEqual(['杭州早到科技有限公司', '杭州晚到科技有限公司']);
  });
});

describe('what the inbound table keeps', () => {
  it('keeps a refused delivery short: a huge pasted text is cut, the answer to a redelivery stays the same', async () => {
    const event = report('x', { text: `/首报 ${'很长的内容'.repeat(20_000)}` });
    await t.bot.app.record(event);
    const first = await t.bot.app.process(event);
    expect(first.map(textOf).join()).toContain('4000');
    const row = query<{ payload: string }>('SELECT payload FROM InboundMessage WHERE messageId = ?', event.messageId)[0];
    expect(row!.payload.length).toBeLessThan(8_000);
    expect(row!.payload).toContain(`truncated from ${event.type === 'message' ? event.text.length : 0} characters`);
    expect(await t.bot.app.process(event)).toEqual(first);
  });

  it('forgets processed deliveries after the redelivery window, never unprocessed ones', async () => {
    const waiting = report('杭州未处理科技有限公司');
    await t.bot.app.record(waiting);
    const done = count("SELECT count(*) AS n FROM InboundMessage WHERE status = 'DONE'");
    expect(done).toBeGreaterThan(0);
    const later = new Date(t.clock.now().getTime() + (INBOUND_RETENTION_DAYS * 24 + 4) * 60 * 60_000);
    expect(await purgeProcessedInbound(t.bot.db.prisma, new Date(t.clock.now().getTime() + 60_000))).toBe(0);
    expect(await purgeProcessedInbound(t.bot.db.prisma, later)).toBe(done);
    expect(inboundStatus(waiting.messageId)).toBe('RECEIVED');
    expect(count('SELECT count(*) AS n FROM AuditEvent')).toBeGreaterThan(0);
  });
});
