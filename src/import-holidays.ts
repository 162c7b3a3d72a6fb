import { existsSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { UserError } from './app/errors.ts';
import { ConfigError, loadConfig } from './config.ts';
import { openDatabase } from './db/client.ts';
import { inTransaction } from './db/tx.ts';
import { renderHolidaysImported } from './messages/matrix.ts';
import { zhCN } from './messages/zh-CN.ts';
import { importHolidays, parseYearOrThrow } from './services/matrix-calendar.ts';

/**
 * `npx tsx src/import-holidays.ts <年> <文件>`: the file form of `/节假日 导入`, for an administrator on
 * the server when the official notice is long to type in chat. The file holds the same lines
 * (`2027-01-01 休 元旦`); lines starting with # are comments. It writes the running bot's database
 * (DATABASE_URL), which SQLite's WAL mode lets it do while the bot runs.
 */
const [yearArgument, file] = process.argv.slice(2);
try {
  if (file === undefined) throw new UserError(zhCN.matrix.holiday.fileUsage());
  const year = parseYearOrThrow(yearArgument);
  const words = readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .filter((line) => !line.trimStart().startsWith('#'))
    .flatMap((line) => line.trim().split(/\s+/))
    .filter(Boolean);
  if (existsSync('.env')) process.loadEnvFile('.env');
  const config = loadConfig();
  const db = await openDatabase(config.databaseUrl);
  try {
    const outcome = await inTransaction(db.prisma, (tx) =>
      importHolidays({ tx, now: new Date(), actorId: `file:${basename(file)}` }, year, words),
    );
    console.log(renderHolidaysImported(outcome));
  } finally {
    await db.close();
  }
} catch (error) {
  if (error instanceof UserError || error instanceof ConfigError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
