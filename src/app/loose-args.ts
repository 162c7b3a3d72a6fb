import { parseLooseArgs } from '../domain/parsing/loose-args.ts';
import { MAX_COMMAND_LENGTH } from '../domain/parsing/tokenizer.ts';
import { zhCN } from '../messages/zh-CN.ts';
import type { CommandArgs } from './context.ts';
import { UserError } from './errors.ts';

/**
 * key=value pairs of a free-text command whose arguments end in prose (minutes, suggestions): only the
 * keys given are keys, and each prose key's value runs to the next key. Refuses what the tokenizer
 * would refuse for an ordinary command: an over-long message, an empty or repeated key.
 */
export function looseArgs<K extends string>(
  args: Pick<CommandArgs<string>, 'command'>,
  words: readonly string[],
  keys: Readonly<Partial<Record<K, readonly string[]>>>,
  proseKeys: readonly NoInfer<K>[] = [],
): { positional: string[]; named: Partial<Record<K, string>> } {
  refuseOverlong(args);
  const parsed = parseLooseArgs(words, keys, proseKeys);
  if (parsed.ok) return parsed;
  throw new UserError(
    parsed.problem === 'duplicate-key'
      ? zhCN.internal.duplicateKey({ key: parsed.key })
      : zhCN.internal.emptyValue({ key: parsed.key }),
  );
}

/**
 * The words after the command name as typed. The app's positional words of a free-text command are
 * converted to half-width, which would turn prose punctuation (，：) into ASCII; both split on the same
 * white space, so index i names the same word in each.
 */
export function rawWords(args: Pick<CommandArgs<string>, 'command'>): string[] {
  return args.command.text.split(/\s+/).filter(Boolean);
}

/** A free-text command skips the tokenizer, and with it the tokenizer's length limit. */
export function refuseOverlong(args: Pick<CommandArgs<string>, 'command'>): void {
  if (args.command.text.length > MAX_COMMAND_LENGTH) throw new UserError(zhCN.internal.tooLong());
}
