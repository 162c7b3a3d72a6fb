/**
 * 首报首谈 (DESIGN §4, policy 四(一)) through the simulator API: reporting and its validation,
 * conflict detection between units, /查重, /项目, /进展 and /违规. Review details and the layout guide
 * are in projects-review.test.ts, the exclusivity clock in projects-expiry.test.ts.
 *
 * The tests of this file build on each other (one temp database, one story): P1 is 滨江区's report
 * of 杭州某某科技有限公司 for 集成电路, which the other units then collide with.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction } from '../../src/db/tx.ts';
import { textOf, type SentRow } from '../helpers/sim-client.ts';
import { periodLastDay } from '../helpers/period.ts';
import { startTestBot, tempDir, type TestBot } from '../helpers/test-bot.ts';
import { readOnlyQueries } from '../helpers/db.ts';

const dir = tempDir();
let t: TestBot;
let now = new Date('2026-11-26T01:00:00Z');

beforeAll(async () => {
  t = await startTestBot(`${dir.path}/bot.db`, { now, env: { SIMULATOR_CLOCK: '1' } });
  // 钱塘区 co-hosts 集成电路 with 滨江区; no demo officer works there, so the administrator adds one.
  expect(await t.client.say('admin', 'city', '/角色 授予 qiantang-zhou REPORTER 钱塘区')).toContain('已授予');
  await settle();
});

afterAll(async () => {
  await t?.stop();
  dir.remove();
});

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

const { query, count } = readOnlyQueries(() => t.dbPath);

interface ProjectDb {
  code: string;
  name: string;
  status: string;
  unitId: string;
  reporterId: string;
  chain: string;
  investorName: string;
  creditCode: string | null;
  creditCodeUnverified: number;
  amountWan: number;
  intent: string;
  intentNote: string | null;
  site: string | null;
  contact: string | null;
  conforms: number;
  reportGuideVersionId: number;
  decisionGuideVersionId: number | null;
  exclusiveUntil: string | null;
  statusNote: string | null;
}

function project(code: string): ProjectDb {
  const row = query<ProjectDb>('SELECT * FROM "Project" WHERE code = ?', code)[0];
  if (row === undefined) throw new Error(`no project ${code}`);
  return row;
}

const projectCount = () => count('SELECT COUNT(*) AS n FROM "Project"');
const auditCount = () => count('SELECT COUNT(*) AS n FROM "AuditEvent"');
const auditActions = (code: string) =>
  query<{ action: string }>(
    `SELECT action FROM "AuditEvent" WHERE recordType = 'Project' AND recordId = ? ORDER BY seq`,
    code,
  ).map((r) => r.action);

/** Delivers every queued notice, so /api/sent shows all a command caused. */
const settle = () => t.settle();

const lastSentId = async () => {
  await settle();
  return (await t.client.sent()).at(-1)?.id ?? 0;
};

/** What was delivered after `after`, once everything queued has gone out. */
async function sentSince(after: number): Promise<SentRow[]> {
  await settle();
  return t.client.sent(after);
}

const textsTo = (rows: SentRow[], conversationId: string) =>
  rows.filter((r) => r.to.conversationId === conversationId).map((r) => textOf(r.message));
const destinations = (rows: SentRow[]) => rows.map((r) => r.to.conversationId ?? `user:${r.to.userId}`).sort();

/** Runs a command and returns its reply and everything it caused to be delivered. */
async function run(userId: string, conversationId: string, text: string): Promise<{ reply: string; sent: SentRow[] }> {
  const mark = await lastSentId();
  const reply = await t.client.say(userId, conversationId, text);
  return { reply, sent: await sentSince(mark) };
}

/** Moves the simulator clock forward (reports get distinct times, as they would in reality). */
async function tick(ms = 60_000): Promise<void> {
  now = new Date(now.getTime() + ms);
  await t.client.post('/api/clock', { now: now.toISOString() });
}

function codeOf(reply: string): string {
  const code = /首报成功：\*\*(ZS-\d{4}-\d{4,})\*\*/.exec(reply)?.[1];
  if (code === undefined) throw new Error(`not an accepted report: ${reply}`);
  return code;
}

const CREDIT_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** A valid 统一社会信用代码 (GB 32100-2015) for 17 leading characters. */
function creditCode(body: string): string {
  expect(body).toHaveLength(17);
  const sum = [...body].reduce((acc, ch, i) => acc + CREDIT_CHARS.indexOf(ch) * CREDIT_WEIGHTS[i]!, 0);
  return body + CREDIT_CHARS[(31 - (sum % 31)) % 31];
}

/** The same code with a different, wrong check character. */
function withWrongCheck(code: string): string {
  const right = code.at(-1)!;
  const wrong = CREDIT_CHARS[(CREDIT_CHARS.indexOf(right) + 1) % 31]!;
  return code.slice(0, 17) + wrong;
}

