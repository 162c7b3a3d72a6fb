/**
 * DingTalk OpenAPI client for the robot's outbound traffic, and the Sender built on it.
 * Every failure is classified into the neutral SendOutcome instead of thrown, so the outbox dispatcher
 * decides about retries with one rule for all platforms. Endpoints: docs/dingtalk-protocol.md §3–§5.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { z } from 'zod';
import type {
  Destination,
  FileAttachment,
  OutboundMessage,
  ReplyContext,
  Sender,
  SendOutcome,
} from '../../app/receiver.ts';
import { parseRetryAfter } from '../../lib/retry-after.ts';
import {
  encodeCardParamMap,
  encodeRobotMessages,
  encodeWebhookBodies,
  type EncodeOptions,
  type WebhookBody,
} from './encode.ts';
import { DingTalkAdapterError } from './errors.ts';

export interface DingTalkApiConfig {
  apiBase: string;
  oapiBase: string;
  clientId: string;
  clientSecret: string;
  robotCode: string;
  fetch?: typeof fetch;
  now?: () => number;
  /** Waits out the client-side rate limit; injectable so tests do not sleep. */
  sleep?: (ms: number) => Promise<void>;
  /**
   * Called with the URL path before every request to DingTalk (token and sessionWebhook included),
   * so the app can count calls against the org's monthly quota and decide which paths count.
   */
  onApiCall?: (path: string) => void;
  requestTimeoutMs?: number;
}

export const API_PATHS = {
  accessToken: '/v1.0/oauth2/accessToken',
  groupSend: '/v1.0/robot/groupMessages/send',
  batchSend: '/v1.0/robot/oToMessages/batchSend',
  createAndDeliverCard: '/v1.0/card/instances/createAndDeliver',
  updateCard: '/v1.0/card/instances',
} as const;

/** Endpoints on the old OpenAPI host (oapi.dingtalk.com), which take the token as ?access_token=. */
export const OAPI_PATHS = {
  mediaUpload: '/media/upload',
} as const;

/** DingTalk's limit for a `file` media upload. */
export const MEDIA_FILE_LIMIT_BYTES = 20 * 1024 * 1024;

export type SendFailure = Exclude<SendOutcome, { status: 'delivered' }>;

export interface UserSendOutcome {
  userId: string;
  outcome: SendOutcome;
}

export type CardDestination = { openConversationId: string } | { userId: string };

export interface CreateCardInput {
  cardTemplateId: string;
  /** Our id for the card instance (≤ 64 chars); card clicks come back with it as cardId. */
  outTrackId: string;
  cardParamMap: Record<string, string>;
  destination: CardDestination;
}

/** Python SDK practice: refresh well before expiry so a request never races the deadline. */
const TOKEN_REFRESH_MARGIN_MS = 5 * 60_000;
const MAX_USERS_PER_BATCH = 20;
/** DingTalk allows 20 calls/s per app and API on standard orgs (docs §4.7). */
const CALLS_PER_WINDOW = 20;
const WINDOW_MS = 1_000;
/** DingTalk's own advice for QpsLimit answers is to sleep one second. */
const QPS_RETRY_AFTER_MS = 1_000;
/** Custom robots are throttled for 10 minutes after 20 messages/minute; a minute is a polite first wait. */
const WEBHOOK_THROTTLE_RETRY_AFTER_MS = 60_000;
/** The monthly quota only returns with the next month or an upgrade; retry rarely. */
const QUOTA_RETRY_AFTER_MS = 60 * 60_000;
const WEBHOOK_THROTTLE_ERRCODES = new Set([410100, 660026]);
const MAX_OUT_TRACK_ID_LENGTH = 64;

