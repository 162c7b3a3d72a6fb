/**
 * 首报首谈 use cases (policy 四(一), 三(一); DESIGN §4). Each loads through repositories, decides
 * with the pure rules in src/domain/projects, and writes the change, its audit event and its
 * notices in the caller's transaction.
 */
import type { Actor } from '../app/context.ts';
import { type Refusal, UserError } from '../app/errors.ts';
import { orgRepository, type UnitRow } from '../db/repositories/org-repository.ts';
import { projectRepository, type NewProject, type ProjectRow } from '../db/repositories/project-repository.ts';
import { sequenceRepository } from '../db/repositories/sequence-repository.ts';
import type { Tx } from '../db/tx.ts';
import { hasAnyRole } from '../domain/org/roles.ts';
import { formatProjectCode } from '../domain/projects/code.ts';
import {
  assessConflict,
  earlierPendingRivals,
  initialStatus,
  rivalsClosedByGrant,
  type ProjectClaim,
} from '../domain/projects/conflict.ts';
import { daysLeft, exclusiveUntil, MAX_EXCLUSIVITY_DAYS, renewedUntil } from '../domain/projects/exclusivity.ts';
import { investorNameKeys, normaliseInvestorName, sameInvestor } from '../domain/projects/investor-identity.ts';
import { matchChain, unitConforms } from '../domain/projects/layout-guide.ts';
import { validateReport, type RawReport, type ValidReport } from '../domain/projects/report.ts';
import {
  isActive,
  PROGRESS_STAGES,
  STATUS_LABELS,
  type ProgressStage,
  type ProjectStatus,
} from '../domain/projects/status.ts';
import { transition, type ProjectAction, type TransitionRefusal } from '../domain/projects/transitions.ts';
import { checkCreditCode } from '../domain/parsing/credit-code.ts';
import { earlierReportFirst, exclusivityDaysOf } from '../domain/regulation/rules.ts';
import { shanghaiDay } from '../domain/matrix/dates.ts';
import { zhCN } from '../messages/zh-CN.ts';
import {
  closedAsConflictNotice,
  deniedNotice,
  grantedNotice,
  progressNotice,
  projectReportNotice,
  renewedNotice,
  reportProblemLines,
  violationFinanceNotice,
  violationUnitNotice,
} from '../messages/projects.ts';
import { appendAudit } from './audit-log.ts';
import { currentGuide, reportBasis, type GuideView } from './layout-guide.ts';
import { notify } from './notify.ts';
import { findUnitByInput } from './org.ts';
import { chainHostNames, loadProjectByCode } from './project-lookup.ts';
import { loadRules, recordRulesApplied } from './rules.ts';
import { saveOrRefuse, type UseCase } from './use-case.ts';
import { actsForHolder, ownUnitOnly, seesEveryUnit } from '../domain/org/access.ts';
import { principalOf, requireAccess } from './access.ts';
import { FINANCE_UNIT, IPB_UNIT } from '../domain/org/units.ts';

const t = zhCN.projects;
/** Roles besides IPB that see every project's details; everyone else sees their own unit's in full. */
const FULL_VIEW_ROLES = ['LEADER', 'AUDIT', 'FINANCE', 'ADMIN'] as const;

interface Context {
  uc: UseCase;
  units: Map<string, UnitRow>;
}

async function context(uc: UseCase): Promise<Context> {
  return { uc, units: new Map((await orgRepository.listUnits(uc.tx)).map((u) => [u.id, u])) };
}

const unitName = (ctx: Context, id: string) => ctx.units.get(id)?.name ?? id;

/** The project record of a validated report; who holds it and in what status is the caller's. */
export function newProjectOf(
  code: string,
  report: ValidReport,
  holder: Pick<NewProject, 'unitId' | 'reporterId' | 'status' | 'reportGuideVersionId' | 'conforms'>,
): NewProject {
  const keys = investorKeys(report.investorName);
  return { code, ...report, investorKey: keys.investorKey, investorTradeKey: keys.tradeKey, ...holder };
}

