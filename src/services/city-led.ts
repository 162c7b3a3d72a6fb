/**
 * 市级主谈 use cases (policy 四(二); DESIGN §5.1). IPB proposes with a pre-evaluation; a city leader
 * (分管市领导, a LEADER grant not scoped to a decision body) approves — the project becomes CITY_LED and
 * district progress on it stops; IPB forms the special group, schedules the coordination meeting and
 * records its minutes, which name the host unit. The project then moves to that unit as EXCLUSIVE with
 * a fresh first-negotiation period: the city has negotiated, the host now holds the investor exactly as
 * a unit granted 首谈 would, so every later step (/进展, /续期, expiry) works unchanged.
 */
import type { Actor } from '../app/context.ts';
import { type Refusal, UserError } from '../app/errors.ts';
import { cityLedRepository, type CityLedCaseRow } from '../db/repositories/city-led-repository.ts';
import type { UnitRow } from '../db/repositories/org-repository.ts';
import { projectRefRepository } from '../db/repositories/project-ref-repository.ts';
import { projectRepository, type ProjectChange, type ProjectRow } from '../db/repositories/project-repository.ts';
import { transition, type ProjectAction } from '../domain/projects/transitions.ts';
import { sequenceRepository } from '../db/repositories/sequence-repository.ts';
import {
  checkCaseAction,
  meetingReminderAt,
  parseCityLedReason,
  splitHostUnits,
  type CaseAction,
  type CaseRefusal,
  type CityLedReason,
  type CityLedStatus,
} from '../domain/city-led/case.ts';
import { shanghaiDay, shanghaiMoment } from '../domain/matrix/dates.ts';
import { parseDateTime } from '../domain/parsing/date.ts';
import { formatProjectCode } from '../domain/projects/code.ts';
import { assessConflict } from '../domain/projects/conflict.ts';
import { investorNameKeys } from '../domain/projects/investor-identity.ts';
import { matchChain, unitConforms } from '../domain/projects/layout-guide.ts';
import { validateReport } from '../domain/projects/report.ts';
import { STATUS_LABELS, type ProjectStatus } from '../domain/projects/status.ts';
import { formatDateTime } from '../messages/format.ts';
import { zhCN } from '../messages/zh-CN.ts';
import { appendAudit } from './audit-log.ts';
import { currentGuide } from './layout-guide.ts';
import { notify } from './notify.ts';
import { findUnitByInput } from './org.ts';
import { chainHostNames, HOST_UNIT_KINDS, loadProjectByCode, loadUnitNames } from './project-lookup.ts';
import { closeRivals, investorKeys, newProjectOf } from './projects.ts';
import { reportProblemLines } from '../messages/projects.ts';
import { saveOrRefuse, type UseCase } from './use-case.ts';
import {
  cityLedCityNotice,
  cityLedHolderNotice,
  cityLedLeaderCard,
  cityLedRivalNotice,
  coHostUnitNotice,
  concludedCityNotice,
  concludedMemberNotice,
  fromUnitNotice,
  hostUnitNotice,
  leaderApprovedNotice,
  leaderDeclinedNotice,
  meetingNotice,
  planNotice,
  specialGroupMemberNotice,
} from '../messages/city-led.ts';
import { approvesCityLed, inSpecialGroup } from '../domain/org/access.ts';
import { principalOf, requireAccess } from './access.ts';
import { IPB_UNIT } from '../domain/org/units.ts';

const t = zhCN.coordination.cityLed;
const MAX_EVALUATION = 1000;
const MAX_MINUTES = 2000;
const MAX_PLAN = 2000;
const MAX_REF = 60;

const caseStatus = (status: CityLedStatus) => t.statusLabel[status] ?? status;

