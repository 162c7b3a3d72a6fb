/**
 * Pure encoding of the neutral Message into the three DingTalk shapes: a sessionWebhook body, a robot
 * OpenAPI msgKey/msgParam pair, and the cardParamMap of an interactive card template.
 * Formats: docs/dingtalk-protocol.md §3 (webhook), §4.5 (msgKey), §5 (cards).
 */
import type { CardButton, Message } from '../../app/receiver.ts';
import { inertMarkdown, renderUserText, withoutMarks } from '../../app/user-text.ts';
import { escapedBytes, splitByEscapedBytes } from '../../lib/split-text.ts';

/** Documented maximum of a robot OpenAPI `msgParam` (docs §4.3). */
export const MSG_PARAM_LIMIT_BYTES = 15_000;

/**
 * DingTalk documents no size limit for sessionWebhook bodies; 20,000 bytes is our assumption, kept
 * below the 20 KB custom robots are commonly reported to accept.
 */
export const WEBHOOK_BODY_LIMIT_BYTES = 20_000;

export interface EncodeOptions {
  /** User-facing line shown above the typed-command list of a card; comes from the message catalog. */
  commandListHeading?: string;
  /** Conversation-list title when the message has neither a title nor a usable first line. */
  fallbackTitle?: string;
  /**
   * Render card buttons as `dtmd://dingtalkclient/sendMessage` links that type the command for the user.
   * Their behaviour is unconfirmed (docs §3), which is why the typed commands are always listed too.
   */
  buttonLinks?: boolean;
  msgParamLimitBytes?: number;
  webhookLimitBytes?: number;
}

export interface WebhookAt {
  atUserIds: string[];
  isAtAll: false;
}

export interface WebhookButton {
  title: string;
  actionURL: string;
}

export type WebhookBody = (
  | { msgtype: 'text'; text: { content: string }; at?: WebhookAt }
  | { msgtype: 'markdown'; markdown: { title: string; text: string }; at?: WebhookAt }
  | {
      msgtype: 'actionCard';
      actionCard: { title: string; text: string; btnOrientation: '0'; btns: WebhookButton[] };
    }
) & {
  /** Idempotency key of the robot webhook format: a resend with the same value is not shown twice. */
  msgUuid?: string;
};

export interface RobotApiMessage {
  msgKey: string;
  /** A JSON string, as the robot API requires. */
  msgParam: string;
}

/** Room for "(999/999)" plus a blank line in the body and " (999/999)" in a title. */
const NUMBERING_RESERVE = ' (999/999)';
const NUMBERING_RESERVE_BYTES = escapedBytes('(999/999)\n\n');
const DERIVED_TITLE_MAX_CHARS = 30;
/** Titles only label the conversation list; capping them keeps the size envelope bounded. */
const TITLE_MAX_CHARS = 64;
/** sampleActionCard2…5 carry that many vertical buttons (docs §4.5). */
const MAX_TEMPLATE_BUTTONS = 5;

interface Rendered {
  format: 'text' | 'markdown';
  title: string;
  body: string;
  buttons: CardButton[];
}

export function encodeWebhookBodies(message: Message, options: EncodeOptions = {}): WebhookBody[] {
  const rendered = render(message, options);
  const useCard = rendered.buttons.length > 0 && options.buttonLinks !== false;
  const atUserIds = useCard ? [] : (message.atUserIds ?? []);
  const mentionSuffix = mentionText(rendered.body, atUserIds, rendered.format);

  const build = (text: string, title: string, isLast: boolean): WebhookBody => {
    if (useCard && isLast) {
      return {
        msgtype: 'actionCard',
        actionCard: { title, text, btnOrientation: '0', btns: rendered.buttons.map(toWebhookButton) },
      };
    }
    const at = isLast && atUserIds.length > 0 ? { at: { atUserIds, isAtAll: false as const } } : {};
    if (rendered.format === 'text') return { msgtype: 'text', text: { content: text }, ...at };
    return { msgtype: 'markdown', markdown: { title, text }, ...at };
  };

  const envelope = jsonBytes(build(mentionSuffix, rendered.title + NUMBERING_RESERVE, true));
  const limit = options.webhookLimitBytes ?? WEBHOOK_BODY_LIMIT_BYTES;
  const parts = splitBody(rendered.body, limit - envelope, rendered.format);
  return parts.map((part, index) => {
    const isLast = index === parts.length - 1;
    return build(isLast ? part + mentionSuffix : part, numberTitle(rendered.title, index, parts.length), isLast);
  });
}

