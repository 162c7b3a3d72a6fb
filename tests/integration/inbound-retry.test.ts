/**
 * An acknowledged message is never left behind (issue 12, points 1 and 2): processing that fails for
 * an internal reason — another connection holding the SQLite lock, a write error such as a full
 * disk — is retried while the bot runs, a redelivery retries at once, and after the bound the sender
 * is told it did not happen (and it never happens later) while administrators are alerted. SQLite
 * only: another connection's write lock and a trigger standing in for a full disk make the failures.
 * What does not need them (order by receipt, what the inbound table keeps) is inbound-order.test.ts.
 */
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readOnlyQueries } from '../helpers/db.ts';
import { reportEvents } from '../helpers/inbound-events.ts';
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

const report = reportEvents('retry');

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

const inboundStatus = (messageId: string) =>
  query<{ status: string }>('SELECT status FROM InboundMessage WHERE messageId = ?', messageId)[0]?.status;
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
    const sent = await t.client.waitForSent((rows) =>
      rows.some((r) => r.to.conversationId === 'binjiang' && textOf(r.message).includes('首报成功')),
    );
    expect(
      sent.filter((r) => textOf(r.message).includes('杭州锁等待科技有限公司') && r.to.conversationId === 'binjiang'),
    ).toHaveLength(1);
    expect(inboundStatus(event.messageId)).toBe('DONE');
    expect(projectsOf('杭州锁等待科技有限公司')).toBe(1);
  });

  it('after the bound tells the sender it did not happen, alerts administrators, and never acts on it later', async () => {
    await runElsewhere(path, FAIL_INSERTS);
    const messageId = 'disk-full-1';
    const first = await t.client.send(
      'binjiang-li',
      'binjiang',
      '/首报 项目=满盘项目 投资方=杭州满盘科技有限公司 产业链=新能源汽车 投资额=5亿 意向=签订意向书',
      messageId,
    );
    expect(first.map(textOf).join()).toContain('自动重试');
    const sent = await t.client.waitForSent((rows) =>
      rows.some((r) => textOf(r.message).includes('多次自动重试仍未能处理')),
    );
    const answer = sent.find((r) => textOf(r.message).includes('多次自动重试仍未能处理'));
    expect(answer?.to.conversationId).toBe('binjiang');
    expect(textOf(answer!.message)).toContain('/首报 项目=满盘项目');
    expect(
      sent.some(
        (r) =>
          r.to.userId === 'admin' &&
          textOf(r.message).includes('【消息处理失败】') &&
          textOf(r.message).includes('重试 4 次'),
      ),
    ).toBe(true);
    expect(inboundStatus(messageId)).toBe('DONE');

    await runElsewhere(path, 'DROP TRIGGER disk_full;');
    const again = await t.client.send(
      'binjiang-li',
      'binjiang',
      '/首报 项目=满盘项目 投资方=杭州满盘科技有限公司 产业链=新能源汽车 投资额=5亿 意向=签订意向书',
      messageId,
    );
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
      expect((await slow.client.send('binjiang-li', 'binjiang', text, 'redeliver-1')).map(textOf).join()).toContain(
        '自动重试',
      );
      await runElsewhere(file, 'DROP TRIGGER disk_full;');
      await slow.client.send('binjiang-li', 'binjiang', text, 'redeliver-1');
      await slow.client.waitForSent((rows) =>
        rows.some((r) => textOf(r.message).includes('首报成功') && textOf(r.message).includes('杭州重投科技有限公司')),
      );
    } finally {
      await slow.stop();
    }
  });
});
