/**
 * The 浙政钉 open-platform gateway client: every call signed (signature.ts), parameters form-encoded,
 * the `{success, content}` envelope decoded into a typed answer or a classified failure (docs §3), and
 * the access token cached and refreshed (docs §4). Failures are returned, never thrown, so the sender
 * can map each to the outbox's retry/dead rule.
 */
import { z } from 'zod';
import { sendableParams, signedHeaders, type GatewayParam } from './signature.ts';
import { parseRetryAfter } from '../../lib/retry-after.ts';

export interface ZwddGatewayConfig {
  /** `https://openplatform-pro.ding.zj.gov.cn`, the SaaS test gateway, or a test server. */
  apiBase: string;
  appKey: string;
  appSecret: string;
  fetch?: typeof fetch;
  now?: () => Date;
  /** The SDK's default is 5 s (docs §2.6). */
  requestTimeoutMs?: number;
  /** Called with the API path before every request, so the app can count calls for /统计. */
  onApiCall?: (path: string) => void;
}

export const ZWDD_PATHS = {
  token: '/gettoken.json',
  workNotification: '/message/workNotification',
  robotGroup: '/robot/message/sendgroup',
  robotOto: '/robot/message/sendoto',
  taskCreate: '/tc/v2/openapi/task/create.json',
  taskFinish: '/tc/openapi/task/finish.json',
  taskCancel: '/tc/openapi/task/cancel.json',
} as const;

/**
 * Why a call did not succeed. `unknown` outcomes (network, 5xx, malformed) may or may not have taken
 * effect, so a retry must reuse the same idempotency key.
 */
export type GatewayFailureKind =
  /** No answer: refused connection, reset, timeout. Outcome unknown. */
  | 'network'
  /** HTTP 5xx or an answer that is not the envelope. Outcome unknown. */
  | 'unavailable'
  /** HTTP 429 or a flow-control answer. */
  | 'throttled'
  /** OPF-B001-05-16-0009 SignatureDoesNotMatch: wrong secret, wrong host, or our clock is off. */
  | 'signature'
  /** The access token was refused (expired early, secret reset). */
  | 'token'
  /** "重复": this bizMsgId / bizTaskId was already used, i.e. the first call took effect. */
  | 'duplicate'
  /** The platform refused this request for good (bad receiver, bad parameter, no permission). */
  | 'rejected';

export interface GatewayFailure {
  ok: false;
  kind: GatewayFailureKind;
  status?: number;
  /** One line naming every error field present (docs §3: log them all), for logs and lastError. */
  detail: string;
  retryAfterMs?: number;
}

export interface GatewaySuccess {
  ok: true;
  /** `content` of the envelope (SpResult: an object with `data`; Same APIs: whatever came). */
  content: unknown;
  /** The raw body, kept because several answers' field names are unconfirmed (docs §5.2, §6). */
  raw: string;
}

export type GatewayAnswer = GatewaySuccess | GatewayFailure;

export interface CallOptions {
  method?: 'GET' | 'POST';
  /** Adds the access token as this parameter (only some APIs take one, docs §4). */
  tokenParam?: 'access_token' | 'accessToken';
}

/** Refresh this long before the token's end, as third-party clients do (docs §4). */
const TOKEN_REFRESH_MARGIN_MS = 10 * 60_000;
const DEFAULT_TOKEN_LIFETIME_S = 7200;
const THROTTLE_RETRY_AFTER_MS = 2_000;

const ERROR_FIELDS = [
  'errorCode',
  'errorMsg',
  'Code',
  'Message',
  '_RequestId',
  'bizErrorCode',
  'responseCode',
  'responseMessage',
  'errorLevel',
] as const;

const envelopeSchema = z.looseObject({ success: z.boolean().optional(), content: z.unknown().optional() });
const tokenDataSchema = z.object({
  accessToken: z.string().min(1),
  expiresIn: z.union([z.number(), z.string().regex(/^\d+$/)]).optional(),
});

const DUPLICATE = /重复|duplicat|repeat/i;
const THROTTLE = /throttl|flow.?control|qps|rate.?limit|限流|频繁|too many/i;
const SIGNATURE = /SignatureDoesNotMatch|OPF-B001-05-16-0009/i;
const TOKEN = /token/i;

export class ZwddGateway {
  readonly #config: ZwddGatewayConfig;
  readonly #fetch: typeof fetch;
  readonly #now: () => Date;
  #token: { value: string; refreshAt: number } | undefined;
  #tokenRequest: Promise<string | GatewayFailure> | undefined;

  constructor(config: ZwddGatewayConfig) {
    this.#config = config;
    this.#fetch = config.fetch ?? fetch;
    this.#now = config.now ?? (() => new Date());
  }