const CODE_A = creditCode('91330108MA27Y0001');
const CODE_B = creditCode('91330109MA2H30027');
const NO_INTERFERENCE = '其他区、县（市）和平台不得进行项目洽谈或干扰谈判';

/** P1: 滨江区's report of 杭州某某科技有限公司 for 集成电路 (a chain 滨江区 hosts). */
let P1 = '';

// ---------------------------------------------------------------------------------------------
// 1. Report
// ---------------------------------------------------------------------------------------------

describe('/首报: a valid report', () => {
  it('gets ZS-<year>-0001, the conformance result and the next step; IPB gets a review card', async () => {
    await tick();
    const { reply, sent } = await run(
      'binjiang-li',
      'binjiang',
      `/首报 项目=芯片设计中心 投资方=杭州某某科技有限公司 信用代码=${CODE_A} 产业链=集成电路 投资额=5亿 意向=签订意向书 选址=滨江物联网小镇 联系人=李明`,
    );
    P1 = codeOf(reply);
    expect(P1).toBe('ZS-2026-0001');
    expect(reply).toContain('芯片设计中心');
    expect(reply).toContain('5亿元');
    expect(reply).toContain('布局导引：符合');
    expect(reply).toContain('布局导引：符合（依据《工作制度》四(一)）');
    expect(reply).toContain('下一步');
    expect(reply).toContain(`/项目 ${P1}`);

    expect(project(P1)).toMatchObject({
      status: 'PENDING',
      unitId: 'binjiang',
      reporterId: 'binjiang-li',
      chain: '集成电路',
      investorName: '杭州某某科技有限公司',
      creditCode: CODE_A,
      creditCodeUnverified: 0,
      amountWan: 50000,
      intent: '签订意向书',
      site: '滨江物联网小镇',
      contact: '李明',
      conforms: 1,
      decisionGuideVersionId: null,
      exclusiveUntil: null,
    });
    expect(project(P1).reportGuideVersionId).toBe(
      query<{ id: number }>('SELECT id FROM "GuideVersion" ORDER BY id DESC')[0]?.id,
    );
    expect(auditActions(P1)).toEqual(['project.report']);

    // Only IPB's group hears of a new report, as a card whose buttons are the review commands.
    expect(destinations(sent)).toEqual(['ipb']);
    const card = sent[0]!.message;
    expect(card.kind).toBe('card');
    expect(textOf(card)).toContain(P1);
    expect(textOf(card)).toContain('滨江区');
    expect(card.buttons?.map((b) => b.value)).toEqual([`/审核 ${P1} 通过`, `/审核 ${P1} 驳回`]);
    expect(card.buttons?.every((b) => b.actionId === 'command')).toBe(true);
  });
});