export function investorKeys(name: string): { investorKey: string; tradeKey: string | null; lookup: string[] } {
  const keys = investorNameKeys(name);
  return {
    investorKey: normaliseInvestorName(name),
    tradeKey: keys.find((k) => k.startsWith('t:')) ?? null,
    lookup: keys,
  };
}

async function candidatesFor(tx: Tx, investorName: string, creditCode: string | null): Promise<ProjectRow[]> {
  return projectRepository.findInvestorCandidates(tx, creditCode, investorKeys(investorName).lookup);
}

function refusalOf(
  refusal: TransitionRefusal,
  project: ProjectRow,
  guide?: GuideView,
  earlier: string[] = [],
): Refusal {
  const status = STATUS_LABELS[project.status];
  switch (refusal) {
    case 'conflict':
      return t.refusals.conflict({ code: project.code });
    case 'not-consulted':
      return t.refusals.notConsulted({ code: project.code });
    case 'not-conforming':
      return t.refusals.notConforming({
        code: project.code,
        chain: project.chain,
        hosts: guide ? chainHostNames(guide, project.chain) : [],
      });
    case 'earlier-pending':
      return t.refusals.earlierPending({ code: project.code, earlier });
    case 'not-exclusive':
    case 'not-due':
      return t.refusals.notExclusive({ code: project.code, status });
    case 'progress-order':
      return t.refusals.progressOrder({ code: project.code, status });
    case 'closed':
      return t.refusals.closed({ code: project.code, status });
    case 'city-led':
      return t.refusals.cityLed({ code: project.code });
    case 'held-elsewhere':
      return t.refusals.heldElsewhere({ code: project.code });
    // The city-led actions are refused in city-led.ts's own words; here they can only mean the status is wrong.
    case 'not-pending':
    case 'not-proposable':
    case 'not-city-led':
      return t.refusals.notPending({ code: project.code, status });
  }
}

function check(project: ProjectRow, action: ProjectAction, guide?: GuideView, earlier: string[] = []): ProjectStatus {
  const result = transition(project.status, action);
  if (!result.ok) throw new UserError(refusalOf(result.refusal, project, guide, earlier));
  return result.to;
}

/** Writes a status change only if nobody changed the project since it was loaded in this transaction. */
async function save(
  uc: UseCase,
  project: ProjectRow,
  change: Parameters<typeof projectRepository.update>[3],
): Promise<void> {
  await saveOrRefuse(
    () => projectRepository.update(uc.tx, project.id, project.status, change, uc.now),
    () => projectRepository.findByCode(uc.tx, project.code),
    (fresh) => t.refusals.notPending({ code: project.code, status: fresh ? STATUS_LABELS[fresh.status] : '' }),
  );
}

/**
 * §4.2: once IPB grants one report, or the city takes the negotiation over, the other units' pending
 * reports of the same investor and chain close as CONFLICT, each holder told by `notice`. A rival another
 * transaction moved since `candidates` were read is left to that one. Returns the codes closed.
 */
export async function closeRivals(
  uc: UseCase,
  winner: ProjectRow,
  candidates: readonly ProjectRow[],
  notice: (rival: ProjectRow) => string,
): Promise<string[]> {
  const closed: string[] = [];
  for (const rival of rivalsClosedByGrant(winner, candidates)) {
    const result = transition(rival.status, { kind: 'close-as-rival' });
    if (!result.ok) continue;
    const change = { status: result.to, statusNote: winner.code, decidedAt: uc.now, decidedBy: uc.actorId };
    if (!(await projectRepository.update(uc.tx, rival.id, rival.status, change, uc.now))) continue;
    closed.push(rival.code);
    await appendAudit(uc, {
      action: 'project.conflict',
      recordType: 'Project',
      recordId: rival.code,
      before: { status: rival.status },
      after: { status: result.to, winner: winner.code },
    });
    await notify(uc, { unitId: rival.unitId }, notice(rival));
  }
  return closed;
}

/** A report as claimed by another unit or the same investor on another chain, for the reply and IPB's card. */
export interface RivalClaim {
  code: string;
  unit: string;
  status: ProjectStatus;
  reportedAt: Date;
  exclusiveUntil: Date | null;
}

