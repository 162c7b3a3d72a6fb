/**
 * /导出 (DESIGN §3): XLSX ledgers a clerk can filter — the 首报 projects one sheet per status, the
 * responsibility matrix one sheet per item — served by the simulator under an unguessable link,
 * audited, and refused to everyone but IPB, LEADER and ADMIN.
 */
import { createHash } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Message } from '../../src/app/receiver.ts';
import { startTestBot, tempDir, type TestBot } from '../helpers/test-bot.ts';
import { readOnlyQueries } from '../helpers/db.ts';

const dir = tempDir();
const filesDir = `${dir.path}/files`;
let t: TestBot;
const REPORTED_AT = new Date('2026-11-26T01:00:00Z');

type Presented = Omit<Message, 'file'> & { file?: { name: string; url: string } };
const textOf = (m: Presented) => [m.title, m.text, m.markdown].filter(Boolean).join('\n');

beforeAll(async () => {
  t = await startTestBot(`${dir.path}/bot.db`, { env: { SIMULATOR_CLOCK: '1' }, now: REPORTED_AT });
  const report = (user: string, conv: string, fields: string) => t.client.say(user, conv, `/首报 ${fields}`);
  // 滨江区: one granted (首谈期内), one pending; 萧山区: one conflicting with 滨江区's grant; 余杭区: one denied.
  expect(
    await report(
      'binjiang-li',
      'binjiang',
      '项目=射频芯片产业化 投资方=杭州长风微电子有限公司 信用代码=91330106MA2CFWRU0B 确认代码=是 产业链=集成电路 投资额=9亿 意向=签订意向书 联系人=李明',
    ),
  ).toContain('ZS-2026-0001');
  expect(await t.client.say('ipb-zhang', 'ipb', '/征询 ZS-2026-0001 投资方同意')).toContain('已记录');
  expect(await t.client.say('ipb-zhang', 'ipb', '/审核 ZS-2026-0001 通过')).toContain('已赋予');
  expect(
    await report(
      'binjiang-li',
      'binjiang',
      '项目=安防云平台 投资方=杭州海清视觉科技有限公司 产业链=数字安防 投资额=3000万 意向=其他：已签保密协议',
    ),
  ).toContain('ZS-2026-0002');
  expect(
    await report(
      'xiaoshan-wang',
      'xiaoshan',
      '项目=射频芯片二期 投资方=杭州长风微电子有限公司 产业链=集成电路 投资额=2.5亿 意向=实地考察',
    ),
  ).toContain('冲突');
  expect(
    await report(
      'yuhang-chen',
      'yuhang',
      '项目=智算中心 投资方=杭州算力引擎科技有限公司 产业链=人工智能 投资额=12亿 意向=多轮洽谈',
    ),
  ).toContain('ZS-2026-0004');
  expect(await t.client.say('ipb-zhang', 'ipb', '/审核 ZS-2026-0004 驳回 投资方尚未确定选址')).toContain('已驳回');
});

afterAll(async () => {
  await t.stop();
  dir.remove();
});

const { query } = readOnlyQueries(() => t.dbPath);

const exportRows = () =>
  query<{ n: number }>(`SELECT COUNT(*) AS n FROM "AuditEvent" WHERE recordType = 'Export'`)[0]?.n ?? 0;
const files = () =>
  readdirSync(filesDir, { withFileTypes: true })
    .filter((f) => f.isFile())
    .map((f) => f.name);
const filesNow = () => {
  try {
    return files();
  } catch {
    return [];
  }
};

async function exportAs(user: string, conversation: string, subject: string): Promise<Presented[]> {
  return (await t.client.send(user, conversation, `/导出 ${subject}`)) as Presented[];
}

async function download(url: string): Promise<{ bytes: Buffer; response: Response }> {
  const response = await fetch(new URL(url, t.bot.address));
  return { bytes: Buffer.from(await response.arrayBuffer()), response };
}

async function workbook(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(bytes as unknown as ArrayBuffer);
  return book;
}

const SHANGHAI_MS = 8 * 3_600_000;

function headerOf(sheet: ExcelJS.Worksheet): string[] {
  return (sheet.getRow(1).values as unknown[]).slice(1).map(String);
}

