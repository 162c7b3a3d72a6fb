/**
 * Stock project transfer review (policy 四(三); DESIGN §5.3) through the simulator API: applying
 * (and every refusal), the chain taken from the enterprise's 首报, the four reviewers' cards and
 * who may vote, re-votes, the decision rules, 补充材料 and resubmission, the outcome notices, and the
 * 比拼政策 warning on the cards when the promise is above the host area's filed policy.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { textOf, type SentRow } from '../helpers/sim-client.ts';
import { startTestBot, tempDir, type TestBot } from '../helpers/test-bot.ts';
import { readOnlyQueries } from '../helpers/db.ts';

const dir = tempDir();
let t: TestBot;
let now = new Date('2026-11-26T01:00:00Z');

beforeAll(async () => {
  t = await startTestBot(`${dir.path}/bot.db`, { now, env: { SIMULATOR_CLOCK: '1' } });
  await settle();
});

afterAll(async () => {
  await t?.stop();
  dir.remove();
});

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

const { query, count } = readOnlyQueries(() => t.dbPath);

interface TransferDb {
  code: string;
  status: string;
  round: number;
  chain: string;
  fromUnitId: string;
  toUnitId: string;
  industryUnitId: string;
  applicantId: string;
  applicantUnitId: string;
  originSharePct: number;
  shareYears: number;
  creditCode: string | null;
  promise: string | null;
  policyCheck: string | null;
}

function transfer(code: string): TransferDb {
  const row = query<TransferDb>('SELECT * FROM "Transfer" WHERE code = ?', code)[0];
  if (row === undefined) throw new Error(`no transfer ${code}`);
  return row;
}

const votes = (code: string) =>
  query<{ round: number; seat: string; verdict: string; opinion: string | null; voterId: string }>(
    'SELECT v.round, v.seat, v.verdict, v.opinion, v.voterId FROM "TransferVote" v JOIN "Transfer" t ON t.id = v.transferId WHERE t.code = ? ORDER BY v.round, v.seat',
    code,
  );
const auditActions = (code: string) =>
  query<{ action: string }>(
    `SELECT action FROM "AuditEvent" WHERE recordType = 'Transfer' AND recordId = ? ORDER BY seq`,
    code,
  ).map((r) => r.action);

/** Everything a refused command must leave alone. */
const snapshot = () => ({
  transfers: query('SELECT * FROM "Transfer" ORDER BY id'),
  votes: query('SELECT * FROM "TransferVote" ORDER BY id'),
  supplements: count('SELECT COUNT(*) AS n FROM "TransferSupplement"'),
  audits: count('SELECT COUNT(*) AS n FROM "AuditEvent"'),
});

const settle = () => t.settle();

async function lastSentId(): Promise<number> {
  await settle();
  return (await t.client.sent()).at(-1)?.id ?? 0;
}

async function sentSince(after: number): Promise<SentRow[]> {
  await settle();
  return t.client.sent(after);
}

const to = (row: SentRow) => row.to.conversationId ?? `user:${row.to.userId}`;
const destinations = (rows: SentRow[]) => rows.map(to).sort();
const textsTo = (rows: SentRow[], destination: string) =>
  rows.filter((r) => to(r) === destination).map((r) => textOf(r.message));

async function run(userId: string, conversationId: string, text: string): Promise<{ reply: string; sent: SentRow[] }> {
  const mark = await lastSentId();
  const reply = await t.client.say(userId, conversationId, text);
  return { reply, sent: await sentSince(mark) };
}

async function click(
  userId: string,
  conversationId: string,
  value: string,
): Promise<{ reply: string; sent: SentRow[] }> {
  const mark = await lastSentId();
  const replies = await t.client.click(userId, conversationId, 'command', value);
  return { reply: replies.map(textOf).join('\n---\n'), sent: await sentSince(mark) };
}

/** Asserts that a command changed nothing: no case, vote, audit event or notice. */
async function refused(userId: string, conversationId: string, text: string): Promise<string> {
  const before = snapshot();
  const { reply, sent } = await run(userId, conversationId, text);
  expect(snapshot()).toEqual(before);
  expect(sent).toEqual([]);
  return reply;
}

async function tick(step = 60_000): Promise<void> {
  now = new Date(now.getTime() + step);
  await t.client.post('/api/clock', { now: now.toISOString() });
}

function codeOf(reply: string): string {
  const code = /流转申请已受理：\*\*(LZ-\d{4}-\d{4,})\*\*/.exec(reply)?.[1];
  if (code === undefined) throw new Error(`not an accepted transfer: ${reply}`);
  return code;
}

const REVIEWERS = [
  { user: 'ipb-zhang', conversation: 'ipb', seat: 'IPB', label: '市投资促进局' },
  { user: 'finance-zhao', conversation: 'finance', seat: 'FINANCE', label: '市财政局' },
  { user: 'audit-qian', conversation: 'audit', seat: 'AUDIT', label: '市审计局' },
  { user: 'industry-sun', conversation: 'industry', seat: 'INDUSTRY', label: '市经信局' },
] as const;

/** xiaoshan-wang (迁入地萧山区) applies; returns the code, the reply and what was sent. */
async function apply(
  fields: string,
  user = 'xiaoshan-wang',
  conversation = 'xiaoshan',
): Promise<{ code: string; reply: string; sent: SentRow[] }> {
  await tick();
  const { reply, sent } = await run(user, conversation, `/流转 ${fields}`);
  return { code: codeOf(reply), reply, sent };
}

/** The open case of an enterprise, by name. */
const transferCodeOf = (enterprise: string) =>
  query<{ code: string }>(
    `SELECT code FROM "Transfer" WHERE enterpriseName = ? ORDER BY id DESC LIMIT 1`,
    enterprise,
  )[0]!.code;
