import { sameInvestor } from './investor-identity.ts';
import { isActive, type ProjectStatus } from './status.ts';

export interface ProjectClaim {
  code: string;
  unitId: string;
  chain: string;
  status: ProjectStatus;
  investorName: string;
  creditCode: string | null;
  reportedAt: Date;
  exclusiveUntil: Date | null;
}

export interface ReportedInvestor {
  unitId: string;
  chain: string;
  investorName: string;
  creditCode: string | null;
}

/**
 * How a report stands against the earlier reports of the same investor (DESIGN §4.2):
 * - held: another unit holds the investor for this chain (EXCLUSIVE, CITY_LED or SIGNED) → CONFLICT;
 * - pendingEarlier: another unit reported it first and awaits review → IPB reviews both, the earlier has priority;
 * - ownDuplicate: the same unit already has an active report of it for this chain;
 * - related: the investor is active elsewhere in another chain → shown to IPB, not blocking.
 */
export interface ConflictAssessment {
  held: ProjectClaim[];
  pendingEarlier: ProjectClaim[];
  ownDuplicate: ProjectClaim[];
  related: ProjectClaim[];
}

export function assessConflict(report: ReportedInvestor, candidates: readonly ProjectClaim[]): ConflictAssessment {
  const result: ConflictAssessment = { held: [], pendingEarlier: [], ownDuplicate: [], related: [] };
  const ordered = [...candidates].sort(
    (a, b) => a.reportedAt.getTime() - b.reportedAt.getTime() || a.code.localeCompare(b.code),
  );
  for (const claim of ordered) {
    if (!isActive(claim.status)) continue;
    if (
      !sameInvestor(
        { name: report.investorName, creditCode: report.creditCode },
        { name: claim.investorName, creditCode: claim.creditCode },
      ).same
    )
      continue;
    if (claim.chain !== report.chain) result.related.push(claim);
    else if (claim.unitId === report.unitId) result.ownDuplicate.push(claim);
    else if (claim.status === 'PENDING') result.pendingEarlier.push(claim);
    else result.held.push(claim);
  }
  return result;
}

/** The status a new report starts in: CONFLICT when another unit already holds the investor. */
export function initialStatus(assessment: ConflictAssessment): ProjectStatus {
  return assessment.held.length > 0 ? 'CONFLICT' : 'PENDING';
}

/**
 * When IPB grants one report, the other units' pending reports of the same investor and chain
 * lose (§4.2: "granting one closes the others as CONFLICT").
 */
export function rivalsClosedByGrant<T extends ProjectClaim>(granted: ProjectClaim, candidates: readonly T[]): T[] {
  return candidates.filter(
    (claim) =>
      claim.code !== granted.code &&
      claim.status === 'PENDING' &&
      claim.chain === granted.chain &&
      claim.unitId !== granted.unitId &&
      sameInvestor(
        { name: granted.investorName, creditCode: granted.creditCode },
        { name: claim.investorName, creditCode: claim.creditCode },
      ).same,
  );
}

/** Earlier pending reports of another unit that have priority over `project` (§4.2). */
export function earlierPendingRivals(project: ProjectClaim, candidates: readonly ProjectClaim[]): ProjectClaim[] {
  return rivalsClosedByGrant(project, candidates).filter(
    (claim) =>
      claim.reportedAt.getTime() < project.reportedAt.getTime() ||
      (claim.reportedAt.getTime() === project.reportedAt.getTime() && claim.code < project.code),
  );
}
