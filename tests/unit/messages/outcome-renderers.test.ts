/**
 * The renderers of the outcomes the converted services return (issue #18 point 1), for the variants no
 * integration test reaches: an unchanged pool, empty and not-yet-allocated overviews, a ranking with
 * nothing to rank, a truncated ledger, diligence on a chain without sub-funds, a suggestion with no
 * pending case, each way a group is bound, a concluded 市级主谈 case, a meeting too close to remind, a transfer
 * vote awaiting IPB's conclusion, an empty unit list.
 * And the renderers mark user text as the catalogue does, so encoders can escape it.
 */
import { describe, expect, it } from 'vitest';
import { withoutMarks } from '../../../src/app/user-text.ts';
import { renderEnergyOverview, renderEnergyPool } from '../../../src/messages/energy.ts';
import { renderDiligenceOpened, renderFundRegistered, renderSuggestionRecorded } from '../../../src/messages/funds.ts';
import { renderLandLedger, renderLandRanking } from '../../../src/messages/land.ts';
import { renderBind, renderRoleGrant, roleNewMemberNotice } from '../../../src/messages/org.ts';
import { cityLedLeaderCard, renderCityLedDetail, renderMeeting } from '../../../src/messages/city-led.ts';
import { renderTransferList, renderTransferVote } from '../../../src/messages/transfers.ts';
import { zhCN } from '../../../src/messages/zh-CN.ts';

const MARK = '\uE000';

describe('energy renderers', () => {
  it('an unchanged pool is confirmed without a previous size', () => {
    const text = renderEnergyPool({ kind: 'unchanged', year: 2027, tonnes: 20000 });
    expect(text).toContain('已设定2027年能耗指标池：20000 吨标煤，');
    expect(text).not.toContain('原为');
    expect(renderEnergyPool({ kind: 'set', year: 2027, tonnes: 20000, previous: 15000 })).toContain(
      '（原为 15000 吨标煤）',
    );
  });

  it('an overview says when the pool is not set and when nobody has requested', () => {
    const message = renderEnergyOverview({ kind: 'overview', year: 2028, pool: null, requests: [] });
    expect(message).toMatchObject({ kind: 'markdown', title: '2028年能耗指标' });
    expect(message.markdown).toContain('指标池：市发改委尚未设定');
    expect(message.markdown).toContain('（暂无申请）');
  });

  it('an overview of an allocated pool shows each result', () => {
    const message = renderEnergyOverview({
      kind: 'overview',
      year: 2027,
      pool: { tonnes: 10000, allocatedAt: new Date('2027-03-01T02:00:00Z') },
      requests: [
        {
          code: 'ZS-2026-0001',
          unit: '萧山区',
          tonnes: 6000,
          outputWan: 300000,
          result: { outcome: 'PARTIAL', rank: 1, grantedTonnes: 4000 },
        },
        { code: 'ZS-2026-0002', unit: '余杭区', tonnes: 2000, outputWan: 50000, result: null },
      ],
    });
    expect(message.markdown).toContain('指标池：10000 吨标煤（已于 2027年3月1日 10:00 分配）');
    expect(message.markdown).toContain(
      '- ZS-2026-0001（萧山区）｜用能 6000｜产值 30亿元｜50.00 万元/吨标煤｜部分分配（额度池已用完） 4000',
    );
    expect(message.markdown).toMatch(/- ZS-2026-0002（余杭区）｜用能 2000｜产值 5亿元｜25\.00 万元\/吨标煤$/m);
  });
});

describe('land renderers', () => {
  it('a ranking with nothing to rank is one line for the whole city', () => {
    expect(renderLandRanking({ kind: 'none', scope: null, thresholdWan: 10000 })).toEqual({
      kind: 'text',
      text: '全市暂无投资额不低于 1亿元 的首谈期内、市级主谈或已签约项目。',
    });
  });

  it('a long ledger says how many older entries it leaves out', () => {
    const message = renderLandLedger({ kind: 'ledger', scope: null, ratio: 1, totals: [], entries: [], more: 3 });
    expect(message.title).toBe('用地台账（全市）');
    expect(message.markdown).toContain('（另有 3 条较早记录未显示）');
  });

  it('project names in a ranking are marked as user text', () => {
    const entry = {
      code: 'ZS-2026-0001',
      name: '# 标题',
      unitId: 'xiaoshan',
      unit: '萧山区',
      amountWan: 100000,
      areaMu: 100,
      outputWan: 200000,
    };
    const message = renderLandRanking({
      kind: 'ranking',
      scope: '萧山区',
      thresholdWan: 10000,
      weights: { investment: 60, perMu: 40 },
      maxAmountWan: 100000,
      maxPerMuWan: 2000,
      ranked: [{ ...entry, perMuWan: 2000, investmentPoints: 60, perMuPoints: 40, score: 100, rank: 1 }],
      missing: [],
    });
    expect(message.markdown).toContain(`**ZS-2026-0001** ${MARK}# 标题`);
  });
});