/** A recorded 首报; `status` is CONFLICT when another unit already holds the investor on this chain. */
export interface ProjectReportedOutcome {
  kind: 'reported';
  code: string;
  status: ProjectStatus;
  name: string;
  investor: string;
  creditCode: string | null;
  creditCodeUnverified: boolean;
  chain: string;
  amountWan: number;
  intent: string;
  intentNote: string | null;
  unit: string;
  conforms: boolean;
  hosts: string[];
  reportedAt: Date;
  held: RivalClaim[];
  pendingEarlier: RivalClaim[];
  related: RivalClaim[];
  /** Rule R3: the earlier pending report is reviewed first. */
  earlierFirst: boolean;
  /** The reporting unit's past 首报首谈 violations (DESIGN §4.5). */
  unitViolations: { code: string; description: string; recordedAt: Date }[];
}

export async function reportProject(uc: UseCase, actor: Actor, raw: RawReport): Promise<ProjectReportedOutcome> {
  if (actor.unit === null) throw new UserError(t.report.noUnit());
  const unit = actor.unit;
  const { guide, unitViolations } = await reportBasis(uc.tx, uc.now, unit.id);
  if (guide === null) throw new UserError(t.report.noGuide());
  const chains = [...new Set(guide.assignments.map((a) => a.chain))];
  const validated = validateReport(raw, (input) => matchChain(guide, input));
  if (!validated.ok) throw new UserError(t.report.problems({ lines: reportProblemLines(validated.problems, chains) }));
  const report = validated.report;
  const ctx = await context(uc);
  const keys = investorKeys(report.investorName);
  const candidates = await projectRepository.findInvestorCandidates(uc.tx, report.creditCode, keys.lookup);
  const assessment = assessConflict(
    { unitId: unit.id, chain: report.chain, investorName: report.investorName, creditCode: report.creditCode },
    candidates,
  );
  const duplicate = assessment.ownDuplicate[0];
  if (duplicate) throw new UserError(t.report.ownDuplicate({ code: duplicate.code }));

  const status = initialStatus(assessment);
  const conforms = unitConforms(guide, report.chain, unit, [...ctx.units.values()]);
  // First come is first received: a backlog or a retry must not put a report behind a later one.
  const reportedAt = uc.receivedAt ?? uc.now;
  const year = shanghaiDay(reportedAt).year;
  const code = formatProjectCode(year, await sequenceRepository.next(uc.tx, `project:${year}`));
  await projectRepository.create(
    uc.tx,
    newProjectOf(code, report, {
      unitId: unit.id,
      reporterId: actor.id,
      status,
      reportGuideVersionId: guide.id,
      conforms,
    }),
    reportedAt,
    uc.now,
  );
  await appendAudit(uc, {
    action: 'project.report',
    recordType: 'Project',
    recordId: code,
    after: {
      status,
      chain: report.chain,
      investor: report.investorName,
      conforms,
      guideVersion: `${guide.year}-v${guide.version}`,
    },
  });

  const claim = (c: ProjectClaim): RivalClaim => ({
    code: c.code,
    unit: unitName(ctx, c.unitId),
    status: c.status,
    reportedAt: c.reportedAt,
    exclusiveUntil: c.exclusiveUntil,
  });
  const outcome: ProjectReportedOutcome = {
    kind: 'reported',
    code,
    status,
    name: report.name,
    investor: report.investorName,
    creditCode: report.creditCode,
    creditCodeUnverified: report.creditCodeUnverified,
    chain: report.chain,
    amountWan: report.amountWan,
    intent: report.intent,
    intentNote: report.intentNote,
    unit: unit.name,
    conforms,
    hosts: chainHostNames(guide, report.chain),
    reportedAt,
    held: assessment.held.map(claim),
    pendingEarlier: assessment.pendingEarlier.map(claim),
    related: assessment.related.map(claim),
    earlierFirst: earlierReportFirst((await loadRules(uc.tx)).values),
    unitViolations: unitViolations.map((v) => ({ code: v.code, description: v.description, recordedAt: v.recordedAt })),
  };
  await notify(uc, { unitId: IPB_UNIT }, projectReportNotice(outcome));
  return outcome;
}

export interface ConsultationOutcome {
  kind: 'consulted';
  code: string;
}

