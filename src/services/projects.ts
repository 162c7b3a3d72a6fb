/**
 * 首报首谈 use cases (policy 四(一), 三(一); DESIGN §4). Each loads through repositories, decides
 * with the pure rules in src/domain/projects, and writes the change, its audit event and its
 * notices in the caller's transaction.
 */
import type { Actor } from '../app/context.ts';
import { type Refusal, UserError } from '../app/errors.ts';
import type { Message } from '../app/receiver.ts';
import { orgRepository, type UnitRow } from '../db/repositories/org-repository.ts';
import { projectRepository, type NewProject, type ProjectRow } from '../db/repositories/project-repository.ts';
import { sequenceRepository } from '../db/repositories/sequence-repository.ts';
import type { Tx } from '../db/tx.ts';
import { hasAnyRole } from '../domain/org/roles.ts';
import { formatWan } from '../domain/parsing/amount.ts';
import { formatProjectCode } from '../domain/projects/code.ts';
import { assessConflict, earlierPendingRivals, initialStatus, rivalsClosedByGrant, type ProjectClaim } from '../domain/projects/conflict.ts';
import { daysLeft, exclusiveUntil, MAX_EXCLUSIVITY_DAYS, renewedUntil } from '../domain/projects/exclusivity.ts';
import { investorNameKeys, normaliseInvestorName, sameInvestor } from '../domain/projects/investor-identity.ts';
import { matchChain, unitConforms } from '../domain/projects/layout-guide.ts';
import { validateReport, type RawReport, type ReportProblem, type ValidReport } from '../domain/projects/report.ts';
import { isActive, PROGRESS_STAGES, STATUS_LABELS, type ProgressStage, type ProjectStatus } from '../domain/projects/status.ts';
import { transition, type ProjectAction, type TransitionRefusal } from '../domain/projects/transitions.ts';
import { checkCreditCode } from '../domain/parsing/credit-code.ts';
import { earlierReportFirst, exclusivityDaysOf } from '../domain/regulation/rules.ts';
import { shanghaiDay } from '../domain/matrix/dates.ts';
import { formatDateTime, formatPeriodEnd } from '../messages/format.ts';
import { zhCN } from '../messages/zh-CN.ts';
import { daysLeftText } from '../messages/projects.ts';
import { appendAudit } from './audit-log.ts';
import { currentGuide, reportBasis, type GuideView } from './layout-guide.ts';
import { notify } from './notify.ts';
import { findUnitByInput } from './org.ts';
import { chainHostNames, loadProjectByCode } from './project-lookup.ts';
import { loadRules, recordRulesApplied } from './rules.ts';
import { saveOrRefuse, type UseCase } from './use-case.ts';
import { buttonFor } from '../app/command.ts';
import { REVIEW_WORDS } from '../messages/command-words.ts';
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
const when = (date: Date | null) => (date ? formatDateTime(date) : '');

/** The project record of a validated report; who holds it and in what status is the caller's. */
export function newProjectOf(code: string, report: ValidReport, holder: Pick<NewProject, 'unitId' | 'reporterId' | 'status' | 'reportGuideVersionId' | 'conforms'>): NewProject {
  const keys = investorKeys(report.investorName);
  return { code, ...report, investorKey: keys.investorKey, investorTradeKey: keys.tradeKey, ...holder };
}

export function investorKeys(name: string): { investorKey: string; tradeKey: string | null; lookup: string[] } {
  const keys = investorNameKeys(name);
  return { investorKey: normaliseInvestorName(name), tradeKey: keys.find((k) => k.startsWith('t:')) ?? null, lookup: keys };
}

async function candidatesFor(tx: Tx, investorName: string, creditCode: string | null): Promise<ProjectRow[]> {
  return projectRepository.findInvestorCandidates(tx, creditCode, investorKeys(investorName).lookup);
}

