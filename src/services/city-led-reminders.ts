import type { PrismaClient } from '../db/generated/client.ts';
import { cityLedRepository } from '../db/repositories/city-led-repository.ts';
import { projectRefRepository } from '../db/repositories/project-ref-repository.ts';
import { inTransaction } from '../db/tx.ts';
import { meetingReminderDue } from '../domain/city-led/case.ts';
import { meetingReminderNotice } from '../messages/city-led.ts';
import { notify } from './notify.ts';

const DAY_MS = 24 * 60 * 60 * 1000;
/** A reminder is due at 09:00 the day before, so no meeting further out than two days can have one due. */
const WINDOW_MS = 2 * DAY_MS;

/**
 * Reminds each special-group member of the coordination meeting the day before (四(二)). Exactly once:
 * the dedupe key names the case, the meeting time and the member, so repeated runs, restarts and clock
 * jumps send nothing twice, a member added later is still reminded, and a rescheduled meeting is
 * reminded afresh. A run after downtime catches up as long as the meeting has not started.
 */
export async function sendCityLedMeetingReminders(prisma: PrismaClient, now: Date): Promise<void> {
  await inTransaction(prisma, async (tx) => {
    const cases = await cityLedRepository.meetingsBetween(tx, now, new Date(now.getTime() + WINDOW_MS));
    const due = cases.filter(
      (c) =>
        c.meetingAt !== null &&
        c.meetingSetAt !== null &&
        meetingReminderDue({ meetingAt: c.meetingAt, scheduledAt: c.meetingSetAt }, now),
    );
    if (due.length === 0) return;
    const projects = await projectRefRepository.byIds(
      tx,
      due.map((c) => c.projectId),
    );
    const uc = { tx, now, actorId: 'system' };
    for (const found of due) {
      const project = projects.get(found.projectId);
      if (project === undefined || found.meetingAt === null) continue;
      const text = meetingReminderNotice({ code: project.code, name: project.name, meetingAt: found.meetingAt });
      for (const member of await cityLedRepository.membersOf(tx, found.id)) {
        await notify(uc, { userId: member.userId }, text, {
          dedupeKey: `citylead-meeting:${found.id}:${found.meetingAt.toISOString()}:${member.userId}`,
        });
      }
    }
  });
}
