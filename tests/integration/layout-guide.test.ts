/**
 * /布局导引 (DESIGN §4.4, policy 二(二) and 三(一)) through the simulator API, on the demo guide the
 * bot seeds at start-up (2026, version 1).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBot, tempDir, type TestBot } from '../helpers/test-bot.ts';
import { textOf, type SentRow } from '../helpers/sim-client.ts';
import { readOnlyQueries } from '../helpers/db.ts';

const dir = tempDir();
let t: TestBot;

beforeAll(async () => {
  t = await startTestBot(`${dir.path}/bot.db`);
});

afterAll(async () => {
  await t.stop();
  dir.remove();
});

const { query, count } = readOnlyQueries(() => t.dbPath);

const versions = () =>
  query<{ year: number; version: number }>('SELECT year, version FROM "GuideVersion" ORDER BY year, version');
const latestVersion = (year = 2026) =>
  Math.max(
    ...versions()
      .filter((v) => v.year === year)
      .map((v) => v.version),
  );
const hostsOf = (chain: string, year = 2026, version = latestVersion(year)) =>
  query<{ unitId: string }>(
    'SELECT a.unitId FROM "GuideAssignment" a JOIN "GuideVersion" v ON v.id = a.guideVersionId WHERE v.year = ? AND v.version = ? AND a.chain = ? ORDER BY a.id',
    year,
    version,
    chain,
  ).map((r) => r.unitId);
const guideAudits = (year = 2026) =>
  query<{ action: string; actorId: string }>(
    'SELECT action, actorId FROM "AuditEvent" WHERE recordType = ? AND recordId = ? ORDER BY seq',
    'LayoutGuide',
    `布局导引-${year}`,
  );

/** The line of the shown guide that lists one chain's hosts. */
function chainLine(shown: string, chain: string): string {
  return shown.split('\n').find((line) => line.startsWith(`- **${chain}**`)) ?? '';
}

async function cityNotices(after: number, predicate: (text: string) => boolean): Promise<SentRow[]> {
  const rows = await t.client.waitForSent((all) =>
    all.some((r) => r.id > after && r.to.conversationId === 'city' && predicate(textOf(r.message))),
  );
  return rows.filter((r) => r.id > after && r.to.conversationId === 'city');
}

const lastSentId = async () => (await t.client.sent()).at(-1)?.id ?? 0;

