import type { Tx } from '../tx.ts';

/**
 * Whole-table reads for the workflow ledgers of /导出 (流转, 一事一议, 比拼, 违规, 用地, 能耗, 基金,
 * 平台评价, 市级主谈), each in the order a clerk reads it. These tables stay small (hundreds of rows a
 * year), so each read is one query. Project codes and names come along so the ledgers need no joins.
 */
const projectRef = { select: { code: true, name: true, unitId: true } } as const;

export const workflowLedgerRepository = {
  async transfers(tx: Tx) {
    return tx.transfer.findMany({
      select: {
        code: true,
        enterpriseName: true,
        creditCode: true,
        chain: true,
        fromUnitId: true,
        toUnitId: true,
        industryUnitId: true,
        reason: true,
        promise: true,
        originSharePct: true,
        shareYears: true,
        status: true,
        round: true,
        policyCheck: true,
        applicantId: true,
        createdAt: true,
        decidedAt: true,
      },
      orderBy: { id: 'asc' },
    });
  },

  async transferVotes(tx: Tx) {
    return tx.transferVote.findMany({
      select: { round: true, seat: true, verdict: true, opinion: true, voterId: true, votedAt: true, transfer: { select: { code: true } } },
      orderBy: [{ transferId: 'asc' }, { round: 'asc' }, { votedAt: 'asc' }],
    });
  },

  async supportCases(tx: Tx) {
    const rows = await tx.supportCase.findMany({
      select: {
        code: true,
        projectId: true,
        mode: true,
        amountWan: true,
        description: true,
        requestedBy: true,
        requestUnitId: true,
        bodyUnitId: true,
        status: true,
        escalatedAt: true,
        decidedBy: true,
        decidedAt: true,
        decisionNote: true,
        createdAt: true,
      },
      orderBy: { id: 'asc' },
    });
    return withProjects(tx, rows);
  },

  async findings(tx: Tx) {
    return tx.policyFinding.findMany({
      select: {
        code: true,
        unitId: true,
        chain: true,
        excess: true,
        status: true,
        disposition: true,
        dispositionNote: true,
        disposedBy: true,
        disposedAt: true,
        createdAt: true,
        filing: { select: { code: true, type: true, ratePct: true, capWan: true, years: true } },
      },
      orderBy: { id: 'asc' },
    });
  },

  async filings(tx: Tx) {
    return tx.policyFiling.findMany({
      select: { code: true, unitId: true, chain: true, type: true, ratePct: true, capWan: true, years: true, note: true, host: true, status: true, filedBy: true, filedAt: true, supersededAt: true },
      orderBy: { id: 'asc' },
    });
  },

  async violations(tx: Tx) {
    return tx.violation.findMany({
      select: { unitId: true, description: true, recordedBy: true, recordedAt: true, project: projectRef },
      orderBy: { id: 'asc' },
    });
  },

  async projectLand(tx: Tx) {
    const rows = await tx.projectLand.findMany({ select: { projectId: true, areaMu: true, outputWan: true, setBy: true, setAt: true }, orderBy: { projectId: 'asc' } });
    return withProjects(tx, rows);
  },

  async revitalisations(tx: Tx) {
    const rows = await tx.landRevitalisation.findMany({
      select: { unitId: true, areaMu: true, supplyYear: true, rewardYear: true, rewardMu: true, projectId: true, note: true, recordedBy: true, recordedAt: true },
      orderBy: { id: 'asc' },
    });
    return withProjects(tx, rows);
  },

  async energyPools(tx: Tx) {
    return tx.energyPool.findMany({ select: { year: true, tonnes: true, setBy: true, setAt: true, allocatedAt: true, allocatedBy: true }, orderBy: { year: 'asc' } });
  },

  async energyRequests(tx: Tx) {
    const rows = await tx.energyRequest.findMany({
      select: { year: true, projectId: true, unitId: true, tonnes: true, outputWan: true, requestedBy: true, requestedAt: true, outcome: true, grantedTonnes: true, rank: true },
      orderBy: [{ year: 'asc' }, { id: 'asc' }],
    });
    return withProjects(tx, rows);
  },

  async funds(tx: Tx) {
    return tx.subFund.findMany({ select: { name: true, chain: true, sizeWan: true, registeredBy: true, registeredAt: true }, orderBy: { id: 'asc' } });
  },

  async diligences(tx: Tx) {
    const rows = await tx.fundDiligence.findMany({
      select: { projectId: true, status: true, openedBy: true, openedAt: true, suggestion: true, suggestedBy: true, suggestedAt: true, fund: { select: { name: true } } },
      orderBy: { id: 'asc' },
    });
    return withProjects(tx, rows);
  },

  async platformScores(tx: Tx) {
    return tx.platformScore.findMany({
      select: { year: true, unitId: true, guide: true, landed: true, investment: true, ecosystem: true, recordedBy: true, recordedAt: true },
      orderBy: [{ year: 'asc' }, { unitId: 'asc' }],
    });
  },

  async cityLedCases(tx: Tx) {
    const rows = await tx.cityLedCase.findMany({
      select: {
        id: true,
        projectId: true,
        fromUnitId: true,
        reason: true,
        evaluation: true,
        status: true,
        proposedBy: true,
        proposedAt: true,
        decidedBy: true,
        decidedAt: true,
        decisionNote: true,
        meetingAt: true,
        hostUnitId: true,
        minutes: true,
        concludedAt: true,
        members: { select: { userId: true }, orderBy: { id: 'asc' } },
      },
      orderBy: { id: 'asc' },
    });
    return withProjects(tx, rows);
  },
};

/** Attaches each row's project (code, name, unit) by id: these tables keep a project id without a relation. */
async function withProjects<R extends { projectId: number | null }>(tx: Tx, rows: R[]): Promise<(R & { project: { code: string; name: string; unitId: string } | null })[]> {
  const ids = [...new Set(rows.flatMap((r) => (r.projectId === null ? [] : [r.projectId])))];
  const projects = ids.length === 0 ? [] : await tx.project.findMany({ where: { id: { in: ids } }, select: { id: true, code: true, name: true, unitId: true } });
  const byId = new Map(projects.map((p) => [p.id, p]));
  return rows.map((r) => ({ ...r, project: r.projectId === null ? null : (byId.get(r.projectId) ?? null) }));
}