const apiErrorSchema = z.object({ code: z.string().optional(), message: z.string().optional() });
const tokenSchema = z.object({ accessToken: z.string().min(1), expireIn: z.number().positive() });
const batchSendSchema = z.object({
  invalidStaffIdList: z.array(z.string()).nullish(),
  flowControlledStaffIdList: z.array(z.string()).nullish(),
  filteredStaffIdList: z.array(z.string()).nullish(),
});
const webhookAnswerSchema = z.object({
  // The docs show errcode both as a number and as a string (docs §3).
  errcode: z.union([z.number(), z.string()]).optional(),
  errmsg: z.string().optional(),
});
const mediaAnswerSchema = z.object({
  errcode: z.union([z.number(), z.string()]).optional(),
  errmsg: z.string().optional(),
  media_id: z.string().optional(),
});
/** oapi errcodes of a missing, invalid or expired access_token: refresh the token once and try again. */
const OAPI_TOKEN_ERRCODES = new Set([40001, 40014, 42001]);
/** oapi "system busy" and QPS limits (the legacy twins of the api.dingtalk.com codes, docs §4.7). */
const OAPI_RETRY_ERRCODES = new Set([-1, 90002, 90018]);
const cardAnswerSchema = z.object({
  success: z.boolean().optional(),
  result: z
    .object({
      deliverResults: z.array(z.object({ success: z.boolean().optional(), errorMsg: z.string().nullish() })).nullish(),
    })
    .nullish(),
});

type Exchange =
  | { kind: 'response'; status: number; body: unknown; retryAfter: string | null }
  | { kind: 'network'; error: string };

type ApiResult = { ok: true; body: unknown } | { ok: false; outcome: SendFailure };

export type MediaUploadResult = { ok: true; mediaId: string } | { ok: false; outcome: SendFailure };

export class DingTalkApi {
  readonly #config: DingTalkApiConfig;
  readonly #fetch: typeof fetch;
  readonly #now: () => number;
  readonly #limiter: PathRateLimiter;
  #token: { value: string; expiresAt: number } | undefined;
  #tokenRequest: Promise<string> | undefined;

  constructor(config: DingTalkApiConfig) {
    this.#config = config;
    this.#fetch = config.fetch ?? globalThis.fetch;
    this.#now = config.now ?? Date.now;
    this.#limiter = new PathRateLimiter(this.#now, config.sleep ?? sleep);
  }

