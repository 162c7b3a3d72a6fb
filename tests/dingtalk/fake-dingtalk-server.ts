/**
 * A local DingTalk that speaks the real protocol (docs/dingtalk-protocol.md §1–§6), so the official SDK
 * and our adapter can be tested end to end: Stream gateway with single-use tickets, JSON frames, SYSTEM
 * ping/disconnect, CALLBACK pushes with redelivery of unacknowledged ones, token endpoints, robot send
 * APIs, sessionWebhooks and interactive cards, plus fault injection. Listens on 127.0.0.1, port 0.
 *
 * Idempotency keys are honoured the way the bot relies on them: a webhook body whose `msgUuid` was
 * already shown in that session, and a card whose `outTrackId` already exists, are answered with
 * success but not shown again; such resends are listed in `suppressed()` so a test can count every
 * time a message reached the platform. Robot OpenAPI sends carry no such key and are always shown.
 * (DingTalk's exact answer to a repeated key is not documented; this is the behaviour the bot assumes.)
 */
import { createHmac, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';

export const ROBOT_TOPIC = '/v1.0/im/bot/messages/get';
export const CARD_TOPIC = '/v1.0/card/instances/callback';
export const PATHS = {
  openConnection: '/v1.0/gateway/connections/open',
  connect: '/connect',
  accessToken: '/v1.0/oauth2/accessToken',
  legacyToken: '/gettoken',
  groupSend: '/v1.0/robot/groupMessages/send',
  batchSend: '/v1.0/robot/oToMessages/batchSend',
  sendBySession: '/robot/sendBySession',
  createAndDeliver: '/v1.0/card/instances/createAndDeliver',
  cardInstances: '/v1.0/card/instances',
  mediaUpload: '/media/upload',
} as const;

export interface FakeDingTalkOptions {
  clientId?: string;
  clientSecret?: string;
  robotCode?: string;
  ticketTtlMs?: number;
  tokenTtlSeconds?: number;
  sessionWebhookTtlMs?: number;
  /** The real gateway is said to retry after ~60 s; tests want it short. */
  redeliveryDelayMs?: number;
  maxRedeliveries?: number;
  /** How long the gateway waits after a `disconnect` frame before closing the socket itself (~10 s real). */
  disconnectGraceMs?: number;
  /** When set, batchSend lists other user ids in invalidStaffIdList. */
  knownUserIds?: readonly string[];
  /** When set, groupSend answers invalid.openConversationId for other conversations. */
  knownConversationIds?: readonly string[];
  /**
   * Which open connection gets a push: the newest (default), or each in turn, as the gateway
   * spreads events over the instances of an app that each opened their own connection.
   */
  spread?: 'newest' | 'round-robin';
}

export type Fault =
  | { kind: 'server-error' }
  | { kind: 'too-many-requests' }
  | { kind: 'qps-limit' }
  | { kind: 'invalid-token' }
  | { kind: 'flow-control'; userIds: string[] }
  | { kind: 'webhook-error'; errcode: number; errmsg: string }
  /** The message is accepted and shown, but the answer leaves only after `ms`: a crash meanwhile leaves the caller unaware. */
  | { kind: 'answer-late'; ms: number };

export type SentVia = 'group' | 'oto' | 'webhook' | 'card' | 'card-update';

export interface SentMessage {
  seq: number;
  via: SentVia;
  to: { conversationId: string } | { userId: string } | { outTrackId: string };
  msgKey?: string;
  /** msgParam, parsed from its JSON string. */
  msgParam?: unknown;
  /** The whole request body, for webhook and card calls. */
  body?: unknown;
}

/** A request answered late by an `answer-late` fault. */
export interface LateAnswer {
  path: string;
  /** seq of the message the request showed, if it showed one. */
  seq: number | undefined;
  answered: boolean;
}

/** A resend the platform accepted but did not show again, because its idempotency key was known. */
export interface SuppressedResend {
  seq: number;
  via: 'webhook' | 'card';
  /** The msgUuid of a webhook body, the outTrackId of a card. */
  key: string;
  /** seq of the SentMessage that showed it the first time. */
  firstSeq: number;
}

/** A file uploaded through /media/upload, kept so tests can compare what arrived with what was sent. */
export interface UploadedMedia {
  mediaId: string;
  type: string;
  fileName: string;
  bytes: Buffer;
}

export interface AckRecord {
  messageId: string;
  code: unknown;
  /** The ack's `data`, parsed from its JSON string. */
  data: unknown;
  connectionId: string;
}

export interface PingResult {
  connectionId: string;
  echoed: boolean;
  opaqueMatches: boolean;
}

export interface RobotMessageInput {
  text?: string;
  /** '' simulates an external member, for whom DingTalk sends no staff id. */
  senderStaffId?: string;
  senderNick?: string;
  conversationType?: 'direct' | 'group';
  conversationId?: string;
  conversationTitle?: string;
  msgId?: string;
  msgtype?: string;
  content?: unknown;
  atUsers?: { dingtalkId: string; staffId?: string }[];
  /** Simulates an org out of quota: the text is withheld and errorMessage set. */
  errorMessage?: string;
}

export interface CardClickInput {
  outTrackId: string;
  userId: string;
  actionId: string;
  value: string;
  /** Defaults to where the card was delivered. */
  spaceType?: string;
  spaceId?: string;
}

interface Connection {
  id: string;
  ws: WebSocket;
  topics: Set<string>;
  stalled: boolean;
}

interface Callback {
  messageId: string;
  topic: string;
  data: string;
  deliveries: number;
  acked: boolean;
}

interface CardInstance {
  spaceType: string;
  spaceId: string;
  cardParamMap: Record<string, string>;
}

const ROBOT_DINGTALK_ID = '$:LWCP_v1:$fakeRobotDingtalkId';
const CORP_ID = 'dingfakecorp';
const MSG_KEYS = new Set([
  'sampleText',
  'sampleMarkdown',
  'sampleImageMsg',
  'sampleLink',
  'sampleActionCard',
  'sampleActionCard2',
  'sampleActionCard3',
  'sampleActionCard4',
  'sampleActionCard5',
  'sampleActionCard6',
  'sampleAudio',
  'sampleFile',
  'sampleVideo',
]);
const WEBHOOK_MSGTYPES = new Set(['text', 'markdown', 'actionCard', 'link', 'feedCard']);
const MSG_PARAM_LIMIT_BYTES = 15_000;
const WEBHOOK_LIMIT_BYTES = 20_000;

export class FakeDingTalk {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly robotCode: string;
  /** Both hosts live on this one server. */
  readonly apiBase: string;
  readonly oapiBase: string;

  /** Every call to the open-connection endpoint, successful or not: the reconnect-storm gauge. */
  openConnectionCalls = 0;
  /** WebSocket connections accepted so far. */
  connectionsAccepted = 0;
  rejectedHandshakes = 0;
  tokenRequests = 0;
  /** Client frames that were not valid protocol responses. */
  readonly protocolErrors: string[] = [];
  /** Subscriptions sent with each open-connection call, in order. */
  readonly subscriptionsSeen: { type: string; topic: string }[][] = [];

  readonly #options: Required<Omit<FakeDingTalkOptions, 'knownUserIds' | 'knownConversationIds'>> &
    Pick<FakeDingTalkOptions, 'knownUserIds' | 'knownConversationIds'>;
  readonly #server: Server;
  readonly #wss = new WebSocketServer({ noServer: true, autoPong: false });
  readonly #tickets = new Map<string, { expiresAt: number; topics: Set<string> }>();
  readonly #connections = new Map<string, Connection>();
  readonly #callbacks = new Map<string, Callback>();
  readonly #undelivered: string[] = [];
  readonly #acks: AckRecord[] = [];
  readonly #pings = new Map<string, { opaque: string; resolve: (result: PingResult) => void; connectionId: string }>();
  readonly #tokens = new Map<string, number>();
  readonly #sessions = new Map<string, { conversationId: string; expiresAt: number }>();
  readonly #cards = new Map<string, CardInstance>();
  readonly #media = new Map<string, UploadedMedia>();
  readonly #faults: { path: string; fault: Fault; remaining: number }[] = [];
  readonly #sent: SentMessage[] = [];
  readonly #suppressed: SuppressedResend[] = [];
  readonly #lateAnswers: LateAnswer[] = [];
  /** `session msgUuid` → seq of the webhook message that showed it. */
  readonly #webhookUuids = new Map<string, number>();
  /** outTrackId → seq of the card message that showed it. */
  readonly #cardSeqs = new Map<string, number>();
  readonly #timers = new Set<NodeJS.Timeout>();
  #seq = 0;
  #pushes = 0;

  private constructor(server: Server, port: number, options: FakeDingTalkOptions) {
    this.#server = server;
    this.#options = {
      clientId: 'dingfakeclientid',
      clientSecret: 'fake-client-secret',
      robotCode: options.clientId ?? 'dingfakeclientid',
      ticketTtlMs: 90_000,
      tokenTtlSeconds: 7_200,
      sessionWebhookTtlMs: 90 * 60_000,
      redeliveryDelayMs: 200,
      maxRedeliveries: 3,
      disconnectGraceMs: 10_000,
      spread: 'newest',
      ...options,
    };
    this.clientId = this.#options.clientId;
    this.clientSecret = this.#options.clientSecret;
    this.robotCode = this.#options.robotCode;
    this.apiBase = `http://127.0.0.1:${port}`;
    this.oapiBase = this.apiBase;
  }

  static async start(options: FakeDingTalkOptions = {}): Promise<FakeDingTalk> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('fake DingTalk: no TCP address');
    const fake = new FakeDingTalk(server, address.port, options);
    server.on('request', (req, res) => void fake.#onRequest(req, res));
    server.on('upgrade', (req, socket, head) => fake.#onUpgrade(req, socket, head));
    return fake;
  }

  // ---- control API -------------------------------------------------------------------------------

  /** The environment that points a bot in Stream mode at this server. */
  botEnv(): Record<string, string> {
    return {
      PLATFORM: 'dingtalk',
      DINGTALK_CLIENT_ID: this.clientId,
      DINGTALK_CLIENT_SECRET: this.clientSecret,
      DINGTALK_API_BASE: this.apiBase,
      DINGTALK_OAPI_BASE: this.oapiBase,
    };
  }

  /** Pushes a robot message as a CALLBACK frame; returns the frame's headers.messageId (what acks use). */
  pushRobotMessage(input: RobotMessageInput = {}): string {
    return this.pushCallback(ROBOT_TOPIC, JSON.stringify(this.robotMessageData(input)));
  }

  pushCardClick(input: CardClickInput): string {
    const card = this.#cards.get(input.outTrackId);
    const spaceType = input.spaceType ?? card?.spaceType ?? 'IM_GROUP';
    const spaceId = input.spaceId ?? card?.spaceId ?? 'cidFakeGroup==';
    const data = {
      type: 'actionCallback',
      outTrackId: input.outTrackId,
      corpId: CORP_ID,
      userId: input.userId,
      userIdType: 1,
      spaceType,
      spaceId,
      content: JSON.stringify({
        cardPrivateData: { actionIds: [input.actionId], params: { actionId: input.actionId, value: input.value } },
      }),
      extension: '{}',
    };
    return this.pushCallback(CARD_TOPIC, JSON.stringify(data));
  }

  /** Pushes any CALLBACK payload, e.g. a malformed one. */
  pushCallback(topic: string, data: string): string {
    const messageId = `${randomUUID().slice(0, 8)}_${++this.#seq}_fake`;
    const callback: Callback = { messageId, topic, data, deliveries: 0, acked: false };
    this.#callbacks.set(messageId, callback);
    this.#deliver(callback);
    return messageId;
  }

  /** Delivers a callback again right now, as the gateway sometimes does even after an ack. */
  redeliver(messageId: string): void {
    const callback = this.#callbacks.get(messageId);
    if (callback === undefined) throw new Error(`fake DingTalk: no callback ${messageId}`);
    this.#deliver(callback, false);
  }

  /** The data of a robot message the way the gateway builds it (group text keeps a leading space). */
  robotMessageData(input: RobotMessageInput = {}): Record<string, unknown> {
    const now = Date.now();
    const group = (input.conversationType ?? 'group') === 'group';
    const conversationId =
      input.conversationId ?? (group ? 'cidFakeGroup==' : `cidDirect${input.senderStaffId ?? 'user'}==`);
    const session = randomUUID();
    this.#sessions.set(session, { conversationId, expiresAt: now + this.#options.sessionWebhookTtlMs });
    const msgtype = input.msgtype ?? 'text';
    const data: Record<string, unknown> = {
      conversationId,
      conversationType: group ? '2' : '1',
      chatbotCorpId: CORP_ID,
      chatbotUserId: ROBOT_DINGTALK_ID,
      robotCode: this.robotCode,
      msgId: input.msgId ?? `msg${randomUUID().replaceAll('-', '')}==`,
      msgtype,
      senderNick: input.senderNick ?? 'Fake User',
      senderStaffId: input.senderStaffId ?? 'fake-user',
      senderId: `$:LWCP_v1:$sender${input.senderStaffId ?? 'external'}`,
      senderCorpId: CORP_ID,
      isAdmin: false,
      sessionWebhook: `${this.oapiBase}${PATHS.sendBySession}?session=${session}`,
      sessionWebhookExpiredTime: now + this.#options.sessionWebhookTtlMs,
      createAt: now,
      senderPlatform: 'Mac',
    };
    if (group) {
      data.conversationTitle = input.conversationTitle ?? 'Fake Group';
      data.isInAtList = true;
      data.atUsers = [{ dingtalkId: ROBOT_DINGTALK_ID }, ...(input.atUsers ?? [])];
    }
    if (input.errorMessage !== undefined) {
      data.errorMessage = input.errorMessage;
    } else if (msgtype === 'text') {
      data.text = { content: group ? ` ${input.text ?? ''}` : (input.text ?? '') };
    } else {
      data.content = input.content ?? {};
    }
    return data;
  }

  /** POSTs a robot message the way HTTP callback mode does, signed with the app secret unless told otherwise. */
  async postRobotCallback(
    url: string,
    input: RobotMessageInput = {},
    signature: 'valid' | 'wrong' | 'stale' | 'missing' = 'valid',
  ): Promise<{ status: number; body: string }> {
    const timestamp = String(signature === 'stale' ? Date.now() - 2 * 60 * 60_000 : Date.now());
    const secret = signature === 'wrong' ? 'not-the-secret' : this.clientSecret;
    const sign = createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest('base64');
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (signature !== 'missing') Object.assign(headers, { timestamp, sign });
    const response = await fetch(url, { method: 'POST', headers, body: JSON.stringify(this.robotMessageData(input)) });
    return { status: response.status, body: await response.text() };
  }

  acks(): readonly AckRecord[] {
    return this.#acks;
  }

  /** How many times the callback was pushed, redeliveries included. */
  deliveries(messageId: string): number {
    return this.#callbacks.get(messageId)?.deliveries ?? 0;
  }

  async waitForAck(messageId: string, timeoutMs = 3_000): Promise<AckRecord> {
    await waitUntil(() => this.#acks.some((ack) => ack.messageId === messageId), timeoutMs, `ack of ${messageId}`);
    const ack = this.#acks.find((record) => record.messageId === messageId);
    if (ack === undefined) throw new Error('unreachable');
    return ack;
  }

  async waitForConnections(count: number, timeoutMs = 3_000): Promise<void> {
    await waitUntil(
      () => this.connectionsAccepted >= count && this.openConnections() > 0,
      timeoutMs,
      `${count} connections`,
    );
  }

  openConnections(): number {
    return [...this.#connections.values()].filter((c) => c.ws.readyState === WebSocket.OPEN).length;
  }

  /** Sends a SYSTEM ping on every connection and reports whether the client echoed it correctly. */
  async ping(timeoutMs = 2_000): Promise<PingResult[]> {
    return Promise.all(
      [...this.#connections.values()].map(
        (connection) =>
          new Promise<PingResult>((resolve) => {
            const messageId = `ping_${randomUUID()}`;
            const opaque = randomUUID();
            const timer = this.#setTimer(() => {
              this.#pings.delete(messageId);
              resolve({ connectionId: connection.id, echoed: false, opaqueMatches: false });
            }, timeoutMs);
            this.#pings.set(messageId, {
              opaque,
              connectionId: connection.id,
              resolve: (result) => {
                clearTimeout(timer);
                resolve(result);
              },
            });
            this.#sendFrame(connection, 'SYSTEM', 'ping', messageId, JSON.stringify({ opaque }));
          }),
      ),
    );
  }

  /** Sends the graceful `disconnect` frame; closes the socket itself after disconnectGraceMs. */
  sendDisconnect(): void {
    for (const connection of this.#connections.values()) {
      this.#sendFrame(
        connection,
        'SYSTEM',
        'disconnect',
        `disconnect_${randomUUID()}`,
        JSON.stringify({ reason: 'connection is expired' }),
      );
      this.#setTimer(() => connection.ws.terminate(), this.#options.disconnectGraceMs);
    }
  }

  /** Kills every socket without a close frame, like a network failure. */
  dropConnections(): void {
    for (const connection of this.#connections.values()) connection.ws.terminate();
  }

  /** Connections stop answering WebSocket pings and stop pushing, like a half-open TCP connection. */
  stallConnections(): void {
    for (const connection of this.#connections.values()) connection.stalled = true;
  }

  /** The next `times` calls to `path` fail with `fault` (for /connect: the WebSocket handshake fails). */
  inject(path: string, fault: Fault, times = 1): void {
    this.#faults.push({ path, fault, remaining: times });
  }

  /** Faults injected and not yet taken stop applying. */
  clearFaults(): void {
    this.#faults.length = 0;
  }

  /** Every token issued so far stops working, as if it had expired on the server. */
  expireTokens(): void {
    for (const token of this.#tokens.keys()) this.#tokens.set(token, 0);
  }

  expireSessionWebhooks(): void {
    for (const session of this.#sessions.values()) session.expiresAt = 0;
  }

  /** A file uploaded to the media store, by its media_id. */
  media(mediaId: string): UploadedMedia | undefined {
    return this.#media.get(mediaId);
  }

  /** Messages the robot sent, in order, with their destination. */
  sent(): readonly SentMessage[] {
    return this.#sent;
  }

  /** Resends accepted without being shown a second time (repeated msgUuid or outTrackId), in order. */
  suppressed(): readonly SuppressedResend[] {
    return this.#suppressed;
  }

  /** Requests held back by `answer-late` faults, answered or still waiting. */
  lateAnswers(): readonly LateAnswer[] {
    return this.#lateAnswers;
  }

  async close(): Promise<void> {
    for (const timer of this.#timers) clearTimeout(timer);
    for (const connection of this.#connections.values()) connection.ws.terminate();
    this.#wss.close();
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  // ---- Stream gateway ------------------------------------------------------------------------------

  #onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', this.apiBase);
    const ticket = url.searchParams.get('ticket') ?? '';
    const entry = this.#tickets.get(ticket);
    const fault = this.#takeFault(PATHS.connect);
    if (url.pathname !== PATHS.connect || entry === undefined || entry.expiresAt < Date.now() || fault !== undefined) {
      this.rejectedHandshakes += 1;
      const status = fault === undefined ? '401 Unauthorized' : '500 Internal Server Error';
      socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    // Single use: the ticket opens this connection and no other.
    this.#tickets.delete(ticket);
    this.#wss.handleUpgrade(req, socket, head, (ws) => this.#onConnection(ws, entry.topics));
  }

  #onConnection(ws: WebSocket, topics: Set<string>): void {
    const connection: Connection = { id: randomUUID(), ws, topics, stalled: false };
    this.#connections.set(connection.id, connection);
    this.connectionsAccepted += 1;
    ws.on('ping', (data) => {
      if (!connection.stalled) ws.pong(data);
    });
    ws.on('message', (raw, isBinary) => this.#onClientFrame(connection, raw.toString(), isBinary));
    ws.on('close', () => this.#connections.delete(connection.id));
    for (const messageId of this.#undelivered.splice(0)) {
      const callback = this.#callbacks.get(messageId);
      if (callback !== undefined && !callback.acked) this.#deliver(callback);
    }
  }

  #onClientFrame(connection: Connection, raw: string, isBinary: boolean): void {
    let frame: unknown;
    try {
      frame = isBinary ? undefined : JSON.parse(raw);
    } catch {
      frame = undefined;
    }
    const headers = isRecord(frame) && isRecord(frame.headers) ? frame.headers : undefined;
    const messageId = headers?.messageId;
    if (!isRecord(frame) || typeof messageId !== 'string' || typeof frame.data !== 'string') {
      this.protocolErrors.push(raw);
      return;
    }
    const ping = this.#pings.get(messageId);
    if (ping !== undefined) {
      this.#pings.delete(messageId);
      const echoed = frame.code === 200 && ping.connectionId === connection.id;
      const data = safeParse(frame.data);
      ping.resolve({
        connectionId: connection.id,
        echoed,
        opaqueMatches: isRecord(data) && data.opaque === ping.opaque,
      });
      return;
    }
    this.#acks.push({ messageId, code: frame.code, data: safeParse(frame.data), connectionId: connection.id });
    const callback = this.#callbacks.get(messageId);
    if (callback !== undefined && frame.code === 200) callback.acked = true;
  }

  /** Pushes to one subscribed connection (as the `spread` option picks); otherwise queues. */
  #deliver(callback: Callback, scheduleRedelivery = true): void {
    const open = [...this.#connections.values()]
      .reverse()
      .filter((c) => c.ws.readyState === WebSocket.OPEN && !c.stalled && c.topics.has(callback.topic));
    const connection =
      this.#options.spread === 'round-robin' ? open[this.#pushes++ % Math.max(open.length, 1)] : open[0];
    if (connection === undefined) {
      if (!this.#undelivered.includes(callback.messageId)) this.#undelivered.push(callback.messageId);
      return;
    }
    callback.deliveries += 1;
    this.#sendFrame(connection, 'CALLBACK', callback.topic, callback.messageId, callback.data);
    if (!scheduleRedelivery) return;
    this.#setTimer(() => {
      if (!callback.acked && callback.deliveries <= this.#options.maxRedeliveries) this.#deliver(callback);
    }, this.#options.redeliveryDelayMs);
  }

  #sendFrame(connection: Connection, type: string, topic: string, messageId: string, data: string): void {
    if (connection.ws.readyState !== WebSocket.OPEN) return;
    connection.ws.send(
      JSON.stringify({
        specVersion: '1.0',
        type,
        headers: {
          appId: 'fake-app-id',
          connectionId: connection.id,
          contentType: 'application/json',
          messageId,
          time: String(Date.now()),
          topic,
        },
        data,
      }),
    );
  }

  // ---- HTTP endpoints ------------------------------------------------------------------------------

  async #onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.apiBase);
    const bytes = await readBody(req);
    const raw = bytes.toString('utf8');
    const body = safeParse(raw);
    const route = `${req.method ?? 'GET'} ${url.pathname}`;

    if (route === `POST ${PATHS.openConnection}`) return this.#openConnection(body, res);
    if (route === `POST ${PATHS.accessToken}`) return this.#issueToken(body, res);
    if (route === `GET ${PATHS.legacyToken}`) return this.#issueLegacyToken(url, res);
    if (route === `POST ${PATHS.sendBySession}`) return this.#sendBySession(url, raw, body, res);
    if (route === `POST ${PATHS.mediaUpload}`) return this.#uploadMedia(url, req, bytes, res);

    const handlers: Record<string, (body: unknown, res: ServerResponse, fault: Fault | undefined) => void> = {
      [`POST ${PATHS.groupSend}`]: (b, r) => this.#groupSend(b, r),
      [`POST ${PATHS.batchSend}`]: (b, r, f) => this.#batchSend(b, r, f),
      [`POST ${PATHS.createAndDeliver}`]: (b, r) => this.#createAndDeliver(b, r),
      [`PUT ${PATHS.cardInstances}`]: (b, r) => this.#updateCard(b, r),
    };
    const handler = handlers[route];
    if (handler === undefined) return send(res, 404, { code: 'NotFound', message: route });

    const fault = this.#takeFault(url.pathname);
    if (fault?.kind === 'answer-late') this.#answerLate(url.pathname, res, fault.ms);
    else if (fault !== undefined && fault.kind !== 'flow-control' && fault.kind !== 'webhook-error') {
      return answerFault(res, fault);
    }
    const token = req.headers['x-acs-dingtalk-access-token'];
    if (typeof token !== 'string' || token === '') {
      return apiError(res, 400, 'AuthenticationFailed.MissingParameter', 'missing x-acs-dingtalk-access-token');
    }
    if ((this.#tokens.get(token) ?? 0) < Date.now())
      return apiError(res, 400, 'InvalidAuthentication', 'invalid access_token');
    handler(body, res, fault);
  }

  #openConnection(body: unknown, res: ServerResponse): void {
    this.openConnectionCalls += 1;
    const fault = this.#takeFault(PATHS.openConnection);
    if (fault !== undefined) return answerFault(res, fault);
    if (!isRecord(body) || body.clientId !== this.clientId || body.clientSecret !== this.clientSecret) {
      return send(res, 401, { requestid: randomUUID(), code: 'authFailed', message: 'authentication failed' });
    }
    const subscriptions = Array.isArray(body.subscriptions) ? body.subscriptions.filter(isSubscription) : [];
    this.subscriptionsSeen.push(subscriptions);
    const ticket = randomUUID();
    const topics = new Set(subscriptions.filter((s) => s.type === 'CALLBACK').map((s) => s.topic));
    this.#tickets.set(ticket, { expiresAt: Date.now() + this.#options.ticketTtlMs, topics });
    send(res, 200, { endpoint: `${this.apiBase.replace('http', 'ws')}${PATHS.connect}`, ticket });
  }

  #issueToken(body: unknown, res: ServerResponse): void {
    this.tokenRequests += 1;
    const fault = this.#takeFault(PATHS.accessToken);
    if (fault !== undefined) return answerFault(res, fault);
    if (!isRecord(body)) return apiError(res, 400, 'MissingParameter', 'body is mandatory for this action');
    if (body.appKey !== this.clientId || body.appSecret !== this.clientSecret) {
      return apiError(res, 400, 'invalidClientIdOrSecret', 'invalid clientId or clientSecret');
    }
    send(res, 200, { accessToken: this.#newToken(), expireIn: this.#options.tokenTtlSeconds });
  }

  #issueLegacyToken(url: URL, res: ServerResponse): void {
    this.tokenRequests += 1;
    const appkey = url.searchParams.get('appkey');
    const appsecret = url.searchParams.get('appsecret');
    if (appkey === null || appsecret === null) return send(res, 200, { errcode: 40035, errmsg: 'missing appkey' });
    if (appkey !== this.clientId || appsecret !== this.clientSecret) {
      return send(res, 200, { errcode: 40096, errmsg: 'invalid appkey or appsecret' });
    }
    send(res, 200, {
      errcode: 0,
      access_token: this.#newToken(),
      errmsg: 'ok',
      expires_in: this.#options.tokenTtlSeconds,
    });
  }

  #groupSend(body: unknown, res: ServerResponse): void {
    const message = this.#validateRobotMessage(body, res);
    if (message === undefined) return;
    const conversationId = isRecord(body) ? body.openConversationId : undefined;
    if (typeof conversationId !== 'string' || conversationId === '') {
      return apiError(res, 400, 'invalidParameter.openConversationId.empty', 'openConversationId is empty');
    }
    const known = this.#options.knownConversationIds;
    if (known !== undefined && !known.includes(conversationId)) {
      return apiError(res, 400, 'invalid.openConversationId', 'invalid openConversationId');
    }
    this.#record({ via: 'group', to: { conversationId }, ...message });
    send(res, 200, { processQueryKey: randomUUID() });
  }

  #batchSend(body: unknown, res: ServerResponse, fault: Fault | undefined): void {
    const message = this.#validateRobotMessage(body, res);
    if (message === undefined) return;
    const userIds =
      isRecord(body) && Array.isArray(body.userIds) ? body.userIds.filter((u) => typeof u === 'string') : [];
    if (userIds.length === 0) return apiError(res, 400, 'invalidParameter.userIds.empty', 'userIds is empty');
    if (userIds.length > 20) return apiError(res, 400, 'invalidParameter.userIds.overMax', 'at most 20 userIds');
    const known = this.#options.knownUserIds;
    const invalidStaffIdList = known === undefined ? [] : userIds.filter((u) => !known.includes(u));
    const throttled = fault?.kind === 'flow-control' ? fault.userIds : [];
    const flowControlledStaffIdList = userIds.filter((u) => throttled.includes(u) && !invalidStaffIdList.includes(u));
    for (const userId of userIds) {
      if (!invalidStaffIdList.includes(userId) && !flowControlledStaffIdList.includes(userId)) {
        this.#record({ via: 'oto', to: { userId }, ...message });
      }
    }
    send(res, 200, { processQueryKey: randomUUID(), invalidStaffIdList, flowControlledStaffIdList });
  }

  #sendBySession(url: URL, raw: string, body: unknown, res: ServerResponse): void {
    const fault = this.#takeFault(PATHS.sendBySession);
    if (fault?.kind === 'webhook-error') return send(res, 200, { errcode: fault.errcode, errmsg: fault.errmsg });
    if (fault?.kind === 'answer-late') this.#answerLate(PATHS.sendBySession, res, fault.ms);
    else if (fault !== undefined) return answerFault(res, fault);
    const session = this.#sessions.get(url.searchParams.get('session') ?? '');
    // The real code for an expired session is unconfirmed; this is what the robot webhook answers for unknown tokens.
    if (session === undefined || session.expiresAt < Date.now())
      return send(res, 200, { errcode: 300005, errmsg: 'token is not exist' });
    if (!isRecord(body) || typeof body.msgtype !== 'string' || !WEBHOOK_MSGTYPES.has(body.msgtype)) {
      return send(res, 200, { errcode: 400105, errmsg: 'unsupported msgtype' });
    }
    if (Buffer.byteLength(raw) > WEBHOOK_LIMIT_BYTES)
      return send(res, 200, { errcode: 460101, errmsg: 'message too long' });
    const uuid =
      typeof body.msgUuid === 'string' && body.msgUuid !== ''
        ? `${url.searchParams.get('session') ?? ''} ${body.msgUuid}`
        : undefined;
    const shownAs = uuid === undefined ? undefined : this.#webhookUuids.get(uuid);
    if (shownAs !== undefined && typeof body.msgUuid === 'string') {
      this.#suppressed.push({ seq: this.#suppressed.length + 1, via: 'webhook', key: body.msgUuid, firstSeq: shownAs });
      return send(res, 200, { errcode: 0, errmsg: 'ok' });
    }
    const seq = this.#record({ via: 'webhook', to: { conversationId: session.conversationId }, body });
    if (uuid !== undefined) this.#webhookUuids.set(uuid, seq);
    send(res, 200, { errcode: 0, errmsg: 'ok' });
  }

  /**
   * The old host's media store: the token is a query parameter and errors are HTTP 200 with an
   * errcode, like every oapi.dingtalk.com call (docs §3, §4.1).
   */
  async #uploadMedia(url: URL, req: IncomingMessage, bytes: Buffer, res: ServerResponse): Promise<void> {
    const fault = this.#takeFault(PATHS.mediaUpload);
    if (fault !== undefined) return answerFault(res, fault);
    const token = url.searchParams.get('access_token') ?? '';
    if ((this.#tokens.get(token) ?? 0) < Date.now())
      return send(res, 200, { errcode: 40014, errmsg: '不合法的access_token' });
    const type = url.searchParams.get('type') ?? '';
    if (!['image', 'voice', 'video', 'file'].includes(type))
      return send(res, 200, { errcode: 40004, errmsg: '不合法的媒体文件类型' });
    let form: FormData;
    try {
      form = await new Request(this.apiBase, {
        method: 'POST',
        headers: { 'content-type': String(req.headers['content-type'] ?? '') },
        body: bytes,
      }).formData();
    } catch {
      return send(res, 200, { errcode: 40005, errmsg: 'media must be multipart/form-data' });
    }
    const media = form.get('media');
    if (!(media instanceof File) || media.name === '')
      return send(res, 200, { errcode: 40005, errmsg: '缺少 media 文件' });
    if (media.size === 0 || media.size > 20 * 1024 * 1024)
      return send(res, 200, { errcode: 40006, errmsg: '不合法的文件大小' });
    const mediaId = `@lAz${randomUUID().replaceAll('-', '')}`;
    this.#media.set(mediaId, { mediaId, type, fileName: media.name, bytes: Buffer.from(await media.arrayBuffer()) });
    send(res, 200, { errcode: 0, errmsg: 'ok', type, media_id: mediaId, created_at: Date.now() });
  }

  #createAndDeliver(body: unknown, res: ServerResponse): void {
    if (!isRecord(body) || typeof body.cardTemplateId !== 'string' || typeof body.outTrackId !== 'string') {
      return apiError(res, 400, 'invalidParameter', 'cardTemplateId and outTrackId are required');
    }
    if (body.outTrackId.length > 64) return apiError(res, 400, 'invalidParameter.outTrackId', 'outTrackId too long');
    const cardParamMap = cardParams(body);
    if (cardParamMap === undefined)
      return apiError(res, 400, 'invalidParameter.cardData', 'cardParamMap values must be strings');
    if (body.callbackType !== undefined && body.callbackType !== 'STREAM' && body.callbackType !== 'HTTP') {
      return apiError(res, 400, 'invalidParameter.callbackType', 'callbackType must be STREAM or HTTP');
    }
    const space = /^dtv1\.card\/\/([A-Z_]+)\.(.+)$/.exec(typeof body.openSpaceId === 'string' ? body.openSpaceId : '');
    const [, spaceType, spaceId] = space ?? [];
    if (spaceType === undefined || spaceId === undefined)
      return apiError(res, 400, 'invalidParameter.openSpaceId', 'bad openSpaceId');
    const deliver = spaceType === 'IM_GROUP' ? body.imGroupOpenDeliverModel : body.imRobotOpenDeliverModel;
    if (!isRecord(deliver) || deliver.robotCode !== this.robotCode) {
      return apiError(res, 400, 'invalidParameter.robotCode.auth', 'robotCode does not match the app');
    }
    const shownAs = this.#cardSeqs.get(body.outTrackId);
    if (shownAs !== undefined) {
      // The card instance exists already: a resend after a lost answer must not post a second card.
      this.#suppressed.push({ seq: this.#suppressed.length + 1, via: 'card', key: body.outTrackId, firstSeq: shownAs });
    } else {
      this.#cards.set(body.outTrackId, { spaceType, spaceId, cardParamMap });
      const seq = this.#record({
        via: 'card',
        to: spaceType === 'IM_GROUP' ? { conversationId: spaceId } : { userId: spaceId },
        body,
      });
      this.#cardSeqs.set(body.outTrackId, seq);
    }
    send(res, 200, {
      success: true,
      result: {
        outTrackId: body.outTrackId,
        deliverResults: [{ spaceType, spaceId, success: true, carrierId: randomUUID() }],
      },
    });
  }

  #updateCard(body: unknown, res: ServerResponse): void {
    const outTrackId = isRecord(body) ? body.outTrackId : undefined;
    const card = typeof outTrackId === 'string' ? this.#cards.get(outTrackId) : undefined;
    if (typeof outTrackId !== 'string' || card === undefined)
      return apiError(res, 400, 'invalidParameter.outTrackId', 'unknown card');
    const cardParamMap = cardParams(body);
    if (cardParamMap === undefined)
      return apiError(res, 400, 'invalidParameter.cardData', 'cardParamMap values must be strings');
    const options = isRecord(body) && isRecord(body.cardUpdateOptions) ? body.cardUpdateOptions : {};
    card.cardParamMap = options.updateCardDataByKey === true ? { ...card.cardParamMap, ...cardParamMap } : cardParamMap;
    this.#record({ via: 'card-update', to: { outTrackId }, body });
    send(res, 200, { success: true, result: true });
  }

  /** Common validation of robotCode, msgKey and msgParam; answers the error itself and returns undefined. */
  #validateRobotMessage(body: unknown, res: ServerResponse): { msgKey: string; msgParam: unknown } | undefined {
    if (!isRecord(body)) {
      apiError(res, 400, 'MissingParameter', 'body is mandatory for this action');
      return undefined;
    }
    if (body.robotCode !== this.robotCode) {
      apiError(res, 400, 'invalidParameter.robotCode.auth', 'robotCode does not match the app');
      return undefined;
    }
    if (typeof body.msgKey !== 'string' || !MSG_KEYS.has(body.msgKey)) {
      apiError(res, 400, 'invalidParameter.msgKey.invalid', 'invalid msgKey');
      return undefined;
    }
    const msgParam = typeof body.msgParam === 'string' ? safeParse(body.msgParam) : undefined;
    if (
      typeof body.msgParam !== 'string' ||
      !isRecord(msgParam) ||
      Buffer.byteLength(body.msgParam) > MSG_PARAM_LIMIT_BYTES
    ) {
      apiError(res, 400, 'invalidParameter.msgParam.invalid', 'msgParam must be a JSON string of at most 15000 bytes');
      return undefined;
    }
    if (body.msgKey === 'sampleFile') {
      const uploaded = typeof msgParam.mediaId === 'string' ? this.#media.get(msgParam.mediaId) : undefined;
      if (uploaded === undefined || typeof msgParam.fileName !== 'string' || typeof msgParam.fileType !== 'string') {
        apiError(
          res,
          400,
          'invalidParameter.msgParam.invalid',
          'sampleFile needs the mediaId of an uploaded file, fileName and fileType',
        );
        return undefined;
      }
    }
    if (body.msgKey === 'sampleImageMsg') {
      // photoURL is a public picture URL or the media_id of an uploaded image.
      const photo = msgParam.photoURL;
      const known =
        typeof photo === 'string' && (/^https?:\/\//.test(photo) || this.#media.get(photo)?.type === 'image');
      if (!known) {
        apiError(
          res,
          400,
          'invalidParameter.msgParam.invalid',
          'sampleImageMsg needs photoURL: a picture URL or the media_id of an uploaded image',
        );
        return undefined;
      }
    }
    return { msgKey: body.msgKey, msgParam };
  }

  #record(message: Omit<SentMessage, 'seq'>): number {
    const seq = this.#sent.length + 1;
    this.#sent.push({ seq, ...message });
    return seq;
  }

  /** The request goes on as usual; only its answer is held back (handlers answer synchronously). */
  #answerLate(path: string, res: ServerResponse, ms: number): void {
    const late: LateAnswer = { path, seq: undefined, answered: false };
    this.#lateAnswers.push(late);
    const shownBefore = this.#sent.length;
    const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
    const held = (...args: unknown[]): ServerResponse => {
      if (this.#sent.length > shownBefore) late.seq = this.#sent.length;
      this.#setTimer(() => {
        late.answered = true;
        if (!res.destroyed) end(...args);
      }, ms);
      return res;
    };
    res.end = held as ServerResponse['end'];
  }

  #newToken(): string {
    const token = randomUUID().replaceAll('-', '');
    this.#tokens.set(token, Date.now() + this.#options.tokenTtlSeconds * 1000);
    return token;
  }

  #takeFault(path: string): Fault | undefined {
    const entry = this.#faults.find((f) => f.path === path && f.remaining > 0);
    if (entry === undefined) return undefined;
    entry.remaining -= 1;
    return entry.fault;
  }

  #setTimer(callback: () => void, ms: number): NodeJS.Timeout {
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      callback();
    }, ms);
    this.#timers.add(timer);
    return timer;
  }
}

