/**
 * Policy filings and 比拼政策 (policy 三(三); DESIGN §5.4) through the simulator API: who may file
 * for which unit, bad input, replacement of a filing, the hosts' ceiling, findings and whom they
 * reach, the re-check when a host files, /政策 listings, and IPB's disposition and its notices.
 *
 * Demo guide: 集成电路 is hosted by 滨江区 and 钱塘区; 新能源汽车 by 萧山区 and 钱塘区; 余杭区 hosts
 * neither, 萧山区 does not host 集成电路.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { textOf, type SentRow } from '../helpers/sim-client.ts';
import { startTestBot, tempDir, type TestBot } from '../helpers/test-bot.ts';
import { readOnlyQueries } from '../helpers/db.ts';

const dir = tempDir();
let t: TestBot;

beforeAll(async () => {
  t = await startTestBot(`${dir.path}/bot.db`, { env: { SIMULATOR_CLOCK: '1' } });
  await settle();
});

afterAll(async () => {
  await t?.stop();
  dir.remove();
});

const { query, count } = readOnlyQueries(() => t.dbPath);

interface FilingDb {
  code: string;
  unitId: string;
  chain: string;
  type: string;
  ratePct: number;
  capWan: number | null;
  years: number | null;
  host: number;
  status: string;
  filedBy: string;
}

interface FindingDb {
  code: string;
  unitId: string;
  chain: string;
  status: string;
  disposition: string | null;
  dispositionNote: string | null;
  disposedBy: string | null;
}

const filing = (code: string) => query<FilingDb>('SELECT * FROM "PolicyFiling" WHERE code = ?', code)[0];
const finding = (code: string) => query<FindingDb>('SELECT * FROM "PolicyFinding" WHERE code = ?', code)[0];
const findingOf = (filingCode: string) =>
  query<FindingDb>(
    'SELECT f.* FROM "PolicyFinding" f JOIN "PolicyFiling" p ON p.id = f.filingId WHERE p.code = ?',
    filingCode,
  )[0];

const snapshot = () => ({
  filings: query('SELECT * FROM "PolicyFiling" ORDER BY id'),
  findings: query('SELECT * FROM "PolicyFinding" ORDER BY id'),
  audits: count('SELECT COUNT(*) AS n FROM "AuditEvent"'),
});

const settle = () => t.settle();

const to = (row: SentRow) => row.to.conversationId ?? `user:${row.to.userId}`;
const textsOf = (rows: SentRow[], destination: string) =>
  rows
    .filter((r) => to(r) === destination)
    .map((r) => textOf(r.message))
    .join('\n');
const destinations = (rows: SentRow[]) => rows.map(to).sort();

async function run(userId: string, conversationId: string, text: string): Promise<{ reply: string; sent: SentRow[] }> {
  await settle();
  const mark = (await t.client.sent()).at(-1)?.id ?? 0;
  const reply = await t.client.say(userId, conversationId, text);
  await settle();
  return { reply, sent: await t.client.sent(mark) };
}

async function refused(userId: string, conversationId: string, text: string): Promise<string> {
  const before = snapshot();
  const { reply, sent } = await run(userId, conversationId, text);
  expect(snapshot()).toEqual(before);
  expect(sent).toEqual([]);
  return reply;
}

const filingCode = (reply: string) => {
  const code = /已备案 \*\*(ZC-\d{4}-\d{4})\*\*/.exec(reply)?.[1];
  if (code === undefined) throw new Error(`not filed: ${reply}`);
  return code;
};
const findingCode = (reply: string) => /比拼政策 \*\*(BP-\d{4}-\d{4})\*\*/.exec(reply)?.[1];