  /** Cached; refreshed 5 minutes before expiry. Throws DINGTALK_TOKEN_FAILED. */
  async getAccessToken(): Promise<string> {
    const cached = this.#token;
    if (cached !== undefined && this.#now() < cached.expiresAt - TOKEN_REFRESH_MARGIN_MS) return cached.value;
    // Concurrent senders share one token request instead of each fetching their own.
    this.#tokenRequest ??= this.#fetchToken().finally(() => {
      this.#tokenRequest = undefined;
    });
    return this.#tokenRequest;
  }

  async sendToGroup(openConversationId: string, msgKey: string, msgParam: string): Promise<SendOutcome> {
    const result = await this.#request('POST', API_PATHS.groupSend, {
      robotCode: this.#config.robotCode,
      openConversationId,
      msgKey,
      msgParam,
    });
    return result.ok ? DELIVERED : result.outcome;
  }

  /**
   * One-to-one robot messages, at most 20 users per call. A 200 answer still lists users who did not get
   * the message (docs §4.4), so the outcome is per user.
   */
  async sendToUsers(userIds: readonly string[], msgKey: string, msgParam: string): Promise<UserSendOutcome[]> {
    const outcomes: UserSendOutcome[] = [];
    const unique = [...new Set(userIds)];
    for (let start = 0; start < unique.length; start += MAX_USERS_PER_BATCH) {
      const batch = unique.slice(start, start + MAX_USERS_PER_BATCH);
      const result = await this.#request('POST', API_PATHS.batchSend, {
        robotCode: this.#config.robotCode,
        userIds: batch,
        msgKey,
        msgParam,
      });
      if (!result.ok) {
        outcomes.push(...batch.map((userId) => ({ userId, outcome: result.outcome })));
        continue;
      }
      const answer = batchSendSchema.safeParse(result.body);
      const lists = answer.success ? answer.data : {};
      const invalid = new Set(lists.invalidStaffIdList ?? []);
      const flowControlled = new Set(lists.flowControlledStaffIdList ?? []);
      // Meaning undocumented (seen in third-party fixtures); treated as permanent like invalid users.
      const filtered = new Set(lists.filteredStaffIdList ?? []);
      for (const userId of batch) {
        let outcome: SendOutcome = DELIVERED;
        if (invalid.has(userId)) outcome = { status: 'dead', reason: 'invalidStaffIdList' };
        else if (flowControlled.has(userId)) outcome = { status: 'retry', reason: 'flowControlledStaffIdList' };
        else if (filtered.has(userId)) outcome = { status: 'dead', reason: 'filteredStaffIdList' };
        outcomes.push({ userId, outcome });
      }
    }
    return outcomes;
  }

  /** True when `url` is a sessionWebhook on our configured DingTalk host; others are never posted to. */
  isSessionWebhook(url: string): boolean {
    try {
      return new URL(url).origin === new URL(this.#config.oapiBase).origin;
    } catch {
      return false;
    }
  }

  /** Errors come back as HTTP 200 with a non-zero errcode (docs §3). */
  async sendViaWebhook(url: string, body: WebhookBody): Promise<SendOutcome> {
    const exchange = await this.#exchange('POST', url, {}, body);
    if (exchange.kind === 'network') return { status: 'retry', reason: `network: ${exchange.error}` };
    if (exchange.status < 200 || exchange.status >= 300)
      return classifyHttpFailure(exchange.status, undefined, exchange.retryAfter);
    const answer = webhookAnswerSchema.safeParse(exchange.body);
    if (!answer.success) return { status: 'retry', reason: 'webhook answer not understood' };
    const errcode = Number(answer.data.errcode ?? 0);
    if (errcode === 0) return DELIVERED;
    const reason = `webhook errcode ${errcode}: ${answer.data.errmsg ?? ''}`;
    if (WEBHOOK_THROTTLE_ERRCODES.has(errcode))
      return { status: 'retry', reason, retryAfterMs: WEBHOOK_THROTTLE_RETRY_AFTER_MS };
    return { status: 'dead', reason };
  }

  /** Creates an interactive card whose clicks arrive over Stream (callbackType STREAM) and delivers it. */
  async createAndDeliverCard(input: CreateCardInput): Promise<SendOutcome> {
    if (input.outTrackId.length > MAX_OUT_TRACK_ID_LENGTH) {
      return { status: 'dead', reason: `outTrackId longer than ${MAX_OUT_TRACK_ID_LENGTH} characters` };
    }
    const robotCode = this.#config.robotCode;
    const space =
      'openConversationId' in input.destination
        ? {
            openSpaceId: `dtv1.card//IM_GROUP.${input.destination.openConversationId}`,
            imGroupOpenSpaceModel: { supportForward: true },
            imGroupOpenDeliverModel: { robotCode },
          }
        : {
            openSpaceId: `dtv1.card//IM_ROBOT.${input.destination.userId}`,
            imRobotOpenSpaceModel: { supportForward: true },
            imRobotOpenDeliverModel: { spaceType: 'IM_ROBOT', robotCode },
          };
    const result = await this.#request('POST', API_PATHS.createAndDeliverCard, {
      cardTemplateId: input.cardTemplateId,
      outTrackId: input.outTrackId,
      callbackType: 'STREAM',
      cardData: { cardParamMap: input.cardParamMap },
      userIdType: 1,
      ...space,
    });
    return result.ok ? cardOutcome(result.body) : result.outcome;
  }

  async updateCard(outTrackId: string, cardParamMap: Record<string, string>): Promise<SendOutcome> {
    const result = await this.#request('PUT', API_PATHS.updateCard, {
      outTrackId,
      cardData: { cardParamMap },
      cardUpdateOptions: { updateCardDataByKey: true },
    });
    return result.ok ? cardOutcome(result.body) : result.outcome;
  }

  /**
   * Uploads a file for a `sampleFile` robot message: `POST {oapiBase}/media/upload?access_token=…&type=file`
   * as multipart form field `media`, answered with `media_id`. Errors come back as HTTP 200 with an errcode.
   */
  async uploadMedia(data: Uint8Array, fileName: string, type: 'file' | 'image' = 'file'): Promise<MediaUploadResult> {
    if (data.byteLength > MEDIA_FILE_LIMIT_BYTES)
      return { ok: false, outcome: { status: 'dead', reason: `file larger than ${MEDIA_FILE_LIMIT_BYTES} bytes` } };
    let refreshed = false;
    for (;;) {
      let token: string;
      try {
        token = await this.getAccessToken();
      } catch (err) {
        return { ok: false, outcome: { status: 'retry', reason: errorText(err) } };
      }
      const form = new FormData();
      form.append('media', new Blob([data]), fileName);
      const url = `${this.#config.oapiBase}${OAPI_PATHS.mediaUpload}?access_token=${encodeURIComponent(token)}&type=${type}`;
      const exchange = await this.#send('POST', url, {}, form);
      if (exchange.kind === 'network')
        return { ok: false, outcome: { status: 'retry', reason: `network: ${exchange.error}` } };
      if (exchange.status < 200 || exchange.status >= 300)
        return { ok: false, outcome: classifyHttpFailure(exchange.status, undefined, exchange.retryAfter) };
      const answer = mediaAnswerSchema.safeParse(exchange.body);
      if (!answer.success)
        return { ok: false, outcome: { status: 'retry', reason: 'media upload answer not understood' } };
      const errcode = Number(answer.data.errcode ?? 0);
      if (errcode === 0 && answer.data.media_id) return { ok: true, mediaId: answer.data.media_id };
      const reason = `media/upload errcode ${errcode}: ${answer.data.errmsg ?? ''}`;
      if (OAPI_TOKEN_ERRCODES.has(errcode) && !refreshed) {
        // Same rule as the new API: a token revoked early is refreshed once, not in a loop.
        refreshed = true;
        if (this.#token?.value === token) this.#token = undefined;
        continue;
      }
      if (OAPI_TOKEN_ERRCODES.has(errcode) || OAPI_RETRY_ERRCODES.has(errcode))
        return { ok: false, outcome: { status: 'retry', reason, retryAfterMs: QPS_RETRY_AFTER_MS } };
      return { ok: false, outcome: { status: 'dead', reason } };
    }
  }

  async #request(method: 'POST' | 'PUT', path: string, body: unknown): Promise<ApiResult> {
    let token: string;
    try {
      token = await this.getAccessToken();
    } catch (err) {
      return { ok: false, outcome: { status: 'retry', reason: errorText(err) } };
    }
    let answer = await this.#callApi(method, path, body, token);
    if (isInvalidToken(answer)) {
      // A token revoked early (secret reset, server-side expiry) is refreshed once, not in a loop.
      if (this.#token?.value === token) this.#token = undefined;
      try {
        token = await this.getAccessToken();
      } catch (err) {
        return { ok: false, outcome: { status: 'retry', reason: errorText(err) } };
      }
      answer = await this.#callApi(method, path, body, token);
    }
    if (answer.kind === 'network')
      return { ok: false, outcome: { status: 'retry', reason: `network: ${answer.error}` } };
    if (answer.status >= 200 && answer.status < 300) return { ok: true, body: answer.body };
    const error = apiErrorSchema.safeParse(answer.body);
    const code = error.success ? error.data.code : undefined;
    const outcome = classifyHttpFailure(answer.status, code, answer.retryAfter);
    const message = error.success ? error.data.message : undefined;
    return {
      ok: false,
      outcome: message === undefined ? outcome : { ...outcome, reason: `${outcome.reason}: ${message}` },
    };
  }

  async #callApi(method: 'POST' | 'PUT', path: string, body: unknown, token: string): Promise<Exchange> {
    return this.#exchange(method, this.#config.apiBase + path, { 'x-acs-dingtalk-access-token': token }, body);
  }

  async #fetchToken(): Promise<string> {
    const requestedAt = this.#now();
    const exchange = await this.#exchange(
      'POST',
      this.#config.apiBase + API_PATHS.accessToken,
      {},
      {
        appKey: this.#config.clientId,
        appSecret: this.#config.clientSecret,
      },
    );
    if (exchange.kind === 'network') throw new DingTalkAdapterError('DINGTALK_TOKEN_FAILED', exchange.error);
    const token = tokenSchema.safeParse(exchange.body);
    if (exchange.status !== 200 || !token.success) {
      const error = apiErrorSchema.safeParse(exchange.body);
      const code = error.success ? (error.data.code ?? '') : '';
      throw new DingTalkAdapterError('DINGTALK_TOKEN_FAILED', `HTTP ${exchange.status} ${code}`.trim());
    }
    this.#token = { value: token.data.accessToken, expiresAt: requestedAt + token.data.expireIn * 1000 };
    return token.data.accessToken;
  }

  async #exchange(method: string, url: string, headers: Record<string, string>, body: unknown): Promise<Exchange> {
    return this.#send(method, url, { 'content-type': 'application/json', ...headers }, JSON.stringify(body));
  }

  /** A FormData body sets its own multipart content type and boundary. */
  async #send(
    method: string,
    url: string,
    headers: Record<string, string>,
    body: string | FormData,
  ): Promise<Exchange> {
    const path = new URL(url).pathname;
    await this.#limiter.acquire(path);
    this.#config.onApiCall?.(path);
    try {
      const response = await this.#fetch(url, {
        method,
        headers: { accept: 'application/json', ...headers },
        body,
        signal: AbortSignal.timeout(this.#config.requestTimeoutMs ?? 10_000),
      });
      const text = await response.text();
      return {
        kind: 'response',
        status: response.status,
        body: parseJson(text),
        retryAfter: response.headers.get('retry-after'),
      };
    } catch (err) {
      return { kind: 'network', error: errorText(err) };
    }
  }
}

