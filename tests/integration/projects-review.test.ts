/**
 * 首报首谈 review (DESIGN §4.3, §4.4; policy 四(一), 三(一)) through the simulator API: /征询 before a
 * grant, grant and deny, the exclusivity period, the layout guide's conformance rule and the guide
 * version a decision records, card buttons checked like typing, and the announcements.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../helpers/coordination.ts';
import { textOf, type SentRow } from '../helpers/sim-client.ts';
import { periodEnd, periodLastDay } from '../helpers/period.ts';
import type { TestBot } from '../helpers/test-bot.ts';

let h: Harness;
let t: TestBot;
let now = new Date('2026-11-26T01:00:00Z');
const NO_INTERFERENCE = '其他区、县（市）和平台不得进行项目洽谈或干扰谈判';

beforeAll(async () => {
  // The harness settles start-up notices (e.g. the responsibility matrix summary to IPB): they are not ours.
  h = await startHarness(now);
  t = h.t;
});

afterAll(async () => {
  await h?.stop();
});

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

const query = <T>(sql: string, ...params: unknown[]): T[] => h.query<T>(sql, ...params);
const count = (sql: string, ...params: unknown[]) => h.count(sql, ...params);

interface ProjectDb {
  code: string;
  status: string;
  unitId: string;
  conforms: number;
  consultation: string | null;
  consultedBy: string | null;
  decidedAt: string | null;
  decidedBy: string | null;
  decisionReason: string | null;
  reportGuideVersionId: number;
  decisionGuideVersionId: number | null;
  exclusiveUntil: string | null;
}

function project(code: string): ProjectDb {
  const row = query<ProjectDb>('SELECT * FROM "Project" WHERE code = ?', code)[0];
  if (row === undefined) throw new Error(`no project ${code}`);
  return row;
}

const auditCount = () => count('SELECT COUNT(*) AS n FROM "AuditEvent"');
const auditActions = (code: string) =>
  query<{ action: string }>(
    `SELECT action FROM "AuditEvent" WHERE recordType = 'Project' AND recordId = ? ORDER BY seq`,
    code,
  ).map((r) => r.action);
const guideVersionId = (version: number, year = 2026) =>
  query<{ id: number }>('SELECT id FROM "GuideVersion" WHERE year = ? AND version = ?', year, version)[0]?.id;
const ms = (iso: string | null) => (iso === null ? null : new Date(iso).getTime());

const textsTo = (rows: SentRow[], conversationId: string) =>
  rows.filter((r) => r.to.conversationId === conversationId).map((r) => textOf(r.message));
const destinations = (rows: SentRow[]) => rows.map((r) => r.to.conversationId ?? `user:${r.to.userId}`).sort();

const run = (userId: string, conversationId: string, text: string) => h.run(userId, conversationId, text);
/** A card button click through POST /api/actions. */
const click = (userId: string, conversationId: string, button: { actionId: string; value: string }) =>
  h.click(userId, conversationId, button);

async function tick(step = 60_000): Promise<void> {
  now = new Date(now.getTime() + step);
  await h.moveClock(now);
}

function codeOf(reply: string): string {
  const code = /首报成功：\*\*(ZS-\d{4}-\d{4,})\*\*/.exec(reply)?.[1];
  if (code === undefined) throw new Error(`not an accepted report: ${reply}`);
  return code;
}

/** Reports a project and returns its code and the card IPB received. */
async function report(
  userId: string,
  conversationId: string,
  fields: string,
): Promise<{ code: string; reply: string; card: SentRow['message'] }> {
  await tick();
  const { reply, sent } = await run(userId, conversationId, `/首报 ${fields}`);
  const code = codeOf(reply);
  const card = sent.find((r) => r.to.conversationId === 'ipb' && textOf(r.message).includes(code))?.message;
  if (card === undefined) throw new Error(`no card for ${code}`);
  return { code, reply, card };
}

/** Asserts that a command changed nothing: no audit event, no notice, the project as it was. */
async function unchanged(code: string, action: () => Promise<{ reply: string; sent: SentRow[] }>): Promise<string> {
  const before = { project: project(code), audits: auditCount() };
  const { reply, sent } = await action();
  expect({ project: project(code), audits: auditCount() }).toEqual(before);
  expect(sent).toEqual([]);
  return reply;
}

// ---------------------------------------------------------------------------------------------
// 3. Layout guide conformance (三(一))
// ---------------------------------------------------------------------------------------------