const cardsOf = (sent: SentRow[], code: string) =>
  sent.filter((r) => r.message.kind === 'card' && textOf(r.message).includes(code));

const BASE = '迁出=滨江区 迁入=萧山区 理由=扩大产能需新增用地 分成=30%/5年';

// ---------------------------------------------------------------------------------------------
// 1. Applying
// ---------------------------------------------------------------------------------------------

describe('/流转 by a reporter of the origin or destination', () => {
  let code = '';
  let sent: SentRow[] = [];

  it('opens LZ-<year>-0001 under review, with the applicant, units, chain, reason and sharing recorded', async () => {
    const applied = await apply(`企业=杭州星河微电子有限公司 产业链=集成电路 ${BASE}`);
    ({ code, sent } = applied);
    expect(code).toBe('LZ-2026-0001');
    expect(applied.reply).toContain('杭州星河微电子有限公司｜集成电路｜滨江区 → 萧山区');
    expect(applied.reply).toContain('市投资促进局、市财政局、市审计局、市经信局');
    expect(applied.reply).toContain('四(三)');
    expect(applied.reply).toContain(`/流转 ${code}`);
    expect(transfer(code)).toMatchObject({
      status: 'REVIEWING',
      round: 1,
      chain: '集成电路',
      fromUnitId: 'binjiang',
      toUnitId: 'xiaoshan',
      industryUnitId: 'industry',
      applicantId: 'xiaoshan-wang',
      applicantUnitId: 'xiaoshan',
      originSharePct: 30,
      shareYears: 5,
      promise: null,
    });
    expect(auditActions(code)).toEqual(['transfer.apply']);
  });

  it('sends each of the four reviewers a card whose buttons are the typed commands, and tells the other unit', async () => {
    expect(destinations(sent)).toEqual(['audit', 'binjiang', 'finance', 'industry', 'ipb']);
    const cards = cardsOf(sent, code);
    expect(cards.map(to).sort()).toEqual(['audit', 'finance', 'industry', 'ipb']);
    for (const card of cards) {
      expect(card.message.buttons).toEqual([
        { actionId: 'command', value: `/评审 ${code} 同意`, label: '同意' },
        { actionId: 'command', value: `/评审 ${code} 不同意`, label: '不同意' },
        { actionId: 'command', value: `/评审 ${code} 补充材料`, label: '补充材料' },
      ]);
      const text = textOf(card.message);
      expect(text).toContain('杭州星河微电子有限公司');
      expect(text).toContain('迁出：滨江区 → 迁入：萧山区');
      expect(text).toContain('理由：扩大产能需新增用地');
      expect(text).toContain('迁出地滨江区保留该企业地方留成 30%，迁入地萧山区 70%，期限 5 年');
      expect(text).toContain('迁入地承诺政策：未申报');
      expect(text).not.toContain('比拼政策提示');
    }
    const [counterpart] = textsTo(sent, 'binjiang');
    expect(counterpart).toContain(code);
    expect(counterpart).toContain('萧山区申请将「杭州星河微电子有限公司」');
  });

  it('lets the origin apply too, and reads full-width input', async () => {
    const applied = await apply(
      '企业＝“杭州 云帆 数据有限公司” 产业链＝云计算与大数据 迁出＝滨江区 迁入＝西湖区 理由＝总部迁移 分成＝２５％／３年',
      'binjiang-li',
      'binjiang',
    );
    expect(transfer(applied.code)).toMatchObject({
      applicantUnitId: 'binjiang',
      fromUnitId: 'binjiang',
      toUnitId: 'xihu',
      originSharePct: 25,
      shareYears: 3,
      chain: '云计算与大数据',
    });
    expect(textsTo(applied.sent, 'xihu')[0]).toContain('滨江区申请将「杭州 云帆 数据有限公司」');
  });

  it('lets a district’s reporter apply for a platform inside the district', async () => {
    const applied = await apply(
      '企业=杭州未来芯科技有限公司 产业链=集成电路 迁出=杭州未来科技城 迁入=萧山区 理由=扩产 分成=50%/3年',
      'yuhang-chen',
      'yuhang',
    );
    expect(transfer(applied.code)).toMatchObject({
      fromUnitId: 'future-sci-city',
      toUnitId: 'xiaoshan',
      applicantUnitId: 'yuhang',
      applicantId: 'yuhang-chen',
    });
    expect(textsTo(applied.sent, 'xiaoshan')[0]).toContain(
      '余杭区申请将「杭州未来芯科技有限公司」（集成电路）从杭州未来科技城流转至萧山区',
    );
    expect(await t.client.say('yuhang-chen', 'yuhang', `/流转 ${applied.code}`)).toContain('状态：**评审中**');
  });

  it('refuses the same unit as origin and destination', async () => {
    const reply = await refused(
      'xiaoshan-wang',
      'xiaoshan',
      '/流转 企业=杭州甲乙科技有限公司 产业链=集成电路 迁出=萧山区 迁入=萧山区 理由=调整 分成=30%/5年',
    );
    expect(reply).toContain('迁出地和迁入地都是「萧山区」');
  });

  it('refuses an unknown unit and a unit that is not a district or platform', async () => {
    expect(
      await refused(
        'xiaoshan-wang',
        'xiaoshan',
        '/流转 企业=杭州甲乙科技有限公司 产业链=集成电路 迁出=火星区 迁入=萧山区 理由=调整 分成=30%/5年',
      ),
    ).toContain('迁出单位“火星区”不存在');
    expect(
      await refused(
        'xiaoshan-wang',
        'xiaoshan',
        '/流转 企业=杭州甲乙科技有限公司 产业链=集成电路 迁出=滨江区 迁入=市财政局 理由=调整 分成=30%/5年',
      ),
    ).toContain('迁入单位「市财政局」不是区、县（市）或产业平台');
  });

  it('refuses a second case for an enterprise with an open one, matched by name', async () => {
    const reply = await refused(
      'xiaoshan-wang',
      'xiaoshan',
      `/流转 企业=星河微电子（杭州）有限公司 产业链=集成电路 ${BASE}`,
    );
    expect(reply).toContain(`已有未办结的流转申请 ${code}`);
  });

  it('refuses shares outside 0–100 % or 1–10 years, and unreadable shares', async () => {
    const cases: [string, string][] = [
      ['101%/5年', '0%—100%'],
      ['-5%/5年', '0%—100%'],
      ['30.125%/5年', '0%—100%'],
      ['30%/0年', '1—10 年'],
      ['30%/11年', '1—10 年'],
      ['30%/2.5年', '1—10 年'],
      ['三成/五年', '无法识别'],
    ];
    for (const [share, expected] of cases) {
      const reply = await refused(
        'xiaoshan-wang',
        'xiaoshan',
        `/流转 企业=杭州甲乙科技有限公司 产业链=集成电路 迁出=滨江区 迁入=萧山区 理由=调整 分成=${share}`,
      );
      expect(reply, share).toContain(expected);
    }
  });

  it('accepts the bounds 0 % and 100 %, and 1 and 10 years', async () => {
    const zero = await apply('企业=杭州边界一号有限公司 产业链=集成电路 迁出=滨江区 迁入=萧山区 理由=边界 分成=0%/1年');
    expect(transfer(zero.code)).toMatchObject({ originSharePct: 0, shareYears: 1 });
    const full = await apply(
      '企业=杭州边界二号有限公司 产业链=集成电路 迁出=滨江区 迁入=萧山区 理由=边界 分成=100%/10年',
    );
    expect(transfer(full.code)).toMatchObject({ originSharePct: 100, shareYears: 10 });
  });

  it('names every missing field in one answer, with an example', async () => {
    const reply = await refused('xiaoshan-wang', 'xiaoshan', '/流转 企业=杭州甲乙科技有限公司');
    for (const field of ['迁出', '迁入', '理由', '分成']) expect(reply).toContain(`缺少「${field}」`);
    expect(reply).toContain('示例：/流转');
  });

  it('refuses a reporter of neither unit, and users who are not reporters', async () => {
    expect(await refused('yuhang-chen', 'yuhang', `/流转 企业=杭州甲乙科技有限公司 产业链=集成电路 ${BASE}`)).toContain(
      '只有迁出地（滨江区）或迁入地（萧山区）的招商专员',
    );
    expect(await refused('ipb-zhang', 'ipb', `/流转 企业=杭州甲乙科技有限公司 产业链=集成电路 ${BASE}`)).toContain(
      '没有使用 /流转 的权限',
    );
    expect(await refused('nrb-he', 'nrb', `/流转 企业=杭州甲乙科技有限公司 产业链=集成电路 ${BASE}`)).toContain(
      '没有使用 /流转 的权限',
    );
  });

  it('refuses an unknown chain, a bad credit code and a promise it cannot read', async () => {
    expect(await refused('xiaoshan-wang', 'xiaoshan', `/流转 企业=杭州甲乙科技有限公司 产业链=造船 ${BASE}`)).toContain(
      '产业链「造船」不在《布局导引》中',
    );
    expect(
      await refused(
        'xiaoshan-wang',
        'xiaoshan',
        `/流转 企业=杭州甲乙科技有限公司 信用代码=12345 产业链=集成电路 ${BASE}`,
      ),
    ).toContain('应为 18 位');
    const promise = await refused(
      'xiaoshan-wang',
      'xiaoshan',
      `/流转 企业=杭州甲乙科技有限公司 产业链=集成电路 承诺政策=税收全免 ${BASE}`,
    );
    expect(promise).toContain('承诺政策第 1 项');
    expect(promise).toContain('承诺政策=税收奖励50%,上限2000万,5年');
    expect(
      await refused(
        'xiaoshan-wang',
        'xiaoshan',
        `/流转 企业=杭州甲乙科技有限公司 产业链=集成电路 承诺政策=税收奖励150% ${BASE}`,
      ),
    ).toContain('比例“150%”无效');
    expect(
      await refused('xiaoshan-wang', 'xiaoshan', `/流转 企业=杭州甲乙科技有限公司 产业链=集成电路 ${BASE} 多余 的字`),
    ).toContain('无法识别的内容：多余 的字');
  });
});

