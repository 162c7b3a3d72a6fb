/**
 * Pure decoding of the two Lark events the bot subscribes to, as the SDK's EventDispatcher hands them
 * over (schema 2.0 header fields flattened beside the event body; docs/lark-protocol.md §5, §6).
 * Nothing here throws: a payload Lark changed under us costs one log line, never the connection.
 */
import { z } from 'zod';
import type { InboundDecodeResult, InboundPipelineOptions } from '../../app/inbound-pipeline.ts';
import type { InboundActionEvent, InboundMessageEvent } from '../../app/receiver.ts';

export const MESSAGE_EVENT = 'im.message.receive_v1';
export const CARD_ACTION_EVENT = 'card.action.trigger';

const PLATFORM = 'lark';

/** The SDK answers the platform with whatever the handler returns; the receiver sets it per event. */
export function larkInbound(ackResponse: unknown): InboundPipelineOptions {
  return { platform: PLATFORM, ackResponse };
}

/**
 * A click's reply target names the click itself, so the sender can tell which click a refusal answers
 * (and skip it when the clicker already saw it as a toast). Messages are answered by message id.
 */
const CLICK_TARGET = 'click:';

export function clickIdOf(target: string | undefined): string | undefined {
  return target?.startsWith(CLICK_TARGET) ? target.slice(CLICK_TARGET.length) : undefined;
}

/** A delivery the bot deliberately does not act on (answered, not recorded). */
export interface Ignored {
  ignored: string;
}

const userIdSchema = z.object({ open_id: z.string().min(1) });

const messageEventSchema = z.object({
  sender: z.object({ sender_id: userIdSchema.partial().nullish(), sender_type: z.string().nullish() }),
  message: z.object({
    message_id: z.string().min(1),
    chat_id: z.string().min(1),
    chat_type: z.string(),
    message_type: z.string(),
    content: z.string().default(''),
    mentions: z
      .array(z.object({ key: z.string(), id: userIdSchema.partial().nullish(), name: z.string().nullish() }))
      .nullish(),
  }),
});

const cardActionSchema = z.object({
  event_id: z.string().min(1),
  operator: userIdSchema,
  action: z.object({
    value: z.object({ action: z.string().min(1), value: z.string(), chat: z.enum(['group', 'direct']).optional() }),
  }),
  context: z.object({ open_message_id: z.string().min(1), open_chat_id: z.string().min(1) }),
});

type Mention = { key: string; id?: { open_id?: string } | null; name?: string | null };

/**
 * Decodes `im.message.receive_v1`. One-to-one chats act on every message; in a group only a message
 * that @-mentions the bot (`botOpenId`) is for us. `@_user_N` placeholders become "@Name", so
 * "/角色 授予 @张三" resolves through the mentions list; the bot's own mention is removed.
 */
export function decodeMessageEvent(
  data: unknown,
  botOpenId: string | undefined,
): InboundDecodeResult<InboundMessageEvent> | Ignored {
  const parsed = messageEventSchema.safeParse(data);
  if (!parsed.success) return invalid(parsed.error);
  const { sender, message } = parsed.data;
  if (sender.sender_type !== undefined && sender.sender_type !== null && sender.sender_type !== 'user')
    return { ignored: `sender_type ${sender.sender_type}` };
  const userId = sender.sender_id?.open_id;
  if (userId === undefined || userId === '')
    return { ok: false, error: { code: 'invalid-payload', detail: 'sender without open_id' } };
  const mentions: Mention[] = message.mentions ?? [];
  const isBot = (m: Mention) => botOpenId !== undefined && m.id?.open_id === botOpenId;
  const direct = message.chat_type === 'p2p';
  if (!direct && !mentions.some(isBot)) return { ignored: 'group message without an @-mention of the bot' };

  const event: InboundMessageEvent = {
    type: 'message',
    platform: PLATFORM,
    messageId: message.message_id,
    userId,
    conversationId: message.chat_id,
    conversationType: direct ? 'direct' : 'group',
    text: '',
    mentions: mentions
      .filter((m) => !isBot(m) && m.id?.open_id)
      .map((m) => ({ userId: m.id?.open_id ?? '', ...(m.name ? { name: m.name } : {}) })),
    replyContext: { target: message.message_id },
  };
  const text = messageText(message.message_type, message.content, mentions, isBot);
  if (text === undefined) event.nonText = true;
  else event.text = text;
  return { ok: true, event, warnings: [] };
}