/**
 * Maps an unsuccessful OpenAPI answer to retry or dead. Retry: the platform or our credentials are
 * having a moment (5xx, 429, QPS limits, token trouble, quota). Dead: the request itself is wrong for
 * this destination (invalid user or conversation, robotCode not ours, bad parameters), so resending
 * the same request cannot succeed.
 */
export function classifyHttpFailure(status: number, code: string | undefined, retryAfter: string | null): SendFailure {
  const reason = code === undefined ? `HTTP ${status}` : `HTTP ${status} ${code}`;
  if (status >= 500) return { status: 'retry', reason };
  if (status === 429)
    return { status: 'retry', reason, retryAfterMs: parseRetryAfter(retryAfter) ?? QPS_RETRY_AFTER_MS };
  if (code?.startsWith('Forbidden.AccessDenied.QpsLimit'))
    return { status: 'retry', reason, retryAfterMs: QPS_RETRY_AFTER_MS };
  if (code === 'Forbidden.AccessDenied.ApiCountLimitForOrg')
    return { status: 'retry', reason, retryAfterMs: QUOTA_RETRY_AFTER_MS };
  if (code === 'InvalidAuthentication' || code?.startsWith('AuthenticationFailed')) return { status: 'retry', reason };
  // An IP ban ("punish":"deny", docs §4.7) answers 403 without an API error code and lifts after 5 minutes.
  if (status === 403 && code === undefined) return { status: 'retry', reason, retryAfterMs: 5 * 60_000 };
  return { status: 'dead', reason };
}