describe('/首报: refusals write nothing', () => {
  async function refused(userId: string, conversationId: string, text: string): Promise<string> {
    const before = { projects: projectCount(), audits: auditCount() };
    await tick();
    const { reply, sent } = await run(userId, conversationId, text);
    expect(reply).not.toContain('首报成功');
    expect({ projects: projectCount(), audits: auditCount() }).toEqual(before);
    expect(sent).toEqual([]);
    return reply;
  }

  it('names every missing field in one answer, with an example', async () => {
    const reply = await refused('binjiang-li', 'binjiang', '/首报 项目=只有名称的项目');
    for (const field of ['投资方', '产业链', '投资额', '意向']) expect(reply).toContain(`缺少「${field}`);
    expect(reply).not.toContain('缺少「项目');
    expect(reply).toContain('示例');
  });

  it('lists the guide chains for an unknown chain', async () => {
    const reply = await refused(
      'binjiang-li',
      'binjiang',
      '/首报 项目=火星基地 投资方=杭州远航科技有限公司 产业链=火星采矿 投资额=5亿 意向=实地考察',
    );
    expect(reply).toContain('火星采矿');
    for (const chain of ['集成电路', '新能源汽车', '人工智能', '生物医药']) expect(reply).toContain(chain);
  });

  it('refuses an amount it cannot read', async () => {
    const reply = await refused(
      'binjiang-li',
      'binjiang',
      '/首报 项目=火星基地 投资方=杭州远航科技有限公司 产业链=集成电路 投资额=很多钱 意向=实地考察',
    );
    expect(reply).toContain('投资额「很多钱」');
    expect(reply).toContain('5亿');
  });

  it('refuses an intent it does not know, and 其他 without an explanation', async () => {
    expect(
      await refused(
        'binjiang-li',
        'binjiang',
        '/首报 项目=火星基地 投资方=杭州远航科技有限公司 产业链=集成电路 投资额=5亿 意向=听说有兴趣',
      ),
    ).toContain('意向「听说有兴趣」无法识别');
    expect(
      await refused(
        'binjiang-li',
        'binjiang',
        '/首报 项目=火星基地 投资方=杭州远航科技有限公司 产业链=集成电路 投资额=5亿 意向=其他',
      ),
    ).toContain('请写明说明');
  });

  it('refuses a credit code of the wrong length', async () => {
    const reply = await refused(
      'binjiang-li',
      'binjiang',
      `/首报 项目=火星基地 投资方=杭州远航科技有限公司 信用代码=${CODE_B.slice(0, 17)} 产业链=集成电路 投资额=5亿 意向=实地考察`,
    );
    expect(reply).toContain('18 位');
    expect(reply).toContain('17 位');
  });

  it('refuses a credit code with letters GB 32100-2015 does not use (I, O, Z, S, V)', async () => {
    for (const letter of ['I', 'O', 'Z', 'S', 'V']) {
      const code = `91330108MA27${letter}00018`;
      const reply = await refused(
        'binjiang-li',
        'binjiang',
        `/首报 项目=火星基地 投资方=杭州远航科技有限公司 信用代码=${code} 产业链=集成电路 投资额=5亿 意向=实地考察`,
      );
      expect(reply).toContain(`不允许的字符：${letter}`);
    }
  });

  it('refuses a wrong check character with a warning, without revealing the right one', async () => {
    const wrong = withWrongCheck(CODE_B);
    const reply = await refused(
      'xiaoshan-wang',
      'xiaoshan',
      `/首报 项目=电驱系统 投资方=杭州远航科技有限公司 信用代码=${wrong} 产业链=新能源汽车 投资额=3000万 意向=实地考察`,
    );
    expect(reply).toContain('校验位不符');
    expect(reply).toContain('确认代码=是');
    expect(reply).not.toContain(CODE_B);
  });

  it('refuses users who may not report: no REPORTER role, or no unit', async () => {
    const line = '/首报 项目=火星基地 投资方=杭州远航科技有限公司 产业链=集成电路 投资额=5亿 意向=实地考察';
    expect(await refused('admin', 'city', line)).toContain('没有使用 /首报 的权限');
    expect(await refused('finance-zhao', 'finance', line)).toContain('没有使用 /首报 的权限');
    expect(await refused('ipb-zhang', 'ipb', line)).toContain('没有使用 /首报 的权限');

    // A reporter whose unit was removed from the directory (User.unitId is set null on delete).
    await inTransaction(t.bot.db.prisma, async (tx) => {
      await tx.user.create({ data: { id: 'orphan-reporter', name: '无单位', unitId: null, createdAt: now } });
      const grant = { userId: 'orphan-reporter', role: 'REPORTER', scope: '', grantedBy: 'test', grantedAt: now };
      await tx.roleGrant.create({ data: grant });
    });
    expect(await refused('orphan-reporter', 'dm:orphan-reporter', line)).toContain('没有绑定单位');
  });
});

describe('/首报: accepted variants', () => {
  it('accepts a wrong check character confirmed with 确认代码=是, flags it, and refused reports used no code', async () => {
    const wrong = withWrongCheck(CODE_B);
    await tick();
    const { reply, sent } = await run(
      'xiaoshan-wang',
      'xiaoshan',
      `/首报 项目=电驱系统 投资方=杭州远航科技有限公司 信用代码=${wrong} 产业链=新能源汽车 投资额=3000万 意向=实地考察 确认代码=是`,
    );
    const code = codeOf(reply);
    expect(code).toBe('ZS-2026-0002');
    expect(reply).toContain('校验位不符，已按您的确认原样登记');
    expect(project(code)).toMatchObject({
      status: 'PENDING',
      creditCode: wrong,
      creditCodeUnverified: 1,
      amountWan: 3000,
      unitId: 'xiaoshan',
      conforms: 1,
    });
    expect(destinations(sent)).toEqual(['ipb']);
    // IPB sees the flag in the details.
    expect(await t.client.say('ipb-zhang', 'ipb', `/项目 ${code}`)).toContain('校验位不符');
  });

  it('reads full-width input: ／首报, ＝, full-width digits and “quoted” names with spaces', async () => {
    await tick();
    const { reply } = await run(
      'yuhang-chen',
      'yuhang',
      '／首报　项目＝“数字孪生 工厂” 投资方＝“杭州智川科技有限公司” 产业链＝人工智能 投资额＝５．２亿元 意向＝其他：已签保密协议',
    );
    const code = codeOf(reply);
    expect(code).toBe('ZS-2026-0003');
    expect(project(code)).toMatchObject({
      name: '数字孪生 工厂',
      investorName: '杭州智川科技有限公司',
      chain: '人工智能',
      amountWan: 52000,
      intent: '其他',
      intentNote: '已签保密协议',
      unitId: 'yuhang',
      conforms: 1,
    });
  });

  it('files a redelivered message once, answering with the first reply', async () => {
    await tick();
    const before = projectCount();
    const text = '/首报 项目=重复投递测试 投资方=杭州回声科技有限公司 产业链=数字安防 投资额=1亿 意向=实地考察';
    const first = await t.client.send('binjiang-li', 'binjiang', text, 'report-redelivered-1');
    const second = await t.client.send('binjiang-li', 'binjiang', text, 'report-redelivered-1');
    expect(second).toEqual(first);
    expect(projectCount()).toBe(before + 1);
    const code = codeOf(textOf(first[0]!));
    expect(count(`SELECT COUNT(*) AS n FROM "OutboxMessage" WHERE message LIKE ?`, `%${code}%`)).toBe(1);
  });
});

