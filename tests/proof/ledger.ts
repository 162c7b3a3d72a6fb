/**
 * Counts, for every outbox row (one notification or reply), how often it reached the fake DingTalk,
 * by the channel DingTalkSender picks for it: the sessionWebhook (msgUuid = row id), a new card
 * (outTrackId = row id), a card update (PUT on the clicked card), or the robot OpenAPI (group or
 * one-to-one, no idempotency key). Also lists what the fake showed that no row accounts for.
 */
import { platformIdFor } from '../../src/adapters/dingtalk/api-client.ts';
import type { Message, ReplyContext } from '../../src/app/receiver.ts';
import { inertMarkdown, renderUserText, withoutMarks } from '../../src/app/user-text.ts';
import type { SentMessage, SuppressedResend } from '../dingtalk/fake-dingtalk-server.ts';
import { readOnlyQueries } from '../helpers/db.ts';

export type Channel = 'webhook' | 'card' | 'card-update' | 'group' | 'oto';

/** Channels whose request carries a key the platform de-duplicates on. */
export const KEYED_CHANNELS: readonly Channel[] = ['webhook', 'card'];

export interface OutboxRow {
  id: number;
  kind: string;
  toConversationId: string | null;
  toUserId: string | null;
  message: string;
  replyContext: string | null;
  status: string;
}

export interface NotificationCount {
  id: number;
  channel: Channel;
  /** How often users saw it. */
  shown: number;
  /** How often the bot handed it to the platform (shown + resends the platform suppressed). */
  attempts: number;
}

export interface Ledger {
  notifications: NotificationCount[];
  lost: NotificationCount[];
  /** Shown more than once. */
  duplicated: NotificationCount[];
  /** Platform messages (fake seq) that repeated something users had already seen. */
  duplicateMessages: { seq: number; via: string }[];
  /** Parts of what the fake showed that no outbox row accounts for. */
  unaccounted: { seq: number; via: string; text: string }[];
  byChannel: Record<
    Channel,
    { notifications: number; attempts: number; resendsSuppressed: number; shownTwice: number }
  >;
}

/** What mergeMessages puts between coalesced notices. */
const MERGE_SEPARATOR = '\n\n---\n\n';

export function readOutbox(dbPath: string): OutboxRow[] {
  const columns = 'id, kind, toConversationId, toUserId, message, replyContext, status';
  const sql = `SELECT ${columns} FROM "OutboxMessage" ORDER BY id`;
  return readOnlyQueries(() => dbPath).query<OutboxRow>(sql);
}

export function channelOf(row: OutboxRow, cardTemplate: boolean): Channel {
  const context = row.replyContext === null ? undefined : (JSON.parse(row.replyContext) as ReplyContext);
  if (context?.cardId !== undefined) return 'card-update';
  const message = JSON.parse(row.message) as Message;
  if (cardTemplate && (message.buttons?.length ?? 0) > 0) return 'card';
  if (context?.target !== undefined) return 'webhook';
  return row.toConversationId !== null ? 'group' : 'oto';
}

function apiText(message: SentMessage): string {
  const param = message.msgParam as { content?: string; text?: string } | undefined;
  return param?.content ?? param?.text ?? '';
}

function destinationOf(message: SentMessage): string {
  return 'conversationId' in message.to
    ? `c:${message.to.conversationId}`
    : 'userId' in message.to
      ? `u:${message.to.userId}`
      : `t:${message.to.outTrackId}`;
}

