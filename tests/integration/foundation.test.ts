import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction } from '../../src/db/tx.ts';
import { readOnlyQueries } from '../helpers/db.ts';
import { tempDir, startTestBot, type TestBot } from '../helpers/test-bot.ts';
import { textOf } from '../helpers/sim-client.ts';

const JSON_TYPE = { 'content-type': 'application/json' };
const dir = tempDir();
let t: TestBot;

beforeAll(async () => {
  t = await startTestBot(`${dir.path}/bot.db`);
});

afterAll(async () => {
  await t.stop();
  dir.remove();
});

const { count } = readOnlyQueries(() => t.dbPath);

describe('help', () => {
  it('lists only the commands the asker may run', async () => {
    const admin = await t.client.say('admin', 'city', '/帮助');
    expect(admin).toContain('/角色');
    expect(admin).toContain('/绑定群');
    const reporter = await t.client.say('binjiang-li', 'binjiang', '/帮助');
    expect(reporter).toContain('/帮助');
    expect(reporter).not.toContain('/角色');
    expect(reporter).not.toContain('/审计');
  });

  it('accepts full-width slash and the English alias', async () => {
    expect(await t.client.say('admin', 'city', '／帮助')).toContain('您可以使用的命令');
    expect(await t.client.say('admin', 'city', '/HELP')).toContain('您可以使用的命令');
  });

  it('shows usage and example for one command, but not for a command the asker may not run', async () => {
    const detail = await t.client.say('admin', 'city', '/帮助 角色');
    expect(detail).toContain('/角色 授予');
    expect(detail).toContain('示例');
    const hidden = await t.client.say('binjiang-li', 'binjiang', '/帮助 角色');
    expect(hidden).toContain('没有找到命令');
  });

  it('suggests the same commands for a typo in /帮助 <命令> as for the mistyped command itself', async () => {
    expect(await t.client.say('binjiang-li', 'binjiang', '/帮助 首包')).toContain('您是不是想查：/帮助 首报');
    expect(await t.client.say('binjiang-li', 'binjiang', '/首包')).toContain('您是不是想用：/首报');
  });
});

describe('who may talk to the bot', () => {
  it('answers an unregistered user with how to register, and records nothing about them', async () => {
    const reply = await t.client.say('stranger-01', 'stranger-group', '/绑定群 滨江区');
    expect(reply).toContain('还没有在');
    expect(reply).toContain('stranger-01');
    expect(count('SELECT COUNT(*) AS n FROM "User" WHERE id = ?', 'stranger-01')).toBe(0);
    expect(count('SELECT COUNT(*) AS n FROM "Conversation" WHERE id = ?', 'stranger-group')).toBe(0);
  });

  it('refuses a command to a user without the role, naming the role needed', async () => {
    const before = count('SELECT COUNT(*) AS n FROM "AuditEvent"');
    const reply = await t.client.say('binjiang-li', 'binjiang', '/绑定群 萧山区');
    expect(reply).toContain('没有使用 /绑定群 的权限');
    expect(reply).toContain('系统管理员');
    expect(count('SELECT COUNT(*) AS n FROM "AuditEvent"')).toBe(before);
  });
});

describe('bad input', () => {
  it('suggests the closest commands for an unknown one', async () => {
    expect(await t.client.say('admin', 'city', '/帮组')).toContain('/帮助');
    expect(await t.client.say('admin', 'city', '/bnd 滨江区')).toContain('/绑定群');
  });

  it('explains an unterminated quote', async () => {
    expect(await t.client.say('admin', 'city', '/角色 授予 “张三 IPB')).toContain('引号没有配对');
  });

  it('answers a command with missing arguments with usage and an example', async () => {
    const reply = await t.client.say('admin', 'city', '/角色 授予');
    expect(reply).toContain('用法');
    expect(reply).toContain('示例');
  });

  it('names an unknown role and lists the valid ones', async () => {
    const reply = await t.client.say('admin', 'city', '/角色 授予 xiaoshan-wang 市长');
    expect(reply).toContain('没有“市长”这个角色');
    expect(reply).toContain('REPORTER');
  });

  it('rejects unknown key=value parameters', async () => {
    expect(await t.client.say('admin', 'city', '/审计 校验 颜色=红')).toContain('不认识的参数');
  });

  it('tells a plain-text message how to start a command', async () => {
    expect(await t.client.say('admin', 'city', '你好')).toContain('请以“/”开头');
  });
});

