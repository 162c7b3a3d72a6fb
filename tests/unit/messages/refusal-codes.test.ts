/**
 * Every refusal in the catalogue carries a code from REFUSAL_CODES (issue #18 §5), and every code
 * names at least one refusal, so the README's table and the metric's labels mean something.
 */
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
