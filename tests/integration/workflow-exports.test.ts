/**
 * /导出 流转|一事一议|比拼|违规|用地|能耗|基金|平台评价|市级主谈 (issue 15 §3): each ledger opened with
 * exceljs and read back — the records of that workflow under Chinese headers, frozen filterable
 * header rows, a 说明 sheet, the export audited with its SHA-256, and the file delivered privately.
 */
import { createHash } from 'node:crypto';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Message } from '../../src/app/receiver.ts';
import { readOnlyQueries } from '../helpers/db.ts';
import { startTestBot, tempDir, type TestBot } from '../helpers/test-bot.ts';

const dir = tempDir();
let t: TestBot;
type Presented = Omit<Message, 'file'> & { file?: { name: string; url: string } };
const say = (user: string, conversation: string, text: string) => t.client.say(user, conversation, text);

beforeAll(async () => {
  t = await startTestBot(`${dir.path}/bot.db`, { now: new Date('2026-11-26T01:00:00Z') });
  expect(
    await say(
      'binjiang-li',
      'binjiang',
      '/首报 项目=射频芯片 投资方=杭州长风微电子有限公司 产业链=集成电路 投资额=9亿 意向=签订意向书',
    ),
  ).toContain('ZS-2026-0001');
  await say('ipb-zhang', 'ipb', '/征询 ZS-2026-0001 投资方同意');
  expect(await say('ipb-zhang', 'ipb', '/审核 ZS-2026-0001 通过')).toContain('已赋予');
  expect(
    await say(
      'binjiang-li',
      'binjiang',
      '/一事一议 ZS-2026-0001 方式=基金 金额=2亿 说明=拟由集成电路产业子基金参与投资',
    ),
  ).toContain('YS-2026-0001');
  expect(await say('ipb-zhang', 'ipb', '/一事一议 审核 YS-2026-0001 通过')).toContain('已审核通过');
  expect(await say('binjiang-li', 'binjiang', '/一事一议 ZS-2026-0001 方式=更大支持 金额=1亿 说明=配套支持')).toContain(
    'YS-2026-0002',
  );
  expect(await say('ipb-zhang', 'ipb', '/一事一议 审核 YS-2026-0002 退回 请补充配套测算')).toContain('已退回');
  expect(
    await say(
      'binjiang-li',
      'binjiang',
      '/流转 企业=杭州某某科技有限公司 产业链=集成电路 迁出=滨江区 迁入=萧山区 理由=扩大产能需新增用地 分成=30%/5年',
    ),
  ).toContain('LZ-2026-0001');
  await say('binjiang-li', 'binjiang', '/政策备案 产业链=集成电路 类型=税收奖励 比例=50% 上限=2000万 年限=5');
  expect(
    await say('yuhang-chen', 'yuhang', '/政策备案 产业链=集成电路 类型=税收奖励 比例=80% 上限=2000万 年限=5'),
  ).toContain('比拼');
  await say('binjiang-li', 'binjiang', '/用地 登记 ZS-2026-0001 面积=120 产值=30亿');
  await say('nrb-he', 'nrb', '/用地 盘活 萧山区 50 项目=ZS-2026-0001');
  await say('drc-wu', 'drc', '/能耗 额度 2027 20000');
  await say('binjiang-li', 'binjiang', '/能耗 申请 ZS-2026-0001 用能=5000 产值=30亿 年度=2027');
  await say('sasac-zheng', 'sasac', '/基金 登记 名称=集成电路产业子基金 产业链=集成电路 规模=20亿');
  await say('sasac-zheng', 'sasac', '/基金 尽调 ZS-2026-0001');
  await say('ipb-zhang', 'ipb', '/平台评价 录入 2026 萧山经济技术开发区 导引=90 落地=85 投资=88 生态=80');
  await say(
    'xiaoshan-wang',
    'xiaoshan',
    '/首报 项目=整车基地 投资方=杭州远途汽车有限公司 产业链=新能源汽车 投资额=20亿 意向=多轮洽谈',
  );
  expect(
    await say('ipb-zhang', 'ipb', '/市级主谈 ZS-2026-0002 理由=跨区域布局 预评估=需萧山、钱塘两地联动布局'),
  ).toContain('ZS-2026-0002');
  expect(await say('ipb-zhang', 'ipb', '/市级主谈 方案 ZS-2026-0002 生产基地落萧山，研发中心落钱塘')).toContain(
    '落地方案建议',
  );
  // 萧山区 reports the investor 滨江区 holds; the violation is recorded on that project (DESIGN §4.5).
  expect(
    await say(
      'xiaoshan-wang',
      'xiaoshan',
      '/首报 项目=射频芯片二期 投资方=杭州长风微电子有限公司 产业链=集成电路 投资额=2.5亿 意向=实地考察',
    ),
  ).toContain('ZS-2026-0003');
  expect(await say('ipb-zhang', 'ipb', '/违规 ZS-2026-0003 单位=萧山区 说明=在首谈期内与投资方接洽')).toContain(
    '萧山区',
  );
});

afterAll(async () => {
  await t.stop();
  dir.remove();
});

const { query } = readOnlyQueries(() => t.dbPath);

async function exported(subject: string): Promise<{ replies: Presented[]; book: ExcelJS.Workbook; bytes: Buffer }> {
  const replies = (await t.client.send('ipb-zhang', 'ipb', `/导出 ${subject}`)) as Presented[];
  const sent = await t.client.waitForSent((rows) =>
    rows.some(
      (r) =>
        r.to.userId === 'ipb-zhang' &&
        r.message.kind === 'file' &&
        (r.message.title ?? '').startsWith(replies[0]?.title ?? '?'),
    ),
  );
  const file = sent.filter((r) => r.to.userId === 'ipb-zhang' && r.message.kind === 'file').at(-1)
    ?.message as Presented;
  const bytes = Buffer.from(await (await fetch(new URL(file.file?.url ?? '', t.bot.address))).arrayBuffer());
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(bytes as unknown as ArrayBuffer);
  return { replies, book, bytes };
}