function refusal(refusal: CaseRefusal, project: ProjectRow, found: CityLedCaseRow | null, when?: Date): Refusal {
  const status = found === null ? '' : caseStatus(found.status);
  switch (refusal) {
    case 'project-status':
      return t.refusals.projectStatus({ code: project.code, status: STATUS_LABELS[project.status] });
    case 'already-open':
      return t.refusals.alreadyOpen({ code: project.code, status });
    case 'not-proposed':
      return t.refusals.notProposed({ code: project.code, status });
    case 'not-approved':
      return t.refusals.notApproved({ code: project.code, status });
    case 'no-group':
      return t.refusals.noGroup({ code: project.code });
    case 'meeting-in-past':
      return t.refusals.meetingInPast({ when: when ? formatDateTime(when) : '' });
    case 'no-meeting':
      return t.refusals.noMeeting({ code: project.code });
    case 'meeting-not-held':
      return t.refusals.meetingNotHeld({
        code: project.code,
        when: found?.meetingAt ? formatDateTime(found.meetingAt) : '',
      });
  }
}

function check(
  status: CityLedStatus | null,
  action: CaseAction,
  project: ProjectRow,
  found: CityLedCaseRow | null,
  when?: Date,
): void {
  const result = checkCaseAction(status, action);
  if (!result.ok) throw new UserError(refusal(result.refusal, project, found, when));
}

/**
 * Moves the project by the state machine and writes it only if it is still as loaded; otherwise the
 * refusal names what it became, and nothing else is written.
 */
async function moveProject(
  uc: UseCase,
  project: ProjectRow,
  action: ProjectAction,
  change: ProjectChange,
): Promise<void> {
  const result = transition(project.status, action);
  await saveOrRefuse(
    async () =>
      result.ok &&
      (await projectRepository.update(uc.tx, project.id, project.status, { ...change, status: result.to }, uc.now)),
    () => projectRepository.findByCode(uc.tx, project.code),
    (fresh) => t.refusals.projectMoved({ code: project.code, status: STATUS_LABELS[(fresh ?? project).status] }),
  );
}

/** The project's running case, or a refusal naming how to start one. */
async function openCaseOf(uc: UseCase, project: ProjectRow): Promise<CityLedCaseRow> {
  const found = await cityLedRepository.findOpenByProject(uc.tx, project.id);
  if (found === null) throw new UserError(t.refusals.noCase({ code: project.code }));
  return found;
}

async function saveCase(
  uc: UseCase,
  project: ProjectRow,
  found: CityLedCaseRow,
  change: Parameters<typeof cityLedRepository.update>[3],
): Promise<void> {
  await saveOrRefuse(
    () => cityLedRepository.update(uc.tx, found.id, found.status, change, uc.now),
    () => cityLedRepository.latestByProject(uc.tx, project.id),
    (fresh) => t.refusals.changed({ code: project.code, status: fresh ? caseStatus(fresh.status) : '' }),
  );
}

/** `closed`: other units' pending reports of the investor, now 冲突. */
export interface CityLedProposedOutcome {
  kind: 'proposed';
  code: string;
  name: string;
  reason: CityLedReason;
  closed: string[];
}

/**
 * `/市级主谈 <编号> 理由=… 预评估=…`: IPB leads the negotiation (四(二): 由市投资促进局牵头主谈), so the
 * project is 市级主谈 at once. What the 分管市领导 approves is forming the 项目引进专项组 from the
 * pre-evaluation; the leaders' group gets that request as a card.
 */
