/**
 * Pure decoding of DingTalk callback payloads into the neutral inbound events. Nothing here throws:
 * a payload DingTalk changed under us must cost one log line, never the connection.
 * Field meanings: docs/dingtalk-protocol.md §2 (robot messages) and §5 (card clicks).
 */
import { z } from 'zod';
import type { InboundPipelineOptions } from '../../app/inbound-pipeline.ts';
import type { InboundActionEvent, InboundEvent, InboundMessageEvent } from '../../app/receiver.ts';

export const ROBOT_MESSAGE_TOPIC = '/v1.0/im/bot/messages/get';
export const CARD_CALLBACK_TOPIC = '/v1.0/card/instances/callback';

/** The Stream frame headers decoding may use; HTTP callbacks have none. */
export interface FrameHeaders {
  messageId?: string;
  topic?: string;
}

export type DecodeErrorCode =
  | 'invalid-json'
  | 'invalid-payload'
  | 'missing-message-id'
  /** The org ran out of API quota: DingTalk strips the content and sends `errorMessage` instead. */
  | 'quota-exhausted'
  | 'unsupported-topic';

export interface DecodeError {
  code: DecodeErrorCode;
  detail: string;
}

/**
 * Facts about a decoded event that the event type cannot carry but an operator should see.
 * `user-id-from-sender-id`: senderStaffId was empty (external member, or robot not yet published), so
 * userId is the encrypted senderId, which matches no registered user.
 */
export type DecodeWarning = 'user-id-from-sender-id';

export type DecodeResult<E extends InboundEvent> =
  | { ok: true; event: E; warnings: DecodeWarning[] }
  | { ok: false; error: DecodeError };

const PLATFORM = 'dingtalk';

/**
 * How the shared inbound pipeline treats DingTalk: acknowledged with an empty body (the outbox updates
 * a clicked card once the click is processed), and an exhausted API quota needs an operator.
 */
export const DINGTALK_INBOUND: InboundPipelineOptions = {
  platform: PLATFORM,
  ackResponse: {},
  severeDecodeErrors: new Set<DecodeErrorCode>(['quota-exhausted']),
};

// The latest instant a JS Date can hold; beyond it toISOString() throws.
const MAX_DATE_MS = 8.64e15;

const optionalString = z.string().nullish();

const robotMessageSchema = z.object({
  msgId: optionalString,
  conversationId: z.string().min(1),
  conversationType: z.enum(['1', '2']),
  conversationTitle: optionalString,
  atUsers: z.array(z.object({ dingtalkId: optionalString, staffId: optionalString })).nullish(),
  chatbotUserId: optionalString,
  senderStaffId: optionalString,
  senderId: optionalString,
  senderNick: optionalString,
  msgtype: z.string().min(1),
  text: z.object({ content: z.string() }).nullish(),
  sessionWebhook: optionalString,
  sessionWebhookExpiredTime: z.number().int().min(0).max(MAX_DATE_MS).nullish(),
  errorMessage: optionalString,
});

const cardCallbackSchema = z.object({
  outTrackId: z.string().min(1),
  userId: z.string().min(1),
  spaceType: optionalString,
  spaceId: optionalString,
  openSpaceId: optionalString,
  content: z.string(),
});

const cardContentSchema = z.object({
  cardPrivateData: z.object({
    actionIds: z.array(z.string()).nullish(),
    params: z.object({ actionId: z.string().min(1), value: z.string().default('') }),
  }),
});

/** Parses a frame's `data`, which DingTalk always sends as a JSON string. */
export function parseFrameData(raw: string): { ok: true; value: unknown } | { ok: false; error: DecodeError } {
  try {
    return { ok: true, value: JSON.parse(raw) as unknown };
  } catch (err) {
    return { ok: false, error: { code: 'invalid-json', detail: err instanceof Error ? err.message : String(err) } };
  }
}

export function decodeRobotMessage(data: unknown, headers: FrameHeaders = {}): DecodeResult<InboundMessageEvent> {
  const parsed = robotMessageSchema.safeParse(data);
  if (!parsed.success) return invalid(parsed.error);
  const payload = parsed.data;

  const messageId = nonEmpty(payload.msgId) ?? nonEmpty(headers.messageId);
  if (messageId === undefined) {
    return { ok: false, error: { code: 'missing-message-id', detail: 'neither data.msgId nor headers.messageId' } };
  }

  const isText = payload.msgtype === 'text';
  if (isText && !payload.text) {
    if (nonEmpty(payload.errorMessage) !== undefined) {
      return { ok: false, error: { code: 'quota-exhausted', detail: payload.errorMessage ?? '' } };
    }
    return { ok: false, error: { code: 'invalid-payload', detail: 'text message without text.content' } };
  }

  const warnings: DecodeWarning[] = [];
  let userId = nonEmpty(payload.senderStaffId);
  if (userId === undefined) {
    userId = nonEmpty(payload.senderId);
    if (userId === undefined) {
      return { ok: false, error: { code: 'invalid-payload', detail: 'no senderStaffId or senderId' } };
    }
    warnings.push('user-id-from-sender-id');
  }

  const event: InboundMessageEvent = {
    type: 'message',
    platform: PLATFORM,
    messageId,
    userId,
    conversationId: payload.conversationId,
    conversationType: payload.conversationType === '1' ? 'direct' : 'group',
    text: isText ? (payload.text?.content ?? '').trim() : '',
    mentions: decodeMentions(payload.atUsers ?? [], nonEmpty(payload.chatbotUserId)),
  };
  if (!isText) event.nonText = true;
  const title = nonEmpty(payload.conversationTitle);
  if (title !== undefined) event.conversationTitle = title;
  const nick = nonEmpty(payload.senderNick);
  if (nick !== undefined) event.userName = nick;
  const webhookUrl = nonEmpty(payload.sessionWebhook);
  if (webhookUrl !== undefined) {
    event.replyContext = { target: webhookUrl };
    if (payload.sessionWebhookExpiredTime != null) {
      event.replyContext.expiresAt = new Date(payload.sessionWebhookExpiredTime).toISOString();
    }
  }
  return { ok: true, event, warnings };
}

