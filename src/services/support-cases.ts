/**
 * 一事一议 use cases (policy 三(二); DESIGN §5.2): a holder unit or IPB requests case-by-case support for
 * a project that conforms to the layout guide (三(一)); the request goes to the conversation of the body
 * that decides it, a member of that body decides, and 市政府常务会议 may refer it to 市委财经委员会.
 * Under rule R10 a district's request is screened by IPB first (通过 → to the body; 退回 with a reason →
 * back to the requester, who may file anew); IPB's own requests go straight to the body.
 * 市国资委's investment suggestions on the project (五(三)) travel with it as decision support.
 */
import type { Actor } from '../app/context.ts';
import { UserError } from '../app/errors.ts';
import type { Message } from '../app/receiver.ts';
import { fundRepository } from '../db/repositories/fund-repository.ts';
import { projectRefRepository, type ProjectRef } from '../db/repositories/project-ref-repository.ts';
import type { ProjectRow } from '../db/repositories/project-repository.ts';
import { sequenceRepository } from '../db/repositories/sequence-repository.ts';
import { orgRepository } from '../db/repositories/org-repository.ts';
import { projectRepository } from '../db/repositories/project-repository.ts';
import { supportCaseRepository, type SupportCaseRow } from '../db/repositories/support-case-repository.ts';
import type { Tx } from '../db/tx.ts';
import { formatWan, parseAmountWan } from '../domain/parsing/amount.ts';
import { parseProjectCode } from '../domain/projects/code.ts';
import { unitConforms } from '../domain/projects/layout-guide.ts';
import { supportRoutingOf } from '../domain/regulation/rules.ts';
import { STATUS_LABELS } from '../domain/projects/status.ts';
import {
  formatSupportCode,
  needsScreening,
  parseSupportCode,
  parseSupportMode,
  routeSupport,
  SUPPORT_BODIES,
  SUPPORT_ELIGIBLE_STATUSES,
  SUPPORT_MODE_LABELS,
  SUPPORT_OPEN_STATUSES,
  type SupportBody,
  type SupportStatus,
} from '../domain/support/cases.ts';
import { shanghaiDay } from '../domain/matrix/dates.ts';
import { formatDateTime } from '../messages/format.ts';
import { zhCN } from '../messages/zh-CN.ts';
import { appendAudit } from './audit-log.ts';
import { currentGuide } from './layout-guide.ts';
import { notify } from './notify.ts';
import { chainHostNames, loadProjectByCode, loadUnitNames, type UnitNames } from './project-lookup.ts';
import type { UseCase } from './use-case.ts';
import { loadRules, recordRulesApplied } from './rules.ts';
import { refuseIfViolated } from './violations.ts';
import { buttonFor } from '../app/command.ts';
import { SUPPORT_CASE_WORDS } from '../messages/command-words.ts';
import {
  actsForHolder,
  decidesSupportCase,
  escalatesSupportCase,
  seesEveryUnit,
  seesSupportCase,
} from '../domain/org/access.ts';
import { principalOf, requireAccess } from './access.ts';
import { IPB_UNIT } from '../domain/org/units.ts';

const t = zhCN.coordination.support;
const MAX_DESCRIPTION = 1000;
/** Roles that see every case; a reporter sees its own unit's. */
const FULL_VIEW_ROLES = ['IPB', 'SASAC', 'LEADER', 'FINANCE', 'AUDIT', 'ADMIN'] as const;

const statusLabel = (c: SupportCaseRow) => t.statusLabel[c.status] ?? c.status;

export interface SupportRequestInput {
  code: string;
  mode: string;
  amount: string;
  description: string;
}

