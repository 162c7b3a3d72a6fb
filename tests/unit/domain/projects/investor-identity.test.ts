import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  NAME_MATCH_THRESHOLD,
  investorNameKeys,
  nameSimilarity,
  normaliseCreditCode,
  normaliseInvestorName,
  sameInvestor,
  type InvestorRef,
} from '../../../../src/domain/projects/investor-identity.ts';

// Written independently of the implementation (GB 32100-2015) so the fixtures do not merely echo it.
const CODE_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CODE_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
function withCheck(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CODE_CHARS.indexOf(first17[i]!) * CODE_WEIGHTS[i]!;
  return first17 + CODE_CHARS[(31 - (sum % 31)) % 31];
}
const CODE_A = withCheck('91330100716105852');
const CODE_B = withCheck('91330108MA2CFR4D1');
const CODE_C = withCheck('91330106MA27XK0U2');
/** Same code with a wrong check character: what a district's typo looks like. */
const CODE_A_TYPO = CODE_A.slice(0, 17) + (CODE_A[17] === '0' ? '1' : '0');

function sharesKey(a: string, b: string): boolean {
  const ka = new Set(investorNameKeys(a));
  return investorNameKeys(b).some((k) => ka.has(k));
}

type Case = {
  label: string;
  a: InvestorRef;
  b: InvestorRef;
  same: boolean;
  basis: 'credit-code' | 'name' | 'none';
};
const n = (name: string, creditCode?: string | null): InvestorRef => ({ name, creditCode });

