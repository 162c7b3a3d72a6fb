import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  guideChains,
  hostUnitIds,
  matchChain,
  parseGuideCsv,
  unitConforms,
  type GuideLike,
} from '../../../../src/domain/projects/layout-guide.ts';

/** A few units of prisma/seed/organisation.ts, redeclared to keep this test pure. */
const UNITS = [
  { id: 'binjiang', name: '滨江区', parentId: null },
  { id: 'xiaoshan', name: '萧山区', parentId: null },
  { id: 'yuhang', name: '余杭区', parentId: null },
  { id: 'linan', name: '临安区', parentId: null },
  { id: 'qiantang', name: '钱塘区', parentId: null },
  { id: 'future-sci-city', name: '杭州未来科技城', parentId: 'yuhang' },
  { id: 'xiaoshan-etdz', name: '萧山经济技术开发区', parentId: 'xiaoshan' },
  { id: 'binjiang-hitech', name: '杭州高新技术产业开发区', parentId: 'binjiang' },
  { id: 'qingshanhu', name: '青山湖科技城', parentId: 'linan' },
] as const;

const unit = (id: string) => {
  const found = UNITS.find((u) => u.id === id);
  if (!found) throw new Error(id);
  return found;
};

const GUIDE: GuideLike = {
  assignments: [
    { chain: '集成电路', unitId: 'binjiang' },
    { chain: '新能源汽车', unitId: 'xiaoshan' },
    { chain: '集成电路', unitId: 'qiantang' },
    { chain: '人工智能', unitId: 'future-sci-city' },
    { chain: '智能物联', unitId: 'qingshanhu' },
    { chain: '数字安防/视觉智能', unitId: 'binjiang' },
    { chain: 'AI芯片', unitId: 'binjiang' },
  ],
};

describe('guideChains and hostUnitIds', () => {
  it('lists each chain once, in the order it first appears', () => {
    expect(guideChains(GUIDE)).toEqual([
      '集成电路',
      '新能源汽车',
      '人工智能',
      '智能物联',
      '数字安防/视觉智能',
      'AI芯片',
    ]);
    expect(guideChains({ assignments: [] })).toEqual([]);
  });

  it('lists the hosts of one chain in the guide order, without repeats', () => {
    expect(hostUnitIds(GUIDE, '集成电路')).toEqual(['binjiang', 'qiantang']);
    expect(
      hostUnitIds({ assignments: [...GUIDE.assignments, { chain: '集成电路', unitId: 'binjiang' }] }, '集成电路'),
    ).toEqual(['binjiang', 'qiantang']);
    expect(hostUnitIds(GUIDE, '航空航天')).toEqual([]);
  });
});

describe('unitConforms (三(一))', () => {
  const conforms = (chain: string, id: string) => unitConforms(GUIDE, chain, unit(id), UNITS);

  it('accepts a unit that hosts the chain', () => {
    expect(conforms('集成电路', 'binjiang')).toBe(true);
    expect(conforms('集成电路', 'qiantang')).toBe(true);
    expect(conforms('新能源汽车', 'xiaoshan')).toBe(true);
  });

  it('accepts a platform inside a host district', () => {
    expect(conforms('集成电路', 'binjiang-hitech')).toBe(true);
    expect(conforms('新能源汽车', 'xiaoshan-etdz')).toBe(true);
  });

  it('accepts a district containing a host platform (it reports for its platform)', () => {
    expect(conforms('人工智能', 'yuhang')).toBe(true);
    expect(conforms('智能物联', 'linan')).toBe(true);
  });

  it('refuses every other unit, including platforms elsewhere and sibling relations', () => {
    expect(conforms('新能源汽车', 'binjiang')).toBe(false);
    expect(conforms('新能源汽车', 'binjiang-hitech')).toBe(false);
    expect(conforms('集成电路', 'xiaoshan')).toBe(false);
    expect(conforms('集成电路', 'future-sci-city')).toBe(false);
    expect(conforms('人工智能', 'binjiang')).toBe(false);
    expect(conforms('智能物联', 'qiantang')).toBe(false);
  });

  it('refuses every unit for a chain the guide does not have, and everything for an empty guide', () => {
    expect(conforms('航空航天', 'binjiang')).toBe(false);
    expect(unitConforms({ assignments: [] }, '集成电路', unit('binjiang'), UNITS)).toBe(false);
  });

  it('does not lend a chain between two platforms of the same district', () => {
    const units = [...UNITS, { id: 'xiaoshan-airport', name: '空港经济区', parentId: 'xiaoshan' }];
    const guide = { assignments: [{ chain: '航空航天', unitId: 'xiaoshan-airport' }] };
    expect(unitConforms(guide, '航空航天', unit('xiaoshan-etdz'), units)).toBe(false);
    expect(unitConforms(guide, '航空航天', unit('xiaoshan'), units)).toBe(true);
  });

  it('uses the parent of the unit passed in even when it is missing from the list, and survives a parent cycle', () => {
    const platform = { id: 'new-platform', parentId: 'binjiang' };
    expect(unitConforms(GUIDE, '集成电路', platform, UNITS)).toBe(true);
    const cyclic = [
      { id: 'a', parentId: 'b' },
      { id: 'b', parentId: 'a' },
    ];
    expect(unitConforms({ assignments: [{ chain: 'x', unitId: 'c' }] }, 'x', { id: 'a', parentId: 'b' }, cyclic)).toBe(
      false,
    );
  });
});