describe('showing the guide', () => {
  it('shows the seeded demo guide to any registered user, grouped by chain, with year, version and the demo note', async () => {
    const shown = await t.client.say('binjiang-li', 'binjiang', '/布局导引');
    expect(shown).toContain('2026年第1版');
    expect(shown).toContain('演示数据');
    expect(chainLine(shown, '集成电路')).toContain('滨江区');
    expect(chainLine(shown, '数字安防')).toContain('滨江区');
    expect(chainLine(shown, '新能源汽车')).toContain('萧山区');
    expect(chainLine(shown, '新能源汽车')).not.toContain('滨江区');
    expect(chainLine(shown, '人工智能')).toContain('余杭区');
    expect(chainLine(shown, '生物医药')).toContain('余杭区');
    expect(shown).toContain('二(二)');
    // Reporters are not offered the editing commands.
    expect(shown).not.toContain('/布局导引 添加|移除');
    expect(await t.client.say('ipb-zhang', 'ipb', '/guide')).toContain('/布局导引 添加|移除');
  });

  it('seeds the demo guide as version 1 of the current year, with demo platforms among the hosts', () => {
    expect(versions()).toEqual([{ year: 2026, version: 1 }]);
    expect(query<{ note: string; createdBy: string }>('SELECT note, createdBy FROM "GuideVersion"')[0]).toMatchObject({
      createdBy: 'demo-seed',
    });
    expect(query<{ note: string }>('SELECT note FROM "GuideVersion"')[0]?.note).toContain('DEMO');
    expect(count('SELECT COUNT(DISTINCT chain) AS n FROM "GuideAssignment"')).toBeGreaterThanOrEqual(10);
    expect(
      count(
        `SELECT COUNT(*) AS n FROM "GuideAssignment" WHERE unitId IN ('future-sci-city', 'xiaoshan-etdz', 'binjiang-hitech', 'qingshanhu')`,
      ),
    ).toBeGreaterThan(0);
  });

  it('shows the hosts of one chain, resolving a partial name', async () => {
    const reply = await t.client.say('xiaoshan-wang', 'xiaoshan', '/布局导引 新能源');
    expect(reply).toContain('「新能源汽车」的承载单位');
    expect(reply).toContain('萧山区');
  });

  it('answers an unknown or ambiguous chain with the chains of the guide', async () => {
    const unknown = await t.client.say('binjiang-li', 'binjiang', '/布局导引 量子计算');
    expect(unknown).toContain('没有产业链“量子计算”');
    expect(unknown).toContain('集成电路');
    expect(unknown).toContain('例如');
    const ambiguous = await t.client.say('binjiang-li', 'binjiang', '/布局导引 智能');
    expect(ambiguous).toContain('对应多个产业链');
    expect(ambiguous).toContain('人工智能');
  });

  it('shows a year without its own guide as the earlier one in force, and refuses a year before any guide', async () => {
    expect(await t.client.say('binjiang-li', 'binjiang', '/布局导引 2027')).toContain(
      '2027年尚未编制新版，沿用2026年第1版',
    );
    expect(await t.client.say('binjiang-li', 'binjiang', '/布局导引 2025年')).toContain('2025年及以前没有《布局导引》');
    expect(await t.client.say('binjiang-li', 'binjiang', '/布局导引 １９９９')).toContain('不是有效年份');
  });

  it('is listed in /帮助 for everyone registered, with the editing verbs only for IPB', async () => {
    expect(await t.client.say('binjiang-li', 'binjiang', '/帮助')).toContain('/布局导引');
    const reporterHelp = await t.client.say('binjiang-li', 'binjiang', '/帮助 布局导引');
    expect(reporterHelp).toContain('/布局导引 <产业链>');
    expect(reporterHelp).not.toContain('/布局导引 添加');
    const ipbHelp = await t.client.say('ipb-zhang', 'ipb', '/帮助 布局导引');
    for (const verb of ['添加', '移除', '导入']) expect(ipbHelp).toContain(`/布局导引 ${verb}`);
  });
});