// ---------------------------------------------------------------------------------------------
// 2. Conflicts
// ---------------------------------------------------------------------------------------------

/** P2: 钱塘区, P3: 萧山区 — the same investor and chain as P1, written differently; P4: 余杭区, another chain. */
let P2 = '';
let P3 = '';
let P4 = '';

describe('conflicts while the first report is pending', () => {
  it('records a later report of the same investor by another unit as PENDING with the priority note', async () => {
    await tick();
    const { reply, sent } = await run(
      'qiantang-zhou',
      'qiantang',
      '/首报 项目=晶圆封测基地 投资方=某某科技（杭州）有限公司 产业链=集成电路 投资额=8亿 意向=多轮洽谈',
    );
    P2 = codeOf(reply);
    expect(project(P2).status).toBe('PENDING');
    expect(project(P2).conforms).toBe(1);
    expect(reply).toContain('滨江区已先行报备该投资方');
    expect(reply).toContain('在先报备的先审核（实施规则 R3「同一投资方多家首报的审核顺序」）');
    expect(reply).not.toContain('先报备者优先');
    // IPB sees both side by side on the new card.
    expect(destinations(sent)).toEqual(['ipb']);
    const card = textOf(sent[0]!.message);
    expect(card).toContain('同一投资方、同一产业链的其他报备');
    expect(card).toContain(`${P1} 滨江区`);
    expect(sent[0]!.message.buttons?.map((b) => b.value)).toEqual([`/审核 ${P2} 通过`, `/审核 ${P2} 驳回`]);
  });

  it('matches a third spelling of the name (股份有限公司) and names both earlier units', async () => {
    await tick();
    const { reply, sent } = await run(
      'xiaoshan-wang',
      'xiaoshan',
      '/首报 项目=功率芯片产线 投资方=某某科技股份有限公司 产业链=集成电路 投资额=6亿 意向=实地考察',
    );
    P3 = codeOf(reply);
    expect(project(P3).status).toBe('PENDING');
    expect(reply).toContain('在先报备的先审核（实施规则 R3');
    expect(reply).toContain('滨江区');
    expect(reply).toContain('钱塘区');
    // 萧山区 does not host 集成电路: accepted, but marked non-conforming.
    expect(reply).toContain('不能获得排他性首谈资格');
    const card = textOf(sent[0]!.message);
    expect(card).toContain(P1);
    expect(card).toContain(P2);
  });

  it('shows the same investor in another chain as related, without blocking it', async () => {
    await tick();
    const { reply, sent } = await run(
      'yuhang-chen',
      'yuhang',
      '/首报 项目=智能算法中心 投资方=杭州某某科技有限公司 产业链=人工智能 投资额=2亿 意向=实地考察',
    );
    P4 = codeOf(reply);
    expect(project(P4).status).toBe('PENDING');
    expect(reply).not.toContain('在先报备的先审核');
    expect(reply).not.toContain('冲突');
    expect(reply).toContain('其他产业链另有 3 个在办项目');
    const card = textOf(sent[0]!.message);
    expect(card).toContain('相关（其他产业链）');
    expect(card).toContain(P1);
    expect(card).not.toContain('同一投资方、同一产业链');
  });

  it('refuses the same unit reporting the same investor and chain again', async () => {
    const before = { projects: projectCount(), audits: auditCount() };
    await tick();
    const { reply, sent } = await run(
      'binjiang-li',
      'binjiang',
      '/首报 项目=芯片二期 投资方=某某科技（杭州）有限公司 产业链=集成电路 投资额=1亿 意向=多轮洽谈',
    );
    expect(reply).toContain('无需重复首报');
    expect(reply).toContain(P1);
    expect({ projects: projectCount(), audits: auditCount() }).toEqual(before);
    expect(sent).toEqual([]);
  });

  it('does not treat different companies that share a word as the same investor', async () => {
    await tick();
    const first = await run(
      'binjiang-li',
      'binjiang',
      '/首报 项目=视频安防平台 投资方=杭州云帆科技有限公司 产业链=数字安防 投资额=1.5亿 意向=实地考察',
    );
    await tick();
    const second = await run(
      'xiaoshan-wang',
      'xiaoshan',
      '/首报 项目=安防终端工厂 投资方=杭州海帆科技有限公司 产业链=数字安防 投资额=2亿 意向=实地考察',
    );
    await tick();
    const third = await run(
      'binjiang-li',
      'binjiang',
      '/首报 项目=物联网模组 投资方=杭州星辰科技有限公司 产业链=智能物联 投资额=1亿 意向=实地考察',
    );
    await tick();
    const fourth = await run(
      'yuhang-chen',
      'yuhang',
      '/首报 项目=物联网网关 投资方=杭州星河科技有限公司 产业链=智能物联 投资额=1亿 意向=实地考察',
    );
    for (const { reply, sent } of [first, second, third, fourth]) {
      expect(project(codeOf(reply)).status).toBe('PENDING');
      expect(reply).not.toContain('先行报备');
      expect(reply).not.toContain('在办项目');
      expect(textOf(sent[0]!.message)).not.toContain('同一投资方');
    }
  });
});