export async function requestSupport(uc: UseCase, actor: Actor, input: SupportRequestInput): Promise<string> {
  const project = await loadProjectByCode(uc.tx, input.code);
  await refuseIfViolated(uc.tx, project);
  const isIpb = seesEveryUnit(principalOf(actor));
  // While the city negotiates (四(二)), support for the project is the city's to ask for.
  if (!isIpb && project.status === 'CITY_LED') throw new UserError(t.refusals.cityLed({ code: project.code }));
  const holder = actsForHolder(principalOf(actor), project.unitId, ['IPB']);
  requireAccess(holder, () => t.refusals.notHolder({ code: project.code }));
  const mode = parseSupportMode(input.mode);
  if (mode === undefined) throw new UserError(t.refusals.unknownMode({ input: input.mode }));
  const amount = parseAmountWan(input.amount);
  if (!amount.ok) throw new UserError(t.refusals.amount({ input: input.amount }));
  const description = input.description.trim();
  if ([...description].length > MAX_DESCRIPTION)
    throw new UserError(t.refusals.descriptionTooLong({ max: MAX_DESCRIPTION }));
  if (!SUPPORT_ELIGIBLE_STATUSES.includes(project.status))
    throw new UserError(t.refusals.projectStatus({ code: project.code, status: STATUS_LABELS[project.status] }));

  const names = await loadUnitNames(uc.tx);
  // 三(一): conformity is judged now, for the unit that holds the project now (a city-led project may have moved).
  const guide = await currentGuide(uc.tx, uc.now);
  if (guide === null) throw new UserError(t.refusals.noGuide());
  const unit = names.units.find((u) => u.id === project.unitId);
  if (unit === undefined || !unitConforms(guide, project.chain, unit, names.units)) {
    throw new UserError(
      t.refusals.notConforming({
        code: project.code,
        chain: project.chain,
        hosts: chainHostNames(guide, project.chain),
      }),
    );
  }
  const existing = await supportCaseRepository.listByProject(uc.tx, project.id);
  if (existing.some((c) => SUPPORT_OPEN_STATUSES.includes(c.status) && c.mode === mode)) {
    throw new UserError(t.refusals.duplicate({ code: project.code, mode: SUPPORT_MODE_LABELS[mode] }));
  }

  // Who decides which kind of support, and whether IPB screens first, is rule R10 (三(二) fixes the
  // bodies; the routing is recorded).
  const rules = await loadRules(uc.tx);
  const routing = supportRoutingOf(rules.values);
  const body = routeSupport(mode, routing);
  const year = shanghaiDay(uc.now).year;
  const code = formatSupportCode(year, await sequenceRepository.next(uc.tx, `support-case:${year}`));
  const requestUnitId = actor.unit?.id ?? IPB_UNIT;
  const screening = needsScreening(routing, isIpb);
  const status = screening ? 'SCREENING' : 'PENDING';
  const created = await supportCaseRepository.create(
    uc.tx,
    {
      code,
      projectId: project.id,
      mode,
      amountWan: amount.wan,
      description,
      requestedBy: uc.actorId,
      requestUnitId,
      bodyUnitId: body,
      status,
    },
    uc.now,
  );
  await appendAudit(uc, {
    action: 'support.request',
    recordType: 'SupportCase',
    recordId: code,
    after: { project: project.code, mode, amountWan: amount.wan, body, description, status },
  });
  await recordRulesApplied(uc, rules, code, 'support.request', ['R10']);
  await sendCard(uc, created, project, names, { screening, escalated: false });
  const modeLabel = SUPPORT_MODE_LABELS[mode];
  const reply = { code, project: project.code, mode: modeLabel, amount: formatWan(amount.wan), body: names.name(body) };
  return screening ? t.requestedForScreening(reply) : t.requested(reply);
}

async function suggestionsOf(tx: Tx, projectId: number): Promise<string[]> {
  const diligences = await fundRepository.diligencesOf(tx, projectId);
  return diligences.flatMap((d) =>
    d.suggestion !== null && d.suggestedAt !== null
      ? [t.suggestionLine({ at: formatDateTime(d.suggestedAt), text: d.suggestion, fund: d.fundName })]
      : [],
  );
}

