/**
 * Statement budgets (issue 17): every SQL statement that processing one event sends to SQLite is
 * counted at the driver adapter (src/db/sqlite.ts), so a change that makes a command chattier fails
 * here, however fast the machine.
 *
 * What is counted: the statements of `app.process()` — one transaction. Transaction control
 * (BEGIN IMMEDIATE, COMMIT) is counted apart: it is one pair per event whatever the command does,
 * and costs no query planning. Every event pays two statements of its own — loading its delivery,
 * sender and conversation together, and marking the delivery done with its replies; a command's
 * budget is what it sends beyond those. Recording the delivery (`app.record()`, before the ack) is
 * the inbound edge's and not counted here. Delivering a notice (the outbox dispatcher) has its own
 * budget below.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InboundEvent, Message } from '../../src/app/receiver.ts';
import { textOf } from '../helpers/sim-client.ts';
import { startTestBot, tempDir, type TestBot } from '../helpers/test-bot.ts';

const dir = tempDir();
let t: TestBot;
let counting: string[] | null = null;

/** The event's own statements: its context load and its done-mark. */
const PER_EVENT = 2;
const CONTROL = /^\s*(BEGIN|COMMIT|ROLLBACK)\b/i;

beforeAll(async () => {
  t = await startTestBot(`${dir.path}/bot.db`, { dispatch: false, onStatement: (sql) => counting?.push(sql) });
});

afterAll(async () => {
  await t?.stop();
  dir.remove();
});

/** A new group message. */
function message(userId: string, conversationId: string, text: string): InboundEvent {
  return {
    type: 'message',
    platform: 'local',
    messageId: randomUUID(),
    userId,
    conversationId,
    conversationType: 'group',
    text,
    mentions: [],
  };
}

/** Runs one message through the app and returns its replies and the statements processing it sent. */
async function run(
  userId: string,
  conversationId: string,
  text: string,
): Promise<{ reply: string; statements: string[]; control: string[] }> {
  const event = message(userId, conversationId, text);
  await t.bot.app.record(event);
  const seen: string[] = [];
  counting = seen;
  let replies: Message[];
  try {
    replies = await t.bot.app.process(event);
  } finally {
    counting = null;
  }
  return {
    reply: replies.map(textOf).join('\n'),
    statements: seen.filter((sql) => !CONTROL.test(sql)),
    control: seen.filter((sql) => CONTROL.test(sql)),
  };
}

/** Fails with the statements listed, so a budget overrun shows what was added. */
function expectWithin(statements: string[], budget: number): void {
  const listing = statements.map((sql, i) => `${i + 1}. ${sql.replace(/\s+/g, ' ').slice(0, 160)}`).join('\n');
  expect(
    statements.length,
    `${statements.length} statements (budget ${PER_EVENT} + ${budget}):\n${listing}`,
  ).toBeLessThanOrEqual(PER_EVENT + budget);
}

