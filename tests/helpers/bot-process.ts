import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface BotProcess {
  child: ChildProcess;
  exited: Promise<void>;
  /** The start-up line, with the simulator's address in local mode. */
  address: string;
}

/**
 * The real bot (src/main.ts) as child processes, for tests that kill it with SIGKILL. killAll()
 * in afterAll makes sure none outlives its test file, even when a test times out.
 */
export class BotProcesses {
  private readonly children = new Set<ChildProcess>();
  private finished = false;

  /** Starts src/main.ts; resolves on its start-up line (Stream mode prints no address). */
  start(env: Record<string, string>, stderr: string[], stdout?: (line: string) => void): Promise<BotProcess> {
    if (this.finished) return Promise.reject(new Error('the test file is over'));
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: { ...process.env, PORT: '0', LOG_LEVEL: 'silent', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.children.add(child);
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    void exited.then(() => this.children.delete(child));
    child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`bot did not start within 45 s: ${stderr.join('').slice(-2000)}`));
      }, 45_000);
      createInterface({ input: child.stdout! }).on('line', (line) => {
        stdout?.(line);
        if (!line.includes('已启动')) return;
        clearTimeout(timer);
        resolve({ child, exited, address: /(http:\/\/[\d.:]+)/.exec(line)?.[1] ?? '' });
      });
      // 'close' comes after the last of stderr, which 'exit' may precede.
      child.once('close', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`bot exited (${code ?? signal}) before starting: ${stderr.join('').slice(-2000)}`));
      });
    });
  }

  killAll(): void {
    this.finished = true;
    for (const child of this.children) child.kill('SIGKILL');
  }
}

export async function kill(bot: BotProcess): Promise<void> {
  bot.child.kill('SIGKILL');
  await bot.exited;
}
