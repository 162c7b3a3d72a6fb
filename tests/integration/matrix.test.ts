import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ItemSchedule } from '../../src/domain/matrix/items.ts';
import { MATRIX_FIXTURE, type FixtureItem } from '../fixtures/matrix-items.ts';
import { textOf } from '../helpers/sim-client.ts';
import { startTestBot, tempDir, type TestBot } from '../helpers/test-bot.ts';
import { readOnlyQueries } from '../helpers/db.ts';

/** The /台账 and /节假日 commands against the real bot, deployed on 2026-11-26 09:00 (Shanghai). */

const dir = tempDir();
let t: TestBot;

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

const { query } = readOnlyQueries(() => t.dbPath);

const say = (user: string, conversation: string, text: string) => t.client.say(user, conversation, text);

async function noticesAfter(id: number) {
  await t.bot.dispatcher.drain();
  return (await t.client.sent(id)).map((row) => ({
    to: row.to.conversationId ?? row.to.userId,
    text: textOf(row.message),
  }));
}

async function lastSentId(): Promise<number> {
  await t.bot.dispatcher.drain();
  return (await t.client.sent()).at(-1)?.id ?? 0;
}

function cycleStatus(item: number, key: string, lead?: string): string | undefined {
  const rows = query<{ status: string }>(
    `SELECT status FROM "MatrixCycle" WHERE itemNumber = ? AND key = ?${lead ? ' AND leadUnitId = ?' : ''}`,
    item,
    key,
    ...(lead ? [lead] : []),
  );
  return rows[0]?.status;
}

describe('the seeded responsibility matrix', () => {
  it('equals the attachment of the policy, item by item', () => {
    const unitName = new Map(
      query<{ id: string; name: string }>('SELECT id, name FROM "Unit"').map((u) => [u.id, u.name]),
    );
    const rows = query<{
      number: number;
      name: string;
      content: string;
      leadUnits: string;
      coopText: string;
      deadlineText: string;
      schedule: string;
    }>('SELECT number, name, content, leadUnits, coopText, deadlineText, schedule FROM "MatrixItem" ORDER BY number');
    const seeded: FixtureItem[] = rows.map((row) => {
      const schedule = JSON.parse(row.schedule) as ItemSchedule;
      const target = schedule.yearlyTarget;
      return {
        number: row.number,
        name: row.name,
        content: row.content,
        leads: (JSON.parse(row.leadUnits) as string[]).map((id) => unitName.get(id) ?? id),
        cooperatingText: row.coopText,
        deadlineText: row.deadlineText,
        schedule: schedule.chains.map((chain) => ({
          lead: unitName.get(chain.leadUnitId) ?? chain.leadUnitId,
          ...(chain.part ? { part: chain.part } : {}),
          once: chain.once.map((m) => m.due),
          ...(chain.repeat
            ? {
                repeat:
                  chain.repeat.every === 'year'
                    ? `yearly ${chain.repeat.monthDay} from ${chain.repeat.firstYear}`
                    : `quarterly from ${chain.repeat.firstQuarter}`,
              }
            : {}),
        })),
        ...(target ? { yearlyTarget: `${target.min}—${target.max}${target.unit}` } : {}),
      };
    });
    expect(seeded).toEqual(MATRIX_FIXTURE);
  });

  it('imports deadlines already past at deployment as 待确认 and later ones as open', () => {
    expect(cycleStatus(5, '2019-07-31')).toBe('PENDING_CONFIRM');
    expect(cycleStatus(1, '2025')).toBe('PENDING_CONFIRM');
    expect(cycleStatus(2, '2026')).toBe('PENDING_CONFIRM');
    expect(cycleStatus(1, '2026')).toBe('OPEN');
    expect(cycleStatus(2, '2027')).toBe('OPEN');
    expect(cycleStatus(9, '2026Q3')).toBe('PENDING_CONFIRM');
    expect(cycleStatus(9, '2026Q4')).toBe('OPEN');
    expect(cycleStatus(9, '2027Q1')).toBe('OPEN');
    expect(cycleStatus(8, '2019-12-31', 'finance')).toBe('PENDING_CONFIRM');
  });

  it('summarised the 待确认 deadlines once to IPB', async () => {
    await t.bot.dispatcher.drain();
    const summaries = (await t.client.sent()).filter((row) => row.message.title === '台账：系统启用前到期的事项待确认');
    expect(summaries.map((row) => row.to)).toEqual([{ conversationId: 'ipb' }]);
    const text = textOf(summaries[0]!.message);
    expect(text).toContain('第1项 建立产业空间规划联动机制：7 个周期（2019年11月30日至2025年12月31日）');
    expect(text).toContain('第5项 完善重大产业项目招引“一事一议”制度：1 个周期（2019年7月31日）');
    // Item 8's two lead units share one deadline: a date, not a one-day range.
    expect(text).toContain('第8项 强化存量项目流转监督：2 个周期（2019年12月31日）');
    expect(text).toContain('/台账 确认 <序号>');
  });

  it('a restart seeds nothing twice and sends no second summary', async () => {
    const before = query<{ n: number }>('SELECT COUNT(*) AS n FROM "MatrixCycle"')[0]?.n;
    await t.stop();
    t = await startTestBot(t.dbPath, { env: { SIMULATOR_CLOCK: '1' }, now: new Date('2026-11-26T02:00:00Z') });
    expect(query<{ n: number }>('SELECT COUNT(*) AS n FROM "MatrixCycle"')[0]?.n).toBe(before);
    await t.bot.dispatcher.drain();
    expect(
      (await t.client.sent()).filter((row) => row.message.title === '台账：系统启用前到期的事项待确认'),
    ).toHaveLength(1);
  });
});

