export const UNIT_KINDS = ['CITY_DEPT', 'DISTRICT', 'PLATFORM', 'DECISION_BODY'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

/**
 * Ids of the city departments the policy gives a part of their own (prisma/seed): the workflows address
 * them by id — IPB is told of every report and case, the reviewing seats sit for theirs.
 */
export const IPB_UNIT = 'ipb';
export const FINANCE_UNIT = 'finance';
export const AUDIT_UNIT = 'audit';
export const NRB_UNIT = 'nrb';
export const DRC_UNIT = 'drc';
export const INDUSTRY_UNIT = 'industry';

/** A unit's name by id; the id itself for a unit no longer on record (an old row's). */
export function unitNamer(units: readonly { id: string; name: string }[]): (id: string) => string {
  const byId = new Map(units.map((u) => [u.id, u.name]));
  return (id) => byId.get(id) ?? id;
}

/** City-wide conversations that are not bound to a unit (DESIGN §2). */
export const CONVERSATION_PURPOSES = {
  CITY: '全市招商协调群',
  LEADERS: '领导群',
} as const;
export type ConversationPurpose = keyof typeof CONVERSATION_PURPOSES;

export function parsePurpose(input: string): ConversationPurpose | undefined {
  const text = input.trim();
  return (Object.keys(CONVERSATION_PURPOSES) as ConversationPurpose[]).find(
    (purpose) => CONVERSATION_PURPOSES[purpose] === text || purpose === text.toUpperCase(),
  );
}

/**
 * Finds a unit by what an officer types: the full name (滨江区), the name without its 区/县/市
 * suffix (滨江), or the id (binjiang). Returns every candidate when the input is ambiguous.
 */
export function matchUnits<U extends { id: string; name: string }>(units: readonly U[], input: string): U[] {
  const text = input.trim();
  if (text === '') return [];
  const exact = units.filter((unit) => unit.name === text || unit.id === text.toLowerCase());
  if (exact.length > 0) return exact;
  const stem = (name: string) => name.replace(/^杭州市?/, '').replace(/(区|县|市)$/, '');
  const byStem = units.filter((unit) => stem(unit.name) === stem(text));
  if (byStem.length > 0) return byStem;
  return units.filter((unit) => text.length >= 2 && unit.name.includes(text));
}