describe('review of competing reports (§4.2)', () => {
  it('refuses to grant the later report while the earlier one is pending', async () => {
    expect(await t.client.say('ipb-zhang', 'ipb', `/征询 ${P2} 投资方倾向钱塘`)).toContain('已记录');
    const before = auditCount();
    const { reply, sent } = await run('ipb-zhang', 'ipb', `/审核 ${P2} 通过`);
    expect(reply).toContain(`${P1} 报备在先`);
    expect(project(P2).status).toBe('PENDING');
    expect(project(P2).exclusiveUntil).toBeNull();
    expect(auditCount()).toBe(before);
    expect(sent).toEqual([]);
  });

  it('granting the earlier report closes the later ones as CONFLICT and tells their units', async () => {
    await tick();
    expect(await t.client.say('ipb-zhang', 'ipb', `/征询 ${P1} 投资方确认优先在滨江洽谈`)).toContain('已记录');
    const { reply, sent } = await run('ipb-liu', 'ipb', `/审核 ${P1} 通过`);
    expect(reply).toContain(`已赋予 ${P1}（滨江区）排他性首谈资格`);
    expect(reply).toContain(P2);
    expect(reply).toContain(P3);
    expect(project(P1).status).toBe('EXCLUSIVE');
    for (const loser of [P2, P3]) {
      expect(project(loser)).toMatchObject({ status: 'CONFLICT', statusNote: P1 });
      expect(auditActions(loser)).toContain('project.conflict');
    }
    // Another chain is not closed.
    expect(project(P4).status).toBe('PENDING');

    expect(destinations(sent)).toEqual(['binjiang', 'city', 'qiantang', 'xiaoshan']);
    for (const conversation of ['qiantang', 'xiaoshan']) {
      const [notice] = textsTo(sent, conversation);
      expect(notice).toContain('冲突');
      expect(notice).toContain(P1);
      expect(notice).toContain('滨江区');
      expect(notice).toContain(NO_INTERFERENCE);
    }
    expect(textsTo(sent, 'qiantang')[0]).toContain(P2);
    expect(textsTo(sent, 'xiaoshan')[0]).toContain(P3);
    expect(auditActions(P1)).toEqual(['project.report', 'project.consult', 'project.grant']);
  });

  it('lets the later report be granted once IPB has denied the earlier one', async () => {
    await tick();
    const earlier = codeOf(
      (
        await run(
          'binjiang-li',
          'binjiang',
          '/首报 项目=模拟芯片中心 投资方=杭州澄光半导体有限公司 产业链=集成电路 投资额=3亿 意向=实地考察',
        )
      ).reply,
    );
    await tick();
    const later = codeOf(
      (
        await run(
          'qiantang-zhou',
          'qiantang',
          '/首报 项目=模拟芯片产线 投资方=澄光半导体（杭州）有限公司 产业链=集成电路 投资额=4亿 意向=签订意向书',
        )
      ).reply,
    );
    await t.client.say('ipb-zhang', 'ipb', `/征询 ${later} 投资方选择钱塘`);
    expect(await t.client.say('ipb-zhang', 'ipb', `/审核 ${later} 通过`)).toContain(`${earlier} 报备在先`);
    expect(await t.client.say('ipb-zhang', 'ipb', `/审核 ${earlier} 驳回 投资方已选择钱塘区`)).toContain('已驳回');
    const { reply, sent } = await run('ipb-zhang', 'ipb', `/审核 ${later} 通过`);
    expect(reply).toContain(`已赋予 ${later}（钱塘区）`);
    expect(project(later).status).toBe('EXCLUSIVE');
    expect(project(earlier).status).toBe('REJECTED');
    expect(destinations(sent)).toEqual(['city', 'qiantang']);
  });

  it('records a report of an investor held by another unit as CONFLICT, matched by credit code despite another name', async () => {
    await tick();
    const { reply, sent } = await run(
      'yuhang-chen',
      'yuhang',
      `/首报 项目=存储芯片项目 投资方=杭州易名电子有限公司 信用代码=${CODE_A} 产业链=集成电路 投资额=3亿 意向=实地考察`,
    );
    const code = codeOf(reply);
    expect(project(code).status).toBe('CONFLICT');
    expect(reply).toContain('滨江区');
    expect(reply).toContain(`至 ${periodLastDay(project(P1).exclusiveUntil!)}）`);
    expect(reply).toContain(NO_INTERFERENCE);
    expect(reply).toContain('请停止与该投资方洽谈');
    expect(auditActions(code)).toEqual(['project.report']);
    // IPB is told; there is nothing to decide, so no review buttons.
    expect(destinations(sent)).toEqual(['ipb']);
    const notice = sent[0]!.message;
    expect(textOf(notice)).toContain('冲突');
    expect(textOf(notice)).toContain(code);
    expect(textOf(notice)).toContain(P1);
    expect(notice.buttons ?? []).toEqual([]);
  });

  it('never consults, grants or denies a CONFLICT project', async () => {
    const before = auditCount();
    expect(await t.client.say('ipb-zhang', 'ipb', `/征询 ${P2} 投资方仍有意向`)).toContain('冲突');
    expect(await t.client.say('ipb-zhang', 'ipb', `/审核 ${P2} 通过`)).toContain('冲突');
    expect(await t.client.say('ipb-zhang', 'ipb', `/审核 ${P3} 驳回 重复报备`)).toContain('冲突');
    expect(project(P2).status).toBe('CONFLICT');
    expect(project(P3).status).toBe('CONFLICT');
    expect(auditCount()).toBe(before);
  });
});