describe('editing by IPB', () => {
  it('adds a host: a new version, shown by /布局导引, audited, announced to the city group', async () => {
    const after = await lastSentId();
    const reply = await t.client.say('ipb-zhang', 'ipb', '/布局导引 添加 集成电路 萧山');
    expect(reply).toContain('为「集成电路」增加承载单位「萧山区」');
    expect(reply).toContain('2026年第2版');
    expect(versions()).toEqual([
      { year: 2026, version: 1 },
      { year: 2026, version: 2 },
    ]);
    // The old version is kept as it was, so decisions that used it stay explainable.
    expect(hostsOf('集成电路', 2026, 1)).toEqual(['binjiang', 'qiantang']);
    expect(hostsOf('集成电路', 2026, 2)).toEqual(['binjiang', 'qiantang', 'xiaoshan']);
    expect(
      count(
        'SELECT COUNT(*) AS n FROM "GuideAssignment" a JOIN "GuideVersion" v ON v.id = a.guideVersionId WHERE v.version = 2',
      ),
    ).toBe(
      count(
        'SELECT COUNT(*) AS n FROM "GuideAssignment" a JOIN "GuideVersion" v ON v.id = a.guideVersionId WHERE v.version = 1',
      ) + 1,
    );

    const shown = await t.client.say('binjiang-li', 'binjiang', '/布局导引');
    expect(shown).toContain('2026年第2版');
    expect(chainLine(shown, '集成电路')).toContain('萧山区');

    expect(guideAudits()).toEqual([{ action: 'guide.add', actorId: 'ipb-zhang' }]);
    const notices = await cityNotices(after, (text) => text.includes('布局导引更新'));
    expect(notices).toHaveLength(1);
    const notice = textOf(notices[0]!.message);
    expect(notice).toContain('集成电路');
    expect(notice).toContain('萧山区');
    expect(notice).toContain('第2版');
    expect(notice).toContain('张伟');
  });

  it('removes a host: another version, the chain line no longer lists it, audited and announced', async () => {
    const after = await lastSentId();
    const reply = await t.client.say('ipb-liu', 'ipb', '/布局导引 移除 集成电路产业链 萧山区');
    expect(reply).toContain('移除承载单位「萧山区」');
    expect(reply).toContain('2026年第3版');
    expect(hostsOf('集成电路')).toEqual(['binjiang', 'qiantang']);
    const shown = await t.client.say('ipb-zhang', 'ipb', '/布局导引');
    expect(shown).toContain('2026年第3版');
    expect(chainLine(shown, '集成电路')).not.toContain('萧山区');
    expect(guideAudits().map((a) => a.action)).toEqual(['guide.add', 'guide.remove']);
    const notices = await cityNotices(after, (text) => text.includes('移除承载单位「萧山区」'));
    expect(textOf(notices[0]!.message)).toContain('第3版');
    // The audit trail of the guide can be read with /审计.
    expect(await t.client.say('ipb-zhang', 'ipb', '/审计 布局导引-2026')).toContain('ipb-liu');
  });

  it('adds a chain that the guide does not have yet, and drops a chain whose last host is removed', async () => {
    expect(await t.client.say('ipb-zhang', 'ipb', '/布局导引 添加 量子信息 西湖区')).toContain(
      '新增产业链「量子信息」',
    );
    expect(hostsOf('量子信息')).toEqual(['xihu']);
    expect(await t.client.say('ipb-zhang', 'ipb', '/布局导引 移除 量子信息 西湖')).toContain('不再列入');
    expect(hostsOf('量子信息')).toEqual([]);
    expect(latestVersion()).toBe(5);
  });

  it('treats a longer name as a new chain unless it only adds 产业链, and refuses an ambiguous fragment', async () => {
    expect(await t.client.say('ipb-zhang', 'ipb', '/布局导引 添加 新能源汽车零部件 萧山经济技术开发区')).toContain(
      '新增产业链「新能源汽车零部件」',
    );
    expect(hostsOf('新能源汽车零部件')).toEqual(['xiaoshan-etdz']);
    expect(hostsOf('新能源汽车')).toEqual(['xiaoshan', 'qiantang']);
    expect(await t.client.say('ipb-zhang', 'ipb', '/布局导引 移除 新能源汽车零部件 萧山经济技术开发区')).toContain(
      '不再列入',
    );
    // The chain's name plus 产业链 still means the chain; a fragment of two chains means neither.
    expect(await t.client.say('ipb-zhang', 'ipb', '/布局导引 添加 新能源汽车产业链 滨江区')).toContain(
      '为「新能源汽车」增加承载单位「滨江区」',
    );
    expect(await t.client.say('ipb-zhang', 'ipb', '/布局导引 移除 新能源汽车 滨江区')).toContain('2026年第9版');
    expect(await t.client.say('ipb-zhang', 'ipb', '/布局导引 添加 智能 滨江区')).toContain('对应多个产业链');
    expect(latestVersion()).toBe(9);
  });

  it('refuses a duplicate, a removal of a unit that is not a host, a non-host unit kind and an unknown unit, writing nothing', async () => {
    const before = versions().length;
    const audits = guideAudits().length;
    const duplicate = await t.client.say('ipb-zhang', 'ipb', '/布局导引 添加 集成电路 滨江区');
    expect(duplicate).toContain('已经是「集成电路」的承载单位');
    const notHost = await t.client.say('ipb-zhang', 'ipb', '/布局导引 移除 新能源汽车 滨江区');
    expect(notHost).toContain('「滨江区」不是「新能源汽车」的承载单位');
    expect(notHost).toContain('萧山区');
    expect(await t.client.say('ipb-zhang', 'ipb', '/布局导引 添加 集成电路 市财政局')).toContain(
      '不是区、县（市）或产业平台',
    );
    const unknownUnit = await t.client.say('ipb-zhang', 'ipb', '/布局导引 添加 集成电路 火星区');
    expect(unknownUnit).toContain('没有找到单位“火星区”');
    expect(unknownUnit).toContain('例如');
    const unknownChain = await t.client.say('ipb-zhang', 'ipb', '/布局导引 移除 量子计算 滨江区');
    expect(unknownChain).toContain('没有产业链“量子计算”');
    expect(unknownChain).toContain('/布局导引 移除');
    expect(await t.client.say('ipb-zhang', 'ipb', '/布局导引 添加 智能 滨江区')).toContain('对应多个产业链');
    const missing = await t.client.say('ipb-zhang', 'ipb', '/布局导引 添加 集成电路');
    expect(missing).toContain('用法');
    expect(missing).toContain('示例');
    expect(versions().length).toBe(before);
    expect(guideAudits().length).toBe(audits);
  });

  it('refuses every edit by a reporter with the standard forbidden answer, and nothing changes', async () => {
    const before = versions().length;
    const audits = count('SELECT COUNT(*) AS n FROM "AuditEvent"');
    const sent = await lastSentId();
    for (const text of [
      '/布局导引 添加 新能源汽车 滨江区',
      '/布局导引 移除 集成电路 滨江区',
      '/布局导引 导入\n集成电路,滨江区',
    ]) {
      const reply = await t.client.say('binjiang-li', 'binjiang', text);
      expect(reply).toContain('没有使用 /布局导引');
      expect(reply).toContain('权限');
      expect(reply).toContain('市投资促进局');
    }
    expect(versions().length).toBe(before);
    expect(hostsOf('新能源汽车')).not.toContain('binjiang');
    expect(count('SELECT COUNT(*) AS n FROM "AuditEvent"')).toBe(audits);
    expect((await t.client.sent()).filter((r) => r.id > sent && r.to.conversationId === 'city')).toEqual([]);
  });
});

