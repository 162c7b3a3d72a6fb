/**
 * Card buttons run commands by their text, so a button is only as good as the words it writes.
 * Every button is built by `buttonFor` from src/messages/command-words.ts, the constants the
 * commands' declarations read: these tests fail when a declaration stops reading them, when a
 * built button would not parse as its command, or when a service types a button by hand again.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { supportCase } from '../../../commands/case.ts';
import { citylead } from '../../../commands/citylead.ts';
import { overbid } from '../../../commands/overbid.ts';
import { review } from '../../../commands/review.ts';
import { vote } from '../../../commands/vote.ts';
import { buttonFor, findSubcommand, RUN_COMMAND_ACTION, type CommandSpec } from '../../../src/app/command.ts';
import { tokenizeCommand } from '../../../src/domain/parsing/tokenizer.ts';
import { splitVerdict, VERDICT_LABELS } from '../../../src/domain/transfers/voting.ts';
import {
  CITY_LED_WORDS,
  OVERBID_WORDS,
  REVIEW_WORDS,
  SUPPORT_CASE_WORDS,
  VOTE_WORDS,
  type CommandWords,
} from '../../../src/messages/command-words.ts';

const DECLARED: ReadonlyArray<[CommandWords, CommandSpec<string>]> = [
  [REVIEW_WORDS, review as CommandSpec<string>],
  [CITY_LED_WORDS, citylead as CommandSpec<string>],
  [SUPPORT_CASE_WORDS, supportCase as CommandSpec<string>],
  [VOTE_WORDS, vote as CommandSpec<string>],
  [OVERBID_WORDS, overbid as CommandSpec<string>],
];

describe('buttons come from the command declarations', () => {
  it.each(DECLARED.map(([words, spec]) => [spec.alias, words, spec] as const))(
    '/%s is declared with its CommandWords name',
    (_alias, words, spec) => {
      expect(spec.name).toBe(words.name);
    },
  );

  it('every subcommand verb of a declaration is the CommandWords array itself, so renaming one renames both', () => {
    for (const [words, spec] of DECLARED) {
      // A subcommand selected by its key=value arguments has no verb to share.
      for (const sub of (spec.subcommands ?? []).filter((s) => s.words.length > 0)) {
        const shared = Object.values(words.verbs).find((verb) => verb === sub.words);
        expect(shared, `/${spec.name} ${sub.words[0]} is declared with its own word list`).toBeDefined();
      }
    }
  });

  it('a built button runs its command, with the words in order', () => {
    const button = buttonFor(CITY_LED_WORDS, [CITY_LED_WORDS.verbs.approve[0], 'ZS-2026-0001'], '批准');
    expect(button).toEqual({ actionId: RUN_COMMAND_ACTION, value: '/市级主谈 批准 ZS-2026-0001', label: '批准' });
    const parsed = tokenizeCommand(button.value);
    expect(parsed).toMatchObject({ kind: 'command', name: '市级主谈', positional: ['批准', 'ZS-2026-0001'] });
  });

  it('each verb a button writes selects the subcommand that runs it', () => {
    const cases: Array<[CommandSpec<string>, readonly [string, ...string[]]]> = [
      [citylead as CommandSpec<string>, CITY_LED_WORDS.verbs.approve],
      [citylead as CommandSpec<string>, CITY_LED_WORDS.verbs.decline],
      [supportCase as CommandSpec<string>, SUPPORT_CASE_WORDS.verbs.decide],
      [supportCase as CommandSpec<string>, SUPPORT_CASE_WORDS.verbs.escalate],
      [supportCase as CommandSpec<string>, SUPPORT_CASE_WORDS.verbs.screen],
      [overbid as CommandSpec<string>, OVERBID_WORDS.verbs.dispose],
    ];
    for (const [spec, verb] of cases) expect(findSubcommand(spec, verb[0])?.words).toBe(verb);
  });

  it('the screening card’s buttons (R10) select /一事一议 审核 with the verdict words its handler reads', () => {
    const { screen, pass, return: back } = SUPPORT_CASE_WORDS.verbs;
    for (const verdict of [pass, back]) {
      const button = buttonFor(SUPPORT_CASE_WORDS, [screen[0], 'YS-2026-0001', verdict[0]], verdict[0]);
      const parsed = tokenizeCommand(button.value);
      expect(parsed).toMatchObject({
        kind: 'command',
        name: '一事一议',
        positional: ['审核', 'YS-2026-0001', verdict[0]],
      });
      const positional = parsed.kind === 'command' ? parsed.positional : [];
      expect(findSubcommand(supportCase as CommandSpec<string>, positional[0])?.roles).toEqual(['IPB']);
      expect(verdict).toContain(positional[2]);
    }
  });

  it("/评审's buttons write the domain's verdict labels, which its parser reads back", () => {
    for (const [verdict, label] of Object.entries(VERDICT_LABELS)) expect(splitVerdict(label)?.verdict).toBe(verdict);
  });

  it('no service or message types a command button by hand', () => {
    const root = fileURLToPath(new URL('../../../src/', import.meta.url));
    const offenders: string[] = [];
    for (const entry of readdirSync(root, { recursive: true, encoding: 'utf8' })) {
      if (!entry.endsWith('.ts') || entry.includes('generated')) continue;
      const text = readFileSync(join(root, entry), 'utf8');
      if (/value:\s*[`'"]\//.test(text) || /actionId:\s*['"`]command['"`]/.test(text)) offenders.push(entry);
    }
    expect(offenders).toEqual([]);
  });
});