describe('/查重', () => {
  it('tells another unit only which unit holds the investor, in which chain and status', async () => {
    const { reply, sent } = await run('xiaoshan-wang', 'xiaoshan', '/查重 某某科技（杭州）有限公司');
    expect(reply).toContain('滨江区｜集成电路｜首谈期内');
    expect(reply).toContain('余杭区｜人工智能｜待审核');
    expect(reply).toContain(NO_INTERFERENCE);
    expect(reply).not.toMatch(/ZS-\d{4}-\d{4}/);
    expect(reply).not.toContain('芯片设计中心');
    expect(reply).not.toContain('智能算法中心');
    expect(sent).toEqual([]);
  });

  it('finds the holder by credit code as well', async () => {
    const reply = await t.client.say('qiantang-zhou', 'qiantang', `/查重 ${CODE_A}`);
    expect(reply).toContain('滨江区｜集成电路｜首谈期内');
    expect(reply).not.toContain(P1);
  });

  it('shows IPB the project codes', async () => {
    const reply = await t.client.say('ipb-zhang', 'ipb', '/查重 杭州某某科技有限公司');
    expect(reply).toContain(`${P1}｜滨江区｜集成电路｜首谈期内`);
    expect(reply).toContain(P4);
  });

  it('answers that an unknown investor is free, and the holder sees its own code', async () => {
    expect(await t.client.say('xiaoshan-wang', 'xiaoshan', '/查重 杭州无人问津科技有限公司')).toContain('未发现');
    expect(await t.client.say('binjiang-li', 'binjiang', '/查重 杭州某某科技有限公司')).toContain(P1);
  });
});

// ---------------------------------------------------------------------------------------------
// 9. Queries
// ---------------------------------------------------------------------------------------------

