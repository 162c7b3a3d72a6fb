/**
 * Outbound Lark calls through the official SDK's Client (docs/lark-protocol.md §3, §4): message create,
 * reply and patch, file upload, bot info. This layer adds what the SDK leaves to its caller: the
 * platform's rate limits, one token refresh on an invalid-token answer, and the mapping of every
 * failure to retry or dead for the outbox.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import * as lark from '@larksuiteoapi/node-sdk';
import type { Destination, FileAttachment, OutboundMessage, Sender, SendOutcome } from '../../app/receiver.ts';
import type { ClickAnswers } from './click-answers.ts';
import { clickIdOf } from './decode.ts';
import { encodeCard, encodeLarkMessages, type LarkContent, type LarkEncodeOptions } from './encode.ts';
import type { SdkLogger } from './logger.ts';

/** Lark's documented limits: 5 messages a second to one chat or user (shared by all bots), 50 a second per app. */
export const RATE_LIMITS = { perDestination: 5, perApp: 50, windowMs: 1_000 };

/** Without an `x-ogw-ratelimit-reset` header a rate-limited send is retried after this long. */
const RATE_LIMITED_RETRY_MS = 1_000;

/** Answers meaning the tenant access token is missing, invalid or expired: fetch a new one, once. */
const TOKEN_CODES = new Set([99991661, 99991663, 99991668]);
/** App-level frequency limit (HTTP 400 + 99991400) and the message API's own (230020). */
const RATE_CODES = new Set([99991400, 230020]);
/** Reply target gone (recalled or deleted): send to the chat instead. */
const REPLY_TARGET_GONE = new Set([230011, 231003]);

export interface LarkApiOptions {
  appId: string;
  appSecret: string;
  /** Base URL (https://open.feishu.cn, https://open.larksuite.com, or a test server). */
  domain: string;
  logger: SdkLogger;
  now?: () => number;
  /** Counts each OpenAPI call (per-platform usage shown by /统计). */
  onApiCall?: (path: string) => void;
  rateLimits?: typeof RATE_LIMITS;
}

/** A Lark answer, successful or not, reduced to what the sender branches on. */
type CallResult = { ok: true; data: Record<string, unknown> } | { ok: false; outcome: SendOutcome; code?: number };

/**
 * The SDK's token cache (`Cache`), kept by us so an invalid-token answer can drop the token: the SDK
 * caches it for `expire − 3 min` but does not refetch when a call is refused with it.
 */
type CacheKey = Parameters<lark.Cache['get']>[0];

class TokenCache implements lark.Cache {
  readonly #values = new Map<string, { value: unknown; expiresAt?: number }>();

  async set(key: CacheKey, value: unknown, expiresAt?: number, options?: { namespace?: string }): Promise<boolean> {
    this.#values.set(`${options?.namespace ?? ''}/${String(key)}`, { value, expiresAt });
    return true;
  }

  async get(key: CacheKey, options?: { namespace?: string }): Promise<unknown> {
    const entry = this.#values.get(`${options?.namespace ?? ''}/${String(key)}`);
    if (entry === undefined || (entry.expiresAt !== undefined && entry.expiresAt <= Date.now())) return undefined;
    return entry.value;
  }

  clear(): void {
    this.#values.clear();
  }
}

export class LarkApi {
  readonly #client: lark.Client;
  readonly #cache = new TokenCache();
  readonly #options: LarkApiOptions;
  readonly #perDestination: WindowLimiter;
  readonly #perApp: WindowLimiter;