describe('the chain of a transfer without 产业链=', () => {
  it('comes from the enterprise’s 首报, matched by credit code', async () => {
    await tick();
    const report = await t.client.say(
      'binjiang-li',
      'binjiang',
      '/首报 项目=安防芯片 投资方=杭州明眸视觉科技有限公司 信用代码=91330100MA2B3C4D5N 产业链=数字安防 投资额=3亿 意向=签订意向书',
    );
    const project = /首报成功：\*\*(ZS-\d{4}-\d{4})\*\*/.exec(report)?.[1];
    expect(project).toBeDefined();
    // A renamed company keeps its code: the code decides, whatever the name.
    const applied = await apply(`企业=杭州明眸智造有限公司 信用代码=91330100MA2B3C4D5N ${BASE}`);
    expect(transfer(applied.code).chain).toBe('数字安防');
    expect(applied.reply).toContain(`产业链取自首报项目 ${project}`);
  });

  it('comes from the enterprise’s 首报, matched by name', async () => {
    await tick();
    await t.client.say(
      'binjiang-li',
      'binjiang',
      '/首报 项目=人工智能平台 投资方=杭州智远人工智能有限公司 产业链=人工智能 投资额=2亿 意向=实地考察',
    );
    const applied = await apply(`企业=智远人工智能（杭州）有限公司 ${BASE}`);
    expect(transfer(applied.code).chain).toBe('人工智能');
  });

  it('is asked for when the enterprise has no 首报', async () => {
    const reply = await refused('xiaoshan-wang', 'xiaoshan', `/流转 企业=杭州无名氏机械有限公司 ${BASE}`);
    expect(reply).toContain('没有找到「杭州无名氏机械有限公司」的首报项目');
    expect(reply).toContain('产业链=<链>');
    expect(reply).toContain('集成电路');
  });
});