/** The screening card in IPB's conversation (R10), or the decision card in the deciding body's. */
async function sendCard(
  uc: UseCase,
  found: SupportCaseRow,
  project: ProjectRow | ProjectRef,
  names: UnitNames,
  { screening, escalated }: { screening: boolean; escalated: boolean },
): Promise<void> {
  const { verbs } = SUPPORT_CASE_WORDS;
  const buttons = screening
    ? [
        buttonFor(SUPPORT_CASE_WORDS, [verbs.screen[0], found.code, verbs.pass[0]], t.card.pass()),
        buttonFor(SUPPORT_CASE_WORDS, [verbs.screen[0], found.code, verbs.return[0]], t.card.return()),
      ]
    : [
        buttonFor(SUPPORT_CASE_WORDS, [verbs.decide[0], found.code, verbs.approve[0]], t.card.approve()),
        buttonFor(SUPPORT_CASE_WORDS, [verbs.decide[0], found.code, verbs.reject[0]], t.card.reject()),
        ...(found.bodyUnitId === 'changwu'
          ? [buttonFor(SUPPORT_CASE_WORDS, [verbs.escalate[0], found.code], t.card.escalate())]
          : []),
      ];
  await notify(
    uc,
    { unitId: screening ? IPB_UNIT : found.bodyUnitId },
    {
      kind: 'card',
      title: screening ? t.card.screeningTitle({ code: found.code }) : t.card.title({ code: found.code }),
      markdown: t.card.body({
        code: found.code,
        project: project.code,
        name: project.name,
        investor: project.investorName,
        chain: project.chain,
        investment: formatWan(project.amountWan),
        unit: names.name(project.unitId),
        mode: SUPPORT_MODE_LABELS[found.mode],
        amount: formatWan(found.amountWan),
        description: found.description,
        requester: `${await userName(uc.tx, found.requestedBy)}（${names.name(found.requestUnitId)}）`,
        body: names.name(found.bodyUnitId),
        screening,
        escalated,
        suggestions: await suggestionsOf(uc.tx, project.id),
      }),
      buttons,
    },
  );
}

/** A case by its YS code, or a project's single case in `status` (pending, unless said) by the project's code. */
async function loadCase(
  tx: Tx,
  input: string,
  status: Extract<SupportStatus, 'SCREENING' | 'PENDING'> = 'PENDING',
): Promise<SupportCaseRow> {
  const code = parseSupportCode(input);
  if (code !== null) {
    const found = await supportCaseRepository.findByCode(tx, code);
    if (found === null) throw new UserError(t.refusals.unknownCase({ input }));
    return found;
  }
  if (parseProjectCode(input) === null) throw new UserError(t.refusals.unknownCase({ input }));
  const project = await loadProjectByCode(tx, input);
  const open = (await supportCaseRepository.listByProject(tx, project.id)).filter((c) => c.status === status);
  const [only] = open;
  const screening = status === 'SCREENING';
  if (only === undefined) {
    throw new UserError((screening ? t.refusals.noneScreening : t.refusals.nonePending)({ code: project.code }));
  }
  if (open.length > 1) {
    const several = screening ? t.refusals.severalScreening : t.refusals.severalPending;
    throw new UserError(several({ code: project.code, cases: open.map((c) => c.code) }));
  }
  return only;
}

/** Cards name people, not platform user ids. */
async function userName(tx: Tx, userId: string): Promise<string> {
  return (await orgRepository.findUser(tx, userId))?.name ?? userId;
}

async function projectOf(tx: Tx, found: SupportCaseRow): Promise<ProjectRef> {
  const project = (await projectRefRepository.byIds(tx, [found.projectId])).get(found.projectId);
  if (project === undefined) throw new UserError(t.refusals.unknownCase({ input: found.code }));
  return project;
}

/** Deciding for a body is its members' business (三(二)); the refusal names the body. */
function notMember(found: SupportCaseRow, names: UnitNames, verb: string) {
  const roles = [t.bodyRole({ body: names.name(found.bodyUnitId) })];
  return () => zhCN.internal.forbidden({ command: `一事一议 ${verb} ${found.code}`, roles });
}