/**
 * The robot OpenAPI cannot @ anyone (docs §4.3), so mentions are dropped here; the sessionWebhook is the
 * only path that notifies mentioned users.
 */
export function encodeRobotMessages(message: Message, options: EncodeOptions = {}): RobotApiMessage[] {
  const rendered = render(message, options);
  const buttons =
    options.buttonLinks !== false && rendered.buttons.length <= MAX_TEMPLATE_BUTTONS ? rendered.buttons : [];

  const build = (text: string, title: string, isLast: boolean): RobotApiMessage => {
    if (rendered.format === 'text') return { msgKey: 'sampleText', msgParam: JSON.stringify({ content: text }) };
    if (!isLast || buttons.length === 0) {
      return { msgKey: 'sampleMarkdown', msgParam: JSON.stringify({ title, text }) };
    }
    return actionCardMessage(title, text, buttons);
  };

  const envelope = Buffer.byteLength(build('', rendered.title + NUMBERING_RESERVE, true).msgParam);
  const limit = options.msgParamLimitBytes ?? MSG_PARAM_LIMIT_BYTES;
  const parts = splitBody(rendered.body, limit - envelope, rendered.format);
  return parts.map((part, index) =>
    build(part, numberTitle(rendered.title, index, parts.length), index === parts.length - 1),
  );
}

/**
 * The cardParamMap contract for the interactive card template (values must be strings, docs §5):
 * `title`, `markdown`, `buttonCount`, `buttons` (JSON array of {label, actionId, value}) and, for
 * templates without loops, `button<N>Label` / `button<N>ActionId` / `button<N>Value` from N = 1.
 * Each button's callback params in the template must be `actionId` and `value`; decode.ts reads them.
 */
export function encodeCardParamMap(message: Message, options: EncodeOptions = {}): Record<string, string> {
  const source = message.markdown ?? message.text ?? '';
  const markdown = renderUserText(source, inertMarkdown);
  const buttons = plainButtons(message.buttons ?? []);
  const map: Record<string, string> = {
    title: deriveTitle(plainTitle(message.title), withoutMarks(source), options),
    markdown,
    buttonCount: String(buttons.length),
    buttons: JSON.stringify(buttons.map(({ label, actionId, value }) => ({ label, actionId, value }))),
  };
  buttons.forEach((button, index) => {
    map[`button${index + 1}Label`] = button.label;
    map[`button${index + 1}ActionId`] = button.actionId;
    map[`button${index + 1}Value`] = button.value;
  });
  return map;
}

/** A link that makes the DingTalk client send `command` as the user's own message (unconfirmed, docs §3). */
export function sendMessageLink(command: string): string {
  return `dtmd://dingtalkclient/sendMessage?content=${encodeURIComponent(command)}`;
}

/**
 * Splits `body` into chunks whose JSON-escaped UTF-8 size fits `budgetBytes`, at line boundaries;
 * a single line longer than the budget is cut between code points. Chunks are numbered "(i/n)" when
 * there is more than one. Exported for property tests.
 */
