/**
 * Every citation says what it cites, and only that (DESIGN §10). Two checks:
 * - the source: no string in src/ or commands/ writes a citation by hand — 《工作制度》 with a clause,
 *   （依据…, a bare clause tag （四(一)）, or 实施规则 Rn — outside src/messages/citation.ts;
 * - the output: the whole message catalogue (every function called with stand-in parameters) and every
 *   command's help text is rendered, and each citation in it must be one the helpers produce for a
 *   clause or rule that exists; no sentence citing 《工作制度》 may state a rule the policy does not
 *   (the list: 先报备者优先, four-way unanimity, the land score, the stock-land ratio, the energy
 *   method, the platform total, 5/10 working days).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { installCommands } from '../../../commands/index.ts';
import type { App } from '../../../src/app/app.ts';
import type { CommandSpec } from '../../../src/app/command.ts';
import { CLAUSES, parseClauseId } from '../../../src/domain/regulation/clauses.ts';
import { parseRuleId, ruleById } from '../../../src/domain/regulation/rules.ts';
import { citeClause } from '../../../src/messages/citation.ts';
import { zhCN } from '../../../src/messages/zh-CN.ts';
import { renderCatalogue } from './catalogue-walk.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
/** The helpers themselves, and the registries whose data the helpers read. */
const HELPERS = ['src/messages/citation.ts', 'src/domain/regulation/clauses.ts', 'src/domain/regulation/rules.ts'];

const HAND_WRITTEN: readonly [string, RegExp][] = [
  ['《工作制度》 followed by a clause', /《工作制度》\s*(附件第?\s*\d|[一二三四五六序])/],
  ['（依据《…》', /依据《工作制度》/],
  ['a bare clause tag', /（\s*[一二三四五六]\s*[(（][一二三][)）]/],
  ['an implementation rule', /实施规则\s*R\d/],
];

/** Phrases that state implementation rules, never the policy (issue #13 §1). */
const RULE_PHRASES = [
  '先报备者优先',
  '在先报备',
  '四家全部同意',
  '全部同意方可',
  '任一不同意',
  '任一单位不同意',
  '任一家不同意',
  '一致同意',
  '5 个工作日',
  '10 个工作日',
  '5 个和 10 个工作日',
  '个工作日未评审',
  '50 ×',
  '50% + 亩均',
  '1:1',
  '1 亩',
  '万元/吨标煤）从高到低',
  '从高到低分配',
  '÷ 4',
  '总分 =',
  '得分 =',
  // Which statuses may become 市级主谈 is the bot's, not 四(二)'s; a transfer promise counted as 比拼 is R12.
  '只有待审核、首谈期内或首谈期满',
  '迁入地承诺',
];

function sourceFiles(): { path: string; text: string }[] {
  const files: { path: string; text: string }[] = [];
  for (const root of ['src', 'commands']) {
    for (const entry of readdirSync(posix.join(ROOT, root), { recursive: true, encoding: 'utf8' })) {
      const path = posix.join(root, entry.split('\\').join('/'));
      if (!/\.ts$/.test(path) || path.startsWith('src/db/generated/') || HELPERS.includes(path)) continue;
      files.push({ path, text: readFileSync(posix.join(ROOT, path), 'utf8') });
    }
  }
  return files;
}

/** Comments may name clauses freely (they explain the code); only code and strings are checked. */
const stripComments = (text: string) =>
  text
    .replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, ' '))
    .replace(/^[ \t]*\/\/.*$/gm, '')
    .replace(/\s\/\/ .*$/gm, '');