describe('statement budgets per command (SQLite, counted at the driver)', () => {
  it('/首报 within 6 statements of its own, plus one transaction', async () => {
    // The second report meets the first: the conflict path (rival lines, holder) is the costlier one.
    const first = await run(
      'binjiang-li',
      'binjiang',
      '/首报 项目=芯片设计中心 投资方=杭州预算科技有限公司 产业链=集成电路 投资额=5亿 意向=实地考察',
    );
    expect(first.reply).toContain('首报成功');
    expectWithin(first.statements, 6);
    expect(first.control).toEqual(['BEGIN IMMEDIATE', 'COMMIT']);
    const second = await run(
      'binjiang-li',
      'binjiang',
      '/首报 项目=芯片封装基地 投资方=杭州预算科技有限公司 产业链=数字安防 投资额=3亿 意向=实地考察',
    );
    expect(second.reply).toContain('首报成功');
    expectWithin(second.statements, 6);
  });

  it('/帮助 sends nothing beyond the event itself', async () => {
    const { reply, statements } = await run('binjiang-li', 'binjiang', '/帮助');
    expect(reply).toContain('可用命令');
    expectWithin(statements, 0);
  });

  it('/查重 reads with one statement', async () => {
    const { reply, statements } = await run('binjiang-li', 'binjiang', '/查重 杭州预算科技有限公司');
    expect(reply).toContain('ZS-');
    expectWithin(statements, 1);
  });

  it('/项目 <编号> reads with at most 2 statements', async () => {
    const { reply, statements } = await run('binjiang-li', 'binjiang', '/项目 ZS-2026-0001');
    expect(reply).toContain('芯片设计中心');
    expectWithin(statements, 2);
  });

  it('the ledgers read within 2: /台账 (responsibility matrix) and /项目 (projects of the unit)', async () => {
    const matrix = await run('binjiang-li', 'binjiang', '/台账');
    expect(matrix.reply).toContain('责任分解');
    expectWithin(matrix.statements, 2);
    const projects = await run('binjiang-li', 'binjiang', '/项目');
    expect(projects.reply).toContain('ZS-2026-0001');
    expectWithin(projects.statements, 2);
  });

  it('an unregistered sender costs only the event itself', async () => {
    const { reply, statements } = await run('stranger', 'binjiang', '/帮助');
    expect(reply).toContain('stranger');
    expectWithin(statements, 0);
  });

  it('events processed together share one transaction and take no savepoint, a refusal before writing included', async () => {
    const sent: [string, string, string][] = [
      ['binjiang-li', 'binjiang', '/帮助'],
      ['admin', 'city', '/首报 项目=火星基地 投资方=杭州远航科技有限公司 产业链=集成电路 投资额=5亿 意向=实地考察'],
      ['binjiang-li', 'binjiang', '/查重 杭州预算科技有限公司'],
    ];
    const events = sent.map(([userId, conversationId, text]) => message(userId, conversationId, text));
    for (const event of events) await t.bot.app.record(event);
    const seen: string[] = [];
    counting = seen;
    let replies: Message[][];
    try {
      replies = await Promise.all(events.map((event) => t.bot.app.process(event)));
    } finally {
      counting = null;
    }
    expect(replies.map((answer) => answer.map(textOf).join('\n'))).toEqual([
      expect.stringContaining('可用命令'),
      expect.stringContaining('没有使用 /首报 的权限'),
      expect.stringContaining('ZS-'),
    ]);
    expect(seen.filter((sql) => CONTROL.test(sql))).toEqual(['BEGIN IMMEDIATE', 'COMMIT']);
    // Three context loads, /查重's read, the refusal's own delivery read, one done-mark for all three.
    expect(seen.filter((sql) => /SAVEPOINT|ROLLBACK TO/i.test(sql))).toEqual([]);
    expectWithin(
      seen.filter((sql) => !CONTROL.test(sql)),
      2 * PER_EVENT + 2,
    );
  });

  it('delivering a notice: one statement claims it, one checks what waits ahead of it, one marks it sent', async () => {
    await t.bot.dispatcher.drain();
    await run(
      'binjiang-li',
      'binjiang',
      '/首报 项目=物流枢纽 投资方=杭州投递科技有限公司 产业链=集成电路 投资额=2亿 意向=实地考察',
    );
    const seen: string[] = [];
    counting = seen;
    try {
      expect(await t.bot.dispatcher.drain()).toBe(1);
    } finally {
      counting = null;
    }
    const statements = seen.filter((sql) => !CONTROL.test(sql));
    const listing = statements.map((sql) => sql.replace(/\s+/g, ' ').slice(0, 100)).join('\n');
    // Claim + blocked check, the simulator's own record of what it showed, the delivered mark; a claim
    // short of a full batch took everything due, so no second, empty claim follows.
    expect(statements, listing).toHaveLength(4);
    expect(
      statements.filter((sql) => /^\s*UPDATE "OutboxMessage"/.test(sql)),
      listing,
    ).toHaveLength(2);
  });

  it('a refused command rolls back after the event load alone', async () => {
    const { reply, statements, control } = await run(
      'admin',
      'city',
      '/首报 项目=火星基地 投资方=杭州远航科技有限公司 产业链=集成电路 投资额=5亿 意向=实地考察',
    );
    expect(reply).toContain('没有使用 /首报 的权限');
    // The refusal is settled in a second transaction: load, done-mark (the refused one only loaded).
    expect(statements.length).toBeLessThanOrEqual(3);
    expect(control).toEqual(['BEGIN IMMEDIATE', 'ROLLBACK', 'BEGIN IMMEDIATE', 'COMMIT']);
  });
});
