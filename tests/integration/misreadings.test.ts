/**
 * The misreadings of issue #13 §2, each through the simulator API as an officer meets it: the bot
 * must say what the policy says, apply its consequences to the right party, and keep the officer's words.
 * (Transfers under R4 are in transfers.test.ts, platform evaluation in platforms.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { destinations, startHarness, textsTo, type Harness } from '../helpers/coordination.ts';
import { textOf } from '../helpers/sim-client.ts';
import { startTestBot, tempDir } from '../helpers/test-bot.ts';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h?.stop();
});

describe('1. violations (四(一)): the consequences attach to the violating unit’s project', () => {
  let held = '';
  let violating = '';

  it('records the violation on 萧山区’s own report of the investor 滨江区 holds', async () => {
    held = await h.exclusive(
      'binjiang-li',
      'binjiang',
      '项目=射频芯片基地 投资方=杭州违规测试微电子有限公司 产业链=集成电路 投资额=6亿 意向=签订意向书',
    );
    violating = await h.report(
      'xiaoshan-wang',
      'xiaoshan',
      '项目=射频芯片产线 投资方=杭州违规测试微电子有限公司 产业链=集成电路 投资额=6亿 意向=多轮洽谈',
    );
    const { reply, sent } = await h.run(
      'ipb-zhang',
      'ipb',
      `/违规 ${violating} 单位=萧山区 说明=首谈期内与投资方签订框架协议`,
    );
    expect(reply).toContain(`已记录萧山区引进的 ${violating}`);
    const [finance] = textsTo(sent, 'finance');
    expect(finance).toContain(`萧山区引进的 ${violating}「射频芯片产线」`);
    expect(finance).not.toContain(held);
  });

  it('refuses the violating project’s 一事一议, 能耗 and 用地 requests, citing the violation', async () => {
    const requests = [
      `/一事一议 ${violating} 方式=基金 金额=1亿 说明=请支持`,
      `/能耗 申请 ${violating} 用能=1000 产值=5亿`,
      `/用地 登记 ${violating} 面积=100 产值=5亿`,
    ];
    for (const text of requests) {
      const reply = await h.unchanged(['SupportCase', 'EnergyRequest', 'ProjectLand'], () =>
        h.run('xiaoshan-wang', 'xiaoshan', text),
      );
      expect(reply, text).toContain(
        `${violating} 有首报首谈违规记录（萧山区：首谈期内与投资方签订框架协议），不得享受市级层面政策支持（依据《工作制度》四(一)）`,
      );
    }
  });

  it('leaves the lawful holder’s project untouched: it may still ask for support', async () => {
    const { reply } = await h.run('binjiang-li', 'binjiang', `/用地 登记 ${held} 面积=100 产值=5亿`);
    expect(reply).toContain(`已登记 ${held} 用地数据`);
    expect(
      h.count('SELECT COUNT(*) AS n FROM "Violation" v JOIN "Project" p ON p.id = v.projectId WHERE p.code = ?', held),
    ).toBe(0);
  });

  it('shows the unit’s violations on the review card of its next report', async () => {
    const { sent } = await h.run(
      'xiaoshan-wang',
      'xiaoshan',
      '/首报 项目=整车试验场 投资方=杭州另一汽车科技有限公司 产业链=新能源汽车 投资额=3亿 意向=实地考察',
    );
    const [card] = textsTo(sent, 'ipb');
    expect(card).toContain('萧山区的首报首谈违规记录（1 起）');
    expect(card).toContain(`${violating}：首谈期内与投资方签订框架协议`);
  });
});

describe('2. city-led and supported projects never fall back to 首谈期满', () => {
  it('keeps a project with approved 一事一议 support where it is after its period would have ended', async () => {
    const code = await h.exclusive(
      'binjiang-li',
      'binjiang',
      '项目=基金支持测试基地 投资方=杭州基金测试半导体有限公司 产业链=集成电路 投资额=20亿 意向=签订意向书',
    );
    const { reply, sent: screening } = await h.run(
      'binjiang-li',
      'binjiang',
      `/一事一议 ${code} 方式=基金 金额=2亿 说明=请市级产业基金参投`,
    );
    const support = /一事一议 \*\*(YS-\d{4}-\d{4})\*\*/.exec(reply)![1]!;
    // 8. Cards name people, not user ids: IPB's screening card (R10) and the body's decision card.
    expect(textsTo(screening, 'ipb')[0]).toMatch(/申请：[^b（]+（滨江区）/);
    const { sent: card } = await h.run('ipb-zhang', 'ipb', `/一事一议 审核 ${support} 通过`);
    expect(textsTo(card, 'sasac')[0]).toMatch(/申请：[^b（]+（滨江区）/);
    expect(textsTo(card, 'sasac')[0]).not.toContain('binjiang-li');
    expect((await h.run('sasac-zheng', 'sasac', `/一事一议 决议 ${support} 同意`)).reply).toContain(support);
    const sent = await h.moveClock(new Date(h.now().getTime() + 200 * 24 * 3600 * 1000));
    expect(
      h.query<{ status: string; exclusiveUntil: string | null }>(
        'SELECT status, exclusiveUntil FROM "Project" WHERE code = ?',
        code,
      ),
    ).toEqual([{ status: 'EXCLUSIVE', exclusiveUntil: null }]);
    expect(
      sent.filter((r) => JSON.stringify(r.message).includes(code) && JSON.stringify(r.message).includes('重新开放')),
    ).toEqual([]);
  });
});

