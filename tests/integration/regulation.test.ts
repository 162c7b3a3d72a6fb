/**
 * /制度 (DESIGN §10): the policy's clause catalogue and each clause verbatim, for every registered user.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../helpers/coordination.ts';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h?.stop();
});

describe('/制度', () => {
  it('lists the clause ids with their headings', async () => {
    const { reply } = await h.run('binjiang-li', 'binjiang', '/制度');
    expect(reply).toContain('全市“一盘棋”产业链精准招商工作制度（试行）');
    expect(reply).toContain('**四、加强项目统筹**');
    expect(reply).toContain('四(一) 建立项目首报首谈制度');
    expect(reply).toContain('五(三) 强化各类产业投资促进基金统筹');
    expect(reply).toContain('附件：杭州市“一盘棋”产业链精准招商工作制度事项责任分解');
    expect(reply).toContain('（实施规则 R1「首谈期天数」）');
  });

  it('shows a clause verbatim, however its number is typed', async () => {
    for (const typed of ['四(一)', '四（一）', '４（１）']) {
      const { reply } = await h.run('xiaoshan-wang', 'xiaoshan', `/制度 ${typed}`);
      expect(reply, typed).toContain('（一）建立项目首报首谈制度。各地初步洽谈有明确意向的项目首先向市投资促进局报备');
      expect(reply, typed).toContain('且该项目的税收地方留成部分由市财政局收归市级所有。');
    }
    const section = await h.run('ipb-zhang', 'ipb', '/制度 三');
    expect(section.reply).toContain('三(三) 加强产业投资促进优惠政策管理（/制度 三(三)）');
    const item = await h.run('ipb-zhang', 'ipb', '/制度 附件9');
    expect(item.reply).toContain('完成时限：根据项目具体情况对其用地需求进行常态化服务和保障。');
  });

  it('answers an unknown clause with how clauses are written, changing nothing', async () => {
    const reply = await h.unchanged([], () => h.run('binjiang-li', 'binjiang', '/制度 四(五)'));
    expect(reply).toContain('没有找到条款“四(五)”');
    expect(reply).toContain('/制度 查看全部条款');
  });
});