/** The sheet's rows as header → value records. */
function recordsOf(sheet: ExcelJS.Worksheet): Record<string, unknown>[] {
  const header = headerOf(sheet);
  const records: Record<string, unknown>[] = [];
  sheet.eachRow((row, index) => {
    if (index === 1) return;
    const values = (row.values as unknown[]).slice(1);
    records.push(Object.fromEntries(header.map((h, i) => [h, values[i] ?? null])));
  });
  return records;
}

function expectClerkFriendly(sheet: ExcelJS.Worksheet): void {
  // One frozen header row with a filter over every column, and no column narrower than its header.
  expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
  const header = headerOf(sheet);
  const lastColumn = String.fromCharCode(64 + header.length);
  expect(sheet.autoFilter).toBe(`A1:${lastColumn}1`);
  expect(sheet.getRow(1).font?.bold).toBe(true);
  header.forEach((h, i) => {
    const width = sheet.getColumn(i + 1).width ?? 0;
    expect(width, `column ${h}`).toBeGreaterThanOrEqual(
      [...h].reduce((n, c) => n + (c.charCodeAt(0) > 0x2e80 ? 2 : 1), 0),
    );
    expect(width, `column ${h}`).toBeLessThanOrEqual(80);
  });
}

describe('who may export', () => {
  it.each([
    ['binjiang-li', 'binjiang'],
    ['finance-zhao', 'finance'],
    ['audit-qian', 'audit'],
  ])('refuses %s and writes nothing', async (user, conversation) => {
    const before = { audit: exportRows(), files: filesNow().length };
    const reply = await t.client.say(user, conversation, '/导出 项目');
    expect(reply).toContain('您没有使用 /导出 的权限');
    expect(reply).toContain('市投资促进局');
    expect({ audit: exportRows(), files: filesNow().length }).toEqual(before);
  });

  it('explains what can be exported when the subject is missing or unknown, and writes nothing', async () => {
    const before = { audit: exportRows(), files: filesNow().length };
    const missing = await t.client.say('ipb-zhang', 'dm:ipb-zhang', '/导出');
    expect(missing).toContain('请写明要导出的台账');
    expect(missing).toContain('/导出 项目');
    const unknown = await t.client.say('ipb-zhang', 'dm:ipb-zhang', '/导出 工资');
    expect(unknown).toContain('不能导出“工资”');
    expect(unknown).toContain('项目（首报项目台账）、台账（责任分解表落实台账）');
    expect({ audit: exportRows(), files: filesNow().length }).toEqual(before);
  });

  it('lets a LEADER and an ADMIN export too', async () => {
    for (const user of ['leader-zhou', 'admin']) {
      const replies = await exportAs(user, `dm:${user}`, '项目');
      expect(replies.map((r) => r.kind)).toEqual(['markdown', 'file']);
    }
  });
});