describe('matchChain', () => {
  it('matches the exact name', () => {
    expect(matchChain(GUIDE, '集成电路')).toEqual({ chain: '集成电路' });
    expect(matchChain(GUIDE, '  人工智能 ')).toEqual({ chain: '人工智能' });
  });

  it('ignores case and width', () => {
    expect(matchChain(GUIDE, 'ai芯片')).toEqual({ chain: 'AI芯片' });
    expect(matchChain(GUIDE, 'ＡＩ芯片')).toEqual({ chain: 'AI芯片' });
    expect(matchChain(GUIDE, '数字安防／视觉智能')).toEqual({ chain: '数字安防/视觉智能' });
  });

  it('matches a unique substring either way', () => {
    expect(matchChain(GUIDE, '集成电路产业链')).toEqual({ chain: '集成电路' });
    expect(matchChain({ assignments: [{ chain: '集成电路产业链', unitId: 'binjiang' }] }, '集成电路')).toEqual({
      chain: '集成电路产业链',
    });
    expect(matchChain(GUIDE, '数字安防')).toEqual({ chain: '数字安防/视觉智能' });
    expect(matchChain(GUIDE, '视觉智能')).toEqual({ chain: '数字安防/视觉智能' });
    expect(matchChain(GUIDE, '新能源')).toEqual({ chain: '新能源汽车' });
  });

  it('returns every candidate when the input matches several chains', () => {
    expect(matchChain(GUIDE, '智能')).toEqual({ ambiguous: ['人工智能', '智能物联', '数字安防/视觉智能'] });
  });

  it('prefers an exact match over substring candidates', () => {
    const guide = {
      assignments: [
        { chain: '新能源', unitId: 'a' },
        { chain: '新能源汽车', unitId: 'b' },
      ],
    };
    expect(matchChain(guide, '新能源')).toEqual({ chain: '新能源' });
    expect(matchChain(guide, '新能源汽车产业链')).toEqual({ ambiguous: ['新能源', '新能源汽车'] });
  });

  it('answers undefined for an unknown chain, an empty input or a one-character fragment', () => {
    expect(matchChain(GUIDE, '航空航天')).toBeUndefined();
    expect(matchChain(GUIDE, '')).toBeUndefined();
    expect(matchChain(GUIDE, '   ')).toBeUndefined();
    expect(matchChain(GUIDE, '车')).toBeUndefined();
    expect(matchChain({ assignments: [] }, '集成电路')).toBeUndefined();
  });
});