const POSITIVE: Case[] = [
  {
    label: 'region prefix vs bracketed region',
    a: n('杭州某某科技有限公司'),
    b: n('某某科技（杭州）有限公司'),
    same: true,
    basis: 'name',
  },
  {
    label: 'region prefix vs joint-stock form',
    a: n('杭州某某科技有限公司'),
    b: n('某某科技股份有限公司'),
    same: true,
    basis: 'name',
  },
  {
    label: 'bracketed region vs joint-stock form',
    a: n('某某科技（杭州）有限公司'),
    b: n('某某科技股份有限公司'),
    same: true,
    basis: 'name',
  },
  {
    label: 'English punctuation and case',
    a: n('ABC Technology Co., Ltd.'),
    b: n('abc technology co ltd'),
    same: true,
    basis: 'name',
  },
  { label: 'full-width Latin letters', a: n('ＡＢＣ科技有限公司'), b: n('abc科技有限公司'), same: true, basis: 'name' },
  {
    label: 'spaces and ideographic spaces',
    a: n('杭州　星辰 科技 有限公司'),
    b: n('杭州星辰科技有限公司'),
    same: true,
    basis: 'name',
  },
  {
    label: '【】 region qualifier',
    a: n('星辰科技【杭州】有限公司'),
    b: n('星辰科技(杭州)有限公司'),
    same: true,
    basis: 'name',
  },
  {
    label: '[] and 〔〕 region qualifiers',
    a: n('星辰科技[浙江]有限公司'),
    b: n('星辰科技〔中国〕有限公司'),
    same: true,
    basis: 'name',
  },
  {
    label: 'leading bracketed region',
    a: n('（杭州）星辰科技有限公司'),
    b: n('星辰科技有限公司'),
    same: true,
    basis: 'name',
  },
  {
    label: 'province + city chain',
    a: n('浙江省杭州市星辰科技有限公司'),
    b: n('星辰科技有限公司'),
    same: true,
    basis: 'name',
  },
  {
    label: 'city with 市 in brackets',
    a: n('杭州市星辰科技有限公司'),
    b: n('星辰科技（杭州市）有限公司'),
    same: true,
    basis: 'name',
  },
  { label: '集团 vs 控股集团', a: n('星辰集团有限公司'), b: n('浙江星辰控股集团有限公司'), same: true, basis: 'name' },
  { label: '（集团） in brackets', a: n('星辰（集团）股份有限公司'), b: n('星辰集团'), same: true, basis: 'name' },
  {
    label: 'group name vs its technology company',
    a: n('星辰集团有限公司'),
    b: n('星辰科技有限公司'),
    same: true,
    basis: 'name',
  },
  {
    label: '科技 vs 技术 (same 字号)',
    a: n('杭州云澜科技有限公司'),
    b: n('云澜技术有限公司'),
    same: true,
    basis: 'name',
  },
  {
    label: '信息科技 vs 网络技术',
    a: n('云澜信息科技有限公司'),
    b: n('杭州云澜网络技术有限公司'),
    same: true,
    basis: 'name',
  },
  {
    label: '生物科技 vs 医药 (same domain)',
    a: n('云澜生物科技有限公司'),
    b: n('云澜医药有限公司'),
    same: true,
    basis: 'name',
  },
  {
    label: '新能源科技 vs 新能源',
    a: n('宁波星辰新能源科技有限公司'),
    b: n('星辰新能源有限公司'),
    same: true,
    basis: 'name',
  },
  {
    label: 'branch vs parent',
    a: n('星辰科技有限公司滨江分公司'),
    b: n('星辰科技有限公司'),
    same: true,
    basis: 'name',
  },
  {
    label: 'two branches of one parent',
    a: n('星辰科技有限公司滨江分公司'),
    b: n('星辰科技股份有限公司萧山分公司'),
    same: true,
    basis: 'name',
  },
  {
    label: 'bank branch (支行) vs bank',
    a: n('杭州银行股份有限公司西湖支行'),
    b: n('杭州银行'),
    same: true,
    basis: 'name',
  },
  {
    label: 'region as 字号 kept (杭州银行)',
    a: n('杭州银行股份有限公司'),
    b: n('杭州银行'),
    same: true,
    basis: 'name',
  },
  {
    label: 'partnership with （有限合伙）',
    a: n('杭州星辰股权投资合伙企业（有限合伙）'),
    b: n('星辰股权投资合伙企业(有限合伙)'),
    same: true,
    basis: 'name',
  },
  {
    label: 'middle dot and quotes',
    a: n('「星辰·科技」有限公司'),
    b: n('星辰科技有限公司'),
    same: true,
    basis: 'name',
  },
  {
    label: 'English bracketed region',
    a: n('Alpha Robotics (Hangzhou) Co., Ltd.'),
    b: n('ALPHA ROBOTICS CO LTD'),
    same: true,
    basis: 'name',
  },
  {
    label: 'Chinese and English industry word',
    a: n('ＡＢＣ科技有限公司'),
    b: n('ABC Technology Co., Ltd.'),
    same: true,
    basis: 'name',
  },
  {
    label: 'long name vs bare 字号',
    a: n('杭州海康威视数字技术股份有限公司'),
    b: n('海康威视'),
    same: true,
    basis: 'name',
  },
  {
    label: 'region word before the legal form, unbracketed',
    a: n('阿里巴巴中国有限公司'),
    b: n('阿里巴巴（中国）有限公司'),
    same: true,
    basis: 'name',
  },
  {
    label: 'equal credit codes override different names (renamed company)',
    a: n('杭州旧名科技有限公司', CODE_A),
    b: n('新名网络有限公司', CODE_A),
    same: true,
    basis: 'credit-code',
  },
  {
    label: 'credit codes equal after case/space/full-width folding',
    a: n('星辰科技', CODE_B.toLowerCase()),
    b: n(
      '星辰科技',
      ` ${CODE_B.slice(0, 6)} ${CODE_B.slice(6)} `.replace(/[0-9]/g, (d) =>
        String.fromCharCode(d.charCodeAt(0) + 0xfee0),
      ),
    ),
    same: true,
    basis: 'credit-code',
  },
  {
    label: 'code on one side only: names decide',
    a: n('杭州星辰科技有限公司', CODE_A),
    b: n('星辰科技股份有限公司', null),
    same: true,
    basis: 'name',
  },
  {
    label: 'mistyped code is ignored, names decide',
    a: n('杭州星辰科技有限公司', CODE_A_TYPO),
    b: n('星辰科技有限公司', CODE_B),
    same: true,
    basis: 'name',
  },
];

