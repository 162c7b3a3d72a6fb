// Runs `prisma generate` offline, once per database dialect. Generate never executes the schema
// engine, but the CLI insists on locating one and would try to download it (no internet here), so
// point it at any executable.
//
// A generated Prisma client is bound to one provider (its query compiler and SQL are dialect
// specific), so PostgreSQL gets its own client, generated from prisma/postgresql/schema.prisma: the
// same models as prisma/schema.prisma with only the datasource provider and the output folder
// changed. That file is derived here on every run, never edited by hand, so the two cannot diverge.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { derivePostgresSchema } from './postgres-schema.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const sqliteSchema = join(root, 'prisma/schema.prisma');
const postgresSchema = join(root, 'prisma/postgresql/schema.prisma');
mkdirSync(dirname(postgresSchema), { recursive: true });
writeFileSync(postgresSchema, derivePostgresSchema(readFileSync(sqliteSchema, 'utf8')));

const require = createRequire(import.meta.url);
const env = {
  ...process.env,
  PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? process.execPath,
  CHECKPOINT_DISABLE: '1',
  PRISMA_HIDE_UPDATE_MESSAGE: '1',
};
const cli = require.resolve('prisma/build/index.js');
for (const schema of [sqliteSchema, postgresSchema]) {
  const result = spawnSync(process.execPath, [cli, 'generate', '--no-hints', '--schema', schema], {
    stdio: 'inherit',
    env,
    cwd: root,
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

// The generated client imports its WebAssembly query compiler as a 4.4 MB base64 string module,
// which stays in the heap twice (the module's source and the string) for the life of the process:
// about 17 MiB of the bot's idle memory. Each client instead reads the decoded .wasm file written
// beside it (scripts/build.mjs copies it into dist).
const WASM_IMPORT =
  /const \{ wasm \} = await import\("@prisma\/client\/runtime\/(query_compiler_\w+_bg\.(\w+)\.wasm-base64\.mjs)"\)\s*return await decodeBase64AsWasm\(wasm\)/;
for (const folder of ['src/db/generated', 'src/db/generated-pg']) {
  const classFile = join(root, folder, 'internal/class.ts');
  const source = readFileSync(classFile, 'utf8');
  const match = WASM_IMPORT.exec(source);
  if (match === null)
    throw new Error(`${classFile}: the query compiler import has changed shape; update scripts/prisma-generate.mjs`);
  const { wasm } = await import(require.resolve(`@prisma/client/runtime/${match[1]}`));
  writeFileSync(join(root, folder, 'internal/query-compiler.wasm'), Buffer.from(wasm, 'base64'));
  const patched = source.replace(
    WASM_IMPORT,
    `const { readFile } = await import('node:fs/promises')\n    return new WebAssembly.Module(await readFile(new URL('./query-compiler.wasm', import.meta.url)))`,
  );
  writeFileSync(classFile, patched.replace(/\nasync function decodeBase64AsWasm[\s\S]*?\n}\n/, '\n'));
}
