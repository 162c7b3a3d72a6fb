import type { Tx } from '../db/tx.ts';
import { cityLedRepository } from '../db/repositories/city-led-repository.ts';
import { policyRepository } from '../db/repositories/policy-repository.ts';
import { supportCaseRepository } from '../db/repositories/support-case-repository.ts';
import { transferRepository } from '../db/repositories/transfer-repository.ts';
import { workflowLedgerRepository } from '../db/repositories/workflow-ledger-repository.ts';
import { platformTotal, platformWeights } from '../domain/factors/platform.ts';
import { platformWeightsOf } from '../domain/regulation/rules.ts';
import { loadRules } from './rules.ts';
import { DISPOSITION_LABELS } from '../domain/policies/findings.ts';
import { POLICY_TYPE_LABELS, type PolicyTerms } from '../domain/policies/terms.ts';
import { SUPPORT_MODE_LABELS } from '../domain/support/cases.ts';
import { TRANSFER_STATUS_LABELS, VERDICT_LABELS, type Verdict } from '../domain/transfers/voting.ts';
import { cityLedMessages } from '../messages/city-led.ts';
import { energyMessages } from '../messages/energy.ts';
import { describeFindingExcess, describeTerms, type PromiseExcess } from '../messages/policies.ts';
import { supportMessages } from '../messages/support-cases.ts';
import { workflowLedgerMessages as t } from '../messages/workflow-ledgers.ts';
import type { SheetColumn, XlsxFile } from './xlsx-writer.ts';

/** The ledgers /导出 writes beside 项目 and 台账, one per coordination workflow. */
export const WORKFLOW_SUBJECTS = [
  'transfers',
  'support',
  'findings',
  'violations',
  'land',
  'energy',
  'funds',
  'platforms',
  'cityLed',
] as const;
export type WorkflowSubject = (typeof WORKFLOW_SUBJECTS)[number];

export interface Names {
  unit(id: string): string;
  user(id: string | null): string;
}

/** One sheet, ready to write: its rows were read before the file was opened. */
export interface LedgerSheet {
  name: string;
  rows: number;
  writeTo(file: XlsxFile): void;
}

export interface WorkflowLedger {
  title: string;
  sheets: LedgerSheet[];
}

function sheetOf<R>(name: string, columns: SheetColumn<R>[], rows: readonly R[]): LedgerSheet {
  return {
    name,
    rows: rows.length,
    writeTo(file) {
      const sheet = file.sheet(name, columns);
      for (const row of rows) sheet.add(row);
    },
  };
}

const label = (labels: Readonly<Record<string, string>>, value: string | null) =>
  value === null ? null : (labels[value] ?? value);
const yesNo = (value: boolean) => (value ? t.yes() : t.no());

