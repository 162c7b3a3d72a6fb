/**
 * A local Lark/Feishu open platform that speaks the real protocol (docs/lark-protocol.md §2–§6), so the
 * official SDK inside the bot is tested end to end: endpoint discovery with single-use tickets, a real
 * WebSocket carrying protobuf frames (ping/pong with ClientConfig, events split into parts, acks),
 * redelivery of events not acknowledged in time, tenant_access_token, bot info, message create / reply /
 * patch with `uuid` deduplication, file upload, plus fault injection (429 and 99991400 with
 * x-ogw-ratelimit-reset, 5xx, expired tokens, a failing discovery, dropped sockets). 127.0.0.1, port 0.
 *
 * Assumptions where the documentation is silent (docs §8): events pushed while no client is connected
 * wait for the next connection, an unacknowledged event is pushed again after `redeliveryDelayMs`, and a
 * repeated `uuid` is answered with the first message, not shown again.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import { decodeFrame, encodeFrame, headerOf, type Frame } from './frame.ts';

export interface FakeLarkOptions {
  appId?: string;
  appSecret?: string;
  botOpenId?: string;
  /** Lark pushes an unacknowledged event again; the platform's window is 3 s, tests shorten it. */
  redeliveryDelayMs?: number;
  /** ClientConfig sent at discovery and in every pong, in seconds (fractions allowed). */
  pingIntervalS?: number;
  reconnectIntervalS?: number;
  reconnectNonceS?: number;
}

export type Fault =
  | { kind: 'server-error' }
  /** HTTP 429, or HTTP 400 with code 99991400, optionally with x-ogw-ratelimit-reset (seconds). */
  | { kind: 'rate-limit'; status: 429 | 400; resetSeconds?: number }
  | { kind: 'bot-not-in-chat' };

export type FaultTarget = 'messages' | 'files' | 'discovery' | 'token';

export interface SentMessage {
  seq: number;
  via: 'create' | 'reply' | 'patch';
  messageId: string;
  receiveIdType?: string;
  receiveId?: string;
  /** For replies: the message replied to. */
  replyTo?: string;
  msgType: string;
  /** `content`, parsed from its JSON string. */
  content: unknown;
  uuid?: string;
}

export interface Ack {
  eventId: string;
  code: number;
  /** The handler's return value, decoded from the ack's base64 `data`. */
  data?: unknown;
}

interface PendingEvent {
  eventId: string;
  body: Buffer;
  split: number;
  deliveries: number;
  acked: boolean;
  timer?: NodeJS.Timeout;
}

const SERVICE_ID = 33554678;

export class FakeLark {
  readonly appId: string;
  readonly appSecret: string;
  readonly botOpenId: string;
  readonly #options: FakeLarkOptions;
  readonly #server: Server;
  readonly #wss = new WebSocketServer({ noServer: true });
  readonly #sockets = new Set<WebSocket>();
  readonly #tickets = new Set<string>();
  readonly #tokens = new Map<string, boolean>();
  readonly #events = new Map<string, PendingEvent>();
  /** Frame message_id → event id, to match acks. */
  readonly #frames = new Map<string, string>();
  readonly #acks: Ack[] = [];
  readonly #sent: SentMessage[] = [];
  readonly #messages = new Map<string, { msgType: string; content: unknown }>();
  readonly #uuids = new Map<string, string>();
  readonly #faults = new Map<FaultTarget, Fault[]>();
  readonly uploads: { fileKey: string; name: string; type: string; bytes: number }[] = [];
  /** Pictures uploaded for image messages, by image_key. */
  readonly images = new Map<string, Buffer>();
  /** Every request the platform received, as "METHOD path". */
  readonly requests: string[] = [];
  /** Frames from the client that break the protocol; a test expects none. */
  readonly protocolErrors: string[] = [];
  suppressedResends = 0;
  tokenRequests = 0;
  discoveryRequests = 0;
  connectionsAccepted = 0;
  pings = 0;
  #seq = 0;
  #logId = 1000;

