/**
 * Reminders to transfer reviewers who have not voted (DESIGN §5.3) through the simulator API with a
 * moving clock: 5 and 10 working days after a round starts, at 09:00, on the real 2026 calendar
 * (中秋 on Friday 25 September, 国庆 1–7 October, the make-up Saturday 10 October); exactly once
 * across repeated ticks and a restart; only the latest after downtime; counted again from a
 * resubmission. Every expected day was worked out by hand from that calendar.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { textOf, type SentRow } from '../helpers/sim-client.ts';
import { startTestBot, tempDir, type TestBot } from '../helpers/test-bot.ts';

const dir = tempDir();
const dbPath = `${dir.path}/bot.db`;
const ENV = { SIMULATOR_CLOCK: '1' };
let t: TestBot;

/** A Shanghai wall-clock time. */
const at = (day: string, hour = 9, minute = 0) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + ((hour - 8) * 60 + minute) * 60_000);
const shanghaiDay = (iso: string) => new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 10);
const nextDay = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  t = await startTestBot(dbPath, { now: at('2026-09-22'), env: ENV });
});

afterAll(async () => {
  await t?.stop();
  dir.remove();
});

async function moveTo(instant: Date): Promise<void> {
  await t.client.post('/api/clock', { now: instant.toISOString() });
}

async function say(user: string, conversation: string, text: string, instant: Date): Promise<string> {
  await moveTo(instant);
  return t.client.say(user, conversation, text);
}

async function apply(enterprise: string, instant: Date): Promise<string> {
  const reply = await say(
    'xiaoshan-wang',
    'xiaoshan',
    `/流转 企业=${enterprise} 产业链=集成电路 迁出=滨江区 迁入=萧山区 理由=扩产 分成=30%/5年`,
    instant,
  );
  const code = /\*\*(LZ-\d{4}-\d{4})\*\*/.exec(reply)?.[1];
  if (code === undefined) throw new Error(reply);
  return code;
}

/** One line per reminder delivered: Shanghai day, conversation, case and which reminder. */
async function reminders(): Promise<string[]> {
  await t.bot.dispatcher.drain();
  const rows = await t.client.sent();
  return rows.flatMap((row: SentRow) => {
    const match = /^流转评审提醒 (LZ-\d{4}-\d{4})（已 (\d+) 个工作日）$/.exec(row.message.title ?? '');
    return match === null
      ? []
      : [`${shanghaiDay(row.sentAt)} ${row.to.conversationId ?? `user:${row.to.userId}`} ${match[1]} wd${match[2]}`];
  });
}

/** Moves the clock to 09:00 of every day from `from` to `to`, as the daily cron tick would. */
async function everyMorning(from: string, to: string, during?: Record<string, () => Promise<void>>): Promise<void> {
  for (let day = from; day <= to; day = nextDay(day)) {
    await moveTo(at(day));
    await during?.[day]?.();
  }
}

