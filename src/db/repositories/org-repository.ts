import { dialectOf, sqlTime, type Tx } from '../tx.ts';
import { txState } from './tx-state.ts';
import type { Role, RoleGrant } from '../../domain/org/roles.ts';
import type { ConversationPurpose, UnitKind } from '../../domain/org/units.ts';

export interface UnitRow {
  id: string;
  name: string;
  kind: UnitKind;
  parentId: string | null;
}

export interface UserRow {
  id: string;
  name: string;
  unit: UnitRow | null;
  roles: RoleGrant[];
}

export interface ConversationRow {
  id: string;
  name: string;
  type: 'group' | 'direct';
  unit: UnitRow | null;
  purpose: ConversationPurpose | null;
}

interface UnitJoinColumns {
  unitId: string | null;
  unitName: string | null;
  unitKind: string | null;
  unitParentId: string | null;
}

interface UserJoinRow extends UnitJoinColumns {
  id: string;
  name: string;
  roles: string;
}

interface ConversationJoinRow extends UnitJoinColumns {
  id: string;
  name: string;
  type: string;
  purpose: string | null;
}

const unitSelect = { id: true, name: true, kind: true, parentId: true } as const;

export function toUnit(row: { id: string; name: string; kind: string; parentId: string | null }): UnitRow {
  return { ...row, kind: row.kind as UnitKind };
}

