/**
 * The statistics of every workflow for one period (/统计 <期间>, the 工作简报): pure aggregation over
 * rows the repositories read. Each figure counts events whose moment falls in the period (a report by
 * its report time, a signing by the time it was recorded…), so a month's figures add up to its
 * quarter's and a quarter's to its year's.
 */

import { shanghaiDate } from '../matrix/dates.ts';
import { dayInPeriod, inPeriod, type Period } from './period.ts';
import { raceRanking, type RaceRow, type RaceWeights } from './race.ts';

export type ProjectEventKind = 'grant' | 'deny' | 'expire' | 'conflict';

export interface StatsInput {
  units: readonly { id: string; name: string; kind: string }[];
  projects: readonly {
    id: number;
    code: string;
    unitId: string;
    chain: string;
    amountWan: number;
    conforms: boolean;
    reportedAt: Date;
  }[];
  /** Project events from the audit log (project.report, project.grant…), with the status they left. */
  projectEvents: readonly { action: string; code: string; at: Date; status: string | null }[];
  progress: readonly { projectId: number; stage: string; recordedAt: Date }[];
  violations: readonly { projectId: number; unitId: string; recordedAt: Date }[];
  transfers: readonly {
    fromUnitId: string;
    toUnitId: string;
    status: string;
    createdAt: Date;
    decidedAt: Date | null;
    originSharePct: number;
    shareYears: number;
    code: string;
  }[];
  supportCases: readonly {
    requestUnitId: string;
    bodyUnitId: string;
    amountWan: number;
    status: string;
    createdAt: Date;
    decidedAt: Date | null;
  }[];
  findings: readonly {
    unitId: string;
    status: string;
    disposition: string | null;
    createdAt: Date;
    disposedAt: Date | null;
  }[];
  cityLed: readonly { status: string; proposedAt: Date; decidedAt: Date | null; concludedAt: Date | null }[];
  land: readonly { unitId: string; areaMu: number; rewardMu: number; recordedAt: Date }[];
  energy: readonly { unitId: string; tonnes: number; grantedTonnes: number | null; requestedAt: Date }[];
  diligences: readonly { openedAt: Date; suggestedAt: Date | null }[];
  matrixCycles: readonly {
    itemNumber: number;
    key: string;
    dueDate: string;
    status: string;
    completedAt: Date | null;
  }[];
  matrixNotes: readonly { itemNumber: number; cycleKey: string; recordedAt: Date }[];
}

export interface UnitFigures {
  reports: number;
  grants: number;
  conflicts: number;
  denials: number;
  expiries: number;
  signings: number;
  landings: number;
  /** 万元: reported, signed and landed investment of the period's events. */
  reportedWan: number;
  signedWan: number;
  landedWan: number;
  transfersOut: number;
  transfersIn: number;
  findings: number;
  violations: number;
  supportRequests: number;
}

export interface UnitStats extends UnitFigures {
  unitId: string;
  unitName: string;
  unitKind: string;
}

export interface WorkflowStats {
  period: Period;
  /** Every district and platform, then any other unit with something in the period. */
  units: UnitStats[];
  total: UnitFigures;
  chains: {
    chain: string;
    reports: number;
    signings: number;
    landings: number;
    reportedWan: number;
    landedWan: number;
  }[];
  transfers: {
    opened: number;
    approved: number;
    rejected: number;
    sharing: { code: string; originSharePct: number; shareYears: number }[];
  };
  support: {
    bodies: {
      unitId: string;
      unitName: string;
      requests: number;
      amountWan: number;
      approved: number;
      rejected: number;
    }[];
    requests: number;
    amountWan: number;
  };
  findings: { opened: number; disposed: number; dispositions: Record<string, number> };
  violations: number;
  cityLed: { proposed: number; approved: number; declined: number; concluded: number };
  factors: {
    landMu: number;
    landRewardMu: number;
    energyRequests: number;
    energyTonnes: number;
    energyGrantedTonnes: number;
    diligences: number;
    suggestions: number;
  };
  /** Matrix cycles due in the period: met on time, late, still open; 常态化 check-ins with and without a note. */
  matrix: { due: number; onTime: number; late: number; open: number; continuousDue: number; continuousNoted: number };
  race: RaceRow[];
  raceWeights: RaceWeights;
}

const REPORTING_KINDS = new Set(['DISTRICT', 'PLATFORM']);
const SIGNED_STAGE = '签约';
const LANDED_STAGE = '落地';

export function emptyFigures(): UnitFigures {
  return {
    reports: 0,
    grants: 0,
    conflicts: 0,
    denials: 0,
    expiries: 0,
    signings: 0,
    landings: 0,
    reportedWan: 0,
    signedWan: 0,
    landedWan: 0,
    transfersOut: 0,
    transfersIn: 0,
    findings: 0,
    violations: 0,
    supportRequests: 0,
  };
}

