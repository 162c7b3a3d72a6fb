import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { InboundSink, Receiver } from '../../app/receiver.ts';
import { createDingTalkHttpHandler } from './http-receiver.ts';
import type { AdapterLogger } from './logger.ts';

export interface DingTalkHttpReceiverConfig {
  host: string;
  port: number;
  appSecret: string;
  robotCode: string;
  /** Path configured as the robot's message URL in the developer console. */
  path: string;
}

/** HTTP callback mode (DINGTALK_MODE=http): a listener whose only route is the signed robot callback. */
export class DingTalkHttpReceiver implements Receiver {
  private server: Server | null = null;

  constructor(
    private readonly config: DingTalkHttpReceiverConfig,
    private readonly sink: InboundSink,
    private readonly logger: AdapterLogger,
  ) {}

  get address(): string {
    const address = this.server?.address() as AddressInfo | null;
    return address ? `http://${address.address}:${address.port}${this.config.path}` : '';
  }

  async start(): Promise<void> {
    const handle = createDingTalkHttpHandler({ appSecret: this.config.appSecret, robotCode: this.config.robotCode, sink: this.sink, logger: this.logger });
    const server = createServer((req, res) => {
      if (new URL(req.url ?? '/', 'http://localhost').pathname !== this.config.path) {
        req.resume();
        res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
        return;
      }
      handle(req, res).catch((err: unknown) => {
        this.logger.error({ err }, 'dingtalk http: callback failed');
        if (!res.headersSent) res.writeHead(500).end();
      });
    });
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.config.port, this.config.host, () => resolve());
    });
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