export const orgRepository = {
  async listUnits(tx: Tx): Promise<UnitRow[]> {
    const state = txState(tx);
    state.units ??= (await tx.unit.findMany({ select: unitSelect, orderBy: { id: 'asc' } })).map(toUnit);
    return state.units;
  },

  async findUnit(tx: Tx, id: string): Promise<UnitRow | null> {
    const row = await tx.unit.findUnique({ where: { id }, select: unitSelect });
    return row === null ? null : toUnit(row);
  },

  /** One statement instead of three: this runs for every inbound message. */
  async findUser(tx: Tx, id: string): Promise<UserRow | null> {
    // The roles come back as one JSON array column; each dialect spells its JSON aggregate its own way.
    const rows =
      dialectOf(tx) === 'postgresql'
        ? await tx.$queryRaw<
            UserJoinRow[]
          >`SELECT u."id", u."name", n."id" AS "unitId", n."name" AS "unitName", n."kind" AS "unitKind", n."parentId" AS "unitParentId",
        (SELECT COALESCE(json_agg(json_build_object('role', r."role", 'scope', r."scope") ORDER BY r."id"), '[]'::json)::text FROM "RoleGrant" r WHERE r."userId" = u."id") AS "roles"
      FROM "User" u LEFT JOIN "Unit" n ON n."id" = u."unitId" WHERE u."id" = ${id}`
        : await tx.$queryRaw<
            UserJoinRow[]
          >`SELECT u."id", u."name", n."id" AS "unitId", n."name" AS "unitName", n."kind" AS "unitKind", n."parentId" AS "unitParentId",
        (SELECT json_group_array(json_object('role', r."role", 'scope', r."scope")) FROM "RoleGrant" r WHERE r."userId" = u."id") AS "roles"
      FROM "User" u LEFT JOIN "Unit" n ON n."id" = u."unitId" WHERE u."id" = ${id}`;
    const row = rows[0];
    if (row === undefined) return null;
    return {
      id: row.id,
      name: row.name,
      unit:
        row.unitId === null
          ? null
          : toUnit({ id: row.unitId, name: row.unitName ?? '', kind: row.unitKind ?? '', parentId: row.unitParentId }),
      roles: (JSON.parse(row.roles) as { role: string; scope: string }[]).map((r) => ({
        role: r.role as Role,
        scope: r.scope,
      })),
    };
  },

  async listUsers(tx: Tx): Promise<UserRow[]> {
    const rows = await tx.user.findMany({
      orderBy: { id: 'asc' },
      select: {
        id: true,
        name: true,
        unit: { select: unitSelect },
        roles: { select: { role: true, scope: true }, orderBy: { id: 'asc' } },
      },
    });
    return rows.map((row) => ({
      id: row.id,
      name: row.name,
      unit: row.unit ? toUnit(row.unit) : null,
      roles: row.roles.map((r) => ({ role: r.role as Role, scope: r.scope })),
    }));
  },

  async findUsersByName(tx: Tx, name: string): Promise<{ id: string; name: string }[]> {
    return tx.user.findMany({ where: { name }, select: { id: true, name: true } });
  },

  async usersOfUnit(tx: Tx, unitId: string): Promise<{ id: string }[]> {
    return tx.user.findMany({ where: { unitId }, select: { id: true }, orderBy: { id: 'asc' } });
  },

  async usersWithRole(tx: Tx, role: Role): Promise<{ id: string }[]> {
    return tx.user.findMany({ where: { roles: { some: { role } } }, select: { id: true }, orderBy: { id: 'asc' } });
  },

  async ensureUser(tx: Tx, user: { id: string; name: string; unitId?: string | null }, now: Date): Promise<void> {
    await tx.user.upsert({
      where: { id: user.id },
      create: { id: user.id, name: user.name, unitId: user.unitId ?? null, createdAt: now },
      update: user.unitId === undefined ? {} : { unitId: user.unitId },
    });
  },

  async renameUser(tx: Tx, id: string, name: string): Promise<void> {
    await tx.user.updateMany({ where: { id, NOT: { name } }, data: { name } });
  },

  async addRole(
    tx: Tx,
    grant: { userId: string; role: Role; scope: string; grantedBy: string },
    now: Date,
  ): Promise<boolean> {
    const inserted = await tx.$executeRaw`INSERT INTO "RoleGrant" ("userId", "role", "scope", "grantedBy", "grantedAt")
      VALUES (${grant.userId}, ${grant.role}, ${grant.scope}, ${grant.grantedBy}, ${sqlTime(now)}) ON CONFLICT ("userId", "role", "scope") DO NOTHING`;
    return inserted > 0;
  },

  async removeRole(tx: Tx, userId: string, role: Role, scope: string | undefined): Promise<number> {
    const result = await tx.roleGrant.deleteMany({
      where: { userId, role, ...(scope === undefined ? {} : { scope }) },
    });
    return result.count;
  },

  async countRole(tx: Tx, role: Role): Promise<number> {
    return tx.roleGrant.count({ where: { role } });
  },

  async findConversation(tx: Tx, id: string): Promise<ConversationRow | null> {
    const rows = await tx.$queryRaw<
      ConversationJoinRow[]
    >`SELECT c."id", c."name", c."type", c."purpose", n."id" AS "unitId", n."name" AS "unitName", n."kind" AS "unitKind", n."parentId" AS "unitParentId"
      FROM "Conversation" c LEFT JOIN "Unit" n ON n."id" = c."unitId" WHERE c."id" = ${id}`;
    const row = rows[0];
    if (row === undefined) return null;
    const unit =
      row.unitId === null
        ? null
        : { id: row.unitId, name: row.unitName ?? '', kind: row.unitKind ?? '', parentId: row.unitParentId };
    return toConversation({ id: row.id, name: row.name, type: row.type, purpose: row.purpose, unit });
  },

  async listConversations(tx: Tx): Promise<ConversationRow[]> {
    const rows = await tx.conversation.findMany({
      orderBy: { id: 'asc' },
      select: { id: true, name: true, type: true, purpose: true, unit: { select: unitSelect } },
    });
    return rows.map(toConversation);
  },

  async ensureConversation(
    tx: Tx,
    conversation: { id: string; name: string; type: 'group' | 'direct' },
  ): Promise<void> {
    await tx.conversation.upsert({ where: { id: conversation.id }, create: conversation, update: {} });
  },

  async conversationsOfUnit(tx: Tx, unitId: string): Promise<{ id: string }[]> {
    return tx.conversation.findMany({ where: { unitId, type: 'group' }, select: { id: true }, orderBy: { id: 'asc' } });
  },

  async conversationForPurpose(tx: Tx, purpose: ConversationPurpose): Promise<{ id: string } | null> {
    return tx.conversation.findUnique({ where: { purpose }, select: { id: true } });
  },

  async bindConversation(
    tx: Tx,
    id: string,
    binding: { unitId: string | null; purpose: ConversationPurpose | null; boundBy: string },
    now: Date,
  ): Promise<void> {
    if (binding.purpose !== null) {
      // A purpose names exactly one conversation; binding it here releases it elsewhere.
      await tx.conversation.updateMany({ where: { purpose: binding.purpose, NOT: { id } }, data: { purpose: null } });
    }
    await tx.conversation.update({
      where: { id },
      data: { unitId: binding.unitId, purpose: binding.purpose, boundBy: binding.boundBy, boundAt: now },
    });
  },
};

export function toConversation(row: {
  id: string;
  name: string;
  type: string;
  purpose: string | null;
  unit: { id: string; name: string; kind: string; parentId: string | null } | null;
}): ConversationRow {
  return {
    id: row.id,
    name: row.name,
    type: row.type === 'direct' ? 'direct' : 'group',
    purpose: row.purpose as ConversationPurpose | null,
    unit: row.unit ? toUnit(row.unit) : null,
  };
}
