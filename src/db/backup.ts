/**
 * Online backups of the SQLite file through SQLite's backup API (better-sqlite3 `backup()`): a
 * consistent copy taken while the bot keeps writing, which copying the file (and its -wal) is not.
 * Backups are named by their Shanghai time, so the name sorts by age and tells when it was taken.
 */
import { mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { shanghaiWallClock } from '../domain/matrix/dates.ts';

const BACKUP_NAME = /^yipanqi-(\d{8}-\d{6})\.db$/;
const BUSY_TIMEOUT_MS = 5000;

/** 20261206-020000 for 2026-12-06 02:00:00 in Shanghai. */
export function backupStamp(at: Date): string {
  return shanghaiWallClock(at).toISOString().slice(0, 19).replace(/-/g, '').replace('T', '-').replace(/:/g, '');
}

/** The stamps of the backups in `dir`, oldest first. */
export function listBackups(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names.flatMap((name) => BACKUP_NAME.exec(name)?.[1] ?? []).sort();
}

export const backupFile = (dir: string, stamp: string) => join(dir, `yipanqi-${stamp}.db`);

/**
 * Copies the database at `sourcePath` into `dir` as yipanqi-<stamp>.db and returns its path. The copy
 * is written under a temporary name and renamed when complete, so a crash never leaves a half file
 * that looks like a backup.
 */
export async function backupDatabase(sourcePath: string, dir: string, now: Date): Promise<string> {
  mkdirSync(dir, { recursive: true });
  const target = backupFile(dir, backupStamp(now));
  const partial = `${target}.partial`;
  const source = new Database(sourcePath, { fileMustExist: true, timeout: BUSY_TIMEOUT_MS });
  try {
    // After a first step of 100 pages, the rest goes in one step: a step is one read transaction,
    // which WAL lets the bot write beside, while many small steps would restart on every write.
    await source.backup(partial, { progress: ({ totalPages }) => Math.max(100, totalPages) });
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  } finally {
    source.close();
  }
  renameSync(partial, target);
  return target;
}

/** Deletes all but the newest `keep` backups; returns the deleted paths. */
export function pruneBackups(dir: string, keep: number): string[] {
  const stamps = listBackups(dir);
  const doomed = stamps.slice(0, Math.max(0, stamps.length - keep)).map((stamp) => backupFile(dir, stamp));
  for (const path of doomed) rmSync(path, { force: true });
  return doomed;
}