export interface DingTalkSenderOptions {
  /** Interactive card template; when set, messages with buttons become cards that call back over Stream. */
  cardTemplateId?: string;
  now?: () => number;
  encode?: EncodeOptions;
}

const PLATFORM_ID = /^[\w.:-]{1,64}$/;

/**
 * The DingTalk-side id derived from an OutboundMessage key: the key itself when DingTalk accepts it
 * (≤ 64 safe characters), else its SHA-256. A card sent for key K has outTrackId (and so the cardId of
 * its clicks) `platformIdFor(K)`, which lets the app update the card it sent.
 */
export function platformIdFor(key: string): string {
  return PLATFORM_ID.test(key) ? key : createHash('sha256').update(key).digest('hex');
}

/** A sessionWebhook this close to expiry is not worth the race; the API path is used instead. */
const WEBHOOK_EXPIRY_MARGIN_MS = 30_000;

export class DingTalkSender implements Sender {
  readonly #api: DingTalkApi;
  readonly #options: DingTalkSenderOptions;
  readonly #now: () => number;

  constructor(api: DingTalkApi, options: DingTalkSenderOptions = {}) {
    this.#api = api;
    this.#options = options;
    this.#now = options.now ?? Date.now;
  }

  async send(outbound: OutboundMessage): Promise<SendOutcome> {
    const { to, message } = outbound;
    const encode = this.#options.encode;
    // A sessionWebhook cannot carry files: upload, then a sampleFile robot message.
    if (message.kind === 'file' && message.file !== undefined) return this.#sendFile(to, message.file);
    if (message.kind === 'image' && message.image !== undefined) return this.#sendImage(to, message.image);
    try {
      const cardToUpdate = outbound.replyContext?.cardId;
      if (cardToUpdate !== undefined)
        return await this.#api.updateCard(cardToUpdate, encodeCardParamMap(message, encode));
      const cardTemplateId = this.#options.cardTemplateId;
      if (cardTemplateId !== undefined && (message.buttons?.length ?? 0) > 0) {
        return await this.#api.createAndDeliverCard({
          cardTemplateId,
          // Stable across retries, so a resend after a lost answer cannot produce a second card.
          outTrackId: platformIdFor(outbound.key),
          cardParamMap: encodeCardParamMap(message, encode),
          destination: 'conversationId' in to ? { openConversationId: to.conversationId } : { userId: to.userId },
        });
      }

