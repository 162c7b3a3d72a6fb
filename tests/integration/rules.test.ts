/**
 * Implementation rules (实施规则, DESIGN §10) through the simulator API: /规则 lists R1–R12 with value,
 * owner and basis; /规则 设置 is the owning unit's (or ADMIN's), needs a basis, validates the value,
 * is audited and announced to the city group; decisions use the value in force and record it, so
 * /审计 <编号> names the rule that applied.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { destinations, startHarness, textsTo, type Harness } from '../helpers/coordination.ts';
import { periodEnd } from '../helpers/period.ts';

let h: Harness;
const TABLES = ['RuleValue', 'RuleApplication'];

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h?.stop();
});

describe('/规则', () => {
  it('lists R1–R13 with value, owner and basis for every registered user', async () => {
    const { reply } = await h.run('binjiang-li', 'binjiang', '/规则');
    for (let n = 1; n <= 13; n++) expect(reply).toContain(`**R${n}「`);
    expect(reply).toContain(
      '**R1「首谈期天数」**（市投资促进局）：首谈期 180 天｜依据：产品默认值（部署配置 EXCLUSIVITY_DAYS），制度未规定',
    );
    expect(reply).toContain(
      '**R6「用地排序」**（市规划和自然资源局）：投资规模 50% + 亩均产值 50%，投资额 1亿元及以上为重大项目',
    );
    expect(reply).toContain('**R8「能耗竞争性分配」**（市发改委）');
  });

  it('shows one rule with the clause it fills in and its (empty) history', async () => {
    const { reply } = await h.run('xiaoshan-wang', 'xiaoshan', '/规则 r4');
    expect(reply).toContain('实施规则 R4「存量流转联合审查结论」');
    expect(reply).toContain('《工作制度》四(三)');
    expect(reply).toContain('尚未修改过');
    expect(await h.unchanged(TABLES, () => h.run('xiaoshan-wang', 'xiaoshan', '/规则 R14'))).toContain(
      '没有实施规则“R14”',
    );
  });

  it('refuses a change by anyone but the owner or ADMIN, without a basis, or with a bad value, changing nothing', async () => {
    const refusals: [string, string, string, string][] = [
      ['binjiang-li', 'binjiang', '/规则 设置 R1 90 依据=测试', '您没有使用 /规则 设置 的权限'],
      [
        'nrb-he',
        'nrb',
        '/规则 设置 R1 90 依据=测试',
        'R1「首谈期天数」属于市投资促进局，只有市投资促进局或系统管理员可以修改',
      ],
      ['ipb-zhang', 'ipb', '/规则 设置 R6 60/40/1亿 依据=测试', 'R6「用地排序」属于市规划和自然资源局'],
      ['ipb-zhang', 'ipb', '/规则 设置 R1 90', '修改实施规则须写明依据'],
      ['ipb-zhang', 'ipb', '/规则 设置 R1 0 依据=测试', '须在 1 到 3650 之间'],
      ['ipb-zhang', 'ipb', '/规则 设置 R1 半年 依据=测试', '须为 1 到 3650 之间的整数'],
      ['ipb-zhang', 'ipb', '/规则 设置 R4 多数同意 依据=测试', '只能是：默认、一致同意'],
      ['nrb-he', 'nrb', '/规则 设置 R6 60/50/1亿 依据=测试', '合计 100'],
      ['ipb-zhang', 'ipb', '/规则 设置 R1 180 依据=测试', '当前已是这个值'],
      ['ipb-zhang', 'ipb', '/规则 设置 R99 1 依据=测试', '没有实施规则“R99”'],
      ['ipb-zhang', 'ipb', '/规则 设置 R1', '请写明规则编号、新值和依据'],
    ];
    for (const [user, conversation, text, expected] of refusals) {
      expect(await h.unchanged(TABLES, () => h.run(user, conversation, text)), text).toContain(expected);
    }
  });

  it('sets R1 by IPB with its basis: audited, announced to the city group, and used by the next grant', async () => {
    const { reply, sent } = await h.run('ipb-zhang', 'ipb', '/规则 设置 R1 90天 依据=杭投促〔2026〕12号');
    expect(reply).toContain('已修改 实施规则 R1「首谈期天数」：首谈期 90 天（依据：杭投促〔2026〕12号）');
    expect(destinations(sent)).toEqual(['city']);
    expect(textsTo(sent, 'city')[0]).toContain('原为：首谈期 180 天');
    const audit = h.query<{ before: string; after: string }>(
      `SELECT before, after FROM "AuditEvent" WHERE action = 'rule.set' AND recordId = 'R1'`,
    );
    expect(audit.map((a) => [JSON.parse(a.before), JSON.parse(a.after)])).toEqual([
      [
        { value: '180', basis: null },
        { value: '90', basis: '杭投促〔2026〕12号' },
      ],
    ]);

    const code = await h.exclusive(
      'binjiang-li',
      'binjiang',
      '项目=规则测试基地 投资方=杭州规则测试科技有限公司 产业链=集成电路 投资额=3亿 意向=签订意向书',
    );
    const until = h.query<{ exclusiveUntil: string }>('SELECT exclusiveUntil FROM "Project" WHERE code = ?', code)[0]!
      .exclusiveUntil;
    expect(new Date(until).getTime()).toBe(periodEnd(h.now(), 90));

    const history = await h.run('ipb-liu', 'ipb', `/审计 ${code}`);
    expect(history.reply).toContain('适用的实施规则');
    expect(history.reply).toContain(
      '赋予排他性首谈资格：实施规则 R1「首谈期天数」，首谈期 90 天｜依据：杭投促〔2026〕12号',
    );
    expect(history.reply).toContain('实施规则 R3「同一投资方多家首报的审核顺序」');

    const shown = await h.run('binjiang-li', 'binjiang', '/规则 R1');
    expect(shown.reply).toContain('首谈期 90 天｜依据：杭投促〔2026〕12号');
    expect(shown.reply).toContain('修改记录');
  });

  it('lets ADMIN set a rule another unit owns, and the owner NRB its own', async () => {
    expect((await h.run('admin', 'city', '/规则 设置 R3 不限顺序 依据=市政府同意的工作方案')).reply).toContain(
      '已修改 实施规则 R3',
    );
    expect((await h.run('nrb-he', 'nrb', '/规则 设置 R7 1.5 依据=杭规资〔2026〕3号')).reply).toContain('奖励 1.5 亩');
  });
});

describe('R8, R10 and R12: one implemented method each, refused otherwise, recorded on the decisions that use them', () => {
  it('refuses any other value, naming the one the bot implements', async () => {
    const refusals: [string, string, string, string][] = [
      ['drc-wu', 'drc', '/规则 设置 R8 按投资额 依据=测试', '目前只实现了「单位能耗产出」这一种'],
      ['ipb-zhang', 'ipb', '/规则 设置 R10 全部报常务会议 依据=测试', '目前只实现了「默认」这一种'],
      ['ipb-zhang', 'ipb', '/规则 设置 R12 合计高于承载地 依据=测试', '目前只实现了「任一项高于承载地」这一种'],
    ];
    for (const [user, conversation, text, expected] of refusals) {
      expect(await h.unchanged(TABLES, () => h.run(user, conversation, text)), text).toContain(expected);
    }
  });

  it('records R10 on a 一事一议 request, R8 on an energy allocation and R12 on a 比拼政策 finding; /审计 names them', async () => {
    const code = await h.exclusive(
      'binjiang-li',
      'binjiang',
      '项目=规则路由基地 投资方=杭州路由测试科技有限公司 产业链=集成电路 投资额=6亿 意向=签订意向书',
    );

    const support = await h.run('binjiang-li', 'binjiang', `/一事一议 ${code} 方式=基金 金额=5000万 说明=设备投资`);
    const supportCode = /YS-\d{4}-\d{4}/.exec(support.reply)?.[0];
    expect(supportCode, support.reply).toBeDefined();
    expect(destinations(support.sent)).toEqual(['ipb']);
    const screened = await h.run('ipb-zhang', 'ipb', `/一事一议 审核 ${supportCode} 通过`);
    expect(destinations(screened.sent)).toEqual(['binjiang', 'sasac']);
    const audit = (await h.run('ipb-zhang', 'ipb', `/审计 ${supportCode}`)).reply;
    expect(audit).toContain('提交一事一议：实施规则 R10「一事一议路由」，基金、股权直投 → 市国资委');
    expect(audit).toContain('市投资促进局审核一事一议：实施规则 R10「一事一议路由」');
    expect(audit).toContain('区县提出的申请先由市投资促进局审核');

    expect((await h.run('drc-wu', 'drc', '/能耗 额度 2026 1000')).reply).toContain('1000');
    expect((await h.run('binjiang-li', 'binjiang', `/能耗 申请 ${code} 用能=100 产值=2亿`)).reply).toContain(code);
    expect((await h.run('drc-wu', 'drc', '/能耗 分配 2026')).reply).toContain(code);
    expect((await h.run('ipb-zhang', 'ipb', '/审计 能耗-2026')).reply).toContain(
      '分配能耗指标：实施规则 R8「能耗竞争性分配」，按单位能耗产出',
    );

    expect(
      (await h.run('binjiang-li', 'binjiang', '/政策备案 产业链=集成电路 类型=税收奖励 比例=30% 年限=3')).reply,
    ).toContain('承载地');
    const filed = await h.run('xiaoshan-wang', 'xiaoshan', '/政策备案 产业链=集成电路 类型=税收奖励 比例=50% 年限=3');
    const finding = /BP-\d{4}-\d{4}/.exec(filed.reply)?.[0];
    expect(finding, filed.reply).toBeDefined();
    expect((await h.run('ipb-zhang', 'ipb', `/审计 ${finding}`)).reply).toContain(
      '发现比拼政策：实施规则 R12「比拼政策认定」，非承载地备案的任一项政策高于承载地的，即为比拼政策',
    );
  });
});