export async function proposeCityLed(
  uc: UseCase,
  codeInput: string,
  reasonInput: string,
  evaluationInput: string,
): Promise<CityLedProposedOutcome> {
  const project = await loadProjectByCode(uc.tx, codeInput);
  const reason = parseCityLedReason(reasonInput);
  if (reason === undefined) throw new UserError(t.refusals.unknownReason({ input: reasonInput }));
  const evaluation = checkedEvaluation(evaluationInput);
  const open = await cityLedRepository.findOpenByProject(uc.tx, project.id);
  check(null, { kind: 'propose', projectStatus: project.status, openCase: open !== null }, project, open);

  await moveProject(uc, project, { kind: 'city-lead' }, {});
  await cityLedRepository.create(
    uc.tx,
    {
      projectId: project.id,
      fromUnitId: project.unitId,
      previousStatus: project.status,
      reason,
      evaluation,
      proposedBy: uc.actorId,
    },
    uc.now,
  );
  await appendAudit(uc, {
    action: 'citylead.propose',
    recordType: 'CityLedCase',
    recordId: project.code,
    after: { status: 'PROPOSED', reason, evaluation, projectStatus: project.status },
  });
  await appendAudit(uc, {
    action: 'project.city-led',
    recordType: 'Project',
    recordId: project.code,
    before: { status: project.status },
    after: { status: 'CITY_LED' },
  });
  await notify(uc, { unitId: project.unitId }, cityLedHolderNotice({ code: project.code, name: project.name }));
  const closed = await startCityLed(uc, project, reason, evaluation);
  return { kind: 'proposed', code: project.code, name: project.name, reason, closed };
}

function checkedEvaluation(input: string): string {
  const evaluation = input.trim();
  if ([...evaluation].length > MAX_EVALUATION)
    throw new UserError(t.refusals.evaluationTooLong({ max: MAX_EVALUATION }));
  return evaluation;
}

/**
 * What follows once a project is 市级主谈, whether a district reported it or IPB opened it: the city now
 * negotiates with this investor for this chain, so other units' pending reports of it end, as they would
 * when a unit is granted 首谈 (§4.2); the city group is told and the leaders get the 专项组 request card.
 * Returns the codes closed as CONFLICT.
 */
async function startCityLed(
  uc: UseCase,
  project: ProjectRow,
  reason: CityLedReason,
  evaluation: string,
): Promise<string[]> {
  const candidates = await projectRepository.findInvestorCandidates(
    uc.tx,
    project.creditCode,
    investorNameKeys(project.investorName),
  );
  const closed = await closeRivals(uc, project, candidates, (rival) =>
    cityLedRivalNotice({ code: rival.code, winner: project.code }),
  );
  const { code, name, investorName: investor, chain } = project;
  await notify(uc, { purpose: 'CITY' }, cityLedCityNotice({ code, name, investor, chain }));

  const names = await loadUnitNames(uc.tx);
  await notify(
    uc,
    { purpose: 'LEADERS' },
    cityLedLeaderCard({
      code: project.code,
      name: project.name,
      investor: project.investorName,
      chain: project.chain,
      amountWan: project.amountWan,
      // A project IPB opened itself has no reporting district.
      unit: project.unitId === IPB_UNIT ? null : names.name(project.unitId),
      status: project.status,
      reason,
      evaluation,
      proposer: uc.actorName ?? uc.actorId,
    }),
  );
  return closed;
}

export interface NewCityLedInput {
  name?: string;
  investor?: string;
  chain?: string;
  amount?: string;
  reason: string;
  evaluation: string;
}

/**
 * `/市级主谈 新建`: a project a provincial or city leader assigned that no district reported (DESIGN §5.1).
 * It is recorded as IPB's own project — the unit that leads the negotiation — with a ZS code of the year's
 * sequence, directly 市级主谈; the minutes later hand it to the host unit exactly as a reported project.
 */
export interface AssignedProjectOutcome {
  kind: 'opened';
  code: string;
  name: string;
  closed: string[];
}