describe('/台账', () => {
  it('lists every item with its current cycle, deadline, days left and lead unit', async () => {
    const reply = await say('binjiang-li', 'binjiang', '/台账');
    expect(reply).toContain('责任分解表台账（截至2026年11月26日）');
    expect(reply).toContain(
      '**1. 建立产业空间规划联动机制**：2026年度产业空间实施评估｜进行中，还有 35 天｜完成时限 2026年12月31日｜牵头：市规划和自然资源局｜另有 7 个周期待确认',
    );
    expect(reply).toContain(
      '**2. 编制《布局导引》**：2027年度《布局导引》优化调整｜进行中，还有 247 天｜完成时限 2027年7月31日｜牵头：市投资促进局',
    );
    expect(reply).toContain(
      '**8. 强化存量项目流转监督**（完善财政利益共享制度）：完善财政利益共享制度｜待确认（系统启用前已到期）｜完成时限 2019年12月31日｜牵头：市财政局',
    );
    expect(reply).toContain(
      '**12. 建立重点产业链项目市级股权直投机制**：2026年第4季度股权直投常态化服务｜进行中，还有 35 天',
    );
    expect(await t.client.say('binjiang-li', 'binjiang', '/matrix')).toContain('责任分解表台账');
  });

  it('shows one item in full: 主要内容, units, the verbatim deadline, the yearly target and the history', async () => {
    const reply = await say('xiaoshan-wang', 'xiaoshan', '/台账 4');
    expect(reply).toContain('《工作制度》附件第4项：构建产业链精准招商政策体系');
    expect(reply).toContain(
      '**主要内容**：聚焦我市重点打造产业链和产业集群，制定精准化、个性化市级重点产业“一链一策”，并向重点产业平台倾斜。',
    );
    expect(reply).toContain('**配合单位**：相关产业主管部门，各区、县（市）和产业集聚区（开发区）');
    expect(reply).toContain('**完成时限**：按重点产业链推进情况，原则上每年研究制定或修订1—2条产业链政策。');
    expect(reply).toContain('**年度目标**：每年研究制定或修订 1—2 条产业链政策');
    expect(reply).toContain('2026年度研究制定或修订产业链政策，完成时限 2026年12月31日，进行中，还有 35 天');
    expect(reply).toContain(
      '2025年度研究制定或修订产业链政策（2025年12月31日，市投资促进局）：待确认（系统启用前已到期）',
    );
    expect(await say('xiaoshan-wang', 'xiaoshan', '/台账 第9项')).toContain('（另有 21 个更早的周期未显示）');
  });

  it('answers bad input with what is wrong and how to fix it', async () => {
    expect(await say('ipb-zhang', 'ipb', '/台账 13')).toContain('没有“13”这一项。责任分解表共 12 项');
    expect(await say('ipb-zhang', 'ipb', '/台账 查看')).toContain('“查看”不是 /台账 的操作');
    expect(await say('ipb-zhang', 'ipb', '/台账 完成')).toContain('用法：/台账');
    expect(await say('nrb-he', 'nrb', '/台账 完成 1')).toContain('请写明完成依据');
    expect(await say('nrb-he', 'nrb', '/台账 进度 9')).toContain('请写明进度说明');
    expect(await say('nrb-he', 'nrb', '/台账 完成 1 2031 依据=x')).toContain('没有“2031”这个周期');
    expect(await say('nrb-he', 'nrb', '/台账 完成 1 文号=x')).toContain('不认识的参数：文号');
  });
});

