/**
 * The official Stream SDK client with the parts of dingtalk-stream 2.1.5 we cannot ship as they are
 * replaced (see docs/dingtalk-protocol.md §1.6 and node_modules/dingtalk-stream/dist/client.mjs):
 * - hosts are hard-coded constants (GATEWAY_URL, GET_TOKEN_URL), so private deployments and tests could
 *   not reach their own gateway: getEndpoint/getAccessToken are overridden to use the configured hosts;
 * - `defaultConfig.subscriptions` is one array shared by every instance: each client passes its own;
 * - auto-reconnect takes two paths on a failed handshake and storms, retrying every 1 s: it is disabled
 *   and replaced by one loop with exponential backoff and full jitter, a fresh ticket per attempt;
 * - a `disconnect` frame only flips flags: here it closes the socket so the loop reconnects;
 * - a malformed frame throws out of the ws message handler: it is caught and logged;
 * - `keepAlive` leaks its interval across reconnects: our own WebSocket-level ping replaces it.
 * Frame routing, the callback emitter, acks and the SYSTEM ping echo stay the SDK's.
 */
import { DWClient, type DWClientConfig, type DWClientDownStream } from 'dingtalk-stream';
import type WebSocket from 'ws';
import { z } from 'zod';
import { DingTalkAdapterError } from './errors.ts';
import type { AdapterLogger } from './logger.ts';

export const GATEWAY_PATH = '/v1.0/gateway/connections/open';

export interface TimerHandle {
  cancel(): void;
}

/** Injectable so tests can drive backoff deterministically. */
export interface Timers {
  setTimeout(callback: () => void, ms: number): TimerHandle;
}

export interface BackoffPolicy {
  initialMs: number;
  maxMs: number;
  /** A connection that stayed up this long resets the backoff to initialMs. */
  healthyAfterMs: number;
}

export interface StreamClientConfig {
  clientId: string;
  clientSecret: string;
  apiBase: string;
  oapiBase: string;
  logger: AdapterLogger;
  ua?: string;
  fetch?: typeof fetch;
  timers?: Timers;
  /** Uniform in [0, 1); the jitter source. */
  random?: () => number;
  backoff?: Partial<BackoffPolicy>;
  /** Interval of WebSocket pings; a ping unanswered by the next interval closes the connection. */
  keepAliveMs?: number;
  handshakeTimeoutMs?: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 1_000, maxMs: 60_000, healthyAfterMs: 60_000 };

/** Full jitter: uniform in [0, min(max, initial·2^attempt)], which spreads a fleet's reconnects apart. */
export function backoffDelay(
  attempt: number,
  policy: Pick<BackoffPolicy, 'initialMs' | 'maxMs'>,
  random: () => number,
): number {
  const ceiling = Math.min(policy.maxMs, policy.initialMs * 2 ** attempt);
  return Math.floor(random() * ceiling);
}

const realTimers: Timers = {
  setTimeout(callback, ms) {
    const timer = setTimeout(callback, ms);
    return { cancel: () => clearTimeout(timer) };
  },
};

/**
 * SDK 2.1.5 members that TypeScript marks private but that a subclass must reach: the socket
 * (`_connect` creates it, client.mjs:134), the URL `_connect` dials (client.mjs:123) and the ws
 * options it passes (client.mjs:31). Pinned to 2.1.5 by package.json; the stream tests fail if they move.
 */
interface SdkInternals {
  socket?: WebSocket;
  dw_url?: string;
  sslopts: WebSocket.ClientOptions;
}

function sdkInternals(client: DWClient): SdkInternals {
  return client as unknown as SdkInternals;
}

const openConnectionSchema = z.object({ endpoint: z.string().min(1), ticket: z.string().min(1) });
const legacyTokenSchema = z.object({ access_token: z.string().min(1) });

type State = 'idle' | 'connecting' | 'open' | 'waiting' | 'stopped';

export class DingTalkStreamClient extends DWClient {
  readonly #settings: StreamClientConfig;
  readonly #timers: Timers;
  readonly #random: () => number;
  readonly #backoff: BackoffPolicy;
  readonly #fetch: typeof fetch;
  readonly #log: AdapterLogger;
  #state: State = 'idle';
  #attempt = 0;
  #reconnectTimer: TimerHandle | undefined;
  #healthyTimer: TimerHandle | undefined;
  #keepAliveTimer: TimerHandle | undefined;
  #awaitingPong = false;
  #firstConnection: { resolve: () => void; reject: (err: Error) => void } | undefined;
  #closed: Promise<void> = Promise.resolve();