describe('binding conversations', () => {
  it('binds a group to a unit, then rebinds it, auditing both', async () => {
    const first = await t.client.say('admin', 'new-group-1', '/绑定群 萧山');
    expect(first).toContain('萧山区');
    const second = await t.client.say('admin', 'new-group-1', '/绑定群 全市招商协调群');
    expect(second).toContain('改绑');
    expect(count(`SELECT COUNT(*) AS n FROM "AuditEvent" WHERE action = 'org.bind' AND recordId = 'new-group-1'`)).toBe(
      2,
    );
    // The city purpose moved here, so the seeded city group no longer holds it.
    expect(count(`SELECT COUNT(*) AS n FROM "Conversation" WHERE purpose = 'CITY'`)).toBe(1);
    await t.client.say('admin', 'city', '/绑定群 全市招商协调群');
  });

  it('refuses to bind a direct chat and names an unknown unit', async () => {
    expect(await t.client.say('admin', 'dm:admin', '/绑定群 滨江区')).toContain('只能在群聊中绑定');
    expect(await t.client.say('admin', 'new-group-2', '/绑定群 火星区')).toContain('没有找到单位');
  });
});

describe('roles', () => {
  it('registers a new user by granting a role and tells them directly', async () => {
    const reply = await t.client.say('admin', 'city', '/角色 授予 newbie-01 REPORTER 西湖区');
    expect(reply).toContain('已授予');
    const rows = await t.client.waitForSent((r) => r.some((row) => row.to.userId === 'newbie-01'));
    expect(rows.filter((row) => row.to.userId === 'newbie-01')).toHaveLength(1);
    expect(await t.client.say('newbie-01', 'dm:newbie-01', '/帮助')).toContain('/帮助');
    expect(await t.client.say('admin', 'city', '/角色 授予 newbie-01 REPORTER 西湖区')).toContain('无需重复授予');
  });

  it('requires a unit for a reporter grant', async () => {
    expect(await t.client.say('admin', 'city', '/角色 授予 newbie-02 REPORTER')).toContain('需要写明单位');
    expect(count('SELECT COUNT(*) AS n FROM "User" WHERE id = ?', 'newbie-02')).toBe(0);
  });

  it('resolves an @-mention and revokes a role', async () => {
    expect(await t.client.say('admin', 'city', '/角色 授予 @yuhang-chen AUDIT')).toContain('已授予 陈静');
    expect(await t.client.say('admin', 'city', '/角色 撤销 @yuhang-chen 审计局')).toContain('已撤销');
    expect(await t.client.say('admin', 'city', '/角色 撤销 @yuhang-chen AUDIT')).toContain('无需撤销');
  });

  it('never removes the last administrator', async () => {
    expect(await t.client.say('admin', 'city', '/角色 撤销 admin ADMIN')).toContain('最后一位系统管理员');
  });
});

describe('exactly-once intake', () => {
  it('answers a redelivered messageId with the first answer and acts once', async () => {
    const messageId = 'redelivered-1';
    const auditBefore = count('SELECT COUNT(*) AS n FROM "AuditEvent"');
    const first = await t.client.send('admin', 'city', '/角色 授予 twice-01 IPB', messageId);
    const second = await t.client.send('admin', 'city', '/角色 授予 twice-01 IPB', messageId);
    expect(second).toEqual(first);
    expect(textOf(first[0]!)).toContain('已授予');
    expect(count('SELECT COUNT(*) AS n FROM "AuditEvent"')).toBe(auditBefore + 1);
    await t.client.waitForSent((r) => r.some((row) => row.to.userId === 'twice-01'));
    await new Promise((r) => setTimeout(r, 100));
    expect((await t.client.sent()).filter((row) => row.to.userId === 'twice-01')).toHaveLength(1);
  });

  it('acts once when the same message arrives twice at the same moment', async () => {
    const [a, b] = await Promise.all([
      t.client.send('admin', 'city', '/角色 授予 race-01 IPB', 'race-1'),
      t.client.send('admin', 'city', '/角色 授予 race-01 IPB', 'race-1'),
    ]);
    expect(a).toEqual(b);
    expect(count(`SELECT COUNT(*) AS n FROM "AuditEvent" WHERE recordId = 'race-01'`)).toBe(1);
  });
});

