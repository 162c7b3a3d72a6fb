import type { PrismaClient } from '../db/generated/client.ts';
import { orgRepository } from '../db/repositories/org-repository.ts';
import { projectRepository } from '../db/repositories/project-repository.ts';
import { inTransaction } from '../db/tx.ts';
import { daysLeft, dueExpiryReminder } from '../domain/projects/exclusivity.ts';
import { expiryReminderDaysOf } from '../domain/regulation/rules.ts';
import { transition } from '../domain/projects/transitions.ts';
import { formatPeriodEnd } from '../messages/format.ts';
import { zhCN } from '../messages/zh-CN.ts';
import { appendAudit } from './audit-log.ts';
import { notify } from './notify.ts';
import { loadRules } from './rules.ts';
import { IPB_UNIT, unitNamer } from '../domain/org/units.ts';

const t = zhCN.projects;
const DAY_MS = 24 * 60 * 60 * 1000;
const BATCH = 200;
const SYSTEM = 'system';

/**
 * What is due for exclusivity at `now`: expiries (EXCLUSIVE → EXPIRED, the city told the investor
 * is open again) and the reminders of rule R2 (default 14 and 3 days) to the holder and to IPB. Idempotent: an expired project is no
 * longer EXCLUSIVE, and each reminder's dedupe key names the project, its deadline and the lead
 * time, so a repeated run, a restart or a clock jump sends nothing twice and misses nothing.
 */
export async function runExclusivityDue(prisma: PrismaClient, now: Date): Promise<void> {
  for (;;) {
    const batch = await inTransaction(prisma, async (tx) => {
      const due = await projectRepository.exclusiveUntilBefore(tx, now, BATCH);
      const unitName = unitNamer(await orgRepository.listUnits(tx));
      for (const project of due) {
        const result = transition(project.status, { kind: 'expire', exclusiveUntil: project.exclusiveUntil, now });
        if (!result.ok) continue;
        const uc = { tx, now, actorId: SYSTEM };
        // Another transaction moved it since it was read: it is that one's to announce.
        if (!(await projectRepository.update(tx, project.id, project.status, { status: result.to }, now))) continue;
        await appendAudit(uc, {
          action: 'project.expire',
          recordType: 'Project',
          recordId: project.code,
          before: { status: project.status },
          after: { status: result.to },
        });
        await notify(
          uc,
          { unitId: project.unitId },
          t.notices.expiredHolder({ code: project.code, name: project.name }),
        );
        await notify(
          uc,
          { purpose: 'CITY' },
          t.notices.expiredCity({
            code: project.code,
            investor: project.investorName,
            chain: project.chain,
            unit: unitName(project.unitId),
          }),
        );
      }
      return due.length;
    });
    if (batch < BATCH) break;
  }

  await inTransaction(prisma, async (tx) => {
    const rules = await loadRules(tx);
    const reminderDays = expiryReminderDaysOf(rules.values);
    // A reminder d days before is due at 09:00 d days before the last day: within d + 1 days of the end.
    const horizon = new Date(now.getTime() + (Math.max(...reminderDays) + 1) * DAY_MS);
    for (const project of await projectRepository.exclusiveUntilBefore(tx, horizon, 10_000)) {
      const until = project.exclusiveUntil;
      if (until === null) continue;
      const reminder = dueExpiryReminder(until, now, reminderDays);
      if (reminder === null) continue;
      const uc = { tx, now, actorId: SYSTEM };
      const facts = {
        code: project.code,
        name: project.name,
        days: daysLeft(until, now),
        until: formatPeriodEnd(until),
      };
      const key = `exclusivity-reminder:${project.code}:${until.toISOString()}:${reminder}`;
      await notify(uc, { unitId: project.unitId }, t.notices.reminder(facts), { dedupeKey: key });
      // R2: IPB is told too, so a period ends by its decision (renewal, or letting it lapse), not by surprise.
      await notify(
        uc,
        { unitId: IPB_UNIT },
        t.notices.reminderIpb({
          ...facts,
          unit: (await orgRepository.findUnit(tx, project.unitId))?.name ?? project.unitId,
        }),
        { dedupeKey: `${key}:ipb` },
      );
    }
  });
}
