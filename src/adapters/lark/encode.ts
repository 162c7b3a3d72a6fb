/**
 * Pure encoding of the neutral Message into Lark message bodies (docs/lark-protocol.md §4, §6):
 * `text` for plain text (Lark's text does not render markdown), `post` with an `md` element for
 * formatted notices, and a schema 2.0 `interactive` card whose buttons call back with the command they
 * stand for. Long content is split within the documented size limits.
 */
import type { CardButton, Message } from '../../app/receiver.ts';
import { inertMarkdown, plainMessage, renderUserText } from '../../app/user-text.ts';
import { escapedBytes, splitByEscapedBytes } from '../../lib/split-text.ts';

/** Documented limits of a message's `content`: text 150 KB, post and card 30 KB. */
export const TEXT_LIMIT_BYTES = 150_000;
export const RICH_LIMIT_BYTES = 30_000;

export type LarkMsgType = 'text' | 'post' | 'interactive' | 'file' | 'image';

export interface LarkContent {
  msgType: LarkMsgType;
  /** A JSON string, as the message API requires. */
  content: string;
}

/**
 * What a card button's callback carries (`action.value` of card.action.trigger): the neutral action and
 * its value, and whether the card was sent to a group or a one-to-one chat — the click event itself
 * does not say.
 */
export interface ButtonValue {
  action: string;
  value: string;
  chat: 'group' | 'direct';
}

export interface LarkEncodeOptions {
  /** Title of a card or post that has neither a title nor a first line to borrow. */
  fallbackTitle: string;
  /** Where the message goes; recorded in card buttons. */
  chat: 'group' | 'direct';
  textLimitBytes?: number;
  richLimitBytes?: number;
}

/** Room for the "(99/99)" counter a split part starts with. */
const COUNTER_RESERVE_BYTES = escapedBytes('(99/99)\n');
const TITLE_MAX_CHARS = 64;

export function encodeLarkMessages(marked: Message, options: LarkEncodeOptions): LarkContent[] {
  const message = withUserTextRendered(marked);
  const mentions = message.atUserIds ?? [];
  if (message.kind === 'text' || message.kind === 'file') {
    const body = message.text ?? message.markdown ?? '';
    const atTags = mentions.map((id) => `<at user_id="${id}"></at>`).join(' ');
    const build = (text: string, last: boolean): LarkContent => ({
      msgType: 'text',
      content: JSON.stringify({ text: last && atTags !== '' ? `${text} ${atTags}` : text }),
    });
    const envelope = Buffer.byteLength(build('', true).content);
    return numbered(body, (options.textLimitBytes ?? TEXT_LIMIT_BYTES) - envelope).map((part, i, all) =>
      build(part, i === all.length - 1),
    );
  }
  const markdown = message.markdown ?? message.text ?? '';
  const title = deriveTitle(message.title, markdown, options.fallbackTitle);
  const limit = options.richLimitBytes ?? RICH_LIMIT_BYTES;
  if (message.kind === 'card') {
    const buttons = message.buttons ?? [];
    const build = (md: string, last: boolean): LarkContent => ({
      msgType: 'interactive',
      content: JSON.stringify(
        buildCard(title, md + (last ? cardMentions(mentions) : ''), last ? buttons : [], options.chat),
      ),
    });
    const envelope = Buffer.byteLength(build('', true).content);
    return numbered(markdown, limit - envelope).map((part, i, all) => build(part, i === all.length - 1));
  }
  const build = (md: string, last: boolean): LarkContent => {
    const content: unknown[][] = [[{ tag: 'md', text: postMarkdown(md) }]];
    if (last && mentions.length > 0) content.push(mentions.map((id) => ({ tag: 'at', user_id: id })));
    return { msgType: 'post', content: JSON.stringify({ zh_cn: { title, content } }) };
  };
  const envelope = Buffer.byteLength(build('', true).content);
  return numbered(markdown, limit - envelope).map((part, i, all) => build(part, i === all.length - 1));
}

/** The card JSON (schema 2.0) for a message, as sent or as a later update (`patch`) of a sent card. */
export function encodeCard(marked: Message, options: LarkEncodeOptions): Record<string, unknown> {
  const message = withUserTextRendered(marked);
  const markdown = message.markdown ?? message.text ?? '';
  return buildCard(
    deriveTitle(message.title, markdown, options.fallbackTitle),
    markdown,
    message.buttons ?? [],
    options.chat,
  );
}

/**
 * User text marked by the catalog (src/app/user-text.ts): shown as it is in titles and buttons (plain
 * text on Lark); made inert in the `md` of posts and cards, where it could otherwise open a link or a
 * tag, and in text messages, where Lark still reads `<at user_id="all">`, `<b>`-style tags and
 * `[text](url)` links (docs/lark-protocol.md §4).
 */
function withUserTextRendered(message: Message): Message {
  const plain = plainMessage(message);
  const inert = message.kind === 'text' || message.kind === 'file' ? inertText : inertMarkdown;
  const render = (text: string | undefined) => (text === undefined ? undefined : renderUserText(text, inert));
  return { ...plain, markdown: render(message.markdown), text: render(message.text) };
}

/** Brackets become their full-width twins, which read the same and mean nothing to Lark's text parser. */
function inertText(value: string): string {
  return value.replace(/[<>[\]]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
}

function buildCard(
  title: string,
  markdown: string,
  buttons: readonly CardButton[],
  chat: 'group' | 'direct',
): Record<string, unknown> {
  const elements: unknown[] = [{ tag: 'markdown', content: markdown }];
  for (const button of buttons) {
    const value: ButtonValue = { action: button.actionId, value: button.value, chat };
    elements.push({
      tag: 'button',
      text: { tag: 'plain_text', content: button.label },
      type: 'primary',
      behaviors: [{ type: 'callback', value }],
    });
  }
  return {
    schema: '2.0',
    // A card in a group is one shared instance: an update shows the outcome to everyone.
    config: { update_multi: true },
    header: { title: { tag: 'plain_text', content: title }, template: 'blue' },
    body: { elements },
  };
}

/** A post's `md` element renders bold, lists, links and quotes but no headings: a heading becomes a bold line. */
function postMarkdown(markdown: string): string {
  return markdown.replace(/^#{1,6}[ \t]+(.+?)[ \t]*#*$/gm, '**$1**');
}

function cardMentions(ids: readonly string[]): string {
  return ids.length === 0 ? '' : `\n\n${ids.map((id) => `<at id=${id}></at>`).join(' ')}`;
}

/** Splits at line boundaries within `budget` escaped bytes; several parts are numbered "(i/n)". */
function numbered(body: string, budget: number): string[] {
  const chunks = splitByEscapedBytes(body, budget - COUNTER_RESERVE_BYTES);
  if (chunks.length === 1) return chunks;
  return chunks.map((chunk, index) => `(${index + 1}/${chunks.length})\n${chunk}`);
}

function deriveTitle(title: string | undefined, body: string, fallback: string): string {
  const chosen =
    title !== undefined && title !== ''
      ? title
      : (body
          .split('\n')
          .map((line) => line.replace(/^[\s#>*-]+/, '').trim())
          .find((line) => line !== '') ?? fallback);
  const chars = Array.from(chosen);
  return chars.length > TITLE_MAX_CHARS ? `${chars.slice(0, TITLE_MAX_CHARS).join('')}…` : chosen;
}
