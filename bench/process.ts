import { spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { postJson } from './http.ts';

export interface ProcessFigures {
  coldStartMs: number[];
  idleRssMiB: number;
}

export interface MemoryFigures {
  commands: number;
  /** RSS (MiB) after 0, a third of, and all the commands. */
  checkpoints: { after: number; rssMiB: number }[];
  /** Highest RSS sampled while they ran. */
  peakMiB: number;
  /** Wall time of the whole run. */
  seconds: number;
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

/** Starts what `npm start` starts on a fresh database and resolves with the child and its address. */
async function startCompiled(dbPath: string): Promise<{ child: ReturnType<typeof spawn>; address: string }> {
  const child = spawn(process.execPath, [...START_FLAGS, 'dist/src/main.js'], {
    env: { ...process.env, PORT: '0', LOG_LEVEL: 'silent', PLATFORM: 'local', DATABASE_URL: `file:${dbPath}` },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const address = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const url = /http:\/\/\S+/.exec(line)?.[0];
      if (url !== undefined) resolve(url.replace(/[，。）)]+$/, ''));
    });
    child.once('exit', (code) => reject(new Error(`bot exited with ${code}`)));
  });
  return { child, address };
}

/**
 * Resident memory of `npm start` (simulator) under sequential mixed commands through the simulator
 * API — /首报 of a new investor, /查重, /项目 <编号>, /帮助 in turn — sampled after 0, a third of, and
 * all of them, plus the peak sampled every 50 ms. Call after benchProcess (which builds dist).
 */
export async function benchMemory(
  workDir: string,
  commands = Number(process.env.BENCH_MEMORY_COMMANDS ?? 30_000),
): Promise<MemoryFigures> {
  const { child, address } = await startCompiled(join(workDir, 'memory.db'));
  const started = performance.now();
  let peakMiB = 0;
  const sampler = setInterval(() => {
    peakMiB = Math.max(peakMiB, rssMiB(child.pid!));
  }, 50);
  try {
    await new Promise((r) => setTimeout(r, 3000));
    const checkpoints = [{ after: 0, rssMiB: rssMiB(child.pid!) }];
    const third = Math.round(commands / 3);
    const say = async (text: string) => {
      await postJson(address, '/api/messages', {
        userId: 'binjiang-li',
        conversationId: 'binjiang',
        messageId: randomUUID(),
        text,
      });
    };
    for (let i = 0; i < commands; i++) {
      const round = Math.floor(i / 4);
      switch (i % 4) {
        case 0:
          await say(
            `/首报 项目=内存基准${round} 投资方=杭州内存${round}科技有限公司 产业链=集成电路 投资额=1亿 意向=实地考察`,
          );
          break;
        case 1:
          await say(`/查重 杭州内存${round}科技有限公司`);
          break;
        case 2:
          await say(`/项目 ZS-2026-${String(round + 1).padStart(4, '0')}`);
          break;
        default:
          await say('/帮助');
      }
      if (i + 1 === third || i + 1 === commands) checkpoints.push({ after: i + 1, rssMiB: rssMiB(child.pid!) });
    }
    return { commands, checkpoints, peakMiB, seconds: (performance.now() - started) / 1000 };
  } finally {
    clearInterval(sampler);
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
}

export async function benchProcess(workDir: string, runs = 3): Promise<ProcessFigures> {
  const build = spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
  if (build.status !== 0) throw new Error('build failed');
  const coldStartMs: number[] = [];
  let idleRssMiB = NaN;
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    const child = spawn(process.execPath, [...START_FLAGS, 'dist/src/main.js'], {
      env: {
        ...process.env,
        PORT: '0',
        LOG_LEVEL: 'silent',
        PLATFORM: 'local',
        DATABASE_URL: `file:${join(workDir, 'cold.db')}`,
      },
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
