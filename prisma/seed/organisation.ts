import type { PrismaClient } from '../../src/db/generated/client.ts';
import type { Role } from '../../src/domain/org/roles.ts';
import type { ConversationPurpose, UnitKind } from '../../src/domain/org/units.ts';

/**
 * The units named by the policy: city departments, the two decision bodies of 三(二), and
 * Hangzhou's 13 districts/counties. Seeded in every deployment; ids are stable and used in
 * conversation ids and tests.
 */
export const POLICY_UNITS: { id: string; name: string; kind: UnitKind; parentId?: string }[] = [
  { id: 'ipb', name: '市投资促进局', kind: 'CITY_DEPT' },
  { id: 'finance', name: '市财政局', kind: 'CITY_DEPT' },
  { id: 'audit', name: '市审计局', kind: 'CITY_DEPT' },
  { id: 'industry', name: '市经信局', kind: 'CITY_DEPT' },
  { id: 'nrb', name: '市规划和自然资源局', kind: 'CITY_DEPT' },
  { id: 'drc', name: '市发改委', kind: 'CITY_DEPT' },
  { id: 'sasac', name: '市国资委', kind: 'CITY_DEPT' },
  { id: 'citygov', name: '市人民政府', kind: 'CITY_DEPT' },
  { id: 'changwu', name: '市政府常务会议', kind: 'DECISION_BODY' },
  { id: 'caijingwei', name: '市委财经委员会', kind: 'DECISION_BODY' },
  { id: 'shangcheng', name: '上城区', kind: 'DISTRICT' },
  { id: 'gongshu', name: '拱墅区', kind: 'DISTRICT' },
  { id: 'xihu', name: '西湖区', kind: 'DISTRICT' },
  { id: 'binjiang', name: '滨江区', kind: 'DISTRICT' },
  { id: 'xiaoshan', name: '萧山区', kind: 'DISTRICT' },
  { id: 'yuhang', name: '余杭区', kind: 'DISTRICT' },
  { id: 'linping', name: '临平区', kind: 'DISTRICT' },
  { id: 'qiantang', name: '钱塘区', kind: 'DISTRICT' },
  { id: 'fuyang', name: '富阳区', kind: 'DISTRICT' },
  { id: 'linan', name: '临安区', kind: 'DISTRICT' },
  { id: 'tonglu', name: '桐庐县', kind: 'DISTRICT' },
  { id: 'chunan', name: '淳安县', kind: 'DISTRICT' },
  { id: 'jiande', name: '建德市', kind: 'DISTRICT' },
];

/** Demo platforms only: real deployments add their own industrial platforms. */
const DEMO_PLATFORMS: typeof POLICY_UNITS = [
  { id: 'future-sci-city', name: '杭州未来科技城', kind: 'PLATFORM', parentId: 'yuhang' },
  { id: 'xiaoshan-etdz', name: '萧山经济技术开发区', kind: 'PLATFORM', parentId: 'xiaoshan' },
  { id: 'binjiang-hitech', name: '杭州高新技术产业开发区', kind: 'PLATFORM', parentId: 'binjiang' },
  { id: 'qingshanhu', name: '青山湖科技城', kind: 'PLATFORM', parentId: 'linan' },
];

interface DemoUser {
  id: string;
  name: string;
  unitId: string | null;
  roles: { role: Role; scope?: string }[];
}

/** The demo organisation of DESIGN §2; ids are a contract used by docs and tests. */
const DEMO_USERS: DemoUser[] = [
  { id: 'admin', name: '系统管理员', unitId: null, roles: [{ role: 'ADMIN' }] },
  { id: 'ipb-zhang', name: '张伟', unitId: 'ipb', roles: [{ role: 'IPB' }] },
  { id: 'ipb-liu', name: '刘洋', unitId: 'ipb', roles: [{ role: 'IPB' }] },
  { id: 'binjiang-li', name: '李明', unitId: 'binjiang', roles: [{ role: 'REPORTER', scope: 'binjiang' }] },
  { id: 'xiaoshan-wang', name: '王芳', unitId: 'xiaoshan', roles: [{ role: 'REPORTER', scope: 'xiaoshan' }] },
  { id: 'yuhang-chen', name: '陈静', unitId: 'yuhang', roles: [{ role: 'REPORTER', scope: 'yuhang' }] },
  { id: 'finance-zhao', name: '赵磊', unitId: 'finance', roles: [{ role: 'FINANCE' }] },
  { id: 'audit-qian', name: '钱敏', unitId: 'audit', roles: [{ role: 'AUDIT' }] },
  { id: 'industry-sun', name: '孙强', unitId: 'industry', roles: [{ role: 'INDUSTRY', scope: 'industry' }] },
  { id: 'nrb-he', name: '何军', unitId: 'nrb', roles: [{ role: 'NRB' }] },
  { id: 'drc-wu', name: '吴涛', unitId: 'drc', roles: [{ role: 'DRC' }] },
  { id: 'sasac-zheng', name: '郑华', unitId: 'sasac', roles: [{ role: 'SASAC' }] },
  {
    id: 'leader-zhou',
    name: '周建国',
    unitId: 'citygov',
    roles: [{ role: 'LEADER' }, { role: 'LEADER', scope: 'changwu' }, { role: 'LEADER', scope: 'caijingwei' }],
  },
];