/** The body acts only on a case before it: not one IPB still screens (R10), nor one decided or returned. */
function refuseUnlessPending(found: SupportCaseRow): void {
  if (found.status === 'SCREENING') throw new UserError(t.refusals.awaitingScreening({ code: found.code }));
  if (found.status === 'RETURNED') throw new UserError(t.refusals.returned({ code: found.code }));
  if (found.status !== 'PENDING') {
    throw new UserError(t.refusals.decided({ code: found.code, status: statusLabel(found) }));
  }
}

/**
 * IPB screens a district's request (R10): 通过 sends the decision card to the body; 退回 (a reason is
 * required) tells the requester why, and the request is closed so that a new one may be filed.
 */
export async function screenSupport(uc: UseCase, input: string, pass: boolean, reason: string): Promise<string> {
  const found = await loadCase(uc.tx, input, 'SCREENING');
  if (found.status !== 'SCREENING') {
    throw new UserError(t.refusals.notScreening({ code: found.code, status: statusLabel(found) }));
  }
  const note = reason.trim();
  if (!pass && note === '') throw new UserError(t.refusals.returnReason({ code: found.code }));
  if ([...note].length > MAX_DESCRIPTION) throw new UserError(t.refusals.descriptionTooLong({ max: MAX_DESCRIPTION }));
  const status = pass ? 'PENDING' : 'RETURNED';
  const change = { status, screenedBy: uc.actorId, screenedAt: uc.now, screeningNote: pass ? null : note } as const;
  if (!(await supportCaseRepository.update(uc.tx, found.id, found.bodyUnitId, change, uc.now, 'SCREENING'))) {
    throw new UserError(t.refusals.notScreening({ code: found.code, status: statusLabel(found) }));
  }
  const rules = await loadRules(uc.tx);
  await appendAudit(uc, {
    action: 'support.screen',
    recordType: 'SupportCase',
    recordId: found.code,
    before: { status: 'SCREENING' },
    after: { status, reason: change.screeningNote },
  });
  await recordRulesApplied(uc, rules, found.code, 'support.screen', ['R10']);
  const project = await projectOf(uc.tx, found);
  const names = await loadUnitNames(uc.tx);
  const body = names.name(found.bodyUnitId);
  if (!pass) {
    const returned = t.notices.returned({ code: found.code, project: project.code, reason: note });
    await notify(uc, { unitId: found.requestUnitId }, returned);
    return t.returnedReply({ code: found.code });
  }
  await sendCard(uc, { ...found, status }, project, names, { screening: false, escalated: false });
  const passed = t.notices.passed({ code: found.code, project: project.code, body });
  await notify(uc, { unitId: found.requestUnitId }, passed);
  return t.passedReply({ code: found.code, body });
}