describe('citations in the source', () => {
  const files = sourceFiles();

  it('reads the messages and the commands', () => {
    expect(files.some((f) => f.path === 'src/messages/projects.ts')).toBe(true);
    expect(files.some((f) => f.path === 'commands/violation.ts')).toBe(true);
  });

  it('writes no citation by hand outside the helpers', () => {
    const found: string[] = [];
    for (const file of files) {
      stripComments(file.text)
        .split('\n')
        .forEach((line, index) => {
          for (const [name, pattern] of HAND_WRITTEN)
            if (pattern.test(line)) found.push(`${file.path}:${index + 1} ${name}: ${line.trim().slice(0, 120)}`);
        });
    }
    expect(found).toEqual([]);
  });

  it('would catch one (the patterns are live)', () => {
    const samples = [
      '`已通知（依据《工作制度》四(一)）。`',
      "'记录违规（四(一)）'",
      '`（实施规则 R3「顺序」）`',
      "'见《工作制度》附件第9项'",
    ];
    for (const sample of samples)
      expect(
        HAND_WRITTEN.some(([, pattern]) => pattern.test(sample)),
        sample,
      ).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------
// Help texts (the catalogue itself is rendered by ./catalogue-walk.ts)

function helpTexts(): { path: string; text: string }[] {
  const specs: CommandSpec[] = [];
  const collector = {
    command: (spec: CommandSpec) => {
      specs.push(spec);
      return collector;
    },
  };
  installCommands(collector as unknown as App);
  return specs.flatMap((spec) => [
    { path: `/${spec.name} summary`, text: spec.summary },
    ...spec.usage.map((text) => ({ path: `/${spec.name} usage`, text })),
    { path: `/${spec.name} example`, text: spec.example },
    ...(spec.subcommands ?? []).flatMap((sub) => [
      { path: `/${spec.name} ${sub.words[0] ?? ''} usage`, text: sub.usage },
      { path: `/${spec.name} ${sub.words[0] ?? ''} example`, text: sub.example },
    ]),
  ]);
}

/** Every citation fragment in a text that does not match what the helpers produce for a real clause or rule. */
function badCitations(text: string): string[] {
  const bad: string[] = [];
  for (const m of text.matchAll(/（依据《工作制度》([^）]*)）/g)) {
    const id = parseClauseId(m[1]!.replace(/^附件第(\d+)项$/, '附件$1'));
    if (id === undefined || citeClause(id) !== m[0]) bad.push(m[0]);
  }
  for (const m of text.matchAll(/《工作制度》([一二三四五六七八九十]+(?:\([一二三四五六]\))?|附件第\d+项)/g)) {
    if (parseClauseId(m[1]!.replace(/^附件第(\d+)项$/, '附件$1')) === undefined) bad.push(m[0]);
  }
  for (const m of text.matchAll(/实施规则 (R\d+)「([^」]*)」/g)) {
    const id = parseRuleId(m[1]!);
    if (id === undefined || ruleById(id).name !== m[2]) bad.push(m[0]);
  }
  return bad;
}

/** Sentences (split at 。；! and line breaks) that cite the policy and also state a rule of the list. */
function ruleStatedAsPolicy(text: string): string[] {
  return text
    .split(/[。；\n]/)
    .filter((sentence) => sentence.includes('《工作制度》'))
    .filter((sentence) =>
      RULE_PHRASES.some(
        (phrase) =>
          sentence.replace(/（实施规则 R\d+「[^」]*」）/g, '').includes(phrase) && !sentence.includes('实施规则'),
      ),
    );
}

describe('citations in what the bot says', () => {
  const { texts: rendered, failures } = renderCatalogue(zhCN, 'zhCN');
  const texts = [...rendered, ...helpTexts()];

  it('renders the catalogue and the help texts (so the checks below see them)', () => {
    expect(rendered.length).toBeGreaterThan(600);
    expect(failures.length).toBeLessThan(rendered.length / 10);
    expect(texts.some((t) => t.text.includes('（依据《工作制度》四(一)）'))).toBe(true);
    expect(texts.some((t) => t.text.includes('（实施规则 R4「存量流转联合审查结论」）'))).toBe(true);
  });

  it('cites only clauses and rules that exist, in the helpers’ words', () => {
    const found = texts.flatMap((t) => badCitations(t.text).map((c) => `${t.path}: ${c}`));
    expect(found).toEqual([]);
    // 四(四) is caught twice (as a citation and as a clause reference), then the wrong rule name and 七.
    expect(badCitations('（依据《工作制度》四(四)）、实施规则 R3「先报先审」、《工作制度》七')).toHaveLength(4);
  });

  it('never states an implementation rule in a sentence that cites the policy', () => {
    const found = texts.flatMap((t) => ruleStatedAsPolicy(t.text).map((s) => `${t.path}: ${s}`));
    expect(found).toEqual([]);
    expect(ruleStatedAsPolicy('注意：已先行报备，先报备者优先（依据《工作制度》四(一)）。')).toHaveLength(1);
    expect(ruleStatedAsPolicy('在先报备的先审核（实施规则 R3「同一投资方多家首报的审核顺序」）。')).toHaveLength(0);
  });

  it('knows every clause of the catalogue by its citation label', () => {
    for (const clause of CLAUSES)
      expect(parseClauseId(clause.label.replace(/^附件第(\d+)项$/, '附件$1'))).toBe(clause.id);
  });
});
