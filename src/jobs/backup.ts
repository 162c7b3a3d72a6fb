import { backupDatabase, backupStamp, listBackups, pruneBackups } from '../db/backup.ts';
import { addDays, shanghaiDate, shanghaiMoment } from '../domain/matrix/dates.ts';
import type { Logger } from '../lib/logger.ts';
import type { Job } from './scheduler.ts';

const RUN_HOUR = 2;

/** The latest 02:00 Shanghai at or before `now`: the backup that should exist by then. */
export function lastBackupDue(now: Date): Date {
  const today = shanghaiMoment(shanghaiDate(now), RUN_HOUR);
  return today.getTime() <= now.getTime() ? today : shanghaiMoment(addDays(shanghaiDate(now), -1), RUN_HOUR);
}

/**
 * The daily SQLite backup (02:00 Shanghai) into BACKUP_DIR, keeping the newest `keep`. The files
 * themselves say whether the day's backup exists, so a start-up after a night the bot was down
 * catches up once, and a repeated tick does nothing.
 */
export function backupJob(options: { databasePath: string; dir: string; keep: number; logger: Logger }): Job {
  return {
    name: 'backup',
    cron: `0 ${RUN_HOUR} * * *`,
    async run(now) {
      const newest = listBackups(options.dir).at(-1);
      if (newest !== undefined && newest >= backupStamp(lastBackupDue(now))) return;
      const path = await backupDatabase(options.databasePath, options.dir, now);
      const pruned = pruneBackups(options.dir, options.keep);
      options.logger.info({ path, pruned }, 'database backed up');
    },
  };
}
