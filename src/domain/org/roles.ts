/** Roles of DESIGN §1. A user may hold several; a role may be scoped to a unit. */
export const ROLES = [
  'REPORTER',
  'IPB',
  'FINANCE',
  'AUDIT',
  'INDUSTRY',
  'NRB',
  'DRC',
  'SASAC',
  'LEADER',
  'ADMIN',
] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  REPORTER: '招商专员',
  IPB: '市投资促进局',
  FINANCE: '市财政局',
  AUDIT: '市审计局',
  INDUSTRY: '产业主管部门',
  NRB: '市规划和自然资源局',
  DRC: '市发改委',
  SASAC: '市国资委',
  LEADER: '市领导/决策机构',
  ADMIN: '系统管理员',
};

/** Words officers actually type for a role, besides the code and the label. */
const ROLE_SYNONYMS: Record<string, Role> = {
  报送人: 'REPORTER',
  招商: 'REPORTER',
  投促局: 'IPB',
  市投促局: 'IPB',
  财政: 'FINANCE',
  财政局: 'FINANCE',
  审计: 'AUDIT',
  审计局: 'AUDIT',
  产业部门: 'INDUSTRY',
  经信局: 'INDUSTRY',
  市经信局: 'INDUSTRY',
  规划资源局: 'NRB',
  自然资源局: 'NRB',
  发改委: 'DRC',
  国资委: 'SASAC',
  领导: 'LEADER',
  管理员: 'ADMIN',
};

export function parseRole(input: string): Role | undefined {
  const text = input.trim();
  const upper = text.toUpperCase();
  const byCode = ROLES.find((role) => role === upper);
  if (byCode) return byCode;
  const byLabel = ROLES.find((role) => ROLE_LABELS[role] === text);
  return byLabel ?? (Object.hasOwn(ROLE_SYNONYMS, text) ? ROLE_SYNONYMS[text] : undefined);
}

export interface RoleGrant {
  role: Role;
  /** Unit id for a unit-scoped grant, '' for a city-wide one. */
  scope: string;
}

export function hasAnyRole(grants: readonly RoleGrant[], roles: readonly Role[]): boolean {
  return grants.some((grant) => roles.includes(grant.role));
}
