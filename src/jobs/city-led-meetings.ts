import type { PrismaClient } from '../db/generated/client.ts';
import { sendCityLedMeetingReminders } from '../services/city-led-reminders.ts';
import type { Job } from './scheduler.ts';

/** Every ten minutes: the day-before reminder falls due at 09:00 and a later run catches it up. */
export function cityLedMeetingsJob(prisma: PrismaClient): Job {
  return {
    name: 'city-led-meetings',
    cron: '*/10 * * * *',
    async run(now) {
      await sendCityLedMeetingReminders(prisma, now);
    },
  };
}