export async function openAssignedProject(uc: UseCase, input: NewCityLedInput): Promise<AssignedProjectOutcome> {
  const reason = parseCityLedReason(input.reason);
  if (reason === undefined) throw new UserError(t.refusals.unknownReason({ input: input.reason }));
  if (reason !== '领导交办') throw new UserError(t.refusals.newNeedsAssignment({ reason }));
  const evaluation = checkedEvaluation(input.evaluation);
  const guide = await currentGuide(uc.tx, uc.now);
  if (guide === null) throw new UserError(t.refusals.noGuide());
  // No district stated an intent: the leader's assignment is the basis, recorded as 其他：领导交办.
  const validated = validateReport(
    { name: input.name, investor: input.investor, chain: input.chain, amount: input.amount, intent: `其他：${reason}` },
    (c) => matchChain(guide, c),
  );
  if (!validated.ok) {
    const chains = [...new Set(guide.assignments.map((a) => a.chain))];
    throw new UserError(t.refusals.newProblems({ lines: reportProblemLines(validated.problems, chains) }));
  }
  const report = validated.report;
  const keys = investorKeys(report.investorName);
  const candidates = await projectRepository.findInvestorCandidates(uc.tx, report.creditCode, keys.lookup);
  const assessment = assessConflict(
    { unitId: IPB_UNIT, chain: report.chain, investorName: report.investorName, creditCode: report.creditCode },
    candidates,
  );
  // A unit already holds (or the city already leads) this investor for this chain: the case belongs on that project.
  const held = assessment.held[0] ?? assessment.ownDuplicate[0];
  if (held !== undefined)
    throw new UserError(t.refusals.newHeld({ code: held.code, status: STATUS_LABELS[held.status] }));

  const year = shanghaiDay(uc.now).year;
  const code = formatProjectCode(year, await sequenceRepository.next(uc.tx, `project:${year}`));
  // No host yet: whether the host conforms to the guide is decided when the minutes name it.
  const holder = {
    unitId: IPB_UNIT,
    reporterId: uc.actorId,
    status: 'CITY_LED' as const,
    reportGuideVersionId: guide.id,
    conforms: false,
  };
  const project = await projectRepository.create(uc.tx, newProjectOf(code, report, holder), uc.now, uc.now);
  await cityLedRepository.create(
    uc.tx,
    {
      projectId: project.id,
      fromUnitId: IPB_UNIT,
      previousStatus: 'CITY_LED',
      reason,
      evaluation,
      proposedBy: uc.actorId,
    },
    uc.now,
  );
  await appendAudit(uc, {
    action: 'project.assigned',
    recordType: 'Project',
    recordId: code,
    after: {
      status: 'CITY_LED',
      chain: report.chain,
      investor: report.investorName,
      amountWan: report.amountWan,
      guideVersion: `${guide.year}-v${guide.version}`,
    },
  });
  await appendAudit(uc, {
    action: 'citylead.propose',
    recordType: 'CityLedCase',
    recordId: code,
    after: { status: 'PROPOSED', reason, evaluation, projectStatus: 'CITY_LED' },
  });
  const closed = await startCityLed(uc, project, reason, evaluation);
  return { kind: 'opened', code, name: project.name, closed };
}

/** A leader's decision on forming the 专项组: the project as typed, an optional note, the verb as typed. */
export interface LeaderDecision {
  actor: Actor;
  code: string;
  note: string | null;
  verb: string;
}

/**
 * The case a leader decides on. 四(二) "报分管市领导批准": a seat on a decision body is not a city
 * leader's approval, and only a PROPOSED case awaits one.
 */
async function caseToDecide(
  uc: UseCase,
  decision: LeaderDecision,
): Promise<{ project: ProjectRow; found: CityLedCaseRow }> {
  requireAccess(approvesCityLed(principalOf(decision.actor)), () =>
    zhCN.internal.forbidden({ command: `市级主谈 ${decision.verb}`, roles: [t.leaderRole()] }),
  );
  const project = await loadProjectByCode(uc.tx, decision.code);
  const found = await openCaseOf(uc, project);
  check(found.status, { kind: 'decide' }, project, found);
  return { project, found };
}

/** `/市级主谈 批准`: the 分管市领导 approves forming the 专项组 (the project is already 市级主谈). */
export interface LeaderDecisionOutcome {
  kind: 'approved' | 'declined';
  code: string;
}

