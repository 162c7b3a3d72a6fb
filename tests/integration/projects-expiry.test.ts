/**
 * The first-negotiation period over time (DESIGN §4.3): the holder's 14- and 3-day reminders, expiry
 * (the city told the investor is open again), /续期, restarts and downtime. Time moves only through
 * the simulator clock (SIMULATOR_CLOCK=1, POST /api/clock runs every due job and drains the outbox),
 * and restarts start a new bot on the same database file.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { textOf, type SentRow } from '../helpers/sim-client.ts';
import { startTestBot, tempDir, type TestBot } from '../helpers/test-bot.ts';
import { readOnlyQueries } from '../helpers/db.ts';

const dir = tempDir();
const dbPath = `${dir.path}/bot.db`;
const ENV = { SIMULATOR_CLOCK: '1' };
let t: TestBot;
let now = new Date('2026-11-26T01:00:00Z');
const DAY_MS = 24 * 60 * 60 * 1000;
const HOUR_MS = 60 * 60 * 1000;
const NO_INTERFERENCE = '其他区、县（市）和平台不得进行项目洽谈或干扰谈判';

beforeAll(async () => {
  t = await startTestBot(dbPath, { now, env: ENV });
});

afterAll(async () => {
  await t?.stop();
  dir.remove();
});

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

const { query, count } = readOnlyQueries(() => dbPath);

function project(code: string): { status: string; exclusiveUntil: string | null } {
  const row = query<{ status: string; exclusiveUntil: string | null }>(
    'SELECT status, exclusiveUntil FROM "Project" WHERE code = ?',
    code,
  )[0];
  if (row === undefined) throw new Error(`no project ${code}`);
  return row;
}

const untilOf = (code: string) => new Date(project(code).exclusiveUntil!);
const auditActions = (code: string) =>
  query<{ action: string }>(
    `SELECT action FROM "AuditEvent" WHERE recordType = 'Project' AND recordId = ? ORDER BY seq`,
    code,
  ).map((r) => r.action);

const settle = () => t.settle();

const lastSentId = async () => {
  await settle();
  return (await t.client.sent()).at(-1)?.id ?? 0;
};

async function sentSince(after: number): Promise<SentRow[]> {
  await settle();
  return t.client.sent(after);
}

const destinations = (rows: SentRow[]) => rows.map((r) => r.to.conversationId ?? `user:${r.to.userId}`).sort();
const about = (rows: SentRow[], code: string) => rows.filter((r) => textOf(r.message).includes(code));

async function run(userId: string, conversationId: string, text: string): Promise<{ reply: string; sent: SentRow[] }> {
  const mark = await lastSentId();
  const reply = await t.client.say(userId, conversationId, text);
  return { reply, sent: projectNotices(await sentSince(mark)) };
}

/**
 * Notices about 首报首谈 projects (they all name a project code). Other jobs run on the same clock
 * moves (the responsibility-matrix reminders of §7), and their notices are not this file's concern.
 */
const projectNotices = (rows: SentRow[]) => rows.filter((r) => /ZS-\d{4}-\d{4}/.test(textOf(r.message)));

/** Sets the bot's clock through the simulator API and returns the project notices the due jobs delivered. */
async function moveTo(to: Date): Promise<SentRow[]> {
  const mark = await lastSentId();
  now = to;
  expect(await t.client.post('/api/clock', { now: to.toISOString() })).toEqual({ now: to.toISOString() });
  return projectNotices(await sentSince(mark));
}

/** Stops the bot and starts a new one on the same file at `at`; returns the project notices the new bot delivered. */
async function restartAt(at: Date): Promise<SentRow[]> {
  const mark = await lastSentId();
  await t.stop();
  now = at;
  t = await startTestBot(dbPath, { now, env: ENV });
  return projectNotices(await sentSince(mark));
}

function codeOf(reply: string): string {
  const code = /首报成功：\*\*(ZS-\d{4}-\d{4,})\*\*/.exec(reply)?.[1];
  if (code === undefined) throw new Error(`not an accepted report: ${reply}`);
  return code;
}

