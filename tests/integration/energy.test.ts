/**
 * Energy quota (policy 五(二); DESIGN §6) through the simulator API: 市发改委 sets the year's pool,
 * holder units request quota for their projects, and the allocation serves requests by output per tonne
 * of standard coal until the pool is used, notifies every requester, and is idempotent.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { destinations, startHarness, textsTo, type Harness } from '../helpers/coordination.ts';

let h: Harness;
const TABLES = ['EnergyPool', 'EnergyRequest'];
let chip = '';
let security = '';
let car = '';
let ai = '';
let cityLed = '';

const requests = () =>
  h.query<{
    code: string;
    tonnes: number;
    outputWan: number;
    outcome: string | null;
    grantedTonnes: number | null;
    rank: number | null;
  }>(
    'SELECT p.code, r.tonnes, r.outputWan, r.outcome, r.grantedTonnes, r.rank FROM "EnergyRequest" r JOIN "Project" p ON p.id = r.projectId ORDER BY r.id',
  );

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
  car = await h.exclusive(
    'xiaoshan-wang',
    'xiaoshan',
    '项目=整车基地 投资方=杭州驰远汽车有限公司 产业链=新能源汽车 投资额=10亿 意向=签订意向书',
  );
  ai = await h.exclusive(
    'yuhang-chen',
    'yuhang',
    '项目=算力中心 投资方=杭州云启智能有限公司 产业链=人工智能 投资额=30亿 意向=实地考察',
  );
  cityLed = await h.report(
    'yuhang-chen',
    'yuhang',
    '项目=创新药基地 投资方=杭州康源生物医药有限公司 产业链=生物医药 投资额=12亿 意向=多轮洽谈',
  );
  await h.run('ipb-zhang', 'ipb', `/市级主谈 ${cityLed} 理由=跨区域布局 预评估=跨区布局`);
  await h.run('leader-zhou', 'leaders', `/市级主谈 批准 ${cityLed}`);
  await h.settle();
});

afterAll(async () => {
  await h?.stop();
});

describe('the pool', () => {
  it('must exist before units request', async () => {
    expect(
      await h.unchanged(TABLES, () => h.run('binjiang-li', 'binjiang', `/能耗 申请 ${chip} 用能=4000 产值=40亿`)),
    ).toContain('目前没有可申请的能耗指标池');
  });

  it('is set by 市发改委 only, for this year or a few ahead, in whole tonnes', async () => {
    const refusals: [string, string, string, string][] = [
      ['binjiang-li', 'binjiang', '/能耗 额度 2027 10000', '您没有使用 /能耗 额度 的权限'],
      ['drc-wu', 'drc', '/能耗 额度 2020 10000', '年份“2020”无效'],
      ['drc-wu', 'drc', '/能耗 额度 2027 12.5', '须为整吨'],
      ['drc-wu', 'drc', '/能耗 额度 2027 0', '必须大于 0'],
      ['drc-wu', 'drc', '/能耗 额度 2027', '请写明年份和额度'],
      ['drc-wu', 'drc', '/能耗 分配 2027', '尚未设定2027年能耗指标池'],
      ['nrb-he', 'nrb', '/能耗', '您没有使用 /能耗 的权限'],
    ];
    for (const [user, conversation, text, expected] of refusals) {
      expect(await h.unchanged(TABLES, () => h.run(user, conversation, text)), text).toContain(expected);
    }
    const { reply, sent } = await h.run('drc-wu', 'drc', '/能耗 额度 2027 0.8万吨标煤');
    expect(reply).toContain('已设定2027年能耗指标池：8000 吨标煤');
    expect(destinations(sent)).toEqual(['city']);
    expect(textsTo(sent, 'city')[0]).toContain('按单位能耗产值（万元/吨标煤）从高到低分配');
    const reset = await h.run('drc-wu', 'drc', '/能耗 额度 2027 10000 吨标煤');
    expect(reset.reply).toContain('（原为 8000 吨标煤）');
    expect(h.query('SELECT year, tonnes, allocatedAt FROM "EnergyPool"')).toEqual([
      { year: 2027, tonnes: 10_000, allocatedAt: null },
    ]);
  });
});

describe('requests', () => {
  it('are refused for city-led projects with the reason, other units’ projects, and bad figures', async () => {
    const refusals: [string, string, string, string][] = [
      ['yuhang-chen', 'yuhang', `/能耗 申请 ${cityLed} 用能=1000 产值=5亿`, '正由市级主谈'],
      ['xiaoshan-wang', 'xiaoshan', `/能耗 申请 ${chip} 用能=4000 产值=40亿`, '只有持有单位可以申请'],
      ['binjiang-li', 'binjiang', `/能耗 申请 ${chip} 用能=abc 产值=40亿`, '用能“abc”无法识别'],
      ['binjiang-li', 'binjiang', `/能耗 申请 ${chip} 用能=4000 产值=0`, '产值“0”无法识别'],
      ['binjiang-li', 'binjiang', `/能耗 申请 ${chip} 用能=4000`, '请写明项目编号、用能和产值'],
      ['binjiang-li', 'binjiang', `/能耗 申请 ${chip} 用能=4000 产值=40亿 年度=2028`, '尚未设定2028年能耗指标池'],
      ['drc-wu', 'drc', `/能耗 申请 ${chip} 用能=4000 产值=40亿`, '您没有使用 /能耗 申请 的权限'],
    ];
    for (const [user, conversation, text, expected] of refusals) {
      expect(await h.unchanged(TABLES, () => h.run(user, conversation, text)), text).toContain(expected);
    }
  });

  it('go to the open pool, tell 市发改委, and a second request for a project replaces the first', async () => {
    await h.tick();
    const first = await h.run('binjiang-li', 'binjiang', `/能耗 申请 ${chip} 用能=4000 产值=30亿`);
    expect(first.reply).toContain('2027年能耗指标申请');
    expect(destinations(first.sent)).toEqual(['drc']);
    await h.tick();
    expect((await h.run('binjiang-li', 'binjiang', `/能耗 申请 ${chip} 用能=4000 产值=40亿`)).reply).toContain(
      '已更新',
    );
    await h.tick();
    await h.run('xiaoshan-wang', 'xiaoshan', `/能耗 申请 ${car} 用能=3000 产值=30亿`); // 100 万元/吨, same as chip but later
    await h.tick();
    await h.run('binjiang-li', 'binjiang', `/能耗 申请 ${security} 用能=5000 产值=25亿`); // 50
    await h.tick();
    await h.run('yuhang-chen', 'yuhang', `/能耗 申请 ${ai} 用能=2000 产值=4亿`); // 20
    expect(requests().map((r) => [r.code, r.tonnes, r.outputWan])).toEqual([
      [chip, 4000, 400_000],
      [car, 3000, 300_000],
      [security, 5000, 250_000],
      [ai, 2000, 40_000],
    ]);
    const own = await h.t.client.say('xiaoshan-wang', 'xiaoshan', '/能耗 2027');
    expect(own).toContain(car);
    expect(own).not.toContain(chip);
  });
});

describe('/能耗 分配', () => {
  it('allocates by output per tonne until the pool is used, and notifies every requester', async () => {
    const { reply, sent } = await h.run('drc-wu', 'drc', '/能耗 分配 2027');
    expect(reply).toContain('指标池 10000 吨标煤，已分配 10000，剩余 0');
    const lines = reply.split('\n').filter((l) => /^\d+\. /.test(l));
    expect(lines).toEqual([
      `1. ${chip}（滨江区）｜100.00 万元/吨标煤｜申请 4000｜分配 4000｜全额分配`,
      `2. ${car}（萧山区）｜100.00 万元/吨标煤｜申请 3000｜分配 3000｜全额分配`,
      `3. ${security}（滨江区）｜50.00 万元/吨标煤｜申请 5000｜分配 3000｜部分分配（额度池已用完）`,
      `4. ${ai}（余杭区）｜20.00 万元/吨标煤｜申请 2000｜分配 0｜未获分配（额度池已用完）`,
    ]);
    expect(requests().map((r) => [r.code, r.outcome, r.grantedTonnes, r.rank])).toEqual([
      [chip, 'FULL', 4000, 1],
      [car, 'FULL', 3000, 2],
      [security, 'PARTIAL', 3000, 3],
      [ai, 'NONE', 0, 4],
    ]);
    expect(destinations(sent)).toEqual(['binjiang', 'xiaoshan', 'yuhang']);
    expect(textsTo(sent, 'binjiang')).toHaveLength(2);
    expect(textsTo(sent, 'yuhang')[0]).toContain(
      `【能耗指标分配结果】${ai} 2027年申请 2000 吨标煤，未获分配（额度池已用完）：分配 0 吨标煤（第 4/4 位，按实施规则 R8「能耗竞争性分配」排序）`,
    );
  });

  it('is idempotent: a second run shows the same result and changes or sends nothing', async () => {
    const reply = await h.unchanged(TABLES, () => h.run('drc-wu', 'drc', '/能耗 分配 2027'));
    expect(reply).toContain('已于');
    expect(reply).toContain('未重复通知');
    expect(reply).toContain(`3. ${security}（滨江区）｜50.00 万元/吨标煤｜申请 5000｜分配 3000`);
  });

  it('closes the pool to new requests and changes', async () => {
    expect(
      await h.unchanged(TABLES, () =>
        h.run('binjiang-li', 'binjiang', `/能耗 申请 ${chip} 用能=100 产值=1亿 年度=2027`),
      ),
    ).toContain('已于');
    expect(await h.unchanged(TABLES, () => h.run('drc-wu', 'drc', '/能耗 额度 2027 20000'))).toContain('分配完毕');
    expect(
      await h.unchanged(TABLES, () => h.run('binjiang-li', 'binjiang', `/能耗 申请 ${chip} 用能=100 产值=1亿`)),
    ).toContain('目前没有可申请的能耗指标池');
    expect(await h.t.client.say('drc-wu', 'drc', '/能耗 2027')).toContain('已于');
    expect(await h.t.client.say('ipb-zhang', 'ipb', `/审计 能耗-2027`)).toContain('分配能耗指标');
  });

  it('refuses to allocate a pool nobody requested from', async () => {
    await h.run('drc-wu', 'drc', '/能耗 额度 2028 5000');
    expect(await h.unchanged(TABLES, () => h.run('drc-wu', 'drc', '/能耗 分配 2028'))).toContain('还没有能耗指标申请');
  });
});