export async function approveCityLed(uc: UseCase, decision: LeaderDecision): Promise<LeaderDecisionOutcome> {
  const { project, found } = await caseToDecide(uc, decision);
  if (project.status !== 'CITY_LED')
    throw new UserError(t.refusals.projectMoved({ code: project.code, status: STATUS_LABELS[project.status] }));
  const leader = await recordDecision(uc, project, found, 'APPROVED', decision.note);
  await notify(uc, { unitId: IPB_UNIT }, leaderApprovedNotice({ code: project.code, name: project.name, leader }));
  return { kind: 'approved', code: project.code };
}

export async function declineCityLed(uc: UseCase, decision: LeaderDecision): Promise<LeaderDecisionOutcome> {
  const { project, found } = await caseToDecide(uc, decision);
  const note = decision.note;
  const leader = await recordDecision(uc, project, found, 'DECLINED', note);
  await notify(uc, { unitId: IPB_UNIT }, leaderDeclinedNotice({ code: project.code, leader, note }));
  return { kind: 'declined', code: project.code };
}

/** Saves the leader's decision on the case and its audit link; answers the leader's name for the notice. */
async function recordDecision(
  uc: UseCase,
  project: ProjectRow,
  found: CityLedCaseRow,
  status: 'APPROVED' | 'DECLINED',
  note: LeaderDecision['note'],
): Promise<string> {
  await saveCase(uc, project, found, { status, decidedBy: uc.actorId, decidedAt: uc.now, decisionNote: note });
  await appendAudit(uc, {
    action: status === 'APPROVED' ? 'citylead.approve' : 'citylead.decline',
    recordType: 'CityLedCase',
    recordId: project.code,
    before: { status: 'PROPOSED' },
    after: { status, note },
  });
  return uc.actorName ?? uc.actorId;
}

export interface MemberInput {
  input: string;
  userId: string;
  registered: boolean;
}

/** `members`: everyone in the group now, by name; `added`: those this command added (none: unchanged). */
export type SpecialGroupOutcome =
  | { kind: 'unchanged'; code: string; members: string[] }
  | { kind: 'formed'; code: string; added: string[]; members: string[] };

export async function formSpecialGroup(
  uc: UseCase,
  codeInput: string,
  members: readonly MemberInput[],
): Promise<SpecialGroupOutcome> {
  const project = await loadProjectByCode(uc.tx, codeInput);
  const found = await openCaseOf(uc, project);
  check(found.status, { kind: 'form-group' }, project, found);
  const unregistered = members.find((m) => !m.registered);
  if (unregistered !== undefined) throw new UserError(t.refusals.unregisteredMember({ input: unregistered.input }));

  const added: string[] = [];
  for (const member of members) {
    if (
      await cityLedRepository.addMember(uc.tx, { caseId: found.id, userId: member.userId, addedBy: uc.actorId }, uc.now)
    )
      added.push(member.userId);
  }
  const current = await cityLedRepository.membersOf(uc.tx, found.id);
  const nameOf = (id: string) => current.find((m) => m.userId === id)?.name ?? id;
  if (added.length === 0) return { kind: 'unchanged', code: project.code, members: current.map((m) => m.name) };

  await appendAudit(uc, {
    action: 'citylead.group',
    recordType: 'CityLedCase',
    recordId: project.code,
    after: { added, members: current.map((m) => m.userId) },
  });
  for (const userId of added) {
    const notice = {
      code: project.code,
      name: project.name,
      investor: project.investorName,
      by: uc.actorName ?? uc.actorId,
    };
    await notify(uc, { userId }, specialGroupMemberNotice(notice));
  }
  return { kind: 'formed', code: project.code, added: added.map(nameOf), members: current.map((m) => m.name) };
}

function parseMeetingTime(input: string, now: Date): Date {
  const parsed = parseDateTime(input, shanghaiDay(now));
  if (!parsed.ok)
    throw new UserError(
      parsed.code === 'missing-time' ? t.refusals.whenMissingTime({ input }) : t.refusals.badWhen({ input }),
    );
  const [hour, minute] = parsed.time.split(':').map(Number);
  return shanghaiMoment(parsed.date, hour ?? 0, minute ?? 0);
}

