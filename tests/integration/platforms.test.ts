/**
 * Platform evaluation and site recommendation (policy 二(三); DESIGN §6) through the simulator API:
 * IPB records yearly indicator scores per platform, /平台评价 ranks a year with the formula shown, and
 * /推荐选址 ranks a chain's host units by the latest evaluation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { destinations, startHarness, textsTo, type Harness } from '../helpers/coordination.ts';

let h: Harness;
const TABLES = ['PlatformScore'];

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h?.stop();
});

describe('/平台评价 录入', () => {
  it('is entered by IPB 会同 DRC and the industry departments, for districts and platforms, with four scores of 0–100', async () => {
    const ok = '导引=90 落地=85 投资=88 生态=80';
    const refusals: [string, string, string, string][] = [
      ['leader-zhou', 'leaders', `/平台评价 录入 2026 滨江区 ${ok}`, '您没有使用 /平台评价 录入 的权限'],
      ['finance-zhao', 'finance', `/平台评价 录入 2026 滨江区 ${ok}`, '您没有使用 /平台评价 的权限'],
      ['binjiang-li', 'binjiang', '/平台评价 2026', '您没有使用 /平台评价 的权限'],
      ['ipb-zhang', 'ipb', `/平台评价 录入 2026 市财政局 ${ok}`, '不参加平台评价'],
      ['ipb-zhang', 'ipb', `/平台评价 录入 2027 滨江区 ${ok}`, '年度“2027”无效'],
      [
        'ipb-zhang',
        'ipb',
        '/平台评价 录入 2026 滨江区 导引=101 落地=85 投资=88 生态=80',
        '导引落实得分“101”不能超过 100',
      ],
      ['ipb-zhang', 'ipb', '/平台评价 录入 2026 滨江区 导引=-1 落地=85 投资=88 生态=80', '不能为负数'],
      ['ipb-zhang', 'ipb', '/平台评价 录入 2026 滨江区 导引=优 落地=85 投资=88 生态=80', '无法识别'],
      ['ipb-zhang', 'ipb', '/平台评价 录入 2026 滨江区 导引=90 落地=85', '缺少得分：投资、产业生态'],
      ['ipb-zhang', 'ipb', '/平台评价 录入 2026', '请写明年度、单位和四项得分'],
    ];
    for (const [user, conversation, text, expected] of refusals) {
      expect(await h.unchanged(TABLES, () => h.run(user, conversation, text)), text).toContain(expected);
    }
  });

  it('records scores, tells the unit, and updates them on a second entry', async () => {
    const { reply, sent } = await h.run(
      'ipb-zhang',
      'ipb',
      '/平台评价 录入 2026 滨江区 导引=90 落地=85 投资=88 生态=80',
    );
    expect(reply).toContain(
      '已录入「滨江区」2026年度平台评价：导引落实 90、项目落地 85、投资 88、产业生态 80，总分 85.75',
    );
    expect(destinations(sent)).toEqual(['binjiang']);
    expect(textsTo(sent, 'binjiang')[0]).toContain('作为重大项目选址推荐和政策支持的重要参考');
    const again = await h.run('ipb-zhang', 'ipb', '/平台评价 录入 2026 滨江区 导引=92 落地=85 投资=88 生态=80');
    expect(again.reply).toContain('已更新');
    expect(h.query('SELECT year, unitId, guide, landed, investment, ecosystem FROM "PlatformScore"')).toEqual([
      { year: 2026, unitId: 'binjiang', guide: 92, landed: 85, investment: 88, ecosystem: 80 },
    ]);
    const audit = h.query<{ before: string }>(
      `SELECT before FROM "AuditEvent" WHERE action = 'platform.score' ORDER BY seq DESC LIMIT 1`,
    )[0];
    expect(JSON.parse(audit!.before)).toEqual({ guide: 90, landed: 85, investment: 88, ecosystem: 80 });
    // 二(三): 市发改委 and the industry departments evaluate with IPB; the unit is told who entered the scores.
    const byDrc = await h.run('drc-wu', 'drc', '/平台评价 录入 2026 滨江区 导引=92 落地=85 投资=88 生态=80');
    expect(byDrc.reply).toContain('已更新「滨江区」2026年度平台评价');
    expect(textsTo(byDrc.sent, 'binjiang')[0]).toContain('【平台评价】市发改委（');
    expect(
      (await h.run('industry-sun', 'industry', '/平台评价 录入 2026 滨江区 导引=92 落地=85 投资=88 生态=80')).reply,
    ).toContain('已更新');
  });
});

describe('/平台评价 <年>', () => {
  it('ranks the year with the formula; equal totals share a rank', async () => {
    await h.run('ipb-zhang', 'ipb', '/平台评价 录入 2026 钱塘区 导引=80 落地=90 投资=90 生态=80'); // 85
    await h.run('ipb-zhang', 'ipb', '/平台评价 录入 2026 萧山区 导引=90 落地=80 投资=80 生态=90'); // 85
    await h.run('ipb-zhang', 'ipb', '/平台评价 录入 2025 钱塘区 导引=99 落地=99 投资=99 生态=99');
    const ranking = await h.t.client.say('drc-wu', 'drc', '/平台评价 2026');
    expect(ranking).toContain(
      '总分 = 导引落实 × 25% + 项目落地 × 25% + 投资 × 25% + 产业生态 × 25%（实施规则 R9「平台评价」），各项 0—100 分，同分同名次',
    );
    expect(ranking).toContain('由市投资促进局牵头会同市发改委以及相关产业主管部门综合评价');
    expect(ranking.split('\n').filter((l) => /^\d+\. /.test(l))).toEqual([
      '1. **滨江区** 86.25 分（导引落实 92、项目落地 85、投资 88、产业生态 80）',
      '2. **萧山区** 85 分（导引落实 90、项目落地 80、投资 80、产业生态 90）',
      '2. **钱塘区** 85 分（导引落实 80、项目落地 90、投资 90、产业生态 80）',
    ]);
    expect(await h.t.client.say('leader-zhou', 'leaders', '/平台评价 2024')).toContain('2024年度还没有平台评价');
    expect(await h.t.client.say('industry-sun', 'industry', '/平台评价')).toContain('2026年度产业平台评价排名');
  });
});

describe('/推荐选址', () => {
  it('ranks a chain’s host units by the latest evaluation and lists hosts it lacks', async () => {
    const chip = await h.t.client.say('nrb-he', 'nrb', '/推荐选址 集成电路');
    expect(chip).toContain('按《布局导引》承载单位的2026年度平台评价排序');
    expect(
      chip
        .split('\n')
        .filter((l) => /^\d+\. /.test(l))
        .map((l) => l.replace(/（.*$/, '')),
    ).toEqual(['1. **滨江区** 86.25 分', '2. **钱塘区** 85 分']);
    const equipment = await h.t.client.say('sasac-zheng', 'sasac', '/推荐选址 高端装备');
    expect(equipment).toContain('都还没有平台评价');
    expect(equipment).toContain('萧山经济技术开发区、临平区、富阳区');
    await h.run('ipb-zhang', 'ipb', '/平台评价 录入 2026 萧山经济技术开发区 导引=70 落地=70 投资=70 生态=70');
    const ranked = await h.t.client.say('sasac-zheng', 'sasac', '/推荐选址 高端装备');
    expect(ranked).toContain('1. **萧山经济技术开发区** 70 分');
    expect(ranked).toContain('2026年度未评价：临平区、富阳区');
  });

  it('refuses an unknown chain, an empty one, and users outside the coordinating departments', async () => {
    expect(await h.t.client.say('ipb-zhang', 'ipb', '/推荐选址 造船')).toContain('产业链“造船”不在《布局导引》中');
    expect(await h.t.client.say('ipb-zhang', 'ipb', '/推荐选址')).toContain('请写明产业链');
    expect(await h.t.client.say('binjiang-li', 'binjiang', '/推荐选址 集成电路')).toContain(
      '您没有使用 /推荐选址 的权限',
    );
  });
});
