import { afterAll, describe, expect, it } from 'vitest';
import type { SentRow } from '../helpers/sim-client.ts';
import { textOf } from '../helpers/sim-client.ts';
import { startTestBot, tempDir, type TestBot } from '../helpers/test-bot.ts';

/**
 * Reminders through the simulator API with a moving clock: a whole year, day by day at 09:00
 * Asia/Shanghai, against the real 2023–2024 holiday calendar (国庆 and its make-up Saturday, 元旦,
 * the Spring Festival's make-up Sunday, 端午 on a Monday), with three restarts: one at the same
 * instant, one after three weeks down, one before 09:00. Every expected notice below was worked
 * out by hand from the rules of DESIGN §7 and that calendar, not by running the planner.
 */

const dir = tempDir();
afterAll(() => dir.remove());

const ENV = { SIMULATOR_CLOCK: '1' };
const at = (day: string, hour = 9) => new Date(Date.parse(`${day}T00:00:00Z`) + (hour - 8) * 3_600_000);
const shanghaiDay = (iso: string) => new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 10);
const nextDay = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

const DISTRICTS = ['shangcheng', 'gongshu', 'xihu', 'binjiang', 'xiaoshan', 'yuhang', 'linping', 'qiantang', 'fuyang', 'linan', 'tonglu', 'chunan', 'jiande'];
/** Lead unit conversations of the demo organisation. */
const LEAD: Record<number, string> = { 1: 'nrb', 2: 'ipb', 3: 'ipb', 4: 'ipb', 5: 'ipb', 6: 'ipb', 7: 'ipb', 9: 'nrb', 11: 'sasac', 12: 'sasac' };
/** Cooperating units with a bound group (the demo platforms have none: IPB is told so once). */
const COOP: Record<number, string[]> = {
  1: ['drc', 'ipb', 'industry', ...DISTRICTS],
  2: ['drc', 'industry', ...DISTRICTS],
  3: ['drc', 'industry', ...DISTRICTS],
  4: ['industry', ...DISTRICTS],
  9: ['drc', 'ipb'],
  11: ['ipb', 'industry'],
  12: ['ipb', 'industry'],
};

type Kind = 'before-30' | 'before-7' | 'before-1' | 'due-day' | 'overdue';
const QUARTERLY = [9, 11, 12];
const DECEMBER = [1, 3, 4, 9, 11, 12];

