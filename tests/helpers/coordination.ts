/**
 * Shared steps of the coordination integration tests (市级主谈, 一事一议, land, energy, funds, platforms):
 * a bot on its own database, commands and clicks that return the reply and the notices they caused,
 * read-only SQL on the database (SQLite or PostgreSQL, tests/helpers/db.ts), and the 首报首谈 steps that put
 * a project where a test needs it.
 */
import { expect } from 'vitest';
import type { Message } from '../../src/app/receiver.ts';
import { readOnlyQueries } from './db.ts';
import { textOf, type SentRow } from './sim-client.ts';
import { startTestBot, tempDir, type TestBot } from './test-bot.ts';

export interface Harness {
  t: TestBot;
  now(): Date;
  query<T>(sql: string, ...params: unknown[]): T[];
  count(sql: string, ...params: unknown[]): number;
  /** Waits until every queued notice has been delivered to the simulator. */
  settle(): Promise<void>;
  run(
    userId: string,
    conversationId: string,
    text: string,
  ): Promise<{ reply: string; replies: Message[]; sent: SentRow[] }>;
  click(
    userId: string,
    conversationId: string,
    button: { actionId: string; value: string },
  ): Promise<{ reply: string; sent: SentRow[] }>;
  /** Moves the simulator clock (running every job due) and returns what was delivered meanwhile. */
  moveClock(to: Date): Promise<SentRow[]>;
  tick(ms?: number): Promise<void>;
  /** Reports a project and returns its code. */
  report(userId: string, conversationId: string, fields: string): Promise<string>;
  /** Reports, consults and grants: the project is EXCLUSIVE for the reporter's unit. */
  exclusive(userId: string, conversationId: string, fields: string): Promise<string>;
  /** Asserts that a command changed nothing: no audit event, no notice, the given tables as they were. */
  unchanged(tables: string[], action: () => Promise<{ reply: string; sent: SentRow[] }>): Promise<string>;
  stop(): Promise<void>;
}

export async function startHarness(start = new Date('2026-11-26T01:00:00Z')): Promise<Harness> {
  const dir = tempDir();
  let now = start;
  const t = await startTestBot(`${dir.path}/bot.db`, { now, env: { SIMULATOR_CLOCK: '1' } });

  const { query, count } = readOnlyQueries(() => t.dbPath);

  const settle = () => t.settle();
  const lastSentId = async () => {
    await settle();
    return (await t.client.sent()).at(-1)?.id ?? 0;
  };
  const sentSince = async (after: number) => {
    await settle();
    return t.client.sent(after);
  };

  const run = async (userId: string, conversationId: string, text: string) => {
    const mark = await lastSentId();
    const replies = await t.client.send(userId, conversationId, text);
    return { reply: replies.map(textOf).join('\n---\n'), replies, sent: await sentSince(mark) };
  };
  const click = async (userId: string, conversationId: string, button: { actionId: string; value: string }) => {
    const mark = await lastSentId();
    const replies = await t.client.click(userId, conversationId, button.actionId, button.value);
    return { reply: replies.map(textOf).join('\n---\n'), sent: await sentSince(mark) };
  };
  const moveClock = async (to: Date) => {
    const mark = await lastSentId();
    now = to;
    await t.client.post('/api/clock', { now: to.toISOString() });
    return sentSince(mark);
  };
  const tick = async (ms = 60_000) => {
    await moveClock(new Date(now.getTime() + ms));
  };

  const report = async (userId: string, conversationId: string, fields: string) => {
    await tick();
    const { reply } = await run(userId, conversationId, `/首报 ${fields}`);
    const code = /首报成功：\*\*(ZS-\d{4}-\d{4,})\*\*/.exec(reply)?.[1];
    if (code === undefined) throw new Error(`not an accepted report: ${reply}`);
    return code;
  };
  const exclusive = async (userId: string, conversationId: string, fields: string) => {
    const code = await report(userId, conversationId, fields);
    expect(await t.client.say('ipb-zhang', 'ipb', `/征询 ${code} 投资方同意`)).toContain('已记录');
    expect(await t.client.say('ipb-zhang', 'ipb', `/审核 ${code} 通过`)).toContain('已赋予');
    return code;
  };

  const snapshot = (tables: string[]) => ({
    audits: count('SELECT COUNT(*) AS n FROM "AuditEvent"'),
    // In a stable order on both databases (PostgreSQL has no rowid): the rows' text.
    rows: Object.fromEntries(
      tables.map((table) => [
        table,
        query(`SELECT * FROM "${table}"`)
          .map((row) => JSON.stringify(row))
          .sort(),
      ]),
    ),
  });
  const unchanged = async (tables: string[], action: () => Promise<{ reply: string; sent: SentRow[] }>) => {
    const before = snapshot(tables);
    const { reply, sent } = await action();
    expect(snapshot(tables)).toEqual(before);
    expect(sent).toEqual([]);
    return reply;
  };

  await settle(); // start-up notices (the responsibility matrix summary) are not the tests' business
  return {
    t,
    now: () => now,
    query,
    count,
    settle,
    run,
    click,
    moveClock,
    tick,
    report,
    exclusive,
    unchanged,
    async stop() {
      await t.stop();
      dir.remove();
    },
  };
}

export const textsTo = (rows: SentRow[], to: string) =>
  rows.filter((r) => r.to.conversationId === to || r.to.userId === to).map((r) => textOf(r.message));
export const destinations = (rows: SentRow[]) =>
  [...new Set(rows.map((r) => r.to.conversationId ?? `user:${r.to.userId}`))].sort();
