import type { Tx } from '../tx.ts';
import { poolSelect, requestSelect } from './energy-repository.ts';
import { revitalisationSelect } from './land-repository.ts';
import { filingSelect } from './policy-repository.ts';

/**
 * Whole-table reads for the workflow ledgers of /导出 that their own repositories have no use for
 * (votes with their transfer's code, every filing, land, energy, funds, platform scores, special-group
 * members), each in the order a clerk reads it. These tables stay small (hundreds of rows a year), so
 * each read is one query; project codes and names come along so the ledgers need no joins.
 */
const projectRef = { select: { code: true, name: true, unitId: true } } as const;

export const workflowLedgerRepository = {
  async transferVotes(tx: Tx) {
    return tx.transferVote.findMany({
      select: {
        round: true,
        seat: true,
        verdict: true,
        opinion: true,
        voterId: true,
        votedAt: true,
        transfer: { select: { code: true } },
      },
      orderBy: [{ transferId: 'asc' }, { round: 'asc' }, { votedAt: 'asc' }],
    });
  },

  async filings(tx: Tx) {
    return tx.policyFiling.findMany({
      select: { ...filingSelect, supersededAt: true },
      orderBy: { id: 'asc' },
    });
  },

  async violations(tx: Tx) {
    return tx.violation.findMany({
      select: { unitId: true, description: true, recordedBy: true, recordedAt: true, project: projectRef },
      orderBy: { id: 'asc' },
    });
  },

  async cityLedMembers(tx: Tx): Promise<Map<number, string[]>> {
    const rows = await tx.cityLedMember.findMany({ select: { caseId: true, userId: true }, orderBy: { id: 'asc' } });
    const byCase = new Map<number, string[]>();
    for (const row of rows) byCase.set(row.caseId, [...(byCase.get(row.caseId) ?? []), row.userId]);
    return byCase;
  },

  /** The project each row refers to by id (code, name, unit), for tables that keep a bare project id. */
  withProjects,

  async projectLand(tx: Tx) {
    const rows = await tx.projectLand.findMany({
      select: { projectId: true, areaMu: true, outputWan: true, setBy: true, setAt: true },
      orderBy: { projectId: 'asc' },
    });
    return withProjects(tx, rows);
  },

  async revitalisations(tx: Tx) {
    const rows = await tx.landRevitalisation.findMany({
      select: revitalisationSelect,
      orderBy: { id: 'asc' },
    });
    return withProjects(tx, rows);
  },

  async energyPools(tx: Tx) {
    return tx.energyPool.findMany({
      select: poolSelect,
      orderBy: { year: 'asc' },
    });
  },

  async energyRequests(tx: Tx) {
    const rows = await tx.energyRequest.findMany({
      select: requestSelect,
      orderBy: [{ year: 'asc' }, { id: 'asc' }],
    });
    return withProjects(tx, rows);
  },

  async funds(tx: Tx) {
    return tx.subFund.findMany({
      select: { name: true, chain: true, sizeWan: true, registeredBy: true, registeredAt: true },
      orderBy: { id: 'asc' },
    });
  },

  async diligences(tx: Tx) {
    const rows = await tx.fundDiligence.findMany({
      select: {
        projectId: true,
        status: true,
        openedBy: true,
        openedAt: true,
        suggestion: true,
        suggestedBy: true,
        suggestedAt: true,
        fund: { select: { name: true } },
      },
      orderBy: { id: 'asc' },
    });
    return withProjects(tx, rows);
  },

  async platformScores(tx: Tx) {
    return tx.platformScore.findMany({
      select: {
        year: true,
        unitId: true,
        guide: true,
        landed: true,
        investment: true,
        ecosystem: true,
        recordedBy: true,
        recordedAt: true,
      },
      orderBy: [{ year: 'asc' }, { unitId: 'asc' }],
    });
  },
};

/** Attaches each row's project (code, name, unit) by id: these tables keep a project id without a relation. */
async function withProjects<R extends { projectId: number | null }>(
  tx: Tx,
  rows: R[],
): Promise<(R & { project: { code: string; name: string; unitId: string } | null })[]> {
  const ids = [...new Set(rows.flatMap((r) => (r.projectId === null ? [] : [r.projectId])))];
  const projects =
    ids.length === 0
      ? []
      : await tx.project.findMany({
          where: { id: { in: ids } },
          select: { id: true, code: true, name: true, unitId: true },
        });
  const byId = new Map(projects.map((p) => [p.id, p]));
  return rows.map((r) => ({ ...r, project: r.projectId === null ? null : (byId.get(r.projectId) ?? null) }));
}