/** [Shanghai day delivered, items, kind] for the lead units. */
const LEAD_REMINDERS: [string, number[], Kind][] = [
  // Q3 2023, due Saturday 30 September — inside 中秋/国庆 (29 Sep – 6 Oct).
  ['2023-09-01', QUARTERLY, 'before-30'], // nominal 31 Aug, before deployment: caught up at deployment
  ['2023-09-22', QUARTERLY, 'before-7'], // nominal Sat 23 Sep → Friday
  ['2023-09-28', QUARTERLY, 'due-day'], // 29 and 30 Sep are holidays: 前1天 and 截止日 are one notice
  ['2023-10-07', [11], 'overdue'], // week 40: Mon–Fri are 国庆, Saturday 7 Oct is worked (调休)
  ['2023-10-09', [11], 'overdue'],
  // Item 6, reopened by IPB on 1 Sep: weekly overdue from the next Monday until completed on 20 Sep.
  ['2023-09-04', [6], 'overdue'],
  ['2023-09-11', [6], 'overdue'],
  ['2023-09-18', [6], 'overdue'],
  // 31 December 2023 is a Sunday, 30 Dec – 1 Jan is 元旦.
  ['2023-12-01', DECEMBER, 'before-30'],
  ['2023-12-22', DECEMBER, 'before-7'], // nominal Sun 24 Dec → Friday
  ['2023-12-29', DECEMBER, 'due-day'],
  ['2024-01-02', [4], 'overdue'], // Monday 1 Jan is 元旦
  ['2024-01-08', [4], 'overdue'],
  ['2024-01-15', [4], 'overdue'],
  // Item 7, reopened on 1 Feb 2024.
  ['2024-02-05', [7], 'overdue'],
  ['2024-02-18', [7], 'overdue'], // week 7: 春节 Mon–Sat, Sunday 18 Feb is worked (调休)
  ['2024-02-19', [7], 'overdue'],
  ['2024-02-26', [7], 'overdue'],
  ['2024-03-04', [7], 'overdue'],
  // Down from after 5 March to 26 March: weeks 11 and 12 are superseded by week 13, sent on return.
  ['2024-03-26', [7], 'overdue'],
  ['2024-04-01', [7], 'overdue'],
  ['2024-04-08', [7], 'overdue'],
  // Q1 2024 (leap year), due Sunday 31 March.
  ['2024-03-01', QUARTERLY, 'before-30'],
  ['2024-03-26', QUARTERLY, 'before-7'], // due Fri 22 Mar while the bot was down: sent once on return
  ['2024-03-29', QUARTERLY, 'due-day'],
  ['2024-04-01', [12], 'overdue'],
  ['2024-04-08', [12], 'overdue'],
  // Q2 2024, due Sunday 30 June.
  ['2024-05-31', QUARTERLY, 'before-30'],
  ['2024-06-21', QUARTERLY, 'before-7'],
  ['2024-06-28', QUARTERLY, 'due-day'],
  // Item 2, due Wednesday 31 July 2024: all four reminders on their own days.
  ['2024-07-01', [2], 'before-30'],
  ['2024-07-24', [2], 'before-7'],
  ['2024-07-30', [2], 'before-1'],
  ['2024-07-31', [2], 'due-day'],
  // Q3 2024, due Monday 30 September: nominal Sat 31 Aug → Friday.
  ['2024-08-30', QUARTERLY, 'before-30'],
];

/** The cooperating units are told once, with the 30-day reminder. */
const COOP_REMINDERS: [string, number[]][] = [
  ['2023-09-01', QUARTERLY],
  ['2023-12-01', DECEMBER],
  ['2024-03-01', QUARTERLY],
  ['2024-05-31', QUARTERLY],
  ['2024-07-01', [2]],
  ['2024-08-30', QUARTERLY],
];

function weeklyDigestDays(): string[] {
  const shifted: Record<string, string | null> = {
    '2023-10-02': '2023-10-07', // 国庆: the make-up Saturday
    '2024-01-01': '2024-01-02', // 元旦
    '2024-02-12': '2024-02-18', // 春节: the make-up Sunday
    '2024-03-11': null, // down: superseded by week 13
    '2024-03-18': null,
    '2024-03-25': '2024-03-26', // down on Monday, sent on return
    '2024-06-10': '2024-06-11', // 端午
  };
  const days: string[] = [];
  for (let monday = '2023-09-04'; monday <= '2024-08-26'; monday = new Date(Date.parse(`${monday}T00:00:00Z`) + 7 * 86_400_000).toISOString().slice(0, 10)) {
    const day = monday in shifted ? shifted[monday] : monday;
    if (day) days.push(day);
  }
  return days;
}

