import { shanghaiDate } from '../matrix/dates.ts';

/** Share of a platform's monthly OpenAPI quota at which administrators are warned (DingTalk standard edition: ~5,000 calls). */
export const QUOTA_WARNING_LEVELS = [80, 95] as const;

/** The warning levels crossed by going from `before` to `after` calls. */
export function crossedLevels(before: number, after: number, quota: number): number[] {
  return QUOTA_WARNING_LEVELS.filter((level) => before * 100 < level * quota && after * 100 >= level * quota);
}

/** Calendar month key in Asia/Shanghai, e.g. 2026-11. */
export function monthKey(date: Date): string {
  return shanghaiDate(date).slice(0, 7);
}
