import type { Role } from '../domain/org/roles.ts';
import { hasAnyRole, ROLE_LABELS } from '../domain/org/roles.ts';
import { zhCN } from '../messages/zh-CN.ts';
import { CodedError } from './errors.ts';
import type { CommandArgs } from './context.ts';

/**
 * A verb of a command with its own permission (/布局导引 添加 is IPB's, /布局导引 is everyone's).
 * Declared here rather than checked in the handler, so /帮助, the app's permission check and the
 * authorization tests read one table.
 */
export interface SubcommandSpec {
  /** The words that select it, as typed after the command name; the first is shown. */
  words: readonly string[];
  /** Selected instead by key=value arguments when no word selects another (/流转 企业=… applies). */
  byNamedArguments?: boolean;
  /** How a refusal names a subcommand no word selects (`<编号> 理由=…`). */
  shown?: string;
  roles: readonly Role[] | 'registered';
  usage: string;
  example: string;
}

/** One chat command, declared once: parsing, permission, /帮助 and suggestions all derive from it. */
export interface CommandSpec<K extends string = string> {
  name: string;
  alias: string;
  summary: string;
  usage: readonly string[];
  example: string;
  /** Who may run it; 'registered' means every registered user. */
  roles: readonly Role[] | 'registered';
  /** Accepted spellings of each key=value parameter (Chinese and English), keyed by canonical name. */
  keys?: Readonly<Record<K, readonly string[]>>;
  /**
   * The arguments are free text (a pasted CSV, a holiday list): no key=value or quote parsing;
   * positional words are split on white space and `command.text` keeps the lines.
   */
  freeText?: boolean;
  subcommands?: readonly SubcommandSpec[];
  handler: (args: CommandArgs<K>) => Promise<void>;
}

// Buttons live in their own module so that src/messages can build them without loading the catalogue through
// this file (zh-CN.ts includes every workflow's messages, so that import would be a cycle).
export { buttonFor, RUN_COMMAND_ACTION } from './buttons.ts';

export function defineCommand<K extends string = never>(spec: CommandSpec<K>): CommandSpec<K> {
  return spec;
}

/** The subcommand selected by the first argument, if the command declares one for it. */
export function findSubcommand(
  spec: Pick<CommandSpec, 'subcommands'>,
  firstWord: string | undefined,
  hasNamedArguments = false,
): SubcommandSpec | undefined {
  const word = firstWord?.toLowerCase();
  const byWord =
    word === undefined ? undefined : spec.subcommands?.find((sub) => sub.words.some((w) => w.toLowerCase() === word));
  return byWord ?? (hasNamedArguments ? spec.subcommands?.find((sub) => sub.byNamedArguments === true) : undefined);
}

export function mayRun(spec: Pick<CommandSpec, 'roles'>, roles: readonly { role: Role }[]): boolean {
  return spec.roles === 'registered' || hasAnyRole(roles as { role: Role; scope: string }[], spec.roles);
}

export function roleLabels(spec: Pick<CommandSpec, 'roles'>): string {
  return spec.roles === 'registered' ? zhCN.help.everyone() : spec.roles.map((r) => ROLE_LABELS[r]).join('、');
}

export class CommandRegistry {
  private readonly byName = new Map<string, CommandSpec>();
  private readonly specs: CommandSpec[] = [];

  add(spec: CommandSpec): void {
    for (const name of [spec.name, spec.alias.toLowerCase()]) {
      const taken = this.byName.get(name);
      if (taken)
        throw new CodedError(
          'duplicate-command',
          `command name "${name}" of /${spec.name} is already used by /${taken.name}`,
        );
    }
    this.byName.set(spec.name, spec);
    this.byName.set(spec.alias.toLowerCase(), spec);
    this.specs.push(spec);
  }

  find(name: string): CommandSpec | undefined {
    return this.byName.get(name) ?? this.byName.get(name.toLowerCase());
  }

  all(): readonly CommandSpec[] {
    return this.specs;
  }

  visibleTo(roles: readonly { role: Role }[]): CommandSpec[] {
    return this.specs.filter((spec) => mayRun(spec, roles));
  }

  /** The closest command names to a mistyped one, best first. */
  suggest(input: string, among: readonly CommandSpec[] = this.specs, limit = 3): string[] {
    return closestCommands(input, among, limit);
  }
}

/**
 * The commands whose name or alias is closest to `input`, best first: containing it (or contained)
 * counts as half a mismatch, otherwise the edit distance relative to the longer word, up to half.
 * Shared by the unknown-command answer and /帮助 <命令>, so both suggest the same.
 */
export function closestCommands(
  input: string,
  among: readonly Pick<CommandSpec, 'name' | 'alias'>[],
  limit = 3,
): string[] {
  const needle = input.toLowerCase();
  if (needle === '') return [];
  const scored = among
    .map((spec) => {
      const distances = [spec.name, spec.alias.toLowerCase()].map((candidate) => {
        if (candidate.includes(needle) || needle.includes(candidate)) return 0.5;
        return editDistance(needle, candidate) / Math.max(candidate.length, needle.length);
      });
      return { name: spec.name, score: Math.min(...distances) };
    })
    .filter((entry) => entry.score <= 0.5)
    .sort((a, b) => a.score - b.score);
  return scored.slice(0, limit).map((entry) => entry.name);
}

/** Levenshtein distance over code points, so one Chinese character counts as one edit. */
export function editDistance(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  let previous = Array.from({ length: y.length + 1 }, (_, i) => i);
  for (let i = 1; i <= x.length; i++) {
    const current = [i];
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
    }
    previous = current;
  }
  return previous[y.length] ?? 0;
}
