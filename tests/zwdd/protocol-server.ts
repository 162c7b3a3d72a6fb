/**
 * A 浙政钉 gateway of our own for tests, speaking the protocol of docs/zwdd-protocol.md: it recomputes
 * every request's signature from the decoded parameters with its own implementation (not the
 * adapter's), refuses stale timestamps and reused nonces, answers in the `{success, content}`
 * envelope, and enforces the idempotency keys: a repeated bizMsgId is refused as "重复", a repeated
 * bizTaskId returns the first task (or is refused, per `duplicateTaskAnswer`). It also pushes robot
 * callbacks to the bot, signed as the doc assumes (§8). Faults are injected per path.
 */
import { createHash, createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface WorkNotification {
  bizMsgId: string;
  receiverIds: string[];
  msg: Record<string, unknown>;
  msgBytes: number;
  /** False when the platform's "same content, same user, once a day" rule swallowed it (docs §7). */
  shown: boolean;
}

export interface RobotMessage {
  api: 'sendgroup' | 'sendoto';
  chatId?: string;
  accountId?: string;
  msgType: string;
  msgBody: Record<string, unknown>;
}

export interface Task {
  taskUuid: string;
  bizTaskId: string;
  subject: string;
  assigneeId: string;
  dueTime: string;
  url: string;
  remarks: string;
  status: 'open' | 'finished' | 'cancelled';
}

type Fault =
  /** Answered normally: lets a test fail the second call rather than the first. */
  | { kind: 'pass' }
  | { kind: 'status'; status: number; retryAfterS?: number }
  | { kind: 'throttle' }
  /** The call takes effect, then the connection is cut: the client cannot know it did. */
  | { kind: 'apply-then-drop' };

export interface RejectedCall {
  path: string;
  reason: string;
}

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}(Z|[+-]\d{2}:\d{2})$/;
const ALLOWED_SKEW_MS = 5 * 60_000;

export class ZwddProtocolServer {
  readonly appKey = 'test-app-key';
  readonly appSecret = 'test-app-secret';
  readonly tenantId = '196729';
  #lastPushAt = 0;
  readonly notifications: WorkNotification[] = [];
  readonly robotMessages: RobotMessage[] = [];
  readonly tasks: Task[] = [];
  readonly rejected: RejectedCall[] = [];
  /** Every bizMsgId / bizTaskId that was sent again after it had taken effect. */
  readonly repeatedKeys: string[] = [];
  /** Every call that passed the signature check, by path. */
  readonly calls: string[] = [];
  /** How a repeated bizTaskId is answered; the real behaviour is unconfirmed (docs §6). */
  duplicateTaskAnswer: 'first-task' | 'error' = 'first-task';
  tokenLifetimeS: number | string = 7200;
  /** The gateway's own clock: timestamps are checked and tokens expire against it. */
  now: () => number = Date.now;
  #server!: Server;
  #nonces = new Set<string>();
  #faults = new Map<string, Fault[]>();
  #tokens = new Map<string, number>();
  #tokenSeq = 0;
  #shownToday = new Set<string>();