describe('/导出 项目 in a private chat', () => {
  let replies: Presented[];
  let bytes: Buffer;
  let book: ExcelJS.Workbook;

  beforeAll(async () => {
    replies = await exportAs('ipb-zhang', 'dm:ipb-zhang', '项目');
    const url = replies[1]?.file?.url ?? '';
    ({ bytes } = await download(url));
    book = await workbook(bytes);
  });

  it('answers with a summary, then the file as a download link', () => {
    const [summary, file] = replies;
    expect(textOf(summary!)).toMatch(/已导出首报项目台账（DC-2026-\d{4}）：共 4 个项目，涉及 3 个单位/);
    expect(textOf(summary!)).toContain('日期为北京时间，金额单位为万元');
    expect(file).toMatchObject({
      kind: 'file',
      file: { name: expect.stringMatching(/^首报项目台账_20261126_0900\.xlsx$/) },
    });
    expect(file!.file!.url).toMatch(/^\/files\/[0-9a-f]{32}\.xlsx\?name=/);
    // The bot's disk layout never reaches the page.
    expect(JSON.stringify(replies)).not.toContain(dir.path);
  });

  it('serves the file as an XLSX attachment under its Chinese name', async () => {
    const { response } = await download(replies[1]!.file!.url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(response.headers.get('content-disposition')).toContain(
      `filename*=UTF-8''${encodeURIComponent(replies[1]!.file!.name)}`,
    );
    expect(bytes.subarray(0, 2).toString()).toBe('PK');
  });

  it('has a summary sheet, one sheet per status, and a note on how to read it', () => {
    expect(book.worksheets.map((s) => s.name)).toEqual([
      '汇总',
      '待审核',
      '冲突',
      '首谈期内',
      '未通过',
      '首谈期满',
      '已签约',
      '已落地',
      '已终止',
      '市级主谈',
      '说明',
    ]);
    for (const sheet of book.worksheets) expectClerkFriendly(sheet);
  });

  it('counts by unit and status in the summary, with a city total', () => {
    const summary = recordsOf(book.getWorksheet('汇总')!);
    expect(summary.map((r) => [r.单位, r['合计（个）'], r['投资额合计（万元）']])).toEqual([
      ['滨江区', 2, 93000],
      ['萧山区', 1, 25000],
      ['余杭区', 1, 120000],
      ['全市合计', 4, 238000],
    ]);
    expect(summary[0]).toMatchObject({ 首谈期内: 1, 待审核: 1, 冲突: 0 });
  });

  it('puts each project on its status sheet with Chinese headers, 万元 amounts and Shanghai times', () => {
    const held = recordsOf(book.getWorksheet('首谈期内')!);
    expect(held).toHaveLength(1);
    const row = held[0]!;
    expect(row).toMatchObject({
      编号: 'ZS-2026-0001',
      项目名称: '射频芯片产业化',
      投资方: '杭州长风微电子有限公司',
      统一社会信用代码: '91330106MA2CFWRU0B',
      产业链: '集成电路',
      '投资额（万元）': 90000,
      意向依据: '签订意向书',
      联系人: '李明',
      报备单位: '滨江区',
      报备人: '李明',
      状态: '首谈期内',
      符合布局导引: '是',
      投资方意见: '投资方同意',
      审核人: '张伟',
    });
    // Excel has no time zones: the cell holds the wall-clock time in Shanghai (09:00 for 01:00 UTC).
    expect((row.首报时间 as Date).getTime()).toBe(REPORTED_AT.getTime() + SHANGHAI_MS);
    // A period ends on a date (DESIGN §4.3): the cell is that day, granted on 2026-11-26 for 180 days.
    expect((row.首谈期至 as Date).toISOString()).toBe('2027-05-25T00:00:00.000Z');
    const sheet = book.getWorksheet('首谈期内')!;
    expect(sheet.getCell('M2').numFmt).toBe('yyyy-mm-dd hh:mm');
    expect(sheet.getCell('F2').numFmt).toBe('#,##0');
    expect(recordsOf(book.getWorksheet('待审核')!).map((r) => [r.编号, r.意向依据, r['投资额（万元）']])).toEqual([
      ['ZS-2026-0002', '其他：已签保密协议', 3000],
    ]);
    expect(recordsOf(book.getWorksheet('冲突')!).map((r) => [r.编号, r.报备单位])).toEqual([
      ['ZS-2026-0003', '萧山区'],
    ]);
    expect(recordsOf(book.getWorksheet('未通过')!).map((r) => [r.编号, r.驳回理由])).toEqual([
      ['ZS-2026-0004', '投资方尚未确定选址'],
    ]);
    expect(recordsOf(book.getWorksheet('已签约')!)).toEqual([]);
  });

  it('is audited under its export code, with the SHA-256 of exactly the file served', async () => {
    const code = /DC-2026-\d{4}/.exec(textOf(replies[0]!))![0];
    const [event] = query<{ action: string; actorId: string; after: string }>(
      `SELECT action, actorId, after FROM "AuditEvent" WHERE recordType = 'Export' AND recordId = ?`,
      code,
    );
    expect(event).toMatchObject({ action: 'export.projects', actorId: 'ipb-zhang' });
    const after = JSON.parse(event!.after) as { sha256: string; rows: number; fileName: string };
    expect(after).toMatchObject({
      rows: 4,
      fileName: replies[1]!.file!.name,
      sha256: createHash('sha256').update(bytes).digest('hex'),
    });
    expect(await t.client.say('ipb-zhang', 'dm:ipb-zhang', `/审计 ${code}`)).toContain('导出首报项目台账');
  });
});

describe('/导出 in a group', () => {
  it('answers in the group but sends the ledger to the requester alone', async () => {
    await t.bot.dispatcher.drain();
    const mark = (await t.client.sent()).at(-1)?.id ?? 0;
    const replies = await exportAs('ipb-liu', 'city', '项目');
    expect(replies).toHaveLength(1);
    expect(textOf(replies[0]!)).toContain('已私聊发送给您');
    await t.bot.dispatcher.drain();
    const sent = await t.client.sent(mark);
    expect(sent.map((r) => r.to)).toEqual([{ userId: 'ipb-liu' }]);
    const file = sent[0]!.message as Presented;
    expect(file.kind).toBe('file');
    const { response } = await download(file.file!.url);
    expect(response.status).toBe(200);
  });
});

describe('/导出 台账', () => {
  let book: ExcelJS.Workbook;
  let summary: string;

  beforeAll(async () => {
    expect(await t.client.say('ipb-zhang', 'ipb', '/台账 进度 2 已完成年度优化调整初稿')).toContain('已记录');
    const replies = await exportAs('ipb-zhang', 'dm:ipb-zhang', '台账');
    summary = textOf(replies[0]!);
    book = await workbook((await download(replies[1]!.file!.url)).bytes);
  });

  it('has an overview, one sheet per item with its cycle history, the progress notes and a note', () => {
    const names = book.worksheets.map((s) => s.name);
    expect(names[0]).toBe('总览');
    expect(names.slice(1, 13).map((n) => /^第(\d+)项 /.exec(n)?.[1])).toEqual([
      '1',
      '2',
      '3',
      '4',
      '5',
      '6',
      '7',
      '8',
      '9',
      '10',
      '11',
      '12',
    ]);
    expect(names.slice(13)).toEqual(['进展记录', '说明']);
    for (const name of names) expect([...name].length).toBeLessThanOrEqual(31);
    for (const sheet of book.worksheets) expectClerkFriendly(sheet);
    expect(summary).toContain('第1项至第12项（每项一表，含历次周期）');
  });

  it('lists each item (and each lead unit of item 8) in the overview', () => {
    const overview = recordsOf(book.getWorksheet('总览')!);
    expect(overview).toHaveLength(13);
    expect(overview.filter((r) => r.序号 === 8).map((r) => r.本周期牵头单位)).toEqual(['市投资促进局', '市财政局']);
    expect(overview[0]).toMatchObject({ 序号: 1, 事项: '建立产业空间规划联动机制', 牵头单位: '市规划和自然资源局' });
  });

  it('keeps a cycle per row with its deadline as a date cell, and the progress note', () => {
    const item2 = recordsOf(book.worksheets[2]!);
    const first = item2[0]!;
    expect(first).toMatchObject({ 周期: '2019-07-31', 牵头单位: '市投资促进局' });
    expect((first.截止日期 as Date).toISOString()).toBe('2019-07-31T00:00:00.000Z');
    expect(book.worksheets[2]!.getCell('C2').numFmt).toBe('yyyy-mm-dd');
    expect(item2.some((r) => r.最近进展 === '已完成年度优化调整初稿')).toBe(true);
    const notes = recordsOf(book.getWorksheet('进展记录')!);
    expect(notes).toEqual([
      expect.objectContaining({
        序号: 2,
        进展说明: '已完成年度优化调整初稿',
        报送单位: '市投资促进局',
        报送人: '张伟',
      }),
    ]);
  });
});

describe('the download link', () => {
  it('is a fresh unguessable name for every export', () => {
    const names = files();
    expect(names.length).toBeGreaterThanOrEqual(5);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^[0-9a-f]{32}\.xlsx$/);
  });

  it('is readable by the bot’s own user only', () => {
    for (const name of files()) expect(statSync(`${filesDir}/${name}`).mode & 0o777).toBe(0o600);
  });

  it.each([
    '/files/00000000000000000000000000000000.xlsx',
    '/files/..%2Fbot.db',
    '/files/../bot.db',
    '/files/bot.db',
    '/files/ABCDEF00000000000000000000000000.xlsx',
  ])('answers 404 for %s', async (path) => {
    const response = await fetch(`${t.bot.address}${path}`);
    expect(response.status).toBe(404);
  });
});
