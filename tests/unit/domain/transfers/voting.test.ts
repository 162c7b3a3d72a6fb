import { describe, expect, it } from 'vitest';
import type { RoleGrant } from '../../../../src/domain/org/roles.ts';
import {
  castVote,
  chooseSeat,
  eligibleSeats,
  isOpen,
  mayConclude,
  outcomeOf,
  parseVerdict,
  pendingSeats,
  resubmit,
  splitVerdict,
  type ReviewSeat,
  type SeatVote,
  type TransferStatus,
  type Verdict,
} from '../../../../src/domain/transfers/voting.ts';

const vote = (
  seat: ReviewSeat,
  verdict: Verdict,
  voterId = `${seat.toLowerCase()}-1`,
  opinion: string | null = null,
): SeatVote => ({ seat, verdict, opinion, voterId });
const grants = (...list: [RoleGrant['role'], string?][]): RoleGrant[] =>
  list.map(([role, scope]) => ({ role, scope: scope ?? '' }));

describe('outcomeOf under rule R4', () => {
  const all = (last: SeatVote) => [vote('IPB', 'APPROVE'), vote('FINANCE', 'APPROVE'), vote('AUDIT', 'APPROVE'), last];
  const cases: [string, SeatVote[], ReturnType<typeof outcomeOf>, ReturnType<typeof outcomeOf>][] = [
    // name, votes, default, 一致同意
    ['no votes', [], 'PENDING', 'PENDING'],
    [
      'three approvals',
      [vote('IPB', 'APPROVE'), vote('FINANCE', 'APPROVE'), vote('AUDIT', 'APPROVE')],
      'PENDING',
      'PENDING',
    ],
    ['all four approve', all(vote('INDUSTRY', 'APPROVE')), 'APPROVED', 'APPROVED'],
    ['one 不同意 with three not in', [vote('INDUSTRY', 'REJECT')], 'PENDING', 'REJECTED'],
    ['one 不同意 among four opinions', all(vote('INDUSTRY', 'REJECT')), 'AWAITING_CONCLUSION', 'REJECTED'],
    ['one 补充材料', [vote('IPB', 'APPROVE'), vote('FINANCE', 'MORE_INFO')], 'RETURNED', 'RETURNED'],
    ['不同意 and 补充材料', [vote('FINANCE', 'MORE_INFO'), vote('AUDIT', 'REJECT')], 'RETURNED', 'REJECTED'],
    ['three approvals and a 补充材料', all(vote('INDUSTRY', 'MORE_INFO')), 'RETURNED', 'RETURNED'],
  ];
  it.each(cases)('%s', (_name, votes, byDefault, unanimous) => {
    expect(outcomeOf(votes, 'default')).toBe(byDefault);
    expect(outcomeOf(votes, 'unanimous')).toBe(unanimous);
  });

  it('lets IPB conclude only a complete round with a dissent, under the default', () => {
    const dissent = [
      vote('IPB', 'APPROVE'),
      vote('FINANCE', 'APPROVE'),
      vote('AUDIT', 'APPROVE'),
      vote('INDUSTRY', 'REJECT'),
    ];
    expect(mayConclude('REVIEWING', dissent, 'default')).toEqual({ ok: true });
    expect(mayConclude('REVIEWING', dissent.slice(1), 'default')).toEqual({ ok: false, refusal: 'incomplete' });
    expect(mayConclude('REVIEWING', dissent, 'unanimous')).toEqual({ ok: false, refusal: 'rule-unanimous' });
    expect(mayConclude('APPROVED', dissent, 'default')).toEqual({ ok: false, refusal: 'decided' });
    expect(mayConclude('RETURNED', dissent, 'default')).toEqual({ ok: false, refusal: 'returned' });
  });
});

describe('castVote', () => {
  it('adds a vote and names the seats still to vote, in seat order', () => {
    const result = castVote('REVIEWING', [vote('AUDIT', 'APPROVE')], vote('IPB', 'APPROVE'), 'default');
    expect(result).toMatchObject({ ok: true, replaced: null, outcome: 'PENDING' });
    if (!result.ok) throw new Error('refused');
    expect(result.votes.map((v) => v.seat)).toEqual(['IPB', 'AUDIT']);
    expect(pendingSeats(result.votes)).toEqual(['FINANCE', 'INDUSTRY']);
  });

  it('replaces the same seat’s earlier vote, whoever of the seat votes', () => {
    const first = vote('IPB', 'APPROVE', 'ipb-zhang', '同意');
    const result = castVote(
      'REVIEWING',
      [first, vote('FINANCE', 'APPROVE')],
      vote('IPB', 'APPROVE', 'ipb-liu', '分成合理'),
      'default',
    );
    if (!result.ok) throw new Error('refused');
    expect(result.replaced).toEqual(first);
    expect(result.votes).toEqual([vote('IPB', 'APPROVE', 'ipb-liu', '分成合理'), vote('FINANCE', 'APPROVE')]);
  });

  it('decides on the fourth approval; a replacing 不同意 rejects only under 一致同意', () => {
    const three = [vote('IPB', 'APPROVE'), vote('FINANCE', 'APPROVE'), vote('AUDIT', 'APPROVE')];
    expect(castVote('REVIEWING', three, vote('INDUSTRY', 'APPROVE'), 'default')).toMatchObject({
      ok: true,
      outcome: 'APPROVED',
    });
    expect(castVote('REVIEWING', three, vote('FINANCE', 'REJECT'), 'unanimous')).toMatchObject({
      ok: true,
      outcome: 'REJECTED',
      replaced: vote('FINANCE', 'APPROVE'),
    });
    expect(castVote('REVIEWING', three, vote('FINANCE', 'REJECT'), 'default')).toMatchObject({
      ok: true,
      outcome: 'PENDING',
      replaced: vote('FINANCE', 'APPROVE'),
    });
  });

  const refusals: [TransferStatus, string][] = [
    ['APPROVED', 'decided'],
    ['REJECTED', 'decided'],
    ['RETURNED', 'returned'],
  ];
  it.each(refusals)('takes no vote on a %s case', (status, refusal) => {
    expect(castVote(status, [], vote('IPB', 'APPROVE'), 'default')).toEqual({ ok: false, refusal });
  });
});

