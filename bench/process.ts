import { spawn } from 'node:child_process';
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
 * `npm start` as a user runs it (node + tsx on src/main.ts): time from spawn to the "started" line
 * on a fresh database, then again on the now existing one, and the resident memory after it has
 * sat idle for a few seconds.
 */
export async function benchProcess(workDir: string, runs = 3): Promise<ProcessFigures> {
  const coldStartMs: number[] = [];
  let idleRssMiB = NaN;
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
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
