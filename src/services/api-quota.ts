import type { PrismaClient } from '../db/generated/client.ts';
import { apiUsageRepository } from '../db/repositories/api-usage-repository.ts';
import { inTransaction, type Tx } from '../db/tx.ts';
import { crossedLevels, monthKey } from '../domain/org/api-quota.ts';
import type { Clock } from '../lib/clock.ts';
import type { Logger } from '../lib/logger.ts';
import { zhCN } from '../messages/zh-CN.ts';
import { notify } from './notify.ts';

/** How one chat platform meters its OpenAPI calls. */
export interface ApiQuotaPolicy {
  /** The platform's name in the warning (钉钉…). */
  platformLabel: string;
  /** Calls allowed a calendar month; undefined when the platform has no monthly quota (Lark): calls are only counted. */
  monthlyQuota?: number;
  /** Whether a call to this API path is billed against the quota (DingTalk exempts token and webhook calls). */
  counts: (path: string) => boolean;
}

/**
 * Counts a platform's OpenAPI calls per calendar month. Calls are counted in memory as they happen
 * and written in batches (a write per call would double the work of every send); when the platform
 * has a monthly quota, crossing 80 % or 95 % of it queues one warning to administrators per month
 * and level.
 */
export class ApiQuotaMeter {
  private pending = new Map<string, number>();
  private flushing: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly clock: Clock,
    private readonly policy: ApiQuotaPolicy,
    private readonly logger: Logger,
    private readonly flushMs = 2000,
  ) {}

  record(path: string): void {
    if (!this.policy.counts(path)) return;
    this.pending.set(path, (this.pending.get(path) ?? 0) + 1);
    if (this.timer === null) {
      this.timer = setTimeout(() => void this.flush(), this.flushMs);
      this.timer.unref();
    }
  }

  /** Calls this month: what the database holds (every instance's) plus what this one counted but has not written yet. */
  async usedThisMonth(): Promise<number> {
    const { total } = await inTransaction(this.prisma, (tx) => apiUsageThisMonth(tx, this.clock.now()));
    return total + [...this.pending.values()].reduce((sum, calls) => sum + calls, 0);
  }

  /** Writes what was counted; safe to call at any time, calls are serialised. */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.pending;
    this.pending = new Map();
    this.flushing = this.flushing
      .then(() => this.write(batch))
      .catch((err: unknown) => this.logger.error({ err }, 'api quota flush failed'));
    return this.flushing;
  }

  private async write(batch: Map<string, number>): Promise<void> {
    if (batch.size === 0) return;
    const now = this.clock.now();
    const month = monthKey(now);
    await inTransaction(this.prisma, async (tx) => {
      const before = await apiUsageRepository.total(tx, month);
      let added = 0;
      for (const [path, calls] of batch) {
        await apiUsageRepository.add(tx, month, path, calls);
        added += calls;
      }
      const { monthlyQuota: quota, platformLabel: platform } = this.policy;
      if (quota === undefined) return;
      for (const level of crossedLevels(before, before + added, quota)) {
        await notify(
          { tx, now, actorId: 'system' },
          { role: 'ADMIN' },
          zhCN.quota.warning({ level, used: before + added, quota, month, platform }),
          {
            dedupeKey: `api-quota:${month}:${level}`,
          },
        );
      }
    });
  }
}

export async function apiUsageThisMonth(tx: Tx, now: Date): Promise<{ month: string; total: number }> {
  const month = monthKey(now);
  return { month, total: await apiUsageRepository.total(tx, month) };
}
