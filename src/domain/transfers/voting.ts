/**
 * The joint review of a stock project transfer (存量项目流转, policy 四(三); DESIGN §5.3): 市投资促进局
 * 会同市财政局、市审计局以及相关产业主管部门 review each application. Four seats give 同意 / 不同意 /
 * 补充材料; one 补充材料 returns it to the applicant, whose resubmission opens a new round with every
 * opinion reset. How the four opinions become the conclusion is not the policy's: it is implementation
 * rule R4 (DESIGN §10), with two values —
 * - default: four 同意 are the joint conclusion 同意; with any 不同意, IPB (who leads the review) issues the
 *   conclusion once all four opinions are in, and until then an opinion may still change;
 * - 一致同意: four 同意 approve, and one 不同意 rejects at once.
 *
 * Pure: the caller loads the case and its current round's votes and writes what this returns.
 */

import type { RoleGrant } from '../org/roles.ts';
import { AUDIT_UNIT, FINANCE_UNIT, IPB_UNIT } from '../org/units.ts';

export const REVIEW_SEATS = ['IPB', 'FINANCE', 'AUDIT', 'INDUSTRY'] as const;
export type ReviewSeat = (typeof REVIEW_SEATS)[number];

export type Verdict = 'APPROVE' | 'REJECT' | 'MORE_INFO';

export const TRANSFER_STATUSES = ['REVIEWING', 'RETURNED', 'APPROVED', 'REJECTED'] as const;
export type TransferStatus = (typeof TRANSFER_STATUSES)[number];

export const TRANSFER_STATUS_LABELS: Record<TransferStatus, string> = {
  REVIEWING: '评审中',
  RETURNED: '待补充材料',
  APPROVED: '评审通过',
  REJECTED: '评审未通过',
};

export const VERDICT_LABELS: Record<Verdict, string> = {
  APPROVE: '同意',
  REJECT: '不同意',
  MORE_INFO: '补充材料',
};

/** The words officers type for each verdict; the labels themselves come first (card buttons use them). */
const VERDICT_WORDS: ReadonlyArray<readonly [string, Verdict]> = [
  ['同意', 'APPROVE'],
  ['通过', 'APPROVE'],
  ['approve', 'APPROVE'],
  ['yes', 'APPROVE'],
  ['不同意', 'REJECT'],
  ['反对', 'REJECT'],
  ['不通过', 'REJECT'],
  ['reject', 'REJECT'],
  ['no', 'REJECT'],
  ['补充材料', 'MORE_INFO'],
  ['补充', 'MORE_INFO'],
  ['退回补充', 'MORE_INFO'],
  ['more', 'MORE_INFO'],
];

export function parseVerdict(input: string): Verdict | null {
  const word = input.trim().toLowerCase();
  return VERDICT_WORDS.find(([w]) => w === word)?.[1] ?? null;
}

/**
 * The verdict at the start of a word, and what follows it: officers glue the opinion to the verdict
 * (同意，理由充分). The longest verdict word wins, so 补充材料 is not read as 补充 + 材料.
 */
export function splitVerdict(input: string): { verdict: Verdict; rest: string } | null {
  const text = input.trim();
  const lower = text.toLowerCase();
  const candidates = VERDICT_WORDS.filter(([w]) => lower.startsWith(w)).sort((a, b) => b[0].length - a[0].length);
  for (const [word, verdict] of candidates) {
    const rest = text.slice(word.length);
    if (rest === '' || /^[\s,，、:：;；.。!！]/u.test(rest))
      return { verdict, rest: rest.replace(/^[\s,，、:：;；.。!！]+/u, '') };
  }
  return null;
}

export function asTransferStatus(value: string): TransferStatus {
  const status = TRANSFER_STATUSES.find((s) => s === value);
  if (status === undefined) throw new Error(`unknown transfer status ${value}`);
  return status;
}

export function asVerdict(value: string): Verdict {
  if (value === 'APPROVE' || value === 'REJECT' || value === 'MORE_INFO') return value;
  throw new Error(`unknown verdict ${value}`);
}

export function asSeat(value: string): ReviewSeat {
  const seat = REVIEW_SEATS.find((s) => s === value);
  if (seat === undefined) throw new Error(`unknown review seat ${value}`);
  return seat;
}

/** A case is open while it can still change: under review, or back with the applicant. */
export function isOpen(status: TransferStatus): boolean {
  return status === 'REVIEWING' || status === 'RETURNED';
}

export interface SeatVote {
  seat: ReviewSeat;
  verdict: Verdict;
  opinion: string | null;
  voterId: string;
}

/** R4's two values (domain/regulation/rules.ts reads the rule into one of these). */
export type ConclusionRule = 'default' | 'unanimous';

/** AWAITING_CONCLUSION: all four opinions are in with a dissent, and under R4's default IPB concludes. */
export type Outcome = 'APPROVED' | 'REJECTED' | 'RETURNED' | 'PENDING' | 'AWAITING_CONCLUSION';

/**
 * What the opinions of one round decide under R4. 补充材料 returns the case whatever the others said;
 * under 一致同意 a 不同意 outranks it and ends the case.
 */
export function outcomeOf(votes: readonly Pick<SeatVote, 'seat' | 'verdict'>[], rule: ConclusionRule): Outcome {
  if (rule === 'unanimous' && votes.some((v) => v.verdict === 'REJECT')) return 'REJECTED';
  if (votes.some((v) => v.verdict === 'MORE_INFO')) return 'RETURNED';
  const voted = new Set(votes.map((v) => v.seat));
  if (!REVIEW_SEATS.every((seat) => voted.has(seat))) return 'PENDING';
  return votes.every((v) => v.verdict === 'APPROVE') ? 'APPROVED' : 'AWAITING_CONCLUSION';
}

