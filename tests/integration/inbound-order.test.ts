/**
 * Acknowledged messages in order (issue 12, point 2), on either database: rival reports are dated by
 * when they were received, recovery goes before new messages, and the inbound table keeps a refused
 * delivery short and forgets processed deliveries after the redelivery window, never unprocessed ones.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INBOUND_RETENTION_DAYS, purgeProcessedInbound } from '../../src/services/inbound-retention.ts';
import { readOnlyQueries } from '../helpers/db.ts';
import { reportEvents } from '../helpers/inbound-events.ts';
import { textOf } from '../helpers/sim-client.ts';
import { startTestBot, tempDir, type TestBot } from '../helpers/test-bot.ts';

const dir = tempDir();
const path = `${dir.path}/order.db`;
const { query, count } = readOnlyQueries(() => path);
let t: TestBot;

beforeAll(async () => {
  t = await startTestBot(path);
});
afterAll(async () => {
  await t.stop();
  dir.remove();
});

const report = reportEvents('order');
const inboundStatus = (messageId: string) =>
  query<{ status: string }>('SELECT status FROM InboundMessage WHERE messageId = ?', messageId)[0]?.status;

describe('first come, by receipt', () => {
  it('dates a report by when it was received, not when it was processed', async () => {
    const receivedAt = t.clock.now();
    const event = report('杭州先到科技有限公司');
    await t.bot.app.record(event);
    t.clock.advance(3 * 60 * 60_000);
    const reply = (await t.bot.app.process(event)).map(textOf).join();
    const row = query<{ reportedAt: string }>(
      'SELECT reportedAt FROM Project WHERE investorName = ?',
      '杭州先到科技有限公司',
    )[0];
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
    const codes = query<{ investorName: string; code: string }>(
      'SELECT investorName, code FROM Project WHERE investorName IN (?, ?) ORDER BY code',
      '杭州早到科技有限公司',
      '杭州晚到科技有限公司',
    );
    expect(codes.map((c) => c.investorName)).toEqual(['杭州早到科技有限公司', '杭州晚到科技有限公司']);
  });
});

describe('what the inbound table keeps', () => {
  it('keeps a refused delivery short: a huge pasted text is cut, the answer to a redelivery stays the same', async () => {
    const event = report('x', { text: `/首报 ${'很长的内容'.repeat(20_000)}` });
    await t.bot.app.record(event);
    const first = await t.bot.app.process(event);
    expect(first.map(textOf).join()).toContain('4000');
    const row = query<{ payload: string }>(
      'SELECT payload FROM InboundMessage WHERE messageId = ?',
      event.messageId,
    )[0];
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
