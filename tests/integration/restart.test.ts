import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { inTransaction } from '../../src/db/tx.ts';
import { auditVerifyJob } from '../../src/jobs/audit-verify.ts';
import { readOnlyQueries } from '../helpers/db.ts';
import { SimClient } from '../helpers/sim-client.ts';
import { startTestBot, tempDir } from '../helpers/test-bot.ts';
import { testDatabaseUrl } from '../helpers/test-database.ts';

const dir = tempDir();
afterAll(() => dir.remove());

function snapshot(path: string): Record<string, unknown[]> {
  const tables = ['Unit', 'User', 'RoleGrant', 'Conversation', 'AuditEvent', 'OutboxMessage', '_prisma_migrations'];
  // Which instance last claimed a pending row, and until when, is lease bookkeeping, not state.
  const withoutLease = (row: unknown) => {
    const { claimedBy: _by, claimedUntil: _until, ...rest } = row as Record<string, unknown>;
    return rest;
  };
  return Object.fromEntries(tables.map((t) => [t, query(path, `SELECT * FROM "${t}" ORDER BY 1`).map(withoutLease)]));
}

const query = <T>(path: string, sql: string, ...params: unknown[]): T[] =>
  readOnlyQueries(() => path).query<T>(sql, ...params);

describe('start-up', () => {
  it('migrates and seeds once: a second start changes nothing', async () => {
    const path = `${dir.path}/seed.db`;
    await (await startTestBot(path)).stop();
    const first = snapshot(path);
    expect((first.Unit ?? []).length).toBeGreaterThanOrEqual(23);
    // 08:00 the next morning: nothing scheduled (reminders, digests) falls due in between.
    await (await startTestBot(path, { now: new Date('2026-11-27T00:00:00Z') })).stop();
    expect(snapshot(path)).toEqual(first);
  });
});

describe('a crash between the state change and its delivery', () => {
  it('delivers the notice exactly once after restart', async () => {
    const path = `${dir.path}/crash.db`;
    const before = await startTestBot(path, { dispatch: false });
    expect(await before.client.say('admin', 'city', '/角色 授予 crash-01 IPB')).toContain('已授予');
    expect(query(path, `SELECT status FROM "OutboxMessage" WHERE toUserId = 'crash-01'`)).toEqual([
      { status: 'PENDING' },
    ]);
    expect(await before.client.sent()).toEqual([]);
    await before.stop();

    const after = await startTestBot(path);
    const rows = await after.client.waitForSent((r) => r.some((row) => row.to.userId === 'crash-01'));
    expect(rows.filter((row) => row.to.userId === 'crash-01')).toHaveLength(1);
    await after.stop();

    const again = await startTestBot(path);
    await again.bot.dispatcher.drain();
    expect((await again.client.sent()).filter((row) => row.to.userId === 'crash-01')).toHaveLength(1);
    expect(query(path, `SELECT status FROM "OutboxMessage" WHERE toUserId = 'crash-01'`)).toEqual([
      { status: 'DELIVERED' },
    ]);
    await again.stop();
  });
});

async function startChild(path: string): Promise<{ child: ChildProcess; client: SimClient }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: {
      ...process.env,
      PORT: '0',
      LOG_LEVEL: 'silent',
      DATABASE_URL: await testDatabaseUrl(path),
      PLATFORM: 'local',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      const address = /(http:\/\/[\d.:]+)/.exec(line)?.[1];
      if (address) resolve({ child, client: new SimClient(address) });
    });
    child.once('exit', (code) => reject(new Error(`bot exited with ${code} before listening`)));
  });
}

describe('SIGKILL during a burst of commands', () => {
  it('keeps every acknowledged command exactly once and loses no notice', async () => {
    const path = `${dir.path}/kill.db`;
    const commands = Array.from({ length: 60 }, (_, i) => ({
      id: `burst-${i}`,
      user: `kill-${String(i).padStart(2, '0')}`,
    }));
    const acknowledged = new Set<string>();

    const first = await startChild(path);
    const killAfter = 15 + Math.floor(Math.random() * 30);
    const inFlight = commands.map(async (c, i) => {
      await new Promise((r) => setTimeout(r, i * 3));
      try {
        await first.client.send('admin', 'city', `/角色 授予 ${c.user} IPB`, c.id);
        acknowledged.add(c.id);
        if (acknowledged.size === killAfter) first.child.kill('SIGKILL');
      } catch {
        // The connection died with the process: not acknowledged, retried below.
      }
    });
    await Promise.all(inFlight);
    await new Promise<void>((resolve) =>
      first.child.exitCode !== null || first.child.signalCode !== null
        ? resolve()
        : first.child.once('exit', () => resolve()),
    );
    expect(acknowledged.size).toBeGreaterThanOrEqual(killAfter);

    const second = await startChild(path);
    try {
      // A client that got no answer sends again with the same messageId, as DingTalk redelivers.
      for (const c of commands) await second.client.send('admin', 'city', `/角色 授予 ${c.user} IPB`, c.id);
      const rows = await second.client.waitForSent(
        (r) => commands.every((c) => r.some((row) => row.to.userId === c.user)),
        15_000,
      );
      for (const c of commands) {
        expect(rows.filter((row) => row.to.userId === c.user)).toHaveLength(1);
        expect(query(path, `SELECT COUNT(*) AS n FROM "AuditEvent" WHERE recordId = ?`, c.user)).toEqual([{ n: 1 }]);
      }
      expect(await second.client.say('audit-qian', 'audit', '/审计 校验')).toContain('校验通过');
    } finally {
      second.child.kill('SIGTERM');
    }
  });
});

describe('scheduled jobs', () => {
  it('run once per due moment however often they tick, and alert once', async () => {
    const path = `${dir.path}/jobs.db`;
    const t = await startTestBot(path, { now: new Date('2026-11-26T01:00:00Z') });
    await t.client.say('admin', 'city', '/角色 授予 job-01 IPB');
    // Tampering behind the bot's back, through its own connection so it works on either database.
    await inTransaction(t.bot.db.prisma, (tx) =>
      tx.auditEvent.updateMany({ where: { recordId: 'job-01' }, data: { actorId: 'mallory' } }),
    );
    const job = auditVerifyJob(t.bot.db.prisma);
    const early = new Date('2026-11-26T17:00:00Z'); // 01:00 in Shanghai: not yet due
    await job.run(early);
    expect(query(path, `SELECT COUNT(*) AS n FROM "JobRun" WHERE key LIKE 'audit-verify:%'`)).toEqual([{ n: 1 }]); // today's 02:00 run happened at start-up (09:00 Shanghai)
    const dueAt = new Date('2026-11-26T18:30:00Z'); // 02:30 on the 27th in Shanghai
    t.clock.set(dueAt);
    await job.run(dueAt);
    await job.run(dueAt);
    await t.bot.scheduler.runAll(dueAt);
    expect(query(path, `SELECT COUNT(*) AS n FROM "JobRun" WHERE key LIKE 'audit-verify:%'`)).toEqual([{ n: 2 }]);
    await t.bot.dispatcher.drain();
    const alerts = (await t.client.sent()).filter(
      (row) => row.to.userId === 'admin' && (row.message.text ?? '').includes('审计告警'),
    );
    expect(alerts).toHaveLength(1);
    await t.stop();
  });
});
