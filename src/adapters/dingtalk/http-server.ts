import type { IncomingMessage, ServerResponse } from 'node:http';
import type { InboundSink, Receiver, SignatureLedger } from '../../app/receiver.ts';
import { createDingTalkHttpHandler } from './http-receiver.ts';
import type { AdapterLogger } from './logger.ts';

export interface DingTalkHttpReceiverConfig {
  appSecret: string;
  robotCode: string;
  /** Path configured as the robot's message URL in the developer console. */
  path: string;
  signatures: SignatureLedger;
}

/**
 * HTTP callback mode (DINGTALK_MODE=http): the signed robot callback as one route, mounted on the
 * bot's listener beside the ops routes. Between start() and stop() the route answers; before and
 * after it declines, so the listener answers 404 and /readyz reports the platform as disconnected.
 */
export class DingTalkHttpReceiver implements Receiver {
  readonly #handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
  #mounted = false;

  constructor(
    private readonly config: DingTalkHttpReceiverConfig,
    sink: InboundSink,
    private readonly logger: AdapterLogger,
  ) {
    this.#handle = createDingTalkHttpHandler({ appSecret: config.appSecret, robotCode: config.robotCode, signatures: config.signatures, sink, logger });
  }

  get path(): string {
    return this.config.path;
  }

  /** The route: true when the request was the callback and has been answered. */
  readonly route = (req: IncomingMessage, res: ServerResponse): boolean => {
    if (!this.#mounted || new URL(req.url ?? '/', 'http://localhost').pathname !== this.config.path) return false;
    this.#handle(req, res).catch((err: unknown) => {
      this.logger.error({ err }, 'dingtalk http: callback failed');
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
