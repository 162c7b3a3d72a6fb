import type { PrismaClient } from '../db/generated/client.ts';
import { inTransaction } from '../db/tx.ts';
import { jobRunRepository } from '../db/repositories/job-run-repository.ts';
import { shanghaiDay } from '../domain/matrix/dates.ts';
import { zhCN } from '../messages/zh-CN.ts';
import { verifyAuditChain } from '../services/audit-log.ts';
import { notify } from '../services/notify.ts';
import type { Job } from './scheduler.ts';

const RUN_HOUR = 2;

/** Verifies the audit chain once a day (02:00 Shanghai) and alerts administrators if a link is broken. */
export function auditVerifyJob(prisma: PrismaClient): Job {
  return {
    name: 'audit-verify',
    cron: `0 ${RUN_HOUR} * * *`,
    async run(now) {
      const day = shanghaiDay(now);
      const dueAt = Date.UTC(day.year, day.month - 1, day.day, RUN_HOUR - 8);
      if (now.getTime() < dueAt) return;
      const key = `audit-verify:${day.year}-${day.month}-${day.day}`;
      await inTransaction(prisma, async (tx) => {
        if (!(await jobRunRepository.claim(tx, key, now))) return;
        const verdict = await verifyAuditChain(tx);
        if (verdict.ok) return;
        await notify(
          { tx, now, actorId: 'system' },
          { role: 'ADMIN' },
          zhCN.audit.alert({ seq: verdict.brokenAt, reason: zhCN.audit.reasons[verdict.reason] }),
          { dedupeKey: `audit-broken:${verdict.brokenAt}` },
        );
      });
    },
  };
}
