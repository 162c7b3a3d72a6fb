/**
 * 一事一议 (policy 三(二); DESIGN §5.2) and fund coordination (五(三)) through the simulator API: a
 * request is refused for a project outside the layout guide (三(一)), routed to 市国资委 for funds and
 * equity or to 市政府常务会议 otherwise, decided by a member of that body (typed or by card), escalated
 * by 常务会议 to 市委财经委员会; 市国资委's sub-funds, due diligence and investment suggestions feed it.
 * Under rule R10 a district's request is screened by IPB first; IPB's own requests are not.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { textOf } from '../helpers/sim-client.ts';
import { destinations, startHarness, textsTo, type Harness } from '../helpers/coordination.ts';

let h: Harness;
const TABLES = ['SupportCase', 'SubFund', 'FundDiligence', 'Sequence'];
let held = '';
let pending = '';
let cityLed = '';

interface CaseDb {
  code: string;
  mode: string;
  amountWan: number;
  description: string;
  requestUnitId: string;
  bodyUnitId: string;
  status: string;
  decidedBy: string | null;
  decisionNote: string | null;
  escalatedBy: string | null;
  screenedBy: string | null;
  screeningNote: string | null;
}

const supportCase = (code: string) => h.query<CaseDb>('SELECT * FROM "SupportCase" WHERE code = ?', code)[0];
const audits = (recordId: string) =>
  h
    .query<{ action: string }>('SELECT action FROM "AuditEvent" WHERE recordId = ? ORDER BY seq', recordId)
    .map((r) => r.action);
const codeOf = (reply: string) => {
  const code = /一事一议 \*\*(YS-\d{4}-\d{4})\*\*/.exec(reply)?.[1];
  if (code === undefined) throw new Error(`not a request: ${reply}`);
  return code;
};

beforeAll(async () => {
  h = await startHarness();
  held = await h.exclusive(
    'binjiang-li',
    'binjiang',
    '项目=封测基地 投资方=杭州芯光科技有限公司 产业链=集成电路 投资额=50亿 意向=签订意向书',
  );
  pending = await h.report(
    'binjiang-li',
    'binjiang',
    '项目=安防总部 投资方=杭州视界安防有限公司 产业链=数字安防 投资额=8亿 意向=多轮洽谈',
  );
  expect(await h.t.client.say('admin', 'city', '/角色 授予 caijingwei-member LEADER 市委财经委员会')).toContain(
    '已授予',
  );
  cityLed = await h.report(
    'yuhang-chen',
    'yuhang',
    '项目=算力中心 投资方=杭州云启智能有限公司 产业链=人工智能 投资额=20亿 意向=多轮洽谈',
  );
  await h.run('ipb-zhang', 'ipb', `/市级主谈 ${cityLed} 理由=领导交办 预评估=省领导交办`);
  await h.run('leader-zhou', 'leaders', `/市级主谈 批准 ${cityLed}`);
  await h.settle();
});

afterAll(async () => {
  await h?.stop();
});

