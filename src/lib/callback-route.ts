import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * A platform's signed HTTP callback served as one route on the bot's listener, beside the ops routes
 * (DingTalk's HTTP mode, 浙政钉). Between start() and stop() the route answers; before and after it
 * declines, so the listener answers 404 and /readyz reports the platform as disconnected.
 */
export abstract class CallbackRoute {
  #mounted = false;

  constructor(
    readonly path: string,
    private readonly onFailure: (err: unknown) => void,
  ) {}

  /** Answers one callback; settles once the answer is sent (processing may go on in the background). */
  abstract handle(req: IncomingMessage, res: ServerResponse): Promise<void>;

  /** The route: true when the request was the callback and is being answered. */
  readonly route = (req: IncomingMessage, res: ServerResponse): boolean => {
    if (!this.#mounted || new URL(req.url ?? '/', 'http://localhost').pathname !== this.path) return false;
    this.handle(req, res).catch((err: unknown) => {
      this.onFailure(err);
      if (!res.headersSent) res.writeHead(500).end();
    });
    return true;
  };

  async start(): Promise<void> {
    this.#mounted = true;
  }

  async stop(): Promise<void> {
    this.#mounted = false;
  }

  connected(): boolean {
    return this.#mounted;
  }
}