describe('parseGuideCsv', () => {
  /** Like the service's resolver: full name, name without 区/县/市, or id; "高新" is ambiguous on purpose. */
  const resolve = (input: string) => {
    if (input === '高新') return { ambiguous: ['杭州高新技术产业开发区', '滨江区'] };
    const stem = (s: string) => s.replace(/(区|县|市)$/, '');
    const found = UNITS.find((u) => u.id === input.toLowerCase() || u.name === input || stem(u.name) === stem(input));
    return found ? { id: found.id } : undefined;
  };

  it('reads one assignment per line', () => {
    expect(parseGuideCsv('集成电路,滨江区\n新能源汽车,萧山区', resolve)).toEqual({
      ok: true,
      rows: [
        { chain: '集成电路', unitId: 'binjiang' },
        { chain: '新能源汽车', unitId: 'xiaoshan' },
      ],
    });
  });

  it('accepts full-width commas, tabs and 顿号, names, stems and ids, CRLF, quotes and stray spaces', () => {
    const text =
      '集成电路，滨江区\r\n新能源汽车\t萧山\r\n人工智能、future-sci-city\n  生物医药 ,  余杭区  \n"智能物联","青山湖科技城"\n航空航天,钱塘区,';
    expect(parseGuideCsv(text, resolve)).toEqual({
      ok: true,
      rows: [
        { chain: '集成电路', unitId: 'binjiang' },
        { chain: '新能源汽车', unitId: 'xiaoshan' },
        { chain: '人工智能', unitId: 'future-sci-city' },
        { chain: '生物医药', unitId: 'yuhang' },
        { chain: '智能物联', unitId: 'qingshanhu' },
        { chain: '航空航天', unitId: 'qiantang' },
      ],
    });
  });

  it('skips an optional header line and blank lines, and ignores a byte-order mark', () => {
    const result = parseGuideCsv('\uFEFF\n产业链，单位\n\n集成电路,滨江区\n   \n', resolve);
    expect(result).toEqual({ ok: true, rows: [{ chain: '集成电路', unitId: 'binjiang' }] });
  });

  it('only skips the header on the first line with content', () => {
    const result = parseGuideCsv('集成电路,滨江区\n产业链,单位', resolve);
    expect(result).toEqual({ ok: false, problems: [{ line: 2, problem: 'unknown-unit', detail: '单位' }] });
  });

  it('stores chain names half-width and merges spellings that differ only in case or width', () => {
    const result = parseGuideCsv('ＡＩ芯片,滨江区\nai芯片,萧山区', resolve);
    expect(result).toEqual({
      ok: true,
      rows: [
        { chain: 'AI芯片', unitId: 'binjiang' },
        { chain: 'AI芯片', unitId: 'xiaoshan' },
      ],
    });
  });

  it('reports each problem kind with its line number', () => {
    expect(parseGuideCsv('集成电路', resolve)).toEqual({
      ok: false,
      problems: [{ line: 1, problem: 'columns', detail: '集成电路' }],
    });
    expect(parseGuideCsv('集成电路,滨江区,萧山区', resolve)).toEqual({
      ok: false,
      problems: [{ line: 1, problem: 'columns', detail: '集成电路,滨江区,萧山区' }],
    });
    expect(parseGuideCsv('\n,滨江区', resolve)).toEqual({
      ok: false,
      problems: [{ line: 2, problem: 'empty-chain', detail: ',滨江区' }],
    });
    expect(parseGuideCsv('集成电路,火星区', resolve)).toEqual({
      ok: false,
      problems: [{ line: 1, problem: 'unknown-unit', detail: '火星区' }],
    });
    expect(parseGuideCsv('集成电路,高新', resolve)).toEqual({
      ok: false,
      problems: [{ line: 1, problem: 'ambiguous-unit', detail: '高新 → 杭州高新技术产业开发区、滨江区' }],
    });
    expect(parseGuideCsv('集成电路,滨江区\n集成电路,binjiang', resolve)).toEqual({
      ok: false,
      problems: [{ line: 2, problem: 'duplicate', detail: '1' }],
    });
  });

  it('reports every bad line of a file and returns no rows at all', () => {
    const text = [
      '产业链,单位',
      '集成电路,滨江区',
      '新能源汽车',
      '',
      '人工智能,火星区',
      ',萧山区',
      '集成电路,滨江',
      '生物医药,余杭区',
      '航空航天,高新',
    ].join('\n');
    const result = parseGuideCsv(text, resolve);
    expect(result.ok).toBe(false);
    expect('rows' in result).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => [p.line, p.problem])).toEqual([
      [3, 'columns'],
      [5, 'unknown-unit'],
      [6, 'empty-chain'],
      [7, 'duplicate'],
      [9, 'ambiguous-unit'],
    ]);
  });

  it('returns no rows for an empty file or a header alone', () => {
    expect(parseGuideCsv('', resolve)).toEqual({ ok: true, rows: [] });
    expect(parseGuideCsv('产业链,单位\n', resolve)).toEqual({ ok: true, rows: [] });
  });

  it('never throws, and either returns rows or problems with valid line numbers', () => {
    const pieces = fc.constantFrom(
      '集成电路',
      '滨江区',
      '萧山',
      '火星区',
      '高新',
      '产业链',
      '单位',
      ',',
      '，',
      '、',
      '\t',
      '\n',
      '\r\n',
      ' ',
      '"',
      '“',
      '\uFEFF',
      '',
    );
    const text = fc.oneof(
      fc.string(),
      fc.array(pieces, { maxLength: 40 }).map((parts) => parts.join('')),
    );
    fc.assert(
      fc.property(text, (input) => {
        const result = parseGuideCsv(input, resolve);
        const lineCount = input.split(/\r\n|\r|\n/).length;
        if (result.ok) {
          for (const row of result.rows) {
            expect(row.chain).not.toBe('');
            expect(UNITS.some((u) => u.id === row.unitId)).toBe(true);
          }
        } else {
          expect(result.problems.length).toBeGreaterThan(0);
          for (const problem of result.problems) {
            expect(problem.line).toBeGreaterThanOrEqual(1);
            expect(problem.line).toBeLessThanOrEqual(lineCount);
          }
          const lines = result.problems.map((p) => p.line);
          expect(new Set(lines).size).toBe(lines.length);
        }
      }),
      { numRuns: 500 },
    );
  });
});
