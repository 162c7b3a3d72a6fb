/**
 * The dependency rule of STYLE.md §2, checked by scanning import statements (cheaper than a new
 * dependency). Every .ts file under src/ and commands/ is read, except the generated Prisma client.
 */
import { describe, it, expect } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { posix } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SCANNED_ROOTS = ['src', 'commands'];
const EXCLUDED = ['src/db/generated/'];

interface SourceFile {
  /** Repository-relative, forward slashes: src/app/app.ts */
  path: string;
  text: string;
}

interface ImportRef {
  specifier: string;
  /** `import type`, `export type`, or every named specifier marked `type`. */
  typeOnly: boolean;
  line: number;
}

type Target = { kind: 'builtin'; name: string } | { kind: 'package'; name: string } | { kind: 'file'; path: string };

interface Violation {
  file: string;
  line: number;
  specifier: string;
  rule: string;
}

// ---------------------------------------------------------------------------------------------
// Scanner

/** Removes block comments and whole-line // comments, keeping line numbers (URLs in strings stay). */
function stripComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, (comment) => comment.replace(/[^\n]/g, ' ')).replace(/^[ \t]*\/\/.*$/gm, '');
}

const lineAt = (text: string, index: number) => text.slice(0, index).split('\n').length;

function isTypeOnlyClause(clause: string): boolean {
  const braces = /^\{([\s\S]*)\}$/.exec(clause.trim());
  if (!braces) return false;
  const names = (braces[1] ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return names.length > 0 && names.every((name) => /^type\s/.test(name));
}

function extractImports(source: string): ImportRef[] {
  const text = stripComments(source);
  const refs: ImportRef[] = [];
  // import x from '…' / import { a, type B } from '…' / export { a } from '…' / export * as n from '…'
  const fromClause = /^[ \t]*(import|export)\s+(type\s+)?([\w$\s{},*]*?)\s*\bfrom\s*(['"])([^'"\n]+)\4/gm;
  for (const m of text.matchAll(fromClause)) {
    refs.push({
      specifier: m[5]!,
      typeOnly: m[2] !== undefined || isTypeOnlyClause(m[3] ?? ''),
      line: lineAt(text, m.index),
    });
  }
  // import '…' (side effect only)
  for (const m of text.matchAll(/^[ \t]*import\s*(['"])([^'"\n]+)\1/gm)) {
    refs.push({ specifier: m[2]!, typeOnly: false, line: lineAt(text, m.index) });
  }
  // import('…'), require('…'); `typeof import('…')` only refers to a type
  for (const m of text.matchAll(/(typeof\s+)?\b(import|require)\s*\(\s*(['"`])([^'"`\n]+)\3\s*\)/g)) {
    refs.push({ specifier: m[4]!, typeOnly: m[1] !== undefined, line: lineAt(text, m.index) });
  }
  return refs.sort((a, b) => a.line - b.line);
}

const BUILTINS = new Set(builtinModules);

function resolveTarget(fromFile: string, specifier: string): Target {
  if (specifier.startsWith('node:')) return { kind: 'builtin', name: specifier };
  if (specifier.startsWith('.') || specifier.startsWith('/')) {
    const joined = specifier.startsWith('/') ? specifier.slice(1) : posix.join(posix.dirname(fromFile), specifier);
    return { kind: 'file', path: posix.normalize(joined) };
  }
  const root = specifier.split('/')[0]!;
  if (BUILTINS.has(specifier) || BUILTINS.has(root)) return { kind: 'builtin', name: specifier };
  return { kind: 'package', name: specifier };
}

// ---------------------------------------------------------------------------------------------
// Rules (STYLE.md §2, adapted to this repository)

interface Rule {
  name: string;
  appliesTo: (file: string) => boolean;
  /** True when the edge is forbidden. */
  forbids: (target: Target, ref: ImportRef, file: string) => boolean;
}

const under = (path: string, ...folders: string[]) => folders.some((folder) => path.startsWith(folder));
const fileUnder = (target: Target, ...folders: string[]) => target.kind === 'file' && under(target.path, ...folders);

/** src/adapters/dingtalk/x.ts → src/adapters/dingtalk/ */
function adapterFolder(path: string): string {
  const parts = path.split('/');
  return parts.length > 3 ? `${parts.slice(0, 3).join('/')}/` : 'src/adapters/';
}

const RULES: readonly Rule[] = [
  {
    name: 'src/domain imports nothing outside src/domain (node builtins allowed)',
    appliesTo: (file) => under(file, 'src/domain/'),
    forbids: (target) => target.kind === 'package' || (target.kind === 'file' && !under(target.path, 'src/domain/')),
  },
  {
    name: 'src/app imports no adapter, service or command',
    appliesTo: (file) => under(file, 'src/app/'),
    forbids: (target) => fileUnder(target, 'src/adapters/', 'src/services/', 'commands/'),
  },
  {
    name: 'src/adapters import only src/app types, its inbound pipeline and user-text marks, their own folder, src/lib, npm packages and node builtins',
    appliesTo: (file) => under(file, 'src/adapters/'),
    forbids: (target, ref, file) => {
      if (target.kind !== 'file') return false;
      const own = adapterFolder(file);
      if (
        own === 'src/adapters/'
          ? under(target.path, own) && target.path.split('/').length === 3
          : under(target.path, own)
      )
        return false;
      if (under(target.path, 'src/lib/')) return false;
      // The ack policy is the app's (STYLE.md §3.1): every receiver runs the same pipeline.
      if (target.path === 'src/app/inbound-pipeline.ts') return false;
      // How user text is marked in a Message is the app's; each encoder escapes it for its platform.
      if (target.path === 'src/app/user-text.ts') return false;
      if (under(target.path, 'src/app/')) return !ref.typeOnly;
      return true;
    },
  },
  {
    name: 'src/db/repositories import no service, command, adapter or job, and from src/app only types of src/app/receiver.ts',
    appliesTo: (file) => under(file, 'src/db/repositories/'),
    forbids: (target, ref) => {
      if (fileUnder(target, 'src/services/', 'commands/', 'src/adapters/', 'src/jobs/')) return true;
      if (fileUnder(target, 'src/app/'))
        return !(target.kind === 'file' && target.path === 'src/app/receiver.ts' && ref.typeOnly);
      return false;
    },
  },
  {
    name: 'src/services import no command, adapter or job',
    appliesTo: (file) => under(file, 'src/services/'),
    forbids: (target) => fileUnder(target, 'commands/', 'src/adapters/', 'src/jobs/'),
  },
  {
    name: 'commands import neither src/db nor src/adapters',
    appliesTo: (file) => under(file, 'commands/'),
    forbids: (target) => fileUnder(target, 'src/db/', 'src/adapters/'),
  },
  {
    // A renderer reads the outcome a service declares (a type import, erased at runtime); it runs no use case.
    name: 'src/messages import only domain, app, messages and service types: words render data, they load nothing',
    appliesTo: (file) => under(file, 'src/messages/'),
    forbids: (target, ref) =>
      target.kind === 'file' &&
      !under(target.path, 'src/messages/', 'src/domain/', 'src/app/') &&
      !(under(target.path, 'src/services/') && ref.typeOnly),
  },
  {
    name: 'src/jobs import no command, adapter or ops route',
    appliesTo: (file) => under(file, 'src/jobs/'),
    forbids: (target) => fileUnder(target, 'commands/', 'src/adapters/', 'src/ops/'),
  },
  {
    name: 'src/lib imports nothing of the product outside src/lib',
    appliesTo: (file) => under(file, 'src/lib/'),
    forbids: (target) => target.kind === 'file' && !under(target.path, 'src/lib/'),
  },
  {
    name: 'src/ops imports only src/lib of the product (the core reports through its hooks)',
    appliesTo: (file) => under(file, 'src/ops/'),
    forbids: (target) => target.kind === 'file' && !under(target.path, 'src/ops/', 'src/lib/'),
  },
  {
    name: 'nothing imports from tests/',
    appliesTo: () => true,
    forbids: (target) => fileUnder(target, 'tests/'),
  },
  {
    name: 'nothing imports the composition root src/main.ts',
    appliesTo: () => true,
    forbids: (target) => target.kind === 'file' && target.path === 'src/main.ts',
  },
];

function findViolations(files: readonly SourceFile[], rules: readonly Rule[] = RULES): Violation[] {
  const violations: Violation[] = [];
  for (const file of files) {
    for (const ref of extractImports(file.text)) {
      const target = resolveTarget(file.path, ref.specifier);
      for (const rule of rules) {
        if (rule.appliesTo(file.path) && rule.forbids(target, ref, file.path)) {
          violations.push({ file: file.path, line: ref.line, specifier: ref.specifier, rule: rule.name });
        }
      }
    }
  }
  return violations;
}

function readSources(): SourceFile[] {
  const files: SourceFile[] = [];
  for (const root of SCANNED_ROOTS) {
    for (const entry of readdirSync(posix.join(ROOT, root), { recursive: true, encoding: 'utf8' })) {
      const path = posix.join(root, entry.split('\\').join('/'));
      if (!/\.[cm]?ts$/.test(path) || under(path, ...EXCLUDED)) continue;
      files.push({ path, text: readFileSync(posix.join(ROOT, path), 'utf8') });
    }
  }
  return files.sort((a, b) => a.path.localeCompare(b.path));
}

const report = (violations: readonly Violation[]) =>
  violations.map((v) => `${v.file}:${v.line} imports '${v.specifier}' — violates: ${v.rule}`).join('\n');

// ---------------------------------------------------------------------------------------------
// The check itself

describe('dependency rule (STYLE.md §2)', () => {
  const sources = readSources();

  it('scans a plausible number of files, and not the generated client', () => {
    expect(sources.length).toBeGreaterThan(20);
    expect(sources.some((f) => f.path.startsWith('commands/'))).toBe(true);
    expect(sources.some((f) => f.path.startsWith('src/domain/'))).toBe(true);
    expect(sources.some((f) => f.path.startsWith('src/adapters/'))).toBe(true);
    expect(sources.some((f) => f.path.startsWith('src/db/generated/'))).toBe(false);
  });

  it('reads the real import statements of the scanned files', () => {
    const edges = sources.flatMap((f) =>
      extractImports(f.text).map((ref) => ({ file: f.path, target: resolveTarget(f.path, ref.specifier) })),
    );
    expect(edges.length).toBeGreaterThan(50);
    // Known edges of the layering, so a broken parser cannot make the check pass by seeing nothing.
    const hasEdge = (from: string, to: string) =>
      edges.some((e) => e.file.startsWith(from) && e.target.kind === 'file' && e.target.path.startsWith(to));
    expect(hasEdge('commands/', 'src/services/')).toBe(true);
    expect(hasEdge('commands/', 'src/app/')).toBe(true);
    expect(hasEdge('src/services/', 'src/db/repositories/')).toBe(true);
    expect(hasEdge('src/services/', 'src/domain/')).toBe(true);
    expect(hasEdge('src/adapters/', 'src/app/receiver.ts')).toBe(true);
    // Every relative import resolves to a scanned or existing file inside the repository.
    const outside = edges.filter((e) => e.target.kind === 'file' && e.target.path.startsWith('..'));
    expect(outside).toEqual([]);
  });

  it('no file imports across a forbidden edge', () => {
    const violations = findViolations(sources);
    expect(violations, `forbidden imports:\n${report(violations)}`).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// Self-tests: the scanner must catch what it claims to catch

describe('extractImports', () => {
  it('reads single-line, multi-line, type-only, re-export, side-effect and dynamic imports', () => {
    const text = [
      "import { z } from 'zod';",
      "import type { Tx } from '../db/tx.ts';",
      'import {',
      '  a,',
      '  b,',
      "} from './multi.ts';",
      "import { type A, type B } from './types-only.ts';",
      "import { type A, value } from './mixed.ts';",
      "import Default, { type C } from './default.ts';",
      "import * as ns from './ns.ts';",
      "export { x } from './reexport.ts';",
      "export type { Y } from './reexport-type.ts';",
      "export * from './star.ts';",
      "export * as star from './star-as.ts';",
      "import './side-effect.ts';",
      "const lazy = await import('./lazy.ts');",
      "type T = typeof import('./typeof.ts');",
      "const url = 'https://api.dingtalk.com/v1.0/from/x';",
      "export const fromText = Array.from('abc');",
    ].join('\n');
    expect(extractImports(text).map((r) => [r.specifier, r.typeOnly])).toEqual([
      ['zod', false],
      ['../db/tx.ts', true],
      ['./multi.ts', false],
      ['./types-only.ts', true],
      ['./mixed.ts', false],
      ['./default.ts', false],
      ['./ns.ts', false],
      ['./reexport.ts', false],
      ['./reexport-type.ts', true],
      ['./star.ts', false],
      ['./star-as.ts', false],
      ['./side-effect.ts', false],
      ['./lazy.ts', false],
      ['./typeof.ts', true],
    ]);
    expect(extractImports(text).find((r) => r.specifier === './multi.ts')?.line).toBe(3);
  });

  it('ignores commented-out imports', () => {
    const text = [
      "// import { a } from '../adapters/x.ts';",
      '/*',
      "import { b } from '../adapters/y.ts';",
      '*/',
      "import { c } from './c.ts';",
    ].join('\n');
    expect(extractImports(text)).toEqual([{ specifier: './c.ts', typeOnly: false, line: 5 }]);
  });
});

describe('resolveTarget', () => {
  it('resolves relative paths against the importing file and classifies the rest', () => {
    expect(resolveTarget('src/app/app.ts', '../db/tx.ts')).toEqual({ kind: 'file', path: 'src/db/tx.ts' });
    expect(resolveTarget('commands/bind.ts', '../src/services/org.ts')).toEqual({
      kind: 'file',
      path: 'src/services/org.ts',
    });
    expect(resolveTarget('src/adapters/dingtalk/decode.ts', './errors.ts')).toEqual({
      kind: 'file',
      path: 'src/adapters/dingtalk/errors.ts',
    });
    expect(resolveTarget('src/domain/audit/hash-chain.ts', 'node:crypto')).toEqual({
      kind: 'builtin',
      name: 'node:crypto',
    });
    expect(resolveTarget('src/domain/audit/hash-chain.ts', 'crypto')).toEqual({ kind: 'builtin', name: 'crypto' });
    expect(resolveTarget('src/config.ts', 'zod')).toEqual({ kind: 'package', name: 'zod' });
    expect(resolveTarget('src/db/client.ts', '@prisma/adapter-better-sqlite3')).toEqual({
      kind: 'package',
      name: '@prisma/adapter-better-sqlite3',
    });
  });
});

describe('findViolations on a synthetic repository', () => {
  const imp = (specifier: string) => `import { thing } from '${specifier}';\n`;
  const impType = (specifier: string) => `import type { Thing } from '${specifier}';\n`;

  it('catches every kind of forbidden edge', () => {
    const files: SourceFile[] = [
      { path: 'src/domain/projects/report.ts', text: imp('../../db/repositories/project-repository.ts') },
      { path: 'src/domain/parsing/amount.ts', text: imp('zod') },
      { path: 'src/domain/matrix/deadlines.ts', text: impType('../../messages/zh-CN.ts') },
      {
        path: 'src/app/app.ts',
        text: imp('../adapters/dingtalk/encode.ts') + imp('../services/org.ts') + imp('../../commands/index.ts'),
      },
      {
        path: 'src/adapters/dingtalk/api-client.ts',
        text:
          imp('../../services/notify.ts') +
          imp('../../db/tx.ts') +
          imp('../../domain/org/roles.ts') +
          imp('../../jobs/scheduler.ts'),
      },
      {
        path: 'src/adapters/dingtalk/decode.ts',
        text: imp('../../../commands/bind.ts') + imp('../../app/errors.ts') + imp('../simulator/server.ts'),
      },
      {
        path: 'src/db/repositories/org-repository.ts',
        text:
          imp('../../services/org.ts') +
          imp('../../../commands/role.ts') +
          impType('../../app/context.ts') +
          imp('../../app/receiver.ts'),
      },
      {
        path: 'src/services/org.ts',
        text: imp('../../commands/role.ts') + imp('../adapters/dingtalk/api-client.ts') + imp('../jobs/scheduler.ts'),
      },
      {
        path: 'commands/report.ts',
        text:
          imp('../src/db/tx.ts') +
          imp('../src/db/repositories/org-repository.ts') +
          imp('../src/adapters/simulator/server.ts'),
      },
      { path: 'src/lib/clock.ts', text: imp('../../tests/helpers/test-bot.ts') + imp('../main.ts') },
      { path: 'src/messages/projects.ts', text: imp('../services/projects.ts') + imp('../db/tx.ts') },
      { path: 'src/jobs/backup.ts', text: imp('../adapters/dingtalk/api-client.ts') + imp('../ops/routes.ts') },
      { path: 'src/lib/ids.ts', text: imp('../domain/org/units.ts') },
      { path: 'src/ops/routes.ts', text: imp('../services/operations.ts') },
    ];
    const found = findViolations(files).map((v) => `${v.file} -> ${v.specifier}`);
    expect(found).toEqual([
      'src/domain/projects/report.ts -> ../../db/repositories/project-repository.ts',
      'src/domain/parsing/amount.ts -> zod',
      'src/domain/matrix/deadlines.ts -> ../../messages/zh-CN.ts',
      'src/app/app.ts -> ../adapters/dingtalk/encode.ts',
      'src/app/app.ts -> ../services/org.ts',
      'src/app/app.ts -> ../../commands/index.ts',
      'src/adapters/dingtalk/api-client.ts -> ../../services/notify.ts',
      'src/adapters/dingtalk/api-client.ts -> ../../db/tx.ts',
      'src/adapters/dingtalk/api-client.ts -> ../../domain/org/roles.ts',
      'src/adapters/dingtalk/api-client.ts -> ../../jobs/scheduler.ts',
      'src/adapters/dingtalk/decode.ts -> ../../../commands/bind.ts',
      'src/adapters/dingtalk/decode.ts -> ../../app/errors.ts',
      'src/adapters/dingtalk/decode.ts -> ../simulator/server.ts',
      'src/db/repositories/org-repository.ts -> ../../services/org.ts',
      'src/db/repositories/org-repository.ts -> ../../../commands/role.ts',
      'src/db/repositories/org-repository.ts -> ../../app/context.ts',
      'src/db/repositories/org-repository.ts -> ../../app/receiver.ts',
      'src/services/org.ts -> ../../commands/role.ts',
      'src/services/org.ts -> ../adapters/dingtalk/api-client.ts',
      'src/services/org.ts -> ../jobs/scheduler.ts',
      'commands/report.ts -> ../src/db/tx.ts',
      'commands/report.ts -> ../src/db/repositories/org-repository.ts',
      'commands/report.ts -> ../src/adapters/simulator/server.ts',
      'src/lib/clock.ts -> ../../tests/helpers/test-bot.ts',
      'src/lib/clock.ts -> ../../tests/helpers/test-bot.ts',
      'src/lib/clock.ts -> ../main.ts',
      'src/lib/clock.ts -> ../main.ts',
      'src/messages/projects.ts -> ../services/projects.ts',
      'src/messages/projects.ts -> ../db/tx.ts',
      'src/jobs/backup.ts -> ../adapters/dingtalk/api-client.ts',
      'src/jobs/backup.ts -> ../ops/routes.ts',
      'src/lib/ids.ts -> ../domain/org/units.ts',
      'src/ops/routes.ts -> ../services/operations.ts',
    ]);
  });

  it('lets src/messages read only the types of services (their outcomes)', () => {
    const files: SourceFile[] = [
      {
        path: 'src/messages/energy.ts',
        text: impType('../services/energy.ts') + imp('../services/stats.ts') + imp('../db/tx.ts') + imp('./format.ts'),
      },
    ];
    expect(findViolations(files).map((v) => v.specifier)).toEqual(['../services/stats.ts', '../db/tx.ts']);
  });

  it('reports a forbidden multi-line import with its file, line and rule', () => {
    const text = "import { z } from 'zod';\nimport {\n  send,\n} from '../adapters/dingtalk/api-client.ts';\n";
    expect(findViolations([{ path: 'src/app/app.ts', text }])).toEqual([
      {
        file: 'src/app/app.ts',
        line: 2,
        specifier: '../adapters/dingtalk/api-client.ts',
        rule: 'src/app imports no adapter, service or command',
      },
    ]);
  });

  it('allows the edges the rule allows', () => {
    const files: SourceFile[] = [
      { path: 'src/domain/parsing/amount.ts', text: imp('./width.ts') + imp('../org/roles.ts') + imp('node:crypto') },
      {
        path: 'src/app/app.ts',
        text:
          imp('../db/tx.ts') +
          imp('../domain/parsing/tokenizer.ts') +
          imp('../messages/zh-CN.ts') +
          imp('../lib/ids.ts'),
      },
      {
        path: 'src/adapters/dingtalk/api-client.ts',
        text:
          impType('../../app/receiver.ts') +
          imp('./encode.ts') +
          imp('zod') +
          imp('node:crypto') +
          imp('../../lib/logger.ts'),
      },
      {
        path: 'src/db/repositories/audit-repository.ts',
        text: impType('../../app/receiver.ts') + impType('../../domain/audit/hash-chain.ts') + imp('../tx.ts'),
      },
      {
        path: 'src/services/org.ts',
        text: imp('../app/errors.ts') + imp('../db/repositories/org-repository.ts') + imp('../domain/org/units.ts'),
      },
      {
        path: 'commands/bind.ts',
        text: imp('../src/app/command.ts') + imp('../src/services/org.ts') + imp('../src/messages/zh-CN.ts'),
      },
      { path: 'src/jobs/audit-verify.ts', text: imp('../services/audit-log.ts') },
    ];
    expect(findViolations(files)).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// Services return outcomes, not chat text (issue #18 point 1)
//
// A use case returns a typed outcome; its workflow's file in src/messages renders it, and the command
// renders what the service returned. The service files below still return chat text (a `string` or a
// `Message`); each leaves the list when it is converted, and the test fails while a converted file is
// still listed, so the list only shrinks. Every other service file's exported functions declare their
// return type, and none declares text.

const TEXT_SERVICES = [
  'src/services/documents/briefing.ts',
  'src/services/documents/notices.ts',
  'src/services/support-cases.ts',
];

/** Exported functions whose string is data, never shown as a reply: `file: function`, with the reason. */
const STRING_DATA = new Set([
  'src/services/installation.ts: installationId', // an identifier
  'src/services/ledger-export.ts: nextExportCode', // an export's number
  'src/services/ledger-export.ts: fileStamp', // part of a file name
  'src/services/xlsx-writer.ts: sheetName', // a worksheet's name
  'src/services/charts/render.ts: renderSvg', // an SVG picture
  'src/services/layout-guide.ts: guideNote', // a stored note, rendered by the guide's messages
  'src/services/documents/official-document.ts: documentDate', // a date inside a generated document
  'src/services/documents/notices.ts: documentDateOf', // a date inside a generated document
  'src/services/transfers.ts: seatUnitId', // an identifier
  'src/services/transfers.ts: seatName', // a review seat's name, part of the outcomes
]);

/** Exported functions whose return type is inferred because it is large and used in one place. */
const UNDECLARED = new Set(['src/services/directory.ts: createSimulatorBackend']);

interface ExportedFunction {
  name: string;
  /** The declared return type as written, or null when it is inferred. */
  returns: string | null;
  line: number;
}

const CLOSERS: Record<string, string> = { '(': ')', '[': ']', '{': '}', '<': '>' };

/** Index just past the bracket closing the one at `start`; string literals and `=>` are stepped over. */
function closingIndex(text: string, start: number): number {
  const stack: string[] = [];
  for (let i = start; i < text.length; i++) {
    const c = text[i]!;
    if (c === "'" || c === '"' || c === '`') {
      const end = text.indexOf(c, i + 1);
      i = end < 0 ? text.length : end;
    } else if (c === '=' && text[i + 1] === '>') i++;
    else if (c in CLOSERS) stack.push(CLOSERS[c]!);
    else if (c === stack.at(-1)) {
      stack.pop();
      if (stack.length === 0) return i + 1;
    }
  }
  return text.length;
}

/** The return type declared after a parameter list ending at `from`, up to the body (`{` or `=>`). */
function returnTypeAt(text: string, from: number, arrow: boolean): string | null {
  let i = from;
  while (/\s/.test(text[i] ?? '')) i++;
  if (text[i] !== ':') return null;
  const start = ++i;
  for (; i < text.length; i++) {
    const c = text[i]!;
    const sofar = text.slice(start, i).trim();
    if (arrow && c === '=' && text[i + 1] === '>') return sofar;
    // A `{` after a complete type opens the body; after `:`, `|`, `<`… it opens an object type.
    if (c === '{' && !arrow && sofar !== '' && !/[|&<,:(]$/.test(sofar)) return sofar;
    if (c in CLOSERS) i = closingIndex(text, i) - 1;
  }
  return null;
}

/** `export (async) function f(…): T {` and `export const f = (async) (…): T =>`, signatures over any lines. */
function exportedFunctions(source: string): ExportedFunction[] {
  const text = stripComments(source);
  const found: ExportedFunction[] = [];
  for (const m of text.matchAll(/^export\s+(?:async\s+)?function\s*\*?\s*([\w$]+)\s*/gm)) {
    let i = m.index + m[0].length;
    if (text[i] === '<') i = closingIndex(text, i);
    i = text.indexOf('(', i);
    found.push({ name: m[1]!, returns: returnTypeAt(text, closingIndex(text, i), false), line: lineAt(text, m.index) });
  }
  for (const m of text.matchAll(/^export\s+const\s+([\w$]+)\s*=\s*(?:async\s*)?(?=\()/gm)) {
    const i = m.index + m[0].length;
    found.push({ name: m[1]!, returns: returnTypeAt(text, closingIndex(text, i), true), line: lineAt(text, m.index) });
  }
  return found.sort((a, b) => a.line - b.line);
}

/** Top-level members of a union, with `Promise<…>` unwrapped. */
function unionMembers(type: string): string[] {
  let t = type.replace(/\s+/g, '');
  if (t.startsWith('Promise<') && closingIndex(t, 7) === t.length) t = t.slice(8, -1);
  const members: string[] = [];
  let start = 0;
  for (let i = 0; i < t.length; i++) {
    if (t[i]! in CLOSERS) i = closingIndex(t, i) - 1;
    else if (t[i] === '|') {
      members.push(t.slice(start, i));
      start = i + 1;
    }
  }
  return [...members, t.slice(start)].filter(Boolean);
}

/** Chat text: a string or Message (possibly in a union or a Promise), or a Message anywhere in the type. */
const declaresText = (type: string) => unionMembers(type).includes('string') || /\bMessage\b/.test(type);

function textReturns(file: SourceFile): string[] {
  return exportedFunctions(file.text).flatMap((f) => {
    const key = `${file.path}: ${f.name}`;
    if (f.returns === null)
      return UNDECLARED.has(key) ? [] : [`${file.path}:${f.line} ${f.name} declares no return type`];
    if (!declaresText(f.returns) || STRING_DATA.has(key)) return [];
    return [`${file.path}:${f.line} ${f.name} returns ${f.returns}`];
  });
}

describe('services return outcomes, not chat text (issue #18)', () => {
  const services = readSources().filter((f) => under(f.path, 'src/services/'));

  it('no service off the list returns chat text or leaves its return type undeclared', () => {
    const found = services.filter((f) => !TEXT_SERVICES.includes(f.path)).flatMap(textReturns);
    expect(found, `convert these to outcomes rendered in src/messages:\n${found.join('\n')}`).toEqual([]);
  });

  it('every listed service still returns chat text (a converted file leaves the list)', () => {
    const converted = TEXT_SERVICES.filter((path) => {
      const file = services.find((f) => f.path === path);
      return (
        file === undefined || exportedFunctions(file.text).every((f) => f.returns === null || !declaresText(f.returns))
      );
    });
    expect(converted, 'remove from TEXT_SERVICES').toEqual([]);
  });

  it('the exceptions name exported functions that exist', () => {
    for (const key of [...STRING_DATA, ...UNDECLARED]) {
      const [path, name] = key.split(': ');
      const file = services.find((f) => f.path === path);
      expect(file && exportedFunctions(file.text).some((f) => f.name === name), key).toBe(true);
    }
  });

  it('reads the real signatures: the converted workflows return outcomes', () => {
    const returns = (path: string) =>
      exportedFunctions(services.find((f) => f.path === path)?.text ?? '').map((f) => `${f.name}: ${f.returns}`);
    expect(returns('src/services/energy.ts')).toContain('allocateEnergyPool: Promise<EnergyAllocationOutcome>');
    expect(returns('src/services/land.ts')).toContain('rankLand: Promise<LandRankOutcome>');
    expect(returns('src/services/funds.ts')).toContain('fundOverview: Promise<FundOverviewOutcome>');
    expect(returns('src/services/platform-evaluation.ts')).toContain(
      'recordPlatformScores: Promise<PlatformScoresOutcome>',
    );
    expect(returns('src/services/matrix.ts')).toContain('reopenMatrixCycle: Promise<MatrixReopenedOutcome>');
    expect(returns('src/services/city-led.ts')).toContain('proposeCityLed: Promise<CityLedProposedOutcome>');
    expect(returns('src/services/transfers.ts')).toContain('voteOnTransfer: Promise<TransferVoteOutcome>');
    expect(returns('src/services/projects.ts')).toContain('reportProject: Promise<ProjectReportedOutcome>');
  });
});

describe('exportedFunctions', () => {
  it('reads declared return types over several lines, with generics, object types and arrows', () => {
    const text = [
      'export async function a(uc: UseCase): Promise<string> {',
      '  return "x";',
      '}',
      'export function b<T extends { k: (x: number) => void }>(',
      '  x: T,',
      "  y = ')',",
      '): Promise<{ reply: Message; file: Message }> {',
      '  return f();',
      '}',
      'export function c(p: { a: string }): { a: string; b: number } {',
      '  return p;',
      '}',
      'export const d = async (x: string): Promise<Message> => ({ kind: "text", text: x });',
      'export const e = (x: string) => x;',
      'export function f() {}',
      '// export function g(): string {}',
      'function h(): string { return ""; }',
      "export const K = 'k';",
    ].join('\n');
    expect(exportedFunctions(text).map((fn) => [fn.name, fn.returns, fn.line])).toEqual([
      ['a', 'Promise<string>', 1],
      ['b', 'Promise<{ reply: Message; file: Message }>', 4],
      ['c', '{ a: string; b: number }', 10],
      ['d', 'Promise<Message>', 13],
      ['e', null, 14],
      ['f', null, 15],
    ]);
  });

  it('tells chat text from outcomes', () => {
    for (const type of [
      'string',
      'Promise<string>',
      'Message',
      'Promise<Message>',
      'Promise<string | Message>',
      'Promise<string | null>',
      'Promise<{ reply: Message }>',
    ]) {
      expect(declaresText(type), type).toBe(true);
    }
    for (const type of [
      'Promise<EnergyPoolOutcome>',
      'string[]',
      'Promise<{ chain: string; units: string[] }[]>',
      'Promise<MessageRow>',
      'void',
    ]) {
      expect(declaresText(type), type).toBe(false);
    }
  });

  it('catches a converted service that regresses and a new service that returns text', () => {
    const energy: SourceFile = {
      path: 'src/services/energy.ts',
      text: 'export async function setEnergyPool(uc: UseCase): Promise<string> {\n}\n',
    };
    const fresh: SourceFile = {
      path: 'src/services/new-thing.ts',
      text: 'export const show = async (): Promise<Message> => m;\nexport function f(x: number) {\n}\n',
    };
    expect([energy, fresh].flatMap(textReturns)).toEqual([
      'src/services/energy.ts:1 setEnergyPool returns Promise<string>',
      'src/services/new-thing.ts:1 show returns Promise<Message>',
      'src/services/new-thing.ts:2 f declares no return type',
    ]);
  });
});