// ---------------------------------------------------------------------------------------------
// 2–4. Votes, decision, outcome
// ---------------------------------------------------------------------------------------------

describe('/评审: who votes, re-votes and the unanimous approval', () => {
  let code = '';

  it('is refused to anyone but the four reviewers', async () => {
    ({ code } = await apply(`企业=杭州长风精密机械有限公司 产业链=集成电路 ${BASE}`));
    expect(await refused('binjiang-li', 'binjiang', `/评审 ${code} 同意`)).toContain('没有使用 /评审 的权限');
    expect(await refused('nrb-he', 'nrb', `/评审 ${code} 同意`)).toContain('没有使用 /评审 的权限');
    expect(await refused('leader-zhou', 'leaders', `/评审 ${code} 同意`)).toContain('没有使用 /评审 的权限');
    // An industry department other than the chain's (市经信局 reviews every chain in the demo).
    expect(await t.client.say('admin', 'city', '/角色 授予 drc-industry INDUSTRY 市发改委')).toContain('已授予');
    expect(await refused('drc-industry', 'drc', `/评审 ${code} 同意`)).toContain(`您不是 ${code} 的评审单位`);
  });

  it('refuses an unknown case, an unknown verdict and a missing verdict', async () => {
    expect(await refused('ipb-zhang', 'ipb', '/评审 LZ-2026-0999 同意')).toContain('没有找到流转申请');
    expect(await refused('ipb-zhang', 'ipb', `/评审 ${code} 可以`)).toContain('不是有效评审意见');
    expect(await refused('ipb-zhang', 'ipb', `/评审 ${code}`)).toContain('示例：/评审');
  });

  it('records a vote, naming the seats still to vote, with no notice until the case is decided', async () => {
    await tick();
    const { reply, sent } = await run('ipb-zhang', 'ipb', `/评审 ${code} 同意 理由：产能扩张确有需要`);
    expect(reply).toContain(`已记录市投资促进局对 ${code} 的评审意见：同意`);
    expect(reply).toContain('尚待评审：市财政局、市审计局、市经信局');
    expect(sent).toEqual([]);
    // A leading 理由： or 意见= is how officers label the opinion, not part of it.
    expect(votes(code)).toEqual([
      { round: 1, seat: 'IPB', verdict: 'APPROVE', opinion: '产能扩张确有需要', voterId: 'ipb-zhang' },
    ]);
  });

  it('replaces the seat’s vote when the same seat votes again, even by a colleague', async () => {
    await tick();
    const { reply } = await run('ipb-liu', 'ipb', `/评审 ${code} 同意 意见=分成方案合理`);
    expect(reply).toContain('替换此前的“同意”');
    expect(votes(code)).toEqual([
      { round: 1, seat: 'IPB', verdict: 'APPROVE', opinion: '分成方案合理', voterId: 'ipb-liu' },
    ]);
    expect(auditActions(code)).toEqual(['transfer.apply', 'transfer.vote', 'transfer.vote']);
  });

  it('takes a card click exactly like the typed command', async () => {
    await tick();
    const { reply } = await click('finance-zhao', 'finance', `/评审 ${code} 同意`);
    expect(reply).toContain(`已记录市财政局对 ${code} 的评审意见：同意`);
    expect(votes(code).map((v) => v.seat)).toEqual(['FINANCE', 'IPB']);
  });

  it('approves when the fourth seat approves, and tells the applicant, both units and the city group', async () => {
    await run('audit-qian', 'audit', `/评审 ${code} 同意`);
    await tick();
    const { reply, sent } = await run('industry-sun', 'industry', `/评审 ${code} 同意 符合产业布局`);
    expect(reply).toContain('联合审查结论：同意流转');
    expect(transfer(code).status).toBe('APPROVED');
    expect(destinations(sent)).toEqual(['binjiang', 'city', 'finance', 'user:xiaoshan-wang', 'xiaoshan']);
    for (const row of sent.filter((r) => to(r) !== 'finance')) {
      const text = textOf(row.message);
      expect(text).toContain(`流转评审结果 ${code}：通过`);
      expect(text).toContain('联合审查结论：同意流转');
      expect(text).toContain('市投资促进局：同意：分成方案合理（刘洋）');
      expect(text).toContain('市财政局：同意（赵磊）');
      expect(text).toContain('市审计局：同意（钱敏）');
      expect(text).toContain('市经信局：同意：符合产业布局（孙强）');
      expect(text).toContain('迁出地滨江区保留该企业地方留成 30%，迁入地萧山区 70%，期限 5 年');
      expect(text).toContain('四家均同意（实施规则 R4「存量流转联合审查结论」）');
      expect(text).toContain('（依据《工作制度》四(三)）');
    }
    // The approved plan goes to 市财政局 with the sharing to carry out.
    const [finance] = textsTo(sent, 'finance');
    expect(finance).toContain('【财政利益共享待落实】');
    expect(finance).toContain('迁出地滨江区保留该企业地方留成 30%，迁入地萧山区 70%，期限 5 年');
    expect(finance).toContain(`/流转 执行 ${code} <落实情况>`);
    expect(auditActions(code).at(-1)).toBe('transfer.approve');
  });

  it('lets only 市财政局 record how the sharing is carried out, and shows it on the case', async () => {
    expect(await refused('ipb-zhang', 'ipb', `/流转 执行 ${code} 已落实`)).toContain('没有使用 /流转 执行 的权限');
    expect(await refused('finance-zhao', 'finance', `/流转 执行 ${code}`)).toContain('请写明流转编号和落实情况');
    expect(await t.client.say('binjiang-li', 'binjiang', `/流转 ${code}`)).toContain(
      '财政利益共享落实：市财政局尚未登记',
    );
    const { reply, sent } = await run(
      'finance-zhao',
      'finance',
      `/流转 执行 ${code} 已与两区签订财政分成协议，2027年起执行`,
    );
    expect(reply).toContain('已登记');
    expect(destinations(sent)).toEqual(['binjiang', 'xiaoshan']);
    const detail = await t.client.say('binjiang-li', 'binjiang', `/流转 ${code}`);
    expect(detail).toContain('财政利益共享落实（市财政局登记）');
    expect(detail).toContain('已与两区签订财政分成协议，2027年起执行');
    expect(auditActions(code).at(-1)).toBe('transfer.execute');
  });

  it('refuses every vote once decided, typed or clicked', async () => {
    expect(await refused('audit-qian', 'audit', `/评审 ${code} 不同意 改主意了`)).toContain('评审已结束');
    expect(await refused('ipb-zhang', 'ipb', `/评审 ${code} 同意`)).toContain('评审已结束');
    const before = snapshot();
    const { reply } = await click('finance-zhao', 'finance', `/评审 ${code} 补充材料`);
    expect(reply).toContain('评审已结束');
    expect(snapshot()).toEqual(before);
  });

  it('shows the case to reviewers and both units, and to nobody else', async () => {
    const detail = await t.client.say('binjiang-li', 'binjiang', `/流转 ${code}`);
    expect(detail).toContain('状态：**评审通过**');
    expect(detail).toContain('市经信局：同意：符合产业布局（孙强）');
    expect(await t.client.say('audit-qian', 'audit', `/流转 ${code}`)).toContain('杭州长风精密机械有限公司');
    expect(await t.client.say('yuhang-chen', 'yuhang', `/流转 ${code}`)).toContain(
      '只有评审单位和迁出地、迁入地可以查看',
    );
  });
});