describe('/台账 进度', () => {
  it('lets a cooperating unit report progress, passed on to the lead unit', async () => {
    const mark = await lastSentId();
    const reply = await say('binjiang-li', 'binjiang', '/台账 进度 1 已提交滨江区产业空间评估材料');
    expect(reply).toContain(
      '已记录《工作制度》附件第1项「2026年度产业空间实施评估」的进度。已同步告知牵头单位市规划和自然资源局。',
    );
    const notices = await noticesAfter(mark);
    expect(notices).toEqual([
      {
        to: 'nrb',
        text: '【台账】配合单位滨江区 李明 报送了《工作制度》附件第1项「建立产业空间规划联动机制」2026年度产业空间实施评估的进度：已提交滨江区产业空间评估材料',
      },
    ]);
    expect(await say('nrb-he', 'nrb', '/台账 1')).toContain(
      '滨江区 李明（2026年度产业空间实施评估）：已提交滨江区产业空间评估材料',
    );
  });

  it('lets the lead unit report progress without notifying itself', async () => {
    const mark = await lastSentId();
    expect(await say('nrb-he', 'nrb', '/台账 进度 9 说明=本季度保障用地12宗')).toContain(
      '已记录《工作制度》附件第9项「2026年第4季度用地需求常态化服务和保障」的进度。',
    );
    expect(await noticesAfter(mark)).toEqual([]);
  });

  it('refuses units that neither lead nor cooperate, and users without a unit', async () => {
    expect(await say('binjiang-li', 'binjiang', '/台账 进度 9 已完成')).toContain(
      '「滨江区」不是《工作制度》附件第9项的牵头或配合单位',
    );
    expect(await say('admin', 'city', '/台账 进度 1 已完成')).toContain('您的账号没有登记所属单位');
  });
});