describe('CSV import', () => {
  it('refuses a file with bad lines, naming each line number, and imports nothing', async () => {
    const before = versions();
    const text = [
      '/布局导引 导入',
      '产业链,单位',
      '集成电路,滨江区',
      '新能源汽车',
      '人工智能，火星区',
      '生物医药、余杭区',
      '，萧山区',
      '集成电路,binjiang',
    ].join('\n');
    const reply = await t.client.say('ipb-zhang', 'ipb', text);
    expect(reply).toContain('导入未生效');
    expect(reply).toContain('4 行有问题');
    expect(reply).toContain('第 3 行');
    expect(reply).toContain('第 4 行：找不到区、县（市）或平台“火星区”');
    expect(reply).toContain('第 6 行');
    expect(reply).toContain('第 7 行：与第 2 行重复');
    expect(reply).not.toContain('第 5 行');
    expect(versions()).toEqual(before);
  });

  it('replaces the year’s assignments with the file’s as a new version, announced to the city group', async () => {
    const after = await lastSentId();
    const version = latestVersion();
    const text = [
      '/布局导引 导入 2026',
      '产业链，单位',
      '集成电路，滨江区',
      '集成电路\t钱塘区',
      '新能源汽车、萧山区',
      '人工智能,余杭区',
      '生物医药,杭州未来科技城',
      '数字安防,滨江',
    ].join('\n');
    const reply = await t.client.say('ipb-zhang', 'ipb', text);
    expect(reply).toContain(`2026年第${version + 1}版`);
    expect(reply).toContain('5 个产业链、6 条承载关系');
    expect(latestVersion()).toBe(version + 1);
    expect(hostsOf('生物医药')).toEqual(['future-sci-city']);
    expect(hostsOf('航空航天')).toEqual([]);

    const shown = await t.client.say('yuhang-chen', 'yuhang', '/布局导引');
    expect(shown).toContain(`2026年第${version + 1}版`);
    expect(shown).not.toContain('航空航天');
    expect(shown).not.toContain('演示数据');
    expect(chainLine(shown, '生物医药')).toContain('杭州未来科技城');

    expect(guideAudits().at(-1)).toEqual({ action: 'guide.import', actorId: 'ipb-zhang' });
    const notices = await cityNotices(after, (text) => text.includes('导入了《布局导引》'));
    expect(textOf(notices[0]!.message)).toContain('移除');
  });

  it('refuses to import the same guide again, an empty file, and a file without data rows', async () => {
    const before = versions().length;
    const same = [
      '/布局导引 导入',
      '集成电路,滨江区',
      '集成电路,钱塘区',
      '新能源汽车,萧山区',
      '人工智能,余杭区',
      '生物医药,杭州未来科技城',
      '数字安防,滨江区',
    ].join('\n');
    expect(await t.client.say('ipb-zhang', 'ipb', same)).toContain('完全相同，未生成新版本');
    expect(await t.client.say('ipb-zhang', 'ipb', '/布局导引 导入')).toContain('请在命令后换行粘贴 CSV');
    expect(await t.client.say('ipb-zhang', 'ipb', '/布局导引 导入 2026\n产业链,单位')).toContain(
      '没有任何“产业链,单位”数据行',
    );
    expect(versions().length).toBe(before);
  });

  it('imports a later year’s guide without touching the current one', async () => {
    const reply = await t.client.say('ipb-liu', 'ipb', '/布局导引 导入 ２０２７\n集成电路,萧山区\n航空航天,钱塘区');
    expect(reply).toContain('2027年第1版');
    expect(hostsOf('集成电路', 2027)).toEqual(['xiaoshan']);
    expect(await t.client.say('binjiang-li', 'binjiang', '/布局导引')).toContain('2026年');
    const later = await t.client.say('binjiang-li', 'binjiang', '/布局导引 2027');
    expect(later).toContain('2027年第1版');
    expect(chainLine(later, '航空航天')).toContain('钱塘区');
    expect(guideAudits(2027)).toEqual([{ action: 'guide.import', actorId: 'ipb-liu' }]);
  });
});

