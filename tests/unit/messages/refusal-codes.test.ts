/**
 * Every refusal in the catalogue carries a code from REFUSAL_CODES (issue #18 §5), and every code
 * names at least one refusal, so the README's table and the metric's labels mean something. Codes
 * are named only there: a throw site passes a catalogue entry, never a code or words of its own.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { REFUSAL_CODES } from '../../../src/app/errors.ts';
import { zhCN } from '../../../src/messages/zh-CN.ts';
import { renderCatalogue } from './catalogue-walk.ts';

describe('refusal codes in the catalogue', () => {
  const { refusals, failures } = renderCatalogue(zhCN, 'zhCN');

  it('renders the refusals (so the checks below see them)', () => {
    expect(refusals.length).toBeGreaterThan(200);
    expect(failures.filter((path) => refusals.some((r) => r.path === path))).toEqual([]);
  });

  it('gives every refusal a known code and words to read', () => {
    const known: readonly unknown[] = REFUSAL_CODES;
    expect(refusals.filter((r) => !known.includes(r.code)).map((r) => `${r.path}: ${String(r.code)}`)).toEqual([]);
    expect(refusals.filter((r) => r.text.trim() === '' || r.text.includes('[object')).map((r) => r.path)).toEqual([]);
  });

  it('uses every code for at least one refusal', () => {
    const used = new Set(refusals.map((r) => r.code));
    expect(REFUSAL_CODES.filter((code) => !used.has(code))).toEqual([]);
  });
});

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
/** Where codes may be written: the list itself and the catalogue. */
const CODE_HOMES = ['src/app/errors.ts', 'src/messages/'];

function sources(dir: string): { path: string; text: string }[] {
  return readdirSync(posix.join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => posix.join(posix.relative(ROOT, entry.parentPath), entry.name))
    .filter((path) => !path.startsWith('src/db/generated/'))
    .map((path) => ({ path, text: readFileSync(posix.join(ROOT, path), 'utf8') }));
}

/** What breaks the rule in one file: a code written out, or a refusal built at the throw site. */
const STRAY = /'E_[A-Z_]+'|new UserError\(\s*\{|\brefusal\((?=\s*')/g;
const strays = (text: string) => [...text.matchAll(STRAY)].map((m) => m[0]);

describe('refusal codes outside the catalogue', () => {
  it('are not written in services, commands or the app: throw sites pass a catalogue entry', () => {
    const found = [...sources('src'), ...sources('commands')]
      .filter((file) => !CODE_HOMES.some((home) => file.path.startsWith(home)))
      .flatMap((file) => strays(file.text).map((stray) => `${file.path}: ${stray}`));
    expect(found).toEqual([]);
  });

  it('would catch one (the pattern is live)', () => {
    expect(strays("throw new UserError({ code: 'E_USAGE', reply })")).toEqual(['new UserError({', "'E_USAGE'"]);
    expect(strays("const x = refusal('E_STATUS', () => '…');")).toEqual(['refusal(', "'E_STATUS'"]);
  });
});
