import { randomUUID } from 'node:crypto';
import { createReadStream, readFileSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { inertMarkdown, plainMessage, renderUserText } from '../../app/user-text.ts';
import { referenceId } from '../../lib/ids.ts';
import { guardSimulatorRequest } from './guard.ts';
import type {
  InboundEvent,
  InboundSink,
  Message,
  OutboundMessage,
  Receiver,
  SendOutcome,
  Sender,
} from '../../app/receiver.ts';
import { fontAsset } from './fonts.ts';

/** What the simulator needs from the bot's data: the directory, per-user help and its delivery log. */
export interface SimulatorPlatform {
  directory(): Promise<unknown>;
  helpFor(userId: string): Promise<unknown[]>;
  userExists(userId: string): Promise<boolean>;
  conversationType(conversationId: string): Promise<'group' | 'direct' | null>;
  sentAfter(afterId: number, limit?: number): Promise<{ id: number; message: Message }[]>;
  deliver(outbound: OutboundMessage, now: Date): Promise<{ id: number; message: Message } | null>;
  /** The dashboard figures behind /统计, for the page's charts. */
  stats(now: Date): Promise<unknown>;
  /** One dashboard chart as a PNG (the picture /统计 图 and the 简报 use), or null for an unknown name. */
  chart(name: string, now: Date): Promise<Buffer | null>;
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
  /** Where the bot writes generated files; GET /files/<id>.xlsx serves them from here. */
  filesDir?: string;
  /** SIMULATOR_ALLOW_REMOTE=1: accept any Host (the simulator listens beyond loopback). */
  allowRemote?: boolean;
  logger: { error(details: object, message: string): void };
}

/** A file as the page and scripts see it: a download link instead of a path on the bot's disk. */
export interface PresentedFile {
  name: string;
  url: string;
}

export type PresentedMessage = Omit<Message, 'file' | 'image'> & { file?: PresentedFile; image?: PresentedFile };

const MAX_BODY_BYTES = 1024 * 1024;
/** More people than any command names at once (a special group is a handful). */
const MAX_MENTIONS = 50;
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

/** 128 random bits in hex: the name is the only key to a file, so it must not be guessable. */
const FILE_NAME = /^([0-9a-f]{32})\.(xlsx|docx|png)$/;
const CONTENT_TYPES: Record<string, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  png: 'image/png',
};

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
  private readonly conversationTypes = new Map<string, 'group' | 'direct'>();

  constructor(private readonly options: SimulatorOptions) {}

  get address(): string {
    const address = this.server?.address() as AddressInfo | null;
    return address
      ? `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`
      : '';
  }

  async start(): Promise<void> {
    const server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        if (error instanceof HttpError) {
          if (!res.headersSent) sendJson(res, error.status, { error: error.message });
          else res.end();
          return;
        }
        // The reference id ties the answer the user saw to the log line with the stack.
        const ref = referenceId();
        this.options.logger.error({ err: error, ref, method: req.method, path: req.url }, 'simulator: request failed');
        if (!res.headersSent) sendJson(res, 500, { error: 'internal error', ref });
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
    const delivered = await this.options.platform.deliver(outbound, this.options.clock.now());
    if (delivered) {
      const shown = { ...delivered, message: this.present(delivered.message) };
      const frame = `id: ${shown.id}\nevent: sent\ndata: ${JSON.stringify(shown)}\n\n`;
      for (const stream of this.streams) stream.write(frame);
    }
    return { status: 'delivered' };
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (this.options.extraRoutes?.(req, res)) return;
    const refusal = guardSimulatorRequest(req, { allowRemote: this.options.allowRemote === true });
    if (refusal !== null) {
      req.resume();
      throw new HttpError(refusal.status, refusal.error);
    }
    const url = new URL(req.url ?? '/', 'http://localhost');
    const route = `${req.method} ${url.pathname}`;
    if (req.method === 'GET' && url.pathname.startsWith('/files/')) return this.sendFile(url, res);
    if (req.method === 'GET' && url.pathname.startsWith('/fonts/')) return sendFont(url.pathname, res);
    switch (route) {
      case 'GET /':
      case 'GET /index.html':
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
        res.end(PAGE);
        return;
      case 'GET /api/directory':
        return sendJson(res, 200, await this.options.platform.directory());
      case 'GET /api/help':
        return sendJson(res, 200, {
          commands: await this.options.platform.helpFor(url.searchParams.get('userId') ?? ''),
        });
      case 'POST /api/messages':
        return this.postMessage(req, res);
      case 'POST /api/actions':
        return this.postAction(req, res);
      case 'GET /api/sent': {
        const after = Number(url.searchParams.get('after') ?? '0');
        if (!Number.isSafeInteger(after) || after < 0) throw new HttpError(400, 'after must be a non-negative integer');
        const rows = await this.options.platform.sentAfter(after);
        return sendJson(res, 200, { messages: rows.map((row) => ({ ...row, message: this.present(row.message) })) });
      }
      case 'GET /api/stats':
        return sendJson(res, 200, await this.options.platform.stats(this.options.clock.now()));
      case 'GET /api/charts/projects.png':
      case 'GET /api/charts/race.png':
      case 'GET /api/charts/matrix.png':
        return this.sendChart(url.pathname.slice('/api/charts/'.length, -'.png'.length), res);
      case 'GET /api/stream':
        return this.openStream(req, res);
      case 'GET /api/clock':
        return sendJson(res, 200, {
          now: this.options.clock.now().toISOString(),
          adjustable: this.options.clock.set !== undefined,
        });
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

  private async receive(event: InboundEvent): Promise<PresentedMessage[]> {
    await this.options.sink.record(event);
    return (await this.options.sink.process(event)).map((message) => this.present(message));
  }

  /**
   * What the page shows: user text made inert for its markdown renderer (src/app/user-text.ts), and a
   * file or picture the bot wrote offered as a link, its place on disk kept private.
   */
  private present(marked: Message): PresentedMessage {
    const message = {
      ...plainMessage(marked),
      markdown: marked.markdown === undefined ? undefined : renderUserText(marked.markdown, inertMarkdown),
    };
    return { ...message, file: this.link(message.file), image: this.link(message.image) };
  }

  private link(file: Message['file']): PresentedFile | undefined {
    if (file === undefined) return undefined;
    const filesDir = this.options.filesDir;
    const name = FILE_NAME.exec(basename(file.path))?.[0];
    if (filesDir === undefined || name === undefined || resolve(dirname(file.path)) !== resolve(filesDir))
      return undefined;
    return { name: file.name, url: `/files/${name}?name=${encodeURIComponent(file.name)}` };
  }

  private async sendChart(name: string, res: ServerResponse): Promise<void> {
    const png = await this.options.platform.chart(name, this.options.clock.now());
    if (png === null) throw new HttpError(404, 'no such chart');
    res.writeHead(200, {
      'content-type': 'image/png',
      'content-length': png.length,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    });
    res.end(png);
  }

  private async sendFile(url: URL, res: ServerResponse): Promise<void> {
    const filesDir = this.options.filesDir;
    const match = FILE_NAME.exec(url.pathname.slice('/files/'.length));
    const name = match?.[0];
    const type = CONTENT_TYPES[match?.[2] ?? ''];
    if (filesDir === undefined || name === undefined || type === undefined) throw new HttpError(404, 'no such file');
    const path = join(filesDir, name);
    const size = await stat(path).then(
      (s) => (s.isFile() ? s.size : null),
      () => null,
    );
    if (size === null) throw new HttpError(404, 'no such file');
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what must not reach a header
    const shownName = (url.searchParams.get('name') ?? '').replace(/[\u0000-\u001f"\\/]/g, '').slice(0, 200) || name;
    res.writeHead(200, {
      'content-type': type,
      'content-length': size,
      // A picture is shown in the page; documents are downloaded.
      'content-disposition': `${type === CONTENT_TYPES.png ? 'inline' : 'attachment'}; filename="${name}"; filename*=UTF-8''${encodeURIComponent(shownName)}`,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    });
    await new Promise<void>((done, fail) => createReadStream(path).on('error', fail).on('end', done).pipe(res));
  }

  /**
   * A known conversation's type, remembered: it never changes once the conversation exists, and
   * looking it up cost every message a transaction of its own.
   */
  private async conversationType(conversationId: string): Promise<'group' | 'direct'> {
    const known = this.conversationTypes.get(conversationId);
    if (known !== undefined) return known;
    const stored = await this.options.platform.conversationType(conversationId);
    if (stored !== null) this.conversationTypes.set(conversationId, stored);
    return stored ?? (conversationId.startsWith('dm:') ? 'direct' : 'group');
  }

  /**
   * "@binjiang-li" in the simulator names a user by id, as a DingTalk mention would carry it. Each
   * distinct id costs a lookup, so only the first MAX_MENTIONS are resolved: a message with thousands
   * of them is refused as too long by the app anyway, and must not cost thousands of queries first.
   */
  private async mentionsIn(text: string): Promise<{ userId: string; name?: string }[]> {
    const ids = new Set<string>();
    for (const match of text.matchAll(/[@＠]([\w.-]{1,64})/g)) {
      if (match[1] !== undefined) ids.add(match[1]);
      if (ids.size >= MAX_MENTIONS) break;
    }
    const mentions: { userId: string; name?: string }[] = [];
    for (const id of ids) if (await this.options.platform.userExists(id)) mentions.push({ userId: id, name: id });
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
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
    });
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

async function sendFont(pathname: string, res: ServerResponse): Promise<void> {
  const asset = fontAsset(pathname);
  if (asset === null) throw new HttpError(404, 'no such font file');
  // The files come from a pinned npm package version, so a browser may keep them for a day.
  res.writeHead(200, {
    'content-type': asset.contentType,
    'cache-control': 'public, max-age=86400',
    'x-content-type-options': 'nosniff',
  });
  if (asset.body !== undefined) return void res.end(asset.body);
  const path = asset.path!;
  await new Promise<void>((done, fail) => createReadStream(path).on('error', fail).on('end', done).pipe(res));
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(payload),
  });
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
  if (!parsed.success)
    throw new HttpError(400, parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '));
  return parsed.data;
}