export function splitBody(body: string, budgetBytes: number, format: 'text' | 'markdown'): string[] {
  const chunks = splitByEscapedBytes(body, budgetBytes - NUMBERING_RESERVE_BYTES);
  if (chunks.length === 1) return chunks;
  // Markdown joins single newlines into one paragraph, so the counter needs a blank line after it.
  const separator = format === 'markdown' ? '\n\n' : '\n';
  return chunks.map((chunk, index) => `(${index + 1}/${chunks.length})${separator}${chunk}`);
}

function render(message: Message, options: EncodeOptions): Rendered {
  const title = plainTitle(message.title);
  if (message.kind === 'text') {
    const body = withoutMarks(message.text ?? message.markdown ?? '');
    return { format: 'text', title: deriveTitle(title, body, options), body, buttons: [] };
  }
  const source = message.markdown ?? message.text ?? '';
  const buttons = message.kind === 'card' ? plainButtons(message.buttons ?? []) : [];
  return {
    format: 'markdown',
    title: deriveTitle(title, withoutMarks(source), options),
    body: renderUserText(source, inertMarkdown) + commandList(buttons, options.commandListHeading),
    buttons,
  };
}

function plainTitle(title: string | undefined): string | undefined {
  return title === undefined ? undefined : withoutMarks(title).replace(/[\r\n]+/g, ' ');
}

function plainButtons(buttons: readonly CardButton[]): CardButton[] {
  return buttons.map((button) => ({ ...button, label: withoutMarks(button.label), value: withoutMarks(button.value) }));
}

/** Without a card template the buttons cannot call us back, so each is shown as the command to type. */
function commandList(buttons: readonly CardButton[], heading: string | undefined): string {
  if (buttons.length === 0) return '';
  const lines = buttons.map((button) => `- ${button.label}: ${button.value}`);
  return `\n\n${heading === undefined ? '' : `${heading}\n\n`}${lines.join('\n')}`;
}

/** DingTalk only notifies a mentioned user when the text also contains "@userId" (docs §3). */
function mentionText(body: string, atUserIds: readonly string[], format: 'text' | 'markdown'): string {
  const missing = atUserIds.filter((id) => !body.includes(`@${id}`));
  if (missing.length === 0) return '';
  const mentions = missing.map((id) => `@${id}`).join(' ');
  return format === 'text' ? ` ${mentions}` : `\n\n${mentions}`;
}

function actionCardMessage(title: string, text: string, buttons: readonly CardButton[]): RobotApiMessage {
  const [only] = buttons;
  if (buttons.length === 1 && only !== undefined) {
    return {
      msgKey: 'sampleActionCard',
      msgParam: JSON.stringify({ title, text, singleTitle: only.label, singleURL: sendMessageLink(only.value) }),
    };
  }
  const params: Record<string, string> = { title, text };
  buttons.forEach((button, index) => {
    params[`actionTitle${index + 1}`] = button.label;
    params[`actionURL${index + 1}`] = sendMessageLink(button.value);
  });
  return { msgKey: `sampleActionCard${buttons.length}`, msgParam: JSON.stringify(params) };
}

function toWebhookButton(button: CardButton): WebhookButton {
  return { title: button.label, actionURL: sendMessageLink(button.value) };
}

function deriveTitle(title: string | undefined, body: string, options: EncodeOptions): string {
  if (title !== undefined && title !== '') return truncate(title, TITLE_MAX_CHARS);
  const firstLine = body
    .split('\n')
    .map((line) => line.replace(/^[\s#>*-]+/, '').trim())
    .find((line) => line !== '');
  if (firstLine === undefined) return options.fallbackTitle ?? '…';
  return truncate(firstLine, DERIVED_TITLE_MAX_CHARS);
}

function truncate(text: string, maxChars: number): string {
  const chars = Array.from(text);
  return chars.length > maxChars ? `${chars.slice(0, maxChars).join('')}…` : text;
}

function numberTitle(title: string, index: number, count: number): string {
  return count === 1 ? title : `${title} (${index + 1}/${count})`;
}

function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value));
}
