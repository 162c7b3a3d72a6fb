/**
 * Stock project transfer review (存量项目流转, policy 四(三); DESIGN §5.3): an origin or destination
 * unit applies to move an enterprise, with reasons, the destination's promised policy and the
 * fiscal benefit sharing; IPB, FINANCE, AUDIT and the chain's INDUSTRY department review it jointly.
 * Each use case loads through repositories, decides with src/domain/transfers, and writes the
 * change, its audit event and its notices in the caller's transaction.
 */
import type { Actor } from '../app/context.ts';
import { UserError } from '../app/errors.ts';
import { orgRepository, type UnitRow } from '../db/repositories/org-repository.ts';
import { policyRepository, type FindingRow } from '../db/repositories/policy-repository.ts';
import { projectRepository } from '../db/repositories/project-repository.ts';
import { sequenceRepository } from '../db/repositories/sequence-repository.ts';
import { transferRepository, type TransferRow, type VoteRow } from '../db/repositories/transfer-repository.ts';
import type { Tx } from '../db/tx.ts';
import { hasAnyRole, type Role } from '../domain/org/roles.ts';
import { matchUnits, unitNamer } from '../domain/org/units.ts';
import { formatRecordCode, parseRecordCode } from '../domain/parsing/record-code.ts';
import { anyExceeds, comparePromise, type ItemComparison } from '../domain/policies/ceiling.ts';
import { DISPOSITION_LABELS } from '../domain/policies/findings.ts';
import { parsePromise, POLICY_TYPE_LABELS, type PolicyTerms, type PromiseProblem } from '../domain/policies/terms.ts';
import { investorNameKeys, sameInvestor } from '../domain/projects/investor-identity.ts';
import { guideChains, matchChain } from '../domain/projects/layout-guide.ts';
import { validateApplication, type ApplicationProblem, type RawApplication } from '../domain/transfers/application.ts';
import { destinationPct, parseBenefitSharing, type BenefitSharing } from '../domain/transfers/benefit-sharing.ts';
import {
  castVote,
  chooseSeat,
  mayConclude,
  pendingSeats,
  resubmit,
  REVIEW_SEATS,
  SEAT_UNITS,
  TRANSFER_STATUS_LABELS,
  type ConclusionRule,
  type ReviewSeat,
  type SeatVote,
  type Verdict,
  parseVerdict,
} from '../domain/transfers/voting.ts';
import { reviewReminderDaysOf, transferUnanimity } from '../domain/regulation/rules.ts';
import { shanghaiDay } from '../domain/matrix/dates.ts';
import {
  describeExcess,
  describePromiseExcess,
  describeTerms,
  describeTermsProblem,
  type PromiseExcess,
} from '../messages/policies.ts';
import type { CaseFacts, PolicyWarning, VoteLine } from '../messages/transfers.ts';
import type { TransferStatus } from '../domain/transfers/voting.ts';
import { zhCN } from '../messages/zh-CN.ts';
import { appendAudit } from './audit-log.ts';
import { currentGuide, type GuideView } from './layout-guide.ts';
import { notify } from './notify.ts';
import { hostFilings, recordFinding, suggestUnits, termsOf } from './policies.ts';
import { loadRules, recordRulesApplied, type RuleBook } from './rules.ts';
import { saveOrRefuse, type UseCase } from './use-case.ts';
import {
  conclusionRequestNotice,
  executionNotice,
  executionRequestNotice,
  returnedApplicantNotice,
  returnedReviewersNotice,
  reviewCard,
  transferCounterpartNotice,
  transferOutcomeNotice,
} from '../messages/transfers.ts';
import { refusalText } from '../messages/refusal.ts';
import { followsUpTransfer, reviewsTransfer, seesTransfer } from '../domain/org/access.ts';
import { principalOf, requireAccess } from './access.ts';
import { chainHostNames } from './project-lookup.ts';

const t = zhCN.transfers;
const PREFIX = 'LZ';
/** Transfers move enterprises between 区、县（市） and their industrial platforms. */
const LOCAL_KINDS: readonly UnitRow['kind'][] = ['DISTRICT', 'PLATFORM'];
/**
 * The INDUSTRY department reviewing a chain. DESIGN §2: 市经信局 is the industry department for every
 * chain (it is seeded in every deployment). The case stores the department it was given, so a later
 * per-chain assignment never changes who reviews a case already under way.
 */
const INDUSTRY_DEPARTMENT = 'industry';
const REVIEWER_ROLES: readonly Role[] = ['IPB', 'FINANCE', 'AUDIT', 'INDUSTRY'];
const MAX_TEXT = 500;
const LIST_LIMIT = 30;

/** The 比拼政策 comparison of a round, kept on the case so a card and a later query say the same. */
interface StoredCheck {
  hosts: string[];
  items: ItemComparison[];
}

export interface Names {
  units: UnitRow[];
  unit(id: string): string;
  user(id: string): Promise<string>;
}