describe('8. wording and an ended 首谈期', () => {
  it('lets an ended 首谈期 still record 签约 when no other unit holds the investor', async () => {
    const code = await h.exclusive(
      'binjiang-li',
      'binjiang',
      '项目=期满签约测试基地 投资方=杭州期满测试电子有限公司 产业链=集成电路 投资额=3亿 意向=签订意向书',
    );
    await h.moveClock(new Date(h.now().getTime() + 181 * 24 * 3600 * 1000));
    expect(h.query<{ status: string }>('SELECT status FROM "Project" WHERE code = ?', code)).toEqual([
      { status: 'EXPIRED' },
    ]);
    expect((await h.run('binjiang-li', 'binjiang', `/进展 ${code} 签约 已签投资协议`)).reply).toContain(
      `已登记 ${code} 进展，当前状态：已签约`,
    );
  });

  it('keeps full-width commas and brackets in a progress note', async () => {
    const code = await h.exclusive(
      'binjiang-li',
      'binjiang',
      '项目=标点测试基地 投资方=杭州标点测试科技有限公司 产业链=集成电路 投资额=3亿 意向=签订意向书',
    );
    const { sent } = await h.run('binjiang-li', 'binjiang', `/进展 ${code} 终止 投资方表示暂缓，待明年再议（已告知）`);
    expect(destinations(sent)).toEqual(['ipb']);
    expect(textsTo(sent, 'ipb')[0]).toContain('投资方表示暂缓，待明年再议（已告知）');
  });
});

describe('6 and 7. the matrix on its first start: no burst, no night or Sunday, title and body agree, 常态化 never overdue', () => {
  const dir = tempDir();
  afterAll(() => dir.remove());
  /** Shanghai wall time → UTC. */
  const shanghai = (day: string, hour: number, minute = 0) =>
    new Date(Date.parse(`${day}T00:00:00Z`) + (hour - 8) * 3_600_000 + minute * 60_000);

  it('sends no reminder at a first start on Sunday 06:57, only the one summary to IPB; reminders begin with the next one due', async () => {
    // Sunday 6 December 2026, 06:57: items 1, 3 and 4 fall due on 31 December (25 days later).
    const t = await startTestBot(`${dir.path}/first-start.db`, {
      env: { SIMULATOR_CLOCK: '1' },
      now: shanghai('2026-12-06', 6, 57),
    });
    try {
      await t.bot.dispatcher.drain();
      const atStart = await t.client.sent();
      expect(atStart.map((r) => r.message.title)).toContain('台账：系统启用前到期的事项待确认');
      expect(atStart.filter((r) => /^台账(提醒|督办)/.test(r.message.title ?? ''))).toEqual([]);
      // Monday 09:00: the 30-day reminders (1 December) came before the first start and are not sent.
      await t.client.post('/api/clock', { now: shanghai('2026-12-07', 9).toISOString() });
      await t.bot.dispatcher.drain();
      const monday = (await t.client.sent()).slice(atStart.length);
      expect(monday.filter((r) => /^台账(提醒|督办)/.test(r.message.title ?? ''))).toEqual([]);
      // The 7-day reminder (24 December, a Thursday) goes on its day, its title and body stating the same days.
      await t.client.post('/api/clock', { now: shanghai('2026-12-24', 9).toISOString() });
      await t.bot.dispatcher.drain();
      const reminder = (await t.client.sent()).find(
        (r) => r.to.conversationId === 'ipb' && r.message.title === '台账提醒：第4项（还有 7 天）',
      );
      expect(textOf(reminder!.message)).toContain('完成时限：2026年12月31日，还有 7 天');
      // The leaders' digest on Monday 28 December lists 常态化 items apart, never as overdue.
      await t.client.post('/api/clock', { now: shanghai('2026-12-28', 9).toISOString() });
      await t.bot.dispatcher.drain();
      const digest = textOf(
        (await t.client.sent()).find(
          (r) => r.to.conversationId === 'leaders' && (r.message.title ?? '').startsWith('台账周报'),
        )!.message,
      );
      expect(digest).toContain('常态化事项（按季度报送进展，无完成时限）');
      expect(digest).toContain('- 第12项 建立重点产业链项目市级股权直投机制：尚未报送进展');
      expect(digest).not.toMatch(/第(9|11|12)项[^\n]*已逾期/);
      // Item 1 is due before December 2019, as its text says.
      expect(await t.client.say('ipb-zhang', 'ipb', '/台账 1')).toContain('2019年11月30日');
    } finally {
      await t.stop();
    }
  });
});