describe('/项目', () => {
  it('shows the full project to its own unit and to IPB', async () => {
    for (const [user, conversation] of [
      ['binjiang-li', 'binjiang'],
      ['ipb-zhang', 'ipb'],
    ] as const) {
      const reply = await t.client.say(user, conversation, `/项目 ${P1}`);
      expect(reply).toContain('芯片设计中心');
      expect(reply).toContain('杭州某某科技有限公司');
      expect(reply).toContain(CODE_A);
      expect(reply).toContain('首谈期内');
      expect(reply).toContain('投资方确认优先在滨江洽谈');
      expect(reply).toMatch(/还剩 1[78]\d 天/);
    }
  });

  it('shows another unit only the limited view', async () => {
    const reply = await t.client.say('xiaoshan-wang', 'xiaoshan', `/项目 ${P1}`);
    expect(reply).toContain(P1);
    expect(reply).toContain('集成电路');
    expect(reply).toContain('首谈期内');
    expect(reply).toContain('滨江区');
    expect(reply).toContain('仅对报备单位和市投资促进局可见');
    expect(reply).not.toContain('芯片设计中心');
    expect(reply).not.toContain('某某');
    expect(reply).not.toContain('李明');
  });

  it('lists my unit’s projects with status and days left', async () => {
    const reply = await t.client.say('binjiang-li', 'binjiang', '/项目');
    expect(reply).toContain('滨江区的项目');
    const line = reply.split('\n').find((l) => l.includes(P1)) ?? '';
    expect(line).toContain('首谈期内');
    expect(line).toMatch(/还剩 \d+ 天/);
    expect(reply).toContain('视频安防平台');
    expect(reply).not.toContain(P2);
    expect(reply).not.toContain(P4);

    const xiaoshan = await t.client.say('xiaoshan-wang', 'xiaoshan', '/项目');
    expect(xiaoshan.split('\n').find((l) => l.includes(P3))).toContain('冲突');
  });

  it('lists the pending reports for IPB', async () => {
    const reply = await t.client.say('ipb-zhang', 'ipb', '/项目');
    expect(reply).toContain('待审核的首报');
    expect(reply).toContain(P4);
    expect(reply).toContain('ZS-2026-0002');
    expect(reply).not.toContain(P1);
    expect(reply).not.toContain(P2);
  });

  it('accepts the code as officers type it', async () => {
    expect(await t.client.say('binjiang-li', 'binjiang', '/项目 zs-2026-1')).toContain('芯片设计中心');
    expect(await t.client.say('binjiang-li', 'binjiang', '/项目 ＺＳ－２０２６－０００１')).toContain('芯片设计中心');
  });

  it('answers an unknown code', async () => {
    expect(await t.client.say('binjiang-li', 'binjiang', '/项目 ZS-2026-9999')).toContain('没有找到项目');
  });
});

// ---------------------------------------------------------------------------------------------
// 8. Violations
// ---------------------------------------------------------------------------------------------

describe('/违规', () => {
  it('records the violation on the project the violating unit introduced, never on the holder’s', async () => {
    await tick();
    // P3 is 萧山区's own report of the investor P1 (滨江区) holds.
    const { reply, sent } = await run('ipb-zhang', 'ipb', `/违规 ${P3} 单位=萧山区 说明=在首谈期内与投资方接洽`);
    expect(reply).toContain(`已记录萧山区引进的 ${P3}`);
    expect(
      query<{ code: string; unitId: string; description: string; recordedBy: string }>(
        'SELECT p.code, v.unitId, v.description, v.recordedBy FROM "Violation" v JOIN "Project" p ON p.id = v.projectId',
      ),
    ).toEqual([{ code: P3, unitId: 'xiaoshan', description: '在首谈期内与投资方接洽', recordedBy: 'ipb-zhang' }]);
    expect(auditActions(P3).at(-1)).toBe('project.violation');
    expect(auditActions(P1)).not.toContain('project.violation');
    expect(destinations(sent)).toEqual(['city', 'finance', 'xiaoshan']);
    expect(textsTo(sent, 'xiaoshan')[0]).toContain(`萧山区引进的 ${P3}`);
    expect(textsTo(sent, 'xiaoshan')[0]).toContain('在首谈期内与投资方接洽');
    expect(textsTo(sent, 'xiaoshan')[0]).toContain('不得享受市级层面政策支持');
    // 市财政局 is told to take the violating project's retention, and the holder's project is not named.
    expect(textsTo(sent, 'finance')[0]).toContain(`萧山区引进的 ${P3}`);
    expect(textsTo(sent, 'finance')[0]).toContain('该项目的税收地方留成部分由市财政局收归市级所有');
    expect(textsTo(sent, 'finance')[0]).not.toContain(P1);
    expect(await t.client.say('ipb-zhang', 'ipb', `/项目 ${P3}`)).toContain('违规：萧山区');
    expect(await t.client.say('ipb-zhang', 'ipb', `/项目 ${P1}`)).not.toContain('违规');
  });

  it('refuses a non-IPB user, the lawful holder’s project, an unknown unit and a missing 说明', async () => {
    const before = { audits: auditCount(), violations: count('SELECT COUNT(*) AS n FROM "Violation"') };
    expect((await run('binjiang-li', 'binjiang', `/违规 ${P3} 单位=萧山区 说明=接洽`)).reply).toContain(
      '没有使用 /违规 的权限',
    );
    expect((await run('xiaoshan-wang', 'xiaoshan', `/违规 ${P3} 单位=余杭区 说明=接洽`)).reply).toContain(
      '没有使用 /违规 的权限',
    );
    expect((await run('ipb-zhang', 'ipb', `/违规 ${P3} 单位=火星区 说明=接洽`)).reply).toContain('没有找到单位');
    expect((await run('ipb-zhang', 'ipb', `/违规 ${P3} 单位=萧山区`)).reply).toContain('示例');
    const holder = await run('ipb-zhang', 'ipb', `/违规 ${P1} 单位=萧山区 说明=接洽`);
    expect(holder.reply).toContain(`${P1} 是滨江区报备的项目，不是萧山区引进的项目`);
    expect(holder.sent).toEqual([]);
    expect({ audits: auditCount(), violations: count('SELECT COUNT(*) AS n FROM "Violation"') }).toEqual(before);
  });
});

