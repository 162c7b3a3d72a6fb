/**
 * DESIGN §9 backups: the daily 02:00 job (catch-up at start-up, once per day, BACKUP_KEEP), the
 * `npm run backup` script taken while the bot writes, and the README restore procedure performed:
 * the backup copied into a new database file, a bot started on it, `/审计 校验` passing. Also the
 * 30-day retention of export files.
 */
import Database from 'better-sqlite3';
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readOnlyQueries } from '../helpers/db.ts';
import { startTestBot, tempDir, type TestBot } from '../helpers/test-bot.ts';

const run = promisify(execFile);
const dir = tempDir('yipanqi-backup-');
const backups = join(dir.path, 'backups');
let t: TestBot;

const report = (n: number) =>
  t.client.say(
    'binjiang-li',
    'binjiang',
    `/首报 项目=备份测试项目${n} 投资方=杭州备份测试${n}号科技有限公司 产业链=集成电路 投资额=1亿 意向=多轮洽谈`,
  );

const count = (path: string, sql: string) => readOnlyQueries(() => path).count(sql);
const projectCount = (path: string) => count(path, 'SELECT COUNT(*) AS n FROM "Project"');

beforeAll(async () => {
  // 2026-11-26 09:00 in Shanghai: that day's 02:00 backup is due and missing.
  t = await startTestBot(join(dir.path, 'bot.db'), {
    env: { BACKUP_KEEP: '2' },
    now: new Date('2026-11-26T01:00:00Z'),
  });
});

afterAll(async () => {
  await t?.stop();
  dir.remove();
});

describe('the daily backup job', () => {
  it('catches up at start-up with one backup for the day, named by its Shanghai time', () => {
    expect(readdirSync(backups)).toEqual(['yipanqi-20261126-090000.db']);
  });

  it('does nothing more the same day, backs up again after the next 02:00, and keeps BACKUP_KEEP files', async () => {
    t.clock.set(new Date('2026-11-26T17:59:00Z')); // 01:59 on the 27th: still the 26th's due time
    await t.bot.scheduler.runAll(t.clock.now());
    expect(readdirSync(backups)).toHaveLength(1);
    t.clock.set(new Date('2026-11-26T18:00:00Z')); // 02:00 on the 27th
    await t.bot.scheduler.runAll(t.clock.now());
    t.clock.set(new Date('2026-11-27T18:00:00Z')); // 02:00 on the 28th
    await t.bot.scheduler.runAll(t.clock.now());
    expect(readdirSync(backups).sort()).toEqual(['yipanqi-20261127-020000.db', 'yipanqi-20261128-020000.db']);
  });
});

describe('npm run backup, then the README restore procedure', () => {
  it('backs up while the bot writes, and a bot started on the restored copy passes /审计 校验', async () => {
    for (let n = 0; n < 3; n += 1) expect(await report(n)).toContain('首报成功');
    const before = projectCount(t.dbPath);

    // The script `npm run backup` runs (after its build step), against the running bot's database.
    let writing = true;
    const writer = (async () => {
      for (let n = 100; writing; n += 1) await report(n);
    })();
    const script = await run(join('node_modules', '.bin', 'tsx'), ['src/backup.ts'], {
      env: {
        ...process.env,
        DATABASE_URL: `file:${t.dbPath}`,
        BACKUP_DIR: backups,
        BACKUP_KEEP: '5',
        PLATFORM: 'local',
      },
    });
    writing = false;
    await writer;
    const path = /数据库已备份到 (\S+?)（/.exec(script.stdout)?.[1];
    expect(path, script.stdout + script.stderr).toBeDefined();
    expect(existsSync(path!)).toBe(true);
    const backedUp = projectCount(path!);
    expect(backedUp).toBeGreaterThanOrEqual(before);
    // A report recorded (acknowledged) but not yet processed when the copy was taken: the restored
    // bot processes it at start-up, as after a crash.
    const unprocessed = count(path!, `SELECT COUNT(*) AS n FROM "InboundMessage" WHERE "status" = 'RECEIVED'`);
    expect(projectCount(t.dbPath)).toBeGreaterThan(before);

    // README: copy the backup into place as the database file (here a new folder) and start the bot.
    const restoredDir = join(dir.path, 'restored');
    mkdirSync(restoredDir);
    copyFileSync(path!, join(restoredDir, 'bot.db'));
    const integrity = new Database(join(restoredDir, 'bot.db'), { readonly: true });
    expect(integrity.pragma('integrity_check', { simple: true })).toBe('ok');
    integrity.close();
    const restored = await startTestBot(join(restoredDir, 'bot.db'), { now: t.clock.now() });
    try {
      expect(await restored.client.say('audit-qian', 'audit', '/审计 校验')).toContain('审计链校验通过');
      const restoredCount = projectCount(join(restoredDir, 'bot.db'));
      expect(restoredCount).toBe(backedUp + unprocessed);
      // The restored bot carries on where the backup ends: the next code follows the last one.
      expect(
        await restored.client.say(
          'binjiang-li',
          'binjiang',
          '/首报 项目=恢复后项目 投资方=杭州恢复后科技有限公司 产业链=集成电路 投资额=1亿 意向=多轮洽谈',
        ),
      ).toContain(`ZS-2026-${String(restoredCount + 1).padStart(4, '0')}`);
    } finally {
      await restored.stop();
    }
  }, 30_000);
});

describe('export retention', () => {
  it('deletes export files older than 30 days and keeps newer ones and anything else', async () => {
    const files = join(dir.path, 'files');
    mkdirSync(files, { recursive: true });
    const now = t.clock.now().getTime();
    const old = join(files, `${'a'.repeat(32)}.xlsx`);
    const recent = join(files, `${'b'.repeat(32)}.xlsx`);
    const other = join(files, 'notes.txt');
    for (const [path, ageDays] of [
      [old, 31],
      [recent, 29],
      [other, 400],
    ] as const) {
      writeFileSync(path, 'x');
      const at = new Date(now - ageDays * 86_400_000);
      utimesSync(path, at, at);
    }
    await t.bot.scheduler.runAll(t.clock.now());
    expect(readdirSync(files).sort()).toEqual([`${'b'.repeat(32)}.xlsx`, 'notes.txt']);
  });
});
