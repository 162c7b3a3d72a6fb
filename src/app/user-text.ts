/**
 * User-supplied text inside the bot's messages (project and company names, notes, reasons, user
 * and group names…). The message catalog wraps every value it interpolates in two private-use
 * characters, so the neutral Message keeps knowing which parts of its text came from users. Each
 * platform's encoder then renders those parts for its own syntax — DingTalk markdown makes links,
 * images, HTML and line-start blocks inert; a plain-text channel only drops the marks — and no mark
 * ever reaches a chat. A single-line value loses its line breaks when it is marked, on every
 * platform, so a name can never start a forged heading. Users cannot type the marks: the app
 * removes them from everything it receives.
 */
import type { Message } from './receiver.ts';

const START = '\uE000';
const END = '\uE001';
const MARKS = /[\uE000\uE001]/g;
const SPAN = /\uE000([^\uE000\uE001]*)\uE001/g;
const LINE_BREAKS = /[\r\n\u0085\u2028\u2029\v\f]+/g;

/** Removes the marks from text that came from outside (a message, a display name). */
export function withoutMarks(text: string): string {
  return text.replace(MARKS, '');
}

/** Marks one user-supplied value; a single-line one loses its line breaks. */
export function markUserText(value: string, multiline = false): string {
  const clean = withoutMarks(value);
  return START + (multiline ? clean : clean.replace(LINE_BREAKS, ' ')) + END;
}

/**
 * Renders each marked span with `escape` and drops the marks. `atLineStart` says whether the span
 * begins a line of the whole text, where markdown would read `#`, `>` or `-` as block syntax.
 */
export function renderUserText(text: string, inert: (value: string, atLineStart: boolean) => string): string {
  return text
    .replace(SPAN, (_span, value: string, offset: number) => inert(value, offset === 0 || text[offset - 1] === '\n'))
    .replace(MARKS, '');
}

/** Full-width twins: they read the same to an officer and mean nothing to a markdown renderer. */
const INERT: Record<string, string> = {
  '[': '［',
  ']': '］',
  '<': '＜',
  '>': '＞',
  '`': '｀',
  '#': '＃',
  '-': '－',
  '*': '＊',
  '+': '＋',
  '=': '＝',
  _: '＿',
  '.': '．',
  ')': '）',
  '|': '｜',
};
const inert = (text: string) => text.replace(/[[\]<>`#\-*+=_.)|]/g, (c) => INERT[c] ?? c);

/**
 * An escape for markdown renderers (DingTalk's, the simulator page's): user text can open no link or
 * image (`[`, `]`), no HTML (`<`), no code, and at the start of a line no heading, quote, list, rule
 * or table. The characters become their full-width twins, because DingTalk documents no backslash
 * escapes; an officer reads them the same.
 */
export function inertMarkdown(value: string, atLineStart: boolean): string {
  return value
    .replace(/[[\]<>`]/g, (c) => INERT[c] ?? c)
    .split('\n')
    .map((line, index) => {
      if (index === 0 && !atLineStart) return line;
      if (/^[ \t]*([-=_*][ \t]*){2,}$/.test(line)) return inert(line);
      return line.replace(
        /^([ \t]*)(#+|[-*+](?=[ \t]|$)|\d+[.)](?=[ \t]|$)|\|)/,
        (_m, space: string, mark: string) => space + inert(mark),
      );
    })
    .join('\n');
}

/** The same message with every mark dropped: for platforms and fields that show text as it is. */
export function plainMessage(message: Message): Message {
  const plain = (text: string | undefined) => (text === undefined ? undefined : withoutMarks(text));
  return {
    ...message,
    text: plain(message.text),
    title: plain(message.title),
    markdown: plain(message.markdown),
    buttons: message.buttons?.map((button) => ({
      ...button,
      label: withoutMarks(button.label),
      value: withoutMarks(button.value),
    })),
  };
}

/**
 * Wraps every template of a catalog so that the values of the named parameters — the ones that
 * carry what users typed — are marked, also inside arrays and plain objects. Everything else (codes,
 * statuses, numbers, units) is the bot's own and passes untouched, so templates may still compare
 * and look up their parameters. A value that already carries marks passes through as it is.
 */
export function markCatalogValues<T extends object>(
  catalog: T,
  keys: { singleLine: ReadonlySet<string>; multiline: ReadonlySet<string> },
): T {
  const markValue = (value: unknown, key: string): unknown => {
    if (typeof value === 'string') {
      const multiline = keys.multiline.has(key);
      if ((!multiline && !keys.singleLine.has(key)) || value.includes(START)) return value;
      return markUserText(value, multiline);
    }
    if (Array.isArray(value)) return value.map((item) => markValue(item, key));
    if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, markValue(v, k)]));
    }
    return value;
  };
  const wrap = (node: unknown): unknown => {
    if (typeof node === 'function') {
      const template = node as (...args: unknown[]) => unknown;
      // Only parameter objects are read by name; a bare argument is a lookup key, never user text.
      return (...args: unknown[]) =>
        template(...args.map((arg) => (typeof arg === 'object' ? markValue(arg, '') : arg)));
    }
    if (node !== null && typeof node === 'object' && !Array.isArray(node)) {
      return Object.fromEntries(Object.entries(node).map(([key, child]) => [key, wrap(child)]));
    }
    return node;
  };
  return wrap(catalog) as T;
}