/** Commands officers type after the 09:00 run of a day: [user, conversation, text, expected reply]. */
const ACTIONS: Record<string, [string, string, string, string][]> = {
  '2023-09-01': [
    ['ipb-zhang', 'ipb', '/台账 确认 5', '已确认《工作制度》附件第5项'],
    ['ipb-liu', 'ipb', '/台账 退回 6 未见实施文件', '已退回《工作制度》附件第6项'],
  ],
  '2023-09-20': [['ipb-zhang', 'ipb', '/台账 完成 6 依据=杭投促〔2019〕8号', '已记录《工作制度》附件第6项']],
  '2023-09-28': [
    ['nrb-he', 'nrb', '/台账 完成 9 依据=三季度用地保障台账', '「2023年第3季度用地需求常态化服务和保障」完成'],
    ['sasac-zheng', 'sasac', '/台账 完成 12 依据=三季度直投建议', '「2023年第3季度股权直投常态化服务」完成'],
  ],
  '2023-10-10': [['sasac-zheng', 'sasac', '/台账 完成 11 依据=子基金覆盖清单', '「2023年第3季度重点产业链招引覆盖情况」完成']],
  '2023-12-29': [
    ['nrb-he', 'nrb', '/台账 完成 1 依据=2023年度评估报告', '「2023年度产业空间实施评估」完成'],
    ['nrb-he', 'nrb', '/台账 完成 9 依据=四季度用地保障台账', '「2023年第4季度用地需求常态化服务和保障」完成'],
    ['ipb-zhang', 'ipb', '/台账 完成 3 依据=2023年度平台评价结果', '「2023年度产业平台评价」完成'],
    ['sasac-zheng', 'sasac', '/台账 完成 11 依据=四季度基金统筹', '「2023年第4季度重点产业链招引覆盖情况」完成'],
    ['sasac-zheng', 'sasac', '/台账 完成 12 依据=四季度直投建议', '「2023年第4季度股权直投常态化服务」完成'],
  ],
  '2024-01-16': [['ipb-zhang', 'ipb', '/台账 完成 4 依据=新能源汽车产业链政策', '「2023年度研究制定或修订产业链政策」完成']],
  '2024-02-01': [['ipb-liu', 'ipb', '/台账 退回 7 规则未组织实施', '已退回《工作制度》附件第7项']],
  '2024-03-29': [
    ['nrb-he', 'nrb', '/台账 完成 9 依据=一季度用地保障台账', '「2024年第1季度用地需求常态化服务和保障」完成'],
    ['sasac-zheng', 'sasac', '/台账 完成 11 依据=一季度基金统筹', '「2024年第1季度重点产业链招引覆盖情况」完成'],
  ],
  '2024-04-09': [['sasac-zheng', 'sasac', '/台账 完成 12 依据=一季度直投建议', '「2024年第1季度股权直投常态化服务」完成']],
  '2024-04-10': [['ipb-zhang', 'ipb', '/台账 完成 7 依据=杭投促〔2024〕2号', '「完成相关规则制定并组织实施」完成']],
  '2024-06-28': [
    ['nrb-he', 'nrb', '/台账 完成 9 依据=二季度用地保障台账', '完成'],
    ['sasac-zheng', 'sasac', '/台账 完成 11 依据=二季度基金统筹', '完成'],
    ['sasac-zheng', 'sasac', '/台账 完成 12 依据=二季度直投建议', '完成'],
  ],
  '2024-07-31': [['ipb-zhang', 'ipb', '/台账 完成 2 依据=2024年版《布局导引》', '「2024年度《布局导引》优化调整」完成']],
};

const KIND_OF_TITLE: [RegExp, Kind | 'coop'][] = [
  [/^台账提醒：第(\d+)项（提前30天）$/, 'before-30'],
  [/^台账提醒：第(\d+)项（提前7天）$/, 'before-7'],
  [/^台账提醒：第(\d+)项（截止前1天）$/, 'before-1'],
  [/^台账提醒：第(\d+)项（截止日）$/, 'due-day'],
  [/^台账督办：第(\d+)项已逾期$/, 'overdue'],
  [/^台账提醒：第(\d+)项（请配合）$/, 'coop'],
];

/** One line per delivered notice: day, conversation and what it was, so lists compare exactly. */
function describeRow(row: SentRow): string {
  const day = shanghaiDay(row.sentAt);
  const to = row.to.conversationId ?? `user:${row.to.userId}`;
  const title = row.message.title ?? '';
  for (const [pattern, kind] of KIND_OF_TITLE) {
    const match = pattern.exec(title);
    if (match) return `${day} ${to} item${match[1]} ${kind}`;
  }
  if (title.startsWith('台账周报')) return `${day} ${to} digest`;
  if (title === '台账：系统启用前到期的事项待确认') return `${day} ${to} pending-summary`;
  const text = textOf(row.message);
  const command = /(报告|已确认|退回了)《工作制度》附件第(\d+)项/.exec(text);
  if (command) return `${day} ${to} item${command[2]} ${{ 报告: 'completed', 已确认: 'confirmed', 退回了: 'reopened' }[command[1] as '报告' | '已确认' | '退回了']}`;
  if (text.includes('还没有绑定工作群')) return `${day} ${to} unbound-unit`;
  // The monthly 工作简报 (issue 15) also goes to the leaders' group; checked on its own below.
  if (row.message.kind === 'file' && /^\d{4}年\d{1,2}月“一盘棋”首报首谈工作情况（草稿）/.test(title)) return `${day} ${to} briefing ${title.slice(0, 8)}`;
  return `${day} ${to} UNEXPECTED ${title} ${text.slice(0, 80)}`;
}