describe('resubmit and isOpen', () => {
  it('resubmits only a returned case', () => {
    expect(resubmit('RETURNED')).toEqual({ ok: true, to: 'REVIEWING' });
    for (const status of ['REVIEWING', 'APPROVED', 'REJECTED'] as const)
      expect(resubmit(status)).toEqual({ ok: false, refusal: 'not-returned' });
  });

  it('counts a case under review or awaiting material as open', () => {
    expect((['REVIEWING', 'RETURNED', 'APPROVED', 'REJECTED'] as const).filter(isOpen)).toEqual([
      'REVIEWING',
      'RETURNED',
    ]);
  });
});

describe('parseVerdict', () => {
  it.each([
    ['同意', 'APPROVE'],
    ['通过', 'APPROVE'],
    ['Approve', 'APPROVE'],
    ['不同意', 'REJECT'],
    ['反对', 'REJECT'],
    ['补充材料', 'MORE_INFO'],
    ['补充', 'MORE_INFO'],
    [' 同意 ', 'APPROVE'],
    ['可以', null],
    ['', null],
  ])('%s → %s', (input, expected) => {
    expect(parseVerdict(input)).toBe(expected);
  });
});

describe('splitVerdict', () => {
  it.each([
    ['同意', { verdict: 'APPROVE', rest: '' }],
    ['同意，理由充分', { verdict: 'APPROVE', rest: '理由充分' }],
    ['不同意：分成过低', { verdict: 'REJECT', rest: '分成过低' }],
    ['补充材料,请补充纳税证明', { verdict: 'MORE_INFO', rest: '请补充纳税证明' }],
    ['补充材料', { verdict: 'MORE_INFO', rest: '' }],
    ['同意。', { verdict: 'APPROVE', rest: '' }],
    ['同意书', null],
    ['补充说明', null],
    ['可以', null],
  ])('%s', (input, expected) => {
    expect(splitVerdict(input)).toEqual(expected);
  });
});

describe('seats', () => {
  it('gives each reviewer role its seat; INDUSTRY only for the case’s department', () => {
    expect(eligibleSeats(grants(['IPB']), 'industry')).toEqual(['IPB']);
    expect(eligibleSeats(grants(['INDUSTRY', 'industry']), 'industry')).toEqual(['INDUSTRY']);
    expect(eligibleSeats(grants(['INDUSTRY', 'drc']), 'industry')).toEqual([]);
    expect(eligibleSeats(grants(['REPORTER', 'binjiang'], ['LEADER']), 'industry')).toEqual([]);
  });

  it('chooses the one seat, the seat of the user’s own unit among several, or refuses', () => {
    expect(chooseSeat(grants(['FINANCE']), 'finance', 'industry')).toEqual({ ok: true, seat: 'FINANCE' });
    expect(chooseSeat(grants(['IPB'], ['FINANCE']), 'ipb', 'industry')).toEqual({ ok: true, seat: 'IPB' });
    expect(chooseSeat(grants(['AUDIT'], ['INDUSTRY', 'industry']), 'industry', 'industry')).toEqual({
      ok: true,
      seat: 'INDUSTRY',
    });
    expect(chooseSeat(grants(['IPB'], ['AUDIT']), null, 'industry')).toEqual({
      ok: false,
      refusal: 'several-seats',
      seats: ['IPB', 'AUDIT'],
    });
    expect(chooseSeat(grants(['IPB'], ['AUDIT']), 'binjiang', 'industry')).toEqual({
      ok: false,
      refusal: 'several-seats',
      seats: ['IPB', 'AUDIT'],
    });
    expect(chooseSeat(grants(['INDUSTRY', 'drc']), 'drc', 'industry')).toEqual({
      ok: false,
      refusal: 'no-seat',
      seats: [],
    });
  });
});