const EVENT_FIELD: Record<ProjectEventKind, 'grants' | 'denials' | 'expiries' | 'conflicts'> = {
  grant: 'grants',
  deny: 'denials',
  expire: 'expiries',
  conflict: 'conflicts',
};

/** The audit actions the statistics count, and what each means. */
export const PROJECT_EVENT_ACTIONS = [
  'project.report',
  'project.grant',
  'project.deny',
  'project.expire',
  'project.conflict',
] as const;

/** A report made while another unit held the investor is a conflict from the start (§4.2). */
export function projectEventKind(action: string, status: string | null): ProjectEventKind | null {
  if (action === 'project.report') return status === 'CONFLICT' ? 'conflict' : null;
  if (action === 'project.grant') return 'grant';
  if (action === 'project.deny') return 'deny';
  if (action === 'project.expire') return 'expire';
  if (action === 'project.conflict') return 'conflict';
  return null;
}

export function aggregateStats(
  input: StatsInput,
  period: Period,
  todayDay: string,
  raceWeights: RaceWeights,
): WorkflowStats {
  const unitById = new Map(input.units.map((u) => [u.id, u]));
  const figures = new Map<string, UnitFigures>();
  const total = emptyFigures();
  const conformingReports = new Map<string, number>();
  const add = (unitId: string, change: (f: UnitFigures) => void) => {
    const row = figures.get(unitId) ?? emptyFigures();
    figures.set(unitId, row);
    change(row);
    change(total);
  };
  const chains = new Map<string, WorkflowStats['chains'][number]>();
  const chain = (name: string) => {
    const row = chains.get(name) ?? { chain: name, reports: 0, signings: 0, landings: 0, reportedWan: 0, landedWan: 0 };
    chains.set(name, row);
    return row;
  };
  const within = (at: Date | null) => inPeriod(period, at);

  const projectById = new Map(input.projects.map((p) => [p.id, p]));
  const projectByCode = new Map(input.projects.map((p) => [p.code, p]));
  for (const p of input.projects) {
    if (!within(p.reportedAt)) continue;
    add(p.unitId, (f) => {
      f.reports += 1;
      f.reportedWan += p.amountWan;
    });
    if (p.conforms) conformingReports.set(p.unitId, (conformingReports.get(p.unitId) ?? 0) + 1);
    const c = chain(p.chain);
    c.reports += 1;
    c.reportedWan += p.amountWan;
  }
  for (const e of input.projectEvents) {
    const project = projectByCode.get(e.code);
    const kind = projectEventKind(e.action, e.status);
    if (project === undefined || kind === null || !within(e.at)) continue;
    add(project.unitId, (f) => {
      f[EVENT_FIELD[kind]] += 1;
    });
  }
  for (const step of input.progress) {
    const project = projectById.get(step.projectId);
    if (project === undefined || !within(step.recordedAt)) continue;
    if (step.stage === SIGNED_STAGE) {
      add(project.unitId, (f) => {
        f.signings += 1;
        f.signedWan += project.amountWan;
      });
      chain(project.chain).signings += 1;
    } else if (step.stage === LANDED_STAGE) {
      add(project.unitId, (f) => {
        f.landings += 1;
        f.landedWan += project.amountWan;
      });
      const c = chain(project.chain);
      c.landings += 1;
      c.landedWan += project.amountWan;
    }
  }
  for (const v of input.violations) if (within(v.recordedAt)) add(v.unitId, (f) => (f.violations += 1));
  for (const finding of input.findings) if (within(finding.createdAt)) add(finding.unitId, (f) => (f.findings += 1));
  for (const t of input.transfers) {
    if (!within(t.createdAt)) continue;
    add(t.fromUnitId, (f) => (f.transfersOut += 1));
    // The city total counts a transfer once, as it leaves.
    const row = figures.get(t.toUnitId) ?? emptyFigures();
    figures.set(t.toUnitId, row);
    row.transfersIn += 1;
  }
  total.transfersIn = total.transfersOut;
  for (const s of input.supportCases) if (within(s.createdAt)) add(s.requestUnitId, (f) => (f.supportRequests += 1));

  const decided = input.transfers.filter((t) => within(t.decidedAt));
  const approved = decided.filter((t) => t.status === 'APPROVED');
  const bodies = new Map<string, WorkflowStats['support']['bodies'][number]>();
  for (const s of input.supportCases) {
    const opened = within(s.createdAt);
    const closed = within(s.decidedAt);
    if (!opened && !closed) continue;
    const row = bodies.get(s.bodyUnitId) ?? {
      unitId: s.bodyUnitId,
      unitName: unitById.get(s.bodyUnitId)?.name ?? s.bodyUnitId,
      requests: 0,
      amountWan: 0,
      approved: 0,
      rejected: 0,
    };
    bodies.set(s.bodyUnitId, row);
    if (opened) {
      row.requests += 1;
      row.amountWan += s.amountWan;
    }
    if (closed && s.status === 'APPROVED') row.approved += 1;
    if (closed && s.status === 'REJECTED') row.rejected += 1;
  }
  const dispositions: Record<string, number> = {};
  const disposedFindings = input.findings.filter((f) => within(f.disposedAt) && f.disposition !== null);
  for (const f of disposedFindings) dispositions[f.disposition ?? ''] = (dispositions[f.disposition ?? ''] ?? 0) + 1;

  const cityDecided = input.cityLed.filter((c) => within(c.decidedAt));
  const dueCycles = input.matrixCycles.filter((c) => dayInPeriod(period, c.dueDate));
  const deadlineCycles = dueCycles.filter((c) => !isCheckIn(c.key));
  const completedOnTime = (c: (typeof dueCycles)[number]) =>
    c.completedAt !== null && c.status !== 'OPEN' && shanghaiDate(c.completedAt) <= c.dueDate;
  const continuous = dueCycles.filter((c) => isCheckIn(c.key));
  const noted = new Set(
    input.matrixNotes.filter((n) => within(n.recordedAt)).map((n) => `${n.itemNumber}|${n.cycleKey}`),
  );

  const unitRows: UnitStats[] = [];
  const order = [
    ...input.units.filter((u) => REPORTING_KINDS.has(u.kind)),
    ...input.units.filter((u) => !REPORTING_KINDS.has(u.kind) && figures.has(u.id)),
  ];
  for (const unit of order)
    unitRows.push({
      unitId: unit.id,
      unitName: unit.name,
      unitKind: unit.kind,
      ...(figures.get(unit.id) ?? emptyFigures()),
    });

  return {
    period,
    units: unitRows,
    total,
    chains: [...chains.values()].sort(
      (a, b) => b.reports - a.reports || b.landings - a.landings || a.chain.localeCompare(b.chain, 'zh-CN'),
    ),
    transfers: {
      opened: input.transfers.filter((t) => within(t.createdAt)).length,
      approved: approved.length,
      rejected: decided.filter((t) => t.status === 'REJECTED').length,
      sharing: approved.map((t) => ({ code: t.code, originSharePct: t.originSharePct, shareYears: t.shareYears })),
    },
    support: {
      bodies: [...bodies.values()],
      requests: [...bodies.values()].reduce((n, b) => n + b.requests, 0),
      amountWan: [...bodies.values()].reduce((n, b) => n + b.amountWan, 0),
    },
    findings: { opened: total.findings, disposed: disposedFindings.length, dispositions },
    violations: total.violations,
    cityLed: {
      proposed: input.cityLed.filter((c) => within(c.proposedAt)).length,
      approved: cityDecided.filter((c) => c.status !== 'DECLINED').length,
      declined: cityDecided.filter((c) => c.status === 'DECLINED').length,
      concluded: input.cityLed.filter((c) => within(c.concludedAt)).length,
    },
    factors: {
      landMu: sum(input.land.filter((l) => within(l.recordedAt)).map((l) => l.areaMu)),
      landRewardMu: sum(input.land.filter((l) => within(l.recordedAt)).map((l) => l.rewardMu)),
      energyRequests: input.energy.filter((e) => within(e.requestedAt)).length,
      energyTonnes: sum(input.energy.filter((e) => within(e.requestedAt)).map((e) => e.tonnes)),
      energyGrantedTonnes: sum(input.energy.filter((e) => within(e.requestedAt)).map((e) => e.grantedTonnes ?? 0)),
      diligences: input.diligences.filter((d) => within(d.openedAt)).length,
      suggestions: input.diligences.filter((d) => within(d.suggestedAt)).length,
    },
    matrix: {
      due: deadlineCycles.length,
      onTime: deadlineCycles.filter(completedOnTime).length,
      late: deadlineCycles.filter((c) => !completedOnTime(c) && (c.completedAt !== null || c.dueDate < todayDay))
        .length,
      open: deadlineCycles.filter((c) => c.completedAt === null && c.dueDate >= todayDay).length,
      continuousDue: continuous.length,
      continuousNoted: continuous.filter((c) => noted.has(`${c.itemNumber}|${c.key}`)).length,
    },
    raceWeights,
    race: raceRanking(
      unitRows
        .filter((u) => REPORTING_KINDS.has(u.unitKind))
        .map((u) => ({
          unitId: u.unitId,
          unitName: u.unitName,
          reports: u.reports,
          conformingReports: conformingReports.get(u.unitId) ?? 0,
          signings: u.signings,
          landings: u.landings,
          landedWan: u.landedWan,
        })),
      raceWeights,
    ),
  };
}

/** Quarterly cycles ('2026Q4') are the check-ins of 常态化 items: never overdue, only noted or not. */
function isCheckIn(cycleKey: string): boolean {
  return /Q[1-4]$/.test(cycleKey);
}

function sum(values: readonly number[]): number {
  return Math.round(values.reduce((a, b) => a + b, 0) * 100) / 100;
}