/**
 * 2027年5月25日: the day a period ends on, as shown (a date, never a time of day). The stored end is the
 * first instant after the period — 00:00 Asia/Shanghai of the next day — so the day shown is the one before it.
 */
const lastDay = (until: Date) => shanghai(new Date(until.getTime() - 1)).replace(/ \d{2}:\d{2}$/, '');

/** When rule R2's reminder `days` days before the end is due: 09:00 Shanghai, `days` days before the last day. */
const reminderAt = (until: Date, days: number) => new Date(until.getTime() - (days + 1) * DAY_MS + 9 * HOUR_MS);

/** The end of a period of `days` days granted at `at`: 00:00 Shanghai after the day `days` days later. */
function periodEnd(at: Date, days: number): number {
  const local = new Date(at.getTime() + 8 * HOUR_MS);
  return Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() + days + 1) - 8 * HOUR_MS;
}

function shanghai(date: Date): string {
  const d = new Date(date.getTime() + 8 * HOUR_MS);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

/** Reports, consults and grants a project a minute at a time; returns its code. */
async function grantedProject(userId: string, conversationId: string, fields: string, days?: number): Promise<string> {
  await moveTo(new Date(now.getTime() + 60_000));
  const code = codeOf(await t.client.say(userId, conversationId, `/首报 ${fields}`));
  expect(await t.client.say('ipb-zhang', 'ipb', `/征询 ${code} 投资方同意`)).toContain('已记录');
  await moveTo(new Date(now.getTime() + 60_000));
  const reply = await t.client.say(
    'ipb-zhang',
    'ipb',
    `/审核 ${code} 通过${days === undefined ? '' : ` 期限=${days}`}`,
  );
  expect(reply).toContain('已赋予');
  expect(untilOf(code).getTime()).toBe(periodEnd(now, days ?? 180));
  // A period ends on a date: "至 2027年5月25日（180 天", never a clock time.
  expect(reply).toContain(`至 ${lastDay(untilOf(code))}（${days ?? 180} 天`);
  expect(reply).not.toMatch(/至 \d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}/);
  await settle();
  return code;
}

/** Rule R2: the holder and IPB are reminded, each once; a period ends on a date. */
function expectReminder(rows: SentRow[], code: string, conversationId: string, daysLeft: number, until: Date): void {
  expect(rows.map((r) => r.to.conversationId).sort()).toEqual([conversationId, 'ipb'].sort());
  for (const row of rows) {
    const text = textOf(row.message);
    expect(text).toContain('首谈期提醒');
    expect(text).toContain(code);
    expect(text).toContain(`还剩 ${daysLeft} 天`);
    expect(text).toContain(`至 ${lastDay(until)}（`);
    expect(text).toContain('（实施规则 R2「首谈期到期提醒」）');
  }
}

// ---------------------------------------------------------------------------------------------
// A: 滨江区 holds 杭州长风微电子有限公司 for 集成电路, the default 180 days
// ---------------------------------------------------------------------------------------------

let A = '';
let untilA = new Date(0);

