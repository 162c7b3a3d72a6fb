/**
 * Refusal codes through the simulator API (issue #18 §5): every code in REFUSAL_CODES is given by one
 * real refusal, whose reply carries the code and the words the catalogue gives it; further refusals
 * across the workflows are asserted by code alone. Failing checks of the catalogue itself (every
 * refusal entry has a known code, every code is used): tests/unit/messages/refusal-codes.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REFUSAL_CODES, type RefusalCode } from '../../src/app/errors.ts';
import type { Message } from '../../src/app/receiver.ts';
import { startHarness, type Harness } from '../helpers/coordination.ts';
import { textOf } from '../helpers/sim-client.ts';

let h: Harness;
/** 滨江区's project, EXCLUSIVE. */
let held = '';
/** 滨江区's project, awaiting review, investor not yet consulted. */
let pending = '';
/** 萧山区's report of the investor and chain 滨江区 holds: CONFLICT. */
let rival = '';
/** 余杭区's project under 市级主谈. */
let cityLed = '';
/** 萧山区's project with a 四(一) violation on record. */
let violating = '';
/** A transfer from 滨江区 to 萧山区, awaiting its four reviewers. */
let transfer = '';

beforeAll(async () => {
  h = await startHarness();
  const chip = '投资方=杭州芯光科技有限公司 产业链=集成电路';
  held = await h.exclusive('binjiang-li', 'binjiang', `项目=封测基地 ${chip} 投资额=50亿 意向=签订意向书`);
  pending = await h.report(
    'binjiang-li',
    'binjiang',
    '项目=安防总部 投资方=杭州视界安防有限公司 产业链=数字安防 投资额=8亿 意向=多轮洽谈',
  );
  rival = await h.report('xiaoshan-wang', 'xiaoshan', `项目=封测二期 ${chip} 投资额=10亿 意向=多轮洽谈`);
  cityLed = await h.report(
    'yuhang-chen',
    'yuhang',
    '项目=算力中心 投资方=杭州云启智能有限公司 产业链=人工智能 投资额=20亿 意向=多轮洽谈',
  );
  const proposed = await h.run('ipb-zhang', 'ipb', `/市级主谈 ${cityLed} 理由=领导交办 预评估=省领导交办`);
  expect(proposed.reply).toContain('已转为市级主谈');
  const car = '投资方=杭州远航汽车有限公司 产业链=新能源汽车';
  violating = await h.exclusive('xiaoshan-wang', 'xiaoshan', `项目=整车基地 ${car} 投资额=30亿 意向=签订意向书`);
  const recorded = await h.run('ipb-zhang', 'ipb', `/违规 ${violating} 单位=萧山区 说明=首谈期内与投资方签订框架协议`);
  expect(recorded.reply).toContain('已记录');
  const fields =
    '企业=杭州长风精密机械有限公司 产业链=集成电路 迁出=滨江区 迁入=萧山区 理由=扩大产能需新增用地 分成=30%/5年';
  const applied = await h.run('xiaoshan-wang', 'xiaoshan', `/流转 ${fields}`);
  transfer = /流转申请已受理：\*\*(LZ-\d{4}-\d{4,})\*\*/.exec(applied.reply)?.[1] ?? '';
  expect(transfer).not.toBe('');
  // An industry department other than the chain's: it may vote, but not on this case.
  expect(await h.t.client.say('admin', 'city', '/角色 授予 drc-industry INDUSTRY 市发改委')).toContain('已授予');
  await h.settle();
});

afterAll(async () => {
  await h?.stop();
});

/** The refusal as the simulator API shows it: one reply, its code and its words. */
async function refusalOf(replies: Promise<Message[]>): Promise<{ codes: (string | undefined)[]; text: string }> {
  const messages = await replies;
  return { codes: messages.map((m) => m.refusal), text: messages.map(textOf).join('\n') };
}

const say = (user: string, conversation: string, text: string) => refusalOf(h.t.client.send(user, conversation, text));

/** [code, user, conversation, command or button to click, the words of the refusal]; {held}… name the records. */
type Case = [RefusalCode, string, string, string | { actionId: string; value: string }, string];

