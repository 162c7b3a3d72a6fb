import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export interface ProcessFigures {
  coldStartMs: number[];
  idleRssMiB: number;
}

function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return kb / 1024;
}

/**
 * What `npm start` runs after its build step (node on the compiled dist/src/main.js, with the flags
 * in package.json): time from spawn to the "started" line on a fresh database, then on the now
 * existing one, and the resident memory after it has sat idle for a few seconds.
 */
/** The node flags of the start script, so the figure is what users get. */
const START_FLAGS = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: { start: string } }).scripts.start
  .split(/\s+/)
  .filter((word) => word.startsWith('--'));

export async function benchProcess(workDir: string, runs = 3): Promise<ProcessFigures> {
  const build = spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
  if (build.status !== 0) throw new Error('build failed');
  const coldStartMs: number[] = [];
  let idleRssMiB = NaN;
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    const child = spawn(process.execPath, [...START_FLAGS, 'dist/src/main.js'], {
      env: { ...process.env, PORT: '0', LOG_LEVEL: 'silent', PLATFORM: 'local', DATABASE_URL: `file:${join(workDir, 'cold.db')}` },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((resolve, reject) => {
      createInterface({ input: child.stdout! }).on('line', (line) => {
        if (line.includes('http://')) resolve();
      });
      child.once('exit', (code) => reject(new Error(`bot exited with ${code}`)));
    });
    coldStartMs.push(performance.now() - started);
    if (run === runs - 1) {
      await new Promise((r) => setTimeout(r, 3000));
      idleRssMiB = rssMiB(child.pid!);
    }
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
  return { coldStartMs, idleRssMiB };
}