describe('/政策备案: who files for which unit', () => {
  it('files a reporter’s policy for their own unit, marking a host of the chain', async () => {
    const { reply, sent } = await run(
      'binjiang-li',
      'binjiang',
      '/政策备案 产业链=集成电路 类型=税收奖励 比例=30% 上限=2000万 年限=5',
    );
    const code = filingCode(reply);
    expect(code).toBe('ZC-2026-0001');
    expect(reply).toContain('滨江区「集成电路」税收奖励 30%，上限2000万元，5年');
    expect(reply).toContain('滨江区是《布局导引》中「集成电路」的承载地');
    expect(filing(code)).toMatchObject({
      unitId: 'binjiang',
      chain: '集成电路',
      type: 'TAX_REWARD',
      ratePct: 30,
      capWan: 2000,
      years: 5,
      host: 1,
      status: 'ACTIVE',
      filedBy: 'binjiang-li',
    });
    expect(sent).toEqual([]);
  });

  it('lets IPB file for any unit with 单位=, telling that unit', async () => {
    const { reply, sent } = await run(
      'ipb-zhang',
      'ipb',
      '/政策备案 单位=钱塘区 产业链=集成电路 类型=租金补贴 比例=50% 年限=3 说明=限研发用房',
    );
    const code = filingCode(reply);
    expect(reply).toContain('钱塘区「集成电路」租金补贴 50%，3年（限研发用房）');
    expect(filing(code)).toMatchObject({
      unitId: 'qiantang',
      type: 'RENT_SUBSIDY',
      ratePct: 50,
      capWan: null,
      years: 3,
      host: 1,
      filedBy: 'ipb-zhang',
    });
    expect(destinations(sent)).toEqual(['qiantang']);
    expect(textOf(sent[0]!.message)).toContain(`市投资促进局（张伟）为钱塘区备案了「集成电路」政策 ${code}`);
  });

  it('lets a district’s reporter file for a platform inside the district', async () => {
    const { reply, sent } = await run(
      'yuhang-chen',
      'yuhang',
      '/政策备案 单位=杭州未来科技城 产业链=云计算与大数据 类型=租金补贴 比例=40%',
    );
    expect(filing(filingCode(reply))).toMatchObject({ unitId: 'future-sci-city', host: 1, filedBy: 'yuhang-chen' });
    expect(sent).toEqual([]);
    // 余杭区 hosts 人工智能, so its platform's policy is not a non-host's and is never a finding.
    const inHost = await run(
      'yuhang-chen',
      'yuhang',
      '/政策备案 单位=杭州未来科技城 产业链=人工智能 类型=税收奖励 比例=90%',
    );
    expect(inHost.reply).toContain('不作比拼政策比对');
    expect(filing(filingCode(inHost.reply))).toMatchObject({ unitId: 'future-sci-city', host: 0 });
    expect(inHost.sent).toEqual([]);
    expect(count('SELECT COUNT(*) AS n FROM "PolicyFinding"')).toBe(0);
  });

  it('refuses a reporter filing for another unit, IPB without 单位=, a city department, and other roles', async () => {
    expect(
      await refused('xiaoshan-wang', 'xiaoshan', '/政策备案 单位=滨江区 产业链=集成电路 类型=税收奖励 比例=10%'),
    ).toContain('只能为本单位备案');
    expect(await refused('ipb-zhang', 'ipb', '/政策备案 产业链=集成电路 类型=税收奖励 比例=10%')).toContain(
      '请写明单位',
    );
    expect(
      await refused('ipb-zhang', 'ipb', '/政策备案 单位=市财政局 产业链=集成电路 类型=税收奖励 比例=10%'),
    ).toContain('不是区、县（市）或产业平台');
    expect(await refused('ipb-zhang', 'ipb', '/政策备案 单位=火星区 产业链=集成电路 类型=税收奖励 比例=10%')).toContain(
      '没有找到单位“火星区”',
    );
    expect(await refused('audit-qian', 'audit', '/政策备案 产业链=集成电路 类型=税收奖励 比例=10%')).toContain(
      '没有使用 /政策备案 的权限',
    );
  });

  it('names every bad field in one answer', async () => {
    const reply = await refused('xiaoshan-wang', 'xiaoshan', '/政策备案 类型=免费午餐 比例=0% 上限=很多 年限=99');
    expect(reply).toContain('缺少「产业链」');
    expect(reply).toContain('类型“免费午餐”无法识别');
    expect(reply).toContain('比例“0%”无效');
    expect(reply).toContain('上限“很多”无法识别');
    expect(reply).toContain('年限“99”无效');
    expect(reply).toContain('示例：/政策备案');
    expect(await refused('xiaoshan-wang', 'xiaoshan', '/政策备案 产业链=造船 类型=税收奖励 比例=150%')).toMatch(
      /产业链「造船」不在《布局导引》中[\s\S]*比例“150%”无效/,
    );
    expect(await refused('xiaoshan-wang', 'xiaoshan', '/政策备案 产业链=集成电路 比例=10%')).toContain('缺少「类型」');
    expect(await refused('xiaoshan-wang', 'xiaoshan', '/政策备案 集成电路 税收奖励 10%')).toContain('无法识别的内容');
  });
});