/** One real refusal per code, with its words. */
const ONE_PER_CODE: Case[] = [
  ['E_UNKNOWN_COMMAND', 'binjiang-li', 'binjiang', '/不存在的命令', '没有“/不存在的命令”这个命令'],
  ['E_USAGE', 'ipb-zhang', 'ipb', '/审核', '请写明项目编号和审核结论（通过或驳回）。\n用法：'],
  ['E_INVALID_VALUE', 'ipb-zhang', 'ipb', '/审核 {pending} 批准', '“批准”不是有效结论，请写“通过”或“驳回”。'],
  ['E_TOO_LONG', 'binjiang-li', 'binjiang', `/帮助 ${'长'.repeat(4001)}`, '命令太长了（超过 4000 字）'],
  ['E_FORBIDDEN', 'binjiang-li', 'binjiang', '/审计 校验', '您没有使用 /审计 的权限'],
  [
    'E_BUTTON_EXPIRED',
    'binjiang-li',
    'binjiang',
    { actionId: 'no-such-action', value: 'x' },
    '这个按钮已失效，请按消息中的命令直接输入。',
  ],
  ['E_NOT_FOUND', 'binjiang-li', 'binjiang', '/项目 ZS-2026-9999', '没有找到项目“ZS-2026-9999”'],
  ['E_AMBIGUOUS', 'binjiang-li', 'binjiang', '/布局导引 智能', '对应多个产业链'],
  ['E_NO_UNIT', 'admin', 'city', '/项目', '您的账号没有绑定单位'],
  ['E_NOT_HOLDER', 'xiaoshan-wang', 'xiaoshan', '/进展 {held} 签约', '只有 {held} 的报备单位可以登记进展。'],
  ['E_NOT_CONSULTED', 'drc-industry', 'drc', '/评审 {transfer} 同意', '您不是 {transfer} 的评审单位'],
  ['E_NOT_MEMBER', 'yuhang-chen', 'yuhang', '/流转 {transfer}', '只有评审单位和迁出地、迁入地可以查看 {transfer}。'],
  ['E_UNIT_KIND', 'ipb-zhang', 'ipb', '/布局导引 添加 集成电路 市财政局', '「市财政局」不是区、县（市）或产业平台'],
  ['E_NOT_HOST', 'ipb-zhang', 'ipb', '/布局导引 移除 集成电路 萧山区', '「萧山区」不是「集成电路」的承载单位'],
  [
    'E_STATUS',
    'binjiang-li',
    'binjiang',
    '/一事一议 {pending} 方式=基金 金额=2亿 说明=请支持',
    '{pending} 当前为“待审核”，不能申请一事一议',
  ],
  ['E_ALREADY_DECIDED', 'ipb-zhang', 'ipb', '/审核 {held} 通过', '{held} 当前为“首谈期内”，不能执行此操作。'],
  ['E_CONFLICT', 'ipb-zhang', 'ipb', '/审核 {rival} 通过', '{rival} 为“冲突”状态：该投资方已由其他单位持有首谈资格'],
  [
    'E_VIOLATION',
    'xiaoshan-wang',
    'xiaoshan',
    '/一事一议 {violating} 方式=基金 金额=2亿 说明=请支持',
    '{violating} 有首报首谈违规记录（萧山区：首谈期内与投资方签订框架协议），不得享受市级层面政策支持',
  ],
  ['E_CITY_LED', 'yuhang-chen', 'yuhang', '/进展 {cityLed} 签约', '{cityLed} 正由市级主谈'],
  [
    'E_DUPLICATE',
    'binjiang-li',
    'binjiang',
    '/首报 项目=封测基地 投资方=杭州芯光科技有限公司 产业链=集成电路 投资额=50亿 意向=签订意向书',
    '本单位已报备过该投资方的同一产业链项目 {held}，无需重复首报。',
  ],
  ['E_PRECONDITION', 'ipb-zhang', 'ipb', '/审核 {pending} 通过', '{pending} 尚未记录投资方意见。'],
];

/** Fills the records made in beforeAll into a command or the words of a refusal. */
const fill = (text: string) => {
  const records: Record<string, string> = { held, pending, rival, cityLed, violating, transfer };
  return text.replace(/\{(\w+)\}/g, (_, name: string) => records[name] ?? name);
};

function attempt(user: string, conversation: string, input: Case[3]) {
  return typeof input === 'string'
    ? say(user, conversation, fill(input))
    : refusalOf(h.t.client.click(user, conversation, input.actionId, input.value));
}

describe('every refusal code, once, through the simulator API', () => {
  it('is covered here, one case each', () => {
    expect(ONE_PER_CODE.map(([code]) => code).sort()).toEqual([...REFUSAL_CODES].sort());
  });

  it.each(ONE_PER_CODE)('%s: the reply carries the code and its words', async (code, user, conv, input, words) => {
    const { codes, text } = await attempt(user, conv, input);
    expect(codes).toEqual([code]);
    expect(text).toContain(fill(words));
  });
});