describe('a 一事一议 request', () => {
  it('is refused, changing nothing, for bad input, the wrong project or the wrong person', async () => {
    const refusals: [string, string, string, string][] = [
      ['binjiang-li', 'binjiang', `/一事一议 ${held} 方式=补贴 金额=2亿 说明=请支持`, '支持方式“补贴”无法识别'],
      ['binjiang-li', 'binjiang', `/一事一议 ${held} 方式=基金 金额=很多 说明=请支持`, '金额“很多”无法识别'],
      ['binjiang-li', 'binjiang', `/一事一议 ${held} 方式=基金 金额=2亿`, '缺少：说明'],
      ['binjiang-li', 'binjiang', `/一事一议 ${held} 说明=请支持`, '缺少：方式、金额'],
      [
        'binjiang-li',
        'binjiang',
        `/一事一议 ${pending} 方式=基金 金额=2亿 说明=请支持`,
        '当前为“待审核”，不能申请一事一议',
      ],
      ['xiaoshan-wang', 'xiaoshan', `/一事一议 ${held} 方式=基金 金额=2亿 说明=请支持`, '不是本单位的项目'],
      [
        'sasac-zheng',
        'sasac',
        `/一事一议 ${held} 方式=基金 金额=2亿 说明=请支持`,
        '您没有使用 /一事一议 <项目编号> 方式=… 的权限',
      ],
      ['nrb-he', 'nrb', `/一事一议 ${held} 方式=基金 金额=2亿 说明=请支持`, '您没有使用 /一事一议 的权限'],
      ['binjiang-li', 'binjiang', '/一事一议 批一下 ZS-2026-0001', '不是 /一事一议 的操作'],
      ['yuhang-chen', 'yuhang', `/一事一议 ${cityLed} 方式=基金 金额=2亿 说明=请支持`, '正由市级主谈'],
    ];
    for (const [user, conversation, text, expected] of refusals) {
      expect(await h.unchanged(TABLES, () => h.run(user, conversation, text)), text).toContain(expected);
    }
  });

  it('is refused for a project that no longer conforms to the layout guide (三(一)), judged at request time', async () => {
    await h.run('ipb-zhang', 'ipb', '/布局导引 移除 集成电路 滨江区');
    const reply = await h.unchanged(TABLES, () =>
      h.run('binjiang-li', 'binjiang', `/一事一议 ${held} 方式=基金 金额=2亿 说明=请支持`),
    );
    expect(reply).toContain('不符合《布局导引》');
    expect(reply).toContain('钱塘区');
    expect(reply).toContain('三(一)');
    await h.run('ipb-zhang', 'ipb', '/布局导引 添加 集成电路 滨江区');
  });
});