export type ConclusionRefusal = 'rule-unanimous' | 'incomplete' | 'no-dissent';

/** IPB's conclusion (/流转 结论) is for a round whose four opinions are in with a dissent, under R4's default. */
export function mayConclude(
  status: TransferStatus,
  votes: readonly Pick<SeatVote, 'seat' | 'verdict'>[],
  rule: ConclusionRule,
): { ok: true } | { ok: false; refusal: ConclusionRefusal | 'decided' | 'returned' } {
  if (status === 'APPROVED' || status === 'REJECTED') return { ok: false, refusal: 'decided' };
  if (status === 'RETURNED') return { ok: false, refusal: 'returned' };
  if (rule === 'unanimous') return { ok: false, refusal: 'rule-unanimous' };
  const outcome = outcomeOf(votes, rule);
  if (outcome === 'AWAITING_CONCLUSION') return { ok: true };
  return { ok: false, refusal: outcome === 'PENDING' ? 'incomplete' : 'no-dissent' };
}

/** Seats that have not voted in the round, in the fixed order of REVIEW_SEATS. */
export function pendingSeats(votes: readonly Pick<SeatVote, 'seat'>[]): ReviewSeat[] {
  const voted = new Set(votes.map((v) => v.seat));
  return REVIEW_SEATS.filter((seat) => !voted.has(seat));
}

export type VoteRefusal = 'decided' | 'returned';

export type VoteResult =
  | { ok: true; votes: SeatVote[]; replaced: SeatVote | null; outcome: Outcome }
  | { ok: false; refusal: VoteRefusal };

/**
 * Records one seat's vote in the current round. A second vote by the same seat replaces its first
 * (a colleague of the same department may correct it) as long as the case is under review, also
 * while it awaits IPB's conclusion; a decided case, or one waiting for the applicant's material,
 * takes no votes.
 */
export function castVote(
  status: TransferStatus,
  votes: readonly SeatVote[],
  vote: SeatVote,
  rule: ConclusionRule,
): VoteResult {
  if (status === 'APPROVED' || status === 'REJECTED') return { ok: false, refusal: 'decided' };
  if (status === 'RETURNED') return { ok: false, refusal: 'returned' };
  const replaced = votes.find((v) => v.seat === vote.seat) ?? null;
  const next = [...votes.filter((v) => v.seat !== vote.seat), vote].sort(
    (a, b) => REVIEW_SEATS.indexOf(a.seat) - REVIEW_SEATS.indexOf(b.seat),
  );
  return { ok: true, votes: next, replaced, outcome: outcomeOf(next, rule) };
}

export type ResubmitRefusal = 'not-returned';

/** Only a case returned for material can be resubmitted; the new round starts with no votes. */
export function resubmit(
  status: TransferStatus,
): { ok: true; to: 'REVIEWING' } | { ok: false; refusal: ResubmitRefusal } {
  return status === 'RETURNED' ? { ok: true, to: 'REVIEWING' } : { ok: false, refusal: 'not-returned' };
}

/** The role that sits on each seat; INDUSTRY must also be scoped to the case's department. */
const SEAT_ROLE: Record<ReviewSeat, RoleGrant['role']> = {
  IPB: 'IPB',
  FINANCE: 'FINANCE',
  AUDIT: 'AUDIT',
  INDUSTRY: 'INDUSTRY',
};

/** The unit each city-wide seat belongs to, used to tell apart a person holding several seats. */
export const SEAT_UNITS: Record<Exclude<ReviewSeat, 'INDUSTRY'>, string> = {
  IPB: IPB_UNIT,
  FINANCE: FINANCE_UNIT,
  AUDIT: AUDIT_UNIT,
};

/** Every seat the grants entitle the user to on a case whose industry department is `industryUnitId`. */
export function eligibleSeats(grants: readonly RoleGrant[], industryUnitId: string): ReviewSeat[] {
  return REVIEW_SEATS.filter((seat) =>
    grants.some((grant) => grant.role === SEAT_ROLE[seat] && (seat !== 'INDUSTRY' || grant.scope === industryUnitId)),
  );
}

export type SeatChoice =
  | { ok: true; seat: ReviewSeat }
  | { ok: false; refusal: 'no-seat' | 'several-seats'; seats: ReviewSeat[] };

/**
 * The seat a user votes in. A joint review needs four departments, so one person never votes for
 * two: someone holding several reviewer roles votes for the department they belong to, and is
 * refused when their unit does not settle it.
 */
export function chooseSeat(
  grants: readonly RoleGrant[],
  userUnitId: string | null,
  industryUnitId: string,
): SeatChoice {
  const seats = eligibleSeats(grants, industryUnitId);
  const [only] = seats;
  if (seats.length === 1 && only !== undefined) return { ok: true, seat: only };
  if (seats.length === 0) return { ok: false, refusal: 'no-seat', seats };
  const own = seats.filter((seat) => (seat === 'INDUSTRY' ? industryUnitId : SEAT_UNITS[seat]) === userUnitId);
  const [mine] = own;
  if (own.length === 1 && mine !== undefined) return { ok: true, seat: mine };
  return { ok: false, refusal: 'several-seats', seats };
}