describe('a report outside the layout guide', () => {
  let code = '';

  it('is accepted but marked non-conforming, naming the host units', async () => {
    const reported = await report(
      'binjiang-li',
      'binjiang',
      '项目=电池包工厂 投资方=杭州驰远动力有限公司 产业链=新能源汽车 投资额=10亿 意向=签订意向书',
    );
    code = reported.code;
    const verdict = reported.reply.split('\n').find((line) => line.startsWith('布局导引：')) ?? '';
    expect(verdict).toMatch(/^布局导引：「新能源汽车」的承载地为 (萧山区、钱塘区|钱塘区、萧山区)，本单位不在其中/);
    expect(verdict).toContain('三(一)');
    expect(project(code)).toMatchObject({ status: 'PENDING', conforms: 0, reportGuideVersionId: guideVersionId(1) });
    expect(textOf(reported.card)).toMatch(/不符合（承载地：(萧山区、钱塘区|钱塘区、萧山区)）/);
  });

  it('cannot be granted: the refusal cites 三(一) and names the hosts, typed or clicked', async () => {
    expect(await t.client.say('ipb-zhang', 'ipb', `/征询 ${code} 投资方希望落地滨江`)).toContain('已记录');
    const typed = await unchanged(code, () => run('ipb-zhang', 'ipb', `/审核 ${code} 通过`));
    expect(typed).toContain('三(一)');
    expect(typed).toMatch(/承载地：(萧山区、钱塘区|钱塘区、萧山区)）/);
    expect(typed).toContain('不得给予市级产业政策支持');
    const clicked = await unchanged(code, () =>
      click('ipb-zhang', 'ipb', { actionId: 'command', value: `/审核 ${code} 通过` }),
    );
    expect(clicked).toBe(typed);
    expect(project(code).status).toBe('PENDING');
    expect(auditActions(code)).toEqual(['project.report', 'project.consult']);
  });

  it('records the guide version the decision used, once IPB changes the guide', async () => {
    await tick();
    expect(await t.client.say('ipb-zhang', 'ipb', '/布局导引 添加 新能源汽车 滨江区')).toContain('滨江区');
    const v2 = guideVersionId(2);
    expect(v2).toBeDefined();
    await tick();
    const { reply } = await run('ipb-zhang', 'ipb', `/审核 ${code} 通过`);
    expect(reply).toContain('已赋予');
    expect(reply).toContain('2026 年第 2 版');
    expect(project(code)).toMatchObject({
      status: 'EXCLUSIVE',
      reportGuideVersionId: guideVersionId(1),
      decisionGuideVersionId: v2,
    });
    const grant = query<{ after: string }>(
      `SELECT after FROM "AuditEvent" WHERE action = 'project.grant' AND recordId = ?`,
      code,
    )[0];
    expect(JSON.parse(grant!.after)).toMatchObject({ guideVersion: '2026-v2' });
  });
});

// ---------------------------------------------------------------------------------------------
// 4. Review
// ---------------------------------------------------------------------------------------------

