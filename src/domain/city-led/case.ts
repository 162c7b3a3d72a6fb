/**
 * 市级主谈 (policy 四(二)): for projects that need a cross-region layout, projects assigned by provincial
 * or city leaders, and others the rules send to the city, IPB leads the negotiation. The steps are the
 * clause's own: IPB leads at once; from the pre-evaluation the 分管市领导 approves forming the 项目引进专项组
 * (PROPOSED → APPROVED, or DECLINED: IPB goes on without a group) → a coordination meeting (项目协调会) →
 * its minutes (会议纪要) name the host unit, where the project continues.
 *
 * Pure: the case is loaded by the caller; time is passed in.
 */

import type { RoleGrant } from '../org/roles.ts';
import type { ProjectStatus } from '../projects/status.ts';
import { transition } from '../projects/transitions.ts';
import { addDays, shanghaiDate, shanghaiMoment } from '../matrix/dates.ts';

export const CITY_LED_REASONS = ['跨区域布局', '领导交办', '其他规定'] as const;
export type CityLedReason = (typeof CITY_LED_REASONS)[number];

const REASON_WORDS: ReadonlyMap<string, CityLedReason> = new Map([
  ['跨区域布局', '跨区域布局'],
  ['跨区域', '跨区域布局'],
  ['领导交办', '领导交办'],
  ['省市领导交办', '领导交办'],
  ['交办', '领导交办'],
  ['其他规定', '其他规定'],
  ['其他', '其他规定'],
  ['cross-region', '跨区域布局'],
  ['assigned', '领导交办'],
  ['other', '其他规定'],
]);

export function parseCityLedReason(input: string): CityLedReason | undefined {
  return REASON_WORDS.get(input.trim().toLowerCase());
}

export const CITY_LED_STATUSES = ['PROPOSED', 'APPROVED', 'DECLINED', 'CONCLUDED'] as const;
export type CityLedStatus = (typeof CITY_LED_STATUSES)[number];

export function asCityLedStatus(value: string): CityLedStatus {
  const status = CITY_LED_STATUSES.find((s) => s === value);
  if (status === undefined) throw new Error(`unknown city-led status ${value}`);
  return status;
}

/**
 * 四(二) "报分管市领导批准": a city leader approves, i.e. a LEADER grant that is not a decision body's
 * seat (scope '' — a LEADER scoped to 市政府常务会议 sits on that body, and bodies decide 一事一议).
 */
export function mayApproveCityLed(grants: readonly RoleGrant[]): boolean {
  return grants.some((g) => g.role === 'LEADER' && g.scope === '');
}

export type CaseAction =
  | { kind: 'propose'; projectStatus: ProjectStatus; openCase: boolean }
  | { kind: 'decide' }
  | { kind: 'form-group' }
  | { kind: 'schedule'; meetingAt: Date; now: Date; members: number }
  | { kind: 'minutes'; meetingAt: Date | null; now: Date };

export type CaseRefusal =
  | 'project-status'
  | 'already-open'
  | 'not-proposed'
  | 'not-approved'
  | 'no-group'
  | 'meeting-in-past'
  | 'no-meeting'
  | 'meeting-not-held';

export type CaseCheck = { ok: true } | { ok: false; refusal: CaseRefusal };

/** `status` is null for propose (there is no case yet). */
export function checkCaseAction(status: CityLedStatus | null, action: CaseAction): CaseCheck {
  const refuse = (refusal: CaseRefusal): CaseCheck => ({ ok: false, refusal });
  switch (action.kind) {
    case 'propose':
      if (action.openCase) return refuse('already-open');
      return transition(action.projectStatus, { kind: 'city-lead' }).ok ? { ok: true } : refuse('project-status');
    case 'decide':
      return status === 'PROPOSED' ? { ok: true } : refuse('not-proposed');
    case 'form-group':
      return status === 'APPROVED' ? { ok: true } : refuse('not-approved');
    case 'schedule':
      // Without an approved 专项组 IPB still leads the negotiation and may ask for the meeting.
      if (status !== 'APPROVED' && status !== 'DECLINED') return refuse('not-approved');
      // With a group, its members are whom the meeting is for and whom the reminder reaches: the group comes first.
      if (status === 'APPROVED' && action.members === 0) return refuse('no-group');
      return action.meetingAt.getTime() > action.now.getTime() ? { ok: true } : refuse('meeting-in-past');
    case 'minutes':
      if (status !== 'APPROVED' && status !== 'DECLINED') return refuse('not-approved');
      if (action.meetingAt === null) return refuse('no-meeting');
      // 四(二): minutes are what the coordination meeting produces, so it must have taken place.
      return action.meetingAt.getTime() <= action.now.getTime() ? { ok: true } : refuse('meeting-not-held');
  }
}

/**
 * 会议纪要 may name several host units (跨区域布局): `萧山区、钱塘区`, with 、 , ， or ; between them.
 * The first named holds the project record; duplicates are dropped.
 */
export function splitHostUnits(input: string): string[] {
  return [
    ...new Set(
      input
        .split(/[、,，;；]/)
        .map((w) => w.trim())
        .filter((w) => w !== ''),
    ),
  ];
}

/** Members are reminded at 09:00 (Asia/Shanghai) on the day before the meeting. */
export const MEETING_REMINDER_HOUR = 9;

export function meetingReminderAt(meetingAt: Date): Date {
  return shanghaiMoment(addDays(shanghaiDate(meetingAt), -1), MEETING_REMINDER_HOUR);
}

/**
 * Is the day-before reminder due at `now`? From its moment until the meeting starts — so a run after
 * downtime still sends it — but not for a meeting scheduled after that moment: the scheduling notice
 * itself arrived within a day of the meeting and already told every member.
 */
export function meetingReminderDue(meeting: { meetingAt: Date; scheduledAt: Date }, now: Date): boolean {
  const remindAt = meetingReminderAt(meeting.meetingAt).getTime();
  return (
    meeting.scheduledAt.getTime() < remindAt && now.getTime() >= remindAt && now.getTime() < meeting.meetingAt.getTime()
  );
}
