import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Route } from './routes.ts';

/**
 * The bot's listener on HOST:PORT outside the simulator: the ops routes, then the platform's own
 * routes (a DingTalk HTTP callback), and nothing else — no page, no /api, no /files (DESIGN §9).
 * In PLATFORM=local the simulator's server is the listener and mounts the ops routes itself.
 */
export class HttpListener {
  private server: Server | null = null;

  constructor(
    private readonly host: string,
    private readonly port: number,
    private readonly routes: readonly Route[],
  ) {}

  get address(): string {
    const address = this.server?.address() as AddressInfo | null;
    return address
      ? `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`
      : '';
  }

  async start(): Promise<void> {
    const server = createServer((req, res) => {
      if (this.routes.some((route) => route(req, res))) return;
      req.resume();
      res.writeHead(404, { 'content-type': 'application/json; charset=utf-8' }).end('{"error":"not found"}');
    });
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, this.host, () => resolve());
    });
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server === null) return;
    // Probes and scrapers keep connections alive; they must not hold the shutdown up.
    server.closeIdleConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