  private constructor(options: FakeLarkOptions) {
    this.#options = options;
    this.appId = options.appId ?? 'cli_a1b2c3d4e5f60718';
    this.appSecret = options.appSecret ?? 'lark-app-secret-0123456789';
    this.botOpenId = options.botOpenId ?? 'ou_bot_0001';
    this.#server = createServer((req, res) => void this.#route(req, res));
    this.#server.on('upgrade', (req, socket, head) => this.#upgrade(req, socket, head));
  }

  static async start(options: FakeLarkOptions = {}): Promise<FakeLark> {
    const fake = new FakeLark(options);
    await new Promise<void>((resolve) => fake.#server.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  get domain(): string {
    const address = this.#server.address();
    if (address === null || typeof address === 'string') throw new Error('not listening');
    return `http://127.0.0.1:${address.port}`;
  }

  async close(): Promise<void> {
    for (const event of this.#events.values()) clearTimeout(event.timer);
    for (const socket of this.#sockets) socket.terminate();
    this.#wss.close();
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  // -------------------------------------------------------------------------------------------
  // Inbound: events pushed over the long connection

  /** Pushes `im.message.receive_v1`; returns the event id. Mentions use `@_user_N` placeholders in `text`. */
  pushMessage(input: {
    from: string;
    chatId: string;
    chatType?: 'p2p' | 'group';
    text?: string;
    messageType?: string;
    content?: unknown;
    mentions?: { openId: string; name: string }[];
    messageId?: string;
    split?: number;
  }): { eventId: string; messageId: string } {
    const messageId = input.messageId ?? `om_${randomUUID().replaceAll('-', '')}`;
    const mentions = (input.mentions ?? []).map((m, i) => ({
      key: `@_user_${i + 1}`,
      id: { open_id: m.openId, union_id: `on_${m.openId}`, user_id: null },
      name: m.name,
      tenant_key: 'tenant-1',
    }));
    const eventId = this.#push(
      'im.message.receive_v1',
      {
        sender: {
          sender_id: { open_id: input.from, union_id: `on_${input.from}` },
          sender_type: 'user',
          tenant_key: 'tenant-1',
        },
        message: {
          message_id: messageId,
          create_time: String(Date.now()),
          update_time: String(Date.now()),
          chat_id: input.chatId,
          chat_type: input.chatType ?? 'group',
          message_type: input.messageType ?? 'text',
          content: JSON.stringify(input.content ?? { text: input.text ?? '' }),
          ...(mentions.length > 0 ? { mentions } : {}),
        },
      },
      input.split ?? 1,
    );
    this.#messages.set(messageId, {
      msgType: input.messageType ?? 'text',
      content: input.content ?? { text: input.text ?? '' },
    });
    return { eventId, messageId };
  }

  /** Pushes `card.action.trigger` for a button of a card this platform delivered. */
  pushCardClick(input: { operator: string; cardMessageId: string; chatId: string; value: unknown }): string {
    return this.#push(
      'card.action.trigger',
      {
        operator: { tenant_key: 'tenant-1', open_id: input.operator, union_id: `on_${input.operator}` },
        token: `c-${randomUUID()}`,
        action: { value: input.value, tag: 'button' },
        host: 'im_message',
        context: { open_message_id: input.cardMessageId, open_chat_id: input.chatId },
      },
      1,
    );
  }

  /** Pushes an already delivered event again, as the platform does when it has not seen the ack. */
  redeliver(eventId: string): void {
    const event = this.#events.get(eventId);
    if (event === undefined) throw new Error(`no event ${eventId}`);
    this.#deliver(event);
  }