export async function decideSupport(
  uc: UseCase,
  actor: Actor,
  input: string,
  approve: boolean,
  note: string | null,
  verb: string,
): Promise<string> {
  const found = await loadCase(uc.tx, input);
  const names = await loadUnitNames(uc.tx);
  refuseUnlessPending(found);
  requireAccess(decidesSupportCase(principalOf(actor), found.bodyUnitId), notMember(found, names, verb));
  const status = approve ? 'APPROVED' : 'REJECTED';
  if (
    !(await supportCaseRepository.update(
      uc.tx,
      found.id,
      found.bodyUnitId,
      { status, decidedBy: uc.actorId, decidedAt: uc.now, decisionNote: note },
      uc.now,
    ))
  ) {
    throw new UserError(t.refusals.decided({ code: found.code, status: statusLabel(found) }));
  }
  await appendAudit(uc, {
    action: 'support.decide',
    recordType: 'SupportCase',
    recordId: found.code,
    before: { status: 'PENDING' },
    after: { status, body: found.bodyUnitId, note },
  });
  const project = await projectOf(uc.tx, found);
  // Approved city-level support settles the project where it is: its 首谈 period no longer runs out
  // and reopens the investor to other units (DESIGN §5.1, §5.2).
  const full =
    approve && project.status === 'EXCLUSIVE' ? await projectRepository.findByCode(uc.tx, project.code) : null;
  if (
    full?.exclusiveUntil &&
    (await projectRepository.update(uc.tx, full.id, 'EXCLUSIVE', { exclusiveUntil: null }, uc.now))
  ) {
    await appendAudit(uc, {
      action: 'project.settled',
      recordType: 'Project',
      recordId: project.code,
      before: { exclusiveUntil: full.exclusiveUntil.toISOString() },
      after: { exclusiveUntil: null, support: found.code },
    });
  }
  const verdict = t.statusLabel[status] ?? status;
  const notice = t.notices.decided({
    code: found.code,
    project: project.code,
    body: names.name(found.bodyUnitId),
    verdict,
    note,
  });
  await notify(uc, { unitId: found.requestUnitId }, notice);
  if (found.requestUnitId !== IPB_UNIT) await notify(uc, { unitId: IPB_UNIT }, notice);
  return t.decidedReply({ code: found.code, verdict });
}

export async function escalateSupport(uc: UseCase, actor: Actor, input: string, verb: string): Promise<string> {
  const found = await loadCase(uc.tx, input);
  const names = await loadUnitNames(uc.tx);
  refuseUnlessPending(found);
  if (found.bodyUnitId !== 'changwu')
    throw new UserError(t.refusals.notChangwu({ code: found.code, body: names.name(found.bodyUnitId) }));
  requireAccess(escalatesSupportCase(principalOf(actor), found.bodyUnitId), notMember(found, names, verb));
  const to: SupportBody = 'caijingwei';
  if (
    !(await supportCaseRepository.update(
      uc.tx,
      found.id,
      found.bodyUnitId,
      { bodyUnitId: to, escalatedAt: uc.now, escalatedBy: uc.actorId },
      uc.now,
    ))
  ) {
    throw new UserError(t.refusals.decided({ code: found.code, status: statusLabel(found) }));
  }
  await appendAudit(uc, {
    action: 'support.escalate',
    recordType: 'SupportCase',
    recordId: found.code,
    before: { body: found.bodyUnitId },
    after: { body: to },
  });
  const project = await projectOf(uc.tx, found);
  await sendCard(uc, { ...found, bodyUnitId: to }, project, names, { screening: false, escalated: true });
  const notice = t.notices.escalated({ code: found.code, project: project.code });
  await notify(uc, { unitId: found.requestUnitId }, notice);
  if (found.requestUnitId !== IPB_UNIT) await notify(uc, { unitId: IPB_UNIT }, notice);
  return t.escalatedReply({ code: found.code });
}

const mayView = (actor: Actor, found: SupportCaseRow) =>
  seesSupportCase(principalOf(actor), FULL_VIEW_ROLES, found.requestUnitId);

async function screeningOf(tx: Tx, found: SupportCaseRow): Promise<string | null> {
  const line = t.screeningLine;
  if (found.status === 'SCREENING') return line.waiting();
  if (found.screenedAt !== null && found.screenedBy !== null) {
    const at = formatDateTime(found.screenedAt);
    const by = await userName(tx, found.screenedBy);
    if (found.status === 'RETURNED') return line.returned({ by, at, reason: found.screeningNote });
    return line.passed({ by, at });
  }
  // Cases filed before screening existed have neither; only IPB's own say so.
  return found.requestUnitId === IPB_UNIT ? line.notNeeded() : null;
}

