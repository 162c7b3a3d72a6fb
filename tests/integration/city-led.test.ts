/**
 * 市级主谈 (policy 四(二); DESIGN §5.1) through the simulator API: IPB proposes with a pre-evaluation,
 * a city leader approves (card button or typed) or declines, IPB forms the special group, schedules the
 * coordination meeting — members are reminded the day before, exactly once, with catch-up — and records
 * the minutes, which hand the project to the host unit. While city-led, district progress is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { textOf } from '../helpers/sim-client.ts';
import { destinations, startHarness, textsTo, type Harness } from '../helpers/coordination.ts';

let h: Harness;
const TABLES = ['Project', 'CityLedCase', 'CityLedMember'];
const INVESTOR = '投资方=杭州芯光科技有限公司 产业链=集成电路';
let code = '';
let rival = '';

interface CaseDb {
  status: string;
  reason: string;
  evaluation: string;
  previousStatus: string;
  fromUnitId: string;
  decidedBy: string | null;
  decisionNote: string | null;
  meetingAt: string | null;
  hostUnitId: string | null;
  minutes: string | null;
}

const project = (c: string) =>
  h.query<{
    status: string;
    unitId: string;
    exclusiveUntil: string | null;
    conforms: number;
    statusNote: string | null;
  }>('SELECT status, unitId, exclusiveUntil, conforms, statusNote FROM "Project" WHERE code = ?', c)[0];
const cases = (c: string) =>
  h.query<CaseDb>(
    'SELECT k.* FROM "CityLedCase" k JOIN "Project" p ON p.id = k.projectId WHERE p.code = ? ORDER BY k.id',
    c,
  );
const members = (c: string) =>
  h
    .query<{ userId: string }>(
      'SELECT m.userId FROM "CityLedMember" m JOIN "CityLedCase" k ON k.id = m.caseId JOIN "Project" p ON p.id = k.projectId WHERE p.code = ? ORDER BY m.id',
      c,
    )
    .map((m) => m.userId);
const audits = (c: string) =>
  h
    .query<{ action: string }>(`SELECT action FROM "AuditEvent" WHERE recordId = ? ORDER BY seq`, c)
    .map((r) => r.action);

beforeAll(async () => {
  h = await startHarness();
  code = await h.report('binjiang-li', 'binjiang', `项目=封测基地 ${INVESTOR} 投资额=50亿 意向=签订意向书`);
  rival = await h.report('xiaoshan-wang', 'xiaoshan', `项目=封测二期 ${INVESTOR} 投资额=30亿 意向=实地考察`);
  // A user who sits on 市政府常务会议 only: a decision body's seat, not a city leader.
  expect(await h.t.client.say('admin', 'city', '/角色 授予 changwu-member LEADER 市政府常务会议')).toContain('已授予');
  await h.settle();
});

afterAll(async () => {
  await h?.stop();
});

describe('proposal', () => {
  it('is refused, changing nothing, for bad input and for anyone but IPB', async () => {
    const refusals: [string, string, string, string][] = [
      ['ipb-zhang', 'ipb', `/市级主谈 ${code} 理由=随便 预评估=跨区`, '理由“随便”无法识别'],
      ['ipb-zhang', 'ipb', `/市级主谈 ${code} 理由=跨区域布局`, '缺少：预评估'],
      ['ipb-zhang', 'ipb', `/市级主谈 ${code} 预评估=跨区`, '缺少：理由'],
      ['ipb-zhang', 'ipb', '/市级主谈 ZS-2026-0999 理由=跨区域布局 预评估=跨区', '没有找到项目'],
      ['ipb-zhang', 'ipb', `/市级主谈 ${code} 理由=跨区域布局 理由=领导交办 预评估=跨区`, '写了不止一次'],
      ['ipb-zhang', 'ipb', '/市级主谈 开会 ZS-2026-0001', '不是 /市级主谈 的操作'],
      [
        'leader-zhou',
        'leaders',
        `/市级主谈 ${code} 理由=跨区域布局 预评估=跨区`,
        '您没有使用 /市级主谈 <编号> 理由=… 的权限',
      ],
      ['binjiang-li', 'binjiang', `/市级主谈 ${code} 理由=跨区域布局 预评估=跨区`, '您没有使用 /市级主谈 的权限'],
      ['ipb-zhang', 'ipb', `/市级主谈 批准 ${code}`, '您没有使用 /市级主谈 批准 的权限'],
      ['ipb-zhang', 'ipb', `/市级主谈 专项组 ${code} @ipb-liu`, '没有进行中的市级主谈'],
    ];
    for (const [user, conversation, text, expected] of refusals) {
      expect(await h.unchanged(TABLES, () => h.run(user, conversation, text)), text).toContain(expected);
    }
  });

  it('makes the project 市级主谈 at once (IPB leads, 四(二)), closes rival reports, and asks the leaders to approve the 专项组', async () => {
    await h.tick();
    const { reply, sent } = await h.run(
      'ipb-zhang',
      'ipb',
      `/市级主谈 ${code} 理由=跨区域 预评估=投资50亿元，需萧山、钱塘 两地联动：建议市级主谈`,
    );
    expect(reply).toContain(`**${code}** 封测基地 已转为市级主谈`);
    expect(reply).toContain('由市投资促进局牵头主谈（依据《工作制度》四(二)）');
    expect(reply).toContain(rival);
    expect(project(code)?.status).toBe('CITY_LED');
    expect(project(rival)).toMatchObject({ status: 'CONFLICT', statusNote: code });
    expect(destinations(sent)).toEqual(['binjiang', 'city', 'leaders', 'xiaoshan']);
    const card = sent.find((r) => r.to.conversationId === 'leaders')!.message;
    expect(card.kind).toBe('card');
    expect(card.title).toBe(`组建专项组待批准 ${code}`);
    expect(textOf(card)).toContain('预评估：投资50亿元，需萧山、钱塘 两地联动：建议市级主谈');
    expect(card.buttons).toEqual([
      { actionId: 'command', value: `/市级主谈 批准 ${code}`, label: '批准' },
      { actionId: 'command', value: `/市级主谈 不批准 ${code}`, label: '不批准' },
    ]);
    expect(textsTo(sent, 'binjiang').join('\n')).toContain('本单位不能登记该项目进展');
    expect(textsTo(sent, 'city').join('\n')).toContain('其他区、县（市）和平台不得进行项目洽谈或干扰谈判');
    expect(textsTo(sent, 'xiaoshan').join('\n')).toContain(`${rival} 记为“冲突”`);
    expect(cases(code)).toMatchObject([
      {
        status: 'PROPOSED',
        reason: '跨区域布局',
        evaluation: '投资50亿元，需萧山、钱塘 两地联动：建议市级主谈',
        previousStatus: 'PENDING',
        fromUnitId: 'binjiang',
      },
    ]);
    expect(audits(code)).toEqual(['project.report', 'citylead.propose', 'project.city-led']);
    expect(audits(rival)).toEqual(['project.report', 'project.conflict']);
  });

  it('is not repeated while the case runs, and no 专项组 is formed before the leader approves it', async () => {
    expect(
      await h.unchanged(TABLES, () => h.run('ipb-zhang', 'ipb', `/市级主谈 ${code} 理由=领导交办 预评估=再提一次`)),
    ).toContain('已有进行中的市级主谈');
    expect(await h.unchanged(TABLES, () => h.run('ipb-zhang', 'ipb', `/市级主谈 专项组 ${code} @ipb-liu`))).toContain(
      '须经分管市领导批准',
    );
    expect(
      await h.unchanged(TABLES, () => h.run('ipb-zhang', 'ipb', `/市级主谈 协调会 ${code} 2026-12-03 14:30`)),
    ).toContain('须经分管市领导批准');
  });
});

describe('approval', () => {
  it('is a city leader’s: a seat on 市政府常务会议 alone does not approve, typed or clicked', async () => {
    const typed = await h.unchanged(TABLES, () => h.run('changwu-member', 'changwu', `/市级主谈 批准 ${code}`));
    expect(typed).toContain('您没有使用 /市级主谈 批准 的权限');
    expect(typed).toContain('分管市领导');
    const clicked = await h.unchanged(TABLES, () =>
      h.click('changwu-member', 'leaders', { actionId: 'command', value: `/市级主谈 批准 ${code}` }),
    );
    expect(clicked).toBe(typed);
  });

  it('of the 专项组, by card click, is recorded and IPB told to form it', async () => {
    await h.tick();
    const { reply, sent } = await h.click('leader-zhou', 'leaders', {
      actionId: 'command',
      value: `/市级主谈 批准 ${code}`,
    });
    expect(reply).toContain(`已批准为 ${code} 组建项目引进专项组`);
    expect(project(code)?.status).toBe('CITY_LED');
    expect(cases(code)).toMatchObject([{ status: 'APPROVED', decidedBy: 'leader-zhou' }]);
    expect(destinations(sent)).toEqual(['ipb']);
    expect(textsTo(sent, 'ipb').join('\n')).toContain(`/市级主谈 专项组 ${code}`);
    expect(audits(code)).toEqual(['project.report', 'citylead.propose', 'project.city-led', 'citylead.approve']);
  });

  it('cannot be given twice', async () => {
    expect(await h.unchanged(TABLES, () => h.run('leader-zhou', 'leaders', `/市级主谈 不批准 ${code}`))).toContain(
      '不是待批准状态',
    );
  });
});

describe('while city-led', () => {
  it('refuses district progress with the reason, changing nothing', async () => {
    for (const stage of ['签约', '终止']) {
      const reply = await h.unchanged(TABLES, () => h.run('binjiang-li', 'binjiang', `/进展 ${code} ${stage}`));
      expect(reply).toContain('正由市级主谈');
      expect(reply).toContain('四(二)');
    }
  });
});

describe('the special group', () => {
  it('refuses users who are not registered, and an empty list', async () => {
    expect(
      await h.unchanged(TABLES, () => h.run('ipb-zhang', 'ipb', `/市级主谈 专项组 ${code} @ipb-liu ghost-99`)),
    ).toContain('“ghost-99”还没有在机器人中登记');
    expect(await h.unchanged(TABLES, () => h.run('ipb-zhang', 'ipb', `/市级主谈 专项组 ${code}`))).toContain(
      '请写明专项组成员',
    );
  });

  it('cannot meet before it exists', async () => {
    expect(
      await h.unchanged(TABLES, () => h.run('ipb-zhang', 'ipb', `/市级主谈 协调会 ${code} 2026-12-03 14:30`)),
    ).toContain('还没有专项组成员');
  });

  it('is formed with @-mentions, ids or names, and each member is notified', async () => {
    const { reply, sent } = await h.run('ipb-zhang', 'ipb', `/市级主谈 专项组 ${code} @ipb-liu nrb-he`);
    expect(reply).toContain('已将 刘洋、何军 加入');
    expect(members(code)).toEqual(['ipb-liu', 'nrb-he']);
    expect(destinations(sent)).toEqual(['user:ipb-liu', 'user:nrb-he']);
    expect(textsTo(sent, 'nrb-he')[0]).toContain('项目引进专项组');
  });

  it('adds only newcomers; naming existing members again changes nothing', async () => {
    expect(
      await h.unchanged(TABLES, () => h.run('ipb-zhang', 'ipb', `/市级主谈 专项组 ${code} 刘洋 nrb-he`)),
    ).toContain('已经都在');
    const { sent } = await h.run('ipb-zhang', 'ipb', `/市级主谈 专项组 ${code} nrb-he sasac-zheng`);
    expect(destinations(sent)).toEqual(['user:sasac-zheng']);
    expect(members(code)).toEqual(['ipb-liu', 'nrb-he', 'sasac-zheng']);
  });
});

describe('the coordination meeting', () => {
  it('refuses a time in the past, without a time, or unreadable', async () => {
    expect(
      await h.unchanged(TABLES, () => h.run('ipb-zhang', 'ipb', `/市级主谈 协调会 ${code} 2026-11-20 14:30`)),
    ).toContain('已经过去');
    expect(await h.unchanged(TABLES, () => h.run('ipb-zhang', 'ipb', `/市级主谈 协调会 ${code} 2026-12-03`))).toContain(
      '缺少具体时间',
    );
    expect(await h.unchanged(TABLES, () => h.run('ipb-zhang', 'ipb', `/市级主谈 协调会 ${code} 下周三`))).toContain(
      '无法识别协调会时间',
    );
  });

  it('is scheduled and announced to the members and the leaders’ group', async () => {
    const { reply, sent } = await h.run('ipb-zhang', 'ipb', `/市级主谈 协调会 ${code} 12月3日下午2点半`);
    expect(reply).toContain('2026年12月3日 14:30');
    expect(reply).toContain('2026年12月2日 09:00 将再次提醒');
    expect(destinations(sent)).toEqual(['leaders', 'user:ipb-liu', 'user:nrb-he', 'user:sasac-zheng']);
    expect(cases(code)[0]?.meetingAt).toBe('2026-12-03T06:30:00.000+00:00');
  });

  it('cannot have minutes before it is held', async () => {
    expect(
      await h.unchanged(TABLES, () => h.run('ipb-zhang', 'ipb', `/市级主谈 纪要 ${code} 承载=钱塘区 会议决定`)),
    ).toContain('尚未召开');
  });

  it('reminds each member the day before: not earlier, caught up after downtime, exactly once', async () => {
    const reminders = (rows: Awaited<ReturnType<Harness['moveClock']>>) =>
      rows.filter((r) => textOf(r.message).includes('【协调会提醒】'));
    expect(reminders(await h.moveClock(new Date('2026-12-02T00:59:00Z')))).toEqual([]);
    // The bot was down at 09:00; the next run, an hour later, still reminds everyone.
    const sent = reminders(await h.moveClock(new Date('2026-12-02T02:00:00Z')));
    expect(destinations(sent)).toEqual(['user:ipb-liu', 'user:nrb-he', 'user:sasac-zheng']);
    expect(textOf(sent[0]!.message)).toContain('2026年12月3日 14:30');
    expect(reminders(await h.moveClock(new Date('2026-12-02T02:10:00Z')))).toEqual([]);
    expect(reminders(await h.moveClock(new Date('2026-12-03T01:00:00Z')))).toEqual([]);
  });
});

describe('the 落地方案建议', () => {
  it('is refused without text, without a running case, or for anyone but IPB and the 专项组', async () => {
    expect(await h.unchanged(TABLES, () => h.run('ipb-zhang', 'ipb', `/市级主谈 方案 ${code}`))).toContain(
      '请写明落地方案建议的内容',
    );
    expect(await h.unchanged(TABLES, () => h.run('ipb-zhang', 'ipb', `/市级主谈 方案 ${rival} 落萧山`))).toContain(
      '没有进行中的市级主谈',
    );
    expect(
      await h.unchanged(TABLES, () => h.run('ipb-zhang', 'ipb', `/市级主谈 方案 ${code} ${'很'.repeat(2001)}`)),
    ).toContain('不超过 2000 字');
    expect(await h.unchanged(TABLES, () => h.run('leader-zhou', 'leaders', `/市级主谈 方案 ${code} 落萧山`))).toContain(
      `只有 ${code} 项目引进专项组的成员或市投资促进局可以记录`,
    );
    expect(
      await h.unchanged(TABLES, () => h.run('binjiang-li', 'binjiang', `/市级主谈 方案 ${code} 落滨江`)),
    ).toContain(`只有 ${code} 项目引进专项组的成员或市投资促进局可以记录`);
  });

  it('is recorded, audited, shown with the case, and sent to IPB and the leaders; a later one replaces it', async () => {
    const { reply, sent } = await h.run(
      'ipb-liu',
      'ipb',
      `/市级主谈 方案 ${code} 生产基地落钱塘，研发中心留滨江，分两期建设`,
    );
    expect(reply).toContain(`已记录 ${code} 的项目落地方案建议`);
    expect(destinations(sent)).toEqual(['ipb', 'leaders']);
    expect(textsTo(sent, 'leaders')[0]).toContain('【落地方案建议】');
    expect(textsTo(sent, 'leaders')[0]).toContain('生产基地落钱塘，研发中心留滨江，分两期建设');
    const revised = await h.run('ipb-liu', 'ipb', `/市级主谈 方案 ${code} 生产基地落钱塘，研发中心留滨江，一期建设`);
    expect(revised.reply).toContain('已更新');
    expect(
      h.query<{ plan: string; planBy: string }>(
        'SELECT k.plan, k.planBy FROM "CityLedCase" k JOIN "Project" p ON p.id = k.projectId WHERE p.code = ?',
        code,
      ),
    ).toEqual([{ plan: '生产基地落钱塘，研发中心留滨江，一期建设', planBy: 'ipb-liu' }]);
    const trail = h
      .query<{ before: string; after: string }>(
        `SELECT before, after FROM "AuditEvent" WHERE action = 'citylead.plan' AND recordId = ? ORDER BY seq`,
        code,
      )
      .map((a) => [JSON.parse(a.before), JSON.parse(a.after)]);
    expect(trail).toEqual([
      [{ plan: null }, { plan: '生产基地落钱塘，研发中心留滨江，分两期建设' }],
      [{ plan: '生产基地落钱塘，研发中心留滨江，分两期建设' }, { plan: '生产基地落钱塘，研发中心留滨江，一期建设' }],
    ]);
    expect(await h.t.client.say('leader-zhou', 'leaders', `/市级主谈 ${code}`)).toContain(
      '落地方案建议：生产基地落钱塘，研发中心留滨江，一期建设（ipb-liu',
    );
  });

  it('is recorded by a member of the 专项组 who is not IPB (四(二): the group proposes the plan)', async () => {
    expect(members(code)).toContain('nrb-he');
    const { reply, sent } = await h.run('nrb-he', 'nrb', `/市级主谈 方案 ${code} 用地指标可在钱塘区统筹`);
    expect(reply).toContain(`已更新 ${code} 的项目落地方案建议`);
    expect(destinations(sent)).toEqual(['ipb', 'leaders']);
    expect(
      h.query<{ planBy: string }>(
        'SELECT k.planBy FROM "CityLedCase" k JOIN "Project" p ON p.id = k.projectId WHERE p.code = ?',
        code,
      ),
    ).toEqual([{ planBy: 'nrb-he' }]);
  });
});

describe('the minutes', () => {
  it('need a host unit and text; the host must be a district or platform', async () => {
    await h.moveClock(new Date('2026-12-03T08:00:00Z'));
    expect(
      await h.unchanged(TABLES, () => h.run('ipb-zhang', 'ipb', `/市级主谈 纪要 ${code} 会议决定由钱塘区承载`)),
    ).toContain('请写明承载单位');
    expect(await h.unchanged(TABLES, () => h.run('ipb-zhang', 'ipb', `/市级主谈 纪要 ${code} 承载=钱塘区`))).toContain(
      '请写明承载单位',
    );
    expect(
      await h.unchanged(TABLES, () => h.run('ipb-zhang', 'ipb', `/市级主谈 纪要 ${code} 承载=市财政局 会议决定`)),
    ).toContain('不能作为项目承载单位');
    expect(
      await h.unchanged(TABLES, () => h.run('leader-zhou', 'leaders', `/市级主谈 纪要 ${code} 承载=钱塘区 会议决定`)),
    ).toContain('您没有使用 /市级主谈 纪要 的权限');
  });

  it('place the project with the host as the city decided — no 首谈 period to run out — and tell host, origin, members and city', async () => {
    const { reply, sent } = await h.run(
      'ipb-zhang',
      'ipb',
      `/市级主谈 纪要 ${code} 承载=钱塘区 会议决定：项目落户钱塘区，滨江区做好配套服务`,
    );
    expect(reply).toContain('由「钱塘区」承载');
    expect(reply).toContain('不设首谈期限，不会因期满重新开放');
    expect(reply).not.toContain('三(一)');
    expect(project(code)).toMatchObject({ status: 'EXCLUSIVE', unitId: 'qiantang', exclusiveUntil: null, conforms: 1 });
    expect(cases(code)).toMatchObject([
      { status: 'CONCLUDED', hostUnitId: 'qiantang', minutes: '会议决定：项目落户钱塘区，滨江区做好配套服务' },
    ]);
    expect(destinations(sent)).toEqual([
      'binjiang',
      'city',
      'qiantang',
      'user:ipb-liu',
      'user:nrb-he',
      'user:sasac-zheng',
    ]);
    expect(textsTo(sent, 'qiantang')[0]).toContain(`/进展 ${code}`);
    expect(textsTo(sent, 'binjiang')[0]).toContain('项目已移交');
    expect(textsTo(sent, 'city')[0]).toContain('纪要：会议决定：项目落户钱塘区');
    expect(audits(code).slice(-2)).toEqual(['citylead.minutes', 'project.handover']);
  });

  it('close the case: the former holder cannot progress the project, and the audit trail reads in Chinese', async () => {
    expect(await h.unchanged(TABLES, () => h.run('binjiang-li', 'binjiang', `/进展 ${code} 签约`))).toContain(
      '只有 ZS-2026-0001 的报备单位可以登记进展',
    );
    const trail = await h.t.client.say('ipb-zhang', 'ipb', `/审计 ${code}`);
    for (const label of [
      '市级主谈（报请组建专项组）',
      '转为市级主谈',
      '批准组建专项组',
      '组建专项组',
      '安排项目协调会',
      '记录会议纪要',
      '按会议纪要移交承载单位',
    ])
      expect(trail).toContain(label);
    const detail = await h.t.client.say('leader-zhou', 'leaders', `/市级主谈 ${code}`);
    expect(detail).toContain('已形成会议纪要');
    expect(detail).toContain('承载单位：钱塘区');
  });

  it('name a host outside the layout guide with the 三(一) warning', async () => {
    const other = await h.report(
      'yuhang-chen',
      'yuhang',
      '项目=算力中心 投资方=杭州云启智能有限公司 产业链=人工智能 投资额=20亿 意向=多轮洽谈',
    );
    await h.run('ipb-zhang', 'ipb', `/市级主谈 ${other} 理由=领导交办 预评估=省领导交办`);
    await h.run('leader-zhou', 'leaders', `/市级主谈 批准 ${other}`);
    await h.run('ipb-zhang', 'ipb', `/市级主谈 专项组 ${other} ipb-liu`);
    const soon = await h.run('ipb-zhang', 'ipb', `/市级主谈 协调会 ${other} 2026-12-03 17:00`);
    expect(soon.reply).toContain('会议不足一天，不再另行提醒');
    const moved = await h.run('ipb-zhang', 'ipb', `/市级主谈 协调会 ${other} 2026-12-03 17:20`);
    expect(moved.reply).toContain('已改定');
    expect(textsTo(moved.sent, 'ipb-liu')[0]).toContain('【项目协调会改期】');
    expect(
      h
        .query<{ before: string; after: string }>(
          `SELECT before, after FROM "AuditEvent" WHERE action = 'citylead.meeting' AND recordId = ? ORDER BY seq DESC LIMIT 1`,
          other,
        )
        .map((a) => [JSON.parse(a.before), JSON.parse(a.after)]),
    ).toEqual([[{ meetingAt: '2026-12-03T09:00:00.000Z' }, { meetingAt: '2026-12-03T09:20:00.000Z' }]]);
    await h.moveClock(new Date('2026-12-03T09:30:00Z'));
    const { reply } = await h.run('ipb-zhang', 'ipb', `/市级主谈 纪要 ${other} 承载=萧山区 落户萧山`);
    expect(reply).toContain('不是《布局导引》中「人工智能」的承载地');
    expect(reply).toContain('三(一)');
    expect(project(other)).toMatchObject({ status: 'EXCLUSIVE', unitId: 'xiaoshan', conforms: 0 });
  });
});

describe('a 专项组 the leader does not approve', () => {
  it('leaves the project 市级主谈 under IPB, tells IPB with the leader’s opinion, and lets IPB go on to the meeting and minutes', async () => {
    const other = await h.report(
      'yuhang-chen',
      'yuhang',
      '项目=创新药基地 投资方=杭州康源生物医药有限公司 产业链=生物医药 投资额=12亿 意向=多轮洽谈',
    );
    await h.run('ipb-zhang', 'ipb', `/市级主谈 ${other} 理由=其他规定 预评估=需市级统筹`);
    const { reply, sent } = await h.run('leader-zhou', 'leaders', `/市级主谈 不批准 ${other} 由市投资促进局直接洽谈`);
    expect(reply).toContain('不批准为');
    expect(project(other)?.status).toBe('CITY_LED');
    expect(cases(other)).toMatchObject([{ status: 'DECLINED', decisionNote: '由市投资促进局直接洽谈' }]);
    expect(destinations(sent)).toEqual(['ipb']);
    expect(textsTo(sent, 'ipb')[0]).toContain('意见：由市投资促进局直接洽谈');
    expect(await h.unchanged(TABLES, () => h.run('ipb-zhang', 'ipb', `/市级主谈 专项组 ${other} @ipb-liu`))).toContain(
      '须经分管市领导批准',
    );
    expect((await h.run('ipb-zhang', 'ipb', `/市级主谈 协调会 ${other} 2026-12-20 10:00`)).reply).toContain(
      '项目协调会',
    );
  });

  it('lists running cases for IPB and leaders', async () => {
    const list = await h.t.client.say('leader-zhou', 'leaders', '/市级主谈');
    expect(list).toContain('进行中的市级主谈');
    expect(list).toContain('市级主谈中，未批准组建专项组');
  });
});

describe('projects that cannot be city-led', () => {
  it('are refused by status (a rival closed as CONFLICT)', async () => {
    const reply = await h.unchanged(TABLES, () =>
      h.run('ipb-zhang', 'ipb', `/市级主谈 ${rival} 理由=跨区域布局 预评估=再议`),
    );
    expect(reply).toContain('当前为“冲突”');
  });
});

describe('a 领导交办 project no district reported (/市级主谈 新建)', () => {
  const NEW = '/市级主谈 新建 项目=整车基地 投资方=杭州远景汽车有限公司 产业链=集成电路 投资额=80亿';
  let assigned = '';

  it('is refused, changing nothing, for bad input, a reason other than 领导交办, a held investor, and anyone but IPB', async () => {
    const refusals: [string, string, string, string][] = [
      ['ipb-zhang', 'ipb', `${NEW} 理由=跨区域布局 预评估=两地联动`, '应由区县报备后再提请'],
      [
        'ipb-zhang',
        'ipb',
        '/市级主谈 新建 项目=整车基地 投资方=杭州远景汽车有限公司 产业链=集成电路 理由=领导交办 预评估=省领导交办',
        '缺少：投资额',
      ],
      [
        'ipb-zhang',
        'ipb',
        '/市级主谈 新建 项目=整车基地 投资方=杭州远景汽车有限公司 产业链=造船 投资额=80亿 理由=领导交办 预评估=省领导交办',
        '造船',
      ],
      [
        'ipb-zhang',
        'ipb',
        `/市级主谈 新建 项目=封测三期 ${INVESTOR} 投资额=10亿 理由=领导交办 预评估=省领导交办`,
        `已有记录 ${code}`,
      ],
      ['leader-zhou', 'leaders', `${NEW} 理由=领导交办 预评估=省领导交办`, '您没有使用 /市级主谈 新建 的权限'],
      ['binjiang-li', 'binjiang', `${NEW} 理由=领导交办 预评估=省领导交办`, '您没有使用 /市级主谈 的权限'],
    ];
    for (const [user, conversation, text, expected] of refusals) {
      expect(await h.unchanged(TABLES, () => h.run(user, conversation, text)), text).toContain(expected);
    }
  });

  it('opens a ZS project held by IPB, directly 市级主谈, closing a district’s pending report of the same investor', async () => {
    const pending = await h.report(
      'xiaoshan-wang',
      'xiaoshan',
      '项目=整车一期 投资方=杭州远景汽车有限公司 产业链=集成电路 投资额=20亿 意向=实地考察',
    );
    const { reply, sent } = await h.run('ipb-zhang', 'ipb', `${NEW} 理由=领导交办 预评估=省领导交办，需市级统筹`);
    assigned = /ZS-\d{4}-\d{4}/.exec(reply)?.[0] ?? '';
    expect(reply).toContain(`已新建领导交办项目 **${assigned}** 整车基地`);
    expect(reply).toContain(pending);
    expect(
      h.query(
        'SELECT status, unitId, reporterId, intent, intentNote, amountWan FROM "Project" WHERE code = ?',
        assigned,
      ),
    ).toEqual([
      {
        status: 'CITY_LED',
        unitId: 'ipb',
        reporterId: 'ipb-zhang',
        intent: '其他',
        intentNote: '领导交办',
        amountWan: 800000,
      },
    ]);
    expect(cases(assigned)).toMatchObject([
      {
        status: 'PROPOSED',
        reason: '领导交办',
        fromUnitId: 'ipb',
        previousStatus: 'CITY_LED',
        evaluation: '省领导交办，需市级统筹',
      },
    ]);
    expect(project(pending)).toMatchObject({ status: 'CONFLICT', statusNote: assigned });
    expect(destinations(sent)).toEqual(['city', 'leaders', 'xiaoshan']);
    expect(textOf(sent.find((r) => r.to.conversationId === 'leaders')!.message)).toContain(
      '报备单位：无（领导交办，由市投资促进局新建）',
    );
    expect(audits(assigned)).toEqual(['project.assigned', 'citylead.propose']);
  });

  it('takes minutes naming several host units and a 文号; each host is told and the placement never expires', async () => {
    await h.run('leader-zhou', 'leaders', `/市级主谈 不批准 ${assigned} 由市投资促进局直接洽谈`);
    await h.run('ipb-zhang', 'ipb', `/市级主谈 协调会 ${assigned} 2026-12-04 10:00`);
    await h.moveClock(new Date('2026-12-04T03:00:00Z'));
    expect(
      await h.unchanged(TABLES, () =>
        h.run('ipb-zhang', 'ipb', `/市级主谈 纪要 ${assigned} 承载=萧山区、市财政局 会议决定`),
      ),
    ).toContain('「市财政局」不是区、县（市）或产业平台');
    expect(
      await h.unchanged(TABLES, () =>
        h.run('ipb-zhang', 'ipb', `/市级主谈 纪要 ${assigned} 承载=萧山区 文号=${'号'.repeat(61)} 会议决定`),
      ),
    ).toContain('文号不超过 60 字');
    const { reply, sent } = await h.run(
      'ipb-zhang',
      'ipb',
      `/市级主谈 纪要 ${assigned} 承载=萧山区、钱塘区 文号=杭政办纪要〔2026〕12号 会议决定：生产基地落户萧山区，研发中心落户钱塘区`,
    );
    expect(reply).toContain('（杭政办纪要〔2026〕12号）');
    expect(reply).toContain('由「萧山区」承载，「钱塘区」共同承载');
    expect(project(assigned)).toMatchObject({ status: 'EXCLUSIVE', unitId: 'xiaoshan', exclusiveUntil: null });
    expect(
      h.query(
        'SELECT hostUnitId, coHostUnitIds, minutesRef FROM "CityLedCase" k JOIN "Project" p ON p.id = k.projectId WHERE p.code = ?',
        assigned,
      ),
    ).toEqual([{ hostUnitId: 'xiaoshan', coHostUnitIds: 'qiantang', minutesRef: '杭政办纪要〔2026〕12号' }]);
    // No district reported it, so there is no origin to tell: the hosts and the city group are.
    expect(destinations(sent)).toEqual(['city', 'qiantang', 'xiaoshan']);
    expect(textsTo(sent, 'qiantang')[0]).toContain('由本单位与「萧山区」共同承载');
    expect(textsTo(sent, 'xiaoshan')[0]).toContain('「钱塘区」共同承载');
    expect(textsTo(sent, 'city')[0]).toContain('纪要（杭政办纪要〔2026〕12号）：会议决定');
    const detail = await h.t.client.say('leader-zhou', 'leaders', `/市级主谈 ${assigned}`);
    expect(detail).toContain('承载单位：萧山区、钱塘区');
    expect(detail).toContain('会议纪要（杭政办纪要〔2026〕12号）');
    // A year on, the city's placement still stands: it is not a 首谈 period that runs out.
    await h.moveClock(new Date('2027-12-06T03:00:00Z'));
    expect(project(assigned)).toMatchObject({ status: 'EXCLUSIVE', unitId: 'xiaoshan' });
  });
});