function expectedRows(): string[] {
  const rows: string[] = [];
  for (const [day, items, kind] of LEAD_REMINDERS) for (const item of items) rows.push(`${day} ${LEAD[item]} item${item} ${kind}`);
  for (const [day, items] of COOP_REMINDERS) for (const item of items) for (const to of COOP[item] ?? []) rows.push(`${day} ${to} item${item} coop`);
  for (const day of weeklyDigestDays()) rows.push(`${day} leaders digest`);
  rows.push('2023-09-01 ipb pending-summary');
  // The four demo platforms cooperate on items 1–4 but have no group: IPB is told once each.
  for (let i = 0; i < 4; i++) rows.push('2023-12-01 ipb unbound-unit');
  for (const [day, actions] of Object.entries(ACTIONS)) {
    for (const [, , text] of actions) {
      const [, verb, numberText] = text.split(' ');
      const item = Number(numberText);
      if (verb === '完成') rows.push(`${day} ipb item${item} completed`);
      if (verb === '确认') rows.push(`${day} ${LEAD[item]} item${item} confirmed`);
      if (verb === '退回') rows.push(`${day} ${LEAD[item]} item${item} reopened`);
    }
  }
  return rows.sort();
}

describe('a year of reminders through the simulator', () => {
  it('delivers exactly the expected notices, across three restarts', async () => {
    const path = `${dir.path}/year.db`;
    let t: TestBot = await startTestBot(path, { env: ENV, now: at('2023-09-01') });
    const tick = async (day: string) => {
      await t.client.post('/api/clock', { now: at(day).toISOString() });
    };
    const restart = async (now: Date) => {
      await t.stop();
      t = await startTestBot(path, { env: ENV, now });
      await t.bot.dispatcher.drain();
    };

    for (let day = '2023-09-01'; day <= '2024-08-31'; day = nextDay(day)) {
      if (day > '2024-03-05' && day < '2024-03-26') continue;
      if (day === '2024-03-26') await restart(at(day));
      if (day === '2024-06-11') await restart(at(day, 8));
      await tick(day);
      for (const [user, conversation, text, reply] of ACTIONS[day] ?? []) expect(await t.client.say(user, conversation, text)).toContain(reply);
      if (day === '2023-12-01') await restart(at(day));
    }
    await t.bot.dispatcher.drain();
    const rows = await t.client.sent();
    await t.stop();
    const described = rows.map(describeRow).sort();
    const briefings = described.filter((row) => row.includes(' briefing '));
    const delivered = described.filter((row) => !row.includes(' briefing '));

    expect(delivered.filter((row) => row.includes('UNEXPECTED'))).toEqual([]);
    // One 简报 per month at most, to the leaders' group, whatever the restarts.
    expect(briefings.length).toBeGreaterThan(0);
    expect(briefings.every((row) => row.split(' ')[1] === 'leaders')).toBe(true);
    expect(new Set(briefings.map((row) => row.split(' ').at(-1))).size).toBe(briefings.length);
    expect(delivered).toEqual(expectedRows());

    // What the late and shifted notices say: the real number of days, at the time they are read.
    const textAt = (day: string, to: string, title: string) => textOf(rows.find((r) => shanghaiDay(r.sentAt) === day && r.to.conversationId === to && r.message.title === title)?.message ?? { kind: 'text' });
    expect(textAt('2023-09-01', 'nrb', '台账提醒：第9项（提前30天）')).toContain('完成时限：2023年9月30日，还有 29 天');
    expect(textAt('2023-09-28', 'sasac', '台账提醒：第11项（截止日）')).toContain('还有 2 天（2023年9月30日为星期六）');
    expect(textAt('2023-10-07', 'sasac', '台账督办：第11项已逾期')).toContain('已逾期 7 天');
    expect(textAt('2024-03-26', 'sasac', '台账提醒：第12项（提前7天）')).toContain('还有 5 天');
    expect(textAt('2023-12-01', 'binjiang', '台账提醒：第1项（请配合）')).toContain('牵头单位市规划和自然资源局的「2023年度产业空间实施评估」完成时限为 2023年12月31日（还有 30 天）');
    const digest = textAt('2024-01-08', 'leaders', '台账周报（2024年第02周）');
    expect(digest).toContain('- 逾期 1 个周期；30天内到期 0 个');
    expect(digest).toContain('- 第4项 构建产业链精准招商政策体系：2023年度研究制定或修订产业链政策，完成时限 2023年12月31日，已逾期 8 天（牵头：市投资促进局）');
    expect(textAt('2024-01-08', 'ipb', '台账督办：第4项已逾期')).toContain('年度目标：每年研究制定或修订 1—2 条产业链政策');
  }, 120_000);
});