export async function names(tx: Tx): Promise<Names> {
  const units = await orgRepository.listUnits(tx);
  const users = new Map<string, string>();
  return {
    units,
    unit: unitNamer(units),
    async user(id) {
      const known = users.get(id);
      if (known !== undefined) return known;
      const name = (await orgRepository.findUser(tx, id))?.name ?? id;
      users.set(id, name);
      return name;
    },
  };
}

/** The unit holding a review seat: the case's own INDUSTRY department, or the seat's city department. */
export function seatUnitId(seat: ReviewSeat, transfer: Pick<TransferRow, 'industryUnitId'>): string {
  return seat === 'INDUSTRY' ? transfer.industryUnitId : SEAT_UNITS[seat];
}

/** A review seat's name, as outcomes and notices show it: its unit's name, or its department. */
export function seatName(seat: ReviewSeat, transfer: Pick<TransferRow, 'industryUnitId'>, n: Names): string {
  return seat === 'INDUSTRY' ? n.unit(transfer.industryUnitId) : t.seats[seat];
}
const reviewerNames = (transfer: Pick<TransferRow, 'industryUnitId'>, n: Names) =>
  REVIEW_SEATS.map((seat) => seatName(seat, transfer, n));

const promiseOf = (transfer: Pick<TransferRow, 'promise'>): PolicyTerms[] =>
  transfer.promise === null ? [] : (JSON.parse(transfer.promise) as PolicyTerms[]);
const checkOf = (transfer: Pick<TransferRow, 'policyCheck'>): StoredCheck | null =>
  transfer.policyCheck === null ? null : (JSON.parse(transfer.policyCheck) as StoredCheck);

async function loadTransfer(tx: Tx, input: string | undefined): Promise<TransferRow> {
  const code = input === undefined ? null : parseRecordCode(PREFIX, input);
  const transfer = code === null ? null : await transferRepository.findByCode(tx, code);
  if (transfer === null) throw new UserError(t.vote.unknownCase({ input: input ?? '' }));
  return transfer;
}

function resolveUnit(units: readonly UnitRow[], input: string, role: string): UnitRow {
  const matches = matchUnits(units, input);
  const [only] = matches;
  if (matches.length > 1)
    throw new UserError(t.apply.ambiguousUnit({ role, input, candidates: matches.map((u) => u.name) }));
  if (only === undefined) {
    const suggestions = suggestUnits(units, input);
    throw new UserError(t.apply.unknownUnit({ role, input, suggestions }));
  }
  if (!LOCAL_KINDS.includes(only.kind)) throw new UserError(t.apply.notLocal({ role, unit: only.name }));
  return only;
}

const reporterScopes = (actor: Actor) => actor.roles.filter((g) => g.role === 'REPORTER').map((g) => g.scope);

function describePromiseProblem(p: PromiseProblem): string {
  const problem = p.problem.field === 'item' ? t.apply.promiseFormat() : describeTermsProblem(p.problem);
  return t.apply.promise({ item: p.item, text: p.text, problem });
}

function describeProblem(problem: ApplicationProblem): string[] {
  switch (problem.kind) {
    case 'missing':
      return [t.apply.missing({ field: t.fieldLabels[problem.field] })];
    case 'too-long':
      return [refusalText(t.apply.tooLong({ field: t.fieldLabels[problem.field], max: problem.max }))];
    case 'share':
      return [t.apply.share({ input: problem.input, problem: problem.problem })];
    case 'promise':
      return problem.problems.map(describePromiseProblem);
    case 'credit-length':
      return [t.apply.creditLength({ length: problem.length })];
    case 'credit-chars':
      return [t.apply.creditChars({ chars: problem.chars })];
    case 'credit-check-unconfirmed':
      return [t.apply.creditCheck({ code: problem.code })];
  }
}

/** The chain from the enterprise's own 首报 (the origin's report first), or a question back. */
async function chainFromProjects(
  tx: Tx,
  enterprise: string,
  creditCode: string | null,
  fromUnitId: string,
  guide: GuideView,
): Promise<{ chain: string; project: string }> {
  const candidates = await projectRepository.findInvestorCandidates(tx, creditCode, investorNameKeys(enterprise));
  const same = candidates.filter(
    (p) => sameInvestor({ name: enterprise, creditCode }, { name: p.investorName, creditCode: p.creditCode }).same,
  );
  const atOrigin = same.filter((p) => p.unitId === fromUnitId);
  const pool = atOrigin.length > 0 ? atOrigin : same;
  const chains = [...new Set(pool.map((p) => p.chain))];
  const [chain] = chains;
  const [first] = pool;
  if (chains.length === 1 && chain !== undefined && first !== undefined) return { chain, project: first.code };
  if (chains.length === 0) throw new UserError(t.apply.askChain({ enterprise, chains: guideChains(guide) }));
  throw new UserError(t.apply.askChainAmong({ enterprise, chains, projects: pool.map((p) => p.code) }));
}

function chainFromInput(guide: GuideView, input: string): string {
  const matched = matchChain(guide, input);
  if (matched === undefined) throw new UserError(t.apply.unknownChain({ input, chains: guideChains(guide) }));
  if ('ambiguous' in matched) throw new UserError(t.apply.ambiguousChain({ input, candidates: matched.ambiguous }));
  return matched.chain;
}