  constructor(options: LarkApiOptions) {
    this.#options = options;
    const now = options.now ?? Date.now;
    const limits = options.rateLimits ?? RATE_LIMITS;
    this.#perDestination = new WindowLimiter(limits.perDestination, limits.windowMs, now);
    this.#perApp = new WindowLimiter(limits.perApp, limits.windowMs, now);
    this.#client = new lark.Client({
      appId: options.appId,
      appSecret: options.appSecret,
      domain: options.domain,
      cache: this.#cache,
      logger: options.logger,
      loggerLevel: lark.LoggerLevel.warn,
    });
  }

  /** The bot's own open_id, to recognise its @-mention in groups. */
  async botOpenId(): Promise<string> {
    const answer = await this.#call('/open-apis/bot/v3/info', undefined, () =>
      this.#client.request({ method: 'GET', url: '/open-apis/bot/v3/info' }),
    );
    const openId = answer.ok ? (answer.data.bot as { open_id?: unknown } | undefined)?.open_id : undefined;
    if (typeof openId === 'string' && openId !== '') return openId;
    const reason = answer.ok
      ? 'no bot.open_id in the answer'
      : answer.outcome.status === 'delivered'
        ? ''
        : answer.outcome.reason;
    throw new Error(`lark: bot info unavailable (${reason})`);
  }

  create(to: Destination, body: LarkContent, uuid: string): Promise<CallResult> {
    const [receiveIdType, receiveId] =
      'conversationId' in to ? (['chat_id', to.conversationId] as const) : (['open_id', to.userId] as const);
    return this.#call('/open-apis/im/v1/messages', receiveId, () =>
      this.#client.im.v1.message.create({
        params: { receive_id_type: receiveIdType },
        data: { receive_id: receiveId, msg_type: body.msgType, content: body.content, uuid },
      }),
    );
  }

  reply(messageId: string, destinationKey: string, body: LarkContent, uuid: string): Promise<CallResult> {
    return this.#call('/open-apis/im/v1/messages/:message_id/reply', destinationKey, () =>
      this.#client.im.v1.message.reply({
        path: { message_id: messageId },
        data: { msg_type: body.msgType, content: body.content, uuid },
      }),
    );
  }

  patch(messageId: string, content: string): Promise<CallResult> {
    return this.#call('/open-apis/im/v1/messages/:message_id', messageId, () =>
      this.#client.im.v1.message.patch({ path: { message_id: messageId }, data: { content } }),
    );
  }

  async uploadFile(
    name: string,
    data: Buffer,
  ): Promise<{ ok: true; fileKey: string } | { ok: false; outcome: SendOutcome }> {
    const fileType = /\.xlsx?$/i.test(name)
      ? 'xls'
      : /\.pdf$/i.test(name)
        ? 'pdf'
        : /\.docx?$/i.test(name)
          ? 'doc'
          : 'stream';
    const answer = await this.#call('/open-apis/im/v1/files', undefined, async () => {
      // file.create unwraps `data` itself (null on an empty answer), so the envelope is rebuilt here.
      const uploaded = await this.#client.im.v1.file.create({
        data: { file_type: fileType, file_name: name, file: data },
      });
      return { code: 0, data: uploaded ?? {} };
    });
    if (!answer.ok) return answer;
    const fileKey = answer.data.file_key;
    return typeof fileKey === 'string' && fileKey !== ''
      ? { ok: true, fileKey }
      : { ok: false, outcome: { status: 'retry', reason: 'file upload returned no file_key' } };
  }

  /** A picture for an image message (`image_type: message`, at most 10 MB), answered with its image_key. */
  async uploadImage(data: Buffer): Promise<{ ok: true; imageKey: string } | { ok: false; outcome: SendOutcome }> {
    const answer = await this.#call('/open-apis/im/v1/images', undefined, async () => {
      // image.create unwraps `data` like file.create does.
      const uploaded = await this.#client.im.v1.image.create({ data: { image_type: 'message', image: data } });
      return { code: 0, data: uploaded ?? {} };
    });
    if (!answer.ok) return answer;
    const imageKey = answer.data.image_key;
    return typeof imageKey === 'string' && imageKey !== ''
      ? { ok: true, imageKey }
      : { ok: false, outcome: { status: 'retry', reason: 'image upload returned no image_key' } };
  }

  /**
   * Runs one SDK call within the rate limits; an invalid-token answer drops the cached token and tries
   * once more with a fresh one.
   */
  async #call(path: string, destinationKey: string | undefined, request: () => Promise<unknown>): Promise<CallResult> {
    let result: CallResult = { ok: false, outcome: { status: 'retry', reason: 'not attempted' } };
    for (let attempt = 0; attempt < 2; attempt += 1) {
      if (destinationKey !== undefined) await this.#perDestination.acquire(destinationKey);
      await this.#perApp.acquire('app');
      this.#options.onApiCall?.(path);
      result = await settle(request);
      if (result.ok || result.code === undefined || !TOKEN_CODES.has(result.code)) return result;
      this.#cache.clear();
    }
    return result;
  }
}