      const webhookUrl = this.#usableWebhook(outbound.replyContext);
      if (webhookUrl !== undefined) {
        const bodies = encodeWebhookBodies(message, encode);
        const partKey = (index: number): string =>
          bodies.length === 1 ? outbound.key : `${outbound.key}.${index + 1}`;
        const outcome = await sendInOrder(
          bodies.map((body, index) => ({ ...body, msgUuid: platformIdFor(partKey(index)) })),
          (body) => this.#api.sendViaWebhook(webhookUrl, body),
        );
        // A dead session (expired early, robot re-added) says nothing about the destination: use the API.
        if (outcome.status !== 'dead') return outcome;
      }

      const parts = encodeRobotMessages(message, encode);
      if ('conversationId' in to) {
        return await sendInOrder(parts, (part) => this.#api.sendToGroup(to.conversationId, part.msgKey, part.msgParam));
      }
      return await sendInOrder(parts, async (part) => {
        const [result] = await this.#api.sendToUsers([to.userId], part.msgKey, part.msgParam);
        return result?.outcome ?? { status: 'retry', reason: 'batchSend returned no outcome' };
      });
    } catch (err) {
      // Only encoding can throw here (a message whose envelope alone exceeds the size limit).
      return { status: 'dead', reason: `encode: ${errorText(err)}` };
    }
  }

  async #sendFile(to: Destination, file: FileAttachment): Promise<SendOutcome> {
    let data: Uint8Array;
    try {
      data = await readFile(file.path);
    } catch (err) {
      return { status: 'dead', reason: `file unreadable: ${errorText(err)}` };
    }
    const upload = await this.#api.uploadMedia(data, file.name);
    if (!upload.ok) return upload.outcome;
    const fileType = extname(file.name).slice(1).toLowerCase() || 'file';
    const msgParam = JSON.stringify({ mediaId: upload.mediaId, fileName: file.name, fileType });
    if ('conversationId' in to) return this.#api.sendToGroup(to.conversationId, 'sampleFile', msgParam);
    const [result] = await this.#api.sendToUsers([to.userId], 'sampleFile', msgParam);
    return result?.outcome ?? { status: 'retry', reason: 'batchSend returned no outcome' };
  }

  /** A picture: uploaded as `image` media, then a sampleImageMsg whose photoURL is the media id. */
  async #sendImage(to: Destination, image: FileAttachment): Promise<SendOutcome> {
    let data: Uint8Array;
    try {
      data = await readFile(image.path);
    } catch (err) {
      return { status: 'dead', reason: `image unreadable: ${errorText(err)}` };
    }
    const upload = await this.#api.uploadMedia(data, image.name, 'image');
    if (!upload.ok) return upload.outcome;
    const msgParam = JSON.stringify({ photoURL: upload.mediaId });
    if ('conversationId' in to) return this.#api.sendToGroup(to.conversationId, 'sampleImageMsg', msgParam);
    const [result] = await this.#api.sendToUsers([to.userId], 'sampleImageMsg', msgParam);
    return result?.outcome ?? { status: 'retry', reason: 'batchSend returned no outcome' };
  }

  #usableWebhook(context: ReplyContext | undefined): string | undefined {
    const url = context?.target;
    if (url === undefined || !this.#api.isSessionWebhook(url)) return undefined;
    if (context?.expiresAt === undefined) return url;
    const expiresAt = Date.parse(context.expiresAt);
    return Number.isNaN(expiresAt) || this.#now() >= expiresAt - WEBHOOK_EXPIRY_MARGIN_MS ? undefined : url;
  }
}