describe('fund and equity support, decided by 市国资委', () => {
  let code = '';

  it('goes first to IPB as a screening card (R10), not yet to 市国资委; prose keeps its punctuation', async () => {
    const { reply, sent } = await h.run(
      'binjiang-li',
      'binjiang',
      `/一事一议 ${held} 方式=基金 金额=2亿 说明=拟由子基金参与：首期 1亿，二期 1亿`,
    );
    code = codeOf(reply);
    expect(code).toBe('YS-2026-0001');
    expect(reply).toContain('先由市投资促进局审核（实施规则 R10「一事一议路由」）');
    expect(reply).toContain('审核通过后送「市国资委」研究决策');
    expect(supportCase(code)).toMatchObject({
      mode: 'FUND',
      amountWan: 20_000,
      description: '拟由子基金参与：首期 1亿，二期 1亿',
      requestUnitId: 'binjiang',
      bodyUnitId: 'sasac',
      status: 'SCREENING',
    });
    expect(destinations(sent)).toEqual(['ipb']);
    const card = sent[0]!.message;
    expect(card.kind).toBe('card');
    expect(textOf(card)).toContain('拟由子基金参与：首期 1亿，二期 1亿');
    expect(card.buttons?.map((b) => b.value)).toEqual([`/一事一议 审核 ${code} 通过`, `/一事一议 审核 ${code} 退回`]);
    expect(audits(code)).toEqual(['support.request']);
    expect(await h.t.client.say('binjiang-li', 'binjiang', `/一事一议 ${code}`)).toContain('市投资促进局审核：待审核');
  });

  it('cannot be decided by its body, nor screened by anyone but IPB, while IPB screens it', async () => {
    const decided = await h.unchanged(TABLES, () => h.run('sasac-zheng', 'sasac', `/一事一议 决议 ${code} 同意`));
    expect(decided).toContain('尚待市投资促进局审核');
    const screenBySasac = await h.unchanged(TABLES, () => h.run('sasac-zheng', 'sasac', `/一事一议 审核 ${code} 通过`));
    expect(screenBySasac).toContain('您没有使用 /一事一议 审核 的权限');
    const screenByRequester = await h.unchanged(TABLES, () =>
      h.run('binjiang-li', 'binjiang', `/一事一议 审核 ${code} 通过`),
    );
    expect(screenByRequester).toContain('您没有使用 /一事一议 审核 的权限');
    // The 退回 button alone carries no reason: the click asks for one and changes nothing.
    const button = { actionId: 'command', value: `/一事一议 审核 ${code} 退回` };
    const returned = await h.unchanged(TABLES, () => h.click('ipb-zhang', 'ipb', button));
    expect(returned).toContain(`退回须写明理由，请发送：/一事一议 审核 ${code} 退回 <理由>`);
    const unclear = await h.unchanged(TABLES, () => h.run('ipb-zhang', 'ipb', `/一事一议 审核 ${code} 也许`));
    expect(unclear).toContain('请写明“通过”或“退回 <理由>”');
    // The codes the simulator API carries for these refusals.
    const refusal = async (user: string, conversation: string, text: string) =>
      (await h.t.client.send(user, conversation, text)).map((m) => m.refusal);
    expect(await refusal('sasac-zheng', 'sasac', `/一事一议 决议 ${code} 同意`)).toEqual(['E_STATUS']);
    expect(await refusal('sasac-zheng', 'sasac', `/一事一议 审核 ${code} 通过`)).toEqual(['E_FORBIDDEN']);
    expect(await refusal('ipb-zhang', 'ipb', `/一事一议 审核 ${code} 退回`)).toEqual(['E_USAGE']);
  });

  it('passes IPB’s screening by card click: the decision card reaches 市国资委 and the requester is told', async () => {
    const { reply, sent } = await h.click('ipb-zhang', 'ipb', {
      actionId: 'command',
      value: `/一事一议 审核 ${code} 通过`,
    });
    expect(reply).toContain(`已审核通过 ${code}，已送「市国资委」研究决策`);
    expect(supportCase(code)).toMatchObject({ status: 'PENDING', screenedBy: 'ipb-zhang', screeningNote: null });
    expect(destinations(sent)).toEqual(['binjiang', 'sasac']);
    expect(textsTo(sent, 'binjiang')[0]).toContain('经市投资促进局审核通过，已送「市国资委」研究决策');
    const card = sent.find((r) => r.to.conversationId === 'sasac')!.message;
    expect(card.kind).toBe('card');
    expect(card.buttons?.map((b) => b.value)).toEqual([`/一事一议 决议 ${code} 同意`, `/一事一议 决议 ${code} 不同意`]);
    expect(audits(code)).toEqual(['support.request', 'support.screen']);
    expect(await h.unchanged(TABLES, () => h.run('ipb-zhang', 'ipb', `/一事一议 审核 ${code} 通过`))).toContain(
      '不在市投资促进局审核中',
    );
    expect(await h.t.client.say('binjiang-li', 'binjiang', `/一事一议 ${code}`)).toContain(
      '市投资促进局审核：通过（张伟，',
    );
    expect((await h.run('ipb-zhang', 'ipb', `/审计 ${code}`)).reply).toContain(
      '市投资促进局审核一事一议：实施规则 R10「一事一议路由」',
    );
  });

  it('is not requested twice for the same project and mode while pending', async () => {
    expect(
      await h.unchanged(TABLES, () =>
        h.run('ipb-zhang', 'ipb', `/一事一议 ${held} 方式=产业基金 金额=1亿 说明=再申请`),
      ),
    ).toContain('已有一项待决策的“基金”');
  });

  it('cannot be decided by someone outside 市国资委, typed or clicked', async () => {
    const typed = await h.unchanged(TABLES, () => h.run('leader-zhou', 'leaders', `/一事一议 决议 ${code} 同意`));
    expect(typed).toContain('市国资委成员');
    const clicked = await h.unchanged(TABLES, () =>
      h.click('leader-zhou', 'sasac', { actionId: 'command', value: `/一事一议 决议 ${code} 同意` }),
    );
    expect(clicked).toBe(typed);
    expect(await h.unchanged(TABLES, () => h.run('binjiang-li', 'binjiang', `/一事一议 决议 ${code} 同意`))).toContain(
      '您没有使用 /一事一议 决议 的权限',
    );
    expect(await h.unchanged(TABLES, () => h.run('sasac-zheng', 'sasac', `/一事一议 决议 ${code} 也许`))).toContain(
      '请写明“同意”或“不同意”',
    );
    expect(
      await h.unchanged(TABLES, () => h.run('sasac-zheng', 'sasac', '/一事一议 决议 YS-2026-0099 同意')),
    ).toContain('没有找到一事一议');
  });

  it('is decided by a 市国资委 card click, and the requester and IPB hear the result', async () => {
    const { reply, sent } = await h.click('sasac-zheng', 'sasac', {
      actionId: 'command',
      value: `/一事一议 决议 ${code} 同意`,
    });
    expect(reply).toContain(`已记录 ${code} 决议：同意`);
    expect(supportCase(code)).toMatchObject({ status: 'APPROVED', decidedBy: 'sasac-zheng' });
    expect(destinations(sent)).toEqual(['binjiang', 'ipb']);
    expect(textsTo(sent, 'binjiang')[0]).toContain('经市国资委研究：**同意**');
    expect(audits(code)).toEqual(['support.request', 'support.screen', 'support.decide']);
    expect(await h.t.client.say('binjiang-li', 'binjiang', `/一事一议 ${code}`)).toContain('- 决议：同意（郑华，');
  });

  it('cannot be decided again', async () => {
    expect(await h.unchanged(TABLES, () => h.run('sasac-zheng', 'sasac', `/一事一议 决议 ${code} 不同意`))).toContain(
      '已经决议（同意）',
    );
  });
});