/**
 * Decodes a card button click. The button's callback params must carry `actionId` and `value` (the card
 * template binds them from the cardParamMap encode.ts produces); cardId is the outTrackId we chose.
 */
export function decodeCardCallback(data: unknown, headers: FrameHeaders = {}): DecodeResult<InboundActionEvent> {
  const parsed = cardCallbackSchema.safeParse(data);
  if (!parsed.success) return invalid(parsed.error);
  const payload = parsed.data;

  // Card callbacks carry no message id of their own; redeliveries reuse the frame's messageId.
  const messageId = nonEmpty(headers.messageId);
  if (messageId === undefined) {
    return { ok: false, error: { code: 'missing-message-id', detail: 'card callback without headers.messageId' } };
  }

  const content = parseFrameData(payload.content);
  if (!content.ok) return content;
  const action = cardContentSchema.safeParse(content.value);
  if (!action.success) return invalid(action.error);

  const space = decodeSpace(payload);
  if (space === undefined) {
    return {
      ok: false,
      error: { code: 'invalid-payload', detail: 'card callback without a usable spaceType/spaceId' },
    };
  }

  const { actionId, value } = action.data.cardPrivateData.params;
  return {
    ok: true,
    warnings: [],
    event: {
      type: 'action',
      platform: PLATFORM,
      messageId,
      userId: payload.userId,
      conversationId: space.id,
      conversationType: space.type,
      actionId,
      value,
      cardId: payload.outTrackId,
    },
  };
}

/** Routes a Stream CALLBACK frame to the decoder of its topic. */
export function decodeCallbackFrame(topic: string, rawData: string, headers: FrameHeaders): DecodeResult<InboundEvent> {
  const data = parseFrameData(rawData);
  if (!data.ok) return data;
  if (topic === ROBOT_MESSAGE_TOPIC) return decodeRobotMessage(data.value, headers);
  if (topic === CARD_CALLBACK_TOPIC) return decodeCardCallback(data.value, headers);
  return { ok: false, error: { code: 'unsupported-topic', detail: topic } };
}

function decodeMentions(
  atUsers: readonly { dingtalkId?: string | null; staffId?: string | null }[],
  robotDingtalkId: string | undefined,
): InboundMessageEvent['mentions'] {
  const mentions: InboundMessageEvent['mentions'] = [];
  for (const user of atUsers) {
    const dingtalkId = nonEmpty(user.dingtalkId);
    // Group messages reach us only because the robot was @-ed; that mention is not an argument.
    if (dingtalkId !== undefined && dingtalkId === robotDingtalkId) continue;
    const userId = nonEmpty(user.staffId) ?? dingtalkId;
    if (userId !== undefined) mentions.push({ userId });
  }
  return mentions;
}

const GROUP_SPACES = new Set(['IM_GROUP', 'ONE_BOX']);
const DIRECT_SPACES = new Set(['IM_ROBOT', 'IM_SINGLE']);
const OPEN_SPACE_ID = /^dtv1\.card\/\/([A-Z_]+)\.(.+)$/;

function decodeSpace(payload: {
  spaceType?: string | null;
  spaceId?: string | null;
  openSpaceId?: string | null;
}): { type: 'direct' | 'group'; id: string } | undefined {
  let spaceType = nonEmpty(payload.spaceType);
  let spaceId = nonEmpty(payload.spaceId);
  if (spaceType === undefined || spaceId === undefined) {
    // openSpaceId may list several spaces separated by ';'; the first is where the card was clicked.
    const match = OPEN_SPACE_ID.exec(payload.openSpaceId?.split(';')[0] ?? '');
    spaceType = match?.[1];
    spaceId = match?.[2];
  }
  if (spaceType === undefined || spaceId === undefined) return undefined;
  if (GROUP_SPACES.has(spaceType)) return { type: 'group', id: spaceId };
  if (DIRECT_SPACES.has(spaceType)) return { type: 'direct', id: spaceId };
  return undefined;
}

function nonEmpty(value: string | null | undefined): string | undefined {
  return value === null || value === undefined || value === '' ? undefined : value;
}

function invalid(error: z.ZodError): { ok: false; error: DecodeError } {
  const detail = error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; ');
  return { ok: false, error: { code: 'invalid-payload', detail } };
}