const NEGATIVE: Case[] = [
  {
    label: '海康威视 vs 海康机器人',
    a: n('杭州海康威视数字技术股份有限公司'),
    b: n('杭州海康机器人股份有限公司'),
    same: false,
    basis: 'none',
  },
  {
    label: '阿里巴巴 vs 阿里云',
    a: n('阿里巴巴（中国）有限公司'),
    b: n('阿里云计算有限公司'),
    same: false,
    basis: 'none',
  },
  { label: '华为 vs 华友', a: n('杭州华为科技有限公司'), b: n('杭州华友钴业有限公司'), same: false, basis: 'none' },
  {
    label: 'different credit codes override identical names',
    a: n('杭州星辰科技有限公司', CODE_A),
    b: n('杭州星辰科技有限公司', CODE_B),
    same: false,
    basis: 'credit-code',
  },
  {
    label: 'different codes for branch and parent (code rule wins)',
    a: n('星辰科技有限公司滨江分公司', CODE_B),
    b: n('星辰科技有限公司', CODE_C),
    same: false,
    basis: 'credit-code',
  },
  {
    label: 'same 字号, unrelated industries (科技 vs 餐饮管理)',
    a: n('杭州星辰科技有限公司'),
    b: n('杭州星辰餐饮管理有限公司'),
    same: false,
    basis: 'none',
  },
  {
    label: 'same 字号, unrelated industries (房地产 vs 生物医药)',
    a: n('星辰房地产开发有限公司'),
    b: n('星辰生物医药有限公司'),
    same: false,
    basis: 'none',
  },
  {
    label: 'region-as-字号, different industries (杭州钢铁 vs 杭州银行)',
    a: n('杭州钢铁集团有限公司'),
    b: n('杭州银行股份有限公司'),
    same: false,
    basis: 'none',
  },
  {
    label: '中国银行 vs 中国建设银行',
    a: n('中国银行股份有限公司'),
    b: n('中国建设银行股份有限公司'),
    same: false,
    basis: 'none',
  },
  {
    label: '中国银行 vs 中国农业银行',
    a: n('中国银行股份有限公司'),
    b: n('中国农业银行股份有限公司'),
    same: false,
    basis: 'none',
  },
  {
    label: 'one shared character plus industry word',
    a: n('杭州星辰科技有限公司'),
    b: n('杭州星光科技有限公司'),
    same: false,
    basis: 'none',
  },
  {
    label: 'same characters, different order',
    a: n('杭州星辰科技有限公司'),
    b: n('杭州辰星科技有限公司'),
    same: false,
    basis: 'none',
  },
  {
    label: 'extra leading character in 字号',
    a: n('星辰科技有限公司'),
    b: n('新星辰科技有限公司'),
    same: false,
    basis: 'none',
  },
  {
    label: 'extra trailing character in 字号',
    a: n('云澜科技有限公司'),
    b: n('云澜湾科技有限公司'),
    same: false,
    basis: 'none',
  },
  {
    label: 'different 字号, same region and industry',
    a: n('宁波星辰科技有限公司'),
    b: n('宁波星月科技有限公司'),
    same: false,
    basis: 'none',
  },
  { label: '创新 vs 创意', a: n('杭州创新科技有限公司'), b: n('杭州创意科技有限公司'), same: false, basis: 'none' },
  {
    label: 'branches of different parents',
    a: n('星辰科技有限公司滨江分公司'),
    b: n('星月科技有限公司滨江分公司'),
    same: false,
    basis: 'none',
  },
  {
    label: 'English vs Chinese name (out of scope)',
    a: n('Alibaba Group Holding Limited'),
    b: n('阿里巴巴集团'),
    same: false,
    basis: 'none',
  },
  {
    label: 'English one letter apart',
    a: n('ABC Technology Co., Ltd.'),
    b: n('ABD Technology Co., Ltd.'),
    same: false,
    basis: 'none',
  },
  {
    label: 'English prefix word',
    a: n('Alpha Robotics Co., Ltd.'),
    b: n('Alphabet Robotics Co., Ltd.'),
    same: false,
    basis: 'none',
  },
  { label: 'anagram 字号', a: n('杭州娃哈哈集团有限公司'), b: n('杭州哈哈娃食品有限公司'), same: false, basis: 'none' },
  { label: 'bare industry words only', a: n('杭州科技有限公司'), b: n('宁波科技有限公司'), same: false, basis: 'none' },
  { label: 'empty names carry no evidence', a: n(''), b: n(''), same: false, basis: 'none' },
  { label: 'punctuation-only names carry no evidence', a: n('（）'), b: n('——'), same: false, basis: 'none' },
  {
    label: 'valid code on one side does not rescue different names',
    a: n('星辰科技有限公司', CODE_A),
    b: n('星月科技有限公司'),
    same: false,
    basis: 'none',
  },
];