describe('operating rewards, decided by 市政府常务会议 and escalated to 市委财经委员会', () => {
  let code = '';

  it('is routed to 常务会议 with an escalation button, unscreened when IPB requests it', async () => {
    const { reply, sent } = await h.run(
      'ipb-zhang',
      'ipb',
      `/一事一议 ${held} 方式=经营性奖励 金额=5000万 说明=按年度纳税贡献奖励`,
    );
    code = codeOf(reply);
    expect(reply).toContain('由「市政府常务会议」研究决策');
    const row = { mode: 'REWARD', bodyUnitId: 'changwu', requestUnitId: 'ipb', status: 'PENDING', screenedBy: null };
    expect(supportCase(code)).toMatchObject(row);
    expect(destinations(sent)).toEqual(['changwu']); // IPB requested it: no screening, no separate notice to IPB
    expect(await h.t.client.say('ipb-zhang', 'ipb', `/一事一议 ${code}`)).toContain(
      '市投资促进局审核：市投资促进局提出，无需审核',
    );
    expect(await h.unchanged(TABLES, () => h.run('ipb-zhang', 'ipb', `/一事一议 审核 ${code} 通过`))).toContain(
      '不在市投资促进局审核中',
    );
    expect(sent[0]!.message.buttons?.map((b) => b.label)).toEqual(['同意', '不同意', '提交财经委']);
  });

  it('refuses deciders and escalators who do not sit on 常务会议', async () => {
    expect(await h.unchanged(TABLES, () => h.run('sasac-zheng', 'sasac', `/一事一议 决议 ${code} 同意`))).toContain(
      '市政府常务会议成员',
    );
    expect(await h.unchanged(TABLES, () => h.run('sasac-zheng', 'sasac', `/一事一议 提交财经委 ${code}`))).toContain(
      '您没有使用 /一事一议 提交财经委 的权限',
    );
    expect(
      await h.unchanged(TABLES, () => h.run('caijingwei-member', 'caijingwei', `/一事一议 提交财经委 ${code}`)),
    ).toContain('市政府常务会议成员');
    expect(
      await h.unchanged(TABLES, () => h.run('caijingwei-member', 'caijingwei', `/一事一议 决议 ${code} 同意`)),
    ).toContain('市政府常务会议成员');
  });

  it('is escalated by 常务会议 by card click, reaching 财经委’s group and the requester', async () => {
    const { reply, sent } = await h.click('leader-zhou', 'changwu', {
      actionId: 'command',
      value: `/一事一议 提交财经委 ${code}`,
    });
    expect(reply).toContain('已将');
    expect(supportCase(code)).toMatchObject({
      bodyUnitId: 'caijingwei',
      status: 'PENDING',
      escalatedBy: 'leader-zhou',
    });
    expect(destinations(sent)).toEqual(['caijingwei', 'ipb']);
    const card = sent.find((r) => r.to.conversationId === 'caijingwei')!.message;
    expect(textOf(card)).toContain('市政府常务会议认为有必要，提交市委财经委员会研究决策');
    expect(card.buttons?.map((b) => b.label)).toEqual(['同意', '不同意']);
    expect(await h.unchanged(TABLES, () => h.run('leader-zhou', 'changwu', `/一事一议 提交财经委 ${code}`))).toContain(
      '只有市政府常务会议审议中的事项',
    );
    expect(await h.unchanged(TABLES, () => h.run('changwu-x', 'changwu', `/一事一议 决议 ${code} 同意`))).toContain(
      '还没有在',
    );
  });

  it('is decided by a 财经委 member, typed, with an opinion; 常务会议 can no longer decide it', async () => {
    const { reply, sent } = await h.run(
      'caijingwei-member',
      'caijingwei',
      `/一事一议 决议 ${held} 不同意 超出市级财力安排`,
    );
    expect(reply).toContain(`已记录 ${code} 决议：不同意`);
    expect(supportCase(code)).toMatchObject({
      status: 'REJECTED',
      decisionNote: '超出市级财力安排',
      decidedBy: 'caijingwei-member',
    });
    expect(textsTo(sent, 'ipb')[0]).toContain('经市委财经委员会研究：**不同意**。意见：超出市级财力安排');
    expect(audits(code)).toEqual(['support.request', 'support.escalate', 'support.decide']);
  });
});

