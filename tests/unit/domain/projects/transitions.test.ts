import { describe, expect, it } from 'vitest';
import { PROJECT_STATUSES, type ProjectStatus } from '../../../../src/domain/projects/status.ts';
import { transition, type ProjectAction } from '../../../../src/domain/projects/transitions.ts';

const grant = (over: Partial<Extract<ProjectAction, { kind: 'grant' }>> = {}): ProjectAction => ({
  kind: 'grant',
  consulted: true,
  conforms: true,
  earlierPending: [],
  ...over,
});

describe('the 首报首谈 state machine', () => {
  it('grants a consulted, conforming PENDING report with no earlier rival', () => {
    expect(transition('PENDING', grant())).toEqual({ ok: true, to: 'EXCLUSIVE' });
  });

  it.each([
    ['not consulted', grant({ consulted: false }), 'not-consulted'],
    ['not conforming to the guide (三(一))', grant({ conforms: false }), 'not-conforming'],
    [
      'an earlier report pending (priority by report time)',
      grant({ earlierPending: ['ZS-2026-0001'] }),
      'earlier-pending',
    ],
  ] as const)('refuses a grant when %s', (_, action, refusal) => {
    expect(transition('PENDING', action)).toEqual({ ok: false, refusal });
  });

  it('refuses every decision on a CONFLICT report with the conflict reason', () => {
    for (const action of [
      grant(),
      { kind: 'deny' } as const,
      { kind: 'consult' } as const,
      { kind: 'progress', stage: '签约' } as const,
    ]) {
      expect(transition('CONFLICT', action)).toEqual({ ok: false, refusal: 'conflict' });
    }
  });

  it('grants and denies only PENDING reports', () => {
    for (const status of PROJECT_STATUSES.filter((s) => s !== 'PENDING' && s !== 'CONFLICT')) {
      expect(transition(status, grant())).toEqual({ ok: false, refusal: 'not-pending' });
      expect(transition(status, { kind: 'deny' })).toEqual({ ok: false, refusal: 'not-pending' });
    }
    expect(transition('PENDING', { kind: 'deny' })).toEqual({ ok: true, to: 'REJECTED' });
  });

  it('renews only EXCLUSIVE projects', () => {
    for (const status of PROJECT_STATUSES) {
      const result = transition(status, { kind: 'renew' });
      expect(result.ok).toBe(status === 'EXCLUSIVE');
    }
  });

  it('expires an EXCLUSIVE project exactly when its deadline has passed', () => {
    const until = new Date('2027-05-25T04:00:00Z');
    expect(
      transition('EXCLUSIVE', { kind: 'expire', exclusiveUntil: until, now: new Date('2027-05-25T03:59:59Z') }),
    ).toEqual({ ok: false, refusal: 'not-due' });
    expect(transition('EXCLUSIVE', { kind: 'expire', exclusiveUntil: until, now: until })).toEqual({
      ok: true,
      to: 'EXPIRED',
    });
    expect(transition('SIGNED', { kind: 'expire', exclusiveUntil: until, now: until })).toEqual({
      ok: false,
      refusal: 'not-exclusive',
    });
  });

  it('moves progress EXCLUSIVE → SIGNED → LANDED, and to TERMINATED before landing', () => {
    expect(transition('EXCLUSIVE', { kind: 'progress', stage: '签约' })).toEqual({ ok: true, to: 'SIGNED' });
    expect(transition('SIGNED', { kind: 'progress', stage: '落地' })).toEqual({ ok: true, to: 'LANDED' });
    expect(transition('EXCLUSIVE', { kind: 'progress', stage: '落地' })).toEqual({
      ok: false,
      refusal: 'progress-order',
    });
    expect(transition('EXCLUSIVE', { kind: 'progress', stage: '终止' })).toEqual({ ok: true, to: 'TERMINATED' });
    expect(transition('SIGNED', { kind: 'progress', stage: '终止' })).toEqual({ ok: true, to: 'TERMINATED' });
    expect(transition('PENDING', { kind: 'progress', stage: '签约' })).toEqual({
      ok: false,
      refusal: 'progress-order',
    });
  });

  it('refuses progress on closed and city-led projects with their own reasons', () => {
    const closed: ProjectStatus[] = ['REJECTED', 'EXPIRED', 'LANDED', 'TERMINATED'];
    for (const status of closed)
      expect(transition(status, { kind: 'progress', stage: '终止' })).toEqual({ ok: false, refusal: 'closed' });
    expect(transition('CITY_LED', { kind: 'progress', stage: '签约' })).toEqual({ ok: false, refusal: 'city-led' });
  });

  it('lets an ended 首谈期 record 签约 unless another unit now holds the investor', () => {
    expect(transition('EXPIRED', { kind: 'progress', stage: '签约', heldElsewhere: false })).toEqual({
      ok: true,
      to: 'SIGNED',
    });
    expect(transition('EXPIRED', { kind: 'progress', stage: '签约', heldElsewhere: true })).toEqual({
      ok: false,
      refusal: 'held-elsewhere',
    });
    expect(transition('EXPIRED', { kind: 'progress', stage: '落地', heldElsewhere: false })).toEqual({
      ok: false,
      refusal: 'closed',
    });
  });

  it('lets the city take over PENDING, EXCLUSIVE and EXPIRED projects only (四(二))', () => {
    for (const status of PROJECT_STATUSES) {
      const proposable = ['PENDING', 'EXCLUSIVE', 'EXPIRED'].includes(status);
      const expected = proposable ? { ok: true, to: 'CITY_LED' } : { ok: false, refusal: 'not-proposable' };
      expect(transition(status, { kind: 'city-lead' })).toEqual(expected);
    }
  });

  it('hands over only a CITY_LED project, to EXCLUSIVE at its host', () => {
    for (const status of PROJECT_STATUSES) {
      const expected = status === 'CITY_LED' ? { ok: true, to: 'EXCLUSIVE' } : { ok: false, refusal: 'not-city-led' };
      expect(transition(status, { kind: 'hand-over' })).toEqual(expected);
    }
  });

  it('closes only a PENDING rival as CONFLICT (§4.2)', () => {
    for (const status of PROJECT_STATUSES) {
      const expected = status === 'PENDING' ? { ok: true, to: 'CONFLICT' } : { ok: false, refusal: 'not-pending' };
      expect(transition(status, { kind: 'close-as-rival' })).toEqual(expected);
    }
  });
});
