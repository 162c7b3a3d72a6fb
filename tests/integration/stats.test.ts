/**
 * /统计 and GET /api/stats (the simulator's charts) read one source: projects by unit and status,
 * first-negotiation periods ending within 30 days, overdue responsibility-matrix cycles.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBot, tempDir, type TestBot } from '../helpers/test-bot.ts';

const dir = tempDir();
let t: TestBot;

interface StatsBody {
  today: string;
  generatedAt: string;
  expiringWithinDays: number;
  projects: {
    total: number;
    amountWan: number;
    totals: Record<string, number>;
    statuses: { status: string; label: string }[];
    units: {
      unitId: string;
      unitName: string;
      unitKind: string;
      counts: Record<string, number>;
      total: number;
      amountWan: number;
    }[];
  };
  expiring: { code: string; daysLeft: number; until: string; unitName: string }[];
  transfers: {
    code: string;
    enterprise: string;
    from: string;
    to: string;
    status: string;
    statusLabel: string;
    round: number;
    waitingFor: string[];
  }[];
  matrix: {
    states: Record<string, number>;
    items: { number: number; state: string | null }[];
    overdue: { number: number; label: string; dueDate: string; lead: string; daysOverdue: number }[];
  };
  matrixStates: { state: string; label: string }[];
}

const stats = async () => (await t.client.get('/api/stats')).body as StatsBody;
const say = (user: string, conversation: string, text: string) => t.client.say(user, conversation, text);

beforeAll(async () => {
  t = await startTestBot(`${dir.path}/bot.db`, {
    env: { SIMULATOR_CLOCK: '1' },
    now: new Date('2026-11-26T01:00:00Z'),
  });
});

afterAll(async () => {
  await t.stop();
  dir.remove();
});

describe('before anything is reported', () => {
  it('says so, with nothing expiring and nothing overdue, and keeps the operating figures', async () => {
    const reply = await say('ipb-zhang', 'ipb', '/统计');
    expect(reply).toContain('尚无首报项目');
    expect(reply).toContain('### 30 天内到期的首谈期\n\n无。');
    expect(reply).toContain('无逾期事项。');
    expect(reply).toMatch(/已登记用户：\d+ 人/);
    const body = await stats();
    expect(body.projects.total).toBe(0);
    expect(body.expiring).toEqual([]);
    expect(body.matrix.overdue).toEqual([]);
    expect(body.transfers).toEqual([]);
    expect(reply).toContain('### 在办的存量项目流转\n\n无。');
    // Every district and platform is on the chart, even with no project yet.
    expect(body.projects.units.map((u) => u.unitKind).every((k) => k === 'DISTRICT' || k === 'PLATFORM')).toBe(true);
    expect(body.projects.units.map((u) => u.unitId)).toEqual(
      expect.arrayContaining(['binjiang', 'xiaoshan', 'future-sci-city']),
    );
  });
});

describe('with projects in several units', () => {
  beforeAll(async () => {
    const report = (user: string, conv: string, fields: string) => say(user, conv, `/首报 ${fields}`);
    await report(
      'binjiang-li',
      'binjiang',
      '项目=射频芯片 投资方=杭州长风微电子有限公司 产业链=集成电路 投资额=9亿 意向=签订意向书',
    );
    await report(
      'binjiang-li',
      'binjiang',
      '项目=安防云 投资方=杭州海清视觉科技有限公司 产业链=数字安防 投资额=3000万 意向=实地考察',
    );
    await report(
      'xiaoshan-wang',
      'xiaoshan',
      '项目=整车基地 投资方=杭州远途汽车有限公司 产业链=新能源汽车 投资额=20亿 意向=多轮洽谈',
    );
    for (const code of ['ZS-2026-0001', 'ZS-2026-0003'])
      expect(await say('ipb-zhang', 'ipb', `/征询 ${code} 投资方同意`)).toContain('已记录');
    expect(await say('ipb-zhang', 'ipb', '/审核 ZS-2026-0001 通过 期限=20')).toContain('已赋予');
    expect(await say('ipb-zhang', 'ipb', '/审核 ZS-2026-0003 通过')).toContain('已赋予');
  });

  it('counts projects by unit and status in /统计', async () => {
    const reply = await say('ipb-zhang', 'ipb', '/统计');
    expect(reply).toContain('全市共 3 个，投资额合计 29.3亿元：待审核 1、首谈期内 2');
    expect(reply).toContain('- 滨江区：2 个（待审核 1、首谈期内 1），投资额 9.3亿元');
    expect(reply).toContain('- 萧山区：1 个（首谈期内 1），投资额 20亿元');
  });

  it('lists a period ending within 30 days, not one ending in 180', async () => {
    const reply = await say('leader-zhou', 'leaders', '/统计');
    expect(reply).toContain('- **ZS-2026-0001** 射频芯片（滨江区）：首谈期至 2026年12月16日，还剩 20 天');
    expect(reply).not.toContain('ZS-2026-0003');
  });

  it('gives the page the same numbers as /统计', async () => {
    const body = await stats();
    expect(body.projects.total).toBe(3);
    expect(body.projects.amountWan).toBe(293000);
    expect(body.projects.totals).toMatchObject({ PENDING: 1, EXCLUSIVE: 2, CONFLICT: 0 });
    const binjiang = body.projects.units.find((u) => u.unitId === 'binjiang');
    expect(binjiang).toMatchObject({
      unitName: '滨江区',
      total: 2,
      amountWan: 93000,
      counts: { PENDING: 1, EXCLUSIVE: 1 },
    });
    expect(body.expiring.map((e) => [e.code, e.daysLeft, e.unitName])).toEqual([['ZS-2026-0001', 20, '滨江区']]);
    // The stored end: the first instant after 2026年12月16日, the last day (00:00 Shanghai of the 17th).
    expect(body.expiring[0]!.until).toBe('2026-12-16T16:00:00.000Z');
    expect(body.projects.statuses.find((s) => s.status === 'EXCLUSIVE')?.label).toBe('首谈期内');
    expect(body.matrixStates.map((s) => s.label)).toEqual(['已逾期', '30天内到期', '进行中', '待确认', '已确认完成']);
  });

  it('counts every item once per lead unit in the matrix states', async () => {
    const body = await stats();
    expect(body.matrix.items).toHaveLength(13);
    expect(Object.values(body.matrix.states).reduce((a, b) => a + b, 0)).toBe(13);
    expect(body.matrix.states.OVERDUE).toBe(0);
  });
});

describe('with stock-project transfers under way', () => {
  beforeAll(async () => {
    const apply = (enterprise: string) =>
      say(
        'binjiang-li',
        'binjiang',
        `/流转 企业=${enterprise} 产业链=集成电路 迁出=滨江区 迁入=萧山区 理由=扩大产能 分成=40%/3年`,
      );
    expect(await apply('杭州迁移一号科技有限公司')).toContain('LZ-2026-0001');
    expect(await apply('杭州迁移二号科技有限公司')).toContain('LZ-2026-0002');
    expect(await apply('杭州迁移三号科技有限公司')).toContain('LZ-2026-0003');
    expect(await say('ipb-zhang', 'ipb', '/评审 LZ-2026-0001 同意')).toContain('已记录');
    expect(await say('finance-zhao', 'finance', '/评审 LZ-2026-0002 补充材料 请补充纳税证明')).toContain('已记录');
    expect(await say('audit-qian', 'audit', '/评审 LZ-2026-0003 不同意 承诺政策超出承载地')).toContain('已记录');
    // Under rule R4's default a dissent does not end the review: all four opinions, then IPB concludes.
    expect(await say('ipb-zhang', 'ipb', '/评审 LZ-2026-0003 同意')).toContain('已记录');
    expect(await say('finance-zhao', 'finance', '/评审 LZ-2026-0003 同意')).toContain('已记录');
    expect(await say('industry-sun', 'industry', '/评审 LZ-2026-0003 同意')).toContain('已记录');
    expect(await say('ipb-zhang', 'ipb', '/流转 结论 LZ-2026-0003 不同意 迁入地承诺政策高于承载地')).toContain(
      'LZ-2026-0003',
    );
  });

  it('lists the open cases with whom they wait for, and leaves out the decided one', async () => {
    const reply = await say('ipb-zhang', 'ipb', '/统计');
    expect(reply).toMatch(
      /- \*\*LZ-2026-0001\*\* 杭州迁移一号科技有限公司（滨江区 → 萧山区）：评审中，第 1 轮（[^）]+ 起），待评审：市财政局、市审计局、市经信局/,
    );
    expect(reply).toMatch(
      /- \*\*LZ-2026-0002\*\* 杭州迁移二号科技有限公司（滨江区 → 萧山区）：待补充材料，第 1 轮（[^）]+ 起）\n/,
    );
    expect(reply).not.toContain('LZ-2026-0003');
    const body = await stats();
    expect(body.transfers.map((x) => [x.code, x.status, x.waitingFor])).toEqual([
      ['LZ-2026-0001', 'REVIEWING', ['市财政局', '市审计局', '市经信局']],
      ['LZ-2026-0002', 'RETURNED', []],
    ]);
  });
});

describe('after the year-end deadlines pass', () => {
  beforeAll(async () => {
    expect(await t.client.post('/api/clock', { now: '2027-01-05T01:00:00Z' })).toEqual({
      now: '2027-01-05T01:00:00.000Z',
    });
  });

  it('lists the overdue matrix cycles with their lead unit and days overdue', async () => {
    const reply = await say('ipb-zhang', 'ipb', '/统计');
    expect(reply).toMatch(
      /- 第1项「建立产业空间规划联动机制」2026年度\S*：2026年12月31日截止（市规划和自然资源局），已逾期 5 天/,
    );
    // 常态化 items (9, 11 after its milestone, 12) have no deadline and are never overdue.
    expect(reply).not.toMatch(/第(9|11|12)项[^\n]*已逾期/);
    const body = await stats();
    expect(body.matrix.overdue.map((o) => o.number)).toEqual([1, 3, 4]);
    expect(body.matrix.overdue.every((o) => o.daysOverdue === 5 && o.dueDate === '2026-12-31')).toBe(true);
    expect(body.matrix.states.OVERDUE).toBe(3);
  });

  it('no longer lists a period that has expired', async () => {
    expect(await say('ipb-zhang', 'ipb', '/统计')).toContain('### 30 天内到期的首谈期\n\n无。');
    const body = await stats();
    expect(body.expiring).toEqual([]);
    expect(body.projects.totals).toMatchObject({ EXPIRED: 1, EXCLUSIVE: 1 });
  });
});

describe('who may see the statistics', () => {
  it.each([
    ['binjiang-li', 'binjiang'],
    ['industry-sun', 'industry'],
  ])('refuses %s', async (user, conversation) => {
    expect(await say(user, conversation, '/统计')).toContain('您没有使用 /统计 的权限');
  });

  it.each([
    ['finance-zhao', 'finance'],
    ['audit-qian', 'audit'],
  ])('answers %s (FINANCE and AUDIT oversee the figures)', async (user, conversation) => {
    expect(await say(user, conversation, '/统计')).toContain('### 首报项目（按单位和状态）');
  });

  it('answers an administrator', async () => {
    expect(await say('admin', 'dm:admin', '/统计')).toContain('### 首报项目（按单位和状态）');
  });
});