async function settle(request: () => Promise<unknown>): Promise<CallResult> {
  try {
    const body = (await request()) as { code?: unknown; msg?: unknown; data?: unknown; bot?: unknown } | null;
    const code = typeof body?.code === 'number' ? body.code : 0;
    if (code !== 0)
      return {
        ok: false,
        code,
        outcome: classifyFailure(200, code, typeof body?.msg === 'string' ? body.msg : '', undefined),
      };
    // bot/v3/info answers `bot` beside `code`, the message APIs put it in `data`.
    return {
      ok: true,
      data: {
        ...((body?.data as Record<string, unknown> | undefined) ?? {}),
        ...(body?.bot === undefined ? {} : { bot: body.bot }),
      },
    };
  } catch (err) {
    const response = (
      err as {
        response?: { status?: number; data?: { code?: unknown; msg?: unknown }; headers?: Record<string, unknown> };
      }
    ).response;
    if (response === undefined)
      return {
        ok: false,
        outcome: { status: 'retry', reason: `network: ${err instanceof Error ? err.message : String(err)}` },
      };
    const code = typeof response.data?.code === 'number' ? response.data.code : undefined;
    const reset = response.headers?.['x-ogw-ratelimit-reset'];
    return {
      ok: false,
      code,
      outcome: classifyFailure(
        response.status ?? 0,
        code,
        typeof response.data?.msg === 'string' ? response.data.msg : '',
        reset,
      ),
    };
  }
}

/**
 * Maps an unsuccessful answer to retry or dead. Retry: the platform is busy or limiting us (5xx, 429,
 * 99991400, 230020), or our token is being refused. Dead: the request is wrong for this destination
 * (bot not in the chat, chat dissolved, user out of the app's availability, invalid content), so
 * sending it again cannot succeed.
 */
export function classifyFailure(
  status: number,
  code: number | undefined,
  msg: string,
  rateLimitReset: unknown,
): SendOutcome {
  const reason = [`HTTP ${status}`, code === undefined ? '' : String(code), msg].filter(Boolean).join(' ');
  if (status === 429 || (code !== undefined && RATE_CODES.has(code))) {
    const seconds = Number(rateLimitReset);
    return {
      status: 'retry',
      reason,
      retryAfterMs:
        rateLimitReset !== undefined && Number.isFinite(seconds) && seconds >= 0
          ? Math.max(seconds * 1000, 100)
          : RATE_LIMITED_RETRY_MS,
    };
  }
  if (status >= 500 || status === 0) return { status: 'retry', reason };
  if (code !== undefined && TOKEN_CODES.has(code)) return { status: 'retry', reason };
  return { status: 'dead', reason };
}

export interface LarkSenderOptions {
  /** Names this installation (database) in every uuid, so two installations of one app never collide. */
  installationId: string;
  /** Shared with the receiver: a click's refusal the clicker already saw as a toast is not sent again. */
  clickAnswers?: ClickAnswers;
  encode: Pick<LarkEncodeOptions, 'fallbackTitle' | 'textLimitBytes' | 'richLimitBytes'>;
}

/**
 * The uuid Lark deduplicates a send by (≤ 50 characters, one hour): the same outbox row and part always
 * give the same uuid, so a resend after a lost answer is not shown twice.
 */
export function messageUuid(installationId: string, key: string, part: number): string {
  return createHash('sha256').update(`${installationId}:${key}:${part}`).digest('hex').slice(0, 40);
}

export class LarkSender implements Sender {
  readonly #api: LarkApi;
  readonly #options: LarkSenderOptions;

  constructor(api: LarkApi, options: LarkSenderOptions) {
    this.#api = api;
    this.#options = options;
  }

