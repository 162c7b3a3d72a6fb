/**
 * /统计 <期间>: every workflow counted by the moment of each event, so months add up to their quarter;
 * the 赛马 ranking with its formula cited as implementation rule R13; who may ask; bad periods.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Message } from '../../src/app/receiver.ts';
import { decodePng } from '../helpers/png.ts';
import { startTestBot, tempDir, type TestBot } from '../helpers/test-bot.ts';

const dir = tempDir();
let t: TestBot;
const say = (user: string, conversation: string, text: string) => t.client.say(user, conversation, text);

beforeAll(async () => {
  t = await startTestBot(`${dir.path}/bot.db`, { now: new Date('2026-10-12T02:00:00Z') });
  // October: two reports, both granted, one signed.
  await say(
    'binjiang-li',
    'binjiang',
    '/首报 项目=射频芯片 投资方=杭州长风微电子有限公司 产业链=集成电路 投资额=9亿 意向=签订意向书',
  );
  await say(
    'xiaoshan-wang',
    'xiaoshan',
    '/首报 项目=整车基地 投资方=杭州远途汽车有限公司 产业链=新能源汽车 投资额=20亿 意向=多轮洽谈',
  );
  for (const code of ['ZS-2026-0001', 'ZS-2026-0002']) {
    await say('ipb-zhang', 'ipb', `/征询 ${code} 投资方同意`);
    expect(await say('ipb-zhang', 'ipb', `/审核 ${code} 通过`)).toContain('已赋予');
  }
  expect(await say('binjiang-li', 'binjiang', '/进展 ZS-2026-0001 签约 已签投资协议')).toContain('签约');
  // November: a third report, denied; the first project lands.
  t.clock.set(new Date('2026-11-10T02:00:00Z'));
  await say(
    'binjiang-li',
    'binjiang',
    '/首报 项目=安防云 投资方=杭州海清视觉科技有限公司 产业链=数字安防 投资额=3000万 意向=实地考察',
  );
  expect(await say('ipb-zhang', 'ipb', '/审核 ZS-2026-0003 驳回 意向不明确')).toContain('驳回');
  expect(await say('binjiang-li', 'binjiang', '/进展 ZS-2026-0001 落地 已开工')).toContain('落地');
  t.clock.set(new Date('2026-12-06T02:00:00Z'));
});

afterAll(async () => {
  await t.stop();
  dir.remove();
});

describe('/统计 <期间>', () => {
  it('counts October by event time', async () => {
    const reply = await say('ipb-zhang', 'ipb', '/统计 2026-10');
    expect(reply).toContain('2026年10月各项工作统计（2026年10月1日至2026年10月31日）');
    expect(reply).toContain(
      '全市首报 2 个（投资额 29亿元），赋予首谈期 2 个，冲突 0 个，驳回 0 个，首谈期满 0 个；签约 1 个（9亿元），落地 0 个（0万元）',
    );
    expect(reply).toContain('- 滨江区：首报 1（9亿元）、赋予 1、冲突 0、驳回 0、期满 0、签约 1、落地 0（0万元）');
  });

  it('counts November, and the quarter is the sum of its months', async () => {
    const nov = await say('leader-zhou', 'leaders', '/统计 2026年11月');
    expect(nov).toContain(
      '全市首报 1 个（投资额 3000万元），赋予首谈期 0 个，冲突 0 个，驳回 1 个，首谈期满 0 个；签约 0 个（0万元），落地 1 个（9亿元）',
    );
    const quarter = await say('audit-qian', 'audit', '/统计 2026Q4');
    expect(quarter).toContain('2026年第4季度各项工作统计（2026年10月1日至2026年12月31日）');
    expect(quarter).toContain(
      '全市首报 3 个（投资额 29.3亿元），赋予首谈期 2 个，冲突 0 个，驳回 1 个，首谈期满 0 个；签约 1 个（9亿元），落地 1 个（9亿元）',
    );
    expect(quarter).toContain('按产业链：集成电路 首报 1、签约 1、落地 1');
    const september = await say('finance-zhao', 'finance', '/统计 2026-09');
    expect(september).toContain('全市首报 0 个');
  });

  it('ranks the units (赛马) and shows the formula as implementation rule R13, not policy', async () => {
    const reply = await say('ipb-zhang', 'ipb', '/统计 2026Q4');
    // 滨江区: 40·2/2 + 40·9亿/9亿 + 20·(1/2 conforming reports) ; 萧山区: 0 + 0 + 20·1.
    expect(reply).toMatch(/1\. 滨江区：\d+(\.\d)? 分（转化 2，落地 9亿元，导引符合率 \d+(\.\d)?%）/);
    expect(reply).toMatch(/2\. 萧山区：\d+(\.\d)? 分（转化 0，落地 0万元/);
    expect(reply).toContain('（实施规则 R13「赛马排名计分」）');
    expect(reply).toContain('不是制度条款');
  });

  it('follows R13 when IPB changes its weights', async () => {
    expect(await say('ipb-zhang', 'ipb', '/规则 设置 R13 50/30/20 依据=杭投促〔2026〕1号')).toContain('R13');
    const reply = await say('ipb-zhang', 'ipb', '/统计 2026Q4');
    expect(reply).toContain('得分 = 50×转化数÷最高转化数 + 30×落地投资额÷最高落地投资额 + 20×布局导引符合率');
    expect(await say('ipb-zhang', 'ipb', '/规则 设置 R13 40/40/20 依据=恢复默认')).toContain('R13');
  });

  it('adds this year to /统计 without a period', async () => {
    const reply = await say('ipb-zhang', 'ipb', '/统计');
    expect(reply).toContain('2026年各项工作统计（2026年1月1日至2026年12月31日）');
    expect(reply).toContain('全市首报 3 个');
  });

  it('refuses a period it cannot read, saying how to write one', async () => {
    expect(await say('ipb-zhang', 'ipb', '/统计 2026Q5')).toContain('季度只能是 Q1 至 Q4');
    expect(await say('ipb-zhang', 'ipb', '/统计 2026-13')).toContain('月份只能是 1 至 12');
    expect(await say('ipb-zhang', 'ipb', '/统计 上个月')).toContain('用法：/统计 [<年>|<年>Q<n>|<年>-<月>]');
  });

  it('is not for reporters', async () => {
    const reply = await say('binjiang-li', 'binjiang', '/统计 2026Q4');
    expect(reply).not.toContain('各项工作统计');
    expect(reply).toMatch(/权限|无权/);
  });
});

type Presented = Omit<Message, 'image'> & { image?: { name: string; url: string } };

describe('/统计 图', () => {
  it('answers with one picture of the dashboard charts, which decodes at the drawn size', async () => {
    const replies = (await t.client.send('leader-zhou', 'leaders', '/统计 图')) as Presented[];
    expect(replies).toHaveLength(1);
    const [picture] = replies;
    expect(picture).toMatchObject({
      kind: 'image',
      image: { name: expect.stringMatching(/^统计图_\d{8}_\d{4}\.png$/) },
    });
    expect(picture?.text).toContain('赛马排名为2026年');
    const response = await fetch(new URL(picture?.image?.url ?? '', t.bot.address));
    expect(response.headers.get('content-type')).toBe('image/png');
    const size = decodePng(Buffer.from(await response.arrayBuffer()));
    expect(size.width).toBe(900);
    // Title band + three charts: projects (two units) 320, race 320, matrix 380.
    expect(size.height).toBe(56 + 320 + 320 + 380);
  });

  it('serves each dashboard chart to the simulator page as the same picture the 简报 uses', async () => {
    for (const name of ['projects', 'race', 'matrix']) {
      const response = await fetch(new URL(`/api/charts/${name}.png`, t.bot.address));
      expect(response.status).toBe(200);
      expect(decodePng(Buffer.from(await response.arrayBuffer())).width).toBe(900);
    }
    expect((await fetch(new URL('/api/charts/secret.png', t.bot.address))).status).toBe(404);
  });

  it('is not for reporters', async () => {
    expect(await say('binjiang-li', 'binjiang', '/统计 图')).toMatch(/没有使用 \/统计/);
  });
});
