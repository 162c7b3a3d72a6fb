/**
 * The misreadings of issue #13 §2, each through the simulator API as an officer meets it: the bot
 * must say what the policy says, apply its consequences to the right party, and keep the officer's words.
 * (Transfers under R4 are in transfers.test.ts, platform evaluation in platforms.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { destinations, startHarness, textsTo, type Harness } from '../helpers/coordination.ts';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h?.stop();
});

describe('1. violations (四(一)): the consequences attach to the violating unit’s project', () => {
  let held = '';
  let violating = '';

  it('records the violation on 萧山区’s own report of the investor 滨江区 holds', async () => {
    held = await h.exclusive('binjiang-li', 'binjiang', '项目=射频芯片基地 投资方=杭州违规测试微电子有限公司 产业链=集成电路 投资额=6亿 意向=签订意向书');
    violating = await h.report('xiaoshan-wang', 'xiaoshan', '项目=射频芯片产线 投资方=杭州违规测试微电子有限公司 产业链=集成电路 投资额=6亿 意向=多轮洽谈');
    const { reply, sent } = await h.run('ipb-zhang', 'ipb', `/违规 ${violating} 单位=萧山区 说明=首谈期内与投资方签订框架协议`);
    expect(reply).toContain(`已记录萧山区引进的 ${violating}`);
    const [finance] = textsTo(sent, 'finance');
    expect(finance).toContain(`萧山区引进的 ${violating}「射频芯片产线」`);
    expect(finance).not.toContain(held);
  });

  it('refuses the violating project’s 一事一议, 能耗 and 用地 requests, citing the violation', async () => {
    const requests = [
      `/一事一议 ${violating} 方式=基金 金额=1亿 说明=请支持`,
      `/能耗 申请 ${violating} 用能=1000 产值=5亿`,
      `/用地 登记 ${violating} 面积=100 产值=5亿`,
    ];
    for (const text of requests) {
      const reply = await h.unchanged(['SupportCase', 'EnergyRequest', 'ProjectLand'], () => h.run('xiaoshan-wang', 'xiaoshan', text));
      expect(reply, text).toContain(`${violating} 有首报首谈违规记录（萧山区：首谈期内与投资方签订框架协议），不得享受市级层面政策支持（依据《工作制度》四(一)）`);
    }
  });

  it('leaves the lawful holder’s project untouched: it may still ask for support', async () => {
    const { reply } = await h.run('binjiang-li', 'binjiang', `/用地 登记 ${held} 面积=100 产值=5亿`);
    expect(reply).toContain(`已登记 ${held} 用地数据`);
    expect(h.count('SELECT COUNT(*) AS n FROM "Violation" v JOIN "Project" p ON p.id = v.projectId WHERE p.code = ?', held)).toBe(0);
  });

  it('shows the unit’s violations on the review card of its next report', async () => {
    const { sent } = await h.run('xiaoshan-wang', 'xiaoshan', '/首报 项目=整车试验场 投资方=杭州另一汽车科技有限公司 产业链=新能源汽车 投资额=3亿 意向=实地考察');
    const [card] = textsTo(sent, 'ipb');
    expect(card).toContain('萧山区的首报首谈违规记录（1 起）');
    expect(card).toContain(`${violating}：首谈期内与投资方签订框架协议`);
  });
});

describe('8. wording: the officer’s punctuation reaches the unit as typed', () => {
  it('keeps full-width commas and brackets in a progress note', async () => {
    const code = await h.exclusive('binjiang-li', 'binjiang', '项目=标点测试基地 投资方=杭州标点测试科技有限公司 产业链=集成电路 投资额=3亿 意向=签订意向书');
    const { sent } = await h.run('binjiang-li', 'binjiang', `/进展 ${code} 终止 投资方表示暂缓，待明年再议（已告知）`);
    expect(destinations(sent)).toEqual(['ipb']);
    expect(textsTo(sent, 'ipb')[0]).toContain('投资方表示暂缓，待明年再议（已告知）');
  });
});
