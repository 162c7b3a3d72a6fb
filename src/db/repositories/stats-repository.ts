import type { Tx } from '../tx.ts';
import type { StatsInput } from '../../domain/stats/workflow-stats.ts';

/** An instant range [start, end). */
type Range = { gte: Date; lt: Date };

/**
 * The read model behind /统计 <期间> and the 工作简报: for each workflow, the rows with a moment in
 * the range (plus every project, which the events refer to). No rules here; the domain counts.
 */
export const statsRepository = {
  async inputFor(tx: Tx, start: Date, end: Date, auditActions: readonly string[]): Promise<StatsInput> {
    const r: Range = { gte: start, lt: end };
    const [
      units,
      projects,
      audit,
      progress,
      violations,
      transfers,
      supportCases,
      findings,
      cityLed,
      land,
      energy,
      diligences,
      cycles,
      notes,
    ] = await Promise.all([
      tx.unit.findMany({ select: { id: true, name: true, kind: true }, orderBy: { id: 'asc' } }),
      tx.project.findMany({
        select: { id: true, code: true, unitId: true, chain: true, amountWan: true, conforms: true, reportedAt: true },
        orderBy: { id: 'asc' },
      }),
      tx.auditEvent.findMany({
        where: { recordType: 'Project', action: { in: [...auditActions] }, at: r },
        select: { action: true, recordId: true, at: true, after: true },
        orderBy: { seq: 'asc' },
      }),
      tx.projectProgress.findMany({
        where: { recordedAt: r },
        select: { projectId: true, stage: true, recordedAt: true },
      }),
      tx.violation.findMany({ where: { recordedAt: r }, select: { projectId: true, unitId: true, recordedAt: true } }),
      tx.transfer.findMany({
        where: { OR: [{ createdAt: r }, { decidedAt: r }] },
        select: {
          code: true,
          fromUnitId: true,
          toUnitId: true,
          status: true,
          createdAt: true,
          decidedAt: true,
          originSharePct: true,
          shareYears: true,
        },
        orderBy: { id: 'asc' },
      }),
      tx.supportCase.findMany({
        where: { OR: [{ createdAt: r }, { decidedAt: r }] },
        select: {
          requestUnitId: true,
          bodyUnitId: true,
          amountWan: true,
          status: true,
          createdAt: true,
          decidedAt: true,
        },
      }),
      tx.policyFinding.findMany({
        where: { OR: [{ createdAt: r }, { disposedAt: r }] },
        select: { unitId: true, status: true, disposition: true, createdAt: true, disposedAt: true },
      }),
      tx.cityLedCase.findMany({
        where: { OR: [{ proposedAt: r }, { decidedAt: r }, { concludedAt: r }] },
        select: { status: true, proposedAt: true, decidedAt: true, concludedAt: true },
      }),
      tx.landRevitalisation.findMany({
        where: { recordedAt: r },
        select: { unitId: true, areaMu: true, rewardMu: true, recordedAt: true },
      }),
      tx.energyRequest.findMany({
        where: { requestedAt: r },
        select: { unitId: true, tonnes: true, grantedTonnes: true, requestedAt: true },
      }),
      tx.fundDiligence.findMany({
        where: { OR: [{ openedAt: r }, { suggestedAt: r }] },
        select: { openedAt: true, suggestedAt: true },
      }),
      tx.matrixCycle.findMany({
        select: { itemNumber: true, key: true, dueDate: true, status: true, completedAt: true },
        orderBy: { id: 'asc' },
      }),
      tx.matrixProgress.findMany({
        where: { recordedAt: r },
        select: { recordedAt: true, cycle: { select: { itemNumber: true, key: true } } },
      }),
    ]);
    return {
      units,
      projects,
      projectEvents: audit.map((e) => ({ action: e.action, code: e.recordId, at: e.at, status: statusIn(e.after) })),
      progress,
      violations,
      transfers,
      supportCases,
      findings,
      cityLed,
      land,
      energy,
      diligences,
      matrixCycles: cycles,
      matrixNotes: notes.map((n) => ({
        itemNumber: n.cycle.itemNumber,
        cycleKey: n.cycle.key,
        recordedAt: n.recordedAt,
      })),
    };
  },
};

function statusIn(after: string | null): string | null {
  if (after === null) return null;
  try {
    const parsed = JSON.parse(after) as { status?: unknown };
    return typeof parsed.status === 'string' ? parsed.status : null;
  } catch {
    return null;
  }
}