/** `remindAt`: when members will be reminded; null when that moment has already passed. */
export interface MeetingOutcome {
  kind: 'scheduled' | 'rescheduled';
  code: string;
  meetingAt: Date;
  remindAt: Date | null;
}

export async function scheduleMeeting(uc: UseCase, codeInput: string, whenInput: string): Promise<MeetingOutcome> {
  const project = await loadProjectByCode(uc.tx, codeInput);
  const found = await openCaseOf(uc, project);
  const meetingAt = parseMeetingTime(whenInput, uc.now);
  const members = await cityLedRepository.membersOf(uc.tx, found.id);
  check(found.status, { kind: 'schedule', meetingAt, now: uc.now, members: members.length }, project, found, meetingAt);

  const rescheduled = found.meetingAt !== null;
  await saveCase(uc, project, found, { meetingAt, meetingSetAt: uc.now, meetingSetBy: uc.actorId });
  await appendAudit(uc, {
    action: 'citylead.meeting',
    recordType: 'CityLedCase',
    recordId: project.code,
    before: { meetingAt: found.meetingAt?.toISOString() ?? null },
    after: { meetingAt: meetingAt.toISOString() },
  });
  const notice = meetingNotice({ code: project.code, name: project.name, meetingAt, rescheduled });
  for (const member of members) await notify(uc, { userId: member.userId }, notice);
  await notify(uc, { purpose: 'LEADERS' }, notice);
  const remindAt = meetingReminderAt(meetingAt);
  return {
    kind: rescheduled ? 'rescheduled' : 'scheduled',
    code: project.code,
    meetingAt,
    remindAt: remindAt.getTime() > uc.now.getTime() ? remindAt : null,
  };
}

/**
 * `/市级主谈 方案`: the 专项组 records its 落地方案建议 (四(二): 专项组…提出项目落地方案建议) for the
 * coordination meeting — any member recorded by `/市级主谈 专项组`, whatever their unit — or IPB, which
 * leads the negotiation with or without a group. A later one replaces it, the audit keeping the earlier text.
 */
export interface PlanOutcome {
  kind: 'recorded' | 'revised';
  code: string;
}

export async function recordPlan(
  uc: UseCase,
  actor: Actor,
  codeInput: string,
  planInput: string,
): Promise<PlanOutcome> {
  const project = await loadProjectByCode(uc.tx, codeInput);
  const found = await openCaseOf(uc, project);
  const members = (await cityLedRepository.membersOf(uc.tx, found.id)).map((m) => m.userId);
  requireAccess(inSpecialGroup(principalOf(actor), members), () => t.refusals.notMember({ code: project.code }));
  const plan = planInput.trim();
  if ([...plan].length > MAX_PLAN) throw new UserError(t.refusals.planTooLong({ max: MAX_PLAN }));
  await saveCase(uc, project, found, { plan, planBy: uc.actorId, planAt: uc.now });
  await appendAudit(uc, {
    action: 'citylead.plan',
    recordType: 'CityLedCase',
    recordId: project.code,
    before: { plan: found.plan },
    after: { plan },
  });
  const by = uc.actorName ?? uc.actorId;
  const notice = planNotice({ code: project.code, name: project.name, by, plan, revised: found.plan !== null });
  await notify(uc, { unitId: IPB_UNIT }, notice);
  await notify(uc, { purpose: 'LEADERS' }, notice);
  return { kind: found.plan === null ? 'recorded' : 'revised', code: project.code };
}

export interface MinutesInput {
  hosts: string;
  ref: string | null;
  minutes: string;
}

/**
 * `/市级主谈 纪要`: the city places the project with the host units the minutes name. The first holds the
 * project record; the others are named in the case and told. That placement is the city's decision
 * (四(二)), not a 首报 period: it has no end date and never falls back to 首谈期满.
 */
