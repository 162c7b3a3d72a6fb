// Compiles the bot to dist/ for `npm start`: plain node then skips on-the-fly TypeScript
// transpilation (faster cold start, less memory). Files the code reads at run time are copied beside it.
import { spawnSync } from 'node:child_process';
import { cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';

rmSync('dist', { recursive: true, force: true });
const result = spawnSync(join('node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.build.json'], { stdio: 'inherit' });
if (result.status !== 0) process.exit(result.status ?? 1);
cpSync('src/adapters/simulator/page.html', 'dist/src/adapters/simulator/page.html');
// The Prisma clients' query compilers (scripts/prisma-generate.mjs writes them beside each client).
for (const client of ['generated', 'generated-pg'])
  cpSync(`src/db/${client}/internal/query-compiler.wasm`, `dist/src/db/${client}/internal/query-compiler.wasm`);
cpSync('prisma/migrations', 'dist/prisma/migrations', { recursive: true });
cpSync('prisma/postgresql/migrations', 'dist/prisma/postgresql/migrations', { recursive: true });