describe('/台账 完成, 确认 and 退回', () => {
  it('refuses completion by a unit that does not lead the item', async () => {
    const reply = await say('ipb-zhang', 'ipb', '/台账 完成 1 依据=杭规划资源〔2026〕12号');
    expect(reply).toContain(
      '「市投资促进局」不是《工作制度》附件第1项的牵头单位（牵头单位：市规划和自然资源局），不能报完成',
    );
    expect(cycleStatus(1, '2026')).toBe('OPEN');
  });

  it("completes the lead unit's current cycle, shows the next one and asks IPB to confirm", async () => {
    const mark = await lastSentId();
    const reply = await say('nrb-he', 'nrb', '/台账 完成 1 依据=杭规划资源〔2026〕12号');
    expect(reply).toBe(
      '已记录《工作制度》附件第1项「2026年度产业空间实施评估」完成，依据：杭规划资源〔2026〕12号。已提请市投资促进局确认。\n下一周期：2027年度产业空间实施评估，完成时限 2027年12月31日。',
    );
    expect(cycleStatus(1, '2026')).toBe('DONE');
    expect(cycleStatus(1, '2027')).toBe('OPEN');
    const notices = await noticesAfter(mark);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ to: 'ipb' });
    expect(notices[0]?.text).toContain(
      '市规划和自然资源局 何军 报告《工作制度》附件第1项「建立产业空间规划联动机制」2026年度产业空间实施评估已完成，依据：杭规划资源〔2026〕12号',
    );
  });

  it('lets 市财政局 complete its own part of item 8, and nobody complete a cycle twice', async () => {
    expect(await say('finance-zhao', 'finance', '/台账 完成 8 依据=杭财预〔2020〕3号')).toContain(
      '「完善财政利益共享制度」完成',
    );
    expect(cycleStatus(8, '2019-12-31', 'finance')).toBe('DONE');
    expect(cycleStatus(8, '2019-12-31', 'ipb')).toBe('PENDING_CONFIRM');
    expect(await say('finance-zhao', 'finance', '/台账 完成 8 依据=再次')).toContain('都已报完成或已确认');
  });

  it('keeps 确认 for IPB and the city leaders, 退回 for IPB', async () => {
    expect(await say('nrb-he', 'nrb', '/台账 确认 1')).toContain(
      '您没有使用 /台账 确认 的权限（需要：市投资促进局、市领导/决策机构）',
    );
    expect(await say('binjiang-li', 'binjiang', '/台账 退回 5')).toContain('您没有使用 /台账 退回 的权限');
    expect(cycleStatus(5, '2019-07-31')).toBe('PENDING_CONFIRM');
  });

  it('asks which cycle when several wait, then confirms the one named or all of them, and tells the lead unit', async () => {
    const ask = await say('ipb-zhang', 'ipb', '/台账 确认 1');
    expect(ask).toContain('有 8 个周期待确认，请指定要确认的周期');
    expect(ask).toContain(
      '- 2019-11-30：建立产业空间规划联动机制（完成时限 2019年11月30日，待确认（系统启用前已到期））',
    );
    expect(ask).toContain('/台账 确认 1 全部');
    expect(cycleStatus(1, '2019-11-30')).toBe('PENDING_CONFIRM');
    const mark = await lastSentId();
    const reply = await say('ipb-zhang', 'ipb', '/台账 确认 1 全部');
    expect(reply).toBe(
      '已确认《工作制度》附件第1项：建立产业空间规划联动机制至2026年度产业空间实施评估，共 8 个周期。已通知牵头单位。',
    );
    expect(
      query<{ n: number }>(`SELECT COUNT(*) AS n FROM "MatrixCycle" WHERE itemNumber = 1 AND status = 'CONFIRMED'`)[0]
        ?.n,
    ).toBe(8);
    const notices = await noticesAfter(mark);
    expect(notices.map((n) => n.to)).toEqual(['nrb']);
    expect(await say('ipb-zhang', 'ipb', '/台账 确认 1')).toContain('没有待确认的周期');
    expect(await say('ipb-zhang', 'ipb', '/台账 确认 1 2027')).toContain(
      '「2027年度产业空间实施评估」当前状态为“进行中”，无需确认',
    );
  });

  it('leaves an item IPB leads to a city leader to confirm', async () => {
    expect(await say('ipb-zhang', 'ipb', '/台账 确认 5')).toContain('由市投资促进局牵头，其完成情况由分管市领导确认');
    expect(cycleStatus(5, '2019-07-31')).toBe('PENDING_CONFIRM');
    expect(await say('leader-zhou', 'leaders', '/台账 确认 5')).toContain('已确认《工作制度》附件第5项');
    expect(cycleStatus(5, '2019-07-31')).toBe('CONFIRMED');
    expect(await say('leader-zhou', 'leaders', '/台账 确认 9 全部')).toContain('由市投资促进局确认');
  });

  it('reopens a 待确认 deadline with a new 整改时限, not as years overdue, and tells the lead unit', async () => {
    expect(await say('ipb-liu', 'ipb', '/台账 退回 6 未见实施文件')).toContain('已过，退回时请设定新的整改时限');
    expect(await say('ipb-liu', 'ipb', '/台账 退回 6 时限=2020-01-01 未见实施文件')).toContain(
      '整改时限“2020-01-01”无效',
    );
    expect(cycleStatus(6, '2019-07-31')).toBe('PENDING_CONFIRM');
    const mark = await lastSentId();
    const reply = await say('ipb-liu', 'ipb', '/台账 退回 6 时限=2027-03-31 未见实施文件');
    expect(reply).toMatch(
      /^已退回《工作制度》附件第6项「完成相关规则制定并组织实施」，重新列入督办（整改时限 2027年3月31日，还有 \d+ 天）。已通知牵头单位。$/,
    );
    expect(reply).not.toContain('已逾期');
    expect(cycleStatus(6, '2019-07-31')).toBe('OPEN');
    const notices = await noticesAfter(mark);
    expect(notices).toHaveLength(1);
    expect(notices[0]?.text).toContain(
      '退回了《工作制度》附件第6项「加强产业投资促进优惠政策管理」完成相关规则制定并组织实施，理由：未见实施文件',
    );
    expect(await say('ipb-liu', 'ipb', '/台账 6')).toContain(
      '市投资促进局 刘洋（完成相关规则制定并组织实施）：退回：未见实施文件',
    );
    expect(await say('ipb-liu', 'ipb', '/台账 退回 6')).toContain('没有待确认的周期');
  });

  it("asks which cycle when several wait, and picks item 8's part by its lead unit", async () => {
    expect(await say('ipb-liu', 'ipb', '/台账 退回 9')).toContain('有多个可退回的周期');
    const reply = await say('ipb-liu', 'ipb', '/台账 退回 8 2019-12-31');
    expect(reply).toContain(
      '2019-12-31 市财政局、2019-12-31 市投资促进局。请指定周期，例如：/台账 退回 8 2019-12-31 市投资促进局 <理由>',
    );
    expect(await say('ipb-liu', 'ipb', '/台账 退回 8 2019-12-31 市财政局 时限=2027-06-30 依据不足')).toContain(
      '已退回《工作制度》附件第8项「完善财政利益共享制度」',
    );
    expect(cycleStatus(8, '2019-12-31', 'finance')).toBe('OPEN');
    expect(cycleStatus(8, '2019-12-31', 'ipb')).toBe('PENDING_CONFIRM');
  });

  it('records every change in the audit chain', async () => {
    const actions = query<{ action: string }>(
      `SELECT action FROM "AuditEvent" WHERE action LIKE 'matrix.%' ORDER BY seq`,
    ).map((r) => r.action);
    expect(actions).toEqual([
      'matrix.progress',
      'matrix.progress',
      'matrix.complete',
      'matrix.complete',
      'matrix.confirm',
      'matrix.confirm',
      'matrix.reopen',
      'matrix.reopen',
    ]);
    expect(await say('audit-qian', 'audit', '/审计 校验')).toContain('校验通过');
  });
});

