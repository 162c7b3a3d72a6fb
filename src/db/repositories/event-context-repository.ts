import { dialectOf, type Tx } from '../tx.ts';
import type { Role } from '../../domain/org/roles.ts';
import { toConversation, toUnit, type ConversationRow, type UserRow } from './org-repository.ts';
import type { InboundStatus } from './inbound-repository.ts';
import type { RuleValueRow } from './rule-repository.ts';
import { jsonTime, txState } from './tx-state.ts';

/** What processing an inbound event starts from: its recorded delivery, who sent it, and where. */
export interface EventContext {
  inbound: { id: number; status: InboundStatus; replies: string | null; receivedAt: Date };
  /** null: nobody registered under this id. */
  user: UserRow | null;
  /** null: the bot has not seen this conversation before. */
  conversation: ConversationRow | null;
}

interface ContextRow {
  id: number | bigint;
  status: string;
  replies: string | null;
  receivedAt: Date | string;
  userId: string | null;
  userName: string | null;
  userUnitId: string | null;
  userUnitName: string | null;
  userUnitKind: string | null;
  userUnitParentId: string | null;
  roles: string | null;
  conversationId: string | null;
  conversationName: string | null;
  conversationType: string | null;
  purpose: string | null;
  conversationUnitId: string | null;
  conversationUnitName: string | null;
  conversationUnitKind: string | null;
  conversationUnitParentId: string | null;
  units: string;
  ruleValues: string;
  auditTail: string | null;
}

export const eventContextRepository = {
  /**
   * The delivery, its sender (unit and roles) and its conversation (bound unit and purpose) in one
   * statement: this runs for every inbound event, so it is one round trip through the driver instead
   * of three. The same statement reads what most commands look up again — the units, the rule values
   * in force, the audit chain's last link — into the transaction's state (tx-state.ts), where the
   * repositories find them without a statement of their own. The rule values in force are the rows no
   * later row of the same rule follows (NOT EXISTS on the (ruleId, id) index: SQLite plans the
   * equivalent IN (SELECT MAX(id) … GROUP BY) with a scan and a bloom filter, several times slower).
   */
  async load(
    tx: Tx,
    event: { platform: string; messageId: string; userId: string; conversationId: string },
  ): Promise<EventContext | null> {
    // Lists come back as JSON array columns; each dialect spells its JSON aggregate its own way.
    const rows =
      dialectOf(tx) === 'postgresql'
        ? await tx.$queryRaw<ContextRow[]>`SELECT i."id", i."status", i."replies", i."receivedAt",
        u."id" AS "userId", u."name" AS "userName", un."id" AS "userUnitId", un."name" AS "userUnitName",
        un."kind" AS "userUnitKind", un."parentId" AS "userUnitParentId",
        (SELECT COALESCE(json_agg(json_build_object('role', r."role", 'scope', r."scope") ORDER BY r."id"),
            '[]'::json)::text FROM "RoleGrant" r WHERE r."userId" = u."id") AS "roles",
        c."id" AS "conversationId", c."name" AS "conversationName", c."type" AS "conversationType", c."purpose",
        cn."id" AS "conversationUnitId", cn."name" AS "conversationUnitName", cn."kind" AS "conversationUnitKind",
        cn."parentId" AS "conversationUnitParentId",
        (SELECT COALESCE(json_agg(json_build_object('id', x."id", 'name', x."name", 'kind', x."kind",
            'parentId', x."parentId") ORDER BY x."id"), '[]'::json)::text FROM "Unit" x) AS "units",
        (SELECT COALESCE(json_agg(json_build_object('id', v."id", 'ruleId', v."ruleId", 'value', v."value",
            'basis', v."basis", 'setBy', v."setBy", 'setAt', v."setAt") ORDER BY v."id"), '[]'::json)::text
          FROM "RuleValue" v
          WHERE NOT EXISTS (SELECT 1 FROM "RuleValue" w WHERE w."ruleId" = v."ruleId" AND w."id" > v."id")) AS "ruleValues",
        (SELECT json_build_object('seq', a."seq", 'hash', a."hash")::text
          FROM "AuditEvent" a ORDER BY a."seq" DESC LIMIT 1) AS "auditTail"
      FROM "InboundMessage" i
      LEFT JOIN "User" u ON u."id" = ${event.userId} LEFT JOIN "Unit" un ON un."id" = u."unitId"
      LEFT JOIN "Conversation" c ON c."id" = ${event.conversationId} LEFT JOIN "Unit" cn ON cn."id" = c."unitId"
      WHERE i."platform" = ${event.platform} AND i."messageId" = ${event.messageId}`
        : await tx.$queryRaw<ContextRow[]>`SELECT i."id", i."status", i."replies", i."receivedAt",
        u."id" AS "userId", u."name" AS "userName", un."id" AS "userUnitId", un."name" AS "userUnitName",
        un."kind" AS "userUnitKind", un."parentId" AS "userUnitParentId",
        (SELECT json_group_array(json_object('role', r."role", 'scope', r."scope") ORDER BY r."id")
          FROM "RoleGrant" r WHERE r."userId" = u."id") AS "roles",
        c."id" AS "conversationId", c."name" AS "conversationName", c."type" AS "conversationType", c."purpose",
        cn."id" AS "conversationUnitId", cn."name" AS "conversationUnitName", cn."kind" AS "conversationUnitKind",
        cn."parentId" AS "conversationUnitParentId",
        (SELECT json_group_array(json_object('id', x."id", 'name', x."name", 'kind', x."kind", 'parentId', x."parentId")
            ORDER BY x."id") FROM "Unit" x) AS "units",
        (SELECT json_group_array(json_object('id', v."id", 'ruleId', v."ruleId", 'value', v."value", 'basis', v."basis",
            'setBy', v."setBy", 'setAt', v."setAt") ORDER BY v."id")
          FROM "RuleValue" v
          WHERE NOT EXISTS (SELECT 1 FROM "RuleValue" w WHERE w."ruleId" = v."ruleId" AND w."id" > v."id")) AS "ruleValues",
        (SELECT json_object('seq', a."seq", 'hash', a."hash")
          FROM "AuditEvent" a ORDER BY a."seq" DESC LIMIT 1) AS "auditTail"
      FROM "InboundMessage" i
      LEFT JOIN "User" u ON u."id" = ${event.userId} LEFT JOIN "Unit" un ON un."id" = u."unitId"
      LEFT JOIN "Conversation" c ON c."id" = ${event.conversationId} LEFT JOIN "Unit" cn ON cn."id" = c."unitId"
      WHERE i."platform" = ${event.platform} AND i."messageId" = ${event.messageId}`;
    const row = rows[0];
    if (row === undefined) return null;
    primeTxState(tx, row);
    return toEventContext(row);
  },
};