const DISTRICT_IDS = POLICY_UNITS.filter((u) => u.kind === 'DISTRICT').map((u) => u.id);

const DEMO_CONVERSATIONS: { id: string; name: string; unitId?: string; purpose?: ConversationPurpose }[] = [
  { id: 'city', name: '全市招商协调群', purpose: 'CITY' },
  { id: 'ipb', name: '市投资促进局工作群', unitId: 'ipb' },
  { id: 'finance', name: '市财政局工作群', unitId: 'finance' },
  { id: 'audit', name: '市审计局工作群', unitId: 'audit' },
  { id: 'nrb', name: '市规划和自然资源局工作群', unitId: 'nrb' },
  { id: 'drc', name: '市发改委工作群', unitId: 'drc' },
  { id: 'sasac', name: '市国资委工作群', unitId: 'sasac' },
  { id: 'industry', name: '市经信局工作群', unitId: 'industry' },
  { id: 'leaders', name: '领导群', purpose: 'LEADERS' },
  { id: 'changwu', name: '市政府常务会议', unitId: 'changwu' },
  { id: 'caijingwei', name: '市委财经委员会', unitId: 'caijingwei' },
  ...DISTRICT_IDS.map((id) => ({
    id,
    name: `${POLICY_UNITS.find((u) => u.id === id)?.name ?? id}招商工作群`,
    unitId: id,
  })),
];

async function upsertUnits(prisma: PrismaClient, units: typeof POLICY_UNITS): Promise<void> {
  await prisma.$transaction(async (tx) => {
    for (const unit of units) {
      await tx.unit.upsert({
        where: { id: unit.id },
        create: { ...unit, parentId: unit.parentId ?? null },
        update: {},
      });
    }
  });
}

/** Creates missing policy units; existing rows are left as administrators changed them. */
export function seedPolicyUnits(prisma: PrismaClient): Promise<void> {
  return upsertUnits(prisma, POLICY_UNITS);
}

/** Bootstraps administrators from ADMIN_USER_IDS so somebody can grant the first roles. */
export async function seedAdministrators(
  prisma: PrismaClient,
  adminUserIds: readonly string[],
  now: Date,
): Promise<void> {
  await prisma.$transaction(async (tx) => {
    for (const id of adminUserIds) {
      await tx.user.upsert({ where: { id }, create: { id, name: id, createdAt: now }, update: {} });
      await tx.roleGrant.upsert({
        where: { userId_role_scope: { userId: id, role: 'ADMIN', scope: '' } },
        create: { userId: id, role: 'ADMIN', scope: '', grantedBy: 'ADMIN_USER_IDS', grantedAt: now },
        update: {},
      });
    }
  });
}

/** Idempotent: creates only what is missing, so a second start changes nothing. */
export async function seedDemoOrganisation(prisma: PrismaClient, now: Date): Promise<void> {
  await upsertUnits(prisma, DEMO_PLATFORMS);
  await prisma.$transaction(async (tx) => {
    for (const user of DEMO_USERS) {
      await tx.user.upsert({
        where: { id: user.id },
        create: { id: user.id, name: user.name, unitId: user.unitId, createdAt: now },
        update: {},
      });
      for (const grant of user.roles) {
        const scope = grant.scope ?? '';
        await tx.roleGrant.upsert({
          where: { userId_role_scope: { userId: user.id, role: grant.role, scope } },
          create: { userId: user.id, role: grant.role, scope, grantedBy: 'demo-seed', grantedAt: now },
          update: {},
        });
      }
    }
    for (const conversation of DEMO_CONVERSATIONS) {
      const exists = await tx.conversation.findUnique({ where: { id: conversation.id }, select: { id: true } });
      if (exists) continue;
      // A purpose already taken by another conversation stays where an administrator bound it.
      const purposeTaken = conversation.purpose
        ? await tx.conversation.findUnique({ where: { purpose: conversation.purpose }, select: { id: true } })
        : null;
      await tx.conversation.create({
        data: {
          id: conversation.id,
          name: conversation.name,
          type: 'group',
          unitId: conversation.unitId ?? null,
          purpose: purposeTaken ? null : (conversation.purpose ?? null),
          boundBy: 'demo-seed',
          boundAt: now,
        },
      });
    }
  });
}