describe('不同意 under rule R4 (default: IPB concludes once all four opinions are in)', () => {
  it('does not end the case on one 不同意 while three units have not reviewed', async () => {
    const { code } = await apply(`企业=杭州飞鸿光电有限公司 产业链=集成电路 ${BASE}`);
    await tick();
    const { reply, sent } = await run('industry-sun', 'industry', `/评审 ${code} 不同意 与本地产业链配套不足`);
    expect(reply).toContain('尚待评审：市投资促进局、市财政局、市审计局');
    expect(transfer(code).status).toBe('REVIEWING');
    expect(sent).toEqual([]);
  });

  it('asks IPB for the conclusion once all four are in, every opinion listed; opinions may still change', async () => {
    const code = transferCodeOf('杭州飞鸿光电有限公司');
    await run('finance-zhao', 'finance', `/评审 ${code} 同意`);
    await run('audit-qian', 'audit', `/评审 ${code} 同意`);
    expect(await refused('ipb-zhang', 'ipb', `/流转 结论 ${code} 同意 理由充分`)).toContain('尚待市投资促进局评审');
    await tick();
    const { reply, sent } = await run('ipb-zhang', 'ipb', `/评审 ${code} 同意 分成合理`);
    expect(reply).toContain('四家意见已齐，其中市经信局不同意');
    expect(transfer(code).status).toBe('REVIEWING');
    expect(destinations(sent)).toEqual(['ipb']);
    const [request] = textsTo(sent, 'ipb');
    expect(request).toContain('市经信局：不同意：与本地产业链配套不足（孙强）');
    expect(request).toContain(`/流转 结论 ${code} 同意|不同意 <理由>`);
    expect((await run('audit-qian', 'audit', `/评审 ${code} 同意 复核无异议`)).reply).toContain('替换此前的“同意”');
  });

  it('refuses a conclusion by anyone but IPB, without a reason, or with 补充材料, changing nothing', async () => {
    const code = transferCodeOf('杭州飞鸿光电有限公司');
    expect(await refused('finance-zhao', 'finance', `/流转 结论 ${code} 同意 可以`)).toContain(
      '没有使用 /流转 结论 的权限',
    );
    expect(await refused('ipb-zhang', 'ipb', `/流转 结论 ${code} 不同意`)).toContain('结论须写明理由');
    expect(await refused('ipb-zhang', 'ipb', `/流转 结论 ${code} 补充材料 再看看`)).toContain('不是有效结论');
  });

  it('records IPB’s conclusion with every opinion, without saying where the enterprise stays', async () => {
    const code = transferCodeOf('杭州飞鸿光电有限公司');
    await tick();
    const { reply, sent } = await run('ipb-liu', 'ipb', `/流转 结论 ${code} 不同意 迁入地配套条件不足，暂不流转`);
    expect(reply).toContain('联合审查结论：不同意流转');
    expect(transfer(code).status).toBe('REJECTED');
    expect(destinations(sent)).toEqual(['binjiang', 'city', 'user:xiaoshan-wang', 'xiaoshan']);
    const [notice] = textsTo(sent, 'city');
    expect(notice).toContain('联合审查结论：不同意流转');
    for (const seat of [
      '市投资促进局：同意：分成合理（张伟）',
      '市财政局：同意（赵磊）',
      '市审计局：同意：复核无异议（钱敏）',
      '市经信局：不同意：与本地产业链配套不足（孙强）',
    ]) {
      expect(notice).toContain(seat);
    }
    expect(notice).toContain(
      '由市投资促进局作出结论（实施规则 R4「存量流转联合审查结论」）：不同意。理由：迁入地配套条件不足，暂不流转（刘洋）',
    );
    expect(notice).not.toContain('留在');
    expect(notice).not.toContain('未评审');
    expect(await t.client.say('binjiang-li', 'binjiang', `/流转 ${code}`)).toContain(
      '市投资促进局结论：迁入地配套条件不足，暂不流转（刘洋）',
    );
    expect(await refused('finance-zhao', 'finance', `/评审 ${code} 同意`)).toContain('评审已结束');
    // A decided case no longer blocks a new application for the enterprise.
    const again = await apply(`企业=杭州飞鸿光电有限公司 产业链=集成电路 ${BASE}`);
    expect(again.code).not.toBe(code);
  });

  it('under R4 = 一致同意, one 不同意 rejects at once and no conclusion is needed', async () => {
    expect(await t.client.say('ipb-zhang', 'ipb', '/规则 设置 R4 一致同意 依据=杭投促〔2026〕8号')).toContain(
      '已修改 实施规则 R4',
    );
    const { code } = await apply(`企业=杭州青禾传感有限公司 产业链=集成电路 ${BASE}`);
    await run('finance-zhao', 'finance', `/评审 ${code} 同意`);
    const { reply } = await run('finance-zhao', 'finance', `/评审 ${code} 不同意 分成比例过低`);
    expect(reply).toContain('替换此前的“同意”');
    expect(reply).toContain('联合审查结论：不同意流转');
    expect(transfer(code).status).toBe('REJECTED');
    expect(votes(code)).toEqual([
      { round: 1, seat: 'FINANCE', verdict: 'REJECT', opinion: '分成比例过低', voterId: 'finance-zhao' },
    ]);
    const history = await t.client.say('audit-qian', 'audit', `/审计 ${code}`);
    expect(history).toContain(
      '实施规则 R4「存量流转联合审查结论」，四家一致同意方为同意；任一家不同意即为不同意｜依据：杭投促〔2026〕8号',
    );
    expect(await t.client.say('ipb-zhang', 'ipb', '/规则 设置 R4 默认 依据=恢复产品默认值')).toContain(
      '已修改 实施规则 R4',
    );
  });
});