describe('sameInvestor — labelled pairs', () => {
  it('has at least 20 positive and 20 negative pairs', () => {
    expect(POSITIVE.length).toBeGreaterThanOrEqual(20);
    expect(NEGATIVE.length).toBeGreaterThanOrEqual(20);
  });

  it.each([...POSITIVE, ...NEGATIVE])('$label', ({ a, b, same, basis }) => {
    expect(sameInvestor(a, b)).toEqual({ same, basis });
    expect(sameInvestor(b, a)).toEqual({ same, basis });
  });

  // The DB finds candidates only through keys, so a name match that shares no key would be missed.
  it.each(POSITIVE.filter((c) => c.basis === 'name'))('shares an index key: $label', ({ a, b }) => {
    expect(sharesKey(a.name, b.name)).toBe(true);
  });
});

describe('normaliseInvestorName', () => {
  it.each([
    ['杭州某某科技有限公司', '某某科技'],
    ['某某科技（杭州）有限公司', '某某科技'],
    ['某某科技股份有限公司', '某某科技'],
    ['ABC Technology Co., Ltd.', 'abctechnology'],
    ['浙江省杭州市星辰科技集团股份有限公司', '星辰科技'],
    ['杭州银行股份有限公司', '杭州银行'],
    ['中国建设银行股份有限公司', '建设银行'],
    ['杭州科技有限公司', '杭州科技'],
    // The branch word survives so a stored key still shows the report named a branch.
    ['星辰科技有限公司滨江分公司', '星辰科技分公司'],
    ['星辰科技杭州分公司', '星辰科技分公司'],
    ['', ''],
  ])('%s → %s', (raw, expected) => {
    expect(normaliseInvestorName(raw)).toBe(expected);
  });
});

describe('investorNameKeys', () => {
  it('returns the normalised name and a trade-name key', () => {
    expect(investorNameKeys('杭州海康威视数字技术股份有限公司')).toEqual(['海康威视数字技术', 't:海康威视']);
  });

  it('returns no keys for a name with nothing left after normalisation', () => {
    expect(investorNameKeys(' （）有限 ')).not.toContain('');
    expect(investorNameKeys('')).toEqual([]);
  });

  it('keeps trade names that merely share a prefix apart', () => {
    expect(sharesKey('杭州海康威视数字技术股份有限公司', '杭州海康机器人股份有限公司')).toBe(false);
    expect(sharesKey('阿里巴巴（中国）有限公司', '阿里云计算有限公司')).toBe(false);
  });
});

describe('normaliseCreditCode', () => {
  it('accepts a valid code in any case and with separators', () => {
    expect(normaliseCreditCode(CODE_B.toLowerCase())).toBe(CODE_B);
    expect(normaliseCreditCode(`${CODE_B.slice(0, 9)}-${CODE_B.slice(9)}`)).toBe(CODE_B);
  });

  it('rejects wrong check characters, wrong lengths and forbidden letters', () => {
    expect(normaliseCreditCode(CODE_A_TYPO)).toBeNull();
    expect(normaliseCreditCode(CODE_A.slice(0, 17))).toBeNull();
    expect(normaliseCreditCode('91330100I161O5852S')).toBeNull();
    expect(normaliseCreditCode(null)).toBeNull();
    expect(normaliseCreditCode(undefined)).toBeNull();
  });
});

// Characters that drive the parser's branches, so random strings actually hit regions, legal
// forms, brackets, branches and Latin word boundaries instead of only noise.
const INTERESTING = [
  ...'杭州浙江省市中国有限公司股份集团分行支科技术网络信息生物医药银行建设星辰云澜（）()【】[]〔〕 　·-,.ＡＢabcoltdgrupinhkABC0１',
  'co',
  'ltd',
  'holding',
  'branch',
  'technology',
  'hangzhou',
  '有限合伙',
  '西湖区',
];
const anyName = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.string({ unit: fc.constantFrom(...INTERESTING), maxLength: 20 }),
);
const validCode = fc.string({ unit: fc.constantFrom(...CODE_CHARS), minLength: 17, maxLength: 17 }).map(withCheck);
const anyCode = fc.oneof(fc.constant(null), fc.constant(undefined), validCode, fc.string());
const anyInvestor = fc.record({ name: anyName, creditCode: anyCode });