async function policyCheck(
  tx: Tx,
  guide: GuideView,
  chain: string,
  promise: readonly PolicyTerms[],
): Promise<StoredCheck | null> {
  if (promise.length === 0) return null;
  const hosts = (await hostFilings(tx, guide, chain)).map(termsOf);
  return { hosts: chainHostNames(guide, chain), items: comparePromise(promise, hosts) };
}

/** The promised items above the hosts' ceiling, as a finding keeps them. */
const promiseExcessOf = (check: StoredCheck | null): PromiseExcess[] =>
  check === null
    ? []
    : check.items.flatMap((i) =>
        i.comparison.verdict === 'exceeds' ? [{ terms: i.terms, excess: i.comparison.excess }] : [],
      );

/** The 比拼政策 warning of a case, naming its latest finding (DESIGN §5.3). */
async function warningOf(tx: Tx, transfer: Pick<TransferRow, 'id' | 'policyCheck'>): Promise<PolicyWarning | null> {
  const check = checkOf(transfer);
  if (check === null) return null;
  const exceeded = promiseExcessOf(check).map((i) => ({
    item: POLICY_TYPE_LABELS[i.terms.type],
    excess: describeExcess(i.excess),
  }));
  const uncompared = check.items
    .filter((i) => i.comparison.verdict === 'no-ceiling')
    .map((i) => POLICY_TYPE_LABELS[i.terms.type]);
  if (exceeded.length === 0 && uncompared.length === 0) return null;
  const [latest] = exceeded.length === 0 ? [] : await policyRepository.findingsForTransfer(tx, transfer.id);
  const finding =
    latest === undefined
      ? null
      : { code: latest.code, disposition: latest.disposition === null ? null : DISPOSITION_LABELS[latest.disposition] };
  return { exceeded, uncompared, hosts: check.hosts, finding };
}

/**
 * A destination's promise above the hosts' filed policy is a 比拼政策 finding (DESIGN §5.3, §5.4; what
 * counts is rule R12), which IPB decides like any other. A case has at most one open finding: a
 * resubmission that still promises too much adds none while one awaits IPB's decision.
 */
async function recordPromiseFinding(uc: UseCase, transfer: TransferRow, n: Names): Promise<FindingRow | null> {
  const check = checkOf(transfer);
  const items = promiseExcessOf(check);
  if (check === null || items.length === 0) return null;
  if ((await policyRepository.openFindingForTransfer(uc.tx, transfer.id)) !== null) return null;
  return recordFinding(uc, n.unit(transfer.toUnitId), {
    unitId: transfer.toUnitId,
    chain: transfer.chain,
    filingId: null,
    transfer: { id: transfer.id, round: transfer.round },
    stored: { items, hosts: check.hosts },
    source: {
      kind: 'transfer',
      code: transfer.code,
      enterprise: transfer.enterpriseName,
      terms: items.map((i) => describeTerms(i.terms)).join('；'),
    },
    hosts: check.hosts,
    ceiling: null,
    excess: describePromiseExcess(items),
  });
}

async function caseFacts(transfer: TransferRow, n: Names): Promise<CaseFacts> {
  const sharing: BenefitSharing = { originPct: transfer.originSharePct, years: transfer.shareYears };
  return {
    code: transfer.code,
    enterprise: transfer.enterpriseName,
    creditCode: transfer.creditCode,
    chain: transfer.chain,
    from: n.unit(transfer.fromUnitId),
    to: n.unit(transfer.toUnitId),
    industry: n.unit(transfer.industryUnitId),
    reason: transfer.reason,
    applicant: await n.user(transfer.applicantId),
    applicantUnit: n.unit(transfer.applicantUnitId),
    submittedAt: transfer.roundStartedAt,
    promise: promiseOf(transfer).map(describeTerms),
    originPct: sharing.originPct,
    destinationPct: destinationPct(sharing),
    years: sharing.years,
  };
}

async function sendReviewCards(uc: UseCase, transfer: TransferRow, n: Names, supplement: string | null): Promise<void> {
  const facts = await caseFacts(transfer, n);
  const rules = await loadRules(uc.tx);
  const guide = await currentGuide(uc.tx, uc.now);
  // A destination outside the chain's host units (《布局导引》) is flagged to the reviewers (DESIGN §5.3).
  const hosts = guide === null ? [] : chainHostNames(guide, transfer.chain);
  const card = reviewCard({
    ...facts,
    round: transfer.round,
    warning: await warningOf(uc.tx, transfer),
    supplement,
    reviewers: reviewerNames(transfer, n),
    r4: rules.values.R4,
    reminderDays: reviewReminderDaysOf(rules.values),
    outsideHosts: guide === null || hosts.includes(facts.to) ? null : hosts,
  });
  for (const seat of REVIEW_SEATS) await notify(uc, { unitId: seatUnitId(seat, transfer) }, card);
}

/**
 * `chainFrom`: the project whose chain the case took when the application named none; `finding`: the
 * 比拼政策 finding the promise raised; `r4`: rule R4's value, which says how the opinions conclude.
 */