// chinese-days is pinned (package.json) at 1.5.7, whose data ends with 2026.
describe('a year the holiday package does not cover', () => {
  it('warns IPB once, falls back to Monday–Friday, and follows an imported schedule', async () => {
    const t = await startTestBot(`${dir.path}/fallback.db`, { env: ENV, now: at('2026-11-26') });
    try {
      const warnings = async () => (await t.client.sent()).filter((row) => row.message.title === '节假日数据缺失：2027年');
      for (const day of ['2026-11-27', '2026-11-30']) await t.client.post('/api/clock', { now: at(day).toISOString() });
      expect(await warnings()).toEqual([]);
      for (const day of ['2026-12-01', '2026-12-02']) await t.client.post('/api/clock', { now: at(day).toISOString() });
      const warned = await warnings();
      expect(warned.map((row) => [shanghaiDay(row.sentAt), row.to])).toEqual([['2026-12-01', { conversationId: 'ipb' }]]);
      expect(textOf(warned[0]!.message)).toContain('/节假日 导入 2027');
      expect(await t.client.say('ipb-zhang', 'ipb', '/节假日 2027')).toContain('2027年：节假日数据未覆盖，暂按周一至周五上班推算');

      // Test data, not the real 2027 arrangement: a holiday on Monday 1 March moves Q1's 30-day reminder to Friday.
      const imported = await t.client.say('admin', 'city', '/节假日 导入 2027 2027-01-01~2027-01-03 休 元旦 2027-02-06~2027-02-12 休 春节 2027-02-20 班 春节调休 2027-03-01 休 测试假日');
      expect(imported).toContain('已导入2027年节假日安排：休息日 11 天，调休上班 1 天');
      expect(await t.client.say('ipb-zhang', 'ipb', '/节假日 2027')).toContain('使用管理员导入的官方安排');

      const q1 = async () =>
        (await t.client.sent()).filter((row) => /第(9|11|12)项（提前30天）/.test(row.message.title ?? '')).map((row) => `${shanghaiDay(row.sentAt)} ${row.to.conversationId}`);
      await t.client.post('/api/clock', { now: at('2027-02-25').toISOString() });
      expect((await q1()).filter((row) => row.startsWith('2027'))).toEqual([]);
      await t.client.post('/api/clock', { now: at('2027-02-26').toISOString() });
      expect((await q1()).filter((row) => row.startsWith('2027'))).toEqual(['2027-02-26 nrb', '2027-02-26 sasac', '2027-02-26 sasac']);
      expect(await warnings()).toHaveLength(1);
    } finally {
      await t.stop();
    }
  });
});