export async function recordConsultation(
  uc: UseCase,
  codeInput: string | undefined,
  opinion: string,
): Promise<ConsultationOutcome> {
  const project = await loadProjectByCode(uc.tx, codeInput);
  if (opinion.trim() === '') throw new UserError(t.consult.missing());
  check(project, { kind: 'consult' });
  await save(uc, project, { consultation: opinion.trim(), consultedAt: uc.now, consultedBy: uc.actorId });
  await appendAudit(uc, {
    action: 'project.consult',
    recordType: 'Project',
    recordId: project.code,
    before: { consultation: project.consultation },
    after: { consultation: opinion.trim() },
  });
  return { kind: 'consulted', code: project.code };
}

/**
 * `defaultDays`: the period is rule R1's, not written by IPB; `closedRivals`: the other units' reports
 * of the same investor and chain, closed as CONFLICT.
 */
export interface GrantOutcome {
  kind: 'granted';
  code: string;
  unit: string;
  until: Date;
  days: number;
  defaultDays: boolean;
  guide: { year: number; version: number };
  closedRivals: string[];
}

export async function grantExclusivity(
  uc: UseCase,
  codeInput: string | undefined,
  daysInput: string | undefined,
  defaultDays: number,
): Promise<GrantOutcome> {
  const project = await loadProjectByCode(uc.tx, codeInput);
  const rules = await loadRules(uc.tx, { exclusivityDays: defaultDays });
  const days = daysInput === undefined ? exclusivityDaysOf(rules.values) : Number(daysInput.replace(/天$/, ''));
  if (!Number.isInteger(days) || days < 1 || days > MAX_EXCLUSIVITY_DAYS)
    throw new UserError(t.review.badDays({ input: daysInput ?? '', max: MAX_EXCLUSIVITY_DAYS }));
  const ctx = await context(uc);
  const guide = await currentGuide(uc.tx, uc.now);
  const unit = ctx.units.get(project.unitId);
  const conforms =
    guide !== null && unit !== undefined && unitConforms(guide, project.chain, unit, [...ctx.units.values()]);
  const candidates = await candidatesFor(uc.tx, project.investorName, project.creditCode);
  const earlier = earlierReportFirst(rules.values) ? earlierPendingRivals(project, candidates).map((c) => c.code) : [];
  check(
    project,
    { kind: 'grant', consulted: project.consultation !== null, conforms, earlierPending: earlier },
    guide ?? undefined,
    earlier,
  );

  const until = exclusiveUntil(uc.now, days);
  await save(uc, project, {
    status: 'EXCLUSIVE',
    decidedAt: uc.now,
    decidedBy: uc.actorId,
    decisionGuideVersionId: guide!.id,
    exclusiveUntil: until,
  });
  await appendAudit(uc, {
    action: 'project.grant',
    recordType: 'Project',
    recordId: project.code,
    before: { status: project.status },
    after: {
      status: 'EXCLUSIVE',
      exclusiveUntil: until.toISOString(),
      guideVersion: `${guide!.year}-v${guide!.version}`,
    },
  });
  await recordRulesApplied(uc, rules, project.code, 'project.grant', daysInput === undefined ? ['R1', 'R3'] : ['R3']);
  const holder = unitName(ctx, project.unitId);
  const announcement = grantedNotice({
    code: project.code,
    name: project.name,
    investor: project.investorName,
    chain: project.chain,
    unit: holder,
    until,
  });
  await notify(uc, { unitId: project.unitId }, announcement);
  await notify(uc, { purpose: 'CITY' }, announcement);

  const losers = await closeRivals(uc, project, candidates, (rival) =>
    closedAsConflictNotice({ code: rival.code, winner: project.code, unit: holder }),
  );
  return {
    kind: 'granted',
    code: project.code,
    unit: holder,
    until,
    days,
    defaultDays: daysInput === undefined,
    guide: { year: guide!.year, version: guide!.version },
    closedRivals: losers,
  };
}

export interface DenialOutcome {
  kind: 'denied';
  code: string;
}

