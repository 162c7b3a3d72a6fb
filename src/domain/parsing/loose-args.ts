/**
 * key=value reading for commands whose arguments end in prose (会议纪要, 预评估, 投资建议). The general
 * tokenizer treats any "词：" as a key, so minutes such as "会议决定：由萧山区承载" would be refused as
 * an unknown parameter; here only the keys a verb declares are keys, and a prose key's value runs over
 * the following words up to the next declared key, so officers need no quotes around sentences.
 *
 * Words come as typed (full-width punctuation intact), so prose values keep their ，and ：.
 */

import { toHalfWidth } from './width.ts';

export type LooseArgsProblem = { problem: 'duplicate-key' | 'empty-value'; key: string };

export type LooseArgsResult<K extends string> =
  | { ok: true; positional: string[]; named: Partial<Record<K, string>> }
  | ({ ok: false } & LooseArgsProblem);

const WRAPPING_QUOTES: ReadonlyArray<readonly [string, string]> = [
  ['"', '"'],
  ['“', '”'],
  ["'", "'"],
  ['「', '」'],
];

function unquote(value: string): string {
  const text = value.trim();
  for (const [open, close] of WRAPPING_QUOTES) {
    if (text.length >= 2 && text.startsWith(open) && text.endsWith(close))
      return text.slice(open.length, text.length - close.length).trim();
  }
  return text;
}

/**
 * The declared key a word opens with ("金额=2亿", "金额：2亿", "ａｍｏｕｎｔ＝2亿"), and what follows it as
 * typed. toHalfWidth maps character for character, so positions in the converted word are positions
 * in the word itself and the value keeps the officer's own punctuation.
 */
function keyOf<K extends string>(
  word: string,
  spellings: ReadonlyMap<string, K>,
): { key: K; spelled: string; rest: string } | null {
  const half = toHalfWidth(word);
  const at = half.search(/[=:]/);
  if (at <= 0) return null;
  const spelled = half.slice(0, at);
  const key = spellings.get(spelled.toLowerCase());
  return key === undefined ? null : { key, spelled, rest: word.slice(at + 1) };
}

export function parseLooseArgs<K extends string>(
  words: readonly string[],
  keys: Readonly<Partial<Record<K, readonly string[]>>>,
  proseKeys: readonly NoInfer<K>[] = [],
): LooseArgsResult<K> {
  const spellings = new Map<string, K>();
  for (const [canonical, accepted] of Object.entries(keys) as [K, readonly string[] | undefined][]) {
    spellings.set(canonical.toLowerCase(), canonical);
    for (const spelling of accepted ?? []) spellings.set(spelling.toLowerCase(), canonical);
  }
  const positional: string[] = [];
  const collected = new Map<K, { spelled: string; parts: string[] }>();
  let open: K | null = null;
  // A key written as "说明=" with its value in the next word is still waiting for that word.
  let waiting: K | null = null;

  for (const word of words) {
    if (word === '') continue;
    const opened = keyOf(word, spellings);
    if (opened !== null) {
      if (waiting !== null)
        return { ok: false, problem: 'empty-value', key: collected.get(waiting)?.spelled ?? waiting };
      if (collected.has(opened.key)) return { ok: false, problem: 'duplicate-key', key: opened.spelled };
      collected.set(opened.key, { spelled: opened.spelled, parts: opened.rest === '' ? [] : [opened.rest] });
      open = proseKeys.includes(opened.key) ? opened.key : null;
      waiting = opened.rest === '' ? opened.key : null;
      continue;
    }
    if (waiting !== null) {
      collected.get(waiting)?.parts.push(word);
      waiting = null;
      continue;
    }
    if (open !== null) collected.get(open)?.parts.push(word);
    else positional.push(word);
  }
  if (waiting !== null) return { ok: false, problem: 'empty-value', key: collected.get(waiting)?.spelled ?? waiting };

  const named: Partial<Record<K, string>> = {};
  for (const [key, { spelled, parts }] of collected) {
    const value = unquote(parts.join(' '));
    if (value === '') return { ok: false, problem: 'empty-value', key: spelled };
    named[key] = value;
  }
  return { ok: true, positional, named };
}
