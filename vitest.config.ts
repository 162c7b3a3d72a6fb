import { defineConfig } from 'vitest/config';

/**
 * Integration tests that also run against a real PostgreSQL server (tests/helpers/postgres-server.ts).
 * They cover what differs between the dialects: the record → process → outbox pipeline and its raw
 * SQL (app-core, outbox-dispatcher), scheduled reminders through the simulator (transfer-reminders)
 * and the statistics queries (stats); tests/postgresql adds the drift test, the several-instance
 * mechanisms and two bots killed mid-burst, which run 首报, role grants, expiries, reminders and the
 * audit chain on PostgreSQL end to end. The rest of the suite asserts through read-only SQLite
 * connections and exercises the same repositories, so running it twice would cost minutes (the
 * role-by-role authorization proof alone takes longer than all of these) and add no dialect coverage.
 */
const POSTGRES_SUBSET = [
  'tests/integration/app-core.test.ts',
  'tests/integration/outbox-dispatcher.test.ts',
  'tests/integration/transfer-reminders.test.ts',
  'tests/integration/stats.test.ts',
  'tests/integration/scheduler.test.ts',
];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Integration files each start the real bot on their own database; two cores run two at once.
    maxWorkers: 2,
    projects: [
      { extends: true, test: { name: 'sqlite', include: ['tests/**/*.test.ts'], exclude: ['tests/postgresql/**'] } },
      {
        extends: true,
        test: {
          name: 'postgresql',
          include: [...POSTGRES_SUBSET, 'tests/postgresql/**/*.test.ts'],
          globalSetup: ['tests/helpers/postgres-global-setup.ts'],
          env: { TEST_DATABASE: 'postgresql' },
        },
      },
    ],
  },
});