  static async start(): Promise<ZwddProtocolServer> {
    const gateway = new ZwddProtocolServer();
    gateway.#server = createServer((req, res) => {
      gateway.#handle(req, res).catch((err: unknown) => {
        res.writeHead(500).end(String(err));
      });
    });
    await new Promise<void>((resolve) => gateway.#server.listen(0, '127.0.0.1', resolve));
    return gateway;
  }

  get apiBase(): string {
    const { port } = this.#server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  /** The next `count` calls to `path` meet this fault (after their signature was checked). */
  failNext(path: string, fault: Fault, count = 1): void {
    const queue = this.#faults.get(path) ?? [];
    for (let i = 0; i < count; i++) queue.push(fault);
    this.#faults.set(path, queue);
  }

  faultsLeft(path: string): number {
    return this.#faults.get(path)?.length ?? 0;
  }

  /** Forgets every issued token, as a secret reset or a server-side expiry would. */
  expireTokens(): void {
    this.#tokens.clear();
  }

  get tokenRequests(): number {
    return this.calls.filter((path) => path === '/gettoken.json').length;
  }

  tasksOf(bizTaskIdPrefix: string): Task[] {
    return this.tasks.filter((t) => t.bizTaskId.startsWith(bizTaskIdPrefix));
  }

  /** Content of every notification shown to `accountId`, in order. */
  shownTo(accountId: string): string[] {
    return this.notifications
      .filter((n) => n.shown && n.receiverIds.includes(accountId))
      .map((n) => JSON.stringify(n.msg));
  }

  // -----------------------------------------------------------------------------------------------
  // Robot callback (docs §8, assumed public-DingTalk style)

  static callbackSign(timestamp: string, secret: string): string {
    return createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest('base64');
  }

  /** POSTs a robot callback to the bot; returns the HTTP status and body. */
  async pushCallback(
    url: string,
    payload: Record<string, unknown>,
    options: { timestamp?: number; sign?: string; secret?: string } = {},
  ): Promise<{ status: number; body: string }> {
    // Each push is signed at its own millisecond, as distinct messages are: the sign covers only the
    // timestamp, so two messages signed in the same millisecond would look like a replay to the bot.
    this.#lastPushAt = Math.max(Date.now(), this.#lastPushAt + 1);
    const timestamp = String(options.timestamp ?? this.#lastPushAt);
    const sign = options.sign ?? ZwddProtocolServer.callbackSign(timestamp, options.secret ?? this.appSecret);
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', timestamp, sign },
      body: JSON.stringify(payload),
    });
    return { status: response.status, body: await response.text() };
  }

  // -----------------------------------------------------------------------------------------------

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://gateway');
    const method = req.method ?? 'GET';
    const raw = await readBody(req);
    const params = method === 'POST' ? new URLSearchParams(raw) : url.searchParams;
    const refusal = this.#verify(req, method, url.pathname, params);
    if (refusal !== undefined) {
      this.rejected.push({ path: url.pathname, reason: refusal });
      const signature = refusal === 'signature';
      send(res, 200, {
        success: false,
        errorCode: signature ? 'OPF-B001-05-16-0009' : 'OPF-B001-05-16-0010',
        errorMsg: signature ? 'SignatureDoesNotMatch' : `request refused: ${refusal}`,
        errorLevel: 'error',
      });
      return;
    }
    this.calls.push(url.pathname);
    const fault = this.#faults.get(url.pathname)?.shift();
    if (fault?.kind === 'status')
      return void send(
        res,
        fault.status,
        { success: false, errorMsg: 'ServiceUnavailable' },
        fault.retryAfterS === undefined ? {} : { 'retry-after': String(fault.retryAfterS) },
      );
    if (fault?.kind === 'throttle')
      return void send(res, 200, { success: false, errorCode: 'OPF-THROTTLED', errorMsg: '调用频繁，触发限流' });
    const answer = this.#route(url.pathname, params);
    if (fault?.kind === 'apply-then-drop') {
      res.socket?.destroy();
      return;
    }
    send(res, 200, answer);
  }

  /** Our own recomputation of the string to sign (docs §2.2): lower-cased names order ASCII names as Java does. */
  #verify(req: IncomingMessage, method: string, path: string, params: URLSearchParams): string | undefined {
    const h = (name: string) => {
      const value = req.headers[name.toLowerCase()];
      return Array.isArray(value) ? value[0] : value;
    };
    if (h('apiKey') !== this.appKey) return 'unknown apiKey';
    const timestamp = h('X-Hmac-Auth-Timestamp') ?? '';
    const nonce = h('X-Hmac-Auth-Nonce') ?? '';
    if (!TIMESTAMP.test(timestamp) || !timestamp.endsWith('+08:00')) return 'timestamp format';
    if (Math.abs(Date.parse(timestamp) - this.now()) > ALLOWED_SKEW_MS) return 'stale timestamp';
    if (nonce === '' || this.#nonces.has(nonce)) return 'reused nonce';
    if (h('X-Hmac-Auth-Version') !== '1.0') return 'version';
    const entries = [...params.entries()].filter(([name, value]) => name !== '' && value.trim() !== '');
    const names = [...new Set(entries.map(([name]) => name.toLowerCase()))].sort();
    const pairs = names.flatMap((lower) => {
      const own = entries.filter(([name]) => name.toLowerCase() === lower);
      const printed = own[0]![0];
      return own
        .map(([, value]) => value)
        .sort()
        .map((value) => `${printed}=${value}`);
    });
    const message = [method, timestamp, nonce, path, ...(pairs.length > 0 ? [pairs.join('&')] : [])].join('\n');
    const expected =
      h('X-Hmac-Auth-Algorithm') === 'md5'
        ? createHash('md5').update(`${message}\n${this.appSecret}`).digest('hex')
        : createHmac('sha256', this.appSecret).update(message).digest('base64');
    if (h('X-Hmac-Auth-Signature') !== expected) return 'signature';
    this.#nonces.add(nonce);
    return undefined;
  }

  #route(path: string, p: URLSearchParams): unknown {
    const fail = (errorMsg: string) => ({ success: false, errorCode: 'BIZ_ERROR', errorMsg });
    const spResult = (data: unknown) => ({
      success: true,
      content: { success: true, data, responseCode: '0', responseMessage: 'OK', requestId: `req-${this.calls.length}` },
      bizErrorCode: '0',
    });
    // A token is checked wherever one is sent; message and to-do APIs need none (docs §4).
    const token = p.get('access_token');
    if (token !== null && (this.#tokens.get(token) ?? 0) <= this.now()) {
      return {
        success: false,
        content: { success: false, responseCode: '40001', responseMessage: 'access_token无效或已过期' },
      };
    }
    if (path !== '/gettoken.json' && p.get('tenantId') !== null && p.get('tenantId') !== this.tenantId)
      return fail('tenantId不匹配');
    switch (path) {
      case '/gettoken.json': {
        if (p.get('appkey') !== this.appKey || p.get('appsecret') !== this.appSecret)
          return fail('appkey或appsecret错误');
        const now = this.now();
        let token = [...this.#tokens.entries()].find(([, end]) => end > now)?.[0];
        token ??= `app_token_${++this.#tokenSeq}`;
        this.#tokens.set(token, now + Number(this.tokenLifetimeS) * 1000);
        return spResult({ accessToken: token, expiresIn: this.tokenLifetimeS });
      }
      case '/message/workNotification': {
        const bizMsgId = p.get('bizMsgId') ?? '';
        const msgText = p.get('msg') ?? '';
        const receiverIds = (p.get('receiverIds') ?? '').split(',').filter(Boolean);
        if (bizMsgId === '' || receiverIds.length === 0) return fail('参数错误');
        if (this.notifications.some((n) => n.bizMsgId === bizMsgId)) {
          this.repeatedKeys.push(bizMsgId);
          return fail(`bizMsgId重复: ${bizMsgId}`);
        }
        const msgBytes = Buffer.byteLength(msgText);
        if (msgBytes > 2048) return fail('msg超过2048字节');
        const msg = JSON.parse(msgText) as Record<string, unknown>;
        const day = new Date(this.now() + 8 * 3600_000).toISOString().slice(0, 10);
        const shown = receiverIds.every((id) => !this.#shownToday.has(`${day}|${id}|${msgText}`));
        for (const id of receiverIds) this.#shownToday.add(`${day}|${id}|${msgText}`);
        this.notifications.push({ bizMsgId, receiverIds, msg, msgBytes, shown });
        return { success: true, content: { msgId: `msg-${this.notifications.length}` } };
      }
      case '/robot/message/sendgroup':
      case '/robot/message/sendoto': {
        if (p.get('appKey') !== this.appKey) return fail('appKey错误');
        const api = path.endsWith('sendgroup') ? 'sendgroup' : 'sendoto';
        const target = api === 'sendgroup' ? p.get('chatId') : p.get('accountId');
        if (!target) return fail('参数错误');
        const message: RobotMessage = {
          api,
          msgType: p.get('msgType') ?? '',
          msgBody: JSON.parse(p.get('msgBody') ?? '{}') as Record<string, unknown>,
        };
        if (api === 'sendgroup') message.chatId = target;
        else message.accountId = target;
        this.robotMessages.push(message);
        return { success: true, content: { msgId: `robot-${this.robotMessages.length}` } };
      }
      case '/tc/v2/openapi/task/create.json': {
        const bizTaskId = p.get('bizTaskId') ?? '';
        const existing = this.tasks.find((t) => t.bizTaskId === bizTaskId);
        if (existing) this.repeatedKeys.push(bizTaskId);
        if (existing)
          return this.duplicateTaskAnswer === 'first-task'
            ? spResult({ taskUuid: existing.taskUuid })
            : fail(`bizTaskId重复: ${bizTaskId}`);
        const required = ['subject', 'assigneeId', 'dueTime'] as const;
        if (bizTaskId === '' || required.some((name) => !p.get(name))) return fail('参数错误');
        const task: Task = {
          taskUuid: `task-${this.tasks.length + 1}`,
          bizTaskId,
          subject: p.get('subject') ?? '',
          assigneeId: p.get('assigneeId') ?? '',
          dueTime: p.get('dueTime') ?? '',
          url: p.get('url') ?? '',
          remarks: p.get('remarks') ?? '',
          status: 'open',
        };
        this.tasks.push(task);
        return spResult({ taskUuid: task.taskUuid });
      }
      case '/tc/openapi/task/finish.json':
      case '/tc/openapi/task/cancel.json': {
        const task = this.tasks.find((t) => t.taskUuid === p.get('taskUuid'));
        if (!task || task.assigneeId !== p.get('userId')) return fail('待办不存在');
        // Finishing or cancelling a closed task again is accepted and changes nothing (idempotent retry).
        if (task.status === 'open') task.status = path.includes('finish') ? 'finished' : 'cancelled';
        return spResult(true);
      }
      default:
        return fail(`unknown api ${path}`);
    }
  }
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json;charset=UTF-8', ...headers }).end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}
