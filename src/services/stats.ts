import type { Tx } from '../db/tx.ts';
import { apiUsageRepository } from '../db/repositories/api-usage-repository.ts';
import { ledgerRepository } from '../db/repositories/ledger-repository.ts';
import { matrixRepository } from '../db/repositories/matrix-repository.ts';
import { outboxRepository } from '../db/repositories/outbox-repository.ts';
import { orgRepository } from '../db/repositories/org-repository.ts';
import { projectRepository } from '../db/repositories/project-repository.ts';
import { statsRepository } from '../db/repositories/stats-repository.ts';
import { transferRepository } from '../db/repositories/transfer-repository.ts';
import { currentCycle, type CycleStatus } from '../domain/matrix/cycles.ts';
import { daysBetween, shanghaiDate } from '../domain/matrix/dates.ts';
import { digestOf, isContinuous } from '../domain/matrix/reminders.ts';
import { monthKey } from '../domain/org/api-quota.ts';
import { daysLeft } from '../domain/projects/exclusivity.ts';
import { PROJECT_STATUSES, STATUS_LABELS, type ProjectStatus } from '../domain/projects/status.ts';
import { pendingSeats, SEAT_UNITS, TRANSFER_STATUS_LABELS } from '../domain/transfers/voting.ts';
import { raceWeightsOf } from '../domain/regulation/rules.ts';
import { loadRules } from './rules.ts';
import { parsePeriod, periodBounds, type Period } from '../domain/stats/period.ts';
import { aggregateStats, PROJECT_EVENT_ACTIONS, type WorkflowStats } from '../domain/stats/workflow-stats.ts';
import { UserError } from '../app/errors.ts';
import { workflowStatsMessages } from '../messages/workflow-stats.ts';
import { unitNamer } from '../domain/org/units.ts';

export interface BotStats {
  users: number;
  boundGroups: number;
  unitsWithoutGroup: string[];
  pendingNotices: number;
  deadNotices: number;
  apiMonth: string;
  apiCalls: number;
}

export async function collectStats(tx: Tx, now: Date): Promise<BotStats> {
  const [users, conversations, units, pendingNotices, deadNotices] = await Promise.all([
    orgRepository.listUsers(tx),
    orgRepository.listConversations(tx),
    orgRepository.listUnits(tx),
    outboxRepository.countPending(tx),
    outboxRepository.countDead(tx),
  ]);
  const boundUnitIds = new Set(conversations.flatMap((c) => (c.unit ? [c.unit.id] : [])));
  const apiMonth = monthKey(now);
  return {
    users: users.length,
    boundGroups: conversations.filter((c) => c.unit !== null || c.purpose !== null).length,
    unitsWithoutGroup: units
      .filter((u) => (u.kind === 'DISTRICT' || u.kind === 'PLATFORM') && !boundUnitIds.has(u.id))
      .map((u) => u.name),
    pendingNotices,
    deadNotices,
    apiMonth,
    apiCalls: await apiUsageRepository.total(tx, apiMonth),
  };
}

// ---------------------------------------------------------------------------------------------
// The dashboard: /统计 and the simulator's charts read the same numbers from here

/** How far ahead "expiring soon" looks. */
export const EXPIRING_WITHIN_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

/** Where a responsibility-matrix item stands, judged by its current cycle. */
export const MATRIX_STATES = ['OVERDUE', 'DUE_SOON', 'OPEN', 'AWAITING_IPB', 'CONFIRMED'] as const;
export type MatrixState = (typeof MATRIX_STATES)[number];

export interface UnitPipeline {
  unitId: string;
  unitName: string;
  unitKind: string;
  counts: Record<ProjectStatus, number>;
  total: number;
  amountWan: number;
}

