/**
 * Pure encoding of the neutral Message for 浙政钉: a 工作通知 `msg` (≤ 2048 bytes of JSON, docs §5.1, §7)
 * and a robot `msgType` + `msgBody` (docs §5.2). No interactive card is documented there, so buttons
 * become the exact commands to type (as DingTalk does without a card template), and a text too long
 * for one message is split at line boundaries into numbered parts.
 */
import type { CardButton, Message } from '../../app/receiver.ts';
import { inertMarkdown, plainMessage, renderUserText } from '../../app/user-text.ts';
import { escapedBytes, splitByEscapedBytes } from '../../lib/split-text.ts';

/** The documented ceiling of a work notification's `msg` (R, docs §7). */
export const WORK_NOTIFICATION_MSG_LIMIT_BYTES = 2048;
/**
 * No limit is documented for robot `msgBody` (U, docs §5.2); 4096 bytes is our conservative choice,
 * below public DingTalk's robot limits.
 */
export const ROBOT_BODY_LIMIT_BYTES = 4096;

export interface ZwddEncodeText {
  /** Heading above the typed-command list of a decision message. */
  commandListHeading: string;
  /** Title when the message has neither a title nor a usable first line. */
  fallbackTitle: string;
}

export interface WorkNotificationBody {
  msgtype: 'text' | 'markdown';
  text?: { content: string };
  markdown?: { title: string; text: string };
}

export interface RobotBody {
  msgType: 'text' | 'markdown';
  /** A JSON string, as the API takes it. */
  msgBody: string;
}

const TITLE_MAX_CHARS = 30;
/**
 * The footer carries the send date, which may be a few bytes longer on a retry: the split budget
 * reserves this slack so a retried notification splits exactly as before and each part keeps its bizMsgId.
 */
const FOOTER_SLACK_BYTES = 16;
const NUMBERING_RESERVE = '(99/99)\n\n';

interface Rendered {
  format: 'text' | 'markdown';
  title: string;
  body: string;
}

/**
 * User text marked by the catalog (src/app/user-text.ts) is shown as it is in text messages and titles
 * and made inert in markdown, so a project name can open no link and forge no heading.
 */
function render(message: Message, text: ZwddEncodeText): Rendered {
  const plain = plainMessage(message);
  if (message.kind === 'text') {
    const body = plain.text ?? plain.markdown ?? '';
    return { format: 'text', title: titleOf(plain.title, body, text), body };
  }
  const source = message.markdown ?? message.text ?? '';
  return {
    format: 'markdown',
    title: titleOf(plain.title, plain.markdown ?? plain.text ?? '', text),
    body: renderUserText(source, inertMarkdown) + commandList(plain.buttons ?? [], text.commandListHeading),
  };
}

/**
 * Work-notification `msg` strings, each ≤ 2048 bytes with `footer` appended to every part. The footer
 * (date and reference) makes each notification unique, because the platform shows identical content
 * to one person only once a day (docs §7).
 */
export function encodeWorkNotifications(
  message: Message,
  text: ZwddEncodeText,
  footer: string,
  limitBytes = WORK_NOTIFICATION_MSG_LIMIT_BYTES,
): string[] {
  const rendered = render(message, text);
  const build = (body: string, title: string): WorkNotificationBody =>
    rendered.format === 'text'
      ? { msgtype: 'text', text: { content: body } }
      : { msgtype: 'markdown', markdown: { title, text: body } };
  const suffix = rendered.format === 'markdown' ? `\n\n${footer}` : `\n${footer}`;
  const envelope = Buffer.byteLength(JSON.stringify(build(suffix, `${rendered.title} (99/99)`))) + FOOTER_SLACK_BYTES;
  const parts = split(rendered.body, limitBytes - envelope, rendered.format);
  return parts.map((part, index) =>
    JSON.stringify(build(part + suffix, numbered(rendered.title, index, parts.length))),
  );
}

/** Robot message bodies (group or one-to-one); the markdown/text schema is public DingTalk's (U, docs §5.2). */
export function encodeRobotMessages(
  message: Message,
  text: ZwddEncodeText,
  limitBytes = ROBOT_BODY_LIMIT_BYTES,
): RobotBody[] {
  const rendered = render(message, text);
  const build = (body: string, title: string): RobotBody =>
    rendered.format === 'text'
      ? { msgType: 'text', msgBody: JSON.stringify({ content: body }) }
      : { msgType: 'markdown', msgBody: JSON.stringify({ title, text: body }) };
  const envelope = Buffer.byteLength(build('', `${rendered.title} (99/99)`).msgBody);
  const parts = split(rendered.body, limitBytes - envelope, rendered.format);
  return parts.map((part, index) => build(part, numbered(rendered.title, index, parts.length)));
}

/** Without callbacks from buttons, each is shown as the command to type. */
function commandList(buttons: readonly CardButton[], heading: string): string {
  if (buttons.length === 0) return '';
  return `\n\n${heading}\n\n${buttons.map((b) => `- ${b.label}：\`${b.value}\``).join('\n')}`;
}

/** `splitByEscapedBytes` with room kept for an "(i/n)" counter, which several parts get. */
export function split(body: string, budget: number, format: 'text' | 'markdown'): string[] {
  const chunks = splitByEscapedBytes(body, budget - escapedBytes(NUMBERING_RESERVE));
  if (chunks.length === 1) return chunks;
  const separator = format === 'markdown' ? '\n\n' : '\n';
  return chunks.map((chunk, index) => `(${index + 1}/${chunks.length})${separator}${chunk}`);
}

function titleOf(title: string | undefined, body: string, text: ZwddEncodeText): string {
  const candidate =
    title && title !== ''
      ? title
      : body
          .split('\n')
          .map((line) => line.replace(/^[\s#>*-]+/, '').trim())
          .find((line) => line !== '');
  if (candidate === undefined) return text.fallbackTitle;
  const chars = Array.from(candidate);
  return chars.length > TITLE_MAX_CHARS ? `${chars.slice(0, TITLE_MAX_CHARS).join('')}…` : candidate;
}

function numbered(title: string, index: number, count: number): string {
  return count === 1 ? title : `${title} (${index + 1}/${count})`;
}
