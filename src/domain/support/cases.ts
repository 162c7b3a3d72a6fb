/**
 * 一事一议 (policy 三(二)): case-by-case support for a major project. Where the support comes from
 * decides who decides: city fiscal support takes the form of government industry funds or equity direct
 * investment, decided by the fund / equity lead unit (市国资委, per 五(三) and matrix items 11–12);
 * operating performance rewards or larger support go to 市政府常务会议, which may refer a case on to
 * 市委财经委员会.
 *
 * Pure: grants and statuses are passed in.
 */

import type { RoleGrant } from '../org/roles.ts';
import type { ProjectStatus } from '../projects/status.ts';
import { toHalfWidth } from '../parsing/width.ts';
import type { SupportRouting } from '../regulation/rules.ts';

export const SUPPORT_MODES = ['FUND', 'EQUITY', 'REWARD', 'MORE'] as const;
export type SupportMode = (typeof SUPPORT_MODES)[number];

export const SUPPORT_MODE_LABELS: Record<SupportMode, string> = {
  FUND: '基金',
  EQUITY: '股权直投',
  REWARD: '经营性绩效奖励',
  MORE: '更大支持',
};

const MODE_WORDS: ReadonlyMap<string, SupportMode> = new Map([
  ['基金', 'FUND'],
  ['产业基金', 'FUND'],
  ['政府产业基金', 'FUND'],
  ['fund', 'FUND'],
  ['股权直投', 'EQUITY'],
  ['直投', 'EQUITY'],
  ['equity', 'EQUITY'],
  ['经营性绩效奖励', 'REWARD'],
  ['经营性奖励', 'REWARD'],
  ['奖励', 'REWARD'],
  ['reward', 'REWARD'],
  ['更大支持', 'MORE'],
  ['more', 'MORE'],
]);

export function parseSupportMode(input: string): SupportMode | undefined {
  return MODE_WORDS.get(input.trim().toLowerCase());
}

/** Unit ids of the deciding bodies (seeded policy units of prisma/seed/organisation.ts). */
export const SUPPORT_BODIES = ['sasac', 'changwu', 'caijingwei'] as const;
export type SupportBody = (typeof SUPPORT_BODIES)[number];

export function asSupportBody(value: string): SupportBody {
  const body = SUPPORT_BODIES.find((b) => b === value);
  if (body === undefined) throw new Error(`unknown deciding body ${value}`);
  return body;
}

/**
 * Each value of rule R10: the deciding body of each kind of support, and whether IPB screens a district's
 * request before it reaches that body. 默认: the bodies are 三(二)'s — funds and equity → their lead unit
 * (市国资委); rewards and larger support → 市政府常务会议, which may refer on — and IPB screens first. The
 * screening is the rule's, not the policy's: 三(二) names no screening step.
 */
const ROUTINGS: Record<SupportRouting, { bodies: Record<SupportMode, SupportBody>; screenedByIpb: boolean }> = {
  默认: { bodies: { FUND: 'sasac', EQUITY: 'sasac', REWARD: 'changwu', MORE: 'changwu' }, screenedByIpb: true },
};

export function routeSupport(mode: SupportMode, routing: SupportRouting): SupportBody {
  return ROUTINGS[routing].bodies[mode];
}

/** Whether a request goes to IPB before its body: a district's, under a routing that screens; never IPB's own. */
export function needsScreening(routing: SupportRouting, filedByIpb: boolean): boolean {
  return ROUTINGS[routing].screenedByIpb && !filedByIpb;
}

/**
 * Who speaks for a body: any 市国资委 officer (SASAC) for the fund / equity rules; for a decision body,
 * a LEADER grant scoped to that body — a city leader who does not sit on 常务会议 cannot decide for it.
 */
export function mayDecide(grants: readonly RoleGrant[], body: SupportBody): boolean {
  if (body === 'sasac') return grants.some((g) => g.role === 'SASAC');
  return grants.some((g) => g.role === 'LEADER' && g.scope === body);
}

/** Only 市政府常务会议 refers a case on, and only to 市委财经委员会 ("市政府常务会议认为有必要的"). */
export function mayEscalate(grants: readonly RoleGrant[], body: SupportBody): boolean {
  return body === 'changwu' && mayDecide(grants, 'changwu');
}

/** The project must be under negotiation or signed: support is for 引进 (attracting), not after landing. */
export const SUPPORT_ELIGIBLE_STATUSES: readonly ProjectStatus[] = ['EXCLUSIVE', 'CITY_LED', 'SIGNED'];

/** SCREENING: awaiting IPB (R10); RETURNED: IPB sent it back with a reason, and the requester may file anew. */
export const SUPPORT_STATUSES = ['SCREENING', 'PENDING', 'APPROVED', 'REJECTED', 'RETURNED'] as const;
/** A request still open: another of the same kind for the project would be a duplicate. */
export const SUPPORT_OPEN_STATUSES: readonly SupportStatus[] = ['SCREENING', 'PENDING'];
export type SupportStatus = (typeof SUPPORT_STATUSES)[number];

export function asSupportStatus(value: string): SupportStatus {
  const status = SUPPORT_STATUSES.find((s) => s === value);
  if (status === undefined) throw new Error(`unknown support case status ${value}`);
  return status;
}

/** YS-2026-0001: per-year sequence, like project codes. */
export function formatSupportCode(year: number, sequence: number): string {
  return `YS-${year}-${String(sequence).padStart(4, '0')}`;
}

export function parseSupportCode(input: string): string | null {
  const text = toHalfWidth(input)
    .trim()
    .toUpperCase()
    .replace(/[－—–_\s]/g, '-');
  const match = /^YS-?(\d{4})-?(\d{1,6})$/.exec(text);
  if (match === null) return null;
  const n = Number(match[2]);
  return n < 1 ? null : formatSupportCode(Number(match[1]), n);
}