describe('audit', () => {
  it('shows a record history and verifies the chain, then detects tampering', async () => {
    await t.client.say('admin', 'city', '/角色 授予 audited-01 FINANCE');
    const history = await t.client.say('ipb-zhang', 'ipb', '/审计 audited-01');
    expect(history).toContain('授予角色');
    expect(await t.client.say('audit-qian', 'audit', '/审计 校验')).toContain('校验通过');
    expect(await t.client.say('binjiang-li', 'binjiang', '/审计 校验')).toContain('没有使用 /审计 的权限');

    const seq = count(`SELECT MIN(seq) AS n FROM "AuditEvent" WHERE recordId = 'audited-01'`);
    // Tampering behind the bot's back, through its own connection so it works on either database.
    const tampered = { after: '{"role":"ADMIN"}' };
    await inTransaction(t.bot.db.prisma, (tx) => tx.auditEvent.update({ where: { seq }, data: tampered }));
    const verdict = await t.client.say('audit-qian', 'audit', '/审计 校验');
    expect(verdict).toContain(`第 ${seq} 条记录的内容被改动过`);
  });
});

describe('simulator API contract', () => {
  it('lists the demo directory with stable ids', async () => {
    const { body } = await t.client.get('/api/directory');
    const directory = body as {
      users: { id: string; unit: { name: string } | null; roles: { role: string }[] }[];
      conversations: { id: string; unit: { name: string } | null; purposeLabel: string | null }[];
    };
    const ids = directory.users.map((u) => u.id);
    for (const id of [
      'admin',
      'ipb-zhang',
      'ipb-liu',
      'binjiang-li',
      'xiaoshan-wang',
      'yuhang-chen',
      'finance-zhao',
      'audit-qian',
      'industry-sun',
      'nrb-he',
      'drc-wu',
      'sasac-zheng',
      'leader-zhou',
    ]) {
      expect(ids).toContain(id);
    }
    expect(directory.users.find((u) => u.id === 'binjiang-li')?.unit?.name).toBe('滨江区');
    const conversations = new Map(directory.conversations.map((c) => [c.id, c]));
    for (const id of [
      'city',
      'ipb',
      'finance',
      'audit',
      'nrb',
      'drc',
      'sasac',
      'industry',
      'leaders',
      'changwu',
      'caijingwei',
      'binjiang',
      'xiaoshan',
      'yuhang',
      'jiande',
    ]) {
      expect(conversations.has(id)).toBe(true);
    }
    expect(conversations.get('binjiang')?.unit?.name).toBe('滨江区');
  });

  it('refuses to move the clock unless SIMULATOR_CLOCK=1', async () => {
    const response = await fetch(`${t.client.baseUrl}/api/clock`, {
      method: 'POST',
      headers: JSON_TYPE,
      body: JSON.stringify({ now: '2027-01-01T00:00:00Z' }),
    });
    expect(response.status).toBe(404);
  });

  it('answers malformed requests with 400 and a reason', async () => {
    const response = await fetch(`${t.client.baseUrl}/api/messages`, {
      method: 'POST',
      headers: JSON_TYPE,
      body: '{"userId":',
    });
    expect(response.status).toBe(400);
    const missing = await fetch(`${t.client.baseUrl}/api/messages`, {
      method: 'POST',
      headers: JSON_TYPE,
      body: JSON.stringify({ userId: 'admin' }),
    });
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as { error: string }).error).toContain('conversationId');
  });

  it('pages /api/sent with after=ID in delivery order', async () => {
    const all = await t.client.sent();
    expect(all.length).toBeGreaterThan(1);
    const ids = all.map((r) => r.id);
    expect([...ids].sort((a, b) => a - b)).toEqual(ids);
    const tail = await t.client.sent(ids[0]);
    expect(tail.map((r) => r.id)).toEqual(ids.slice(1));
  });
});