/**
 * `conforms`: whether the host is one of the guide's host units for the chain (`guideHosts`); when not,
 * the project may get no city industrial-policy support (三(一)).
 */
export interface MinutesOutcome {
  kind: 'concluded';
  code: string;
  host: string;
  coHosts: string[];
  ref: string | null;
  conforms: boolean;
  chain: string;
  guideHosts: string[];
}

export async function recordMinutes(uc: UseCase, codeInput: string, input: MinutesInput): Promise<MinutesOutcome> {
  const project = await loadProjectByCode(uc.tx, codeInput);
  const found = await openCaseOf(uc, project);
  check(found.status, { kind: 'minutes', meetingAt: found.meetingAt, now: uc.now }, project, found);
  const decidedStatus = found.status;
  const minutes = input.minutes.trim();
  if ([...minutes].length > MAX_MINUTES) throw new UserError(t.refusals.minutesTooLong({ max: MAX_MINUTES }));
  const ref = input.ref?.trim() || null;
  if (ref !== null && [...ref].length > MAX_REF) throw new UserError(t.refusals.refTooLong({ max: MAX_REF }));
  const hosts: UnitRow[] = [];
  for (const word of splitHostUnits(input.hosts)) {
    const unit = await findUnitByInput(uc, word);
    if (!HOST_UNIT_KINDS.includes(unit.kind)) throw new UserError(t.refusals.hostKind({ unit: unit.name }));
    if (!hosts.some((h) => h.id === unit.id)) hosts.push(unit);
  }
  const [host, ...coHosts] = hosts;
  if (host === undefined) throw new UserError(t.usage.missingHost());

  const names = await loadUnitNames(uc.tx);
  const guide = await currentGuide(uc.tx, uc.now);
  const conforms = guide !== null && unitConforms(guide, project.chain, host, names.units);
  const coHostUnitIds = coHosts.map((u) => u.id);
  // The project first: a minutes run that lost the project to another transaction records nothing.
  await moveProject(
    uc,
    project,
    { kind: 'hand-over' },
    {
      unitId: host.id,
      exclusiveUntil: null,
      conforms,
      decidedAt: uc.now,
      decidedBy: uc.actorId,
      decisionGuideVersionId: guide?.id ?? null,
      statusNote: null,
    },
  );
  await saveCase(uc, project, found, {
    status: 'CONCLUDED',
    hostUnitId: host.id,
    coHostUnitIds,
    minutes,
    minutesRef: ref,
    concludedBy: uc.actorId,
    concludedAt: uc.now,
  });
  await appendAudit(uc, {
    action: 'citylead.minutes',
    recordType: 'CityLedCase',
    recordId: project.code,
    before: { status: decidedStatus },
    after: { status: 'CONCLUDED', hostUnitId: host.id, coHostUnitIds, ref, minutes },
  });
  await appendAudit(uc, {
    action: 'project.handover',
    recordType: 'Project',
    recordId: project.code,
    before: { status: project.status, unitId: project.unitId },
    after: {
      status: 'EXCLUSIVE',
      unitId: host.id,
      exclusiveUntil: null,
      placedByMinutes: true,
      conforms,
      guideVersion: guide ? `${guide.year}-v${guide.version}` : null,
    },
  });

  const hostNames = hosts.map((u) => u.name);
  const { code, name } = project;
  await notify(uc, { unitId: host.id }, hostUnitNotice({ code, name, ref, coHosts: coHosts.map((u) => u.name) }));
  for (const coHost of coHosts) {
    await notify(uc, { unitId: coHost.id }, coHostUnitNotice({ code, name, ref, host: host.name }));
  }
  // A project IPB opened itself has no district to hand over from.
  if (found.fromUnitId !== IPB_UNIT && !hosts.some((u) => u.id === found.fromUnitId)) {
    await notify(uc, { unitId: found.fromUnitId }, fromUnitNotice({ code, name, hosts: hostNames }));
  }
  await notify(uc, { purpose: 'CITY' }, concludedCityNotice({ code, name, hosts: hostNames, ref, minutes }));
  for (const member of await cityLedRepository.membersOf(uc.tx, found.id)) {
    await notify(uc, { userId: member.userId }, concludedMemberNotice({ code: project.code, hosts: hostNames }));
  }
  return {
    kind: 'concluded',
    code: project.code,
    host: host.name,
    coHosts: coHosts.map((u) => u.name),
    ref,
    conforms,
    chain: project.chain,
    guideHosts: guide ? chainHostNames(guide, project.chain) : [],
  };
}