export interface TransferAppliedOutcome {
  kind: 'applied';
  code: string;
  enterprise: string;
  chain: string;
  from: string;
  to: string;
  reviewers: string[];
  chainFrom: string | null;
  r4: string;
  finding: string | null;
}

/** `/流转 企业=… 迁出=… 迁入=… 理由=… 分成=…`: opens a case and sends the four reviewers their cards. */
export async function applyTransfer(
  uc: UseCase,
  actor: Actor,
  raw: RawApplication,
  extraWords: readonly string[],
): Promise<TransferAppliedOutcome> {
  if (extraWords.length > 0) throw new UserError(t.apply.extraWords({ words: [...extraWords] }));
  const validated = validateApplication(raw);
  if (!validated.ok) {
    const lines = validated.problems.flatMap(describeProblem).map((p, i) => `${i + 1}. ${p}`);
    throw new UserError(t.apply.problems({ lines, example: true }));
  }
  const app = validated.application;
  const n = await names(uc.tx);
  const from = resolveUnit(n.units, app.from, t.fieldLabels.from);
  const to = resolveUnit(n.units, app.to, t.fieldLabels.to);
  if (from.id === to.id) throw new UserError(t.apply.sameUnit({ unit: from.name }));
  // A district's reporter also acts for the platforms inside it, which often have no officer of their own.
  const scopes = reporterScopes(actor);
  const actsFor = (unit: UnitRow) => scopes.find((scope) => scope === unit.id || scope === unit.parentId);
  const forDestination = actsFor(to);
  const applicantUnitId = forDestination ?? actsFor(from);
  if (applicantUnitId === undefined) throw new UserError(t.apply.notParty({ from: from.name, to: to.name }));
  const counterpart = forDestination !== undefined ? from : to;

  const guide = await currentGuide(uc.tx, uc.now);
  if (guide === null) throw new UserError(t.apply.noGuide());
  const inferred =
    app.chain === null ? await chainFromProjects(uc.tx, app.enterprise, app.creditCode, from.id, guide) : null;
  const chain = inferred?.chain ?? chainFromInput(guide, app.chain ?? '');

  const open = (await transferRepository.listOpen(uc.tx)).find(
    (c) =>
      sameInvestor(
        { name: app.enterprise, creditCode: app.creditCode },
        { name: c.enterpriseName, creditCode: c.creditCode },
      ).same,
  );
  if (open !== undefined)
    throw new UserError(
      t.apply.openCase({
        code: open.code,
        enterprise: open.enterpriseName,
        status: TRANSFER_STATUS_LABELS[open.status],
      }),
    );

  const check = await policyCheck(uc.tx, guide, chain, app.promise);
  const year = shanghaiDay(uc.now).year;
  const code = formatRecordCode(PREFIX, year, await sequenceRepository.next(uc.tx, `transfer:${year}`));
  const transfer = await transferRepository.create(
    uc.tx,
    {
      code,
      enterpriseName: app.enterprise,
      creditCode: app.creditCode,
      chain,
      fromUnitId: from.id,
      toUnitId: to.id,
      industryUnitId: INDUSTRY_DEPARTMENT,
      reason: app.reason,
      promise: app.promise.length > 0 ? JSON.stringify(app.promise) : null,
      originSharePct: app.sharing.originPct,
      shareYears: app.sharing.years,
      policyCheck: check === null ? null : JSON.stringify(check),
      applicantId: actor.id,
      applicantUnitId,
      guideVersionId: guide.id,
    },
    uc.now,
  );
  const exceeds = check !== null && anyExceeds(check.items);
  await appendAudit(uc, {
    action: 'transfer.apply',
    recordType: 'Transfer',
    recordId: code,
    after: {
      enterprise: app.enterprise,
      chain,
      from: from.id,
      to: to.id,
      sharing: app.sharing,
      promise: app.promise,
      policyWarning: exceeds,
      guideVersion: `${guide.year}-v${guide.version}`,
    },
  });
  const finding = await recordPromiseFinding(uc, transfer, n);
  await sendReviewCards(uc, transfer, n, null);
  const parties = { code, enterprise: app.enterprise, chain, from: from.name, to: to.name };
  const applicantUnit = n.unit(applicantUnitId);
  await notify(uc, { unitId: counterpart.id }, transferCounterpartNotice({ ...parties, applicantUnit }));
  return {
    kind: 'applied',
    ...parties,
    reviewers: reviewerNames(transfer, n),
    chainFrom: inferred?.project ?? null,
    r4: (await loadRules(uc.tx)).values.R4,
    finding: finding?.code ?? null,
  };
}

async function voteLines(
  transfer: TransferRow,
  votes: readonly VoteRow[] | readonly SeatVote[],
  n: Names,
): Promise<VoteLine[]> {
  const lines: VoteLine[] = [];
  for (const seat of REVIEW_SEATS) {
    const vote = votes.find((v) => v.seat === seat);
    lines.push({
      seat: seatName(seat, transfer, n),
      verdict: vote?.verdict ?? null,
      opinion: vote?.opinion ?? null,
      voter: vote === undefined ? null : await n.user(vote.voterId),
    });
  }
  return lines;
}