describe('比拼政策 findings', () => {
  let bp = '';
  let xiaoshanTax = '';

  it('records a non-host filing above the host’s as a finding, told to IPB (with buttons), AUDIT and FINANCE', async () => {
    const { reply, sent } = await run(
      'xiaoshan-wang',
      'xiaoshan',
      '/政策备案 产业链=集成电路 类型=税收奖励 比例=50% 上限=2000万 年限=5',
    );
    xiaoshanTax = filingCode(reply);
    bp = findingCode(reply) ?? '';
    expect(bp).toBe('BP-2026-0001');
    expect(reply).toContain('比例 50%（承载地最高 30%）');
    expect(reply).toContain('三(三)');
    expect(filing(xiaoshanTax)).toMatchObject({ host: 0, status: 'ACTIVE' });
    expect(finding(bp)).toMatchObject({ unitId: 'xiaoshan', chain: '集成电路', status: 'OPEN', disposition: null });
    // 三(三): IPB decides 会同 市审计局、市财政局 and the chain's industry department, all told of the finding.
    expect(destinations(sent)).toEqual(['audit', 'finance', 'industry', 'ipb']);
    expect(textsOf(sent, 'industry')).toContain(`/比拼 意见 ${bp} <意见>`);
    for (const row of sent) {
      const text = textOf(row.message);
      expect(text).toContain(`【比拼政策】**${bp}**：萧山区备案的「集成电路」政策 ${xiaoshanTax}`);
      expect(text).toContain('承载地同类政策上限：税收奖励 30%，上限2000万元，5年');
      expect(text).toContain('取消产业投资促进目标考核先进评比资格');
    }
    const card = sent.find((r) => to(r) === 'ipb')!.message;
    expect(card.kind).toBe('card');
    expect(card.buttons?.map((b) => b.value)).toEqual([
      `/比拼 处置 ${bp} 取消考核评先资格`,
      `/比拼 处置 ${bp} 税收留成收归市级`,
    ]);
  });

  it('records nothing for a filing equal to the host’s', async () => {
    const { reply, sent } = await run(
      'yuhang-chen',
      'yuhang',
      '/政策备案 产业链=集成电路 类型=税收奖励 比例=30% 上限=2000万 年限=5',
    );
    expect(reply).toContain('比对结果：不高于承载地同类政策');
    expect(findingCode(reply)).toBeUndefined();
    expect(sent).toEqual([]);
    expect(count('SELECT COUNT(*) AS n FROM "PolicyFinding"')).toBe(1);
  });

  it('cannot compare a type no host has filed, until a host files it: then the earlier filing becomes a finding', async () => {
    const first = await run('yuhang-chen', 'yuhang', '/政策备案 产业链=集成电路 类型=设备补助 比例=20% 上限=500万');
    const yuhangEquipment = filingCode(first.reply);
    expect(first.reply).toContain('承载地尚未备案「设备补助」政策，暂无法比对');
    expect(first.sent).toEqual([]);
    const host = await run('binjiang-li', 'binjiang', '/政策备案 产业链=集成电路 类型=设备补助 比例=20% 上限=300万');
    const found = findingOf(yuhangEquipment);
    expect(found).toMatchObject({ unitId: 'yuhang', status: 'OPEN' });
    expect(host.reply).toContain(`发现 1 项非承载地政策高于本政策，已记为比拼政策：${found!.code}`);
    expect(destinations(host.sent)).toEqual(['audit', 'finance', 'industry', 'ipb']);
    expect(textOf(host.sent[0]!.message)).toContain('上限 500万元（承载地最高 300万元）');
  });

  it('compares only the same type', async () => {
    const { reply } = await run('xiaoshan-wang', 'xiaoshan', '/政策备案 产业链=集成电路 类型=一次性奖励 比例=90%');
    expect(reply).toContain('承载地尚未备案「一次性奖励」政策');
  });

  it('replaces a unit’s earlier filing of the same chain and type; the finding stays with the old filing', async () => {
    const { reply } = await run(
      'xiaoshan-wang',
      'xiaoshan',
      '/政策备案 产业链=集成电路 类型=税收奖励 比例=30% 上限=1000万 年限=5',
    );
    expect(reply).toContain(`此前的同类备案 ${xiaoshanTax} 已被本次备案替换`);
    expect(reply).toContain('不高于承载地同类政策');
    expect(filing(xiaoshanTax)?.status).toBe('SUPERSEDED');
    expect(findingOf(xiaoshanTax)?.code).toBe(bp);
  });
});

