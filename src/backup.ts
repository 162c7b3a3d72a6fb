import { existsSync } from 'node:fs';
import { ConfigError, loadConfig } from './config.ts';
import { backupDatabase, pruneBackups } from './db/backup.ts';
import { zhCN } from './messages/zh-CN.ts';

/**
 * `npm run backup`: one online backup of the SQLite database (DATABASE_URL) into BACKUP_DIR now,
 * the same copy the daily 02:00 job makes; safe while the bot runs. Old backups beyond BACKUP_KEEP go.
 */
try {
  if (existsSync('.env')) process.loadEnvFile('.env');
  const config = loadConfig();
  const databasePath = config.databasePath;
  if (databasePath === undefined) {
    console.error(zhCN.bot.backupNotSqlite());
    process.exit(1);
  }
  if (!existsSync(databasePath)) {
    console.error(zhCN.bot.backupNoDatabase({ path: databasePath }));
    process.exit(1);
  }
  const path = await backupDatabase(databasePath, config.backupDir, new Date());
  const pruned = pruneBackups(config.backupDir, config.backupKeep);
  console.log(zhCN.bot.backupDone({ path, kept: config.backupKeep, pruned: pruned.length }));
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(78);
  }
  throw error;
}