describe('/征询 and /审核 通过', () => {
  let code = '';

  it('requires the investor’s opinion before a grant', async () => {
    ({ code } = await report(
      'yuhang-chen',
      'yuhang',
      '项目=创新药研发中心 投资方=杭州康源生物医药有限公司 产业链=生物医药 投资额=12亿 意向=多轮洽谈',
    ));
    const reply = await unchanged(code, () => run('ipb-zhang', 'ipb', `/审核 ${code} 通过`));
    expect(reply).toContain('尚未记录投资方意见');
    expect(reply).toContain(`/征询 ${code}`);
    expect(reply).toContain('经征求意向投资者的意见建议后');
  });

  it('refuses /征询 without an opinion, by a non-IPB user, or for an unknown project', async () => {
    expect(await unchanged(code, () => run('ipb-zhang', 'ipb', `/征询 ${code}`))).toContain('投资方意见');
    expect(await unchanged(code, () => run('yuhang-chen', 'yuhang', `/征询 ${code} 投资方同意`))).toContain(
      '没有使用 /征询 的权限',
    );
    expect(await t.client.say('ipb-zhang', 'ipb', '/征询 ZS-2026-0999 投资方同意')).toContain('没有找到项目');
  });

  it('records the opinion', async () => {
    await tick();
    const { reply, sent } = await run('ipb-zhang', 'ipb', `/征询 ${code} 投资方确认优先在余杭落地`);
    expect(reply).toContain(`已记录 ${code} 的投资方意见`);
    expect(project(code)).toMatchObject({
      status: 'PENDING',
      consultation: '投资方确认优先在余杭落地',
      consultedBy: 'ipb-zhang',
    });
    expect(auditActions(code)).toEqual(['project.report', 'project.consult']);
    expect(sent).toEqual([]);
  });

  it('refuses a bad 期限 and an unknown verdict', async () => {
    for (const days of ['abc', '0', '1.5', '-3', '99999']) {
      expect(await unchanged(code, () => run('ipb-zhang', 'ipb', `/审核 ${code} 通过 期限=${days}`))).toContain('期限');
    }
    expect(await unchanged(code, () => run('ipb-zhang', 'ipb', `/审核 ${code} 可以`))).toContain('不是有效结论');
    expect(await unchanged(code, () => run('ipb-zhang', 'ipb', '/审核'))).toContain('示例');
  });

  it('grants with 期限=<天>: EXCLUSIVE until now + that many days, announced to the holder and the city group', async () => {
    await tick();
    const { reply, sent } = await run('ipb-zhang', 'ipb', `/审核 ${code} 通过 期限=90`);
    const row = project(code);
    expect(row.status).toBe('EXCLUSIVE');
    expect(ms(row.exclusiveUntil)).toBe(periodEnd(now, 90));
    expect(row).toMatchObject({ decidedBy: 'ipb-zhang', decisionGuideVersionId: guideVersionId(2) });
    expect(ms(row.decidedAt)).toBe(now.getTime());
    expect(reply).toContain('90 天');
    expect(reply).not.toContain('实施规则 R1');
    expect(reply).toContain(`至 ${periodLastDay(row.exclusiveUntil!)}（90 天`);

    expect(destinations(sent)).toEqual(['city', 'yuhang']);
    for (const conversation of ['city', 'yuhang']) {
      const [notice] = textsTo(sent, conversation);
      expect(notice).toContain(code);
      expect(notice).toContain('余杭区');
      expect(notice).toContain(`至 ${periodLastDay(row.exclusiveUntil!)}。`);
      expect(notice).toContain(NO_INTERFERENCE);
    }
    expect(auditActions(code)).toEqual(['project.report', 'project.consult', 'project.grant']);
  });

  it('refuses a second grant, a denial and another consultation of a granted project', async () => {
    expect(await unchanged(code, () => run('ipb-liu', 'ipb', `/审核 ${code} 通过`))).toContain('首谈期内');
    expect(await unchanged(code, () => run('ipb-liu', 'ipb', `/审核 ${code} 驳回 重新考虑`))).toContain('首谈期内');
    expect(await unchanged(code, () => run('ipb-liu', 'ipb', `/征询 ${code} 再问一次`))).toContain('首谈期内');
  });

  it('grants the default 180 days without 期限 (rule R1, initially EXCLUSIVITY_DAYS), citing the rule, not the policy', async () => {
    const { code: other } = await report(
      'xiaoshan-wang',
      'xiaoshan',
      '项目=整车基地 投资方=杭州远景汽车有限公司 产业链=新能源汽车 投资额=30亿 意向=签订意向书',
    );
    await t.client.say('ipb-liu', 'ipb', `/征询 ${other} 投资方同意`);
    await tick();
    const { reply } = await run('ipb-liu', 'ipb', `/审核 ${other} 通过`);
    expect(reply).toContain('180 天，制度未规定期限，按实施规则 R1「首谈期天数」');
    expect(ms(project(other).exclusiveUntil)).toBe(periodEnd(now, 180));
  });
});

describe('/审核 驳回', () => {
  let code = '';

  it('requires a reason', async () => {
    ({ code } = await report(
      'binjiang-li',
      'binjiang',
      '项目=智慧安防产业园 投资方=杭州守望安防技术有限公司 产业链=数字安防 投资额=4亿 意向=实地考察',
    ));
    const reply = await unchanged(code, () => run('ipb-zhang', 'ipb', `/审核 ${code} 驳回`));
    expect(reply).toContain('驳回须写明理由');
  });

  it('records the reason and the guide version, and tells only the reporter’s unit', async () => {
    await tick();
    const { reply, sent } = await run('ipb-zhang', 'ipb', `/审核 ${code} 驳回 投资方尚无明确意向`);
    expect(reply).toContain(`已驳回 ${code}`);
    expect(project(code)).toMatchObject({
      status: 'REJECTED',
      decisionReason: '投资方尚无明确意向',
      decidedBy: 'ipb-zhang',
      decisionGuideVersionId: guideVersionId(2),
    });
    expect(auditActions(code)).toEqual(['project.report', 'project.deny']);
    expect(destinations(sent)).toEqual(['binjiang']);
    expect(textsTo(sent, 'binjiang')[0]).toContain('未通过审核');
    expect(textsTo(sent, 'binjiang')[0]).toContain('投资方尚无明确意向');
    expect(await t.client.say('binjiang-li', 'binjiang', `/项目 ${code}`)).toContain('驳回理由：投资方尚无明确意向');
  });

  it('cannot consult on or grant a rejected project', async () => {
    expect(await unchanged(code, () => run('ipb-zhang', 'ipb', `/征询 ${code} 投资方改变主意`))).toContain('未通过');
    expect(await unchanged(code, () => run('ipb-zhang', 'ipb', `/审核 ${code} 通过`))).toContain('未通过');
  });
});