/** Writes a status change only if nobody changed the case since it was loaded in this transaction. */
async function save(
  uc: UseCase,
  transfer: TransferRow,
  change: Parameters<typeof transferRepository.update>[3],
): Promise<void> {
  await saveOrRefuse(
    () =>
      transferRepository.update(uc.tx, transfer.id, { status: transfer.status, round: transfer.round }, change, uc.now),
    () => transferRepository.findByCode(uc.tx, transfer.code),
    (fresh) => t.vote.decided({ code: transfer.code, status: fresh ? TRANSFER_STATUS_LABELS[fresh.status] : '' }),
  );
}

/**
 * A vote and what it completed (`kind`, the domain's outcome of the round): `pending` names the seats
 * still to vote while PENDING, `dissent` those against while AWAITING_CONCLUSION; `replaced` is the
 * seat's earlier verdict in this round.
 */
export interface TransferVoteOutcome {
  kind: 'PENDING' | 'APPROVED' | 'REJECTED' | 'AWAITING_CONCLUSION' | 'RETURNED';
  code: string;
  seat: string;
  verdict: Verdict;
  replaced: Verdict | null;
  pending: string[];
  dissent: string[];
}

/** `/评审 <编号> 同意|不同意|补充材料 [意见]`: one seat's vote, and the decision it may complete. */
export async function voteOnTransfer(
  uc: UseCase,
  actor: Actor,
  codeInput: string | undefined,
  verdictInput: string | undefined,
  opinionInput: string,
): Promise<TransferVoteOutcome> {
  const transfer = await loadTransfer(uc.tx, codeInput);
  const verdict: Verdict | null = verdictInput === undefined ? null : parseVerdict(verdictInput);
  if (verdict === null) throw new UserError(t.vote.unknownVerdict({ input: verdictInput ?? '' }));
  const n = await names(uc.tx);
  requireAccess(reviewsTransfer(principalOf(actor), transfer.industryUnitId), () =>
    t.vote.notReviewer({ code: transfer.code, reviewers: reviewerNames(transfer, n) }),
  );
  const choice = chooseSeat(actor.roles, actor.unit?.id ?? null, transfer.industryUnitId);
  if (!choice.ok) {
    throw new UserError(t.vote.severalSeats({ seats: choice.seats.map((s) => seatName(s, transfer, n)) }));
  }
  const seat = choice.seat;
  const opinion = opinionInput.trim() === '' ? null : opinionInput.trim();
  if (opinion !== null && [...opinion].length > MAX_TEXT)
    throw new UserError(t.apply.tooLong({ field: t.fieldLabels.opinion, max: MAX_TEXT }));
  const votes = await transferRepository.votesOf(uc.tx, transfer.id, transfer.round);
  const rules = await loadRules(uc.tx);
  const result = castVote(
    transfer.status,
    votes,
    { seat, verdict, opinion, voterId: uc.actorId },
    conclusionRule(rules),
  );
  if (!result.ok) {
    throw new UserError(
      result.refusal === 'returned'
        ? t.vote.returned({ code: transfer.code })
        : t.vote.decided({ code: transfer.code, status: TRANSFER_STATUS_LABELS[transfer.status] }),
    );
  }
  await transferRepository.putVote(
    uc.tx,
    transfer.id,
    transfer.round,
    { seat, verdict, opinion, voterId: uc.actorId },
    uc.now,
  );
  const replaced = result.replaced;
  await appendAudit(uc, {
    action: 'transfer.vote',
    recordType: 'Transfer',
    recordId: transfer.code,
    before:
      replaced === null
        ? undefined
        : { seat, verdict: replaced.verdict, opinion: replaced.opinion, voterId: replaced.voterId },
    after: { round: transfer.round, seat, verdict, opinion },
  });
  const recorded = {
    kind: result.outcome,
    code: transfer.code,
    seat: seatName(seat, transfer, n),
    verdict,
    replaced: replaced?.verdict ?? null,
    pending: result.outcome === 'PENDING' ? pendingSeats(result.votes).map((s) => seatName(s, transfer, n)) : [],
    dissent: [],
  };

  switch (result.outcome) {
    case 'PENDING':
      return recorded;
    case 'APPROVED':
    case 'REJECTED': {
      await decide(uc, transfer, result.outcome, result.votes, n, rules, null);
      return recorded;
    }
    case 'AWAITING_CONCLUSION': {
      const dissent = result.votes.filter((v) => v.verdict === 'REJECT').map((v) => seatName(v.seat, transfer, n));
      const votes = await voteLines(transfer, result.votes, n);
      const request = { code: transfer.code, enterprise: transfer.enterpriseName, dissent, votes };
      await notify(uc, { unitId: SEAT_UNITS.IPB }, conclusionRequestNotice(request));
      return { ...recorded, dissent };
    }
    case 'RETURNED': {
      await save(uc, transfer, { status: 'RETURNED' });
      await appendAudit(uc, {
        action: 'transfer.return',
        recordType: 'Transfer',
        recordId: transfer.code,
        before: { status: transfer.status },
        after: { status: 'RETURNED', round: transfer.round, seat, opinion },
      });
      const who = seatName(seat, transfer, n);
      const returned = { code: transfer.code, enterprise: transfer.enterpriseName, seat: who };
      const applicantNotice = returnedApplicantNotice({ ...returned, opinion });
      await notify(uc, { userId: transfer.applicantId }, applicantNotice);
      await notify(uc, { unitId: transfer.applicantUnitId }, applicantNotice);
      const voterUnit = seatUnitId(seat, transfer);
      for (const other of REVIEW_SEATS) {
        const unitId = seatUnitId(other, transfer);
        if (unitId === voterUnit) continue;
        await notify(uc, { unitId }, returnedReviewersNotice(returned));
      }
      return recorded;
    }
  }
}

