/** Project statuses of DESIGN §4.1 and the labels officers see. */
export const PROJECT_STATUSES = [
  'PENDING',
  'CONFLICT',
  'EXCLUSIVE',
  'REJECTED',
  'EXPIRED',
  'SIGNED',
  'LANDED',
  'TERMINATED',
  'CITY_LED',
] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];

export const STATUS_LABELS: Record<ProjectStatus, string> = {
  PENDING: '待审核',
  CONFLICT: '冲突',
  EXCLUSIVE: '首谈期内',
  REJECTED: '未通过',
  EXPIRED: '首谈期满',
  SIGNED: '已签约',
  LANDED: '已落地',
  TERMINATED: '已终止',
  CITY_LED: '市级主谈',
};

/** A project in one of these holds or claims the investor for its chain (§4.2). */
export const ACTIVE_STATUSES: readonly ProjectStatus[] = ['PENDING', 'EXCLUSIVE', 'CITY_LED', 'SIGNED'];

export function isActive(status: ProjectStatus): boolean {
  return ACTIVE_STATUSES.includes(status);
}

export function asStatus(value: string): ProjectStatus {
  const status = PROJECT_STATUSES.find((s) => s === value);
  if (status === undefined) throw new Error(`unknown project status ${value}`);
  return status;
}

/** What `/首报 意向=` accepts: the policy requires 明确意向 (四(一)). */
export const INTENT_KINDS = ['签订意向书', '实地考察', '多轮洽谈', '其他'] as const;
export type IntentKind = (typeof INTENT_KINDS)[number];

export const PROGRESS_STAGES = { 签约: 'SIGNED', 落地: 'LANDED', 终止: 'TERMINATED' } as const;
export type ProgressStage = keyof typeof PROGRESS_STAGES;
