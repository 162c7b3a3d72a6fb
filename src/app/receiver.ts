/**
 * The neutral boundary between platform adapters and the app core. Adapters translate platform
 * payloads into InboundEvent and deliver OutboundMessage through a Sender; they never see policy.
 */

import type { RefusalCode } from './errors.ts';

export interface CardButton {
  actionId: string;
  value: string;
  label: string;
}

/**
 * A generated file (an XLSX ledger) kept on the bot's disk. Each adapter delivers it its own way:
 * the simulator serves it for download, DingTalk uploads it and sends a file message.
 */
export interface FileAttachment {
  /** What the recipient sees, e.g. 首报项目台账_20261126_0900.xlsx. */
  name: string;
  /** Where the bot wrote it. */
  path: string;
}

export interface Message {
  /**
   * 'file' carries `file`; its `text` is a caption a platform may show beside the download.
   * 'image' carries `image` (a PNG the bot drew); the platform shows the picture itself.
   */
  kind: 'text' | 'markdown' | 'card' | 'file' | 'image';
  text?: string;
  title?: string;
  markdown?: string;
  buttons?: CardButton[];
  atUserIds?: string[];
  file?: FileAttachment;
  /**
   * Set on the answer to a card click that was refused (nothing changed), so a platform that can show
   * the clicker a transient notice (Lark's toast) may answer that way instead of with a message.
   */
  refused?: boolean;
  /** Set on every refusal: why the command was refused (src/app/errors.ts). Encoders do not show it. */
  refusal?: RefusalCode;
  image?: FileAttachment;
}

export type Destination = { conversationId: string } | { userId: string };

/**
 * Where a platform answers "in place", opaque to the core and interpreted only by the adapter that
 * produced it: DingTalk's sessionWebhook URL, the Lark message id a reply threads under.
 */
export interface ReplyContext {
  target?: string;
  /** After this instant the target is no longer usable and the adapter sends to the destination instead. */
  expiresAt?: string;
  /** A card to update in place with this message instead of sending a new one. */
  cardId?: string;
}

interface InboundBase {
  platform: string;
  /** Platform-unique id of this delivery; redeliveries carry the same id. */
  messageId: string;
  userId: string;
  conversationId: string;
  conversationType: 'direct' | 'group';
  conversationTitle?: string;
  userName?: string;
  replyContext?: ReplyContext;
}

export interface InboundMessageEvent extends InboundBase {
  type: 'message';
  text: string;
  /** Users @-mentioned in the text, in order, so "@张三" arguments resolve to ids. */
  mentions: { userId: string; name?: string }[];
  /** Non-text payloads (pictures, files…) are answered politely, never parsed. */
  nonText?: boolean;
}

export interface InboundActionEvent extends InboundBase {
  type: 'action';
  actionId: string;
  value: string;
  /** Platform card instance to update with the outcome, when the platform supports it. */
  cardId?: string;
}

export type InboundEvent = InboundMessageEvent | InboundActionEvent;

export interface OutboundMessage {
  /** Stable id of this outbound message; a platform that supports idempotent sends uses it. */
  key: string;
  to: Destination;
  message: Message;
  replyContext?: ReplyContext;
}

export type SendOutcome =
  | { status: 'delivered' }
  /** Temporary failure: try again later (5xx, 429, QPS limit, flow control, dropped connection). */
  | { status: 'retry'; reason: string; retryAfterMs?: number }
  /** Permanent failure for this destination (invalid user, robot removed…): stop and report. */
  | { status: 'dead'; reason: string };

/**
 * A deadline one officer must meet, kept as a to-do on platforms that have them (浙政钉 待办). Services
 * emit `open` when the deadline starts to apply and `finish` / `cancel` when its record moves on;
 * platforms without to-dos ignore these (their users get the reminder notices instead).
 */
export interface DeadlineTask {
  /** Stable id of this deadline for this officer (record + assignee); platforms derive their idempotency key from it. */
  taskKey: string;
  op: 'open' | 'finish' | 'cancel';
  title: string;
  /** ISO-8601. */
  dueAt: string;
  /** The exact command that settles the deadline, shown and linked from the to-do. */
  command: string;
}

export interface Sender {
  send(outbound: OutboundMessage): Promise<SendOutcome>;
  /** Present on platforms with native to-dos; `userId` is the assignee. */
  syncTask?(userId: string, task: DeadlineTask): Promise<SendOutcome>;
}

export interface Receiver {
  start(): Promise<void>;
  stop(): Promise<void>;
  /**
   * Whether the platform can reach the bot right now: a Stream or long connection is open, an HTTP
   * callback route is mounted. /readyz and the yipanqi_platform_connected metric read it (DESIGN §9).
   * A receiver without a connection to lose (the simulator) leaves it out and counts as connected.
   */
  connected?(): boolean;
}

/**
 * Durable memory of the signatures an HTTP callback mode has accepted. A signature that covers only
 * a timestamp (DingTalk's) authenticates any body until it expires, so each one is good for a single
 * message, and that must survive a restart: memory alone would let a captured pair be replayed.
 */
export interface SignatureLedger {
  /**
   * True when `key` was free (it is now this message's until `expiresAt`) or already this message's
   * (the platform retrying it); false when another message claimed it first.
   */
  claimSignature(key: string, messageId: string, expiresAt: Date): Promise<boolean>;
}

/**
 * What a receiver hands inbound events to. The split encodes the ack rule: record durably,
 * then acknowledge the platform, then process — so a crash never loses an acknowledged message
 * and a redelivery never acts twice.
 */
export interface InboundSink {
  /** Durably records the delivery; false when this messageId was already recorded. */
  record(event: InboundEvent): Promise<boolean>;
  /** Processes a recorded event once; a repeat returns the first answer without acting again. */
  process(event: InboundEvent): Promise<Message[]>;
  /**
   * The platform delivered a recorded event again (record() returned false). A sink that retries
   * failed processing uses it to try again at once; the answer goes out the sink's own way.
   */
  redelivered?(event: InboundEvent): void;
}