/** Further refusals across the workflows, asserted by code: [code, user, conversation, command]. */
const BY_CODE: [RefusalCode, string, string, string][] = [
  // 首报首谈
  ['E_NOT_FOUND', 'ipb-zhang', 'ipb', '/征询 ZS-2026-0999 投资方同意'],
  ['E_USAGE', 'ipb-zhang', 'ipb', '/审核 {pending} 驳回'],
  ['E_INVALID_VALUE', 'binjiang-li', 'binjiang', '/进展 {held} 开张'],
  ['E_INVALID_VALUE', 'ipb-zhang', 'ipb', '/续期 {held} 9999'],
  [
    'E_INVALID_VALUE',
    'binjiang-li',
    'binjiang',
    '/首报 项目=某项目 投资方=杭州某某科技有限公司 产业链=不存在的链 投资额=5亿 意向=多轮洽谈',
  ],
  ['E_NOT_HOLDER', 'ipb-zhang', 'ipb', '/违规 {held} 单位=萧山区 说明=首谈期内接洽'],
  ['E_CONFLICT', 'xiaoshan-wang', 'xiaoshan', '/进展 {rival} 签约'],
  ['E_FORBIDDEN', 'binjiang-li', 'binjiang', '/审核 {pending} 通过'],
  // 市级主谈
  ['E_INVALID_VALUE', 'ipb-zhang', 'ipb', '/市级主谈 {pending} 理由=随便 预评估=跨区'],
  ['E_NOT_FOUND', 'ipb-zhang', 'ipb', '/市级主谈 专项组 {held} @ipb-liu'],
  ['E_DUPLICATE', 'ipb-zhang', 'ipb', '/市级主谈 {cityLed} 理由=跨区域布局 预评估=再提一次'],
  ['E_STATUS', 'ipb-zhang', 'ipb', '/市级主谈 专项组 {cityLed} @ipb-liu'],
  ['E_USAGE', 'ipb-zhang', 'ipb', '/市级主谈 开会 {cityLed}'],
  // 一事一议
  ['E_NOT_HOLDER', 'xiaoshan-wang', 'xiaoshan', '/一事一议 {held} 方式=基金 金额=2亿 说明=请支持'],
  ['E_INVALID_VALUE', 'binjiang-li', 'binjiang', '/一事一议 {held} 方式=补贴 金额=2亿 说明=请支持'],
  ['E_CITY_LED', 'yuhang-chen', 'yuhang', '/一事一议 {cityLed} 方式=基金 金额=2亿 说明=请支持'],
  ['E_NOT_FOUND', 'binjiang-li', 'binjiang', '/一事一议 YS-2026-0999'],
  // 能耗、用地、平台评价
  ['E_PRECONDITION', 'drc-wu', 'drc', '/能耗 分配 2027'],
  ['E_INVALID_VALUE', 'drc-wu', 'drc', '/能耗 额度 2020 10000'],
  ['E_CITY_LED', 'yuhang-chen', 'yuhang', '/能耗 申请 {cityLed} 用能=1000 产值=5亿'],
  ['E_NOT_HOLDER', 'xiaoshan-wang', 'xiaoshan', '/能耗 申请 {held} 用能=4000 产值=40亿'],
  ['E_VIOLATION', 'xiaoshan-wang', 'xiaoshan', '/能耗 申请 {violating} 用能=4000 产值=40亿'],
  ['E_NOT_HOLDER', 'xiaoshan-wang', 'xiaoshan', '/用地 登记 {held} 面积=100 产值=60亿'],
  ['E_INVALID_VALUE', 'binjiang-li', 'binjiang', '/用地 登记 {held} 面积=0 产值=60亿'],
  ['E_VIOLATION', 'xiaoshan-wang', 'xiaoshan', '/用地 登记 {violating} 面积=100 产值=60亿'],
  ['E_UNIT_KIND', 'nrb-he', 'nrb', '/用地 盘活 市财政局 30'],
  ['E_NOT_FOUND', 'nrb-he', 'nrb', '/用地 盘活 萧山区 30 项目=ZS-2026-0999'],
  ['E_UNIT_KIND', 'ipb-zhang', 'ipb', '/平台评价 录入 2026 市财政局 导引=90 落地=85 投资=88 生态=80'],
  ['E_USAGE', 'ipb-zhang', 'ipb', '/平台评价 录入 2026 滨江区 导引=90 落地=85'],
  // 存量流转
  ['E_NOT_FOUND', 'ipb-zhang', 'ipb', '/评审 LZ-2026-0999 同意'],
  ['E_INVALID_VALUE', 'ipb-zhang', 'ipb', '/评审 {transfer} 赞成'],
  ['E_STATUS', 'finance-zhao', 'finance', '/流转 执行 {transfer} 已签订财政分成协议'],
  ['E_NOT_MEMBER', 'binjiang-li', 'binjiang', '/流转 补充 {transfer} 已补充纳税证明'],
  ['E_STATUS', 'xiaoshan-wang', 'xiaoshan', '/流转 补充 {transfer} 已补充纳税证明'],
  [
    'E_DUPLICATE',
    'xiaoshan-wang',
    'xiaoshan',
    '/流转 企业=杭州长风精密机械有限公司 产业链=集成电路 迁出=滨江区 迁入=萧山区 理由=再次申请 分成=30%/5年',
  ],
  [
    'E_INVALID_VALUE',
    'xiaoshan-wang',
    'xiaoshan',
    '/流转 企业=杭州甲乙科技有限公司 产业链=集成电路 迁出=萧山区 迁入=萧山区 理由=调整 分成=30%/5年',
  ],
  [
    'E_NOT_MEMBER',
    'yuhang-chen',
    'yuhang',
    '/流转 企业=杭州甲乙科技有限公司 产业链=集成电路 迁出=滨江区 迁入=萧山区 理由=调整 分成=30%/5年',
  ],
  [
    'E_UNIT_KIND',
    'xiaoshan-wang',
    'xiaoshan',
    '/流转 企业=杭州甲乙科技有限公司 产业链=集成电路 迁出=滨江区 迁入=市财政局 理由=调整 分成=30%/5年',
  ],
  // 比拼政策、通报
  ['E_NOT_FOUND', 'finance-zhao', 'finance', '/比拼 意见 BP-2026-0999 经核实高于承载地政策'],
  ['E_NOT_FOUND', 'ipb-zhang', 'ipb', '/比拼 处置 BP-2026-0999 取消考核评先资格'],
  [
    'E_NOT_MEMBER',
    'binjiang-li',
    'binjiang',
    '/政策备案 产业链=集成电路 类型=税收奖励 比例=50% 上限=2000万 年限=5 单位=萧山区',
  ],
  ['E_PRECONDITION', 'ipb-zhang', 'ipb', '/通报 违规 {held}'],
  ['E_NOT_FOUND', 'ipb-zhang', 'ipb', '/通报 比拼 BP-2026-0999'],
  // 规则、布局导引、台账、组织、查询
  ['E_FORBIDDEN', 'nrb-he', 'nrb', '/规则 设置 R1 90 依据=测试'],
  ['E_USAGE', 'ipb-zhang', 'ipb', '/规则 设置 R1 90'],
  ['E_INVALID_VALUE', 'ipb-zhang', 'ipb', '/规则 设置 R1 0 依据=测试'],
  ['E_DUPLICATE', 'ipb-zhang', 'ipb', '/规则 设置 R1 180 依据=测试'],
  ['E_NOT_FOUND', 'ipb-zhang', 'ipb', '/规则 设置 R99 1 依据=测试'],
  ['E_DUPLICATE', 'ipb-zhang', 'ipb', '/布局导引 添加 集成电路 滨江区'],
  ['E_NOT_FOUND', 'binjiang-li', 'binjiang', '/台账 进度 99 已完成初稿'],
  ['E_NOT_MEMBER', 'binjiang-li', 'binjiang', '/台账 完成 1 依据=评估报告'],
  ['E_INVALID_VALUE', 'admin', 'city', '/角色 授予 binjiang-li 超人'],
  ['E_NOT_FOUND', 'admin', 'city', '/绑定群 火星区'],
  ['E_NOT_FOUND', 'admin', 'city', '/审计 ZS-2026-0999'],
  ['E_NOT_FOUND', 'binjiang-li', 'binjiang', '/制度 七(九)'],
  ['E_INVALID_VALUE', 'ipb-zhang', 'ipb', '/导出 火星'],
  ['E_INVALID_VALUE', 'ipb-zhang', 'ipb', '/统计 2026Q5'],
  ['E_INVALID_VALUE', 'ipb-zhang', 'ipb', '/简报 周'],
];

describe('refusals across the workflows, by code', () => {
  it.each(BY_CODE)('%s for %s in %s: %s', async (code, user, conversation, text) => {
    expect((await say(user, conversation, fill(text))).codes).toEqual([code]);
  });
});