describe('/节假日', () => {
  it("shows where a year's working days come from", async () => {
    const covered = await say('ipb-zhang', 'ipb', '/节假日 2026');
    expect(covered).toContain('2026年：使用节假日数据包 chinese-days');
    expect(covered).toContain('10月1日（国庆节）');
    expect(covered).toContain('调休上班 6 天：1月4日（元旦）、2月14日（春节）');
    expect(await say('ipb-zhang', 'ipb', '/节假日 2030')).toContain('2030年：节假日数据未覆盖，暂按周一至周五上班推算');
  });

  it('lets only an administrator import a year, which then takes precedence', async () => {
    expect(await say('ipb-zhang', 'ipb', '/节假日 导入 2030 2030-01-01 休 元旦')).toContain(
      '没有使用 /节假日 导入 的权限',
    );
    expect(await say('binjiang-li', 'binjiang', '/节假日 2030')).toContain('您没有使用 /节假日 的权限');
    const reply = await say(
      'admin',
      'city',
      '/节假日 导入 2030 2030-01-01 休 元旦 2030-02-02~2030-02-08 休 春节 2030-01-26 班 春节调休',
    );
    expect(reply).toBe(
      '已导入2030年节假日安排：休息日 8 天，调休上班 1 天。今后2030年的台账提醒按此安排计算；发送 /节假日 2030 核对。',
    );
    const status = await say('ipb-zhang', 'ipb', '/节假日 2030');
    expect(status).toContain(
      '2030年：使用管理员导入的官方安排（admin 于 2026年11月26日 10:00 导入），优先于节假日数据包。',
    );
    expect(status).toContain('调休上班 1 天：1月26日（春节调休）');
    expect(await say('admin', 'city', '/节假日 导入 2030 2030-01-01 休 元旦')).toContain(
      '已更新2030年节假日安排：休息日 1 天',
    );
    expect(query<{ n: number }>('SELECT COUNT(*) AS n FROM "HolidayDay" WHERE year = 2030')[0]?.n).toBe(1);
  });

  it("imports a year from a file on the server, into the running bot's database", async () => {
    const file = `${dir.path}/holidays-2029.txt`;
    writeFileSync(
      file,
      '# 2029年节假日安排（测试数据）\n2029-01-01 休 元旦\n2029-02-12～2029-02-18 休 春节\n2029-02-10 班 春节调休\n',
    );
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'src/import-holidays.ts', '2029', file],
      {
        env: { ...process.env, DATABASE_URL: t.databaseUrl, LOG_LEVEL: 'silent' },
      },
    );
    expect(stdout).toContain('已导入2029年节假日安排：休息日 8 天，调休上班 1 天');
    const status = await say('ipb-zhang', 'ipb', '/节假日 2029');
    expect(status).toContain('使用管理员导入的官方安排（file:holidays-2029.txt 于');
    expect(status).toContain('调休上班 1 天：2月10日（春节调休）');
  });

  it('explains bad imports', async () => {
    expect(await say('admin', 'city', '/节假日 导入')).toContain('用法：/节假日');
    expect(await say('admin', 'city', '/节假日 导入 30')).toContain('“30”不是有效年份');
    expect(await say('admin', 'city', '/节假日 导入 2031')).toContain('请在年份后写出2031年的放假和调休安排');
    expect(await say('admin', 'city', '/节假日 导入 2031 2031-02-30 休')).toContain('“2031-02-30”不是有效日期');
    expect(await say('admin', 'city', '/节假日 导入 2031 2031-01-01 元旦')).toContain('后面需要写“休”或“班”');
    expect(await say('admin', 'city', '/节假日 导入 2031 2030-12-31 休')).toContain('不在2031年');
    expect(query<{ n: number }>('SELECT COUNT(*) AS n FROM "HolidayDay" WHERE year = 2031')[0]?.n).toBe(0);
  });
});