function records(sheet: ExcelJS.Worksheet | undefined): Record<string, unknown>[] {
  if (sheet === undefined) throw new Error('no such sheet');
  const header = (sheet.getRow(1).values as unknown[]).slice(1).map(String);
  const rows: Record<string, unknown>[] = [];
  sheet.eachRow((row, i) => {
    if (i > 1) rows.push(Object.fromEntries(header.map((h, j) => [h, (row.values as unknown[])[j + 1] ?? null])));
  });
  return rows;
}

/** `also`: further records the same sheet holds. */
interface LedgerCase {
  subject: string;
  title: string;
  sheet: string;
  expected: Record<string, unknown>;
  also?: Record<string, unknown>[];
}
const CASES: LedgerCase[] = [
  {
    subject: '流转',
    title: '存量项目流转台账',
    sheet: '流转申请',
    expected: {
      编号: 'LZ-2026-0001',
      迁出地: '滨江区',
      迁入地: '萧山区',
      '迁出地留成比例（%）': 30,
      '利益共享年限（年）': 5,
    },
  },
  {
    subject: '一事一议',
    title: '一事一议台账',
    sheet: '一事一议',
    expected: {
      编号: 'YS-2026-0001',
      项目编号: 'ZS-2026-0001',
      支持方式: '基金',
      '金额（万元）': 20000,
      决策机构: '市国资委',
      状态: '待决策',
      审核人: '张伟',
    },
    also: [{ 编号: 'YS-2026-0002', 状态: '已退回', 审核人: '张伟', 退回理由: '请补充配套测算' }],
  },
  {
    subject: '比拼',
    title: '比拼政策台账',
    sheet: '比拼政策认定',
    expected: { 单位: '余杭区', 产业链: '集成电路', 政策类型: '税收奖励', 状态: '待处置' },
  },
  {
    subject: '违规',
    title: '首报首谈违规台账',
    sheet: '违规记录',
    expected: { 项目编号: 'ZS-2026-0003', 违规单位: '萧山区', 违规情况: '在首谈期内与投资方接洽' },
  },
  {
    subject: '用地',
    title: '用地保障台账',
    sheet: '项目用地',
    expected: {
      项目编号: 'ZS-2026-0001',
      '用地面积（亩）': 120,
      '预计年产值（万元）': 300000,
      '亩均产值（万元/亩）': 2500,
    },
  },
  {
    subject: '能耗',
    title: '能耗指标台账',
    sheet: '申请与分配',
    expected: { 年度: 2027, 项目编号: 'ZS-2026-0001', '申请用能（吨标煤）': 5000, '单位能耗产出（万元/吨标煤）': 60 },
  },
  {
    subject: '基金',
    title: '产业基金台账',
    sheet: '尽职调查',
    expected: { 项目编号: 'ZS-2026-0001', 基金: '集成电路产业子基金', 状态: '尽调中' },
  },
  {
    subject: '平台评价',
    title: '产业平台评价台账',
    sheet: '平台评价',
    expected: { 年度: 2026, 平台: '萧山经济技术开发区', 导引落实: 90, 综合得分: 85.75 },
  },
  {
    subject: '市级主谈',
    title: '市级主谈台账',
    sheet: '市级主谈',
    expected: {
      项目编号: 'ZS-2026-0002',
      原报备单位: '萧山区',
      理由: '跨区域布局',
      状态: '市级主谈中，组建专项组待分管市领导批准',
      落地方案建议: '生产基地落萧山，研发中心落钱塘',
    },
  },
];

describe.each(CASES)('/导出 $subject', ({ subject, title, sheet, expected, also = [] }) => {
  it(`writes the ${title} with the record under Chinese headers, audited and sent privately`, async () => {
    const { replies, book, bytes } = await exported(subject);
    expect(replies[0]?.markdown).toContain(`已导出${title}（DC-2026-`);
    expect(replies[0]?.markdown).toContain('已私聊发送给您');
    const names = book.worksheets.map((w) => w.name);
    expect(names).toContain(sheet);
    expect(names.at(-1)).toBe('说明');
    const ws = book.getWorksheet(sheet);
    expect(ws?.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ws?.autoFilter).toMatch(/^A1:[A-Z]+1$/);
    for (const record of [expected, ...also]) expect(records(ws)).toContainEqual(expect.objectContaining(record));
    const code = /（(DC-2026-\d{4})）/.exec(replies[0]?.markdown ?? '')?.[1];
    const audit = query<{ action: string; after: string }>(
      `SELECT action, after FROM "AuditEvent" WHERE recordType = 'Export' AND recordId = ?`,
      code,
    )[0];
    expect(JSON.parse(audit?.after ?? '{}')).toMatchObject({
      sha256: createHash('sha256').update(bytes).digest('hex'),
    });
  });
});

describe('who may export the workflow ledgers', () => {
  it('refuses a reporter and says what can be exported when the subject is unknown', async () => {
    expect(await say('binjiang-li', 'binjiang', '/导出 流转')).toContain('您没有使用 /导出 的权限');
    const unknown = await say('ipb-zhang', 'ipb', '/导出 工资');
    expect(unknown).toContain(
      '流转、一事一议、比拼（比拼政策和政策备案）、违规（首报首谈违规）、用地、能耗、基金、平台评价、市级主谈',
    );
  });
});