export interface Dashboard {
  /** The Shanghai calendar day the figures are for. */
  today: string;
  projects: {
    statuses: { status: ProjectStatus; label: string }[];
    /** Every district and platform (reporting units), then any other unit with projects. */
    units: UnitPipeline[];
    totals: Record<ProjectStatus, number>;
    total: number;
    amountWan: number;
  };
  expiring: { code: string; name: string; unitName: string; until: Date; daysLeft: number }[];
  /** Stock-project transfers under review or waiting for the applicant's material (四(三)). */
  transfers: {
    code: string;
    enterprise: string;
    from: string;
    to: string;
    status: string;
    statusLabel: string;
    round: number;
    since: Date;
    waitingFor: string[];
  }[];
  matrix: {
    /** One entry per item and lead unit (item 8 has two). */
    items: {
      number: number;
      name: string;
      lead: string;
      label: string | null;
      dueDate: string | null;
      state: MatrixState | null;
      daysLeft: number | null;
    }[];
    states: Record<MatrixState, number>;
    overdue: { number: number; name: string; label: string; dueDate: string; lead: string; daysOverdue: number }[];
  };
}

function matrixState(status: CycleStatus, daysLeft: number, continuous: boolean): MatrixState {
  if (status === 'CONFIRMED') return 'CONFIRMED';
  if (status !== 'OPEN') return 'AWAITING_IPB';
  // 常态化 check-ins have no deadline: never overdue, never "due soon" (DESIGN §7).
  if (continuous) return 'OPEN';
  if (daysLeft < 0) return 'OVERDUE';
  return daysLeft <= EXPIRING_WITHIN_DAYS ? 'DUE_SOON' : 'OPEN';
}

const emptyCounts = (): Record<ProjectStatus, number> =>
  Object.fromEntries(PROJECT_STATUSES.map((s) => [s, 0])) as Record<ProjectStatus, number>;

const REPORTING_KINDS = ['DISTRICT', 'PLATFORM'];