describe('fund renderers', () => {
  it('diligence on a chain without sub-funds points to direct investment', () => {
    expect(renderDiligenceOpened({ kind: 'opened', code: 'ZS-2026-0001', name: '芯片项目', funds: [] })).toContain(
      '（本产业链暂无子基金，可由市级股权投资平台直投）',
    );
  });

  it('a suggestion with no pending case says it will go with a future case', () => {
    expect(renderSuggestionRecorded({ kind: 'recorded', code: 'ZS-2026-0001', cases: [] })).toBe(
      '已记录 ZS-2026-0001 的投资建议，尽职调查完成。该项目申请一事一议时，建议将随附供决策参考。',
    );
  });

  it('renders what the catalogue renders, user text marked the same way', () => {
    const text = renderFundRegistered({ kind: 'registered', name: '芯片基金', chain: '集成电路', sizeWan: 200000 });
    expect(text).toBe(zhCN.coordination.fund.registered({ name: '芯片基金', chain: '集成电路', size: '20亿元' }));
    expect(text).toContain(`${MARK}芯片基金`);
    expect(withoutMarks(text)).toContain('「芯片基金」：集成电路，规模 20亿元');
  });
});

describe('org renderers', () => {
  it('a group bound, rebound, or already bound to the target', () => {
    const plain = (text: string) => withoutMarks(text);
    expect(plain(renderBind({ kind: 'bound', conversation: '滨江招商群', target: '滨江区' }))).toBe(
      '已将本群「滨江招商群」绑定为「滨江区」的工作群。今后发给滨江区的通知会发到这里。',
    );
    expect(
      plain(renderBind({ kind: 'rebound', conversation: '滨江招商群', target: '萧山区', previous: '滨江区' })),
    ).toContain('改绑为「萧山区」（原为「滨江区」）');
    expect(renderBind({ kind: 'unchanged', target: '滨江区' })).toBe('本群已经是「滨江区」的工作群，无需重复绑定。');
  });

  it('roles are named by their labels, and the person’s name is marked', () => {
    const text = renderRoleGrant({ kind: 'granted', user: '李明', role: 'REPORTER', unit: '滨江区' });
    expect(text).toContain(`${MARK}李明`);
    expect(withoutMarks(roleNewMemberNotice({ user: '李明', role: 'REPORTER', unit: '滨江区' }))).toBe(
      withoutMarks(zhCN.role.newMember({ user: '李明', role: '招商专员', unit: '滨江区' })),
    );
  });
});

describe('市级主谈 renderers', () => {
  it('a case in full marks what users wrote, as the catalogue does', () => {
    const message = renderCityLedDetail({
      kind: 'detail',
      code: 'ZS-2026-0001',
      name: '整车基地',
      status: 'CONCLUDED',
      projectStatus: 'EXCLUSIVE',
      reason: '跨区域布局',
      evaluation: '两地联动',
      proposedBy: 'ipb-1',
      proposedAt: new Date('2026-12-01T02:00:00Z'),
      decision: { approved: true, by: 'leader-1', at: new Date('2026-12-01T03:00:00Z'), note: null },
      members: ['张伟'],
      meetingAt: new Date('2026-12-03T06:30:00Z'),
      hosts: ['萧山区', '钱塘区'],
      minutes: '# 生产基地落萧山',
      ref: null,
      plan: null,
      next: null,
    });
    expect(message).toMatchObject({ kind: 'markdown', title: '市级主谈 ZS-2026-0001' });
    expect(message.markdown).toContain(`${MARK}# 生产基地落萧山`);
    expect(withoutMarks(message.markdown ?? '')).toContain('- 承载单位：萧山区、钱塘区');
    expect(withoutMarks(message.markdown ?? '')).toContain('- 协调会：2026年12月3日 14:30');
    expect(withoutMarks(message.markdown ?? '')).not.toContain('下一步');
  });

  it('a meeting too close for a reminder says so; the leaders’ card without a district names none', () => {
    const at = new Date('2026-12-03T06:30:00Z');
    expect(renderMeeting({ kind: 'scheduled', code: 'ZS-2026-0001', meetingAt: at, remindAt: null })).toContain(
      '会议不足一天，不再另行提醒。',
    );
    const card = cityLedLeaderCard({
      code: 'ZS-2026-0002',
      name: '整车基地',
      investor: '远景汽车',
      chain: '智能网联汽车',
      amountWan: 800000,
      unit: null,
      status: 'CITY_LED',
      reason: '领导交办',
      evaluation: '省领导交办',
      proposer: '王芳',
    });
    expect(withoutMarks(card.markdown ?? '')).toContain('- 报备单位：无（领导交办，由市投资促进局新建）');
    expect(card.buttons?.map((b) => b.value)).toEqual(['/市级主谈 批准 ZS-2026-0002', '/市级主谈 不批准 ZS-2026-0002']);
  });
});

describe('transfer renderers', () => {
  it('a vote completing four opinions with a dissent replies as the catalogue does', () => {
    const text = renderTransferVote({
      kind: 'AWAITING_CONCLUSION',
      code: 'LZ-2026-0001',
      seat: '市审计局',
      verdict: 'REJECT',
      replaced: 'APPROVE',
      pending: [],
      dissent: ['市审计局'],
    });
    const t = zhCN.transfers.vote;
    const vote = {
      code: 'LZ-2026-0001',
      seat: '市审计局',
      verdict: 'REJECT',
      replaced: 'APPROVE',
      pending: [],
    } as const;
    const recorded = t.recorded({ ...vote, pending: [] });
    expect(text).toBe(`${recorded}\n${t.awaitingReply({ code: 'LZ-2026-0001', dissent: ['市审计局'] })}`);
  });

  it('a unit with no cases gets its heading and 暂无', () => {
    const message = renderTransferList({ kind: 'list', unit: '滨江区', cases: [] });
    expect(message.kind === 'markdown' && withoutMarks(message.markdown ?? '')).toBe(
      ['### 滨江区的流转申请', '', '暂无。', '', '查看详情：/流转 <编号>'].join('\n'),
    );
  });
});
