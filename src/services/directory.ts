import type { PrismaClient } from '../db/generated/client.ts';
import { inTransaction } from '../db/tx.ts';
import { orgRepository } from '../db/repositories/org-repository.ts';
import {
  simulatorDeliveryRepository,
  type SimulatorDeliveryRow,
} from '../db/repositories/simulator-delivery-repository.ts';
import type { CommandRegistry } from '../app/command.ts';
import { ROLE_LABELS } from '../domain/org/roles.ts';
import { CONVERSATION_PURPOSES, unitNamer } from '../domain/org/units.ts';
import type { Message, OutboundMessage } from '../app/receiver.ts';
import { zhCN } from '../messages/zh-CN.ts';
import { renderPng } from './charts/render.ts';
import { CHART_NAMES, dashboardCharts } from './dashboard-charts.ts';
import { yearPeriod } from '../domain/stats/period.ts';
import type { UnitFigures } from '../domain/stats/workflow-stats.ts';
import { shanghaiDay } from '../domain/matrix/dates.ts';
import { periodName } from '../messages/workflow-stats.ts';
import {
  collectDashboard,
  collectWorkflowStats,
  EXPIRING_WITHIN_DAYS,
  MATRIX_STATES,
  type Dashboard,
} from './stats.ts';

export interface DirectoryView {
  users: {
    id: string;
    name: string;
    unit: { id: string; name: string } | null;
    roles: { role: string; roleLabel: string; unitName: string | null }[];
  }[];
  conversations: {
    id: string;
    name: string;
    type: 'group' | 'direct';
    unit: { id: string; name: string } | null;
    purposeLabel: string | null;
  }[];
}

export interface SentView {
  id: number;
  to: { conversationId: string } | { userId: string };
  message: Message;
  sentAt: string;
}

/** Read models and the delivery log behind the local simulator (a stand-in chat platform). */
export function createSimulatorBackend(prisma: PrismaClient, commands: CommandRegistry) {
  return {
    async directory(): Promise<DirectoryView> {
      return inTransaction(prisma, async (tx) => {
        const [users, conversations, units] = await Promise.all([
          orgRepository.listUsers(tx),
          orgRepository.listConversations(tx),
          orgRepository.listUnits(tx),
        ]);
        const unitName = unitNamer(units);
        return {
          users: users.map((u) => ({
            id: u.id,
            name: u.name,
            unit: u.unit ? { id: u.unit.id, name: u.unit.name } : null,
            roles: u.roles.map((r) => ({
              role: r.role,
              roleLabel: ROLE_LABELS[r.role],
              unitName: r.scope ? unitName(r.scope) : null,
            })),
          })),
          conversations: conversations.map((c) => ({
            id: c.id,
            name: c.name,
            type: c.type,
            unit: c.unit ? { id: c.unit.id, name: c.unit.name } : null,
            purposeLabel: c.purpose ? CONVERSATION_PURPOSES[c.purpose] : null,
          })),
        };
      });
    },

    async helpFor(userId: string) {
      const user = await inTransaction(prisma, (tx) => orgRepository.findUser(tx, userId));
      const specs = user === null ? [] : commands.visibleTo(user.roles);
      return specs.map((s) => ({
        name: s.name,
        alias: s.alias,
        summary: s.summary,
        usage: s.usage.join('\n'),
        example: s.example,
      }));
    },

    async userExists(userId: string): Promise<boolean> {
      return (await inTransaction(prisma, (tx) => orgRepository.findUser(tx, userId))) !== null;
    },

    async conversationType(conversationId: string): Promise<'group' | 'direct' | null> {
      const conversation = await inTransaction(prisma, (tx) => orgRepository.findConversation(tx, conversationId));
      return conversation?.type ?? null;
    },

    async sentAfter(afterId: number, limit = 500): Promise<SentView[]> {
      const rows = await inTransaction(prisma, (tx) => simulatorDeliveryRepository.after(tx, afterId, limit));
      return rows.map(toSentView);
    },

    async stats(now: Date): Promise<StatsView> {
      const [dashboard, year] = await inTransaction(prisma, (tx) =>
        Promise.all([collectDashboard(tx, now), collectWorkflowStats(tx, yearPeriod(shanghaiDay(now).year), now)]),
      );
      return {
        ...dashboard,
        year: { label: periodName(year.period), ...year.total },
        generatedAt: now.toISOString(),
        expiringWithinDays: EXPIRING_WITHIN_DAYS,
        matrixStates: MATRIX_STATES.map((state) => ({ state, label: zhCN.dashboard.matrixStates[state] ?? state })),
      };
    },

    async chart(name: string, now: Date): Promise<Buffer | null> {
      const chartName = CHART_NAMES.find((n) => n === name);
      if (chartName === undefined) return null;
      // Read in the transaction, draw after it: rendering must not hold the database.
      const charts = await inTransaction(prisma, (tx) => dashboardCharts(tx, now));
      return (await renderPng(charts[chartName])).png;
    },

    /** The simulator platform "shows" a message once per outbox row, even when it is handed over twice. */
    async deliver(outbound: OutboundMessage, now: Date): Promise<SentView | null> {
      const to = outbound.to;
      const row = await inTransaction(prisma, (tx) =>
        simulatorDeliveryRepository.recordOnce(tx, {
          outboxId: Number(outbound.key),
          toConversationId: 'conversationId' in to ? to.conversationId : null,
          toUserId: 'userId' in to ? to.userId : null,
          message: JSON.stringify(outbound.message),
          sentAt: now,
        }),
      );
      return row === null ? null : toSentView(row);
    },
  };
}

export type SimulatorBackend = ReturnType<typeof createSimulatorBackend>;

/** GET /api/stats: the numbers of /统计, with the labels the charts print. */
export interface StatsView extends Dashboard {
  /** This year's workflow figures so far, as /统计 counts them. */
  year: UnitFigures & { label: string };
  generatedAt: string;
  expiringWithinDays: number;
  matrixStates: { state: string; label: string }[];
}

function toSentView(row: SimulatorDeliveryRow): SentView {
  return {
    id: row.id,
    to: row.toConversationId !== null ? { conversationId: row.toConversationId } : { userId: row.toUserId ?? '' },
    message: JSON.parse(row.message) as Message,
    sentAt: row.sentAt.toISOString(),
  };
}