describe('补充材料 and /流转 补充', () => {
  let code = '';

  it('returns the case to the applicant, telling them what to supply, and the other reviewers', async () => {
    ({ code } = await apply(`企业=杭州远山新材料有限公司 产业链=集成电路 ${BASE}`));
    await run('ipb-zhang', 'ipb', `/评审 ${code} 同意`);
    await tick();
    const { reply, sent } = await run('finance-zhao', 'finance', `/评审 ${code} 补充材料 请补充近三年纳税证明`);
    expect(reply).toContain('已退回申请单位补充材料');
    expect(transfer(code).status).toBe('RETURNED');
    expect(destinations(sent)).toEqual(['audit', 'industry', 'ipb', 'user:xiaoshan-wang', 'xiaoshan']);
    for (const applicant of ['user:xiaoshan-wang', 'xiaoshan']) {
      const [notice] = textsTo(sent, applicant);
      expect(notice).toContain('市财政局要求补充材料：请补充近三年纳税证明');
      expect(notice).toContain(`/流转 补充 ${code} <说明>`);
    }
    expect(textsTo(sent, 'ipb')[0]).toContain('请重新评审');
  });

  it('takes no votes while the material is awaited', async () => {
    expect(await refused('audit-qian', 'audit', `/评审 ${code} 同意`)).toContain('已退回申请单位补充材料');
  });

  it('refuses a resubmission by anyone but the applicant unit, without a note, or with bad terms', async () => {
    expect(await refused('binjiang-li', 'binjiang', `/流转 补充 ${code} 已补充`)).toContain(
      '只有申请单位（萧山区）的招商专员',
    );
    expect(await refused('ipb-zhang', 'ipb', `/流转 补充 ${code} 已补充`)).toContain('没有使用 /流转 补充 的权限');
    expect(await refused('xiaoshan-wang', 'xiaoshan', `/流转 补充 ${code}`)).toContain('请写明流转编号和补充说明');
    expect(await refused('xiaoshan-wang', 'xiaoshan', `/流转 补充 ${code} 已补充 分成=30%/20年`)).toContain('1—10 年');
    expect(await refused('xiaoshan-wang', 'xiaoshan', `/流转 补充 ${code} 已补充 企业=别的公司`)).toContain(
      '无法识别的内容：企业=',
    );
  });

  it('resubmits: a new round, every vote reset, new cards to the four reviewers, changed terms kept', async () => {
    await tick();
    const { reply, sent } = await run(
      'xiaoshan-wang',
      'xiaoshan',
      `/流转 补充 ${code} 已补充近三年纳税证明 分成=40%/6年`,
    );
    expect(reply).toContain('第 2 轮评审已开始，此前意见已重置');
    expect(transfer(code)).toMatchObject({ status: 'REVIEWING', round: 2, originSharePct: 40, shareYears: 6 });
    const cards = cardsOf(sent, code);
    expect(cards.map(to).sort()).toEqual(['audit', 'finance', 'industry', 'ipb']);
    for (const card of cards) {
      expect(card.message.title).toBe(`流转评审 ${code}（补充材料后第 2 轮）`);
      expect(textOf(card.message)).toContain('补充材料：已补充近三年纳税证明');
      expect(textOf(card.message)).toContain('地方留成 40%，迁入地萧山区 60%，期限 6 年');
    }
    const detail = await t.client.say('ipb-zhang', 'ipb', `/流转 ${code}`);
    expect(detail).toContain('市投资促进局：未评审');
    expect(auditActions(code)).toEqual([
      'transfer.apply',
      'transfer.vote',
      'transfer.vote',
      'transfer.return',
      'transfer.resubmit',
    ]);
    expect(count('SELECT COUNT(*) AS n FROM "TransferSupplement"')).toBe(1);
  });

  it('refuses a resubmission of a case that is not waiting for material', async () => {
    expect(await refused('xiaoshan-wang', 'xiaoshan', `/流转 补充 ${code} 再补充一次`)).toContain('没有被退回补充材料');
  });

  it('needs all four again in the new round; the old round’s votes stay on record', async () => {
    for (const reviewer of REVIEWERS.slice(0, 3)) await run(reviewer.user, reviewer.conversation, `/评审 ${code} 同意`);
    expect(transfer(code).status).toBe('REVIEWING');
    const { sent } = await run('industry-sun', 'industry', `/评审 ${code} 同意，材料齐全`);
    expect(transfer(code).status).toBe('APPROVED');
    expect(votes(code).find((v) => v.round === 2 && v.seat === 'INDUSTRY')?.opinion).toBe('材料齐全');
    expect(textsTo(sent, 'city')[0]).toContain('地方留成 40%，迁入地萧山区 60%，期限 6 年');
    expect(
      votes(code)
        .filter((v) => v.round === 1)
        .map((v) => `${v.seat}:${v.verdict}`),
    ).toEqual(['FINANCE:MORE_INFO', 'IPB:APPROVE']);
    expect(votes(code).filter((v) => v.round === 2)).toHaveLength(4);
  });
});

