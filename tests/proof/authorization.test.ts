import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findSubcommand, mayRun, type CommandSpec, type SubcommandSpec } from '../../src/app/command.ts';
import type { Role } from '../../src/domain/org/roles.ts';
import { textOf } from '../helpers/sim-client.ts';
import { startTestBot, tempDir, type TestBot } from '../helpers/test-bot.ts';

/**
 * The authorization matrix: every command and every declared subcommand, typed and clicked as a
 * card button, by one demo user of each role and by an unregistered user. Who may run what is
 * declared once, with the commands (the table /帮助 shows); this test holds the app to it, and the
 * literal table below holds the declarations to DESIGN §3, so neither can drift unnoticed.
 */

const dir = tempDir('yipanqi-authz-');
let t: TestBot;

const USER_OF_ROLE: Record<Role, string> = {
  ADMIN: 'admin',
  IPB: 'ipb-zhang',
  REPORTER: 'binjiang-li',
  FINANCE: 'finance-zhao',
  AUDIT: 'audit-qian',
  INDUSTRY: 'industry-sun',
  NRB: 'nrb-he',
  DRC: 'drc-wu',
  SASAC: 'sasac-zheng',
  LEADER: 'leader-zhou',
};
const UNREGISTERED = 'nobody-at-all';
const ROOM = 'authz-room';

/** DESIGN §3 (and the issues that refine it): the roles each command and subcommand admits. */
const EXPECTED: Record<string, readonly Role[] | 'registered'> = {
  帮助: 'registered',
  首报: ['REPORTER'],
  查重: ['REPORTER', 'IPB'],
  项目: 'registered',
  征询: ['IPB'],
  审核: ['IPB'],
  续期: ['IPB'],
  进展: ['REPORTER'],
  违规: ['IPB'],
  布局导引: 'registered',
  '布局导引 添加': ['IPB'],
  '布局导引 移除': ['IPB'],
  '布局导引 导入': ['IPB'],
  市级主谈: ['IPB', 'LEADER'],
  '市级主谈 批准': ['LEADER'],
  '市级主谈 不批准': ['LEADER'],
  '市级主谈 新建': ['IPB'],
  '市级主谈 专项组': ['IPB'],
  '市级主谈 方案': 'registered',
  '市级主谈 协调会': ['IPB'],
  '市级主谈 纪要': ['IPB'],
  一事一议: ['REPORTER', 'IPB', 'SASAC', 'LEADER'],
  '一事一议 决议': ['SASAC', 'LEADER'],
  '一事一议 提交财经委': ['LEADER'],
  '一事一议 审核': ['IPB'],
  用地: ['NRB', 'IPB', 'REPORTER'],
  '用地 登记': ['NRB', 'REPORTER'],
  '用地 盘活': ['NRB'],
  能耗: ['DRC', 'REPORTER', 'IPB'],
  '能耗 额度': ['DRC'],
  '能耗 申请': ['REPORTER'],
  '能耗 分配': ['DRC'],
  基金: ['SASAC', 'IPB'],
  '基金 登记': ['SASAC'],
  '基金 尽调': ['SASAC'],
  '基金 建议': ['SASAC'],
  平台评价: ['IPB', 'DRC', 'INDUSTRY', 'LEADER'],
  '平台评价 录入': ['IPB', 'DRC', 'INDUSTRY'],
  推荐选址: ['IPB', 'LEADER', 'DRC', 'NRB', 'SASAC', 'INDUSTRY'],
  台账: 'registered',
  '台账 确认': ['IPB', 'LEADER'],
  '台账 退回': ['IPB'],
  节假日: ['IPB', 'ADMIN'],
  '节假日 导入': ['ADMIN'],
  统计: ['IPB', 'LEADER', 'AUDIT', 'FINANCE', 'ADMIN'],
  '统计 图': ['IPB', 'LEADER', 'AUDIT', 'FINANCE', 'ADMIN'],
  导出: ['IPB', 'LEADER', 'ADMIN'],
  通报: ['IPB'],
  简报: ['IPB', 'LEADER'],
  制度: 'registered',
  规则: 'registered',
  '规则 设置': ['IPB', 'NRB', 'DRC', 'ADMIN'],
  审计: ['IPB', 'AUDIT', 'ADMIN'],
  流转: ['REPORTER', 'IPB', 'FINANCE', 'AUDIT', 'INDUSTRY'],
  '流转 补充': ['REPORTER'],
  '流转 结论': ['IPB'],
  '流转 执行': ['FINANCE'],
  '流转 <参数>': ['REPORTER'],
  '市级主谈 <参数>': ['IPB'],
  '一事一议 <参数>': ['REPORTER', 'IPB'],
  评审: ['IPB', 'FINANCE', 'AUDIT', 'INDUSTRY'],
  政策备案: ['REPORTER', 'IPB'],
  政策: 'registered',
  比拼: ['IPB', 'AUDIT', 'FINANCE', 'INDUSTRY'],
  '比拼 意见': ['AUDIT', 'FINANCE', 'INDUSTRY'],
  '比拼 处置': ['IPB'],
  绑定群: ['ADMIN'],
  角色: ['ADMIN'],
};

