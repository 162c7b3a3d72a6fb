/**
 * The 20261206400000_policy_transfer_findings migration rebuilds "PolicyFinding" (SQLite cannot drop a
 * NOT NULL in place) so a finding may be about a transfer's promise. A deployment's findings recorded
 * before it, and the opinions given on them, must come through unchanged.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, expect, it } from 'vitest';
import { MIGRATIONS_DIR } from '../../src/db/client.ts';
import { applyMigrations, readMigrations } from '../../src/db/migrate.ts';

const MIGRATION = '20261206400000_policy_transfer_findings';
const dir = mkdtempSync(join(tmpdir(), 'yipanqi-finding-migration-'));

afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('keeps earlier findings and their opinions, and lets a finding name a transfer instead of a filing', () => {
  const db = new Database(join(dir, 'bot.db'));
  db.pragma('foreign_keys = ON');
  const all = readMigrations(MIGRATIONS_DIR);
  expect(all.map((m) => m.name)).toContain(MIGRATION);
  applyMigrations(
    db,
    all.filter((m) => m.name < MIGRATION),
  );

  db.exec(`INSERT INTO "PolicyFiling" (id, code, unitId, chain, type, ratePct, host, status, guideVersionId, filedBy, filedAt)
           VALUES (7, 'ZC-2026-0001', 'xiaoshan', '集成电路', 'TAX_REWARD', 50, 0, 'ACTIVE', 1, 'xiaoshan-wang', '2026-11-26T01:00:00.000+00:00')`);
  db.exec(`INSERT INTO "PolicyFinding" (id, code, filingId, unitId, chain, excess, status, createdAt)
           VALUES (3, 'BP-2026-0001', 7, 'xiaoshan', '集成电路', '{"excess":[]}', 'OPEN', '2026-11-26T01:00:00.000+00:00')`);
  db.exec(`INSERT INTO "PolicyFindingOpinion" (findingId, unitId, opinion, givenBy, givenAt)
           VALUES (3, 'audit', '高于承载地', 'audit-qian', '2026-11-26T02:00:00.000+00:00')`);

  expect(applyMigrations(db, all)).toContain(MIGRATION);
  expect(db.prepare('SELECT id, code, filingId, transferId, transferRound, status FROM "PolicyFinding"').all()).toEqual(
    [{ id: 3, code: 'BP-2026-0001', filingId: 7, transferId: null, transferRound: null, status: 'OPEN' }],
  );
  expect(db.prepare('SELECT findingId, opinion FROM "PolicyFindingOpinion"').all()).toEqual([
    { findingId: 3, opinion: '高于承载地' },
  ]);
  expect(db.pragma('foreign_key_check')).toEqual([]);
  db.close();
});