function refusalOf(refusal: TransitionRefusal, project: ProjectRow, guide?: GuideView, earlier: string[] = []): Refusal {
  const status = STATUS_LABELS[project.status];
  switch (refusal) {
    case 'conflict':
      return t.refusals.conflict({ code: project.code });
    case 'not-consulted':
      return t.refusals.notConsulted({ code: project.code });
    case 'not-conforming':
      return t.refusals.notConforming({ code: project.code, chain: project.chain, hosts: guide ? chainHostNames(guide, project.chain) : [] });
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
async function save(uc: UseCase, project: ProjectRow, change: Parameters<typeof projectRepository.update>[3]): Promise<void> {
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

export function describeProblem(problem: ReportProblem, chains: readonly string[]): string {
  switch (problem.kind) {
    case 'missing':
      return t.report.missing({ field: problem.field });
    case 'too-long':
      return t.report.tooLong({ field: problem.field, max: problem.max });
    case 'unknown-chain':
      return t.report.unknownChain({ input: problem.input, chains: [...chains] });
    case 'ambiguous-chain':
      return t.report.ambiguousChain({ input: problem.input, candidates: problem.candidates });
    case 'amount':
      return t.report.amount({ input: problem.input, code: problem.code });
    case 'unknown-intent':
      return t.report.unknownIntent({ input: problem.input });
    case 'intent-note-missing':
      return t.report.intentNoteMissing();
    case 'credit-length':
      return t.report.creditLength({ length: problem.length });
    case 'credit-chars':
      return t.report.creditChars({ chars: problem.chars });
    case 'credit-check-unconfirmed':
      return t.report.creditCheck({ code: problem.code });
  }
}

export async function reportProject(uc: UseCase, actor: Actor, raw: RawReport): Promise<Message> {
  if (actor.unit === null) throw new UserError(t.report.noUnit());
  const unit = actor.unit;
  const { guide, unitViolations } = await reportBasis(uc.tx, uc.now, unit.id);
  if (guide === null) throw new UserError(t.report.noGuide());
  const chains = [...new Set(guide.assignments.map((a) => a.chain))];
  const validated = validateReport(raw, (input) => matchChain(guide, input));
  if (!validated.ok) {
    const lines = validated.problems.map((p, i) => `${i + 1}. ${describeProblem(p, chains)}`);
    throw new UserError(t.report.problems({ lines }));
  }
  const report = validated.report;
  const ctx = await context(uc);
  const keys = investorKeys(report.investorName);
  const candidates = (await projectRepository.findInvestorCandidates(uc.tx, report.creditCode, keys.lookup));
  const assessment = assessConflict({ unitId: unit.id, chain: report.chain, investorName: report.investorName, creditCode: report.creditCode }, candidates);
  const duplicate = assessment.ownDuplicate[0];
  if (duplicate) throw new UserError(t.report.ownDuplicate({ code: duplicate.code }));

  const status = initialStatus(assessment);
  const conforms = unitConforms(guide, report.chain, unit, [...ctx.units.values()]);
  // First come is first received: a backlog or a retry must not put a report behind a later one.
  const reportedAt = uc.receivedAt ?? uc.now;
  const year = shanghaiDay(reportedAt).year;
  const code = formatProjectCode(year, await sequenceRepository.next(uc.tx, `project:${year}`));
  const project = await projectRepository.create(
    uc.tx,
    newProjectOf(code, report, { unitId: unit.id, reporterId: actor.id, status, reportGuideVersionId: guide.id, conforms }),
    reportedAt,
    uc.now,
  );
  await appendAudit(uc, { action: 'project.report', recordType: 'Project', recordId: code, after: { status, chain: report.chain, investor: report.investorName, conforms, guideVersion: `${guide.year}-v${guide.version}` } });

  const earlierFirst = earlierReportFirst((await loadRules(uc.tx)).values);
  const rivalLine = (c: ProjectClaim) => t.card.rivalLine({ code: c.code, unit: unitName(ctx, c.unitId), status: STATUS_LABELS[c.status], reportedAt: formatDateTime(c.reportedAt) });
  const hosts = chainHostNames(guide, report.chain);
  const amount = formatWan(report.amountWan);
  const intent = report.intentNote ? `${report.intent}：${report.intentNote}` : report.intent;
  const body = [
    t.card.body({ code, name: report.name, investor: report.investorName, creditCode: report.creditCode, chain: report.chain, amount, unit: unit.name, intent, conforms, hosts, reportedAt: formatDateTime(reportedAt) }),
    ...(assessment.held.length > 0 ? [t.card.heldRival({ lines: assessment.held.map(rivalLine) })] : []),
    ...(assessment.pendingEarlier.length > 0 ? [t.card.rivals({ lines: assessment.pendingEarlier.map(rivalLine), earlierFirst })] : []),
    ...(assessment.related.length > 0 ? [t.card.related({ lines: assessment.related.map(rivalLine) })] : []),
  ];
  // IPB reviews a unit that broke 首报首谈 before with that record in view (DESIGN §4.5).
  if (unitViolations.length > 0) body.push(t.card.unitViolations({ unit: unit.name, lines: unitViolations.map((v) => t.card.violationLine({ code: v.code, description: v.description, at: formatDateTime(v.recordedAt) })) }));
  if (status === 'CONFLICT') {
    const holder = assessment.held[0]!;
    await notify(uc, { unitId: IPB_UNIT }, { kind: 'markdown', title: t.card.title({ code }), markdown: [t.notices.conflictReported({ code, unit: unit.name, holderCode: holder.code, holder: unitName(ctx, holder.unitId) }), ...body].join('\n') });
  } else {
    await notify(uc, { unitId: IPB_UNIT }, {
      kind: 'card',
      title: t.card.title({ code }),
      markdown: [...body, t.card.nextStep({ code })].join('\n'),
      buttons: [
        buttonFor(REVIEW_WORDS, [code, REVIEW_WORDS.verbs.grant[0]], t.card.grant()),
        buttonFor(REVIEW_WORDS, [code, REVIEW_WORDS.verbs.deny[0]], t.card.deny()),
      ],
    });
  }

  const lines = [
    t.report.accepted({ code, name: report.name, investor: report.investorName, chain: report.chain, amount, unit: unit.name }),
    conforms ? t.report.conforms() : t.report.notConforming({ chain: report.chain, hosts }),
    ...(report.creditCodeUnverified ? [t.report.creditUnverified()] : []),
  ];
  const holder = assessment.held[0];
  if (holder) {
    const until = holder.status === 'EXCLUSIVE' && holder.exclusiveUntil ? formatPeriodEnd(holder.exclusiveUntil) : null;
    lines.push(t.report.heldBy({ holder: unitName(ctx, holder.unitId), code: holder.code, status: holder.status, until }));
  }
  if (assessment.pendingEarlier.length > 0) lines.push(t.report.pendingEarlier({ units: [...new Set(assessment.pendingEarlier.map((c) => unitName(ctx, c.unitId)))], earlierFirst }));
  if (assessment.related.length > 0) lines.push(t.report.related({ count: assessment.related.length }));
  lines.push(status === 'CONFLICT' ? t.report.nextStepConflict({ code: project.code }) : t.report.nextStep({ code: project.code }));
  return { kind: 'markdown', title: t.card.title({ code }), markdown: lines.join('\n\n') };
}

export async function recordConsultation(uc: UseCase, codeInput: string | undefined, opinion: string): Promise<string> {
  const project = await loadProjectByCode(uc.tx, codeInput);
  if (opinion.trim() === '') throw new UserError(t.consult.missing());
  check(project, { kind: 'consult' });
  await save(uc, project, { consultation: opinion.trim(), consultedAt: uc.now, consultedBy: uc.actorId });
  await appendAudit(uc, { action: 'project.consult', recordType: 'Project', recordId: project.code, before: { consultation: project.consultation }, after: { consultation: opinion.trim() } });
  return t.consult.recorded({ code: project.code });
}

export async function grantExclusivity(uc: UseCase, codeInput: string | undefined, daysInput: string | undefined, defaultDays: number): Promise<string> {
  const project = await loadProjectByCode(uc.tx, codeInput);
  const rules = await loadRules(uc.tx, { exclusivityDays: defaultDays });
  const days = daysInput === undefined ? exclusivityDaysOf(rules.values) : Number(daysInput.replace(/天$/, ''));
  if (!Number.isInteger(days) || days < 1 || days > MAX_EXCLUSIVITY_DAYS) throw new UserError(t.review.badDays({ input: daysInput ?? '', max: MAX_EXCLUSIVITY_DAYS }));
  const ctx = await context(uc);
  const guide = await currentGuide(uc.tx, uc.now);
  const unit = ctx.units.get(project.unitId);
  const conforms = guide !== null && unit !== undefined && unitConforms(guide, project.chain, unit, [...ctx.units.values()]);
  const candidates = (await candidatesFor(uc.tx, project.investorName, project.creditCode));
  const earlier = earlierReportFirst(rules.values) ? earlierPendingRivals(project, candidates).map((c) => c.code) : [];
  check(project, { kind: 'grant', consulted: project.consultation !== null, conforms, earlierPending: earlier }, guide ?? undefined, earlier);

  const until = exclusiveUntil(uc.now, days);
  await save(uc, project, { status: 'EXCLUSIVE', decidedAt: uc.now, decidedBy: uc.actorId, decisionGuideVersionId: guide!.id, exclusiveUntil: until });
  await appendAudit(uc, { action: 'project.grant', recordType: 'Project', recordId: project.code, before: { status: project.status }, after: { status: 'EXCLUSIVE', exclusiveUntil: until.toISOString(), guideVersion: `${guide!.year}-v${guide!.version}` } });
  await recordRulesApplied(uc, rules, project.code, 'project.grant', daysInput === undefined ? ['R1', 'R3'] : ['R3']);
  const holder = unitName(ctx, project.unitId);
  const announcement = t.notices.granted({ code: project.code, name: project.name, investor: project.investorName, chain: project.chain, unit: holder, until: formatPeriodEnd(until) });
  await notify(uc, { unitId: project.unitId }, announcement);
  await notify(uc, { purpose: 'CITY' }, announcement);

  const losers = await closeRivals(uc, project, candidates, (rival) =>
    t.notices.closedAsConflict({ code: rival.code, winner: project.code, unit: holder }),
  );
  const reply = t.review.granted({ code: project.code, unit: holder, until: formatPeriodEnd(until), days, defaultDays: daysInput === undefined, version: `${guide!.year} 年第 ${guide!.version} 版` });
  return losers.length > 0 ? `${reply}\n${t.review.closedRivals({ codes: losers })}` : reply;
}

export async function denyReport(uc: UseCase, codeInput: string | undefined, reason: string): Promise<string> {
  const project = await loadProjectByCode(uc.tx, codeInput);
  check(project, { kind: 'deny' });
  if (reason.trim() === '') throw new UserError(t.review.reasonRequired({ code: project.code }));
  const guide = await currentGuide(uc.tx, uc.now);
  await save(uc, project, { status: 'REJECTED', decidedAt: uc.now, decidedBy: uc.actorId, decisionReason: reason.trim(), decisionGuideVersionId: guide?.id ?? null });
  await appendAudit(uc, { action: 'project.deny', recordType: 'Project', recordId: project.code, before: { status: project.status }, after: { status: 'REJECTED', reason: reason.trim() } });
  await notify(uc, { unitId: project.unitId }, t.notices.denied({ code: project.code, name: project.name, reason: reason.trim() }));
  return t.review.denied({ code: project.code });
}

export async function renewExclusivity(uc: UseCase, codeInput: string | undefined, daysInput: string | undefined): Promise<string> {
  const project = await loadProjectByCode(uc.tx, codeInput);
  const days = Number((daysInput ?? '').replace(/天$/, ''));
  if (!Number.isInteger(days) || days < 1 || days > MAX_EXCLUSIVITY_DAYS) throw new UserError(t.review.badDays({ input: daysInput ?? '', max: MAX_EXCLUSIVITY_DAYS }));
  check(project, { kind: 'renew' });
  const until = renewedUntil(project.exclusiveUntil, uc.now, days);
  await save(uc, project, { exclusiveUntil: until });
  await appendAudit(uc, { action: 'project.renew', recordType: 'Project', recordId: project.code, before: { exclusiveUntil: project.exclusiveUntil?.toISOString() ?? null }, after: { exclusiveUntil: until.toISOString() } });
  const ctx = await context(uc);
  const notice = t.notices.renewed({ code: project.code, name: project.name, unit: unitName(ctx, project.unitId), until: formatPeriodEnd(until) });
  await notify(uc, { unitId: project.unitId }, notice);
  await notify(uc, { purpose: 'CITY' }, notice);
  return t.renew.renewed({ code: project.code, until: formatPeriodEnd(until) });
}

export function parseStage(input: string | undefined): ProgressStage | null {
  const stage = Object.keys(PROGRESS_STAGES).find((s) => s === input?.trim());
  return (stage as ProgressStage | undefined) ?? null;
}

export async function recordProgress(uc: UseCase, actor: Actor, codeInput: string | undefined, stageInput: string | undefined, note: string | null): Promise<string> {
  const project = await loadProjectByCode(uc.tx, codeInput);
  const stage = parseStage(stageInput);
  if (stage === null) throw new UserError(t.progress.unknownStage({ input: stageInput ?? '' }));
  requireAccess(actsForHolder(principalOf(actor), project.unitId), () => t.progress.notHolder({ code: project.code }));
  const heldElsewhere =
    project.status === 'EXPIRED' &&
    assessConflict(
      { unitId: project.unitId, chain: project.chain, investorName: project.investorName, creditCode: project.creditCode },
      await candidatesFor(uc.tx, project.investorName, project.creditCode),
    ).held.length > 0;
  const to = check(project, { kind: 'progress', stage, heldElsewhere });
  await save(uc, project, { status: to });
  await projectRepository.addProgress(uc.tx, { projectId: project.id, stage, note, recordedBy: uc.actorId }, uc.now);
  await appendAudit(uc, { action: 'project.progress', recordType: 'Project', recordId: project.code, before: { status: project.status }, after: { status: to, stage, note } });
  const ctx = await context(uc);
  await notify(uc, { unitId: IPB_UNIT }, t.notices.progress({ code: project.code, name: project.name, unit: unitName(ctx, project.unitId), stage, note }));
  return t.progress.recorded({ code: project.code, status: STATUS_LABELS[to] });
}

/**
 * `/违规 <编号> 单位=<单位> 说明=…`: <编号> is the project the violating unit introduced (its own
 * report). 四(一)'s consequences attach to that project — no city-level policy support, its local tax
 * retention to the city — never to the lawful holder's project (DESIGN §4.5).
 */
export async function recordViolation(uc: UseCase, codeInput: string | undefined, unitInput: string, description: string): Promise<string> {
  const project = await loadProjectByCode(uc.tx, codeInput);
  if (unitInput.trim() === '' || description.trim() === '') throw new UserError(t.violation.missing());
  const unit = await findUnitByInput(uc, unitInput);
  const ctx = await context(uc);
  if (unit.id !== project.unitId) throw new UserError(t.violation.notIntroducedBy({ code: project.code, reporter: unitName(ctx, project.unitId), unit: unit.name }));
  await projectRepository.addViolation(uc.tx, { projectId: project.id, unitId: unit.id, description: description.trim(), recordedBy: uc.actorId }, uc.now);
  await appendAudit(uc, { action: 'project.violation', recordType: 'Project', recordId: project.code, after: { unitId: unit.id, description: description.trim() } });
  const facts = { code: project.code, name: project.name, investor: project.investorName, unit: unit.name, description: description.trim() };
  const notice = t.notices.violationUnit(facts);
  await notify(uc, { unitId: unit.id }, notice);
  await notify(uc, { unitId: FINANCE_UNIT }, t.notices.violationFinance(facts));
  await notify(uc, { purpose: 'CITY' }, notice);
  return t.violation.recorded({ code: project.code, name: project.name, unit: unit.name });
}

function mayViewInFull(actor: Actor, project: ProjectRow): boolean {
  const who = principalOf(actor);
  return ownUnitOnly(who, project.unitId, seesEveryUnit(who, FULL_VIEW_ROLES)).ok;
}

export async function describeProject(uc: UseCase, actor: Actor, codeInput: string): Promise<Message> {
  const project = await loadProjectByCode(uc.tx, codeInput);
  const ctx = await context(uc);
  const status = STATUS_LABELS[project.status];
  if (!mayViewInFull(actor, project)) {
    return { kind: 'text', text: t.query.limited({ code: project.code, chain: project.chain, status, unit: unitName(ctx, project.unitId), until: project.status === 'EXCLUSIVE' && project.exclusiveUntil ? formatPeriodEnd(project.exclusiveUntil) : null }) };
  }
  const { progress, violations } = await projectRepository.historyOf(uc.tx, project.id);
  const lines = [
    `### ${project.code} ${project.name}`,
    `- 状态：**${status}**${project.status === 'EXCLUSIVE' && project.exclusiveUntil ? `，首谈期至 ${formatPeriodEnd(project.exclusiveUntil)}（${daysLeftText(daysLeft(project.exclusiveUntil, uc.now))}）` : ''}${project.statusNote ? `（因 ${project.statusNote}）` : ''}`,
    `- 投资方：${project.investorName}${project.creditCode ? `（${project.creditCode}${project.creditCodeUnverified ? '，校验位不符，经报备人确认' : ''}）` : ''}`,
    `- 产业链：${project.chain}｜投资额：${formatWan(project.amountWan)}`,
    `- 报备单位：${unitName(ctx, project.unitId)}｜报备时间：${when(project.reportedAt)}`,
    `- 意向依据：${project.intent}${project.intentNote ? `：${project.intentNote}` : ''}`,
    ...(project.site ? [`- 拟选址：${project.site}`] : []),
    ...(project.contact ? [`- 联系人：${project.contact}`] : []),
    `- 布局导引：${project.conforms ? '符合' : '不符合'}`,
    ...(project.consultation ? [`- 投资方意见：${project.consultation}（${when(project.consultedAt)}）`] : []),
    ...(project.decisionReason ? [`- 驳回理由：${project.decisionReason}`] : []),
    ...progress.map((p) => `- ${when(p.recordedAt)} ${p.stage}${p.note ? `：${p.note}` : ''}`),
    ...violations.map((v) => `- ⚠️ 违规：${unitName(ctx, v.unitId)}，${v.description}（${when(v.recordedAt)}）`),
  ];
  return { kind: 'markdown', title: project.code, markdown: lines.join('\n') };
}

const LIST_LIMIT = 30;

export async function listProjects(uc: UseCase, actor: Actor): Promise<Message> {
  const ctx = await context(uc);
  const line = (p: ProjectRow) =>
    t.query.listLine({
      code: p.code,
      name: p.name,
      status: STATUS_LABELS[p.status],
      extra: p.status === 'EXCLUSIVE' && p.exclusiveUntil ? t.query.daysLeft({ days: daysLeft(p.exclusiveUntil, uc.now) }) : p.status === 'PENDING' ? `｜${unitName(ctx, p.unitId)}` : '',
    });
  if (hasAnyRole(actor.roles, ['IPB'])) {
    const pending = await projectRepository.listByStatus(uc.tx, 'PENDING', LIST_LIMIT);
    return { kind: 'markdown', title: t.query.pendingTitle(), markdown: [t.query.pendingTitle(), ...(pending.length > 0 ? pending.map(line) : [t.query.none()])].join('\n') };
  }
  if (actor.unit === null) throw new UserError(t.query.noUnit());
  const projects = await projectRepository.listByUnit(uc.tx, actor.unit.id, LIST_LIMIT);
  const title = t.query.listTitle({ unit: actor.unit.name });
  return { kind: 'markdown', title, markdown: [title, ...(projects.length > 0 ? projects.map(line) : [t.query.none()])].join('\n') };
}

/** /查重: the conflict check without reporting; non-IPB askers learn only whether and by which unit. */
export async function checkInvestor(uc: UseCase, actor: Actor, query: string): Promise<string> {
  if (query.trim() === '') throw new UserError(t.query.checkMissing());
  const asCode = checkCreditCode(query);
  const creditCode = asCode.kind === 'valid' || asCode.kind === 'bad-check' ? asCode.code : null;
  const candidates = creditCode
    ? await projectRepository.findInvestorCandidates(uc.tx, creditCode, [])
    : await candidatesFor(uc.tx, query, null);
  const matches = candidates.filter(
    (p) => isActive(p.status) && (creditCode ? p.creditCode === creditCode : sameInvestor({ name: query, creditCode: null }, { name: p.investorName, creditCode: null }).same),
  );
  if (matches.length === 0) return t.query.checkFree({ investor: query.trim() });
  const ctx = await context(uc);
  const full = seesEveryUnit(principalOf(actor));
  const lines = matches.map((p) =>
    full || p.unitId === actor.unit?.id
      ? t.query.checkLineFull({ code: p.code, unit: unitName(ctx, p.unitId), chain: p.chain, status: STATUS_LABELS[p.status], until: p.status === 'EXCLUSIVE' && p.exclusiveUntil ? formatPeriodEnd(p.exclusiveUntil) : null })
      : t.query.checkLine({ unit: unitName(ctx, p.unitId), chain: p.chain, status: STATUS_LABELS[p.status] }),
  );
  return t.query.checkHeld({ lines });
}