export async function denyReport(uc: UseCase, codeInput: string | undefined, reason: string): Promise<DenialOutcome> {
  const project = await loadProjectByCode(uc.tx, codeInput);
  check(project, { kind: 'deny' });
  if (reason.trim() === '') throw new UserError(t.review.reasonRequired({ code: project.code }));
  const guide = await currentGuide(uc.tx, uc.now);
  await save(uc, project, {
    status: 'REJECTED',
    decidedAt: uc.now,
    decidedBy: uc.actorId,
    decisionReason: reason.trim(),
    decisionGuideVersionId: guide?.id ?? null,
  });
  await appendAudit(uc, {
    action: 'project.deny',
    recordType: 'Project',
    recordId: project.code,
    before: { status: project.status },
    after: { status: 'REJECTED', reason: reason.trim() },
  });
  await notify(
    uc,
    { unitId: project.unitId },
    deniedNotice({ code: project.code, name: project.name, reason: reason.trim() }),
  );
  return { kind: 'denied', code: project.code };
}

export interface RenewalOutcome {
  kind: 'renewed';
  code: string;
  until: Date;
}

export async function renewExclusivity(
  uc: UseCase,
  codeInput: string | undefined,
  daysInput: string | undefined,
): Promise<RenewalOutcome> {
  const project = await loadProjectByCode(uc.tx, codeInput);
  const days = Number((daysInput ?? '').replace(/天$/, ''));
  if (!Number.isInteger(days) || days < 1 || days > MAX_EXCLUSIVITY_DAYS)
    throw new UserError(t.review.badDays({ input: daysInput ?? '', max: MAX_EXCLUSIVITY_DAYS }));
  check(project, { kind: 'renew' });
  const until = renewedUntil(project.exclusiveUntil, uc.now, days);
  await save(uc, project, { exclusiveUntil: until });
  await appendAudit(uc, {
    action: 'project.renew',
    recordType: 'Project',
    recordId: project.code,
    before: { exclusiveUntil: project.exclusiveUntil?.toISOString() ?? null },
    after: { exclusiveUntil: until.toISOString() },
  });
  const ctx = await context(uc);
  const notice = renewedNotice({ code: project.code, name: project.name, unit: unitName(ctx, project.unitId), until });
  await notify(uc, { unitId: project.unitId }, notice);
  await notify(uc, { purpose: 'CITY' }, notice);
  return { kind: 'renewed', code: project.code, until };
}

export function parseStage(input: string | undefined): ProgressStage | null {
  const stage = Object.keys(PROGRESS_STAGES).find((s) => s === input?.trim());
  return (stage as ProgressStage | undefined) ?? null;
}

export interface ProgressOutcome {
  kind: 'progress';
  code: string;
  status: ProjectStatus;
}

export async function recordProgress(
  uc: UseCase,
  actor: Actor,
  codeInput: string | undefined,
  stageInput: string | undefined,
  note: string | null,
): Promise<ProgressOutcome> {
  const project = await loadProjectByCode(uc.tx, codeInput);
  const stage = parseStage(stageInput);
  if (stage === null) throw new UserError(t.progress.unknownStage({ input: stageInput ?? '' }));
  requireAccess(actsForHolder(principalOf(actor), project.unitId), () => t.progress.notHolder({ code: project.code }));
  const heldElsewhere =
    project.status === 'EXPIRED' &&
    assessConflict(
      {
        unitId: project.unitId,
        chain: project.chain,
        investorName: project.investorName,
        creditCode: project.creditCode,
      },
      await candidatesFor(uc.tx, project.investorName, project.creditCode),
    ).held.length > 0;
  const to = check(project, { kind: 'progress', stage, heldElsewhere });
  await save(uc, project, { status: to });
  await projectRepository.addProgress(uc.tx, { projectId: project.id, stage, note, recordedBy: uc.actorId }, uc.now);
  await appendAudit(uc, {
    action: 'project.progress',
    recordType: 'Project',
    recordId: project.code,
    before: { status: project.status },
    after: { status: to, stage, note },
  });
  const ctx = await context(uc);
  await notify(
    uc,
    { unitId: IPB_UNIT },
    progressNotice({ code: project.code, name: project.name, unit: unitName(ctx, project.unitId), stage, note }),
  );
  return { kind: 'progress', code: project.code, status: to };
}