describe('years', () => {
  it('takes the year in Asia/Shanghai, and an edit in a new year starts from the guide then in force', async () => {
    const original = t.clock.now();
    try {
      t.clock.set(new Date('2026-12-31T15:30:00Z')); // 23:30 on 31 December in Hangzhou
      expect(await t.client.say('binjiang-li', 'binjiang', '/布局导引')).toContain('2026年');
      t.clock.set(new Date('2026-12-31T16:30:00Z')); // 00:30 on 1 January 2027 in Hangzhou
      expect(await t.client.say('binjiang-li', 'binjiang', '/布局导引')).toContain('2027年第1版');
      expect(await t.client.say('ipb-zhang', 'ipb', '/布局导引 添加 集成电路 滨江区')).toContain('2027年第2版');
      expect(hostsOf('集成电路', 2027)).toEqual(['xiaoshan', 'binjiang']);
      expect(hostsOf('航空航天', 2027)).toEqual(['qiantang']);
      expect(guideAudits(2027).map((a) => a.action)).toEqual(['guide.import', 'guide.add']);
    } finally {
      t.clock.set(original);
    }
  });
});

describe('demo seed', () => {
  it('does not seed the demo guide again on restart', async () => {
    const before = versions();
    await t.stop();
    t = await startTestBot(t.dbPath);
    expect(versions()).toEqual(before);
    expect(await t.client.say('binjiang-li', 'binjiang', '/布局导引')).not.toContain('演示数据');
  });
});
