import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import type { InboundEvent, InboundSink, Message, OutboundMessage, Receiver, SendOutcome, Sender } from '../../app/receiver.ts';

/** What the simulator needs from the bot's data: the directory, per-user help and its delivery log. */
export interface SimulatorPlatform {
  directory(): Promise<unknown>;
  helpFor(userId: string): Promise<unknown[]>;
  userExists(userId: string): Promise<boolean>;
  conversationType(conversationId: string): Promise<'group' | 'direct' | null>;
  sentAfter(afterId: number, limit?: number): Promise<{ id: number }[]>;
  deliver(outbound: OutboundMessage, now: Date): Promise<{ id: number } | null>;
}

export interface SimulatorClock {
  now(): Date;
  /** Present only when SIMULATOR_CLOCK=1: moves the bot's time and runs what is then due. */
  set?: (to: Date) => Promise<void>;
}

export interface SimulatorOptions {
  host: string;
  port: number;
  sink: InboundSink;
  platform: SimulatorPlatform;
  clock: SimulatorClock;
  /** Extra routes mounted on the same listener (e.g. a DingTalk HTTP callback). */
  extraRoutes?: (req: IncomingMessage, res: ServerResponse) => boolean;
}

const MAX_BODY_BYTES = 1024 * 1024;
const PAGE = readFileSync(new URL('./page.html', import.meta.url));

const messageBody = z.object({
  userId: z.string().min(1).max(128),
  conversationId: z.string().min(1).max(256),
  text: z.string().max(100_000),
  messageId: z.string().min(1).max(256).optional(),
});

const actionBody = z.object({
  userId: z.string().min(1).max(128),
  conversationId: z.string().min(1).max(256),
  actionId: z.string().min(1).max(128),
  value: z.string().max(10_000),
  messageId: z.string().min(1).max(256).optional(),
});

const clockBody = z.object({ now: z.iso.datetime({ offset: true }) });

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The local stand-in for a chat platform: the JSON API of DESIGN §2 plus the web chat page.
 * Replies come back in the HTTP answer; notifications are "sent" by recording them and pushing
 * them to open pages over server-sent events.
 */
export class SimulatorReceiver implements Receiver, Sender {
  private server: Server | null = null;
  private readonly streams = new Set<ServerResponse>();

  constructor(private readonly options: SimulatorOptions) {}

  get address(): string {
    const address = this.server?.address() as AddressInfo | null;
    return address ? `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}` : '';
  }

  async start(): Promise<void> {
    const server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        const status = error instanceof HttpError ? error.status : 500;
        const message = error instanceof HttpError ? error.message : 'internal error';
        if (!res.headersSent) sendJson(res, status, { error: message });
        else res.end();
      });
    });
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.port, this.options.host, () => resolve());
    });
  }

  async stop(): Promise<void> {
    for (const stream of this.streams) stream.end();
    this.streams.clear();
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  async send(outbound: OutboundMessage): Promise<SendOutcome> {
    const shown = await this.options.platform.deliver(outbound, this.options.clock.now());
    if (shown) {
      const frame = `id: ${shown.id}\nevent: sent\ndata: ${JSON.stringify(shown)}\n\n`;
      for (const stream of this.streams) stream.write(frame);
    }
    return { status: 'delivered' };
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (this.options.extraRoutes?.(req, res)) return;
    const url = new URL(req.url ?? '/', 'http://localhost');
    const route = `${req.method} ${url.pathname}`;
    switch (route) {
      case 'GET /':
      case 'GET /index.html':
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
        res.end(PAGE);
        return;
      case 'GET /api/directory':
        return sendJson(res, 200, await this.options.platform.directory());
      case 'GET /api/help':
        return sendJson(res, 200, { commands: await this.options.platform.helpFor(url.searchParams.get('userId') ?? '') });
      case 'POST /api/messages':
        return this.postMessage(req, res);
      case 'POST /api/actions':
        return this.postAction(req, res);
      case 'GET /api/sent': {
        const after = Number(url.searchParams.get('after') ?? '0');
        if (!Number.isSafeInteger(after) || after < 0) throw new HttpError(400, 'after must be a non-negative integer');
        return sendJson(res, 200, { messages: await this.options.platform.sentAfter(after) });
      }
      case 'GET /api/stream':
        return this.openStream(req, res);
      case 'GET /api/clock':
        return sendJson(res, 200, { now: this.options.clock.now().toISOString(), adjustable: this.options.clock.set !== undefined });
      case 'POST /api/clock':
        return this.postClock(req, res);
      default:
        throw new HttpError(404, `no route ${route}`);
    }
  }

  private async postMessage(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = parseBody(messageBody, await readJson(req));
    const mentions = await this.mentionsIn(body.text);
    const event: InboundEvent = {
      type: 'message',
      platform: 'simulator',
      messageId: body.messageId ?? randomUUID(),
      userId: body.userId,
      conversationId: body.conversationId,
      conversationType: await this.conversationType(body.conversationId),
      text: body.text,
      mentions,
    };
    sendJson(res, 200, { replies: await this.receive(event) });
  }

  private async postAction(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = parseBody(actionBody, await readJson(req));
    const event: InboundEvent = {
      type: 'action',
      platform: 'simulator',
      messageId: body.messageId ?? randomUUID(),
      userId: body.userId,
      conversationId: body.conversationId,
      conversationType: await this.conversationType(body.conversationId),
      actionId: body.actionId,
      value: body.value,
    };
    sendJson(res, 200, { replies: await this.receive(event) });
  }

  private async receive(event: InboundEvent): Promise<Message[]> {
    await this.options.sink.record(event);
    return this.options.sink.process(event);
  }

  private async conversationType(conversationId: string): Promise<'group' | 'direct'> {
    return (await this.options.platform.conversationType(conversationId)) ?? (conversationId.startsWith('dm:') ? 'direct' : 'group');
  }

  /** "@binjiang-li" in the simulator names a user by id, as a DingTalk mention would carry it. */
  private async mentionsIn(text: string): Promise<{ userId: string; name?: string }[]> {
    const mentions: { userId: string; name?: string }[] = [];
    for (const match of text.matchAll(/[@＠]([\w.-]{1,64})/g)) {
      const id = match[1];
      if (id !== undefined && (await this.options.platform.userExists(id))) mentions.push({ userId: id, name: id });
    }
    return mentions;
  }

  private async postClock(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const set = this.options.clock.set;
    if (set === undefined) throw new HttpError(404, 'the clock is fixed; start with SIMULATOR_CLOCK=1 to move it');
    const body = parseBody(clockBody, await readJson(req));
    await set(new Date(body.now));
    sendJson(res, 200, { now: this.options.clock.now().toISOString() });
  }

  private openStream(req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive' });
    res.write('retry: 2000\n\n');
    this.streams.add(res);
    const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
    keepAlive.unref();
    req.on('close', () => {
      clearInterval(keepAlive);
      this.streams.delete(res);
    });
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(payload) });
  res.end(payload);
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, 'body too large');
    chunks.push(buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new HttpError(400, 'body must be JSON');
  }
}

function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new HttpError(400, parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '));
  return parsed.data;
}