export interface ViolationOutcome {
  kind: 'violation';
  code: string;
  name: string;
  unit: string;
}

/**
 * `/违规 <编号> 单位=<单位> 说明=…`: <编号> is the project the violating unit introduced (its own
 * report). 四(一)'s consequences attach to that project — no city-level policy support, its local tax
 * retention to the city — never to the lawful holder's project (DESIGN §4.5).
 */
export async function recordViolation(
  uc: UseCase,
  codeInput: string | undefined,
  unitInput: string,
  description: string,
): Promise<ViolationOutcome> {
  const project = await loadProjectByCode(uc.tx, codeInput);
  if (unitInput.trim() === '' || description.trim() === '') throw new UserError(t.violation.missing());
  const unit = await findUnitByInput(uc, unitInput);
  const ctx = await context(uc);
  if (unit.id !== project.unitId)
    throw new UserError(
      t.violation.notIntroducedBy({ code: project.code, reporter: unitName(ctx, project.unitId), unit: unit.name }),
    );
  await projectRepository.addViolation(
    uc.tx,
    { projectId: project.id, unitId: unit.id, description: description.trim(), recordedBy: uc.actorId },
    uc.now,
  );
  await appendAudit(uc, {
    action: 'project.violation',
    recordType: 'Project',
    recordId: project.code,
    after: { unitId: unit.id, description: description.trim() },
  });
  const facts = {
    code: project.code,
    name: project.name,
    investor: project.investorName,
    unit: unit.name,
    description: description.trim(),
  };
  const notice = violationUnitNotice(facts);
  await notify(uc, { unitId: unit.id }, notice);
  await notify(uc, { unitId: FINANCE_UNIT }, violationFinanceNotice(facts));
  await notify(uc, { purpose: 'CITY' }, notice);
  return { kind: 'violation', code: project.code, name: project.name, unit: unit.name };
}

function mayViewInFull(actor: Actor, project: ProjectRow): boolean {
  const who = principalOf(actor);
  return ownUnitOnly(who, project.unitId, seesEveryUnit(who, FULL_VIEW_ROLES)).ok;
}

/** A project's details as shown to its own unit and to the roles that see every unit's projects. */
export interface ProjectDetail {
  code: string;
  name: string;
  status: ProjectStatus;
  /** Whole days left of the first-negotiation period; null unless the project is EXCLUSIVE. */
  daysLeft: number | null;
  exclusiveUntil: Date | null;
  statusNote: string | null;
  investor: string;
  creditCode: string | null;
  creditCodeUnverified: boolean;
  chain: string;
  amountWan: number;
  unit: string;
  reportedAt: Date;
  intent: string;
  intentNote: string | null;
  site: string | null;
  contact: string | null;
  conforms: boolean;
  consultation: { opinion: string; at: Date | null } | null;
  decisionReason: string | null;
  progress: { stage: string; note: string | null; at: Date }[];
  violations: { unit: string; description: string; at: Date }[];
}

/** `limited`: the asker sees only what /查重 would tell, not the details. */
export type ProjectViewOutcome =
  | { kind: 'limited'; code: string; chain: string; status: ProjectStatus; unit: string; until: Date | null }
  | { kind: 'detail'; project: ProjectDetail };

export async function describeProject(uc: UseCase, actor: Actor, codeInput: string): Promise<ProjectViewOutcome> {
  const project = await loadProjectByCode(uc.tx, codeInput);
  const ctx = await context(uc);
  const until = project.status === 'EXCLUSIVE' && project.exclusiveUntil ? project.exclusiveUntil : null;
  if (!mayViewInFull(actor, project)) {
    return {
      kind: 'limited',
      code: project.code,
      chain: project.chain,
      status: project.status,
      unit: unitName(ctx, project.unitId),
      until,
    };
  }
  const { progress, violations } = await projectRepository.historyOf(uc.tx, project.id);
  return {
    kind: 'detail',
    project: {
      code: project.code,
      name: project.name,
      status: project.status,
      daysLeft: until === null ? null : daysLeft(until, uc.now),
      exclusiveUntil: until,
      statusNote: project.statusNote,
      investor: project.investorName,
      creditCode: project.creditCode,
      creditCodeUnverified: project.creditCodeUnverified,
      chain: project.chain,
      amountWan: project.amountWan,
      unit: unitName(ctx, project.unitId),
      reportedAt: project.reportedAt,
      intent: project.intent,
      intentNote: project.intentNote,
      site: project.site,
      contact: project.contact,
      conforms: project.conforms,
      consultation: project.consultation ? { opinion: project.consultation, at: project.consultedAt } : null,
      decisionReason: project.decisionReason,
      progress: progress.map((p) => ({ stage: p.stage, note: p.note, at: p.recordedAt })),
      violations: violations.map((v) => ({
        unit: unitName(ctx, v.unitId),
        description: v.description,
        at: v.recordedAt,
      })),
    },
  };
}

