import { describe, expect, it } from 'vitest';
import {
  checkCaseAction,
  mayApproveCityLed,
  meetingReminderAt,
  meetingReminderDue,
  parseCityLedReason,
  splitHostUnits,
} from '../../../../src/domain/city-led/case.ts';
import { PROPOSABLE_STATUSES } from '../../../../src/domain/projects/transitions.ts';
import { PROJECT_STATUSES } from '../../../../src/domain/projects/status.ts';

const now = new Date('2026-11-26T01:00:00Z');
const later = new Date('2026-12-03T06:30:00Z');

describe('市级主谈 (四(二)) steps', () => {
  it('accepts the clause’s three reasons and what officers type for them', () => {
    expect(parseCityLedReason('跨区域布局')).toBe('跨区域布局');
    expect(parseCityLedReason('跨区域')).toBe('跨区域布局');
    expect(parseCityLedReason('省市领导交办')).toBe('领导交办');
    expect(parseCityLedReason('其他')).toBe('其他规定');
    expect(parseCityLedReason('Cross-Region')).toBe('跨区域布局');
    expect(parseCityLedReason('随便')).toBeUndefined();
  });

  it('proposes only reported projects not yet closed or held elsewhere, once at a time', () => {
    for (const status of PROJECT_STATUSES) {
      const expected = PROPOSABLE_STATUSES.includes(status) ? { ok: true } : { ok: false, refusal: 'project-status' };
      expect(checkCaseAction(null, { kind: 'propose', projectStatus: status, openCase: false })).toEqual(expected);
    }
    expect(checkCaseAction(null, { kind: 'propose', projectStatus: 'PENDING', openCase: true })).toEqual({
      ok: false,
      refusal: 'already-open',
    });
  });

  it.each([
    ['decide', 'PROPOSED', { kind: 'decide' }, { ok: true }],
    ['decide twice', 'APPROVED', { kind: 'decide' }, { ok: false, refusal: 'not-proposed' }],
    ['form the group before approval', 'PROPOSED', { kind: 'form-group' }, { ok: false, refusal: 'not-approved' }],
    ['form the group after a decline', 'DECLINED', { kind: 'form-group' }, { ok: false, refusal: 'not-approved' }],
    ['form the group', 'APPROVED', { kind: 'form-group' }, { ok: true }],
    [
      'schedule without members',
      'APPROVED',
      { kind: 'schedule', meetingAt: later, now, members: 0 },
      { ok: false, refusal: 'no-group' },
    ],
    [
      'schedule in the past',
      'APPROVED',
      { kind: 'schedule', meetingAt: now, now, members: 2 },
      { ok: false, refusal: 'meeting-in-past' },
    ],
    ['schedule', 'APPROVED', { kind: 'schedule', meetingAt: later, now, members: 2 }, { ok: true }],
    [
      'minutes without a meeting',
      'APPROVED',
      { kind: 'minutes', meetingAt: null, now },
      { ok: false, refusal: 'no-meeting' },
    ],
    [
      'minutes before the meeting',
      'APPROVED',
      { kind: 'minutes', meetingAt: later, now },
      { ok: false, refusal: 'meeting-not-held' },
    ],
    ['minutes after the meeting', 'APPROVED', { kind: 'minutes', meetingAt: now, now: later }, { ok: true }],
    [
      'minutes after conclusion',
      'CONCLUDED',
      { kind: 'minutes', meetingAt: now, now: later },
      { ok: false, refusal: 'not-approved' },
    ],
  ] as const)('%s', (_, status, action, expected) => {
    expect(checkCaseAction(status, action)).toEqual(expected);
  });

  it('lets a city leader approve, not a decision body’s seat alone', () => {
    expect(mayApproveCityLed([{ role: 'LEADER', scope: '' }])).toBe(true);
    expect(mayApproveCityLed([{ role: 'LEADER', scope: 'changwu' }])).toBe(false);
    expect(mayApproveCityLed([{ role: 'IPB', scope: '' }])).toBe(false);
  });
});

describe('the coordination meeting reminder (the day before, 09:00 Asia/Shanghai)', () => {
  const meetingAt = new Date('2026-12-03T06:30:00Z'); // 14:30 on 3 December in Shanghai
  const remindAt = new Date('2026-12-02T01:00:00Z'); // 09:00 on 2 December in Shanghai
  const scheduledAt = new Date('2026-11-26T02:00:00Z');

  it('falls at 09:00 Shanghai on the previous calendar day', () => {
    expect(meetingReminderAt(meetingAt)).toEqual(remindAt);
    // 07:00 Shanghai on 3 December is still 2 December in UTC: the Shanghai date decides.
    expect(meetingReminderAt(new Date('2026-12-02T23:00:00Z'))).toEqual(remindAt);
  });

  it.each([
    ['not before its moment', new Date(remindAt.getTime() - 1), false],
    ['at its moment', remindAt, true],
    ['after downtime, before the meeting (catch-up)', new Date('2026-12-03T06:00:00Z'), true],
    ['not once the meeting has started', meetingAt, false],
  ] as const)('is due %s', (_, at, due) => {
    expect(meetingReminderDue({ meetingAt, scheduledAt }, at)).toBe(due);
  });

  it('is not due for a meeting scheduled after the reminder moment: the scheduling notice told everyone', () => {
    expect(
      meetingReminderDue(
        { meetingAt, scheduledAt: new Date('2026-12-02T03:00:00Z') },
        new Date('2026-12-02T04:00:00Z'),
      ),
    ).toBe(false);
  });
});

describe('host units the minutes name', () => {
  it('splits on 、 , ， ; ； keeping the order written, the first holding the project record, without blanks or repeats', () => {
    expect(splitHostUnits('萧山区、钱塘区')).toEqual(['萧山区', '钱塘区']);
    expect(splitHostUnits(' 萧山区 ，钱塘区;余杭区；、萧山区 ')).toEqual(['萧山区', '钱塘区', '余杭区']);
    expect(splitHostUnits('、，')).toEqual([]);
  });
});