  acks(): Ack[] {
    return [...this.#acks];
  }

  deliveries(eventId: string): number {
    return this.#events.get(eventId)?.deliveries ?? 0;
  }

  async waitForAck(eventId: string, timeoutMs = 5000): Promise<Ack> {
    await waitUntil(() => this.#acks.some((a) => a.eventId === eventId), timeoutMs, `ack of ${eventId}`);
    return this.#acks.find((a) => a.eventId === eventId)!;
  }

  openConnections(): number {
    return [...this.#sockets].filter((s) => s.readyState === WebSocket.OPEN).length;
  }

  async waitForConnections(count: number, timeoutMs = 5000): Promise<void> {
    await waitUntil(
      () => this.connectionsAccepted >= count && this.openConnections() > 0,
      timeoutMs,
      `${count} connections`,
    );
  }

  /** Cuts every long connection without a close frame, like a network failure. */
  dropConnections(): void {
    for (const socket of this.#sockets) socket.terminate();
  }

  #push(eventType: string, event: Record<string, unknown>, split: number): string {
    const eventId = randomUUID().replaceAll('-', '');
    const envelope = {
      schema: '2.0',
      header: {
        event_id: eventId,
        event_type: eventType,
        create_time: String(Date.now()),
        token: 'verification-token',
        app_id: this.appId,
        tenant_key: 'tenant-1',
      },
      event,
    };
    const pending: PendingEvent = {
      eventId,
      body: Buffer.from(JSON.stringify(envelope)),
      split,
      deliveries: 0,
      acked: false,
    };
    this.#events.set(eventId, pending);
    this.#deliver(pending);
    return eventId;
  }

  #deliver(event: PendingEvent): void {
    clearTimeout(event.timer);
    const socket = [...this.#sockets].reverse().find((s) => s.readyState === WebSocket.OPEN);
    // No client: the event waits for the next connection (see the header comment).
    if (socket === undefined) return;
    event.deliveries += 1;
    const frameId = randomUUID();
    this.#frames.set(frameId, event.eventId);
    const size = Math.ceil(event.body.length / event.split);
    const parts = Array.from({ length: event.split }, (_, i) => event.body.subarray(i * size, (i + 1) * size));
    // Parts may arrive in any order; the SDK reassembles by seq.
    const order = parts.map((_, i) => i).reverse();
    const logId = this.#logId++;
    for (const seq of order) {
      const frame: Frame = {
        SeqID: seq,
        LogID: logId,
        service: SERVICE_ID,
        method: 1,
        headers: [
          { key: 'type', value: 'event' },
          { key: 'message_id', value: frameId },
          { key: 'sum', value: String(event.split) },
          { key: 'seq', value: String(seq) },
          { key: 'trace_id', value: `trace-${logId}` },
        ],
        payload: parts[seq],
      };
      socket.send(encodeFrame(frame));
    }
    event.timer = setTimeout(() => {
      if (!event.acked) this.#deliver(event);
    }, this.#options.redeliveryDelayMs ?? 3000);
  }

  #onFrame(socket: WebSocket, bytes: Buffer): void {
    let frame: Frame;
    try {
      frame = decodeFrame(bytes);
    } catch (err) {
      this.protocolErrors.push(`undecodable frame: ${String(err)}`);
      return;
    }
    const type = headerOf(frame, 'type');
    if (frame.method === 0 && type === 'ping') {
      this.pings += 1;
      if (frame.service !== SERVICE_ID) this.protocolErrors.push(`ping with service ${frame.service}`);
      socket.send(
        encodeFrame({
          SeqID: 0,
          LogID: 0,
          service: SERVICE_ID,
          method: 0,
          headers: [{ key: 'type', value: 'pong' }],
          payload: Buffer.from(JSON.stringify(this.#clientConfig())),
        }),
      );
      return;
    }
    if (frame.method !== 1) return;
    const eventId = this.#frames.get(headerOf(frame, 'message_id') ?? '');
    const event = eventId === undefined ? undefined : this.#events.get(eventId);
    if (event === undefined || eventId === undefined) return;
    const answer = JSON.parse(new TextDecoder().decode(frame.payload)) as { code: number; data?: string };
    const data =
      answer.data === undefined
        ? undefined
        : (JSON.parse(Buffer.from(answer.data, 'base64').toString('utf8')) as unknown);
    this.#acks.push({ eventId, code: answer.code, ...(data === undefined ? {} : { data }) });
    if (answer.code === 200) {
      event.acked = true;
      clearTimeout(event.timer);
    }
  }

  #clientConfig() {
    return {
      PingInterval: this.#options.pingIntervalS ?? 120,
      ReconnectCount: -1,
      ReconnectInterval: this.#options.reconnectIntervalS ?? 120,
      ReconnectNonce: this.#options.reconnectNonceS ?? 30,
    };
  }

  #upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const ticket = url.searchParams.get('ticket') ?? '';
    if (url.pathname !== '/ws/v2' || !this.#tickets.delete(ticket)) {
      socket.end('HTTP/1.1 403 Forbidden\r\nHandshake-Status: 403\r\nHandshake-Msg: invalid ticket\r\n\r\n');
      return;
    }
    this.#wss.handleUpgrade(req, socket, head, (ws) => {
      this.connectionsAccepted += 1;
      this.#sockets.add(ws);
      ws.on('message', (data: Buffer) => this.#onFrame(ws, data));
      ws.on('close', () => this.#sockets.delete(ws));
      // Events pushed while no client was connected, and unacknowledged ones of a dropped connection.
      for (const event of [...this.#events.values()].filter((e) => !e.acked)) this.#deliver(event);
    });
  }

  // -------------------------------------------------------------------------------------------
  // Outbound: the OpenAPI

  sent(): SentMessage[] {
    return [...this.#sent];
  }

  /** The current content of a message (a card after its patches). */
  message(messageId: string): { msgType: string; content: unknown } | undefined {
    return this.#messages.get(messageId);
  }

  /** The next `times` requests to `target` fail with `fault`. */
  inject(target: FaultTarget, fault: Fault, times = 1): void {
    const queue = this.#faults.get(target) ?? [];
    for (let i = 0; i < times; i += 1) queue.push(fault);
    this.#faults.set(target, queue);
  }

  /** Every token issued so far stops working; the next API call is refused with 99991663. */
  expireTokens(): void {
    for (const token of this.#tokens.keys()) this.#tokens.set(token, false);
  }

  async #route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const body = await readBody(req);
    this.requests.push(`${req.method} ${url.pathname}`);
    try {
      if (req.method === 'POST' && url.pathname === '/callback/ws/endpoint')
        return this.#discovery(res, parseJson(body));
      if (req.method === 'POST' && url.pathname === '/open-apis/auth/v3/tenant_access_token/internal')
        return this.#token(res, parseJson(body));
      const auth = this.#authorize(req);
      if (auth !== undefined) return json(res, 400, auth);
      if (req.method === 'GET' && url.pathname === '/open-apis/bot/v3/info')
        return json(res, 200, {
          code: 0,
          msg: 'ok',
          bot: { open_id: this.botOpenId, app_name: '一盘棋招商机器人', activate_status: 2 },
        });
      if (req.method === 'POST' && url.pathname === '/open-apis/im/v1/files') return this.#upload(req, res, body);
      if (req.method === 'POST' && url.pathname === '/open-apis/im/v1/images') return this.#uploadImage(req, res, body);
      const reply = /^\/open-apis\/im\/v1\/messages\/([^/]+)\/reply$/.exec(url.pathname);
      if (req.method === 'POST' && reply) return this.#send(res, 'reply', parseJson(body), { replyTo: reply[1] });
      const patch = /^\/open-apis\/im\/v1\/messages\/([^/]+)$/.exec(url.pathname);
      if (req.method === 'PATCH' && patch) return this.#patch(res, patch[1] ?? '', parseJson(body));
      if (req.method === 'POST' && url.pathname === '/open-apis/im/v1/messages') {
        return this.#send(res, 'create', parseJson(body), {
          receiveIdType: url.searchParams.get('receive_id_type') ?? '',
        });
      }
      json(res, 404, { code: 404, msg: 'not found' });
    } catch (err) {
      json(res, 500, { code: 500, msg: String(err) });
    }
  }

  #fault(target: FaultTarget, res: ServerResponse): boolean {
    const fault = this.#faults.get(target)?.shift();
    if (fault === undefined) return false;
    switch (fault.kind) {
      case 'server-error':
        json(res, 500, { code: 1, msg: 'internal error' });
        return true;
      case 'rate-limit': {
        const headers: Record<string, string> =
          fault.resetSeconds === undefined
            ? {}
            : { 'x-ogw-ratelimit-limit': '50', 'x-ogw-ratelimit-reset': String(fault.resetSeconds) };
        json(res, fault.status, { code: 99991400, msg: 'request trigger frequency limit' }, headers);
        return true;
      }
      case 'bot-not-in-chat':
        json(res, 400, { code: 230002, msg: 'Bot/User can NOT be out of the chat.' });
        return true;
    }
  }

  #discovery(res: ServerResponse, body: { AppID?: string; AppSecret?: string } | undefined): void {
    this.discoveryRequests += 1;
    const fault = this.#faults.get('discovery')?.shift();
    if (fault !== undefined) return json(res, 200, { code: 1000040343, msg: 'internal error', data: {} });
    if (body?.AppID !== this.appId || body.AppSecret !== this.appSecret)
      return json(res, 200, { code: 403, msg: 'forbidden' });
    const ticket = randomUUID();
    this.#tickets.add(ticket);
    const port = new URL(this.domain).port;
    json(res, 200, {
      code: 0,
      msg: 'ok',
      data: {
        URL: `ws://127.0.0.1:${port}/ws/v2?fpid=493&aid=552564&device_id=dev-${ticket.slice(0, 8)}&access_key=ak-${ticket.slice(9, 13)}&service_id=${SERVICE_ID}&ticket=${ticket}`,
        ClientConfig: this.#clientConfig(),
      },
    });
  }

  #token(res: ServerResponse, body: { app_id?: string; app_secret?: string } | undefined): void {
    this.tokenRequests += 1;
    if (this.#fault('token', res)) return;
    if (body?.app_id !== this.appId || body.app_secret !== this.appSecret)
      return json(res, 200, { code: 10014, msg: 'app secret invalid' });
    const current = [...this.#tokens].find(([, valid]) => valid)?.[0];
    const token = current ?? `t-g1044${randomUUID().replaceAll('-', '')}`;
    this.#tokens.set(token, true);
    json(res, 200, { code: 0, msg: 'ok', tenant_access_token: token, expire: 7200 });
  }

  #authorize(req: IncomingMessage): { code: number; msg: string } | undefined {
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (token === undefined) return { code: 99991661, msg: 'Missing access token for authorization.' };
    if (this.#tokens.get(token) !== true) return { code: 99991663, msg: 'Invalid access token for authorization.' };
    return undefined;
  }

  #send(
    res: ServerResponse,
    via: 'create' | 'reply',
    body: Record<string, unknown> | undefined,
    target: { receiveIdType?: string; replyTo?: string },
  ): void {
    if (this.#fault('messages', res)) return;
    const msgType = body?.msg_type;
    const content = body?.content;
    if (typeof msgType !== 'string' || typeof content !== 'string')
      return json(res, 400, { code: 230001, msg: 'invalid parameter, ext=msg_type or content' });
    const parsed = parseJson(content);
    if (parsed === undefined)
      return json(res, 400, { code: 230001, msg: 'invalid parameter, ext=content is not JSON' });
    if (msgType === 'image' && !this.images.has(String((parsed as { image_key?: unknown }).image_key)))
      return json(res, 400, { code: 230001, msg: 'invalid parameter, ext=image_key' });
    const limit = msgType === 'text' ? 150 * 1024 : 30 * 1024;
    if (Buffer.byteLength(content) > limit) return json(res, 400, { code: 230025, msg: 'message content too long' });
    if (via === 'create') {
      if (!['chat_id', 'open_id', 'user_id', 'union_id', 'email'].includes(target.receiveIdType ?? ''))
        return json(res, 400, { code: 99992402, msg: 'field validation failed' });
      if (typeof body?.receive_id !== 'string' || body.receive_id === '')
        return json(res, 400, { code: 230001, msg: 'invalid parameter, ext=receive_id' });
    } else if (!this.#messages.has(target.replyTo ?? '')) {
      return json(res, 400, { code: 230011, msg: 'The message was withdrawn.' });
    }
    const uuid = typeof body?.uuid === 'string' ? body.uuid : undefined;
    const repeated = uuid === undefined ? undefined : this.#uuids.get(uuid);
    if (repeated !== undefined) {
      this.suppressedResends += 1;
      return json(res, 200, { code: 0, msg: 'success', data: { message_id: repeated, msg_type: msgType } });
    }
    const messageId = `om_${randomUUID().replaceAll('-', '')}`;
    if (uuid !== undefined) this.#uuids.set(uuid, messageId);
    this.#messages.set(messageId, { msgType, content: parsed });
    this.#sent.push({
      seq: ++this.#seq,
      via,
      messageId,
      msgType,
      content: parsed,
      ...(uuid === undefined ? {} : { uuid }),
      ...(via === 'create'
        ? { receiveIdType: target.receiveIdType, receiveId: String(body?.receive_id) }
        : { replyTo: target.replyTo }),
    });
    json(res, 200, {
      code: 0,
      msg: 'success',
      data: {
        message_id: messageId,
        msg_type: msgType,
        chat_id: via === 'create' && target.receiveIdType === 'chat_id' ? body?.receive_id : undefined,
        sender: { id: this.appId, id_type: 'app_id', sender_type: 'app', tenant_key: 'tenant-1' },
        body: { content },
      },
    });
  }

  #patch(res: ServerResponse, messageId: string, body: Record<string, unknown> | undefined): void {
    if (this.#fault('messages', res)) return;
    const existing = this.#messages.get(messageId);
    if (existing === undefined) return json(res, 400, { code: 230001, msg: 'invalid parameter, ext=message_id' });
    if (existing.msgType !== 'interactive') return json(res, 400, { code: 230001, msg: 'only cards can be updated' });
    const parsed = typeof body?.content === 'string' ? parseJson(body.content) : undefined;
    if (parsed === undefined) return json(res, 400, { code: 230099, msg: 'card content failed' });
    this.#messages.set(messageId, { msgType: 'interactive', content: parsed });
    this.#sent.push({ seq: ++this.#seq, via: 'patch', messageId, msgType: 'interactive', content: parsed });
    json(res, 200, { code: 0, msg: 'success', data: {} });
  }

  #upload(req: IncomingMessage, res: ServerResponse, body: Buffer): void {
    if (this.#fault('files', res)) return;
    const form = parseMultipart(body, req.headers['content-type'] ?? '');
    const file = form.get('file');
    const name = form.get('file_name')?.toString('utf8');
    const type = form.get('file_type')?.toString('utf8');
    if (file === undefined || file.length === 0 || name === undefined || type === undefined)
      return json(res, 400, { code: 234001, msg: 'invalid request param' });
    const fileKey = `file_v3_${randomUUID().replaceAll('-', '')}`;
    this.uploads.push({ fileKey, name, type, bytes: file.length });
    json(res, 200, { code: 0, msg: 'success', data: { file_key: fileKey } });
  }

  /** im.v1.image.create: multipart `image_type` (message|avatar) and `image`, at most 10 MB. */
  #uploadImage(req: IncomingMessage, res: ServerResponse, body: Buffer): void {
    const form = parseMultipart(body, req.headers['content-type'] ?? '');
    const image = form.get('image');
    const type = form.get('image_type')?.toString('utf8');
    if (
      image === undefined ||
      image.length === 0 ||
      image.length > 10 * 1024 * 1024 ||
      (type !== 'message' && type !== 'avatar')
    )
      return json(res, 400, { code: 234001, msg: 'invalid request param' });
    const imageKey = `img_v3_${randomUUID().replaceAll('-', '')}`;
    this.images.set(imageKey, image);
    json(res, 200, { code: 0, msg: 'success', data: { image_key: imageKey } });
  }
}

export async function waitUntil(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** multipart/form-data fields by name. The SDK sends a Buffer `file` as a part without a filename. */
function parseMultipart(body: Buffer, contentType: string): Map<string, Buffer> {
  const fields = new Map<string, Buffer>();
  const boundary = /boundary=(.+)$/.exec(contentType)?.[1];
  if (boundary === undefined) return fields;
  const delimiter = Buffer.from(`--${boundary}`);
  let start = body.indexOf(delimiter);
  while (start !== -1) {
    const next = body.indexOf(delimiter, start + delimiter.length);
    if (next === -1) break;
    const part = body.subarray(start + delimiter.length + 2, next - 2);
    const headerEnd = part.indexOf('\r\n\r\n');
    const name = /name="([^"]+)"/.exec(part.subarray(0, headerEnd).toString('utf8'))?.[1];
    if (headerEnd !== -1 && name !== undefined) fields.set(name, part.subarray(headerEnd + 4));
    start = next;
  }
  return fields;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function parseJson(body: Buffer | string): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(body.toString()) as unknown;
    return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'x-tt-logid': `log-${Date.now()}`,
    ...headers,
  });
  res.end(JSON.stringify(body));
}