describe('reminders and expiry of a 180-day period', () => {
  it('starts with a grant at the default length', async () => {
    A = await grantedProject(
      'binjiang-li',
      'binjiang',
      '项目=射频芯片产业化 投资方=杭州长风微电子有限公司 产业链=集成电路 投资额=9亿 意向=签订意向书',
    );
    expect(A).toBe('ZS-2026-0001');
    untilA = untilOf(A);
    // Granted on 2026-11-26 (Shanghai) for 180 days: the period runs to the end of 2027-05-25, Shanghai time.
    expect(lastDay(untilA)).toBe('2027年5月25日');
    expect(untilA.toISOString()).toBe('2027-05-25T16:00:00.000Z');
    const announced = (await t.client.sent())
      .filter((r) => r.to.conversationId === 'city' && textOf(r.message).includes(A))
      .map((r) => textOf(r.message));
    expect(announced.at(-1)).toContain('已获排他性首谈资格，至 2027年5月25日。');
  });

  it('numbers by the year in Asia/Shanghai: 00:30 on 1 January is 2027 although UTC is still in 2026', async () => {
    expect(await moveTo(new Date('2026-12-31T16:30:00Z'))).toEqual([]);
    const { reply } = await run(
      'yuhang-chen',
      'yuhang',
      '/首报 项目=跨年项目 投资方=杭州元旦生物科技有限公司 产业链=生物医药 投资额=1亿 意向=实地考察',
    );
    expect(codeOf(reply)).toBe('ZS-2027-0001');
  });

  it('sends nothing before 09:00 fourteen days before the last day', async () => {
    expect(await moveTo(new Date(untilA.getTime() - 15 * DAY_MS))).toEqual([]);
    expect(await moveTo(new Date(reminderAt(untilA, 14).getTime() - 60_000))).toEqual([]);
  });

  it('reminds the holder’s group once, at 09:00 fourteen days before the last day', async () => {
    expect(reminderAt(untilA, 14).toISOString()).toBe('2027-05-11T01:00:00.000Z'); // 2027年5月11日 09:00, 14 days before 5月25日
    expectReminder(await moveTo(reminderAt(untilA, 14)), A, 'binjiang', 14, untilA);
    expect(project(A).status).toBe('EXCLUSIVE');
  });

  it('does not repeat the 14-day reminder when the clock moves again', async () => {
    expect(await moveTo(new Date(reminderAt(untilA, 14).getTime() + HOUR_MS))).toEqual([]);
    expect(await moveTo(reminderAt(untilA, 13))).toEqual([]);
  });

  it('resends nothing after a restart in the middle', async () => {
    expect(await restartAt(reminderAt(untilA, 10))).toEqual([]);
    expect(await moveTo(reminderAt(untilA, 9))).toEqual([]);
  });

  it('reminds once 3 days before', async () => {
    expectReminder(await moveTo(reminderAt(untilA, 3)), A, 'binjiang', 3, untilA);
    expect(await moveTo(reminderAt(untilA, 1))).toEqual([]);
  });

  it('expires at the deadline: status EXPIRED, the city told the investor is open again, the holder told', async () => {
    // The last minute of the last day shown (2027年5月25日 23:59) is still inside the period.
    expect(await moveTo(new Date(untilA.getTime() - 60_000))).toEqual([]);
    expect(project(A).status).toBe('EXCLUSIVE');
    const sent = await moveTo(new Date(untilA.getTime() + 60_000));
    expect(project(A).status).toBe('EXPIRED');
    expect(destinations(sent)).toEqual(['binjiang', 'city']);
    const city = textOf(sent.find((r) => r.to.conversationId === 'city')!.message);
    expect(city).toContain(A);
    expect(city).toContain('杭州长风微电子有限公司');
    expect(city).toContain('重新开放');
    const holder = textOf(sent.find((r) => r.to.conversationId === 'binjiang')!.message);
    expect(holder).toContain(A);
    expect(holder).toContain('首谈期已满');
    expect(
      query<{ action: string; actorId: string }>(
        `SELECT action, actorId FROM "AuditEvent" WHERE recordId = ? ORDER BY seq DESC LIMIT 1`,
        A,
      ),
    ).toEqual([{ action: 'project.expire', actorId: 'system' }]);
  });

  it('sends nothing more, whether the clock moves or the bot restarts', async () => {
    expect(await moveTo(new Date(untilA.getTime() + DAY_MS))).toEqual([]);
    expect(await restartAt(new Date(untilA.getTime() + DAY_MS + HOUR_MS))).toEqual([]);
    expect(await moveTo(new Date(untilA.getTime() + 2 * DAY_MS))).toEqual([]);
    expect(auditActions(A).filter((a) => a === 'project.expire')).toHaveLength(1);
    expect(
      count(`SELECT COUNT(*) AS n FROM "OutboxMessage" WHERE dedupeKey LIKE ?`, `exclusivity-reminder:${A}:%`),
    ).toBe(4); // 14 and 3 days, each to the holder and to IPB (R2)
  });

  it('refuses renewal and 落地 on an expired project (签约 stays possible while nobody else holds the investor)', async () => {
    expect((await run('ipb-zhang', 'ipb', `/续期 ${A} 30`)).reply).toContain('不在首谈期内');
    expect((await run('binjiang-li', 'binjiang', `/进展 ${A} 落地`)).reply).toContain('首谈期满');
    expect(project(A).status).toBe('EXPIRED');
  });
});