/**
 * Decodes `card.action.trigger` from a button encode.ts built: the button's value carries the neutral
 * action, the card is the message clicked (updated later with the outcome), and the click is the
 * operator's. A click has no message id of its own: the event id identifies the delivery.
 */
export function decodeCardAction(data: unknown): InboundDecodeResult<InboundActionEvent> {
  const parsed = cardActionSchema.safeParse(data);
  if (!parsed.success) return invalid(parsed.error);
  const { event_id, operator, action, context } = parsed.data;
  return {
    ok: true,
    warnings: [],
    event: {
      type: 'action',
      platform: PLATFORM,
      messageId: event_id,
      userId: operator.open_id,
      conversationId: context.open_chat_id,
      conversationType: action.value.chat ?? 'group',
      actionId: action.value.action,
      value: action.value.value,
      cardId: context.open_message_id,
      replyContext: { target: `${CLICK_TARGET}${event_id}` },
    },
  };
}

/** Text of a text or post message with mentions spelled out; undefined for every other type. */
function messageText(
  type: string,
  raw: string,
  mentions: readonly Mention[],
  isBot: (m: Mention) => boolean,
): string | undefined {
  const content = parseJson(raw);
  const spell = (key: string): string => {
    const mention = mentions.find((m) => m.key === key);
    if (mention === undefined) return key === '@_all' ? '' : key;
    return isBot(mention) ? '' : `@${mention.name ?? mention.id?.open_id ?? ''}`;
  };
  const resolve = (text: string) => text.replace(/@_user_\d+|@_all/g, spell);
  if (type === 'text') {
    const text = (content as { text?: unknown } | undefined)?.text;
    return typeof text === 'string' ? tidy(resolve(text)) : '';
  }
  if (type === 'post') return tidy(postText(content, spell, resolve));
  return undefined;
}

interface PostElement {
  tag?: unknown;
  text?: unknown;
  user_id?: unknown;
  user_name?: unknown;
}

/** A received post is `{title, content: [[element…]…]}` (or wrapped in a locale such as zh_cn). */
function postText(content: unknown, spell: (key: string) => string, resolve: (text: string) => string): string {
  const record = content as { content?: unknown; [locale: string]: unknown } | undefined;
  const body = Array.isArray(record?.content)
    ? record.content
    : Object.values(record ?? {})
        .map((v) => (v as { content?: unknown })?.content)
        .find(Array.isArray);
  if (!Array.isArray(body)) return '';
  return body
    .map((line: unknown) =>
      (Array.isArray(line) ? (line as PostElement[]) : [])
        .map((element) => {
          if (element.tag === 'at') {
            const id = typeof element.user_id === 'string' ? element.user_id : '';
            return id.startsWith('@_')
              ? spell(id)
              : `@${typeof element.user_name === 'string' ? element.user_name : id}`;
          }
          return typeof element.text === 'string' ? resolve(element.text) : '';
        })
        .join(''),
    )
    .join('\n');
}

/** Removing the bot's mention leaves doubled or leading spaces. */
function tidy(text: string): string {
  return text.replace(/[ \t]{2,}/g, ' ').trim();
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function invalid(error: z.ZodError): { ok: false; error: { code: string; detail: string } } {
  const detail = error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; ');
  return { ok: false, error: { code: 'invalid-payload', detail } };
}