const conclusionRule = (rules: RuleBook): ConclusionRule => (transferUnanimity(rules.values) ? 'unanimous' : 'default');

interface Conclusion {
  by: string;
  note: string;
}

/**
 * The joint conclusion: by the four opinions (R4), or IPB's when R4 leaves it to IPB. An approved plan
 * goes to 市财政局 with the benefit sharing to carry out (四(三): 完善财政利益共享等相关制度).
 */
async function decide(
  uc: UseCase,
  transfer: TransferRow,
  outcome: 'APPROVED' | 'REJECTED',
  votes: readonly SeatVote[],
  n: Names,
  rules: RuleBook,
  conclusion: Conclusion | null,
): Promise<void> {
  await save(uc, transfer, {
    status: outcome,
    decidedAt: uc.now,
    conclusionNote: conclusion?.note ?? null,
    concludedBy: conclusion?.by ?? null,
  });
  const approved = outcome === 'APPROVED';
  const action = approved ? 'transfer.approve' : 'transfer.reject';
  await appendAudit(uc, {
    action,
    recordType: 'Transfer',
    recordId: transfer.code,
    before: { status: transfer.status },
    after: {
      status: outcome,
      round: transfer.round,
      votes: votes.map((v) => ({ seat: v.seat, verdict: v.verdict })),
      sharing: { originPct: transfer.originSharePct, years: transfer.shareYears },
      ...(conclusion === null ? {} : { conclusion: conclusion.note }),
    },
  });
  await recordRulesApplied(uc, rules, transfer.code, action, ['R4']);
  const sharing: BenefitSharing = { originPct: transfer.originSharePct, years: transfer.shareYears };
  const message = transferOutcomeNotice({
    code: transfer.code,
    enterprise: transfer.enterpriseName,
    chain: transfer.chain,
    from: n.unit(transfer.fromUnitId),
    to: n.unit(transfer.toUnitId),
    originPct: sharing.originPct,
    destinationPct: destinationPct(sharing),
    years: sharing.years,
    approved,
    votes: await voteLines(transfer, votes, n),
    conclusion: conclusion === null ? null : { by: await n.user(conclusion.by), note: conclusion.note },
    unanimity: conclusionRule(rules) === 'unanimous',
  });
  await notify(uc, { userId: transfer.applicantId }, message);
  await notify(uc, { unitId: transfer.fromUnitId }, message);
  await notify(uc, { unitId: transfer.toUnitId }, message);
  await notify(uc, { purpose: 'CITY' }, message);
  if (approved) {
    const request = {
      code: transfer.code,
      enterprise: transfer.enterpriseName,
      from: n.unit(transfer.fromUnitId),
      to: n.unit(transfer.toUnitId),
      originPct: sharing.originPct,
      destinationPct: destinationPct(sharing),
      years: sharing.years,
    };
    await notify(uc, { unitId: SEAT_UNITS.FINANCE }, executionRequestNotice(request));
  }
}

/** `/流转 结论 <编号> 同意|不同意 <理由>`: IPB concludes a round whose four opinions include a dissent (R4's default). */
export interface TransferConcludedOutcome {
  kind: 'APPROVED' | 'REJECTED';
  code: string;
}

export async function concludeTransfer(
  uc: UseCase,
  codeInput: string | undefined,
  verdictInput: string | undefined,
  reasonInput: string,
): Promise<TransferConcludedOutcome> {
  const transfer = await loadTransfer(uc.tx, codeInput);
  const verdict = verdictInput === undefined ? null : parseVerdict(verdictInput);
  if (verdict === null || verdict === 'MORE_INFO')
    throw new UserError(t.conclusion.unknownVerdict({ input: verdictInput ?? '' }));
  const reason = reasonInput.trim();
  if (reason === '') throw new UserError(t.conclusion.reasonRequired({ code: transfer.code }));
  if ([...reason].length > MAX_TEXT)
    throw new UserError(t.apply.tooLong({ field: t.fieldLabels.opinion, max: MAX_TEXT }));
  const n = await names(uc.tx);
  const votes = await transferRepository.votesOf(uc.tx, transfer.id, transfer.round);
  const rules = await loadRules(uc.tx);
  const allowed = mayConclude(transfer.status, votes, conclusionRule(rules));
  if (!allowed.ok) {
    switch (allowed.refusal) {
      case 'decided':
        throw new UserError(t.vote.decided({ code: transfer.code, status: TRANSFER_STATUS_LABELS[transfer.status] }));
      case 'returned':
        throw new UserError(t.vote.returned({ code: transfer.code }));
      case 'rule-unanimous':
        throw new UserError(t.conclusion.unanimous({ code: transfer.code }));
      case 'incomplete':
        throw new UserError(
          t.conclusion.incomplete({
            code: transfer.code,
            pending: pendingSeats(votes).map((s) => seatName(s, transfer, n)),
          }),
        );
      case 'no-dissent':
        throw new UserError(t.conclusion.noDissent({ code: transfer.code }));
    }
  }
  const outcome = verdict === 'APPROVE' ? 'APPROVED' : 'REJECTED';
  await decide(uc, transfer, outcome, votes, n, rules, { by: uc.actorId, note: reason });
  return { kind: outcome, code: transfer.code };
}