describe('/帮助 流转', () => {
  it('shows a reporter how to apply and resubmit, and a reviewer how to look up cases', async () => {
    const reporter = await t.client.say('xiaoshan-wang', 'xiaoshan', '/帮助 流转');
    expect(reporter).toContain('分成=<迁出方比例>%/<年限>年');
    expect(reporter).toContain('/流转 补充 <编号> <说明>');
    const reviewer = await t.client.say('audit-qian', 'audit', '/帮助 流转');
    expect(reviewer).toContain('/流转 <编号>');
    expect(reviewer).not.toContain('/流转 补充');
    expect(await t.client.say('audit-qian', 'audit', '/帮助 评审')).toContain(
      '/评审 <编号> 同意|不同意|补充材料 [意见]',
    );
  });
});

describe('lists', () => {
  it('shows reviewers the open cases with the seats still to vote, and a reporter their unit’s cases', async () => {
    const reviewer = await t.client.say('audit-qian', 'audit', '/流转');
    expect(reviewer).toContain('评审中的流转申请');
    expect(reviewer).toContain('LZ-2026-0002');
    expect(reviewer).not.toContain('杭州长风精密机械有限公司');
    const reporter = await t.client.say('yuhang-chen', 'yuhang', '/流转');
    expect(reporter).toContain('余杭区的流转申请');
    expect(reporter).toContain('暂无');
  });
});

// ---------------------------------------------------------------------------------------------
// 6. 比拼政策 warning on the cards
// ---------------------------------------------------------------------------------------------

