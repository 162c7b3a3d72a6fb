import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../lib/logger.ts';
import type { Job } from './scheduler.ts';

/** Exports (ledgers, Word drafts, chart pictures) are copies for one occasion; the records stay in the database. */
export const EXPORT_RETENTION_DAYS = 30;
const EXPORT_FILE = /^[0-9a-f]{32}\.(xlsx|docx|png)$/;

/** Daily: deletes generated export files older than 30 days from the files directory. */
export function exportRetentionJob(options: { filesDir: string; logger: Logger }): Job {
  return {
    name: 'export-retention',
    cron: '30 2 * * *',
    async run(now) {
      const cutoff = now.getTime() - EXPORT_RETENTION_DAYS * 86_400_000;
      const names = await readdir(options.filesDir).catch(() => [] as string[]);
      const deleted: string[] = [];
      for (const name of names.filter((n) => EXPORT_FILE.test(n))) {
        const path = join(options.filesDir, name);
        const modified = await stat(path).then(
          (s) => s.mtimeMs,
          () => null,
        );
        if (modified === null || modified >= cutoff) continue;
        await rm(path, { force: true });
        deleted.push(name);
      }
      if (deleted.length > 0) options.logger.info({ deleted }, 'old export files deleted');
    },
  };
}
