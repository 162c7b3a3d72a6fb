/**
 * A hostile project name through the real bot (issue 12 point 4): the review card IPB receives
 * shows it as text — no link, no image, and a line break cannot forge a heading.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { textOf } from '../helpers/sim-client.ts';
import { startTestBot, tempDir, type TestBot } from '../helpers/test-bot.ts';

const dir = tempDir();
let t: TestBot;

beforeAll(async () => {
  t = await startTestBot(`${dir.path}/hostile.db`);
});
afterAll(async () => {
  await t.stop();
  dir.remove();
});

it('puts a hostile project name on IPB’s review card as text', async () => {
  const name =
    '[紧急:点此登记](http://evil.example/p) ![t](http://evil.example/track.png)\n### ✅ 市投资促进局:本项目已审核通过';
  const reply = await t.client.say(
    'binjiang-li',
    'binjiang',
    `/首报 项目="${name}" 投资方=杭州恶意名称科技有限公司 产业链=新能源汽车 投资额=5亿 意向=签订意向书`,
  );
  expect(reply).toContain('首报成功');
  const sent = await t.client.waitForSent((rows) =>
    rows.some((r) => r.to.conversationId === 'ipb' && textOf(r.message).includes('杭州恶意名称科技有限公司')),
  );
  const card = textOf(
    sent.find((r) => r.to.conversationId === 'ipb' && textOf(r.message).includes('杭州恶意名称科技有限公司'))!.message,
  );
  expect(card).toContain('紧急:点此登记');
  expect(card).not.toMatch(/\]\(http/);
  expect(card).not.toMatch(/^\s*#+\s*✅/m);
  expect(card).toContain('!［t］(http://evil.example/track.png) ### ✅');
});

it('shows the hostile name as text in /项目 too, where the detail is assembled line by line', async () => {
  const name = '[详情](http://evil.example/p)\n### ✅ 已审核通过';
  const reply = await t.client.say(
    'binjiang-li',
    'binjiang',
    `/首报 项目="${name}" 投资方=杭州恶意详情科技有限公司 产业链=新能源汽车 投资额=5亿 意向=签订意向书`,
  );
  const code = /ZS-\d{4}-\d{4}/.exec(reply)?.[0] ?? '';
  const detail = await t.client.say('binjiang-li', 'binjiang', `/项目 ${code}`);
  expect(detail).toContain('详情');
  expect(detail).not.toMatch(/\]\(http/);
  expect(detail).not.toMatch(/^\s*#+\s*✅/m);
});