async function detailOf(uc: UseCase, found: SupportCaseRow, names: UnitNames): Promise<string> {
  const project = await projectOf(uc.tx, found);
  return t.detail({
    code: found.code,
    project: project.code,
    name: project.name,
    status: statusLabel(found),
    mode: SUPPORT_MODE_LABELS[found.mode],
    amount: formatWan(found.amountWan),
    description: found.description,
    requester: `${await userName(uc.tx, found.requestedBy)}（${names.name(found.requestUnitId)}）`,
    requestedAt: formatDateTime(found.createdAt),
    body: names.name(found.bodyUnitId),
    screening: await screeningOf(uc.tx, found),
    // People by name, not platform user id (issue #13 §2.8).
    escalation:
      found.escalatedAt && found.escalatedBy
        ? t.escalationLine({ by: await userName(uc.tx, found.escalatedBy), at: formatDateTime(found.escalatedAt) })
        : null,
    decision:
      found.decidedAt && found.decidedBy
        ? t.decisionLine({
            verdict: statusLabel(found),
            by: await userName(uc.tx, found.decidedBy),
            at: formatDateTime(found.decidedAt),
            note: found.decisionNote,
          })
        : null,
    suggestions: await suggestionsOf(uc.tx, found.projectId),
  });
}

/** One case by its YS code, or every case of a project by the project's code. */
export async function describeSupport(uc: UseCase, actor: Actor, input: string): Promise<Message> {
  const names = await loadUnitNames(uc.tx);
  const code = parseSupportCode(input);
  if (code !== null) {
    const found = await supportCaseRepository.findByCode(uc.tx, code);
    if (found === null) throw new UserError(t.refusals.unknownCase({ input }));
    requireAccess(mayView(actor, found), () => t.refusals.notVisible({ code: found.code }));
    return { kind: 'markdown', title: found.code, markdown: await detailOf(uc, found, names) };
  }
  const project = await loadProjectByCode(uc.tx, input);
  const cases = (await supportCaseRepository.listByProject(uc.tx, project.id)).filter((c) => mayView(actor, c).ok);
  if (cases.length === 0) return t.refusals.nonePending({ code: project.code }).reply;
  const parts: string[] = [];
  for (const found of cases) parts.push(await detailOf(uc, found, names));
  return { kind: 'markdown', title: t.projectTitle({ code: project.code }), markdown: parts.join('\n\n') };
}

const LIST_LIMIT = 30;

/**
 * Open cases: a body's members see those pending before their body, IPB and other city viewers all
 * (awaiting screening too), a reporter its unit's.
 */
export async function listSupport(uc: UseCase, actor: Actor): Promise<Message> {
  const names = await loadUnitNames(uc.tx);
  const who = principalOf(actor);
  const bodies = SUPPORT_BODIES.filter((b) => decidesSupportCase(who, b).ok);
  let filter: Parameters<typeof supportCaseRepository.listOpen>[2];
  let statuses = SUPPORT_OPEN_STATUSES;
  if (bodies.length > 0 && !seesEveryUnit(who)) {
    filter = { bodies };
    statuses = ['PENDING'];
  } else if (seesEveryUnit(who, FULL_VIEW_ROLES)) filter = {};
  else filter = { requestUnitId: actor.unit?.id ?? '' };
  const pending = await supportCaseRepository.listOpen(uc.tx, statuses, filter, LIST_LIMIT);
  if (pending.length === 0) return { kind: 'text', text: t.listNone() };
  const projects = await projectRefRepository.byIds(
    uc.tx,
    pending.map((c) => c.projectId),
  );
  const lines = pending.map((c) =>
    t.listLine({
      code: c.code,
      project: projects.get(c.projectId)?.code ?? '',
      mode: SUPPORT_MODE_LABELS[c.mode],
      amount: formatWan(c.amountWan),
      body: names.name(c.bodyUnitId),
      status: statusLabel(c),
    }),
  );
  return { kind: 'markdown', title: t.listTitle(), markdown: [`### ${t.listTitle()}`, ...lines].join('\n') };
}

/** Pending cases of a project, for fund suggestions to reach their deciding bodies. */
export async function pendingCasesOf(tx: Tx, projectId: number): Promise<SupportCaseRow[]> {
  return (await supportCaseRepository.listByProject(tx, projectId)).filter((c) => c.status === 'PENDING');
}
