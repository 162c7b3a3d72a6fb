/**
 * Decoding of 浙政钉 robot callbacks into the neutral inbound event. No official source shows the
 * callback body (docs/zwdd-protocol.md §8): every field name below is the working assumption that it
 * is public DingTalk's robot callback. All of that assumption lives in `readAssumedCallback`, so a
 * deployer who records a different payload on a test tenant changes that one function.
 */
import { z } from 'zod';
import type { InboundDecodeResult, InboundPipelineOptions } from '../../app/inbound-pipeline.ts';
import type { InboundMessageEvent, ReplyContext } from '../../app/receiver.ts';

const PLATFORM = 'zwdd';

/** Acknowledged with an empty JSON object: replies go out through the send APIs (docs §8). */
export const ZWDD_INBOUND: InboundPipelineOptions = { platform: PLATFORM, ackResponse: {} };

/** What the bot needs from a callback, whatever the platform calls it. */
export interface CallbackFields {
  messageId: string;
  /** Undefined for pictures, files and other non-text messages. */
  text: string | undefined;
  conversationId: string;
  direct: boolean;
  conversationTitle?: string;
  /** The sender as the send APIs address them (accountId, docs §9); unconfirmed for callbacks. */
  senderId: string;
  /** True when senderId came from a fallback field, so it may match no registered user. */
  senderIdFallback: boolean;
  senderName?: string;
  mentions: { userId: string; name?: string }[];
  sessionWebhook?: string;
  sessionWebhookExpiresAt?: number;
}

export type CallbackReadResult =
  | { ok: true; fields: CallbackFields }
  | { ok: false; code: 'invalid-payload' | 'missing-message-id'; detail: string };

const text = z.string().nullish();
const assumedCallbackSchema = z.object({
  msgId: text,
  msgtype: z.string().min(1),
  text: z.object({ content: z.string() }).nullish(),
  conversationType: z.union([z.literal('1'), z.literal('2'), z.literal(1), z.literal(2)]),
  conversationId: z.string().min(1),
  conversationTitle: text,
  senderStaffId: z.union([z.string(), z.number()]).nullish(),
  senderId: z.union([z.string(), z.number()]).nullish(),
  senderNick: text,
  chatbotUserId: text,
  atUsers: z.array(z.object({ dingtalkId: text, staffId: z.union([z.string(), z.number()]).nullish() })).nullish(),
  sessionWebhook: text,
  sessionWebhookExpiredTime: z.number().int().min(0).max(8.64e15).nullish(),
});

const nonEmpty = (value: string | number | null | undefined): string | undefined => {
  if (value === null || value === undefined) return undefined;
  const s = String(value).trim();
  return s === '' ? undefined : s;
};

/**
 * THE ASSUMED PART (docs §8, every item U): public DingTalk's robot callback fields — `msgId`,
 * `msgtype`/`text.content`, `conversationType` "1" single / "2" group, `conversationId`, the sender
 * in `senderStaffId` (falling back to `senderId`), `atUsers[].staffId`, `sessionWebhook`.
 */
export function readAssumedCallback(body: unknown): CallbackReadResult {
  const parsed = assumedCallbackSchema.safeParse(body);
  if (!parsed.success)
    return {
      ok: false,
      code: 'invalid-payload',
      detail: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
    };
  const p = parsed.data;
  const messageId = nonEmpty(p.msgId);
  if (messageId === undefined) return { ok: false, code: 'missing-message-id', detail: 'msgId is missing' };
  const staffId = nonEmpty(p.senderStaffId);
  const senderId = staffId ?? nonEmpty(p.senderId);
  if (senderId === undefined)
    return { ok: false, code: 'invalid-payload', detail: 'neither senderStaffId nor senderId' };
  const botId = nonEmpty(p.chatbotUserId);
  return {
    ok: true,
    fields: {
      messageId,
      text: p.msgtype === 'text' ? p.text?.content : undefined,
      conversationId: p.conversationId,
      direct: String(p.conversationType) === '1',
      conversationTitle: nonEmpty(p.conversationTitle),
      senderId,
      senderIdFallback: staffId === undefined,
      senderName: nonEmpty(p.senderNick),
      mentions: (p.atUsers ?? [])
        .filter((user) => nonEmpty(user.dingtalkId) !== botId || botId === undefined)
        .flatMap((user) => {
          const id = nonEmpty(user.staffId);
          return id === undefined ? [] : [{ userId: id }];
        }),
      sessionWebhook: nonEmpty(p.sessionWebhook),
      sessionWebhookExpiresAt: p.sessionWebhookExpiredTime ?? undefined,
    },
  };
}

export type ZwddDecodeWarning = 'user-id-from-sender-id';

/** A callback body (already JSON-parsed) as the neutral message event. */
export function decodeCallback(body: unknown): InboundDecodeResult<InboundMessageEvent> {
  const read = readAssumedCallback(body);
  if (!read.ok) return { ok: false, error: { code: read.code, detail: read.detail } };
  const f = read.fields;
  const warnings: ZwddDecodeWarning[] = f.senderIdFallback ? ['user-id-from-sender-id'] : [];
  // A reply context marks a direct chat's answers as replies (robot one-to-one) rather than notices
  // (工作通知); the sessionWebhook is kept for logs but not used, as its use is unconfirmed (docs §8).
  const replyContext: ReplyContext | undefined = f.direct
    ? {
        ...(f.sessionWebhook === undefined ? {} : { target: f.sessionWebhook }),
        ...(f.sessionWebhookExpiresAt === undefined
          ? {}
          : { expiresAt: new Date(f.sessionWebhookExpiresAt).toISOString() }),
      }
    : undefined;
  return {
    ok: true,
    warnings,
    event: {
      platform: PLATFORM,
      type: 'message',
      messageId: f.messageId,
      userId: f.senderId,
      userName: f.senderName,
      conversationId: f.conversationId,
      conversationType: f.direct ? 'direct' : 'group',
      conversationTitle: f.conversationTitle,
      // In groups only messages that @ the robot arrive, with the mention removed and a leading space left.
      text: (f.text ?? '').trim(),
      mentions: f.mentions,
      ...(f.text === undefined ? { nonText: true } : {}),
      ...(replyContext === undefined ? {} : { replyContext }),
    },
  };
}