export function deliveryLedger(
  rows: readonly OutboxRow[],
  sent: readonly SentMessage[],
  suppressed: readonly SuppressedResend[],
  options: { cardTemplate: boolean },
): Ledger {
  const notifications: NotificationCount[] = [];
  const duplicateMessages: Ledger['duplicateMessages'] = [];
  const unaccounted: Ledger['unaccounted'] = [];
  const suppressedCount = (via: 'webhook' | 'card', key: string) =>
    suppressed.filter((s) => s.via === via && s.key === key).length;

  // Keyed channels: the key names the row.
  const webhookByUuid = countBy(
    sent.filter((m) => m.via === 'webhook'),
    (m) => String((m.body as { msgUuid?: unknown }).msgUuid),
  );
  const cardByTrack = countBy(
    sent.filter((m) => m.via === 'card'),
    (m) => String((m.body as { outTrackId?: unknown }).outTrackId),
  );
  const claimedWebhooks = new Set<string>();
  const claimedCards = new Set<string>();

  // Unkeyed channels: rows are told apart by destination and text; several rows may share both.
  const expected = new Map<string, OutboxRow[]>();
  for (const row of rows) {
    const channel = channelOf(row, options.cardTemplate);
    if (channel === 'webhook') {
      const uuids = [...webhookByUuid.keys()].filter(
        (uuid) => uuid === platformIdFor(String(row.id)) || uuid.startsWith(`${row.id}.`),
      );
      for (const uuid of uuids) claimedWebhooks.add(uuid);
      const counts = uuids.map((uuid) => webhookByUuid.get(uuid) ?? 0);
      const shown = counts.length === 0 ? 0 : Math.max(...counts);
      notifications.push({
        id: row.id,
        channel,
        shown,
        attempts: shown + uuids.reduce((n, uuid) => n + suppressedCount('webhook', uuid), 0),
      });
    } else if (channel === 'card') {
      const key = platformIdFor(String(row.id));
      claimedCards.add(key);
      const shown = cardByTrack.get(key) ?? 0;
      notifications.push({ id: row.id, channel, shown, attempts: shown + suppressedCount('card', key) });
    } else {
      const key = unkeyedKey(row, channel);
      expected.set(key, [...(expected.get(key) ?? []), row]);
    }
  }

  const seen = new Map<string, number>();
  for (const message of sent) {
    let parts: { key: string; text: string }[];
    if (message.via === 'card-update') {
      parts = [{ key: `card-update ${destinationOf(message)}`, text: '' }];
    } else if (message.via === 'group' || message.via === 'oto') {
      parts = apiText(message)
        .split(MERGE_SEPARATOR)
        .map((text) => ({ key: `${message.via} ${destinationOf(message)} ${text}`, text }));
    } else {
      const key =
        message.via === 'webhook'
          ? String((message.body as { msgUuid?: unknown }).msgUuid)
          : String((message.body as { outTrackId?: unknown }).outTrackId);
      if (!(message.via === 'webhook' ? claimedWebhooks : claimedCards).has(key))
        unaccounted.push({ seq: message.seq, via: message.via, text: JSON.stringify(message.body).slice(0, 200) });
      continue;
    }
    let repeated = false;
    for (const part of parts) {
      const count = (seen.get(part.key) ?? 0) + 1;
      seen.set(part.key, count);
      const rowsForKey = expected.get(part.key);
      if (rowsForKey === undefined)
        unaccounted.push({ seq: message.seq, via: message.via, text: part.text.slice(0, 200) });
      else if (count > rowsForKey.length) repeated = true;
    }
    if (repeated) duplicateMessages.push({ seq: message.seq, via: message.via });
  }
  for (const [key, rowsForKey] of expected) {
    const shown = seen.get(key) ?? 0;
    // Identical notices to one destination cannot be told apart: share what was shown among them.
    rowsForKey.forEach((row, index) => {
      const share = Math.floor(shown / rowsForKey.length) + (index < shown % rowsForKey.length ? 1 : 0);
      notifications.push({ id: row.id, channel: channelOf(row, options.cardTemplate), shown: share, attempts: share });
    });
  }
  notifications.sort((a, b) => a.id - b.id);

  const byChannel = Object.fromEntries(
    (['webhook', 'card', 'card-update', 'group', 'oto'] as const).map((channel) => {
      const of = notifications.filter((n) => n.channel === channel);
      return [
        channel,
        {
          notifications: of.length,
          attempts: of.reduce((n, c) => n + c.attempts, 0),
          resendsSuppressed: of.reduce((n, c) => n + c.attempts - c.shown, 0),
          shownTwice: of.filter((c) => c.shown > 1).length,
        },
      ];
    }),
  ) as Ledger['byChannel'];
  return {
    notifications,
    lost: notifications.filter((n) => n.shown === 0),
    duplicated: notifications.filter((n) => n.shown > 1),
    duplicateMessages,
    unaccounted,
    byChannel,
  };
}

function unkeyedKey(row: OutboxRow, channel: Channel): string {
  if (channel === 'card-update') {
    const context = JSON.parse(row.replyContext ?? '{}') as ReplyContext;
    return `card-update t:${context.cardId ?? ''}`;
  }
  const message = JSON.parse(row.message) as Message;
  const destination = row.toConversationId !== null ? `c:${row.toConversationId}` : `u:${row.toUserId ?? ''}`;
  // As the encoder renders it: user text unmarked in plain text, made inert in markdown.
  const text =
    message.kind === 'text'
      ? withoutMarks(message.text ?? message.markdown ?? '')
      : renderUserText(message.markdown ?? message.text ?? '', inertMarkdown);
  return `${channel} ${destination} ${text}`;
}

function countBy<T>(items: readonly T[], key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}
