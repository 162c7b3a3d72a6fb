/**
 * Splits a chat message into a slash command, positional words and key=value pairs. Officers type
 * on phones with Chinese IMEs, so the grammar tolerates full-width punctuation, curly quotes and
 * stray spaces around "=" instead of demanding shell-like precision.
 */

import { toHalfWidth, toHalfWidthKeepingProse } from './width.ts';

export type TokenizeErrorCode = 'unterminated-quote' | 'too-long' | 'empty-key' | 'empty-value';

export interface NamedArgument {
  key: string;
  value: string;
}

export type TokenizeResult =
  | { kind: 'command'; name: string; positional: string[]; named: NamedArgument[] }
  | { kind: 'not-command' }
  | { kind: 'error'; code: TokenizeErrorCode; detail?: string };

export interface TokenizeOptions {
  /** Names the bot is @-mentioned by; such mentions are noise, other mentions are arguments. */
  botNames?: string[];
}

export const MAX_COMMAND_LENGTH = 4000;

const QUOTE_CLOSERS: ReadonlyMap<string, string> = new Map([
  ['"', '"'],
  ["'", "'"],
  ['“', '”'],
  ['‘', '’'],
  ['「', '」'],
  ['『', '』'],
]);

// ":" is also ordinary punctuation ("14:30", "其他:说明"), so it only separates a key that looks
// like a field name. Twelve code points are at most 24 code units, which bounds the regex work.
const COLON_KEY = /^\p{L}{1,12}$/u;
const COLON_KEY_MAX_UNITS = 24;

const SPACE = /\s/;

type Failure = { kind: 'error'; code: TokenizeErrorCode; detail?: string };

/**
 * Syntax is read on `text` (half-width), words and values are taken from `prose`, the same string
 * with the officer's prose punctuation kept: both map character for character, so positions agree.
 */
class Cursor {
  pos = 0;

  constructor(
    readonly text: string,
    readonly prose: string,
    private readonly mentions: readonly string[],
  ) {}

  atEnd(): boolean {
    return this.pos >= this.text.length;
  }

  peek(): string {
    return this.text.charAt(this.pos);
  }

  isSpaceAt(index: number): boolean {
    return SPACE.test(this.text.charAt(index));
  }

  skipSpace(): void {
    while (!this.atEnd() && this.isSpaceAt(this.pos)) this.pos++;
  }

  wordEnd(): number {
    let end = this.pos;
    while (end < this.text.length && !this.isSpaceAt(end)) end++;
    return end;
  }

  readBare(): string {
    const end = this.wordEnd();
    const word = this.prose.slice(this.pos, end);
    this.pos = end;
    return word;
  }

  /** Consumes "@<bot name>" when it stands as a whole token at the cursor. */
  skipMention(): boolean {
    if (this.peek() !== '@') return false;
    const from = this.pos + 1;
    for (const name of this.mentions) {
      const after = from + name.length;
      const candidate = this.text.slice(from, after).toLowerCase();
      if (candidate === name && (after >= this.text.length || this.isSpaceAt(after))) {
        this.pos = after;
        return true;
      }
    }
    return false;
  }

  /**
   * Reads a word that opens with a quote. The quotes only group when they open the word, so
   * quotation marks inside ordinary text (备注=他说“可以”) stay literal; anything glued to the
   * closing quote is appended literally for the same reason.
   */
  readQuoted(closer: string): string | Failure {
    const opener = this.peek();
    const close = this.text.indexOf(closer, this.pos + 1);
    if (close === -1) return { kind: 'error', code: 'unterminated-quote', detail: opener };
    const inner = this.prose.slice(this.pos + 1, close);
    this.pos = close + 1;
    return inner + this.readBare();
  }

  /** Index of the first key/value separator inside the word [pos, end), or -1. */
  separatorIn(end: number): number {
    for (let i = this.pos; i < end; i++) {
      const ch = this.text.charAt(i);
      if (ch === '=') return i;
      if (ch === ':' && i - this.pos <= COLON_KEY_MAX_UNITS) {
        if (COLON_KEY.test(this.text.slice(this.pos, i))) return i;
      }
    }
    return -1;
  }
}

function asciiLower(s: string): string {
  return s.replace(/[A-Z]/g, (ch) => ch.toLowerCase());
}

function isFailure(value: string | Failure): value is Failure {
  return typeof value !== 'string';
}

function normaliseBotNames(names: readonly string[]): string[] {
  const cleaned = names.map((n) => toHalfWidth(n).trim().toLowerCase()).filter((n) => n !== '');
  // Longest first, so a bot called "招商 助手" is not cut short by another called "招商".
  return cleaned.sort((a, b) => b.length - a.length);
}

/** Reads the value after a separator the cursor has just passed. */
function readValue(cursor: Cursor, key: string): string | Failure {
  const detached = cursor.atEnd() || cursor.isSpaceAt(cursor.pos);
  if (detached) {
    cursor.skipSpace();
    if (cursor.atEnd()) return { kind: 'error', code: 'empty-value', detail: key };
  }
  const closer = QUOTE_CLOSERS.get(cursor.peek());
  if (closer !== undefined) return cursor.readQuoted(closer);
  // "项目= 金额=5亿" means the officer left 项目 blank, not that 项目 is "金额=5亿".
  if (detached && cursor.separatorIn(cursor.wordEnd()) !== -1) {
    return { kind: 'error', code: 'empty-value', detail: key };
  }
  return cursor.readBare();
}

export function tokenizeCommand(text: string, options: TokenizeOptions = {}): TokenizeResult {
  if (text.length > MAX_COMMAND_LENGTH) return { kind: 'error', code: 'too-long' };
  const trimmed = text.trim();
  const cursor = new Cursor(
    toHalfWidth(trimmed),
    toHalfWidthKeepingProse(trimmed),
    normaliseBotNames(options.botNames ?? []),
  );

  while (cursor.skipMention()) cursor.skipSpace();
  if (cursor.peek() !== '/') return { kind: 'not-command' };
  cursor.pos++;
  const name = asciiLower(toHalfWidth(cursor.readBare()));

  const positional: string[] = [];
  const named: NamedArgument[] = [];
  // The previous bare positional, which a following detached "=" claims as its key ("项目 = 杭州").
  let pendingKey: string | null = null;

  for (;;) {
    cursor.skipSpace();
    if (cursor.atEnd()) break;
    if (cursor.skipMention()) {
      pendingKey = null;
      continue;
    }

    const closer = QUOTE_CLOSERS.get(cursor.peek());
    if (closer !== undefined) {
      const word = cursor.readQuoted(closer);
      if (isFailure(word)) return word;
      positional.push(word);
      pendingKey = null;
      continue;
    }

    const start = cursor.pos;
    const end = cursor.wordEnd();
    const separator = cursor.separatorIn(end);
    if (separator === -1) {
      const word = cursor.readBare();
      positional.push(word);
      pendingKey = word;
      continue;
    }

    let key: string;
    if (separator === start) {
      if (pendingKey === null) return { kind: 'error', code: 'empty-key' };
      positional.pop();
      key = toHalfWidth(pendingKey);
    } else {
      key = cursor.text.slice(start, separator);
    }
    key = asciiLower(key);
    cursor.pos = separator + 1;
    const value = readValue(cursor, key);
    if (isFailure(value)) return value;
    named.push({ key, value });
    pendingKey = null;
  }

  return { kind: 'command', name, positional, named };
}