const LIST_LIMIT = 30;

export interface ProjectListLine {
  code: string;
  name: string;
  status: ProjectStatus;
  /** Whole days left of the first-negotiation period; null unless EXCLUSIVE with a period. */
  daysLeft: number | null;
  unit: string;
}

/** `pending`: IPB's queue of reports awaiting review; `unit`: the asker's own unit's projects. */
export type ProjectListOutcome =
  | { kind: 'pending'; projects: ProjectListLine[] }
  | { kind: 'unit'; unit: string; projects: ProjectListLine[] };

export async function listProjects(uc: UseCase, actor: Actor): Promise<ProjectListOutcome> {
  const ctx = await context(uc);
  const line = (p: ProjectRow): ProjectListLine => ({
    code: p.code,
    name: p.name,
    status: p.status,
    daysLeft: p.status === 'EXCLUSIVE' && p.exclusiveUntil ? daysLeft(p.exclusiveUntil, uc.now) : null,
    unit: unitName(ctx, p.unitId),
  });
  if (hasAnyRole(actor.roles, ['IPB'])) {
    const pending = await projectRepository.listByStatus(uc.tx, 'PENDING', LIST_LIMIT);
    return { kind: 'pending', projects: pending.map(line) };
  }
  if (actor.unit === null) throw new UserError(t.query.noUnit());
  const projects = await projectRepository.listByUnit(uc.tx, actor.unit.id, LIST_LIMIT);
  return { kind: 'unit', unit: actor.unit.name, projects: projects.map(line) };
}

/** One active project of the investor; `code` and `until` are null when the asker may not see them. */
export interface InvestorMatch {
  code: string | null;
  unit: string;
  chain: string;
  status: ProjectStatus;
  until: Date | null;
}

export type InvestorCheckOutcome = { kind: 'free'; investor: string } | { kind: 'held'; matches: InvestorMatch[] };

/** /查重: the conflict check without reporting; non-IPB askers learn only whether and by which unit. */
export async function checkInvestor(uc: UseCase, actor: Actor, query: string): Promise<InvestorCheckOutcome> {
  if (query.trim() === '') throw new UserError(t.query.checkMissing());
  const asCode = checkCreditCode(query);
  const creditCode = asCode.kind === 'valid' || asCode.kind === 'bad-check' ? asCode.code : null;
  const candidates = creditCode
    ? await projectRepository.findInvestorCandidates(uc.tx, creditCode, [])
    : await candidatesFor(uc.tx, query, null);
  const matches = candidates.filter(
    (p) =>
      isActive(p.status) &&
      (creditCode
        ? p.creditCode === creditCode
        : sameInvestor({ name: query, creditCode: null }, { name: p.investorName, creditCode: null }).same),
  );
  if (matches.length === 0) return { kind: 'free', investor: query.trim() };
  const ctx = await context(uc);
  const full = seesEveryUnit(principalOf(actor));
  return {
    kind: 'held',
    matches: matches.map((p) => {
      const visible = full || p.unitId === actor.unit?.id;
      const until = p.status === 'EXCLUSIVE' && p.exclusiveUntil ? p.exclusiveUntil : null;
      return {
        code: visible ? p.code : null,
        unit: unitName(ctx, p.unitId),
        chain: p.chain,
        status: p.status,
        until: visible ? until : null,
      };
    }),
  };
}