describe('/政策', () => {
  it('lists a chain’s policies in force, hosts first, flagging findings', async () => {
    const reply = await t.client.say('xiaoshan-wang', 'xiaoshan', '/政策 集成电路');
    expect(reply).toContain('承载地：滨江区、钱塘区');
    expect(reply).toMatch(/- 滨江区【承载地】：税收奖励 30%/);
    expect(reply).toMatch(/- 钱塘区【承载地】：租金补贴 50%，3年（限研发用房）/);
    expect(reply).toMatch(/- 余杭区：设备补助 20%，上限500万元.*⚠️ 比拼政策 BP-2026-0002（待处置）/);
    expect(reply).toContain('萧山区：税收奖励 30%，上限1000万元，5年');
    expect(reply).not.toContain('税收奖励 50%');
    expect(reply.indexOf('钱塘区【承载地】')).toBeLessThan(reply.indexOf('余杭区：'));
  });

  it('lists a unit’s policies, its own without an argument, and explains an unknown input', async () => {
    const unit = await t.client.say('audit-qian', 'audit', '/政策 余杭');
    expect(unit).toContain('余杭区备案政策');
    expect(unit).toContain('「集成电路」：设备补助 20%');
    expect(await t.client.say('binjiang-li', 'binjiang', '/政策')).toContain('滨江区备案政策');
    expect(await t.client.say('nrb-he', 'nrb', '/政策')).toContain('请写明要查看的单位或产业链');
    expect(await t.client.say('nrb-he', 'nrb', '/政策 火星')).toContain('没有找到产业链或单位“火星”');
  });
});