// ---------------------------------------------------------------------------------------------
// 2027: B (余杭区, 30 days) across downtime; C (萧山区, 20 days) renewed
// ---------------------------------------------------------------------------------------------

let B = '';
let C = '';
let untilB = new Date(0);
let untilC = new Date(0);

describe('the next year: sequence, downtime and renewal', () => {
  it('continues the 2027 sequence', async () => {
    B = await grantedProject(
      'yuhang-chen',
      'yuhang',
      '项目=大模型算力中心 投资方=杭州深思智能科技有限公司 产业链=人工智能 投资额=20亿 意向=多轮洽谈',
      30,
    );
    expect(B).toBe('ZS-2027-0002');
    untilB = untilOf(B);
    C = await grantedProject(
      'xiaoshan-wang',
      'xiaoshan',
      '项目=电驱动总成 投资方=杭州东润动力有限公司 产业链=新能源汽车 投资额=7亿 意向=签订意向书',
      20,
    );
    expect(C).toBe('ZS-2027-0003');
    untilC = untilOf(C);
  });

  it('lets another unit report the investor of the expired project without a conflict', async () => {
    expect(await t.client.say('xiaoshan-wang', 'xiaoshan', '/查重 杭州长风微电子有限公司')).toContain('未发现');
    const { reply } = await run(
      'xiaoshan-wang',
      'xiaoshan',
      '/首报 项目=射频模组 投资方=长风微电子（杭州）有限公司 产业链=集成电路 投资额=1亿 意向=实地考察',
    );
    const code = codeOf(reply);
    expect(code).toBe('ZS-2027-0004');
    expect(query<{ status: string }>('SELECT status FROM "Project" WHERE code = ?', code)[0]?.status).toBe('PENDING');
    expect(reply).not.toContain('冲突');
  });

  it('reminds the holder of C with 13 days left', async () => {
    const sent = await moveTo(reminderAt(untilC, 13));
    expectReminder(sent, C, 'xiaoshan', 13, untilC);
  });

  it('refuses bad renewals', async () => {
    const before = project(C).exclusiveUntil;
    for (const line of [`/续期 ${C} abc`, `/续期 ${C} 0`, `/续期 ${C} 99999`])
      expect((await run('ipb-zhang', 'ipb', line)).reply).toContain('无效');
    expect((await run('ipb-zhang', 'ipb', `/续期 ${C}`)).reply).toContain('示例');
    expect((await run('xiaoshan-wang', 'xiaoshan', `/续期 ${C} 30`)).reply).toContain('没有使用 /续期 的权限');
    expect(project(C).exclusiveUntil).toBe(before);
    expect(auditActions(C)).not.toContain('project.renew');
  });

  it('/续期 extends the deadline and announces it to the holder and the city group', async () => {
    const { reply, sent } = await run('ipb-zhang', 'ipb', `/续期 ${C} 30`);
    const renewed = new Date(untilC.getTime() + 30 * DAY_MS);
    expect(untilOf(C).getTime()).toBe(renewed.getTime());
    expect(reply).toContain(`延长至 ${lastDay(renewed)}，`);
    expect(destinations(sent)).toEqual(['city', 'xiaoshan']);
    for (const row of sent) {
      expect(textOf(row.message)).toContain(C);
      expect(textOf(row.message)).toContain(`延长至 ${lastDay(renewed)}，`);
      expect(textOf(row.message)).toContain(NO_INTERFERENCE);
    }
    expect(auditActions(C).at(-1)).toBe('project.renew');
    untilC = renewed;
  });

  it('after downtime across both reminder points sends only the latest applicable reminder', async () => {
    // Down from now until two days before B's deadline: B's 14- and 3-day points both passed.
    const sent = await restartAt(reminderAt(untilB, 2));
    expect(about(sent, C)).toEqual([]);
    expectReminder(about(sent, B), B, 'yuhang', 2, untilB);
    expect(sent).toHaveLength(2); // the holder and IPB
    expect(await moveTo(new Date(untilB.getTime() - DAY_MS))).toEqual([]);
  });

  it('keeps the renewed project past its original deadline', async () => {
    expect(now.getTime()).toBeGreaterThan(untilC.getTime() - 30 * DAY_MS); // the original deadline has passed
    expect(project(C).status).toBe('EXCLUSIVE');
    const sent = await moveTo(new Date(untilB.getTime() + 60_000));
    expect(project(B).status).toBe('EXPIRED');
    expect(destinations(sent)).toEqual(['city', 'yuhang']);
    expect(about(sent, C)).toEqual([]);
  });

  it('reminds about the renewed project by its new deadline, once at 14 and once at 3 days, then expires it', async () => {
    expect(await moveTo(new Date(reminderAt(untilC, 14).getTime() - 60_000))).toEqual([]);
    expectReminder(await moveTo(reminderAt(untilC, 14)), C, 'xiaoshan', 14, untilC);
    expect(await moveTo(reminderAt(untilC, 4))).toEqual([]);
    expectReminder(await moveTo(reminderAt(untilC, 3)), C, 'xiaoshan', 3, untilC);
    const expired = await moveTo(new Date(untilC.getTime()));
    expect(project(C).status).toBe('EXPIRED');
    expect(destinations(expired)).toEqual(['city', 'xiaoshan']);
    expect(await moveTo(new Date(untilC.getTime() + DAY_MS))).toEqual([]);
  });
});