/** What the case waits for, named for the detail's 下一步 line; null once concluded. */
export type CityLedNextStep = 'decision' | 'group' | 'meeting' | 'minutes';

function nextStep(found: CityLedCaseRow, members: number): CityLedNextStep | null {
  if (found.status === 'PROPOSED') return 'decision';
  if (found.status !== 'APPROVED' && found.status !== 'DECLINED') return null;
  if (found.status === 'APPROVED' && members === 0) return 'group';
  if (found.meetingAt === null) return 'meeting';
  return 'minutes';
}

/** A case in full: `hosts` (the host first) once the minutes are recorded; `decision`, `plan` once made. */
export interface CityLedDetailOutcome {
  kind: 'detail';
  code: string;
  name: string;
  status: CityLedStatus;
  projectStatus: ProjectStatus;
  reason: string;
  evaluation: string;
  proposedBy: string;
  proposedAt: Date;
  decision: { approved: boolean; by: string; at: Date; note: string | null } | null;
  members: string[];
  meetingAt: Date | null;
  hosts: string[] | null;
  minutes: string | null;
  ref: string | null;
  plan: { text: string; by: string; at: Date } | null;
  next: CityLedNextStep | null;
}

export async function describeCityLed(uc: UseCase, codeInput: string): Promise<CityLedDetailOutcome> {
  const project = await loadProjectByCode(uc.tx, codeInput);
  const found = await cityLedRepository.latestByProject(uc.tx, project.id);
  if (found === null) throw new UserError(t.none({ code: project.code }));
  const members = await cityLedRepository.membersOf(uc.tx, found.id);
  const names = await loadUnitNames(uc.tx);
  return {
    kind: 'detail',
    code: project.code,
    name: project.name,
    status: found.status,
    projectStatus: project.status,
    reason: found.reason,
    evaluation: found.evaluation,
    proposedBy: found.proposedBy,
    proposedAt: found.proposedAt,
    decision:
      found.decidedAt && found.decidedBy
        ? { approved: found.status !== 'DECLINED', by: found.decidedBy, at: found.decidedAt, note: found.decisionNote }
        : null,
    members: members.map((m) => m.name),
    meetingAt: found.meetingAt,
    hosts: found.hostUnitId ? [found.hostUnitId, ...found.coHostUnitIds].map((id) => names.name(id)) : null,
    minutes: found.minutes,
    ref: found.minutesRef,
    plan: found.plan && found.planBy && found.planAt ? { text: found.plan, by: found.planBy, at: found.planAt } : null,
    next: nextStep(found, members.length),
  };
}

const LIST_LIMIT = 30;

/** The running cases, at most LIST_LIMIT. */
export interface CityLedListOutcome {
  kind: 'list';
  cases: { code: string; name: string; status: CityLedStatus; meetingAt: Date | null }[];
}

export async function listCityLed(uc: UseCase): Promise<CityLedListOutcome> {
  const open = await cityLedRepository.listOpen(uc.tx, LIST_LIMIT);
  const projects = await projectRefRepository.byIds(
    uc.tx,
    open.map((c) => c.projectId),
  );
  const cases = open.flatMap((found) => {
    const project = projects.get(found.projectId);
    if (project === undefined) return [];
    return [{ code: project.code, name: project.name, status: found.status, meetingAt: found.meetingAt }];
  });
  return { kind: 'list', cases };
}