describe('/比拼 and its disposition', () => {
  it('lists the open findings and shows one to IPB, AUDIT and FINANCE only', async () => {
    const list = await t.client.say('audit-qian', 'audit', '/比拼');
    expect(list).toContain('BP-2026-0001 萧山区「集成电路」税收奖励 50%');
    expect(list).toContain('BP-2026-0002 余杭区「集成电路」设备补助 20%');
    expect(await t.client.say('finance-zhao', 'finance', '/比拼 bp-2026-2')).toContain(
      '超出：上限 500万元（承载地最高 300万元）',
    );
    expect(await t.client.say('xiaoshan-wang', 'xiaoshan', '/比拼')).toContain('没有使用 /比拼 的权限');
    expect(await t.client.say('ipb-zhang', 'ipb', '/比拼 BP-2026-0099')).toContain('没有找到比拼政策记录');
  });

  it('records the opinions of 市审计局, 市财政局 and the industry department for IPB, and refuses anyone else', async () => {
    const { reply, sent } = await run('audit-qian', 'audit', '/比拼 意见 BP-2026-0001 经核实高于承载地政策，情节严重');
    expect(reply).toContain('已记录市审计局对 BP-2026-0001 的意见');
    expect(destinations(sent)).toEqual(['ipb']);
    expect((await run('industry-sun', 'industry', '/比拼 意见 BP-2026-0001 建议税收留成收归市级')).reply).toContain(
      '已记录市经信局',
    );
    expect(await refused('ipb-zhang', 'ipb', '/比拼 意见 BP-2026-0001 同意')).toContain('没有使用 /比拼 意见 的权限');
    expect(await refused('finance-zhao', 'finance', '/比拼 意见 BP-2026-0001')).toContain(
      '请写明比拼政策编号和本单位意见',
    );
    const detail = await t.client.say('ipb-zhang', 'ipb', '/比拼 BP-2026-0001');
    expect(detail).toContain('市审计局：经核实高于承载地政策，情节严重');
    expect(detail).toContain('市经信局：建议税收留成收归市级');
  });

  it('refuses a disposition by anyone but IPB, one the policy does not have, and 不构成比拼 without a reason', async () => {
    expect(await refused('audit-qian', 'audit', '/比拼 处置 BP-2026-0001 取消考核评先资格')).toContain(
      '没有使用 /比拼 处置 的权限',
    );
    expect(await refused('ipb-zhang', 'ipb', '/比拼 处置 BP-2026-0001 罚款')).toContain('不是有效处置方式');
    expect(await refused('ipb-zhang', 'ipb', '/比拼 处置 BP-2026-0001 警告')).toContain('不是有效处置方式');
    expect(await refused('ipb-zhang', 'ipb', '/比拼 处置 BP-2026-0001 不构成比拼')).toContain('须写明理由');
    expect(await refused('ipb-zhang', 'ipb', '/比拼 处置 BP-2026-0001')).toContain('示例：/比拼 处置');
  });

  it('records IPB’s disposition and tells the unit, FINANCE and AUDIT; a card click is the typed command', async () => {
    await settle();
    const mark = (await t.client.sent()).at(-1)?.id ?? 0;
    const replies = await t.client.click('ipb-liu', 'ipb', 'command', '/比拼 处置 BP-2026-0001 税收留成收归市级');
    expect(replies.map(textOf).join('\n')).toContain(
      '已对 BP-2026-0001（萧山区）作出处置：税收留成收归市级，已通知萧山区、市财政局和市审计局',
    );
    await settle();
    const sent = await t.client.sent(mark);
    expect(finding('BP-2026-0001')).toMatchObject({
      status: 'DISPOSED',
      disposition: 'TAX_CLAWBACK',
      disposedBy: 'ipb-liu',
    });
    const notices = sent.filter((r) => r.message.kind !== 'card');
    expect(destinations(notices)).toEqual(['audit', 'finance', 'xiaoshan']);
    expect(textOf(notices.find((r) => to(r) === 'finance')!.message)).toContain(
      '请市财政局将该单位相关项目税收地方留成部分收归市级所有',
    );
    expect(textOf(notices.find((r) => to(r) === 'xiaoshan')!.message)).toContain('处置如下：「税收留成收归市级」');
  });

  it('refuses a second disposition', async () => {
    expect(await refused('ipb-zhang', 'ipb', '/比拼 处置 BP-2026-0001 取消考核评先资格')).toContain(
      '已处置（税收留成收归市级）',
    );
  });

  it('closes a finding as 不构成比拼 with the reason, and lists it as disposed', async () => {
    const { reply, sent } = await run(
      'ipb-zhang',
      'ipb',
      '/比拼 处置 BP-2026-0002 不构成比拼 承载地设备补助另有市级配套',
    );
    expect(reply).toContain('不构成比拼');
    expect(finding('BP-2026-0002')).toMatchObject({
      disposition: 'DISMISS',
      dispositionNote: '承载地设备补助另有市级配套',
    });
    expect(destinations(sent)).toEqual(['audit', 'finance', 'yuhang']);
    expect(textOf(sent.find((r) => to(r) === 'yuhang')!.message)).toContain('经研究不构成比拼政策');
    const list = await t.client.say('ipb-zhang', 'ipb', '/比拼');
    expect(list).toMatch(/\*\*待处置\*\*\n- 无/);
    expect(list).toContain('BP-2026-0002 余杭区「集成电路」设备补助 20%，上限500万元：不构成比拼');
    expect(await t.client.say('ipb-zhang', 'ipb', '/政策 集成电路')).toContain('BP-2026-0002（已处置：不构成比拼）');
  });

  it('documents the disposition in /帮助 to IPB only', async () => {
    expect(await t.client.say('ipb-zhang', 'ipb', '/帮助 比拼')).toContain(
      '/比拼 处置 <编号> 取消考核评先资格|税收留成收归市级|不构成比拼 [说明]',
    );
    const audit = await t.client.say('audit-qian', 'audit', '/帮助 比拼');
    expect(audit).toContain('/比拼 <编号>');
    expect(audit).not.toContain('/比拼 处置');
  });

  it('keeps the history on the audit chain', async () => {
    const history = await t.client.say('audit-qian', 'audit', '/审计 BP-2026-0001');
    expect(history).toContain('发现比拼政策');
    expect(history).toContain('处置比拼政策');
  });
});
