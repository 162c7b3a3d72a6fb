import { defineConfig } from 'vitest/config';

/**
 * Integration files that run on SQLite only, because SQLite is what they test: its backup API, its
 * migration runner and drift check (PostgreSQL has its own in tests/postgresql), its file lock and the
 * lock-wait retry of an inbound event (with a trigger standing in for a full disk), the statement
 * budgets counted at its driver adapter (src/db/sqlite.ts). Every other integration file also runs
 * in the `postgresql` project against a real PostgreSQL server: the tests read state through
 * tests/helpers/db.ts, which serves the same SQL on either database.
 */
const SQLITE_ONLY = ['backup', 'migrate', 'schema-drift', 'sqlite-lock', 'inbound-retry', 'statement-budgets'].map(
  (name) => `tests/integration/${name}.test.ts`,
);

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
          include: ['tests/integration/**/*.test.ts', 'tests/postgresql/**/*.test.ts'],
          exclude: SQLITE_ONLY,
          globalSetup: ['tests/helpers/postgres-global-setup.ts'],
          env: { TEST_DATABASE: 'postgresql' },
        },
      },
    ],
  },
});