describe('a promise above the host area’s filed policy', () => {
  let code = '';
  let finding = '';
  const reviewCards = (sent: SentRow[], c: string) =>
    cardsOf(sent, c).filter((r) => r.message.kind === 'card' && (r.message.title ?? '').startsWith('流转评审'));

  it('is recorded as a 比拼政策 finding against the destination, said on every reviewer’s card and in the reply', async () => {
    // The demo guide's hosts of 生物医药 are 钱塘区 and 余杭区; 余杭区's filing sets the ceiling.
    await tick();
    expect(
      await t.client.say(
        'yuhang-chen',
        'yuhang',
        '/政策备案 产业链=生物医药 类型=税收奖励 比例=30% 上限=2000万 年限=5',
      ),
    ).toContain('已备案');
    const applied = await apply(
      '企业=杭州康泰生物制药有限公司 产业链=生物医药 迁出=余杭区 迁入=萧山区 理由=扩产 承诺政策=税收奖励50%,上限2000万,5年；租金补贴30% 分成=30%/5年',
    );
    code = applied.code;
    const rows = query<{
      code: string;
      unitId: string;
      chain: string;
      status: string;
      filingId: number | null;
      transferRound: number;
    }>(
      'SELECT f.code, f.unitId, f.chain, f.status, f.filingId, f.transferRound FROM "PolicyFinding" f JOIN "Transfer" t ON t.id = f.transferId WHERE t.code = ?',
      code,
    );
    expect(rows).toEqual([
      {
        code: expect.stringMatching(/^BP-2026-\d{4}$/),
        unitId: 'xiaoshan',
        chain: '生物医药',
        status: 'OPEN',
        filingId: null,
        transferRound: 1,
      },
    ]);
    finding = rows[0]!.code;
    expect(applied.reply).toContain(`已记为比拼政策 **${finding}**（实施规则 R12「比拼政策认定」）`);

    const cards = reviewCards(applied.sent, code);
    expect(cards).toHaveLength(4);
    for (const card of cards) {
      const text = textOf(card.message);
      expect(text).toContain('「税收奖励」比例 50%（承载地最高 30%）');
      expect(text).toContain(`已记为比拼政策 **${finding}**（实施规则 R12「比拼政策认定」）`);
      // 四(三) says the joint review guards against 政策比拼; that a promise is a finding is rule R12, not 三(三).
      expect(text).toContain('通过“政策比拼”对存量项目开展恶性竞争（依据《工作制度》四(三)）');
      expect(text).not.toContain('三(三)');
      expect(text).toContain('迁入地承诺政策：税收奖励 50%，上限2000万元，5年；租金补贴 30%');
      expect(text).toContain('承载地未备案「租金补贴」同类政策，无法比对');
    }
    // IPB gets the finding with the policy's dispositions as buttons; AUDIT, FINANCE and INDUSTRY are asked for opinions.
    const ipbCard = applied.sent.find(
      (r) => r.to.conversationId === 'ipb' && r.message.kind === 'card' && r.message.title === `比拼政策 ${finding}`,
    );
    expect(ipbCard?.message.kind === 'card' ? ipbCard.message.buttons?.map((b) => b.value) : []).toEqual([
      `/比拼 处置 ${finding} 取消考核评先资格`,
      `/比拼 处置 ${finding} 税收留成收归市级`,
    ]);
    expect(textOf(ipbCard!.message)).toContain(
      `萧山区在存量项目流转 ${code}（杭州康泰生物制药有限公司，「生物医药」）中承诺的政策`,
    );
    for (const unit of ['audit', 'finance', 'industry']) {
      expect(
        applied.sent.filter((r) => r.to.conversationId === unit && textOf(r.message).includes(`/比拼 意见 ${finding}`)),
        unit,
      ).toHaveLength(1);
    }
    expect(
      query<{ ruleId: string; value: string }>(
        'SELECT ruleId, value FROM "RuleApplication" WHERE recordId = ?',
        finding,
      ),
    ).toEqual([{ ruleId: 'R12', value: '任一项高于承载地' }]);
    const check = JSON.parse(transfer(code).policyCheck ?? 'null') as { items: { comparison: { verdict: string } }[] };
    expect(check.items.map((i) => i.comparison.verdict)).toEqual(['exceeds', 'no-ceiling']);
  });

  it('is decided by IPB like any 比拼政策 finding, and the case shows the disposition', async () => {
    expect(await t.client.say('audit-qian', 'audit', `/比拼 意见 ${finding} 承诺明显高于承载地`)).toContain(
      '已记录市审计局',
    );
    expect(await t.client.say('ipb-zhang', 'ipb', `/比拼 ${finding}`)).toContain(
      `存量项目流转 ${code}（杭州康泰生物制药有限公司）迁入地承诺：税收奖励 50%，上限2000万元，5年`,
    );
    const { reply, sent } = await run('ipb-zhang', 'ipb', `/比拼 处置 ${finding} 取消考核评先资格`);
    expect(reply).toContain(`已对 ${finding}（萧山区）作出处置：取消考核评先资格`);
    expect(sent.map((r) => r.to.conversationId).sort()).toEqual(['audit', 'finance', 'xiaoshan']);
    expect(textOf(sent.find((r) => r.to.conversationId === 'xiaoshan')!.message)).toContain(
      `萧山区在存量项目流转 ${code}`,
    );
    expect(await t.client.say('ipb-zhang', 'ipb', `/流转 ${code}`)).toContain(
      `已记为比拼政策 **${finding}**（实施规则 R12「比拼政策认定」），市投资促进局已处置：取消考核评先资格`,
    );
  });

  it('records a new finding for a resubmitted promise still above the ceiling once the earlier one is decided, and no second while one is open', async () => {
    await tick();
    expect((await run('finance-zhao', 'finance', `/评审 ${code} 补充材料 请说明承诺依据`)).reply).toContain('补充材料');
    await tick();
    const resubmitted = await run(
      'xiaoshan-wang',
      'xiaoshan',
      `/流转 补充 ${code} 已调整承诺 承诺政策=税收奖励40%,上限2000万,5年`,
    );
    expect(resubmitted.reply).toContain('第 2 轮');
    const findings = () =>
      query<{ code: string; status: string; transferRound: number }>(
        'SELECT f.code, f.status, f.transferRound FROM "PolicyFinding" f JOIN "Transfer" t ON t.id = f.transferId WHERE t.code = ? ORDER BY f.id',
        code,
      );
    const [first, second] = findings();
    expect(first).toMatchObject({ code: finding, status: 'DISPOSED', transferRound: 1 });
    expect(second).toMatchObject({ status: 'OPEN', transferRound: 2 });
    for (const card of reviewCards(resubmitted.sent, code))
      expect(textOf(card.message)).toContain(`已记为比拼政策 **${second!.code}**`);

    await tick();
    await run('finance-zhao', 'finance', `/评审 ${code} 补充材料 仍需说明`);
    await tick();
    await run('xiaoshan-wang', 'xiaoshan', `/流转 补充 ${code} 再次调整 承诺政策=税收奖励35%,上限2000万,5年`);
    expect(findings()).toHaveLength(2);
  });

  it('gives no warning and records no finding for a promise within the host’s filing', async () => {
    const {
      code: within,
      reply,
      sent,
    } = await apply(
      '企业=杭州和光医疗器械有限公司 产业链=生物医药 迁出=余杭区 迁入=萧山区 理由=扩产 承诺政策=税收奖励30%,上限1500万,3年 分成=30%/5年',
    );
    expect(reply).not.toContain('比拼政策');
    for (const card of cardsOf(sent, within)) expect(textOf(card.message)).not.toContain('比拼政策');
    expect(
      query('SELECT f.id FROM "PolicyFinding" f JOIN "Transfer" t ON t.id = f.transferId WHERE t.code = ?', within),
    ).toEqual([]);
  });
});

describe('a person holding several reviewer roles', () => {
  it('votes for the department they belong to, and is refused when their unit does not settle it', async () => {
    const { code } = await apply(`企业=杭州双席科技有限公司 产业链=集成电路 ${BASE}`);
    expect(await t.client.say('admin', 'city', '/角色 授予 ipb-liu FINANCE')).toContain('已授予');
    const { reply } = await run('ipb-liu', 'ipb', `/评审 ${code} 同意`);
    expect(reply).toContain('已记录市投资促进局');
    expect(votes(code).map((v) => v.seat)).toEqual(['IPB']);

    await t.client.say('admin', 'city', '/角色 授予 admin IPB');
    await t.client.say('admin', 'city', '/角色 授予 admin AUDIT');
    expect(await refused('admin', 'city', `/评审 ${code} 同意`)).toContain(
      '同时持有多个评审单位的角色（市投资促进局、市审计局）',
    );
  });
});
