import { describe, it, expect } from 'vitest';
import { CONVERSATION_PURPOSES, matchUnits, parsePurpose, unitNamer } from '../../../../src/domain/org/units.ts';
import { ROLES, ROLE_LABELS, hasAnyRole, parseRole } from '../../../../src/domain/org/roles.ts';

/** A subset of the policy units of prisma/seed/organisation.ts, redeclared to keep this test pure. */
const UNITS = [
  { id: 'ipb', name: '市投资促进局' },
  { id: 'finance', name: '市财政局' },
  { id: 'xihu', name: '西湖区' },
  { id: 'binjiang', name: '滨江区' },
  { id: 'xiaoshan', name: '萧山区' },
  { id: 'yuhang', name: '余杭区' },
  { id: 'tonglu', name: '桐庐县' },
  { id: 'jiande', name: '建德市' },
  { id: 'future-sci-city', name: '杭州未来科技城' },
  { id: 'xiaoshan-etdz', name: '萧山经济技术开发区' },
  { id: 'binjiang-hitech', name: '杭州高新技术产业开发区' },
  { id: 'qingshanhu', name: '青山湖科技城' },
] as const;

const ids = (input: string) => matchUnits(UNITS, input).map((u) => u.id);

describe('matchUnits', () => {
  it('matches the full name', () => {
    expect(ids('滨江区')).toEqual(['binjiang']);
    expect(ids('市财政局')).toEqual(['finance']);
    expect(ids('杭州未来科技城')).toEqual(['future-sci-city']);
  });

  it('matches the name without its 区/县/市 suffix', () => {
    expect(ids('滨江')).toEqual(['binjiang']);
    expect(ids('建德')).toEqual(['jiande']);
    expect(ids('桐庐')).toEqual(['tonglu']);
  });

  it('matches a name written with the 杭州(市) prefix', () => {
    expect(ids('杭州市滨江区')).toEqual(['binjiang']);
    expect(ids('杭州桐庐县')).toEqual(['tonglu']);
  });

  it('a stem match wins over a longer unit that merely contains the text', () => {
    expect(ids('萧山')).toEqual(['xiaoshan']);
  });

  it('matches the id in any case', () => {
    expect(ids('binjiang')).toEqual(['binjiang']);
    expect(ids('BinJiang')).toEqual(['binjiang']);
    expect(ids('future-sci-city')).toEqual(['future-sci-city']);
  });

  it('trims the input', () => {
    expect(ids('  建德市 ')).toEqual(['jiande']);
  });

  it('returns every candidate when ambiguous', () => {
    expect(ids('科技城')).toEqual(['future-sci-city', 'qingshanhu']);
    expect(ids('开发区')).toEqual(['xiaoshan-etdz', 'binjiang-hitech']);
  });

  it('returns nothing for empty, blank, unknown or single-character fragments', () => {
    expect(ids('')).toEqual([]);
    expect(ids('   ')).toEqual([]);
    expect(ids('上海')).toEqual([]);
    expect(ids('区')).toEqual([]);
    expect(ids('江')).toEqual([]);
    expect(matchUnits([], '滨江')).toEqual([]);
  });

  it('returns the unit objects themselves', () => {
    expect(matchUnits(UNITS, '滨江')[0]).toBe(UNITS[3]);
  });
});

describe('parsePurpose', () => {
  it('parses the Chinese name and the code in any case', () => {
    expect(parsePurpose('全市招商协调群')).toBe('CITY');
    expect(parsePurpose('领导群')).toBe('LEADERS');
    expect(parsePurpose('city')).toBe('CITY');
    expect(parsePurpose(' Leaders ')).toBe('LEADERS');
    for (const [code, label] of Object.entries(CONVERSATION_PURPOSES)) expect(parsePurpose(label)).toBe(code);
  });

  it('returns undefined for anything else', () => {
    for (const input of ['', '领导', '招商群', 'CITYS', 'constructor', '__proto__', 'toString']) {
      expect(parsePurpose(input)).toBeUndefined();
    }
  });
});

describe('parseRole', () => {
  it('parses every code in any case', () => {
    for (const role of ROLES) {
      expect(parseRole(role)).toBe(role);
      expect(parseRole(role.toLowerCase())).toBe(role);
    }
    expect(parseRole(' Ipb ')).toBe('IPB');
  });

  it('parses every Chinese label', () => {
    for (const role of ROLES) expect(parseRole(ROLE_LABELS[role])).toBe(role);
    expect(parseRole('市投资促进局')).toBe('IPB');
    expect(parseRole(' 系统管理员 ')).toBe('ADMIN');
  });

  it.each<[string, string]>([
    ['投促局', 'IPB'],
    ['市投促局', 'IPB'],
    ['财政', 'FINANCE'],
    ['审计局', 'AUDIT'],
    ['经信局', 'INDUSTRY'],
    ['自然资源局', 'NRB'],
    ['发改委', 'DRC'],
    ['国资委', 'SASAC'],
    ['领导', 'LEADER'],
    ['管理员', 'ADMIN'],
    ['招商', 'REPORTER'],
  ])('synonym %s → %s', (input, role) => {
    expect(parseRole(input)).toBe(role);
  });

  it('returns undefined for unknown words', () => {
    for (const input of ['', '  ', '老板', 'IPB2', '投促', 'admins']) expect(parseRole(input)).toBeUndefined();
  });

  // Officers type free text; names inherited from Object.prototype are not roles.
  it('returns undefined for names inherited from Object.prototype', () => {
    const parsed = Object.fromEntries(
      ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf'].map((input) => [input, parseRole(input)]),
    );
    expect(parsed).toEqual({
      constructor: undefined,
      toString: undefined,
      __proto__: undefined,
      hasOwnProperty: undefined,
      valueOf: undefined,
    });
  });
});

describe('hasAnyRole', () => {
  it('is true when any grant holds one of the roles, whatever its scope', () => {
    expect(hasAnyRole([{ role: 'REPORTER', scope: 'binjiang' }], ['REPORTER', 'IPB'])).toBe(true);
    expect(hasAnyRole([{ role: 'REPORTER', scope: 'binjiang' }], ['IPB'])).toBe(false);
    expect(hasAnyRole([], ['ADMIN'])).toBe(false);
  });
});

describe('unitNamer', () => {
  it('names a unit by id, and keeps the id of a unit no longer on record', () => {
    const name = unitNamer([{ id: 'binjiang', name: '滨江区' }]);
    expect(name('binjiang')).toBe('滨江区');
    expect(name('gone')).toBe('gone');
  });
});