describe('funds (五(三))', () => {
  it('registers sub-funds per chain for 市国资委 only, refusing bad input', async () => {
    const refusals: [string, string, string, string][] = [
      ['sasac-zheng', 'sasac', '/基金 登记 名称=芯片基金 产业链=造船 规模=20亿', '产业链“造船”不在《布局导引》中'],
      ['sasac-zheng', 'sasac', '/基金 登记 名称=芯片基金 产业链=集成电路 规模=很多', '规模“很多”无法识别'],
      ['sasac-zheng', 'sasac', '/基金 登记 名称=芯片基金 产业链=集成电路', '缺少：规模'],
      ['ipb-zhang', 'ipb', '/基金 登记 名称=芯片基金 产业链=集成电路 规模=20亿', '您没有使用 /基金 登记 的权限'],
      ['binjiang-li', 'binjiang', '/基金', '您没有使用 /基金 的权限'],
      ['sasac-zheng', 'sasac', `/基金 建议 ${held} 建议投资`, '没有进行中的尽职调查'],
    ];
    for (const [user, conversation, text, expected] of refusals) {
      expect(await h.unchanged(TABLES, () => h.run(user, conversation, text)), text).toContain(expected);
    }
    const { reply, sent } = await h.run(
      'sasac-zheng',
      'sasac',
      '/基金 登记 名称=杭州 集成电路 产业子基金 产业链=集成电路 规模=20亿',
    );
    expect(reply).toContain('已登记重点产业子基金「杭州 集成电路 产业子基金」：集成电路，规模 20亿元');
    expect(destinations(sent)).toEqual(['ipb']);
    expect(
      await h.unchanged(TABLES, () =>
        h.run('sasac-zheng', 'sasac', '/基金 登记 名称=杭州 集成电路 产业子基金 产业链=数字安防 规模=1亿'),
      ),
    ).toContain('已有名为');
  });

  it('opens due diligence on a project once, telling IPB and the holder', async () => {
    const { reply, sent } = await h.run('sasac-zheng', 'sasac', `/基金 尽调 ${held}`);
    expect(reply).toContain('本产业链子基金：杭州 集成电路 产业子基金');
    expect(destinations(sent)).toEqual(['binjiang', 'ipb']);
    expect(await h.unchanged(TABLES, () => h.run('sasac-zheng', 'sasac', `/基金 尽调 ${held}`))).toContain('已于');
    expect(h.query('SELECT status FROM "FundDiligence"')).toEqual([{ status: 'OPEN' }]);
  });

  it('records the suggestion on the project’s pending 一事一议 and sends it to the deciding body', async () => {
    const { reply: requested } = await h.run(
      'binjiang-li',
      'binjiang',
      `/一事一议 ${held} 方式=股权直投 金额=3亿 说明=请市级平台直投`,
    );
    const code = codeOf(requested);
    await h.run('ipb-zhang', 'ipb', `/一事一议 审核 ${code} 通过`);
    const { reply, sent } = await h.run(
      'sasac-zheng',
      'sasac',
      `/基金 建议 ${held} 建议：子基金投资2亿元，占股不超过20%`,
    );
    expect(reply).toContain(`建议已附于待决策的一事一议 ${code}`);
    expect(destinations(sent)).toEqual(['binjiang', 'ipb', 'sasac']);
    expect(textsTo(sent, 'sasac')[0]).toContain('建议：子基金投资2亿元，占股不超过20%');
    const detail = await h.t.client.say('binjiang-li', 'binjiang', `/一事一议 ${code}`);
    expect(detail).toContain('市国资委投资建议');
    expect(detail).toContain('（杭州 集成电路 产业子基金）：建议：子基金投资2亿元，占股不超过20%');
    expect(h.query('SELECT status, suggestedBy FROM "FundDiligence"')).toEqual([
      { status: 'DONE', suggestedBy: 'sasac-zheng' },
    ]);
    // Later requests carry the suggestion on their decision card.
    const { reply: more } = await h.run(
      'binjiang-li',
      'binjiang',
      `/一事一议 ${held} 方式=更大支持 金额=1亿 说明=配套`,
    );
    // By the project's code, IPB screens the project's one request awaiting screening.
    const { sent: later } = await h.run('ipb-zhang', 'ipb', `/一事一议 审核 ${held} 通过`);
    expect(supportCase(codeOf(more))?.status).toBe('PENDING');
    expect(textOf(later.find((r) => r.to.conversationId === 'changwu')!.message)).toContain('市国资委投资建议');
    const overview = await h.t.client.say('ipb-zhang', 'ipb', '/基金');
    expect(overview).toContain('集成电路｜杭州 集成电路 产业子基金｜规模 20亿元');
  });
});