describe('a signed project keeps the investor after its first-negotiation deadline', () => {
  it('tells a later reporter the investor is held by a signed project, not a deadline that has passed', async () => {
    const signed = await grantedProject(
      'binjiang-li',
      'binjiang',
      '项目=安防芯片总部 投资方=杭州明眸视觉科技有限公司 产业链=数字安防 投资额=8亿 意向=签订意向书',
      20,
    );
    const deadline = untilOf(signed);
    expect((await run('binjiang-li', 'binjiang', `/进展 ${signed} 签约 已签订投资协议`)).reply).toContain('已签约');
    // A signed project is past 首谈: no reminder, no expiry, and it still holds the investor (§4.2).
    expect(await moveTo(new Date(deadline.getTime() + DAY_MS))).toEqual([]);
    expect(project(signed).status).toBe('SIGNED');

    const { reply } = await run(
      'yuhang-chen',
      'yuhang',
      '/首报 项目=视觉芯片 投资方=明眸视觉科技（杭州）有限公司 产业链=数字安防 投资额=2亿 意向=实地考察',
    );
    const code = codeOf(reply);
    expect(project(code).status).toBe('CONFLICT');
    expect(reply).toContain('滨江区');
    expect(reply).toContain(NO_INTERFERENCE);
    expect(reply).toContain('已签约');
    // The first-negotiation deadline has passed; quoting it as "until" tells the reporter the investor is free after a date already gone.
    expect(reply).not.toContain(`至 ${lastDay(deadline)}`);
  });
});

describe('audit trail', () => {
  it('records grants, renewals and expiries and verifies', async () => {
    for (const code of [A, B, C]) expect(auditActions(code)).toContain('project.expire');
    expect(auditActions(C)).toEqual([
      'project.report',
      'project.consult',
      'project.grant',
      'project.renew',
      'project.expire',
    ]);
    expect(await t.client.say('audit-qian', 'audit', '/审计 校验')).toContain('校验通过');
  });
});