/** `/流转 执行 <编号> <说明>`: 市财政局 records how the approved benefit sharing is carried out. */
/** `units`: the origin and destination, both told. */
export interface TransferExecutionOutcome {
  kind: 'executed';
  code: string;
  units: string[];
}

export async function recordExecution(
  uc: UseCase,
  codeInput: string | undefined,
  noteInput: string,
): Promise<TransferExecutionOutcome> {
  const transfer = await loadTransfer(uc.tx, codeInput);
  const note = noteInput.trim();
  if (note === '') throw new UserError(t.execution.missing());
  if ([...note].length > MAX_TEXT) throw new UserError(t.apply.tooLong({ field: t.fieldLabels.note, max: MAX_TEXT }));
  if (transfer.status !== 'APPROVED')
    throw new UserError(
      t.execution.notApproved({ code: transfer.code, status: TRANSFER_STATUS_LABELS[transfer.status] }),
    );
  await transferRepository.addExecution(uc.tx, { transferId: transfer.id, note, recordedBy: uc.actorId }, uc.now);
  await appendAudit(uc, {
    action: 'transfer.execute',
    recordType: 'Transfer',
    recordId: transfer.code,
    after: { note },
  });
  const n = await names(uc.tx);
  const notice = executionNotice({ code: transfer.code, enterprise: transfer.enterpriseName, note });
  await notify(uc, { unitId: transfer.fromUnitId }, notice);
  await notify(uc, { unitId: transfer.toUnitId }, notice);
  return { kind: 'executed', code: transfer.code, units: [n.unit(transfer.fromUnitId), n.unit(transfer.toUnitId)] };
}

export interface Resubmission {
  note: string;
  share?: string;
  promise?: string;
}

/** `/流转 补充 <编号> <说明>`: the applicant's material; a new round starts with every vote reset. */
/** The case went back to review as `round`, every vote reset. */
export interface TransferResubmittedOutcome {
  kind: 'resubmitted';
  code: string;
  round: number;
  reviewers: string[];
}

export async function resubmitTransfer(
  uc: UseCase,
  actor: Actor,
  codeInput: string | undefined,
  input: Resubmission,
): Promise<TransferResubmittedOutcome> {
  const transfer = await loadTransfer(uc.tx, codeInput);
  const n = await names(uc.tx);
  const applicant = { userId: transfer.applicantId, unitId: transfer.applicantUnitId };
  requireAccess(followsUpTransfer(principalOf(actor), applicant), () =>
    t.resubmit.notApplicant({ code: transfer.code, unit: n.unit(transfer.applicantUnitId) }),
  );
  const allowed = resubmit(transfer.status);
  if (!allowed.ok)
    throw new UserError(
      t.resubmit.notReturned({ code: transfer.code, status: TRANSFER_STATUS_LABELS[transfer.status] }),
    );
  const note = input.note.trim();
  if (note === '') throw new UserError(t.resubmit.missing());
  const problems: string[] = [];
  if ([...note].length > MAX_TEXT)
    problems.push(refusalText(t.apply.tooLong({ field: t.fieldLabels.note, max: MAX_TEXT })));
  let sharing: BenefitSharing = { originPct: transfer.originSharePct, years: transfer.shareYears };
  if (input.share !== undefined) {
    const parsed = parseBenefitSharing(input.share);
    if (parsed.ok) sharing = parsed.sharing;
    else problems.push(t.apply.share({ input: input.share, problem: parsed.problem }));
  }
  let promise = promiseOf(transfer);
  if (input.promise !== undefined) {
    const parsed = parsePromise(input.promise);
    if (parsed.ok) promise = parsed.items;
    else problems.push(...parsed.problems.map(describePromiseProblem));
  }
  if (problems.length > 0)
    throw new UserError(t.apply.problems({ lines: problems.map((p, i) => `${i + 1}. ${p}`), example: false }));

  const guide = await currentGuide(uc.tx, uc.now);
  const check = guide === null ? checkOf(transfer) : await policyCheck(uc.tx, guide, transfer.chain, promise);
  const round = transfer.round + 1;
  const change = {
    status: allowed.to,
    round,
    roundStartedAt: uc.now,
    originSharePct: sharing.originPct,
    shareYears: sharing.years,
    promise: promise.length > 0 ? JSON.stringify(promise) : null,
    policyCheck: check === null ? null : JSON.stringify(check),
  };
  await save(uc, transfer, change);
  await transferRepository.addSupplement(
    uc.tx,
    { transferId: transfer.id, round, note, submittedBy: uc.actorId },
    uc.now,
  );
  await recordPromiseFinding(uc, { ...transfer, ...change }, n);
  await appendAudit(uc, {
    action: 'transfer.resubmit',
    recordType: 'Transfer',
    recordId: transfer.code,
    before: {
      status: transfer.status,
      round: transfer.round,
      sharing: { originPct: transfer.originSharePct, years: transfer.shareYears },
    },
    after: { status: allowed.to, round, note, sharing, promise },
  });
  await sendReviewCards(uc, { ...transfer, ...change }, n, note);
  return { kind: 'resubmitted', code: transfer.code, round, reviewers: reviewerNames(transfer, n) };
}