describe('viewing', () => {
  it('shows a body its pending cases, a reporter its unit’s, and hides other units’ cases', async () => {
    const sasac = await h.t.client.say('sasac-zheng', 'sasac', '/一事一议');
    expect(sasac).toContain('YS-2026-0003');
    expect(sasac).not.toContain('YS-2026-0004');
    const changwu = await h.t.client.say('leader-zhou', 'changwu', '/一事一议');
    expect(changwu).toContain('YS-2026-0004');
    expect(await h.t.client.say('xiaoshan-wang', 'xiaoshan', '/一事一议')).toContain('没有待决策的一事一议');
    expect(await h.t.client.say('xiaoshan-wang', 'xiaoshan', '/一事一议 YS-2026-0001')).toContain('无权查看');
    const byProject = await h.t.client.say('ipb-zhang', 'ipb', `/一事一议 ${held}`);
    for (const code of ['YS-2026-0001', 'YS-2026-0002', 'YS-2026-0003', 'YS-2026-0004'])
      expect(byProject).toContain(code);
    expect(await h.t.client.say('sasac-zheng', 'sasac', `/一事一议 决议 ${held} 同意`)).toContain(
      '有多项待决策的一事一议',
    );
  });

  it('is listed in /帮助 with the verbs each asker may use', async () => {
    const reporter = await h.t.client.say('binjiang-li', 'binjiang', '/帮助 一事一议');
    expect(reporter).toContain('方式=基金|股权直投|经营性绩效奖励|更大支持');
    expect(reporter).not.toContain('/一事一议 决议');
    expect(reporter).toContain('区县的申请先由市投资促进局审核（实施规则 R10「一事一议路由」）');
    const leader = await h.t.client.say('leader-zhou', 'leaders', '/帮助 一事一议');
    expect(leader).toContain('/一事一议 决议 <编号> 同意|不同意');
    expect(leader).toContain('/一事一议 提交财经委');
    expect(leader).not.toContain('/一事一议 审核');
    expect(await h.t.client.say('ipb-zhang', 'ipb', '/帮助 一事一议')).toContain(
      '/一事一议 审核 <编号> 通过|退回 <理由>',
    );
    const list = await h.t.client.say('nrb-he', 'nrb', '/帮助');
    for (const name of ['/用地', '/推荐选址']) expect(list).toContain(name);
    expect(list).not.toContain('/一事一议');
  });
});