describe('reviewer reminders on the working-day calendar', () => {
  let a = '';

  it('reminds the seats that have not voted on the 5th and 10th working day, skipping 中秋 and 国庆 and counting the make-up Saturday', async () => {
    a = await apply('杭州秋实精工有限公司', at('2026-09-23', 10));
    expect(await say('ipb-zhang', 'ipb', `/评审 ${a} 同意`, at('2026-09-24', 10))).toContain('已记录');
    await everyMorning('2026-09-24', '2026-10-15', {
      '2026-10-09': async () => {
        expect(await say('finance-zhao', 'finance', `/评审 ${a} 同意`, at('2026-10-09', 10))).toContain('已记录');
      },
    });
    // Monday to Friday alone would have put the 5th working day on 30 September and the 10th on 14 October.
    expect((await reminders()).sort()).toEqual(
      [
        `2026-10-08 audit ${a} wd5`,
        `2026-10-08 finance ${a} wd5`,
        `2026-10-08 industry ${a} wd5`,
        `2026-10-14 audit ${a} wd10`,
        `2026-10-14 industry ${a} wd10`,
      ].sort(),
    );
  });

  it('says how long the case has waited, who has voted, and carries the vote buttons', async () => {
    await t.bot.dispatcher.drain();
    const row = (await t.client.sent()).find(
      (r) => r.message.title === `流转评审提醒 ${a}（已 10 个工作日）` && r.to.conversationId === 'audit',
    );
    expect(row).toBeDefined();
    const text = textOf(row!.message);
    expect(text).toContain('已满 10 个工作日，市审计局尚未评审');
    expect(text).toContain('已评审：市投资促进局、市财政局');
    expect(text).toContain('2026年9月23日 10:00');
    expect(row!.message.buttons?.map((b) => b.value)).toEqual([
      `/评审 ${a} 同意`,
      `/评审 ${a} 不同意`,
      `/评审 ${a} 补充材料`,
    ]);
    expect(row!.sentAt.startsWith('2026-10-14T01:00')).toBe(true);
  });

  it('sends nothing twice: a repeated tick and a restart at the same instant', async () => {
    const before = await reminders();
    await moveTo(at('2026-10-15'));
    await moveTo(at('2026-10-15', 12));
    await t.stop();
    t = await startTestBot(dbPath, { now: at('2026-10-15', 12), env: ENV });
    expect(await reminders()).toEqual(before);
  });

  it('after downtime sends only the latest reminder due, once', async () => {
    const b = await apply('杭州冬青机电有限公司', at('2026-11-02', 10));
    await everyMorning('2026-11-03', '2026-11-06');
    expect((await reminders()).filter((r) => r.includes(b))).toEqual([]);
    // Down from the 6th to the 17th: the 5-day moment (Mon 9 Nov) and the 10-day one (Mon 16 Nov) both passed.
    await t.stop();
    t = await startTestBot(dbPath, { now: at('2026-11-17', 10), env: ENV });
    const caughtUp = (await reminders()).filter((r) => r.includes(b)).sort();
    expect(caughtUp).toEqual([
      `2026-11-17 audit ${b} wd10`,
      `2026-11-17 finance ${b} wd10`,
      `2026-11-17 industry ${b} wd10`,
      `2026-11-17 ipb ${b} wd10`,
    ]);
    await everyMorning('2026-11-18', '2026-11-19');
    expect((await reminders()).filter((r) => r.includes(b)).sort()).toEqual(caughtUp);
  });

  it('counts again from a resubmission, reminding every seat since the votes were reset', async () => {
    const c = await apply('杭州春晓智控有限公司', at('2026-11-17', 11));
    expect(await say('finance-zhao', 'finance', `/评审 ${c} 补充材料 请补充用地协议`, at('2026-11-18', 10))).toContain(
      '退回',
    );
    expect(await say('xiaoshan-wang', 'xiaoshan', `/流转 补充 ${c} 已补充用地协议`, at('2026-11-20', 10))).toContain(
      '第 2 轮',
    );
    // Round 1 would have been due on Tue 24 November; round 2 counts from Friday 20 November.
    await everyMorning('2026-11-20', '2026-11-26');
    expect((await reminders()).filter((r) => r.includes(c))).toEqual([]);
    await everyMorning('2026-11-27', '2026-11-27');
    expect((await reminders()).filter((r) => r.includes(c)).sort()).toEqual([
      `2026-11-27 audit ${c} wd5`,
      `2026-11-27 finance ${c} wd5`,
      `2026-11-27 industry ${c} wd5`,
      `2026-11-27 ipb ${c} wd5`,
    ]);
  });

  it('reminds nobody about a decided case', async () => {
    const before = (await reminders()).filter((r) => r.includes(a));
    for (const [user, conversation] of [
      ['audit-qian', 'audit'],
      ['industry-sun', 'industry'],
    ] as const)
      await say(user, conversation, `/评审 ${a} 同意`, at('2026-11-27', 10));
    await everyMorning('2026-11-28', '2026-12-02');
    expect((await reminders()).filter((r) => r.includes(a))).toEqual(before);
  });
});