// ---------------------------------------------------------------------------------------------
// 7. Progress
// ---------------------------------------------------------------------------------------------

describe('/进展', () => {
  it('refuses 落地 before 签约, another unit, and a unit whose report is CONFLICT', async () => {
    const before = auditCount();
    expect(await t.client.say('binjiang-li', 'binjiang', `/进展 ${P1} 落地`)).toContain('签约 → 落地');
    expect(await t.client.say('xiaoshan-wang', 'xiaoshan', `/进展 ${P1} 签约`)).toContain('只有');
    expect(await t.client.say('xiaoshan-wang', 'xiaoshan', `/进展 ${P3} 签约 已签约`)).toContain('冲突');
    expect(await t.client.say('qiantang-zhou', 'qiantang', `/进展 ${P2} 终止`)).toContain('冲突');
    expect(await t.client.say('binjiang-li', 'binjiang', `/进展 ${P1} 开工`)).toContain('不是有效进展');
    expect(project(P1).status).toBe('EXCLUSIVE');
    expect(project(P3).status).toBe('CONFLICT');
    expect(auditCount()).toBe(before);
  });

  it('moves the holder’s project 签约 → 落地, telling IPB each time', async () => {
    await tick();
    const signed = await run('binjiang-li', 'binjiang', `/进展 ${P1} 签约 已签订投资协议`);
    expect(signed.reply).toContain('已签约');
    expect(project(P1).status).toBe('SIGNED');
    expect(destinations(signed.sent)).toEqual(['ipb']);
    expect(textsTo(signed.sent, 'ipb')[0]).toContain('已签订投资协议');

    // Still held once signed: another unit's report is a conflict.
    await tick();
    const late = await run(
      'qiantang-zhou',
      'qiantang',
      '/首报 项目=封测二期 投资方=杭州某某科技有限公司 产业链=集成电路 投资额=2亿 意向=实地考察',
    );
    expect(project(codeOf(late.reply)).status).toBe('CONFLICT');

    await tick();
    const landed = await run('binjiang-li', 'binjiang', `/进展 ${P1} 落地 项目开工`);
    expect(landed.reply).toContain('已落地');
    expect(project(P1).status).toBe('LANDED');
    expect(
      query<{ stage: string; note: string }>(
        'SELECT g.stage, g.note FROM "ProjectProgress" g JOIN "Project" p ON p.id = g.projectId WHERE p.code = ? ORDER BY g.id',
        P1,
      ),
    ).toEqual([
      { stage: '签约', note: '已签订投资协议' },
      { stage: '落地', note: '项目开工' },
    ]);
    expect(auditActions(P1).filter((a) => a === 'project.progress')).toHaveLength(2);
    expect(await t.client.say('binjiang-li', 'binjiang', `/进展 ${P1} 终止`)).toContain('不能再登记进展');
  });

  it('terminates a project in its first-negotiation period', async () => {
    const code = query<{ code: string }>(`SELECT code FROM "Project" WHERE investorName = '杭州云帆科技有限公司'`)[0]!
      .code;
    await t.client.say('ipb-zhang', 'ipb', `/征询 ${code} 投资方有意在滨江落地`);
    expect(await t.client.say('ipb-zhang', 'ipb', `/审核 ${code} 通过`)).toContain('已赋予');
    await tick();
    const { reply } = await run('binjiang-li', 'binjiang', `/进展 ${code} 终止 投资方放弃`);
    expect(reply).toContain('已终止');
    expect(project(code).status).toBe('TERMINATED');
    expect(await t.client.say('binjiang-li', 'binjiang', `/进展 ${code} 签约`)).toContain('不能再登记进展');
  });
});

describe('audit trail', () => {
  it('records every state change and the hash chain verifies', async () => {
    const actions = new Set(
      query<{ action: string }>(`SELECT DISTINCT action FROM "AuditEvent" WHERE recordType = 'Project'`).map(
        (r) => r.action,
      ),
    );
    for (const action of [
      'project.report',
      'project.consult',
      'project.grant',
      'project.conflict',
      'project.progress',
      'project.violation',
    ])
      expect(actions).toContain(action);
    // Every project has its report event; nothing is written for refused commands (checked above).
    expect(count(`SELECT COUNT(*) AS n FROM "AuditEvent" WHERE action = 'project.report'`)).toBe(projectCount());
    expect(await t.client.say('audit-qian', 'audit', '/审计 校验')).toContain('校验通过');
  });
});