export async function buildWorkflowLedger(tx: Tx, subject: WorkflowSubject, names: Names): Promise<WorkflowLedger> {
  const r = workflowLedgerRepository;
  switch (subject) {
    case 'transfers': {
      const h = t.transfers.headers;
      const v = t.transfers.voteHeaders;
      const [transfers, votes] = await Promise.all([transferRepository.listAll(tx), r.transferVotes(tx)]);
      return {
        title: t.transfers.title(),
        sheets: [
          sheetOf<(typeof transfers)[number]>(
            t.transfers.sheet(),
            [
              { header: h.code, kind: 'text', width: 14, value: (x) => x.code },
              { header: h.enterprise, kind: 'text', width: 28, value: (x) => x.enterpriseName },
              { header: h.creditCode, kind: 'text', width: 21, value: (x) => x.creditCode },
              { header: h.chain, kind: 'text', width: 14, value: (x) => x.chain },
              { header: h.from, kind: 'text', value: (x) => names.unit(x.fromUnitId) },
              { header: h.to, kind: 'text', value: (x) => names.unit(x.toUnitId) },
              { header: h.industry, kind: 'text', value: (x) => names.unit(x.industryUnitId) },
              { header: h.reason, kind: 'longtext', width: 30, value: (x) => x.reason },
              {
                header: h.promise,
                kind: 'longtext',
                width: 30,
                value: (x) =>
                  x.promise === null ? null : (JSON.parse(x.promise) as PolicyTerms[]).map(describeTerms).join('；'),
              },
              { header: h.share, kind: 'integer', value: (x) => x.originSharePct },
              { header: h.years, kind: 'integer', value: (x) => x.shareYears },
              { header: h.status, kind: 'text', width: 12, value: (x) => TRANSFER_STATUS_LABELS[x.status] },
              { header: h.round, kind: 'integer', value: (x) => x.round },
              { header: h.conclusion, kind: 'longtext', width: 30, value: (x) => x.conclusionNote },
              { header: h.applicant, kind: 'text', width: 10, value: (x) => names.user(x.applicantId) },
              { header: h.createdAt, kind: 'datetime', value: (x) => x.createdAt },
              { header: h.decidedAt, kind: 'datetime', value: (x) => x.decidedAt },
            ],
            transfers,
          ),
          sheetOf<(typeof votes)[number]>(
            t.transfers.votesSheet(),
            [
              { header: v.code, kind: 'text', width: 14, value: (x) => x.transfer.code },
              { header: v.round, kind: 'integer', value: (x) => x.round },
              { header: v.seat, kind: 'text', value: (x) => label(t.transfers.seats, x.seat) },
              {
                header: v.verdict,
                kind: 'text',
                width: 10,
                value: (x) => VERDICT_LABELS[x.verdict as Verdict] ?? x.verdict,
              },
              { header: v.opinion, kind: 'longtext', width: 36, value: (x) => x.opinion },
              { header: v.voter, kind: 'text', width: 10, value: (x) => names.user(x.voterId) },
              { header: v.at, kind: 'datetime', value: (x) => x.votedAt },
            ],
            votes,
          ),
        ],
      };
    }
    case 'support': {
      const h = t.support.headers;
      const rows = await r.withProjects(tx, await supportCaseRepository.listAll(tx));
      return {
        title: t.support.title(),
        sheets: [
          sheetOf<(typeof rows)[number]>(
            t.support.sheet(),
            [
              { header: h.code, kind: 'text', width: 14, value: (x) => x.code },
              { header: h.project, kind: 'text', width: 14, value: (x) => x.project?.code ?? null },
              { header: h.projectName, kind: 'text', width: 24, value: (x) => x.project?.name ?? null },
              { header: h.mode, kind: 'text', width: 12, value: (x) => SUPPORT_MODE_LABELS[x.mode] },
              { header: h.amount, kind: 'wan', value: (x) => x.amountWan },
              { header: h.description, kind: 'longtext', width: 30, value: (x) => x.description },
              { header: h.requester, kind: 'text', width: 10, value: (x) => names.user(x.requestedBy) },
              { header: h.unit, kind: 'text', value: (x) => names.unit(x.requestUnitId) },
              { header: h.body, kind: 'text', width: 20, value: (x) => names.unit(x.bodyUnitId) },
              { header: h.status, kind: 'text', width: 10, value: (x) => label(supportMessages.statusLabel, x.status) },
              { header: h.createdAt, kind: 'datetime', value: (x) => x.createdAt },
              { header: h.screenedAt, kind: 'datetime', value: (x) => x.screenedAt },
              { header: h.screenedBy, kind: 'text', width: 10, value: (x) => names.user(x.screenedBy) },
              { header: h.screeningNote, kind: 'longtext', width: 30, value: (x) => x.screeningNote },
              { header: h.escalatedAt, kind: 'datetime', value: (x) => x.escalatedAt },
              { header: h.decidedAt, kind: 'datetime', value: (x) => x.decidedAt },
              { header: h.decidedBy, kind: 'text', width: 10, value: (x) => names.user(x.decidedBy) },
              { header: h.note, kind: 'longtext', width: 30, value: (x) => x.decisionNote },
            ],
            rows,
          ),
        ],
      };
    }
    case 'findings': {
      const h = t.findings.headers;
      const f = t.findings.filingHeaders;
      const [findings, filings, transfers] = await Promise.all([
        policyRepository.listAllFindings(tx),
        r.filings(tx),
        transferRepository.listAll(tx),
      ]);
      const filingById = new Map(filings.map((f) => [f.id, f]));
      const transferById = new Map(transfers.map((c) => [c.id, c]));
      // A finding is about a filing, or about a transfer destination's promise (its items' types, DESIGN §5.3).
      const typesOf = (x: (typeof findings)[number]) =>
        x.filingId !== null
          ? label(POLICY_TYPE_LABELS, filingById.get(x.filingId)?.type ?? null)
          : ((JSON.parse(x.excess) as { items?: PromiseExcess[] }).items
              ?.map((i) => POLICY_TYPE_LABELS[i.terms.type])
              .join('、') ?? null);
      return {
        title: t.findings.title(),
        sheets: [
          sheetOf<(typeof findings)[number]>(
            t.findings.sheet(),
            [
              { header: h.code, kind: 'text', width: 14, value: (x) => x.code },
              {
                header: h.filing,
                kind: 'text',
                width: 14,
                value: (x) =>
                  (x.filingId !== null
                    ? filingById.get(x.filingId)?.code
                    : x.transferId !== null
                      ? transferById.get(x.transferId)?.code
                      : null) ?? null,
              },
              { header: h.unit, kind: 'text', value: (x) => names.unit(x.unitId) },
              { header: h.chain, kind: 'text', width: 14, value: (x) => x.chain },
              { header: h.type, kind: 'text', width: 12, value: typesOf },
              { header: h.excess, kind: 'longtext', width: 40, value: (x) => describeFindingExcess(x.excess) },
              { header: h.status, kind: 'text', width: 10, value: (x) => label(t.findings.statusLabel, x.status) },
              {
                header: h.disposition,
                kind: 'text',
                width: 18,
                value: (x) => label(DISPOSITION_LABELS, x.disposition),
              },
              { header: h.note, kind: 'longtext', width: 30, value: (x) => x.dispositionNote },
              { header: h.disposedBy, kind: 'text', width: 10, value: (x) => names.user(x.disposedBy) },
              { header: h.disposedAt, kind: 'datetime', value: (x) => x.disposedAt },
              { header: h.createdAt, kind: 'datetime', value: (x) => x.createdAt },
            ],
            findings,
          ),
          sheetOf<(typeof filings)[number]>(
            t.findings.filingsSheet(),
            [
              { header: f.code, kind: 'text', width: 14, value: (x) => x.code },
              { header: f.unit, kind: 'text', value: (x) => names.unit(x.unitId) },
              { header: f.chain, kind: 'text', width: 14, value: (x) => x.chain },
              { header: f.type, kind: 'text', width: 12, value: (x) => label(POLICY_TYPE_LABELS, x.type) },
              { header: f.rate, kind: 'integer', value: (x) => x.ratePct },
              { header: f.cap, kind: 'wan', value: (x) => x.capWan },
              { header: f.years, kind: 'integer', value: (x) => x.years },
              { header: f.note, kind: 'longtext', width: 24, value: (x) => x.note },
              { header: f.host, kind: 'text', width: 8, value: (x) => yesNo(x.host) },
              { header: f.status, kind: 'text', width: 14, value: (x) => label(t.findings.filingStatus, x.status) },
              { header: f.filedBy, kind: 'text', width: 10, value: (x) => names.user(x.filedBy) },
              { header: f.filedAt, kind: 'datetime', value: (x) => x.filedAt },
              { header: f.supersededAt, kind: 'datetime', value: (x) => x.supersededAt },
            ],
            filings,
          ),
        ],
      };
    }
    case 'violations': {
      const h = t.violations.headers;
      const rows = await r.violations(tx);
      return {
        title: t.violations.title(),
        sheets: [
          sheetOf<(typeof rows)[number]>(
            t.violations.sheet(),
            [
              { header: h.project, kind: 'text', width: 14, value: (x) => x.project.code },
              { header: h.projectName, kind: 'text', width: 24, value: (x) => x.project.name },
              { header: h.projectUnit, kind: 'text', value: (x) => names.unit(x.project.unitId) },
              { header: h.unit, kind: 'text', value: (x) => names.unit(x.unitId) },
              { header: h.description, kind: 'longtext', width: 40, value: (x) => x.description },
              { header: h.by, kind: 'text', width: 10, value: (x) => names.user(x.recordedBy) },
              { header: h.at, kind: 'datetime', value: (x) => x.recordedAt },
            ],
            rows,
          ),
        ],
      };
    }
    case 'land': {
      const p = t.land.projectHeaders;
      const v = t.land.revitalisedHeaders;
      const [land, revitalised] = await Promise.all([r.projectLand(tx), r.revitalisations(tx)]);
      return {
        title: t.land.title(),
        sheets: [
          sheetOf<(typeof land)[number]>(
            t.land.projectsSheet(),
            [
              { header: p.project, kind: 'text', width: 14, value: (x) => x.project?.code ?? null },
              { header: p.projectName, kind: 'text', width: 24, value: (x) => x.project?.name ?? null },
              { header: p.unit, kind: 'text', value: (x) => (x.project ? names.unit(x.project.unitId) : null) },
              { header: p.area, kind: 'integer', value: (x) => x.areaMu },
              { header: p.output, kind: 'wan', value: (x) => x.outputWan },
              {
                header: p.perMu,
                kind: 'integer',
                value: (x) => (x.areaMu > 0 ? Math.round((x.outputWan / x.areaMu) * 10) / 10 : null),
              },
              { header: p.by, kind: 'text', width: 10, value: (x) => names.user(x.setBy) },
              { header: p.at, kind: 'datetime', value: (x) => x.setAt },
            ],
            land,
          ),
          sheetOf<(typeof revitalised)[number]>(
            t.land.revitalisedSheet(),
            [
              { header: v.unit, kind: 'text', value: (x) => names.unit(x.unitId) },
              { header: v.area, kind: 'integer', value: (x) => x.areaMu },
              { header: v.supplyYear, kind: 'integer', value: (x) => x.supplyYear },
              { header: v.rewardYear, kind: 'integer', value: (x) => x.rewardYear },
              { header: v.reward, kind: 'integer', value: (x) => x.rewardMu },
              { header: v.project, kind: 'text', width: 14, value: (x) => x.project?.code ?? null },
              { header: v.note, kind: 'longtext', width: 30, value: (x) => x.note },
              { header: v.by, kind: 'text', width: 10, value: (x) => names.user(x.recordedBy) },
              { header: v.at, kind: 'datetime', value: (x) => x.recordedAt },
            ],
            revitalised,
          ),
        ],
      };
    }
    case 'energy': {
      const p = t.energy.poolHeaders;
      const q = t.energy.requestHeaders;
      const [pools, requests] = await Promise.all([r.energyPools(tx), r.energyRequests(tx)]);
      return {
        title: t.energy.title(),
        sheets: [
          sheetOf<(typeof pools)[number]>(
            t.energy.poolsSheet(),
            [
              { header: p.year, kind: 'integer', value: (x) => x.year },
              { header: p.tonnes, kind: 'integer', value: (x) => x.tonnes },
              { header: p.by, kind: 'text', width: 10, value: (x) => names.user(x.setBy) },
              { header: p.at, kind: 'datetime', value: (x) => x.setAt },
              { header: p.allocatedAt, kind: 'datetime', value: (x) => x.allocatedAt },
              { header: p.allocatedBy, kind: 'text', width: 10, value: (x) => names.user(x.allocatedBy) },
            ],
            pools,
          ),
          sheetOf<(typeof requests)[number]>(
            t.energy.requestsSheet(),
            [
              { header: q.year, kind: 'integer', value: (x) => x.year },
              { header: q.project, kind: 'text', width: 14, value: (x) => x.project?.code ?? null },
              { header: q.projectName, kind: 'text', width: 24, value: (x) => x.project?.name ?? null },
              { header: q.unit, kind: 'text', value: (x) => names.unit(x.unitId) },
              { header: q.tonnes, kind: 'integer', value: (x) => x.tonnes },
              { header: q.output, kind: 'wan', value: (x) => x.outputWan },
              {
                header: q.efficiency,
                kind: 'integer',
                value: (x) => (x.tonnes > 0 ? Math.round((x.outputWan / x.tonnes) * 100) / 100 : null),
              },
              {
                header: q.outcome,
                kind: 'text',
                width: 22,
                value: (x) => label(energyMessages.outcomeLabel, x.outcome),
              },
              { header: q.granted, kind: 'integer', value: (x) => x.grantedTonnes },
              { header: q.rank, kind: 'integer', value: (x) => x.rank },
              { header: q.by, kind: 'text', width: 10, value: (x) => names.user(x.requestedBy) },
              { header: q.at, kind: 'datetime', value: (x) => x.requestedAt },
            ],
            requests,
          ),
        ],
      };
    }
    case 'funds': {
      const f = t.funds.fundHeaders;
      const d = t.funds.diligenceHeaders;
      const [funds, diligences] = await Promise.all([r.funds(tx), r.diligences(tx)]);
      return {
        title: t.funds.title(),
        sheets: [
          sheetOf<(typeof funds)[number]>(
            t.funds.fundsSheet(),
            [
              { header: f.name, kind: 'text', width: 28, value: (x) => x.name },
              { header: f.chain, kind: 'text', width: 14, value: (x) => x.chain },
              { header: f.size, kind: 'wan', value: (x) => x.sizeWan },
              { header: f.by, kind: 'text', width: 10, value: (x) => names.user(x.registeredBy) },
              { header: f.at, kind: 'datetime', value: (x) => x.registeredAt },
            ],
            funds,
          ),
          sheetOf<(typeof diligences)[number]>(
            t.funds.diligencesSheet(),
            [
              { header: d.project, kind: 'text', width: 14, value: (x) => x.project?.code ?? null },
              { header: d.projectName, kind: 'text', width: 24, value: (x) => x.project?.name ?? null },
              { header: d.fund, kind: 'text', width: 24, value: (x) => x.fund?.name ?? null },
              { header: d.status, kind: 'text', width: 14, value: (x) => label(t.funds.statusLabel, x.status) },
              { header: d.openedBy, kind: 'text', width: 10, value: (x) => names.user(x.openedBy) },
              { header: d.openedAt, kind: 'datetime', value: (x) => x.openedAt },
              { header: d.suggestion, kind: 'longtext', width: 36, value: (x) => x.suggestion },
              { header: d.suggestedBy, kind: 'text', width: 10, value: (x) => names.user(x.suggestedBy) },
              { header: d.suggestedAt, kind: 'datetime', value: (x) => x.suggestedAt },
            ],
            diligences,
          ),
        ],
      };
    }
    case 'platforms': {
      const h = t.platforms.headers;
      const [rows, rules] = await Promise.all([r.platformScores(tx), loadRules(tx)]);
      const weights = platformWeights(platformWeightsOf(rules.values));
      return {
        title: t.platforms.title(),
        sheets: [
          sheetOf<(typeof rows)[number]>(
            t.platforms.sheet(),
            [
              { header: h.year, kind: 'integer', value: (x) => x.year },
              { header: h.unit, kind: 'text', width: 22, value: (x) => names.unit(x.unitId) },
              { header: h.guide, kind: 'integer', value: (x) => x.guide },
              { header: h.landed, kind: 'integer', value: (x) => x.landed },
              { header: h.investment, kind: 'integer', value: (x) => x.investment },
              { header: h.ecosystem, kind: 'integer', value: (x) => x.ecosystem },
              { header: h.total, kind: 'integer', value: (x) => platformTotal(x, weights) },
              { header: h.by, kind: 'text', width: 10, value: (x) => names.user(x.recordedBy) },
              { header: h.at, kind: 'datetime', value: (x) => x.recordedAt },
            ],
            rows,
          ),
        ],
      };
    }
    case 'cityLed': {
      const h = t.cityLed.headers;
      const [cases, members] = await Promise.all([cityLedRepository.listAll(tx), r.cityLedMembers(tx)]);
      const rows = await r.withProjects(tx, cases);
      return {
        title: t.cityLed.title(),
        sheets: [
          sheetOf<(typeof rows)[number]>(
            t.cityLed.sheet(),
            [
              { header: h.project, kind: 'text', width: 14, value: (x) => x.project?.code ?? null },
              { header: h.projectName, kind: 'text', width: 24, value: (x) => x.project?.name ?? null },
              { header: h.from, kind: 'text', value: (x) => names.unit(x.fromUnitId) },
              { header: h.reason, kind: 'text', width: 12, value: (x) => x.reason },
              { header: h.evaluation, kind: 'longtext', width: 30, value: (x) => x.evaluation },
              { header: h.status, kind: 'text', width: 20, value: (x) => label(cityLedMessages.statusLabel, x.status) },
              { header: h.proposedBy, kind: 'text', width: 10, value: (x) => names.user(x.proposedBy) },
              { header: h.proposedAt, kind: 'datetime', value: (x) => x.proposedAt },
              { header: h.decidedBy, kind: 'text', width: 10, value: (x) => names.user(x.decidedBy) },
              { header: h.decidedAt, kind: 'datetime', value: (x) => x.decidedAt },
              { header: h.decisionNote, kind: 'longtext', width: 24, value: (x) => x.decisionNote },
              {
                header: h.members,
                kind: 'longtext',
                width: 24,
                value: (x) => (members.get(x.id) ?? []).map((id) => names.user(id)).join('、'),
              },
              { header: h.plan, kind: 'longtext', width: 40, value: (x) => x.plan },
              { header: h.meetingAt, kind: 'datetime', value: (x) => x.meetingAt },
              {
                header: h.host,
                kind: 'text',
                value: (x) =>
                  x.hostUnitId === null
                    ? null
                    : [x.hostUnitId, ...x.coHostUnitIds].map((id) => names.unit(id)).join('、'),
              },
              { header: h.minutesRef, kind: 'text', width: 20, value: (x) => x.minutesRef },
              { header: h.minutes, kind: 'longtext', width: 40, value: (x) => x.minutes },
              { header: h.concludedAt, kind: 'datetime', value: (x) => x.concludedAt },
            ],
            rows,
          ),
        ],
      };
    }
  }
}