const toFullWidth = (s: string) => s.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
/** One report of a trade name, decorated the way districts actually type names. */
const decoratedName = (trade: string) =>
  fc
    .record({
      region: fc.constantFrom('', '杭州', '杭州市', '浙江省杭州市', '浙江', '中国', '宁波'),
      industry: fc.constantFrom('', '科技', '技术', '信息科技', '网络技术', '智能科技'),
      qualifier: fc.constantFrom('', '（杭州）', '【杭州】', '[浙江]', '(中国)', '（杭州市）'),
      legal: fc.constantFrom('有限公司', '股份有限公司', '有限责任公司', '集团有限公司', '集团', ''),
      branch: fc.constantFrom('', '杭州分公司', '西湖区分公司'),
      fullWidth: fc.boolean(),
      spaced: fc.boolean(),
    })
    .map(({ region, industry, qualifier, legal, branch, fullWidth, spaced }) => {
      let s = `${region}${trade}${industry}${qualifier}${legal}${branch}`;
      if (fullWidth) s = toFullWidth(s);
      if (spaced) s = [...s].join(' ');
      return s;
    });
const tradeName = fc.oneof(
  fc.constantFrom('星辰', '云澜', '海康威视', '某某', 'abc', 'xk2'),
  // Characters chosen so no run of them forms a region, industry or legal word.
  fc.string({ unit: fc.constantFrom(...'星辰云澜恒泰鼎盛宏远启明'), minLength: 2, maxLength: 4 }),
);
const positivePair = tradeName.chain((t) => fc.tuple(decoratedName(t), decoratedName(t)));

describe('properties', () => {
  it('never throws and keeps similarity within 0..1', () => {
    fc.assert(
      fc.property(anyName, anyName, (a, b) => {
        normaliseInvestorName(a);
        investorNameKeys(a);
        const s = nameSimilarity(a, b);
        expect(s).toBeGreaterThanOrEqual(0);
        expect(s).toBeLessThanOrEqual(1);
      }),
      { numRuns: 2000 },
    );
  });

  it('sameInvestor never throws, even on malformed input', () => {
    fc.assert(
      fc.property(anyInvestor, anyInvestor, (a, b) => {
        sameInvestor(a, b);
      }),
    );
    expect(() => sameInvestor({ name: undefined as unknown as string }, { name: '星辰' })).not.toThrow();
  });

  it('normalisation is idempotent', () => {
    fc.assert(
      fc.property(anyName, (a) => {
        const once = normaliseInvestorName(a);
        expect(normaliseInvestorName(once)).toBe(once);
      }),
      { numRuns: 3000 },
    );
  });

  it('sameInvestor and nameSimilarity are symmetric', () => {
    fc.assert(
      fc.property(anyInvestor, anyInvestor, (a, b) => {
        expect(sameInvestor(a, b)).toEqual(sameInvestor(b, a));
        expect(nameSimilarity(a.name, b.name)).toBe(nameSimilarity(b.name, a.name));
      }),
      { numRuns: 1000 },
    );
  });

  it('decorations of one trade name are the same investor and share an index key', () => {
    fc.assert(
      fc.property(positivePair, ([a, b]) => {
        expect(sameInvestor({ name: a }, { name: b })).toEqual({ same: true, basis: 'name' });
        expect(sharesKey(a, b)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  // The contract the repository relies on: the key lookup never misses a name match.
  it('every name match shares an index key', () => {
    fc.assert(
      fc.property(
        fc.oneof(anyName, tradeName.chain(decoratedName)),
        fc.oneof(anyName, tradeName.chain(decoratedName)),
        (a, b) => {
          if (nameSimilarity(a, b) >= NAME_MATCH_THRESHOLD) expect(sharesKey(a, b)).toBe(true);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('equal valid codes are the same investor and different valid codes are not, whatever the names', () => {
    fc.assert(
      fc.property(anyName, anyName, validCode, validCode, (na, nb, ca, cb) => {
        expect(sameInvestor({ name: na, creditCode: ca }, { name: nb, creditCode: ca })).toEqual({
          same: true,
          basis: 'credit-code',
        });
        expect(sameInvestor({ name: na, creditCode: ca }, { name: na, creditCode: cb })).toEqual({
          same: ca === cb,
          basis: 'credit-code',
        });
      }),
    );
  });
});