interface Case {
  key: string;
  spec: CommandSpec;
  sub?: SubcommandSpec;
  example: string;
}

function cases(): Case[] {
  return t.bot.app.commands.all().flatMap((spec) => [
    { key: spec.name, spec, example: spec.example },
    ...(spec.subcommands ?? []).map((sub) => ({
      key: sub.words[0] ? `${spec.name} ${sub.words[0]}` : `${spec.name} <参数>`,
      spec,
      sub,
      example: sub.example,
    })),
  ]);
}

function allowed(c: Case, role: Role): boolean {
  const grants = [{ role, scope: '' }];
  // A subcommand open to every registered user is open whatever the command's roles (App.authorize).
  if (c.sub?.roles === 'registered') return true;
  return mayRun(c.spec, grants) && (c.sub === undefined || mayRun(c.sub, grants));
}

beforeAll(async () => {
  t = await startTestBot(`${dir.path}/authz.db`, { dispatch: false });
});

afterAll(async () => {
  await t.stop();
  dir.remove();
});

describe('authorization matrix', () => {
  it('declares exactly the roles the design gives each command and subcommand', () => {
    const declared = Object.fromEntries(cases().map((c) => [c.key, c.sub ? c.sub.roles : c.spec.roles]));
    for (const [key, roles] of Object.entries(EXPECTED)) {
      expect(declared[key], `declaration of /${key}`).toEqual(roles);
    }
    expect(
      Object.keys(declared).filter((key) => !(key in EXPECTED)),
      'commands missing from the expected table',
    ).toEqual([]);
  });

  it('makes every example select the command or subcommand it documents', () => {
    for (const c of cases()) {
      const firstWord = c.example.replace(/^\/\S+\s*/, '').split(/\s+/)[0];
      expect(findSubcommand(c.spec, firstWord, /[=＝]/.test(c.example)), `/${c.key} example ${c.example}`).toBe(c.sub);
    }
  });

  it('lets each role run exactly what it is declared for, typed or clicked, and turns away the unregistered', async () => {
    const failures: string[] = [];
    for (const c of cases()) {
      // A subcommand of a command the role may not use at all is refused at the command.
      const forbidden = `没有使用 /${c.spec.name}`;
      for (const [role, userId] of Object.entries(USER_OF_ROLE) as [Role, string][]) {
        const mayRunIt = allowed(c, role);
        for (const via of ['typed', 'clicked'] as const) {
          const replies =
            via === 'typed'
              ? await t.client.send(userId, ROOM, c.example)
              : await t.client.click(userId, ROOM, 'command', c.example);
          const shown = replies.map(textOf).join('\n');
          const refused = shown.includes(forbidden);
          if (refused === mayRunIt)
            failures.push(
              `${via} ${c.example} as ${role}: expected ${mayRunIt ? 'allowed' : 'refused'}, got ${shown.slice(0, 80)}`,
            );
        }
      }
      const stranger = (await t.client.send(UNREGISTERED, ROOM, c.example)).map(textOf).join('\n');
      if (!stranger.includes('还没有在') || !stranger.includes(UNREGISTERED))
        failures.push(`unregistered ${c.example}: ${stranger.slice(0, 80)}`);
    }
    expect(failures).toEqual([]);
  }, 120_000);
});