function primeTxState(tx: Tx, row: ContextRow): void {
  const state = txState(tx);
  type UnitJson = { id: string; name: string; kind: string; parentId: string | null };
  type RuleValueJson = Omit<RuleValueRow, 'setAt'> & { setAt: string };
  state.units = (JSON.parse(row.units) as UnitJson[]).map(toUnit);
  state.ruleValues = (JSON.parse(row.ruleValues) as RuleValueJson[]).map((v) => ({ ...v, setAt: jsonTime(v.setAt) }));
  state.auditTail = row.auditTail === null ? null : (JSON.parse(row.auditTail) as { seq: number; hash: string });
}

function toEventContext(row: ContextRow): EventContext {
  const unit = (id: string | null, name: string | null, kind: string | null, parentId: string | null) =>
    id === null ? null : toUnit({ id, name: name ?? '', kind: kind ?? '', parentId });
  return {
    inbound: {
      id: Number(row.id),
      status: row.status as InboundStatus,
      replies: row.replies,
      receivedAt: row.receivedAt instanceof Date ? row.receivedAt : new Date(row.receivedAt),
    },
    user:
      row.userId === null
        ? null
        : {
            id: row.userId,
            name: row.userName ?? '',
            unit: unit(row.userUnitId, row.userUnitName, row.userUnitKind, row.userUnitParentId),
            roles: (JSON.parse(row.roles ?? '[]') as { role: string; scope: string }[]).map((r) => ({
              role: r.role as Role,
              scope: r.scope,
            })),
          },
    conversation:
      row.conversationId === null
        ? null
        : toConversation({
            id: row.conversationId,
            name: row.conversationName ?? '',
            type: row.conversationType ?? 'group',
            purpose: row.purpose,
            unit: unit(
              row.conversationUnitId,
              row.conversationUnitName,
              row.conversationUnitKind,
              row.conversationUnitParentId,
            ),
          }),
  };
}