describe('a city-led project', () => {
  it('gets its 一事一议 from IPB, routed like any other', async () => {
    const { reply, sent } = await h.run(
      'ipb-zhang',
      'ipb',
      `/一事一议 ${cityLed} 方式=更大支持 金额=3亿 说明=市级主谈项目配套支持`,
    );
    expect(codeOf(reply)).toBe('YS-2026-0005');
    expect(destinations(sent)).toEqual(['changwu']);
  });
});

describe('a request IPB returns (R10)', () => {
  let code = '';

  it('tells the requester the reason, not the body, and closes the request', async () => {
    code = codeOf(
      (await h.run('binjiang-li', 'binjiang', `/一事一议 ${held} 方式=经营性奖励 金额=3000万 说明=请予奖励`)).reply,
    );
    const { reply, sent } = await h.run(
      'ipb-zhang',
      'ipb',
      `/一事一议 审核 ${code} 退回 奖励依据不足，请补充：纳税贡献测算`,
    );
    expect(reply).toContain(`已退回 ${code}`);
    const row = { status: 'RETURNED', screenedBy: 'ipb-zhang', screeningNote: '奖励依据不足，请补充：纳税贡献测算' };
    expect(supportCase(code)).toMatchObject(row);
    expect(destinations(sent)).toEqual(['binjiang']);
    const notice = textsTo(sent, 'binjiang')[0]!;
    expect(notice).toContain(
      '被市投资促进局退回（实施规则 R10「一事一议路由」）。理由：奖励依据不足，请补充：纳税贡献测算',
    );
    expect(notice).toContain(`/一事一议 ${held} 方式=`);
    expect(audits(code)).toEqual(['support.request', 'support.screen']);
    expect(await h.t.client.say('binjiang-li', 'binjiang', `/一事一议 ${code}`)).toContain(
      '市投资促进局审核：退回（张伟，',
    );
    const decided = await h.unchanged(TABLES, () => h.run('leader-zhou', 'changwu', `/一事一议 决议 ${code} 同意`));
    expect(decided).toContain(`${code} 已被市投资促进局退回（实施规则 R10「一事一议路由」），没有送达决策机构`);
    expect(await h.unchanged(TABLES, () => h.run('ipb-zhang', 'ipb', `/一事一议 审核 ${code} 通过`))).toContain(
      '不在市投资促进局审核中',
    );
  });

  it('lets the requester file the same kind of support again', async () => {
    const { reply, sent } = await h.run(
      'binjiang-li',
      'binjiang',
      `/一事一议 ${held} 方式=经营性奖励 金额=3000万 说明=补充纳税贡献测算后重报`,
    );
    const again = codeOf(reply);
    expect(supportCase(again)).toMatchObject({ status: 'SCREENING', mode: 'REWARD' });
    expect(destinations(sent)).toEqual(['ipb']);
    // IPB's list shows it awaiting screening; the body's list does not show it yet.
    const ipbList = await h.t.client.say('ipb-zhang', 'ipb', '/一事一议');
    expect(ipbList).toContain(`${again}｜${held}｜经营性绩效奖励 3000万元｜市政府常务会议｜待市投资促进局审核`);
    expect(await h.t.client.say('leader-zhou', 'changwu', '/一事一议')).not.toContain(again);
  });
});
