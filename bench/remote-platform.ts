import { Worker } from 'node:worker_threads';

export type PlatformKind = 'dingtalk' | 'lark';

/** What the bench asks of a protocol test server running in its worker (bench/fake-platform-worker.ts). */
export type PlatformCall =
  | { op: 'push'; senders: string[]; text: string }
  | { op: 'counts' }
  | { op: 'acked' }
  | { op: 'answered' }
  | { op: 'close' };

export type PlatformReply = { id: number; result: unknown } | { id: number; error: string };

/** A protocol test server in a worker thread, so that the platform's work is not counted as the bot's. */
export class RemotePlatform {
  #next = 0;
  readonly #pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();

  private constructor(
    private readonly worker: Worker,
    /** DingTalk: the bot's environment; Lark: app id, secret and domain. */
    readonly settings: Record<string, string>,
  ) {
    worker.on('message', (reply: PlatformReply) => {
      const waiting = this.#pending.get(reply.id);
      this.#pending.delete(reply.id);
      if ('error' in reply) waiting?.reject(new Error(reply.error));
      else waiting?.resolve(reply.result);
    });
  }

  static async start(kind: PlatformKind): Promise<RemotePlatform> {
    const entry = new URL('./fake-platform-worker.ts', import.meta.url).href;
    // A worker does not inherit tsx's loader from the command line; it registers it before loading the entry.
    const worker = new Worker(
      `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(entry)}); })`,
      { eval: true, execArgv: [], workerData: { kind } },
    );
    const settings = await new Promise<Record<string, string>>((resolve, reject) => {
      worker.once('message', (message: { ready: Record<string, string> }) => resolve(message.ready));
      worker.once('error', reject);
    });
    return new RemotePlatform(worker, settings);
  }

  call<T>(call: PlatformCall): Promise<T> {
    const id = this.#next++;
    return new Promise<T>((resolve, reject) => {
      this.#pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.worker.postMessage({ id, call });
    });
  }

  /** Pushes one message per sender, as fast as the server can; answers each message's ids. */
  push(senders: string[], text: string): Promise<string[][]> {
    return this.call({ op: 'push', senders, text });
  }

  counts(): Promise<{ acks: number; replies: number }> {
    return this.call({ op: 'counts' });
  }

  async close(): Promise<void> {
    await this.call({ op: 'close' });
    await this.worker.terminate();
  }
}