/** Sends split parts one after another and stops at the first that is not delivered. */
async function sendInOrder<T>(parts: readonly T[], sendPart: (part: T) => Promise<SendOutcome>): Promise<SendOutcome> {
  for (const part of parts) {
    const outcome = await sendPart(part);
    if (outcome.status !== 'delivered') return outcome;
  }
  return DELIVERED;
}

/** At most CALLS_PER_WINDOW calls per path in any sliding window of WINDOW_MS. */
class PathRateLimiter {
  readonly #calls = new Map<string, number[]>();
  readonly #now: () => number;
  readonly #wait: (ms: number) => Promise<void>;

  constructor(now: () => number, wait: (ms: number) => Promise<void>) {
    this.#now = now;
    this.#wait = wait;
  }

  async acquire(path: string): Promise<void> {
    for (;;) {
      const now = this.#now();
      const recent = (this.#calls.get(path) ?? []).filter((at) => at > now - WINDOW_MS);
      if (recent.length < CALLS_PER_WINDOW) {
        recent.push(now);
        this.#calls.set(path, recent);
        return;
      }
      this.#calls.set(path, recent);
      const oldest = recent[0] ?? now;
      await this.#wait(oldest + WINDOW_MS - now);
    }
  }
}

const DELIVERED: SendOutcome = { status: 'delivered' };

function cardOutcome(body: unknown): SendOutcome {
  const answer = cardAnswerSchema.safeParse(body);
  if (!answer.success) return DELIVERED;
  const failed = (answer.data.result?.deliverResults ?? []).find((result) => result.success === false);
  if (failed !== undefined) return { status: 'dead', reason: `card delivery: ${failed.errorMsg ?? 'failed'}` };
  if (answer.data.success === false) return { status: 'dead', reason: 'card API answered success=false' };
  return DELIVERED;
}

function isInvalidToken(exchange: Exchange): boolean {
  if (exchange.kind !== 'response' || exchange.status !== 400) return false;
  const error = apiErrorSchema.safeParse(exchange.body);
  return error.success && error.data.code === 'InvalidAuthentication';
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