/** Reviewers see every case; a unit sees the cases it is party to, a district those of its platforms too. */
function mayView(actor: Actor, transfer: TransferRow, units: readonly UnitRow[]) {
  const parties = [transfer.fromUnitId, transfer.toUnitId].flatMap((id) => [
    id,
    units.find((u) => u.id === id)?.parentId ?? id,
  ]);
  return seesTransfer(principalOf(actor), REVIEWER_ROLES, parties);
}

/** A case in full: its facts, the current round's votes, supplements, IPB's conclusion and 市财政局's records. */
export interface TransferDetailOutcome {
  kind: 'detail';
  facts: CaseFacts;
  status: TransferStatus;
  round: number;
  votes: VoteLine[];
  warning: PolicyWarning | null;
  supplements: { note: string; at: Date }[];
  decidedAt: Date | null;
  conclusion: { by: string; note: string } | null;
  executions: { at: Date; note: string }[];
}

/** `/流转 <编号>`: the case, its current round's votes and the 比拼政策 comparison. */
export async function describeTransfer(uc: UseCase, actor: Actor, codeInput: string): Promise<TransferDetailOutcome> {
  const transfer = await loadTransfer(uc.tx, codeInput);
  const n = await names(uc.tx);
  requireAccess(mayView(actor, transfer, n.units), () => t.query.notVisible({ code: transfer.code }));
  const votes = await transferRepository.votesOf(uc.tx, transfer.id, transfer.round);
  const supplements = await transferRepository.supplementsOf(uc.tx, transfer.id);
  const executions = await transferRepository.executionsOf(uc.tx, transfer.id);
  const conclusionBy = transfer.conclusionNote === null ? null : await n.user(transfer.concludedBy ?? '');
  return {
    kind: 'detail',
    facts: await caseFacts(transfer, n),
    status: transfer.status,
    round: transfer.round,
    votes: await voteLines(transfer, votes, n),
    warning: await warningOf(uc.tx, transfer),
    supplements: supplements.map((s) => ({ note: s.note, at: s.submittedAt })),
    decidedAt: transfer.decidedAt,
    conclusion:
      transfer.conclusionNote === null || conclusionBy === null
        ? null
        : { by: conclusionBy, note: transfer.conclusionNote },
    executions: executions.map((e) => ({ at: e.recordedAt, note: e.note })),
  };
}

/** One case of a list; `pending` names the seats still to vote while it is under review. */
export interface TransferListLine {
  code: string;
  enterprise: string;
  from: string;
  to: string;
  status: TransferStatus;
  pending: string[];
}

/** `unit` null: a reviewer's list of the open cases; otherwise the named unit's cases. */
export interface TransferListOutcome {
  kind: 'list';
  unit: string | null;
  cases: TransferListLine[];
}

/** `/流转`: open cases for reviewers; a reporter's own unit's cases otherwise. */
export async function listTransfers(uc: UseCase, actor: Actor): Promise<TransferListOutcome> {
  const n = await names(uc.tx);
  const line = async (c: TransferRow): Promise<TransferListLine> => {
    const votes = c.status === 'REVIEWING' ? await transferRepository.votesOf(uc.tx, c.id, c.round) : null;
    const pending = votes === null ? [] : pendingSeats(votes).map((s) => seatName(s, c, n));
    const { code, enterpriseName: enterprise, status } = c;
    return { code, enterprise, from: n.unit(c.fromUnitId), to: n.unit(c.toUnitId), status, pending };
  };
  const reviewer = hasAnyRole(actor.roles, REVIEWER_ROLES);
  const unitId = reviewer ? null : (reporterScopes(actor)[0] ?? actor.unit?.id);
  if (unitId === undefined) throw new UserError(t.query.usage());
  const rows =
    unitId === null
      ? (await transferRepository.listOpen(uc.tx)).slice(0, LIST_LIMIT)
      : await transferRepository.listForUnit(uc.tx, unitId, LIST_LIMIT);
  const cases = [];
  for (const c of rows) cases.push(await line(c));
  return { kind: 'list', unit: unitId === null ? null : n.unit(unitId), cases };
}