describe('card buttons do exactly what typing does', () => {
  let code = '';
  let grant: { actionId: string; value: string };
  let deny: { actionId: string; value: string };

  it('offers 通过 and 驳回 as the review commands', async () => {
    const reported = await report(
      'xiaoshan-wang',
      'xiaoshan',
      '项目=数控机床基地 投资方=杭州精工机床有限公司 产业链=高端装备 投资额=6亿 意向=签订意向书',
    );
    code = reported.code;
    // 萧山区 conforms through its platform 萧山经济技术开发区, which hosts 高端装备.
    expect(reported.reply).toContain('布局导引：符合');
    const buttons = reported.card.buttons ?? [];
    expect(buttons.map((b) => [b.label, b.value])).toEqual([
      ['通过', `/审核 ${code} 通过`],
      ['驳回', `/审核 ${code} 驳回`],
    ]);
    grant = buttons[0]!;
    deny = buttons[1]!;
  });

  it('refuses a reporter who clicks 通过, and nothing changes', async () => {
    const reply = await unchanged(code, () => click('binjiang-li', 'ipb', grant));
    expect(reply).toContain('没有使用 /审核 的权限');
    expect(await unchanged(code, () => click('xiaoshan-wang', 'xiaoshan', grant))).toContain('没有使用 /审核 的权限');
    expect(await unchanged(code, () => click('binjiang-li', 'ipb', deny))).toContain('没有使用 /审核 的权限');
  });

  it('answers IPB’s clicks as the typed commands: 通过 before /征询, 驳回 without a reason', async () => {
    const clickedGrant = await unchanged(code, () => click('ipb-zhang', 'ipb', grant));
    expect(clickedGrant).toContain('尚未记录投资方意见');
    expect(clickedGrant).toBe(await unchanged(code, () => run('ipb-zhang', 'ipb', grant.value)));
    const clickedDeny = await unchanged(code, () => click('ipb-zhang', 'ipb', deny));
    expect(clickedDeny).toContain('驳回须写明理由');
    expect(clickedDeny).toBe(await unchanged(code, () => run('ipb-zhang', 'ipb', deny.value)));
  });

  it('grants on an IPB click once consulted, announcing it; a second click is refused', async () => {
    await t.client.say('ipb-liu', 'ipb', `/征询 ${code} 投资方同意在萧山落地`);
    await tick();
    const { reply, sent } = await click('ipb-liu', 'ipb', grant);
    expect(reply).toContain(`已赋予 ${code}（萧山区）排他性首谈资格`);
    expect(project(code)).toMatchObject({ status: 'EXCLUSIVE', decidedBy: 'ipb-liu' });
    expect(ms(project(code).exclusiveUntil)).toBe(periodEnd(now, 180));
    expect(destinations(sent)).toEqual(['city', 'xiaoshan']);
    for (const text of [...textsTo(sent, 'city'), ...textsTo(sent, 'xiaoshan')])
      expect(text).toContain(NO_INTERFERENCE);
    expect(await unchanged(code, () => click('ipb-zhang', 'ipb', grant))).toContain('首谈期内');
  });
});

describe('audit trail', () => {
  it('verifies', async () => {
    const actions = new Set(
      query<{ action: string }>(`SELECT DISTINCT action FROM "AuditEvent" WHERE recordType = 'Project'`).map(
        (r) => r.action,
      ),
    );
    for (const action of ['project.report', 'project.consult', 'project.grant', 'project.deny'])
      expect(actions).toContain(action);
    expect(await t.client.say('audit-qian', 'audit', '/审计 校验')).toContain('校验通过');
  });
});