/** Polls `condition` until it holds; rejects with `what` after `timeoutMs`. */
export async function waitUntil(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

function answerFault(res: ServerResponse, fault: Fault): void {
  switch (fault.kind) {
    case 'server-error':
      return apiError(res, 500, 'unknownError', 'unknown error');
    case 'too-many-requests':
      res.setHeader('retry-after', '2');
      return apiError(res, 429, 'Throttling', 'too many requests');
    case 'qps-limit':
      return apiError(res, 403, 'Forbidden.AccessDenied.QpsLimitForAppkeyAndApi', 'qps limit for appkey and api');
    case 'invalid-token':
      return apiError(res, 400, 'InvalidAuthentication', 'invalid access_token');
    case 'flow-control':
    case 'webhook-error':
    case 'answer-late':
      return apiError(res, 500, 'unknownError', `fault ${fault.kind} does not apply to this path`);
  }
}

function apiError(res: ServerResponse, status: number, code: string, message: string): void {
  const requestId = randomUUID();
  res.setHeader('x-acs-request-id', requestId);
  send(res, status, { requestid: requestId, code, message });
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json;charset=utf-8' });
  res.end(JSON.stringify(body));
}

function cardParams(body: unknown): Record<string, string> | undefined {
  const map = isRecord(body) && isRecord(body.cardData) ? body.cardData.cardParamMap : undefined;
  if (!isRecord(map)) return undefined;
  const entries = Object.entries(map);
  if (!entries.every((entry): entry is [string, string] => typeof entry[1] === 'string')) return undefined;
  return Object.fromEntries(entries);
}

function isSubscription(value: unknown): value is { type: string; topic: string } {
  return isRecord(value) && typeof value.type === 'string' && typeof value.topic === 'string';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}