  async send(outbound: OutboundMessage): Promise<SendOutcome> {
    const { to, message } = outbound;
    let { replyContext } = outbound;
    const clickId = clickIdOf(replyContext?.target);
    if (clickId !== undefined) {
      if (message.refused === true && (await this.#options.clickAnswers?.answeredInBand(clickId)) === true)
        return DELIVERED;
      // A click is not a message to reply to: the answer goes to the destination itself.
      replyContext = { ...replyContext, target: undefined };
    }
    const chat = 'conversationId' in to ? 'group' : 'direct';
    const encode = { ...this.#options.encode, chat } as const;
    if (message.kind === 'file' && message.file !== undefined) return this.#sendFile(outbound, message.file);
    if (message.kind === 'image' && message.image !== undefined) return this.#sendImage(outbound, message.image);
    let parts: LarkContent[];
    try {
      parts = encodeLarkMessages(message, encode);
    } catch (err) {
      return { status: 'dead', reason: `encode: ${err instanceof Error ? err.message : String(err)}` };
    }
    const cardId = replyContext?.cardId;
    if (cardId !== undefined) {
      const result = await this.#api.patch(cardId, JSON.stringify(encodeCard(message, encode)));
      return result.ok ? DELIVERED : result.outcome;
    }
    const destinationKey = 'conversationId' in to ? to.conversationId : to.userId;
    let replyTo = replyContext?.target;
    for (const [index, part] of parts.entries()) {
      const uuid = messageUuid(this.#options.installationId, outbound.key, index);
      let result =
        replyTo === undefined
          ? await this.#api.create(to, part, uuid)
          : await this.#api.reply(replyTo, destinationKey, part, uuid);
      if (!result.ok && replyTo !== undefined && result.code !== undefined && REPLY_TARGET_GONE.has(result.code)) {
        replyTo = undefined;
        result = await this.#api.create(to, part, uuid);
      }
      if (!result.ok) return result.outcome;
    }
    return DELIVERED;
  }

  async #sendFile(outbound: OutboundMessage, file: FileAttachment): Promise<SendOutcome> {
    let data: Buffer;
    try {
      data = await readFile(file.path);
    } catch (err) {
      return { status: 'dead', reason: `file unreadable: ${err instanceof Error ? err.message : String(err)}` };
    }
    const upload = await this.#api.uploadFile(file.name, data);
    if (!upload.ok) return upload.outcome;
    const result = await this.#api.create(
      outbound.to,
      { msgType: 'file', content: JSON.stringify({ file_key: upload.fileKey }) },
      messageUuid(this.#options.installationId, outbound.key, 0),
    );
    return result.ok ? DELIVERED : result.outcome;
  }

  /** A picture (/统计 图): uploaded with im.v1.image.create, then an `image` message with its image_key. */
  async #sendImage(outbound: OutboundMessage, image: FileAttachment): Promise<SendOutcome> {
    let data: Buffer;
    try {
      data = await readFile(image.path);
    } catch (err) {
      return { status: 'dead', reason: `image unreadable: ${err instanceof Error ? err.message : String(err)}` };
    }
    const upload = await this.#api.uploadImage(data);
    if (!upload.ok) return upload.outcome;
    const result = await this.#api.create(
      outbound.to,
      { msgType: 'image', content: JSON.stringify({ image_key: upload.imageKey }) },
      messageUuid(this.#options.installationId, outbound.key, 0),
    );
    return result.ok ? DELIVERED : result.outcome;
  }
}

const DELIVERED: SendOutcome = { status: 'delivered' };

/** At most `limit` calls per key in any sliding window of `windowMs`; callers wait for room. */
class WindowLimiter {
  readonly #calls = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number,
  ) {}

  async acquire(key: string): Promise<void> {
    for (;;) {
      const now = this.now();
      const recent = (this.#calls.get(key) ?? []).filter((at) => at > now - this.windowMs);
      if (recent.length < this.limit) {
        recent.push(now);
        this.#calls.set(key, recent);
        return;
      }
      this.#calls.set(key, recent);
      await new Promise((resolve) => setTimeout(resolve, (recent[0] ?? now) + this.windowMs - now));
    }
  }
}
