/**
 * Land coordination (policy 五(一); DESIGN §6) through the simulator API: project land data set by the
 * holder unit or 市规划和自然资源局, the major-project ranking with its formula and components, and the
 * ledger of revitalised stock land with next year's quota reward.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { destinations, startHarness, textsTo, type Harness } from '../helpers/coordination.ts';

let h: Harness;
const TABLES = ['ProjectLand', 'LandRevitalisation'];
let chip = '';
let security = '';
let small = '';
let car = '';

beforeAll(async () => {
  h = await startHarness();
  chip = await h.exclusive(
    'binjiang-li',
    'binjiang',
    '项目=封测基地 投资方=杭州芯光科技有限公司 产业链=集成电路 投资额=50亿 意向=签订意向书',
  );
  security = await h.exclusive(
    'binjiang-li',
    'binjiang',
    '项目=安防总部 投资方=杭州视界安防有限公司 产业链=数字安防 投资额=20亿 意向=多轮洽谈',
  );
  small = await h.exclusive(
    'yuhang-chen',
    'yuhang',
    '项目=算法实验室 投资方=杭州云启智能有限公司 产业链=人工智能 投资额=8000万 意向=实地考察',
  );
  car = await h.exclusive(
    'xiaoshan-wang',
    'xiaoshan',
    '项目=整车基地 投资方=杭州驰远汽车有限公司 产业链=新能源汽车 投资额=10亿 意向=签订意向书',
  );
  await h.settle();
});

afterAll(async () => {
  await h?.stop();
});

describe('/用地 登记', () => {
  it('is refused for bad figures, another unit’s project, or users without the right role', async () => {
    const refusals: [string, string, string, string][] = [
      ['binjiang-li', 'binjiang', `/用地 登记 ${chip} 面积=0 产值=60亿`, '面积“0”必须大于 0'],
      ['binjiang-li', 'binjiang', `/用地 登记 ${chip} 面积=-5 产值=60亿`, '不能为负数'],
      ['binjiang-li', 'binjiang', `/用地 登记 ${chip} 面积=12.345 产值=60亿`, '最多保留两位小数'],
      ['binjiang-li', 'binjiang', `/用地 登记 ${chip} 面积=100 产值=很多`, '产值“很多”无法识别'],
      ['binjiang-li', 'binjiang', `/用地 登记 ${chip} 面积=100`, '请写明项目编号、面积和预计年产值'],
      ['xiaoshan-wang', 'xiaoshan', `/用地 登记 ${chip} 面积=100 产值=60亿`, '不是本单位的项目'],
      ['ipb-zhang', 'ipb', `/用地 登记 ${chip} 面积=100 产值=60亿`, '您没有使用 /用地 登记 的权限'],
      ['drc-wu', 'drc', `/用地 排序`, '您没有使用 /用地 的权限'],
    ];
    for (const [user, conversation, text, expected] of refusals) {
      expect(await h.unchanged(TABLES, () => h.run(user, conversation, text)), text).toContain(expected);
    }
  });

  it('by the holder tells 市规划和自然资源局; by NRB tells the holder; a second one updates', async () => {
    const first = await h.run('binjiang-li', 'binjiang', `/用地 登记 ${chip} 面积=100亩 产值=60亿`);
    expect(first.reply).toContain(`已登记 ${chip} 用地数据：用地 100 亩，预计年产值 60亿元，亩均产值 6000.00 万元/亩`);
    expect(destinations(first.sent)).toEqual(['nrb']);
    const second = await h.run('nrb-he', 'nrb', `/用地 登记 ${security} 面积=50 产值=30亿`);
    expect(destinations(second.sent)).toEqual(['binjiang']);
    expect(textsTo(second.sent, 'binjiang')[0]).toContain('何军 登记了');
    const update = await h.run('nrb-he', 'nrb', `/用地 登记 ${security} 面积=50 产值=40亿`);
    expect(update.reply).toContain('已更新');
    expect(h.query('SELECT areaMu, outputWan FROM "ProjectLand" ORDER BY projectId')).toEqual([
      { areaMu: 100, outputWan: 600_000 },
      { areaMu: 50, outputWan: 400_000 },
    ]);
    const audit = h.query<{ before: string | null; after: string }>(
      `SELECT before, after FROM "AuditEvent" WHERE action = 'land.register' AND recordId = ? ORDER BY seq`,
      security,
    );
    expect(audit.map((a) => [a.before === null ? null : JSON.parse(a.before), JSON.parse(a.after)])).toEqual([
      [null, { areaMu: 50, outputWan: 300_000 }],
      [
        { areaMu: 50, outputWan: 300_000 },
        { areaMu: 50, outputWan: 400_000 },
      ],
    ]);
  });
});

describe('/用地 排序', () => {
  it('ranks major projects with the formula and every component shown, listing those without data', async () => {
    const reply = await h.t.client.say('nrb-he', 'nrb', '/用地 排序');
    expect(reply).toContain(
      '得分 = 50 × 投资额 ÷ 最高投资额（50亿元） + 50 × 亩均产值 ÷ 最高亩均产值（8000.00 万元/亩）',
    );
    expect(reply).toContain('投资额不低于 1亿元');
    const lines = reply.split('\n').filter((l) => /^\d+\. /.test(l));
    expect(lines).toEqual([
      `1. **${chip}** 封测基地（滨江区）｜投资 50亿元｜用地 100 亩｜年产值 60亿元｜亩均 6000.00 万元/亩｜得分 87.50 = 50.00 + 37.50`,
      `2. **${security}** 安防总部（滨江区）｜投资 20亿元｜用地 50 亩｜年产值 40亿元｜亩均 8000.00 万元/亩｜得分 70.00 = 20.00 + 50.00`,
    ]);
    expect(reply).toContain(`未登记用地数据、暂不参与排序：${car}（萧山区）`);
    expect(reply).not.toContain(small);
  });

  it('takes a threshold and a unit, and keeps a reporter to its own unit', async () => {
    expect(await h.t.client.say('nrb-he', 'nrb', '/用地 排序 门槛=5000万')).toContain(`${small}（余杭区）`);
    const binjiang = await h.t.client.say('ipb-zhang', 'ipb', '/用地 排序 滨江区');
    expect(binjiang).toContain('（滨江区）');
    expect(binjiang).not.toContain(car);
    expect(await h.t.client.say('binjiang-li', 'binjiang', '/用地 排序 萧山区')).toContain('只能查看本单位');
    const own = await h.t.client.say('xiaoshan-wang', 'xiaoshan', '/用地 排序');
    expect(own).toContain('萧山区');
    expect(own).not.toContain(chip);
    expect(await h.t.client.say('nrb-he', 'nrb', '/用地 排序 门槛=很多')).toContain('门槛“很多”无法识别');
    expect(await h.t.client.say('nrb-he', 'nrb', '/用地 排序 淳安县')).toContain('淳安县暂无');
  });
});

describe('/用地 盘活 and /用地 台账', () => {
  it('is 市规划和自然资源局’s, for districts and platforms, and refuses bad input', async () => {
    const refusals: [string, string, string, string][] = [
      ['binjiang-li', 'binjiang', '/用地 盘活 萧山区 30', '您没有使用 /用地 盘活 的权限'],
      ['nrb-he', 'nrb', '/用地 盘活 市财政局 30', '不是区、县（市）或产业平台'],
      ['nrb-he', 'nrb', '/用地 盘活 萧山区 abc', '面积“abc”无法识别'],
      ['nrb-he', 'nrb', '/用地 盘活 萧山区 30 年度=2030', '供地年度“2030”无效'],
      ['nrb-he', 'nrb', '/用地 盘活 萧山区 30 项目=ZS-2026-0999', '没有找到项目'],
      ['nrb-he', 'nrb', '/用地 盘活 萧山区', '请写明单位和盘活面积'],
      ['nrb-he', 'nrb', '/用地 清空', '不是 /用地 的操作'],
    ];
    for (const [user, conversation, text, expected] of refusals) {
      expect(await h.unchanged(TABLES, () => h.run(user, conversation, text)), text).toContain(expected);
    }
  });

  it('records revitalised land and the next year’s reward, telling the unit', async () => {
    const { reply, sent } = await h.run('nrb-he', 'nrb', `/用地 盘活 萧山区 30 亩 项目=${car} 说明=老厂房 腾退`);
    expect(reply).toContain('萧山区 盘活存量土地 30 亩（2026年完成供地），2027年度给予新增建设用地指标奖励 30 亩');
    expect(destinations(sent)).toEqual(['xiaoshan']);
    expect(textsTo(sent, 'xiaoshan')[0]).toContain(`（用于 ${car}）`);
    await h.run('nrb-he', 'nrb', '/用地 盘活 滨江区 12.5 年度=2025 奖励=10');
    await h.run('nrb-he', 'nrb', '/用地 盘活 萧山区 20');
    expect(
      h.query('SELECT unitId, areaMu, supplyYear, rewardYear, rewardMu, note FROM "LandRevitalisation" ORDER BY id'),
    ).toEqual([
      { unitId: 'xiaoshan', areaMu: 30, supplyYear: 2026, rewardYear: 2027, rewardMu: 30, note: '老厂房 腾退' },
      { unitId: 'binjiang', areaMu: 12.5, supplyYear: 2025, rewardYear: 2026, rewardMu: 10, note: null },
      { unitId: 'xiaoshan', areaMu: 20, supplyYear: 2026, rewardYear: 2027, rewardMu: 20, note: null },
    ]);
  });

  it('shows the ledger with reward totals city-wide, and a reporter its own unit only', async () => {
    const ledger = await h.t.client.say('nrb-he', 'nrb', '/用地 台账');
    expect(ledger).toContain('- 2027年度｜萧山区｜盘活 50 亩（2 笔）→ 奖励 50 亩');
    expect(ledger).toContain('- 2026年度｜滨江区｜盘活 12.5 亩（1 笔）→ 奖励 10 亩');
    expect(ledger).toContain(`盘活-1｜萧山区｜30 亩｜2026年供地 → 2027年奖励 30 亩｜${car}｜老厂房 腾退`);
    const own = await h.t.client.say('binjiang-li', 'binjiang', '/用地 台账');
    expect(own).toContain('滨江区');
    expect(own).not.toContain('萧山区');
    const trail = await h.t.client.say('ipb-zhang', 'ipb', '/审计 盘活-1');
    expect(trail).toContain('登记盘活存量土地');
  });
});
