/**
 * The Word drafts (issue 15 §2), opened and read back: the 通报 on a violation and on a disposed
 * 比拼政策 finding (facts, the clause verbatim from the catalogue, the decided consequence, GB/T 9704
 * page layout, 草稿, 成文日期 in Chinese numerals, audited with SHA-256); the 工作简报 whose tables add
 * up to /统计 for the same period, with its charts as pictures; the monthly 简报 sent once to the
 * leaders' group on the first working day at 09:00.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Message } from '../../src/app/receiver.ts';
import { clauseById } from '../../src/domain/regulation/clauses.ts';
import { GRID } from '../../src/services/documents/official-document.ts';
import { readOnlyQueries } from '../helpers/db.ts';
import { readDocx, type DocxContent } from '../helpers/docx.ts';
import { startTestBot, tempDir, type TestBot } from '../helpers/test-bot.ts';
import { decodePng } from '../helpers/png.ts';

const dir = tempDir();
let t: TestBot;
type Presented = Omit<Message, 'file'> & { file?: { name: string; url: string } };
const say = (user: string, conversation: string, text: string) => t.client.say(user, conversation, text);
const { query } = readOnlyQueries(() => t.dbPath);
let violationCode = '';

beforeAll(async () => {
  t = await startTestBot(`${dir.path}/bot.db`, {
    env: { SIMULATOR_CLOCK: '1' },
    now: new Date('2026-11-10T02:00:00Z'),
  });
  expect(
    await say(
      'binjiang-li',
      'binjiang',
      '/首报 项目=射频芯片 投资方=杭州长风微电子有限公司 产业链=集成电路 投资额=9亿 意向=签订意向书',
    ),
  ).toContain('ZS-2026-0001');
  await say('ipb-zhang', 'ipb', '/征询 ZS-2026-0001 投资方同意');
  expect(await say('ipb-zhang', 'ipb', '/审核 ZS-2026-0001 通过')).toContain('已赋予');
  await say('binjiang-li', 'binjiang', '/政策备案 产业链=集成电路 类型=税收奖励 比例=50% 上限=2000万 年限=5');
  expect(
    await say('yuhang-chen', 'yuhang', '/政策备案 产业链=集成电路 类型=税收奖励 比例=80% 上限=2000万 年限=5'),
  ).toContain('BP-2026-0001');
  await say(
    'xiaoshan-wang',
    'xiaoshan',
    '/首报 项目=整车基地 投资方=杭州远途汽车有限公司 产业链=新能源汽车 投资额=20亿 意向=多轮洽谈',
  );
  // 萧山区 reports the investor 滨江区 holds: a conflict, and the project 萧山区 introduced in breach.
  expect(
    await say(
      'xiaoshan-wang',
      'xiaoshan',
      '/首报 项目=射频芯片二期 投资方=杭州长风微电子有限公司 产业链=集成电路 投资额=2.5亿 意向=实地考察',
    ),
  ).toContain('ZS-2026-0003');
  // DESIGN §4.5: the violation is recorded on the project the violating unit introduced.
  expect(await say('ipb-zhang', 'ipb', '/违规 ZS-2026-0003 单位=萧山区 说明=在首谈期内与投资方接洽')).toContain(
    '已记录',
  );
  violationCode = 'ZS-2026-0003';
  await say('binjiang-li', 'binjiang', '/进展 ZS-2026-0001 签约 已签投资协议');
  t.clock.set(new Date('2026-11-26T02:00:00Z'));
});

afterAll(async () => {
  await t.stop();
  dir.remove();
});

async function download(file: Presented | undefined): Promise<{ bytes: Buffer; doc: DocxContent }> {
  const response = await fetch(new URL(file?.file?.url ?? '', t.bot.address));
  expect(response.headers.get('content-type')).toBe(
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  );
  const bytes = Buffer.from(await response.arrayBuffer());
  return { bytes, doc: readDocx(bytes) };
}

const codeIn = (text: string | undefined) => /（(DC-2026-\d{4})）/.exec(text ?? '')?.[1] ?? '';
const auditedSha = (code: string) =>
  (
    JSON.parse(
      query<{ after: string }>(`SELECT after FROM "AuditEvent" WHERE recordType = 'Export' AND recordId = ?`, code)[0]
        ?.after ?? '{}',
    ) as { sha256?: string }
  ).sha256;

describe('/通报 违规', () => {
  let replies: Presented[];
  let bytes: Buffer;
  let doc: DocxContent;

  beforeAll(async () => {
    replies = (await t.client.send('ipb-zhang', 'dm:ipb-zhang', `/通报 违规 ${violationCode}`)) as Presented[];
    ({ bytes, doc } = await download(replies[1]));
  });

  it('answers with the draft as a Word file, audited with its SHA-256', () => {
    expect(replies.map((r) => r.kind)).toEqual(['text', 'file']);
    expect(replies[0]?.text).toContain('已起草《关于萧山区违反项目首报首谈制度的通报》');
    expect(replies[1]?.file?.name).toMatch(/^关于萧山区违反项目首报首谈制度的通报（草稿）_\d{8}_\d{4}\.docx$/);
    expect(auditedSha(codeIn(replies[0]?.text))).toBe(createHash('sha256').update(bytes).digest('hex'));
  });

  it('states the project, the violating unit, the clause verbatim and the consequence', () => {
    const text = doc.paragraphs.join('\n');
    expect(doc.paragraphs).toContain('关于萧山区违反项目首报首谈制度的通报');
    expect(text).toContain(
      violationCode === 'ZS-2026-0003'
        ? '萧山区向市投资促进局报备射频芯片二期项目（编号ZS-2026-0003，投资方杭州长风微电子有限公司，集成电路产业链，投资额2.5亿元）。'
        : '滨江区向市投资促进局报备射频芯片项目（编号ZS-2026-0001，投资方杭州长风微电子有限公司，集成电路产业链，投资额9亿元）。',
    );
    // The lawful holder and its grant, whichever project the violation is recorded on.
    expect(text).toContain('市投资促进局于2026年11月10日赋予滨江区排他性首谈资格');
    expect(text).toContain('经查，萧山区在首谈期内与投资方接洽（2026年11月10日记录在案）。');
    expect(text).toContain(`萧山区违反首报首谈规定引进的项目（涉及${violationCode}）`);
    expect(text).toContain(`《全市“一盘棋”产业链精准招商工作制度（试行）》四(一)规定：“${clauseById('四(一)').text}”`);
    expect(text).toContain('不得享受市级层面政策支持');
    expect(text).toContain('该项目的税收地方留成部分由市财政局收归市级所有');
  });

  it('is a 草稿 in 公文 layout: 主送机关, 落款, 成文日期 in Chinese numerals, A4 and the document grid', () => {
    expect(doc.paragraphs[0]).toBe('草稿');
    expect(doc.paragraphs).toContain('各区、县（市）人民政府，各产业集聚区（开发区）管委会，市级有关单位：');
    const signature = doc.paragraphs.indexOf('杭州市投资促进局');
    expect(doc.paragraphs[signature + 1]).toBe('2026年11月26日');
    expect(doc.xml).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    expect(doc.xml).toMatch(/<w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1587"/);
    expect(doc.xml).toContain(`w:linePitch="${GRID.linePitch}"`);
    expect(doc.xml).toContain(`w:charSpace="${GRID.charSpace}"`);
    expect(doc.xml).toMatch(/w:eastAsia="方正小标宋简体"[^>]*\/>(<[^>]+>)*<w:sz w:val="44"\/>/);
    expect(doc.xml).toContain('w:eastAsia="仿宋_GB2312"');
    const footers = [...doc.entries.keys()]
      .filter((n) => /word\/footer\d+\.xml/.test(n))
      .map((n) => doc.entries.get(n)?.toString('utf8') ?? '');
    expect(footers.some((f) => f.includes('PAGE'))).toBe(true);
    expect(doc.entries.get('word/settings.xml')?.toString('utf8')).toContain('evenAndOddHeaders');
  });

  it('refuses a project without a violation and an unknown kind, and is for IPB only', async () => {
    expect(await say('ipb-zhang', 'ipb', '/通报 违规 ZS-2026-0002')).toContain('没有违规记录');
    expect(await say('ipb-zhang', 'ipb', '/通报 违规 ZS-2026-0999')).toContain('没有找到项目');
    expect(await say('ipb-zhang', 'ipb', '/通报 表扬 ZS-2026-0001')).toContain('不是通报类型');
    expect(await say('leader-zhou', 'leaders', '/通报 违规 ZS-2026-0001')).toContain('您没有使用 /通报 的权限');
  });
});

describe('/通报 比拼', () => {
  it('waits for the disposition, then states it with clause 三(三) verbatim; a group gets the file privately', async () => {
    expect(await say('ipb-zhang', 'ipb', '/通报 比拼 BP-2026-0001')).toContain('尚未处置');
    expect(
      await say('ipb-zhang', 'ipb', '/比拼 处置 BP-2026-0001 取消考核评先资格 说明=经核实高于承载地政策'),
    ).toContain('BP-2026-0001');
    const replies = (await t.client.send('ipb-zhang', 'ipb', '/通报 比拼 BP-2026-0001')) as Presented[];
    expect(replies.map((r) => r.kind)).toEqual(['text']);
    const sent = await t.client.waitForSent((rows) =>
      rows.some((r) => r.to.userId === 'ipb-zhang' && (r.message.title ?? '').includes('比拼政策')),
    );
    const file = sent.find((r) => r.to.userId === 'ipb-zhang' && (r.message.title ?? '').includes('比拼政策'))
      ?.message as Presented;
    const { doc } = await download(file);
    const text = doc.paragraphs.join('\n');
    expect(doc.paragraphs).toContain('关于余杭区集成电路产业链政策存在“比拼政策”问题的通报');
    expect(text).toContain('认定编号BP-2026-0001');
    expect(text).toContain(clauseById('三(三)').text);
    expect(text).toContain('取消余杭区产业投资促进目标考核先进评比资格（经核实高于承载地政策）');
  });

  it('refuses an unknown finding', async () => {
    expect(await say('ipb-zhang', 'ipb', '/通报 比拼 BP-2026-0099')).toContain('找不到比拼政策认定');
  });
});

describe('/简报', () => {
  let doc: DocxContent;

  beforeAll(async () => {
    const replies = (await t.client.send('leader-zhou', 'leaders', '/简报 月 2026-11')) as Presented[];
    expect(replies.map((r) => r.kind)).toEqual(['text', 'file']);
    ({ doc } = await download(replies[1]));
  });

  it('has tables that add up to /统计 for the same month', async () => {
    const stats = await say('ipb-zhang', 'ipb', '/统计 2026-11');
    const totals =
      /全市首报 (\d+) 个（投资额 [^）]+），赋予首谈期 (\d+) 个，冲突 (\d+) 个，驳回 (\d+) 个，首谈期满 (\d+) 个；签约 (\d+) 个（[^）]+），落地 (\d+) 个/.exec(
        stats,
      );
    expect(totals).not.toBeNull();
    const [units] = doc.tables;
    expect(units?.[0]).toEqual([
      '单位',
      '首报',
      '赋予首谈',
      '冲突',
      '驳回',
      '期满',
      '签约',
      '落地',
      '首报投资额（万元）',
      '落地投资额（万元）',
    ]);
    const total = units?.at(-1);
    expect(total?.[0]).toBe('全市合计');
    expect(total?.slice(1, 8).map(Number)).toEqual(totals?.slice(1, 8).map(Number));
    // Every column of the unit rows sums to the total row.
    const rows = units?.slice(1, -1) ?? [];
    for (let column = 1; column < 10; column++)
      expect(rows.reduce((n, r) => n + Number(r[column]), 0)).toBe(Number(total?.[column]));
    expect(rows.map((r) => r[0])).toEqual(['滨江区', '萧山区']);
    expect(total?.slice(1).map(Number)).toEqual([3, 1, 1, 0, 0, 1, 0, 315000, 0]);
  });

  it('ranks the units with the R13 formula and carries the charts as pictures', () => {
    const race = doc.tables[1];
    expect(race?.[0]).toEqual(['名次', '单位', '转化数', '落地投资额（万元）', '导引符合率', '得分']);
    expect(race?.[1]?.slice(0, 3)).toEqual(['1', '滨江区', '1']);
    expect(doc.paragraphs.join('\n')).toContain('（实施规则 R13「赛马排名计分」）');
    expect(doc.media.size).toBe(3);
    for (const png of doc.media.values()) expect(decodePng(png).width).toBe(900);
    expect(doc.paragraphs).toContain('首报首谈工作简报');
    expect(doc.paragraphs).toContain('2026年第11期');
    expect(doc.paragraphs).toContain('2026年11月“一盘棋”首报首谈工作情况');
  });

  it('defaults to the month or quarter just ended and refuses a mismatched period', async () => {
    expect(await say('ipb-zhang', 'dm:ipb-zhang', '/简报 季度')).toContain('2026年第3季度“一盘棋”首报首谈工作情况');
    expect(await say('ipb-zhang', 'dm:ipb-zhang', '/简报 季度 2026-11')).toContain('不是一个季度');
    expect(await say('ipb-zhang', 'dm:ipb-zhang', '/简报 周')).toContain('不是简报周期');
    expect(await say('binjiang-li', 'binjiang', '/简报 月')).toContain('您没有使用 /简报 的权限');
  });
});

describe('the monthly 简报', () => {
  const leaderFiles = async () =>
    (await t.client.sent()).filter((r) => r.to.conversationId === 'leaders' && r.message.kind === 'file');

  it('goes to the leaders group on the first working day at 09:00, once', async () => {
    await t.client.post('/api/clock', { now: '2026-11-30T23:00:00Z' }); // 12-01 07:00 Shanghai
    expect(await leaderFiles()).toHaveLength(0);
    await t.client.post('/api/clock', { now: '2026-12-01T01:00:00Z' }); // 12-01 09:00, a Tuesday
    const sent = await t.client.waitForSent((rows) =>
      rows.some((r) => r.to.conversationId === 'leaders' && r.message.kind === 'file'),
    );
    const files = sent.filter((r) => r.to.conversationId === 'leaders' && r.message.kind === 'file');
    expect(files).toHaveLength(1);
    expect(files[0]?.message.text).toContain('【工作简报】2026年11月“一盘棋”首报首谈工作情况');
    const { doc } = await download(files[0]?.message as Presented);
    expect(doc.tables[0]?.at(-1)?.[1]).toBe('3');
    await t.client.post('/api/clock', { now: '2026-12-01T05:00:00Z' });
    await t.client.post('/api/clock', { now: '2026-12-02T01:00:00Z' });
    expect(await leaderFiles()).toHaveLength(1);
    expect(
      query<{ n: number }>(
        `SELECT COUNT(*) AS n FROM "AuditEvent" WHERE action = 'document.briefing' AND after LIKE '%"trigger":"schedule"%'`,
      )[0]?.n,
    ).toBe(1);
  });
});