  /**
   * The cached token, fetched when missing or within 10 minutes of its end. Asking again within its
   * lifetime returns the same token and extends it (docs §4), so concurrent callers share one request.
   */
  async accessToken(): Promise<string | GatewayFailure> {
    const cached = this.#token;
    if (cached && this.#now().getTime() < cached.refreshAt) return cached.value;
    this.#tokenRequest ??= this.#fetchToken().finally(() => {
      this.#tokenRequest = undefined;
    });
    return this.#tokenRequest;
  }

  /**
   * One API call. A token-bearing call whose token is refused drops the cached token and tries once
   * more with a fresh one; every attempt is signed anew (a fresh timestamp and nonce, docs §2.6).
   */
  async call(path: string, params: readonly GatewayParam[], options: CallOptions = {}): Promise<GatewayAnswer> {
    const method = options.method ?? 'POST';
    if (options.tokenParam === undefined) return this.#exchange(method, path, params);
    for (let attempt = 0; ; attempt++) {
      const token = await this.accessToken();
      if (typeof token !== 'string') return token;
      const answer = await this.#exchange(method, path, [...params, [options.tokenParam, token]]);
      if (answer.ok || answer.kind !== 'token' || attempt > 0) return answer;
      if (this.#token?.value === token) this.#token = undefined;
    }
  }

  async #fetchToken(): Promise<string | GatewayFailure> {
    const requestedAt = this.#now().getTime();
    const answer = await this.#exchange('GET', ZWDD_PATHS.token, [
      ['appkey', this.#config.appKey],
      ['appsecret', this.#config.appSecret],
    ]);
    if (!answer.ok) return answer;
    const data = tokenDataSchema.safeParse(contentData(answer.content));
    if (!data.success)
      return { ok: false, kind: 'unavailable', detail: 'gettoken.json: no accessToken in content.data' };
    const lifetimeMs = Number(data.data.expiresIn ?? DEFAULT_TOKEN_LIFETIME_S) * 1000;
    this.#token = {
      value: data.data.accessToken,
      refreshAt: requestedAt + Math.max(0, lifetimeMs - TOKEN_REFRESH_MARGIN_MS),
    };
    return data.data.accessToken;
  }

  async #exchange(method: 'GET' | 'POST', path: string, params: readonly GatewayParam[]): Promise<GatewayAnswer> {
    this.#config.onApiCall?.(path);
    const sent = sendableParams(params);
    const headers = signedHeaders(
      { method, path, params: sent },
      { apiKey: this.#config.appKey, secretKey: this.#config.appSecret },
      this.#now(),
    );
    const form = new URLSearchParams(sent.map(([name, value]): [string, string] => [name, value]));
    const url =
      method === 'GET' && sent.length > 0
        ? `${this.#config.apiBase}${path}?${form.toString()}`
        : `${this.#config.apiBase}${path}`;
    let status: number;
    let text: string;
    let retryAfter: string | null;
    try {
      const response = await this.#fetch(url, {
        method,
        headers: {
          ...headers,
          accept: 'application/json',
          ...(method === 'POST' ? { 'content-type': 'application/x-www-form-urlencoded; charset=UTF-8' } : {}),
        },
        body: method === 'POST' ? form.toString() : undefined,
        signal: AbortSignal.timeout(this.#config.requestTimeoutMs ?? 5_000),
      });
      status = response.status;
      retryAfter = response.headers.get('retry-after');
      text = await response.text();
    } catch (err) {
      return { ok: false, kind: 'network', detail: `${path}: ${err instanceof Error ? err.message : String(err)}` };
    }
    return decodeAnswer(path, status, text, retryAfter);
  }
}

/**
 * The success rule of docs §3: 2xx but not 203, JSON, `success === true`, `content.success !== false`
 * and `content.responseCode` absent or "0". Anything else is classified by its status and error fields.
 */
export function decodeAnswer(
  path: string,
  status: number,
  text: string,
  retryAfter: string | null = null,
): GatewayAnswer {
  const body = parseJson(text);
  const envelope = envelopeSchema.safeParse(body);
  const fields = envelope.success ? errorFields(envelope.data) : '';
  const detail = `${path}: HTTP ${status}${fields === '' ? '' : ` ${fields}`}`;
  if (status === 429)
    return {
      ok: false,
      kind: 'throttled',
      status,
      detail,
      retryAfterMs: parseRetryAfter(retryAfter) ?? THROTTLE_RETRY_AFTER_MS,
    };
  if (status >= 500) return { ok: false, kind: 'unavailable', status, detail };
  if (!envelope.success) return { ok: false, kind: 'unavailable', status, detail: `${detail} (not a JSON envelope)` };
  const content = envelope.data.content;
  const inner = typeof content === 'object' && content !== null ? (content as Record<string, unknown>) : {};
  const innerCode = inner.responseCode;
  const succeeded =
    status >= 200 &&
    status < 300 &&
    status !== 203 &&
    envelope.data.success === true &&
    inner.success !== false &&
    (innerCode === undefined || innerCode === null || String(innerCode) === '0');
  if (succeeded) return { ok: true, content, raw: text };
  if (DUPLICATE.test(fields)) return { ok: false, kind: 'duplicate', status, detail };
  if (THROTTLE.test(fields))
    return {
      ok: false,
      kind: 'throttled',
      status,
      detail,
      retryAfterMs: parseRetryAfter(retryAfter) ?? THROTTLE_RETRY_AFTER_MS,
    };
  if (SIGNATURE.test(fields)) return { ok: false, kind: 'signature', status, detail };
  if (TOKEN.test(fields)) return { ok: false, kind: 'token', status, detail };
  if (status >= 300 || status === 203) return { ok: false, kind: 'unavailable', status, detail };
  return { ok: false, kind: 'rejected', status, detail };
}

/** `content.data` of an SpResult answer. */
export function contentData(content: unknown): unknown {
  return typeof content === 'object' && content !== null ? (content as Record<string, unknown>).data : undefined;
}

/** Every error field present at the outer or the content level, as `name=value` pairs. */
function errorFields(envelope: Record<string, unknown>): string {
  const levels = [
    envelope,
    typeof envelope.content === 'object' && envelope.content !== null
      ? (envelope.content as Record<string, unknown>)
      : {},
  ];
  const pairs: string[] = [];
  for (const level of levels) {
    for (const field of ERROR_FIELDS) {
      const value = level[field];
      if (
        value !== undefined &&
        value !== null &&
        value !== '' &&
        !(field === 'responseCode' && String(value) === '0') &&
        !(field === 'bizErrorCode' && String(value) === '0')
      ) {
        pairs.push(`${field}=${typeof value === 'string' ? value : JSON.stringify(value)}`);
      }
    }
  }
  return pairs.join(' ');
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