  constructor(config: StreamClientConfig) {
    const sdkOptions: ConstructorParameters<typeof DWClient>[0] &
      Pick<DWClientConfig, 'autoReconnect' | 'subscriptions'> = {
      clientId: config.clientId,
      clientSecret: config.clientSecret,
      ua: config.ua ?? '',
      keepAlive: false,
      autoReconnect: false,
      subscriptions: [],
    };
    super(sdkOptions);
    this.#settings = config;
    this.#timers = config.timers ?? realTimers;
    this.#random = config.random ?? Math.random;
    this.#backoff = { ...DEFAULT_BACKOFF, ...config.backoff };
    this.#fetch = config.fetch ?? globalThis.fetch;
    this.#log = config.logger;
    const internals = sdkInternals(this);
    internals.sslopts = { ...internals.sslopts, handshakeTimeout: config.handshakeTimeoutMs ?? 10_000 };
  }

  /** Registers a single-use ticket at the configured gateway and points `_connect` at it. */
  override async getEndpoint(): Promise<this> {
    const response = await this.#fetch(this.#settings.apiBase + GATEWAY_PATH, {
      method: 'POST',
      // Without Accept the gateway may answer XML (SDK comment, client.mjs:111).
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({
        clientId: this.config.clientId,
        clientSecret: this.config.clientSecret,
        ua: this.config.ua ?? '',
        subscriptions: this.config.subscriptions,
      }),
      signal: AbortSignal.timeout(this.#settings.handshakeTimeoutMs ?? 10_000),
    });
    const body: unknown = await response.json().catch(() => undefined);
    if (response.status === 401) {
      throw new DingTalkAdapterError('DINGTALK_AUTH_FAILED', 'gateway rejected clientId/clientSecret');
    }
    const parsed = openConnectionSchema.safeParse(body);
    if (!response.ok || !parsed.success) {
      throw new DingTalkAdapterError('DINGTALK_OPEN_CONNECTION_FAILED', `HTTP ${response.status}`);
    }
    sdkInternals(this).dw_url = `${parsed.data.endpoint}?ticket=${encodeURIComponent(parsed.data.ticket)}`;
    return this;
  }

  /** The legacy token endpoint on the configured oapi host (the SDK's own ignores the host and URL-encoding). */
  override async getAccessToken(): Promise<string> {
    const url = new URL('/gettoken', this.#settings.oapiBase);
    url.searchParams.set('appkey', this.config.clientId);
    url.searchParams.set('appsecret', this.config.clientSecret);
    const response = await this.#fetch(url, { headers: { accept: 'application/json' } });
    const parsed = legacyTokenSchema.safeParse(await response.json().catch(() => undefined));
    if (!response.ok || !parsed.success) {
      throw new DingTalkAdapterError('DINGTALK_TOKEN_FAILED', `gettoken answered HTTP ${response.status}`);
    }
    this.config.access_token = parsed.data.access_token;
    return parsed.data.access_token;
  }

  /**
   * Starts the connection loop. Resolves once the first connection is open; rejects when the gateway
   * refuses the credentials on that first attempt (a configuration error no retry can fix) or when
   * the client is stopped first. Later failures only feed the reconnect loop.
   */
  override connect(): Promise<void> {
    if (this.#state !== 'idle') return Promise.reject(new Error('DingTalkStreamClient.connect() called twice'));
    return new Promise<void>((resolve, reject) => {
      this.#firstConnection = { resolve, reject };
      void this.#attemptConnection();
    });
  }

  /** True while a connection is open; a dropped or closing socket counts as down before the close event. */
  isOpen(): boolean {
    const socket = sdkInternals(this).socket;
    return this.#state === 'open' && socket !== undefined && socket.readyState === socket.OPEN;
  }

  /** Stops reconnecting and closes the socket; resolves once it is closed. */
  async close(): Promise<void> {
    if (this.#state === 'stopped') return this.#closed;
    this.#state = 'stopped';
    this.#reconnectTimer?.cancel();
    this.#stopConnectionTimers();
    this.#firstConnection?.reject(new DingTalkAdapterError('DINGTALK_STOPPED', 'closed before connecting'));
    this.#firstConnection = undefined;
    const socket = sdkInternals(this).socket;
    this.#closed =
      socket === undefined || socket.readyState === socket.CLOSED
        ? Promise.resolve()
        : new Promise((resolve) => socket.once('close', () => resolve()));
    super.disconnect();
    return this.#closed;
  }

  /** The SDK's disconnect() would leave our loop to reconnect the socket it closes. */
  override disconnect(): void {
    void this.close();
  }

  /**
   * Acknowledges a CALLBACK frame. Returns false when no socket is open: the SDK would either drop the
   * ack silently or, while a new socket is still connecting, throw from ws.send (client.mjs:296). An
   * unsent ack only means DingTalk redelivers, which the sink absorbs.
   */
  ackCallback(messageId: string, response: unknown): boolean {
    const socket = sdkInternals(this).socket;
    if (socket === undefined || socket.readyState !== socket.OPEN) return false;
    this.socketCallBackResponse(messageId, response);
    return true;
  }

  override onDownStream(data: string): void {
    this.#awaitingPong = false;
    try {
      super.onDownStream(data);
    } catch (err) {
      this.#log.warn({ err }, 'dingtalk stream: dropped a frame that is not valid JSON');
    }
  }

  override onSystem(downstream: DWClientDownStream): void {
    // The SDK already echoes pings correctly (same headers, same data, client.mjs:250-260).
    super.onSystem(downstream);
    if (downstream.headers.topic === 'disconnect') {
      this.#log.info({ data: downstream.data }, 'dingtalk stream: gateway asked to reconnect');
      sdkInternals(this).socket?.close();
    }
  }

  async #attemptConnection(): Promise<void> {
    this.#state = 'connecting';
    let socket: WebSocket;
    try {
      await this.getEndpoint();
      await this._connect();
      const opened = sdkInternals(this).socket;
      if (opened === undefined) {
        throw new DingTalkAdapterError(
          'DINGTALK_OPEN_CONNECTION_FAILED',
          'dingtalk-stream internals changed: no socket',
        );
      }
      socket = opened;
    } catch (err) {
      if (this.#isStopped()) return;
      if (err instanceof DingTalkAdapterError && err.code === 'DINGTALK_AUTH_FAILED' && this.#firstConnection) {
        this.#state = 'stopped';
        this.#firstConnection.reject(err);
        this.#firstConnection = undefined;
        return;
      }
      this.#log.warn({ err }, 'dingtalk stream: connection attempt failed');
      this.#scheduleReconnect();
      return;
    }
    if (this.#isStopped()) {
      socket.terminate();
      return;
    }
    this.#onOpen(socket);
  }

  #onOpen(socket: WebSocket): void {
    this.#state = 'open';
    this.#log.info({ attempt: this.#attempt }, 'dingtalk stream: connected');
    socket.once('close', (code: number) => this.#onClose(socket, code));
    socket.on('pong', () => {
      this.#awaitingPong = false;
    });
    this.#healthyTimer = this.#timers.setTimeout(() => {
      this.#attempt = 0;
    }, this.#backoff.healthyAfterMs);
    this.#scheduleKeepAlive(socket);
    this.#firstConnection?.resolve();
    this.#firstConnection = undefined;
  }

  #onClose(socket: WebSocket, code: number): void {
    // A socket replaced by a newer connection reports nothing the loop needs to act on.
    if (sdkInternals(this).socket !== socket) return;
    this.#stopConnectionTimers();
    if (this.#state === 'stopped') return;
    this.#log.warn({ code }, 'dingtalk stream: connection closed');
    this.#scheduleReconnect();
  }

  #scheduleReconnect(): void {
    const delay = backoffDelay(this.#attempt, this.#backoff, this.#random);
    this.#attempt += 1;
    this.#state = 'waiting';
    this.#log.info({ delay, attempt: this.#attempt }, 'dingtalk stream: reconnecting');
    this.#reconnectTimer = this.#timers.setTimeout(() => {
      this.#reconnectTimer = undefined;
      void this.#attemptConnection();
    }, delay);
  }

  #scheduleKeepAlive(socket: WebSocket): void {
    const interval = this.#settings.keepAliveMs ?? 60_000;
    this.#awaitingPong = false;
    const tick = (): void => {
      if (this.#awaitingPong) {
        this.#log.warn('dingtalk stream: no pong or frame within the keep-alive interval, dropping the connection');
        socket.terminate();
        return;
      }
      this.#awaitingPong = true;
      socket.ping();
      this.#keepAliveTimer = this.#timers.setTimeout(tick, interval);
    };
    this.#keepAliveTimer = this.#timers.setTimeout(tick, interval);
  }

  /** A method, not an inline comparison, because the state changes across awaits behind TS's back. */
  #isStopped(): boolean {
    return this.#state === 'stopped';
  }

  #stopConnectionTimers(): void {
    this.#healthyTimer?.cancel();
    this.#healthyTimer = undefined;
    this.#keepAliveTimer?.cancel();
    this.#keepAliveTimer = undefined;
  }
}