export async function collectDashboard(tx: Tx, now: Date): Promise<Dashboard> {
  const today = shanghaiDate(now);
  const [units, counts, expiring, items, cycles, openTransfers] = await Promise.all([
    orgRepository.listUnits(tx),
    ledgerRepository.countByUnitAndStatus(tx),
    projectRepository.exclusiveUntilBefore(tx, new Date(now.getTime() + EXPIRING_WITHIN_DAYS * DAY_MS), 500),
    matrixRepository.listItems(tx),
    matrixRepository.listCycles(tx),
    transferRepository.listOpen(tx),
  ]);
  const unitName = unitNamer(units);

  const pipeline = new Map<string, UnitPipeline>();
  const row = (unitId: string, unitKind: string): UnitPipeline => {
    const existing = pipeline.get(unitId);
    if (existing !== undefined) return existing;
    const created = { unitId, unitName: unitName(unitId), unitKind, counts: emptyCounts(), total: 0, amountWan: 0 };
    pipeline.set(unitId, created);
    return created;
  };
  for (const unit of units.filter((u) => REPORTING_KINDS.includes(u.kind))) row(unit.id, unit.kind);
  const totals = emptyCounts();
  let total = 0;
  let amountWan = 0;
  for (const c of counts) {
    const target = row(c.unitId, units.find((u) => u.id === c.unitId)?.kind ?? '');
    target.counts[c.status] += c.count;
    target.total += c.count;
    target.amountWan += c.amountWan;
    totals[c.status] += c.count;
    total += c.count;
    amountWan += c.amountWan;
  }
  const unitOrder = new Map(units.map((u, i) => [u.id, (REPORTING_KINDS.includes(u.kind) ? 0 : 1000) + i]));

  const matrixItems: Dashboard['matrix']['items'] = [];
  const states = Object.fromEntries(MATRIX_STATES.map((s) => [s, 0])) as Record<MatrixState, number>;
  for (const item of items) {
    for (const lead of item.leadUnitIds) {
      const cycle = currentCycle(
        cycles.filter((c) => c.itemNumber === item.number && c.leadUnitId === lead),
        today,
      );
      const left = cycle === undefined ? null : daysBetween(today, cycle.dueDate);
      const state = cycle === undefined || left === null ? null : matrixState(cycle.status, left, isContinuous(cycle));
      if (state !== null) states[state] += 1;
      matrixItems.push({
        number: item.number,
        name: item.name,
        lead: unitName(lead),
        label: cycle?.label ?? null,
        dueDate: cycle?.dueDate ?? null,
        state,
        daysLeft: cycle?.status === 'OPEN' ? left : null,
      });
    }
  }
  const itemName = new Map(items.map((i) => [i.number, i.name]));
  const transfers: Dashboard['transfers'] = [];
  for (const transfer of openTransfers) {
    const waiting =
      transfer.status === 'REVIEWING'
        ? pendingSeats(await transferRepository.votesOf(tx, transfer.id, transfer.round))
        : [];
    transfers.push({
      code: transfer.code,
      enterprise: transfer.enterpriseName,
      from: unitName(transfer.fromUnitId),
      to: unitName(transfer.toUnitId),
      status: transfer.status,
      statusLabel: TRANSFER_STATUS_LABELS[transfer.status],
      round: transfer.round,
      since: transfer.roundStartedAt,
      waitingFor: waiting.map((seat) => {
        const unitId = seat === 'INDUSTRY' ? transfer.industryUnitId : SEAT_UNITS[seat];
        return unitName(unitId);
      }),
    });
  }

  return {
    today,
    projects: {
      statuses: PROJECT_STATUSES.map((status) => ({ status, label: STATUS_LABELS[status] })),
      units: [...pipeline.values()].sort((a, b) => (unitOrder.get(a.unitId) ?? 0) - (unitOrder.get(b.unitId) ?? 0)),
      totals,
      total,
      amountWan,
    },
    // The expiry job may not have run yet for a deadline just passed: those are not "expiring".
    expiring: expiring
      .filter((p): p is typeof p & { exclusiveUntil: Date } => p.exclusiveUntil !== null && p.exclusiveUntil > now)
      .map((p) => ({
        code: p.code,
        name: p.name,
        unitName: unitName(p.unitId),
        until: p.exclusiveUntil,
        daysLeft: daysLeft(p.exclusiveUntil, now),
      })),
    transfers,
    matrix: {
      items: matrixItems,
      states,
      overdue: digestOf(cycles, today).overdue.map((c) => ({
        number: c.itemNumber,
        name: itemName.get(c.itemNumber) ?? '',
        label: c.label,
        dueDate: c.dueDate,
        lead: unitName(c.leadUnitId),
        daysOverdue: -daysBetween(today, c.dueDate),
      })),
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Every workflow over a period: /统计 <期间>, the 工作简报 and its charts read these figures

export async function collectWorkflowStats(tx: Tx, period: Period, now: Date): Promise<WorkflowStats> {
  const { start, end } = periodBounds(period);
  const [input, rules] = await Promise.all([
    statsRepository.inputFor(tx, start, end, PROJECT_EVENT_ACTIONS),
    loadRules(tx),
  ]);
  return aggregateStats(input, period, shanghaiDate(now), raceWeightsOf(rules.values));
}

/** The period an officer typed (nothing: this year), or a refusal that says how to write one. */
export function periodOf(input: string | undefined, now: Date): Period {
  const parsed = parsePeriod(input, shanghaiDate(now));
  if (!parsed.ok) throw new UserError(workflowStatsMessages.periodError({ input: input ?? '', error: parsed.error }));
  return parsed.period;
}

export interface PeriodStatsOutcome {
  kind: 'period';
  stats: WorkflowStats;
}

/** `/统计 <期间>`: every workflow's figures for the period, with the 赛马 ranking. */
export async function periodStatsReport(tx: Tx, now: Date, input: string): Promise<PeriodStatsOutcome> {
  return { kind: 'period', stats: await collectWorkflowStats(tx, periodOf(input, now), now) };
}

/** The platform the bot runs on and its monthly API quota, for the operating figures. */
export interface ApiPlan {
  platform: string;
  monthlyQuota: number | null;
}

export interface StatsOverviewOutcome {
  kind: 'overview';
  dashboard: Dashboard;
  /** How far ahead `dashboard.expiring` looks, in days. */
  expiringWithinDays: number;
  /** This year's workflow figures. */
  workflow: WorkflowStats;
  bot: BotStats;
  api: ApiPlan;
}

/** `/统计`: the dashboard, this year's workflow figures, then the bot's own operating figures. */
export async function statsReport(tx: Tx, now: Date, api: ApiPlan): Promise<StatsOverviewOutcome> {
  const [dashboard, bot] = await Promise.all([collectDashboard(tx, now), collectStats(tx, now)]);
  const workflow = await collectWorkflowStats(tx, periodOf(undefined, now), now);
  return { kind: 'overview', dashboard, expiringWithinDays: EXPIRING_WITHIN_DAYS, workflow, bot, api };
}
