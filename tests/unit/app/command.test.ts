import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { CommandRegistry, editDistance, type CommandSpec } from '../../../src/app/command.ts';
import { CodedError } from '../../../src/app/errors.ts';
import type { Role } from '../../../src/domain/org/roles.ts';

function spec(name: string, alias: string, roles: readonly Role[] | 'registered' = 'registered'): CommandSpec {
  return {
    name,
    alias,
    summary: `${name} summary`,
    usage: [`/${name}`],
    example: `/${name}`,
    roles,
    handler: async () => {},
  };
}

/** The commands of this repo, redeclared so the test does not load services. */
function registry(): CommandRegistry {
  const r = new CommandRegistry();
  r.add(spec('帮助', 'help'));
  r.add(spec('绑定群', 'bind', ['ADMIN']));
  r.add(spec('角色', 'role', ['ADMIN']));
  r.add(spec('审计', 'audit', ['IPB', 'AUDIT', 'ADMIN']));
  return r;
}

function codedError(fn: () => void): CodedError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(CodedError);
    return error as CodedError;
  }
  throw new Error('expected a CodedError');
}

describe('CommandRegistry.add', () => {
  it('rejects a duplicate name', () => {
    const r = registry();
    const error = codedError(() => r.add(spec('帮助', 'assist')));
    expect(error.code).toBe('duplicate-command');
    expect(error.message).toContain('帮助');
  });

  it('rejects a duplicate alias, case-insensitively', () => {
    const r = registry();
    expect(codedError(() => r.add(spec('求助', 'help'))).code).toBe('duplicate-command');
    expect(codedError(() => r.add(spec('求助', 'HELP'))).code).toBe('duplicate-command');
    expect(codedError(() => r.add(spec('绑定', 'Bind'))).code).toBe('duplicate-command');
  });

  it("rejects an alias equal to another command's name, and a name equal to another's alias", () => {
    const r = registry();
    expect(codedError(() => r.add(spec('求助', '帮助'))).code).toBe('duplicate-command');
    expect(codedError(() => r.add(spec('help', 'assist'))).code).toBe('duplicate-command');
  });

  it('a rejected command leaves the registry unchanged', () => {
    const r = registry();
    const before = r.all().map((s) => s.name);
    expect(() => r.add(spec('求助', 'HELP'))).toThrow(CodedError);
    expect(r.all().map((s) => s.name)).toEqual(before);
    expect(r.find('求助')).toBeUndefined();
    expect(r.find('help')?.name).toBe('帮助');
  });

  it('keeps registration order', () => {
    expect(
      registry()
        .all()
        .map((s) => s.name),
    ).toEqual(['帮助', '绑定群', '角色', '审计']);
  });
});

describe('CommandRegistry.find', () => {
  it('finds by name and by alias in any case', () => {
    const r = registry();
    expect(r.find('绑定群')?.alias).toBe('bind');
    expect(r.find('bind')?.name).toBe('绑定群');
    expect(r.find('BIND')?.name).toBe('绑定群');
    expect(r.find('Audit')?.name).toBe('审计');
  });

  it('returns undefined for unknown names', () => {
    const r = registry();
    expect(r.find('绑定')).toBeUndefined();
    expect(r.find('')).toBeUndefined();
    expect(r.find('constructor')).toBeUndefined();
  });

  it('an alias declared in upper case is found in any case', () => {
    const r = new CommandRegistry();
    r.add(spec('首报', 'Report'));
    expect(r.find('report')?.name).toBe('首报');
    expect(r.find('REPORT')?.name).toBe('首报');
  });
});

describe('CommandRegistry.visibleTo', () => {
  it('shows registered-only commands to a user without roles', () => {
    expect(
      registry()
        .visibleTo([])
        .map((s) => s.name),
    ).toEqual(['帮助']);
  });

  it('adds the commands of each role held, in registration order', () => {
    const r = registry();
    expect(r.visibleTo([{ role: 'AUDIT' }]).map((s) => s.name)).toEqual(['帮助', '审计']);
    expect(r.visibleTo([{ role: 'ADMIN' }]).map((s) => s.name)).toEqual(['帮助', '绑定群', '角色', '审计']);
    expect(r.visibleTo([{ role: 'REPORTER' }, { role: 'IPB' }]).map((s) => s.name)).toEqual(['帮助', '审计']);
  });
});

describe('CommandRegistry.suggest', () => {
  it('suggests 帮助 for 帮组 and 绑定群 for bnd', () => {
    const r = registry();
    expect(r.suggest('帮组')).toEqual(['帮助']);
    expect(r.suggest('bnd')).toEqual(['绑定群']);
    expect(r.suggest('AUDTI')).toEqual(['审计']);
  });

  it('suggests nothing for nonsense or empty input', () => {
    const r = registry();
    expect(r.suggest('今天天气怎么样')).toEqual([]);
    expect(r.suggest('xyzzy')).toEqual([]);
    expect(r.suggest('')).toEqual([]);
  });

  it('only suggests among the given commands and respects the limit', () => {
    const r = registry();
    expect(r.suggest('bnd', r.visibleTo([]))).toEqual([]);
    const many = new CommandRegistry();
    for (const [name, alias] of [
      ['甲', 'rola'],
      ['乙', 'rolb'],
      ['丙', 'rolc'],
      ['丁', 'rold'],
    ] as const)
      many.add(spec(name, alias));
    expect(many.suggest('role')).toHaveLength(3);
    expect(many.suggest('role', many.all(), 2)).toHaveLength(2);
  });

  it('ranks the closest command first', () => {
    const r = new CommandRegistry();
    r.add(spec('乙', 'repeat'));
    r.add(spec('甲', 'report'));
    expect(r.suggest('reprt')).toEqual(['甲', '乙']);
  });
});

describe('editDistance', () => {
  it.each<[string, string, number]>([
    ['', '', 0],
    ['abc', '', 3],
    ['', 'abc', 3],
    ['abc', 'abc', 0],
    ['kitten', 'sitting', 3],
    ['flaw', 'lawn', 2],
    ['bnd', 'bind', 1],
    ['帮组', '帮助', 1],
    ['帮助', '', 2],
    ['绑定', '绑定群', 1],
    ['😀', '', 1],
    ['😀', 'a', 1],
    ['a😀b', 'ab', 1],
    ['𠮷野家', '吉野家', 1],
  ])('editDistance(%j, %j) = %i', (a, b, expected) => {
    expect(editDistance(a, b)).toBe(expected);
  });

  it('is a metric bounded by the lengths in code points', () => {
    const str = fc.string({ unit: 'binary', maxLength: 8 });
    fc.assert(
      fc.property(str, str, str, (a, b, c) => {
        const d = editDistance(a, b);
        const la = [...a].length;
        const lb = [...b].length;
        expect(d).toBe(editDistance(b, a));
        expect(d === 0).toBe(a === b);
        expect(d).toBeGreaterThanOrEqual(Math.abs(la - lb));
        expect(d).toBeLessThanOrEqual(Math.max(la, lb));
        expect(editDistance(a, c)).toBeLessThanOrEqual(d + editDistance(b, c));
      }),
    );
  });
});
