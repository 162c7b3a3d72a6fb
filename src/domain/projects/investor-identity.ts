/**
 * Investor identity for 首报首谈 (product design §4.2).
 *
 * Two districts must not both claim "first report" on the same investor, so every reported project
 * is checked against earlier reports of the same investor. Districts type names freely (全角/半角,
 * brackets, region words, legal forms) and often omit the credit code, so name matching has to see
 * through the decoration without merging genuinely different companies.
 *
 * Model of a name:  [region…] 字号 [industry…] [legal form…] [branch]
 *   - identity rests on the 字号 (trade name): Chinese company-name rules make the 字号 the
 *     distinctive part, and one character is the whole difference between 华为 and 华友, so trade
 *     names are compared exactly, never by edit distance;
 *   - the industry descriptor only breaks ties: a 字号 may legally be reused by unrelated companies
 *     in different industries (杭州钢铁 vs 杭州银行), but 科技/技术, 网络/信息 and 生物/医药 are how the
 *     same company gets written differently;
 *   - region words and legal forms carry no identity and are dropped.
 *
 * This module is pure: the DB layer stores `normaliseInvestorName` and the `investorNameKeys` rows
 * and runs an indexed equality lookup on the keys, then confirms candidates with `sameInvestor`.
 */

// ---------------------------------------------------------------------------------------------
// Vocabulary
// ---------------------------------------------------------------------------------------------

/**
 * Industry domains. `generic` (科技/技术) is how companies of almost any technical trade describe
 * themselves, so it is compatible with every technical domain; `neutral` words (控股, 实业…) name the
 * group level and are compatible with everything.
 */
type Domain =
  | 'generic'
  | 'neutral'
  | 'tech'
  | 'life'
  | 'energy'
  | 'materials'
  | 'manufacturing'
  | 'environment'
  | 'agri'
  | 'finance'
  | 'realestate'
  | 'trade'
  | 'consumer'
  | 'culture'
  | 'services';

const TECH_AFFINE: ReadonlySet<Domain> = new Set<Domain>([
  'tech',
  'life',
  'energy',
  'materials',
  'manufacturing',
  'environment',
  'agri',
]);

interface IndustryWord {
  /** Synonyms share a canonical form so 科技 and 技术 count as the same descriptor. */
  canonical: string;
  domain: Domain;
}

/** word → [canonical, domain]; a canonical of '' means "the word itself". */
const INDUSTRY_WORDS: ReadonlyArray<readonly [string, string, Domain]> = [
  // generic technology
  ...(['科技', '技术', '科学技术', '高科技', '高新技术', '科创'] as const).map((w) => [w, '科技', 'generic'] as const),
  ...(['technology', 'technologies', 'tech', 'technical'] as const).map((w) => [w, '科技', 'generic'] as const),
  // group-level words: a holding or 实业 company is the group itself
  ...(
    [
      '控股',
      '实业',
      '发展',
      '国际',
      '产业',
      '企业',
      '投资',
      '投资管理',
      '投资控股',
      'international',
      'industries',
      'industrial',
      'enterprise',
      'enterprises',
      'development',
      'global',
      'investment',
      'investments',
    ] as const
  ).map((w) => [w, '', 'neutral'] as const),
  // information technology
  ...(
    [
      '信息',
      '网络',
      '数字',
      '数据',
      '大数据',
      '软件',
      '智能',
      '电子',
      '互联网',
      '云计算',
      '计算机',
      '通信',
      '通讯',
      '人工智能',
      '物联网',
      '微电子',
      '半导体',
      '集成电路',
      '芯片',
      '光电',
      '电子商务',
      '系统',
      '自动化',
      '机器人',
      '传感',
      '安防',
      '数码',
      '区块链',
      'information',
      'info',
      'network',
      'networks',
      'software',
      'digital',
      'data',
      'electronics',
      'electronic',
      'intelligent',
      'intelligence',
      'ai',
      'cloud',
      'robotics',
      'robot',
      'systems',
      'system',
      'semiconductor',
      'semiconductors',
      'internet',
    ] as const
  ).map((w) => [w, w === '通讯' ? '通信' : '', 'tech'] as const),
  // life sciences
  ...(
    [
      '生物',
      '医药',
      '药业',
      '制药',
      '医疗',
      '医疗器械',
      '健康',
      '基因',
      '生命科学',
      '生物医药',
      '诊断',
      '医学',
      'biotech',
      'biotechnology',
      'bio',
      'pharma',
      'pharmaceutical',
      'pharmaceuticals',
      'medical',
      'healthcare',
      'health',
      'life',
      'sciences',
    ] as const
  ).map((w) => [w, w === '药业' || w === '制药' ? '医药' : '', 'life'] as const),
  ...(
    ['新能源', '能源', '光伏', '电力', '储能', '电池', '锂电', '氢能', 'energy', 'power', 'solar', 'newenergy'] as const
  ).map((w) => [w, '', 'energy'] as const),
  ...(
    [
      '新材料',
      '材料',
      '化工',
      '化学',
      '钴业',
      '矿业',
      '钢铁',
      '金属',
      '有色金属',
      '铝业',
      '铜业',
      '塑业',
      '纸业',
      '建材',
      'materials',
      'material',
      'chemical',
      'chemicals',
      'mining',
      'steel',
    ] as const
  ).map((w) => [w, '', 'materials'] as const),
  ...(
    [
      '机械',
      '装备',
      '制造',
      '智能制造',
      '汽车',
      '零部件',
      '汽车零部件',
      '电器',
      '电机',
      '机电',
      '设备',
      '仪器',
      '仪表',
      '精密',
      '工业',
      '电气',
      '动力',
      '重工',
      '船舶',
      '航空',
      '航天',
      'machinery',
      'manufacturing',
      'automotive',
      'motors',
      'motor',
      'equipment',
      'precision',
      'aerospace',
    ] as const
  ).map((w) => [w, '', 'manufacturing'] as const),
  ...(['环保', '环境', '节能', '检测', 'environmental'] as const).map((w) => [w, '', 'environment'] as const),
  ...(['农业', '牧业', '渔业', '林业', '种业', '农产品', 'agriculture', 'agricultural'] as const).map(
    (w) => [w, '', 'agri'] as const,
  ),
  ...(
    [
      '银行',
      '保险',
      '证券',
      '基金',
      '金融',
      '资本',
      '资产管理',
      '融资租赁',
      '租赁',
      '信托',
      '期货',
      '股权投资',
      '创业投资',
      '财富',
      '小额贷款',
      '担保',
      'bank',
      'insurance',
      'securities',
      'capital',
      'finance',
      'financial',
      'fund',
    ] as const
  ).map((w) => [w, '', 'finance'] as const),
  ...(
    [
      '房地产',
      '房地产开发',
      '置业',
      '地产',
      '房产',
      '物业',
      '物业管理',
      '建设',
      '建筑',
      '建工',
      '工程',
      '装饰',
      '园林',
      '城建',
      'property',
      'properties',
      'realty',
      'construction',
    ] as const
  ).map((w) => [w, '', 'realestate'] as const),
  ...(
    [
      '贸易',
      '商贸',
      '进出口',
      '国际贸易',
      '商业',
      '供应链',
      '物流',
      '零售',
      '百货',
      '电商',
      '销售',
      'trading',
      'trade',
      'logistics',
      'retail',
      'commerce',
      'import',
      'export',
    ] as const
  ).map((w) => [w, '', 'trade'] as const),
  ...(
    [
      '餐饮',
      '食品',
      '饮料',
      '饮品',
      '酒业',
      '茶业',
      '服饰',
      '服装',
      '家居',
      '家具',
      '日用品',
      '化妆品',
      '美容',
      '超市',
      '纺织',
      'food',
      'foods',
      'beverage',
      'beverages',
      'apparel',
      'fashion',
      'cosmetics',
      'textile',
      'textiles',
    ] as const
  ).map((w) => [w, '', 'consumer'] as const),
  ...(
    [
      '文化',
      '传媒',
      '影视',
      '影业',
      '广告',
      '娱乐',
      '教育',
      '体育',
      '旅游',
      '酒店',
      '动漫',
      '游戏',
      '出版',
      '艺术',
      'media',
      'culture',
      'entertainment',
      'education',
      'sports',
      'travel',
      'hotel',
      'hotels',
      'games',
      'gaming',
    ] as const
  ).map((w) => [w, '', 'culture'] as const),
  ...(
    [
      '咨询',
      '管理',
      '服务',
      '人力资源',
      '企业管理',
      '商务',
      '会展',
      '设计',
      'consulting',
      'consultancy',
      'management',
      'services',
      'service',
      'solutions',
      'design',
    ] as const
  ).map((w) => [w, '', 'services'] as const),
];

/**
 * Legal forms carry no identity. They are stripped from the end repeatedly, so compound forms
 * (集团股份有限公司, co. ltd.) need no entry of their own. 分公司 is deliberately absent: it is handled
 * by BRANCH_WORDS so that it is recorded rather than silently dropped.
 */
const LEGAL_FORMS: readonly string[] = [
  '股份有限公司',
  '有限责任公司',
  '有限公司',
  '责任公司',
  '股份公司',
  '总公司',
  '集团公司',
  '公司',
  '集团',
  '股份',
  '有限',
  '特殊普通合伙',
  '普通合伙',
  '有限合伙',
  '有限合伙企业',
  '普通合伙企业',
  '合伙企业',
  '个人独资企业',
  '独资企业',
  'co',
  'company',
  'ltd',
  'limited',
  'inc',
  'incorporated',
  'corp',
  'corporation',
  'llc',
  'plc',
  'lp',
  'llp',
  'gmbh',
  'ag',
  'sa',
  'nv',
  'bv',
  'pte',
  'pty',
  'kk',
  'group',
  // English puts "holding" after "group" (Alibaba Group Holding), so unlike 控股 it has to be peeled
  // off like a legal form for the group word before it to be reached.
  'holding',
  'holdings',
];

/**
 * A branch (分公司) has no legal personality (公司法: 分公司不具有法人资格，其民事责任由公司承担), so an
 * investment by a branch is the parent's investment: it must match the parent. The branch word is
 * nonetheless kept in the canonical key so the stored record still shows it was a branch.
 */
const BRANCH_WORDS: readonly string[] = [
  '分公司',
  '分行',
  '支行',
  '分店',
  '营业部',
  '办事处',
  '代表处',
  '分厂',
  '分所',
  'branch',
];

const ZHEJIANG_CITIES = ['杭州', '宁波', '温州', '嘉兴', '湖州', '绍兴', '金华', '衢州', '舟山', '台州', '丽水'];
const OTHER_CITIES = [
  '深圳',
  '广州',
  '南京',
  '苏州',
  '无锡',
  '常州',
  '合肥',
  '武汉',
  '长沙',
  '成都',
  '西安',
  '郑州',
  '济南',
  '青岛',
  '厦门',
  '福州',
  '大连',
  '沈阳',
];
const MUNICIPALITIES = ['北京', '天津', '上海', '重庆'];
const PROVINCES = [
  '河北',
  '山西',
  '辽宁',
  '吉林',
  '黑龙江',
  '江苏',
  '浙江',
  '安徽',
  '福建',
  '江西',
  '山东',
  '河南',
  '湖北',
  '湖南',
  '广东',
  '海南',
  '四川',
  '贵州',
  '云南',
  '陕西',
  '甘肃',
  '青海',
  '台湾',
];
const AUTONOMOUS_REGIONS = [
  '内蒙古',
  '内蒙古自治区',
  '广西',
  '广西壮族自治区',
  '西藏',
  '西藏自治区',
  '宁夏',
  '宁夏回族自治区',
  '新疆',
  '新疆维吾尔自治区',
  '香港',
  '香港特别行政区',
  '澳门',
  '澳门特别行政区',
];
/**
 * Hangzhou's districts only with their 区/县/市 suffix: bare 西湖 or 滨江 are common trade names
 * (西湖电子), whereas 西湖区 never is.
 */
const HANGZHOU_DISTRICTS = [
  '上城区',
  '拱墅区',
  '西湖区',
  '滨江区',
  '萧山区',
  '余杭区',
  '临平区',
  '钱塘区',
  '富阳区',
  '临安区',
  '桐庐县',
  '淳安县',
  '建德市',
];
const REGION_WORDS: readonly string[] = [
  '中国',
  '中华人民共和国',
  ...ZHEJIANG_CITIES.flatMap((c) => [c, `${c}市`]),
  ...OTHER_CITIES.flatMap((c) => [c, `${c}市`]),
  ...MUNICIPALITIES.flatMap((c) => [c, `${c}市`]),
  ...PROVINCES.flatMap((p) => [p, `${p}省`]),
  ...AUTONOMOUS_REGIONS,
  ...HANGZHOU_DISTRICTS,
  'china',
  'prc',
  'hangzhou',
  'zhejiang',
  'shanghai',
  'beijing',
  'shenzhen',
  'guangzhou',
  'ningbo',
  'hong kong',
  'hongkong',
  'hk',
];

// ---------------------------------------------------------------------------------------------
// Text preparation and tokens
// ---------------------------------------------------------------------------------------------

const OPEN_BRACKETS = /[([{【〔〖〘⦅]/gu;
const CLOSE_BRACKETS = /[)\]}】〕〗〙⦆]/gu;
const INNER_GROUP = /\(([^()]*)\)/u;
/** A token is one Han character or a run of other letters/digits: Latin words keep their
 * boundaries so that `co` the legal form is never confused with the `co` inside `costco`. */
const TOKEN = /\p{Script=Han}|(?:(?!\p{Script=Han})[\p{L}\p{N}])+/gu;

/** NFKC folds full-width letters, digits, spaces and （） to their ASCII forms in one step. */
function fold(text: string): string {
  return text.normalize('NFKC').toLowerCase().normalize('NFKC');
}

function tokenize(text: string): string[] {
  return text.match(TOKEN) ?? [];
}

function charLength(tokens: readonly string[], from = 0, to = tokens.length): number {
  let n = 0;
  for (let i = from; i < to; i++) n += (tokens[i] as string).length;
  return n;
}

/** Phrase dictionary over token sequences, indexed by last and first token to keep matching O(1)-ish. */
class PhraseSet<V> {
  private readonly byLast = new Map<string, Array<{ tokens: string[]; value: V }>>();
  private readonly byFirst = new Map<string, Array<{ tokens: string[]; value: V }>>();

  constructor(entries: Iterable<readonly [string, V]>) {
    for (const [phrase, value] of entries) {
      const tokens = tokenize(fold(phrase));
      if (tokens.length === 0) continue;
      const entry = { tokens, value };
      push(this.byLast, tokens[tokens.length - 1] as string, entry);
      push(this.byFirst, tokens[0] as string, entry);
    }
    for (const list of [...this.byLast.values(), ...this.byFirst.values()]) {
      list.sort((x, y) => y.tokens.length - x.tokens.length);
    }
  }

  /** All phrases ending exactly at `end`, longest first. */
  suffixes(tokens: readonly string[], end = tokens.length): Array<{ length: number; value: V }> {
    const out: Array<{ length: number; value: V }> = [];
    if (end <= 0) return out;
    for (const e of this.byLast.get(tokens[end - 1] as string) ?? []) {
      const start = end - e.tokens.length;
      if (start >= 0 && e.tokens.every((t, i) => tokens[start + i] === t)) {
        out.push({ length: e.tokens.length, value: e.value });
      }
    }
    return out;
  }

  /** All phrases starting exactly at `start`, longest first. */
  prefixes(tokens: readonly string[], start = 0): Array<{ length: number; value: V }> {
    const out: Array<{ length: number; value: V }> = [];
    if (start >= tokens.length) return out;
    for (const e of this.byFirst.get(tokens[start] as string) ?? []) {
      if (start + e.tokens.length <= tokens.length && e.tokens.every((t, i) => tokens[start + i] === t)) {
        out.push({ length: e.tokens.length, value: e.value });
      }
    }
    return out;
  }

  /** True when the whole token sequence is a chain of phrases from this set. */
  covers(tokens: readonly string[]): boolean {
    if (tokens.length === 0) return false;
    const reachable = new Array<boolean>(tokens.length + 1).fill(false);
    reachable[0] = true;
    for (let i = 0; i < tokens.length; i++) {
      if (!reachable[i]) continue;
      for (const m of this.prefixes(tokens, i)) reachable[i + m.length] = true;
    }
    return reachable[tokens.length] === true;
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

const INDUSTRY = new PhraseSet<IndustryWord>(
  INDUSTRY_WORDS.map(([w, canonical, domain]) => [w, { canonical: canonical || fold(w), domain }] as const),
);
const LEGAL = new PhraseSet<true>(LEGAL_FORMS.map((w) => [w, true] as const));
const REGION = new PhraseSet<true>(REGION_WORDS.map((w) => [w, true] as const));
const BRANCH = new PhraseSet<string>(BRANCH_WORDS.map((w) => [w, fold(w).replace(/\s+/gu, '')] as const));

/**
 * Brackets are unified first, then each innermost group is either dropped (a region qualifier such
 * as （杭州）, or a legal form such as （有限合伙）/（集团）) or unwrapped, because the text inside any
 * other bracket is still part of the name.
 */
function resolveBrackets(text: string): string {
  let s = text.replace(OPEN_BRACKETS, '(').replace(CLOSE_BRACKETS, ')');
  for (let guard = 0; guard < 64; guard++) {
    const m = INNER_GROUP.exec(s);
    if (!m) break;
    const inner = m[1] ?? '';
    const tokens = tokenize(inner);
    const drop = REGION.covers(tokens) || LEGAL.covers(tokens);
    s = `${s.slice(0, m.index)} ${drop ? '' : inner} ${s.slice(m.index + m[0].length)}`;
  }
  return s.replace(/[()]/gu, ' ');
}

// ---------------------------------------------------------------------------------------------
// Parsing
// ---------------------------------------------------------------------------------------------

interface ParsedName {
  normalised: string;
  /** 字号: what identity rests on. */
  trade: string;
  industry: IndustryWord[];
  /** Canonical branch word (分公司, 支行, branch…) when the report names a branch. */
  branch: string | null;
}

interface Split {
  tradeEnd: number;
  industry: IndustryWord[];
}

/**
 * Peels industry words off the end, longest first, but never below a two-character 字号: a
 * one-character remainder is almost never a real trade name, and 杭州银行 must keep 杭州 as its 字号.
 */
function splitIndustry(tokens: readonly string[]): Split {
  let end = tokens.length;
  const industry: IndustryWord[] = [];
  for (;;) {
    const match = INDUSTRY.suffixes(tokens, end).find((m) => charLength(tokens, 0, end - m.length) >= 2);
    if (!match) break;
    industry.unshift(match.value);
    end -= match.length;
  }
  return { tradeEnd: end, industry };
}

/**
 * A region or legal word may only be removed if what is left still has a real 字号. This keeps
 * 中国银行 (字号 中国) apart from 中国建设银行 (字号 建设) and stops 杭州科技 collapsing to 科技.
 */
function hasRealTrade(tokens: readonly string[]): boolean {
  if (tokens.length === 0) return false;
  const { tradeEnd, industry } = splitIndustry(tokens);
  const trade = tokens.slice(0, tradeEnd);
  if (charLength(trade) < 2 || REGION.covers(trade) || LEGAL.covers(trade)) return false;
  // A bare industry word (科技) is no 字号, but one followed by another descriptor is: in 建设银行
  // the 建设 is the 字号 that tells 中国建设银行 from 中国银行.
  return industry.length > 0 || !INDUSTRY.covers(trade);
}

function stripDecoration(input: readonly string[]): string[] {
  let tokens = [...input];
  for (let changed = true; changed; ) {
    changed = false;
    // Legal forms only need a non-empty rest: 杭州有限公司 should still lose 有限公司.
    const legal = LEGAL.suffixes(tokens).find((m) => m.length < tokens.length);
    if (legal) {
      tokens = tokens.slice(0, tokens.length - legal.length);
      changed = true;
      continue;
    }
    // The region that sits before the legal form: 阿里巴巴中国有限公司.
    const trailing = REGION.suffixes(tokens).find((m) => hasRealTrade(tokens.slice(0, tokens.length - m.length)));
    if (trailing) {
      tokens = tokens.slice(0, tokens.length - trailing.length);
      changed = true;
      continue;
    }
    const leading = REGION.prefixes(tokens).find((m) => hasRealTrade(tokens.slice(m.length)));
    if (leading) {
      tokens = tokens.slice(leading.length);
      changed = true;
    }
  }
  return tokens;
}

/**
 * Splits "parent + label + 分公司". The label (杭州, 滨江, 第一, 销售…) is whatever follows the parent's
 * legal form; it is dropped because every branch of a parent is the parent's investment. Without a
 * legal form to anchor on, only a trailing region word is treated as the label.
 */
function splitBranch(tokens: string[]): { parent: string[]; branch: string | null } {
  const match = BRANCH.suffixes(tokens).find((m) => m.length < tokens.length);
  if (!match) return { parent: tokens, branch: null };
  const rest = tokens.slice(0, tokens.length - match.length);
  for (let end = rest.length; end > 0; end--) {
    if (LEGAL.suffixes(rest, end).some((m) => m.length < end)) {
      return { parent: rest.slice(0, end), branch: match.value };
    }
  }
  const region = REGION.suffixes(rest).find((m) => m.length < rest.length);
  return { parent: region ? rest.slice(0, rest.length - region.length) : rest, branch: match.value };
}

function parseOnce(raw: string): { parsed: ParsedName; tokens: string[] } {
  const { parent, branch } = splitBranch(tokenize(resolveBrackets(fold(raw))));
  const core = stripDecoration(parent);
  const { tradeEnd, industry } = splitIndustry(core);
  const trade = core.slice(0, tradeEnd).join('');
  const body = core.join('');
  return {
    parsed: { normalised: body === '' ? '' : body + (branch ?? ''), trade, industry, branch },
    tokens: core,
  };
}

/**
 * Joining tokens loses Latin word boundaries and can expose new patterns (e.g. `某某 l td` becomes
 * `某某ltd`), so the normalised form is re-parsed until it is a fixed point. That is what makes
 * normalisation idempotent, which the DB relies on when it re-normalises stored keys. The structure
 * of the first parse is kept whenever it is already stable, because it still knows where the Latin
 * words were.
 */
function parse(raw: string): ParsedName {
  let current = parseOnce(typeof raw === 'string' ? raw : '').parsed;
  for (let i = 0; i < 8; i++) {
    const again = parseOnce(current.normalised).parsed;
    if (again.normalised === current.normalised) return current;
    current = again;
  }
  return current;
}

// ---------------------------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------------------------

/** Names scoring at or above this are the same investor. */
export const NAME_MATCH_THRESHOLD = 0.8;

/**
 * Canonical key: NFKC (全角→半角), lower case, brackets unified with region/legal qualifiers removed,
 * punctuation and whitespace removed, leading/trailing region words and legal forms removed. The
 * industry descriptor is kept (it is part of how the name reads); a branch keeps its branch word.
 */
export function normaliseInvestorName(name: string): string {
  return parse(name).normalised;
}

/**
 * Equality-lookup keys. Every pair `nameSimilarity` accepts either has equal normalised names or
 * equal trade names, so the normalised name plus a `t:`-prefixed trade-name key is enough for an
 * indexed `WHERE key IN (…)` to find every candidate. The prefix keeps a trade key from colliding
 * with some other company's full normalised name.
 */
export function investorNameKeys(name: string): string[] {
  const p = parse(name);
  if (p.normalised === '') return [];
  const keys = [p.normalised];
  if (p.trade !== '') keys.push(`t:${p.trade}`);
  return keys;
}

type IndustryRelation = 'same' | 'compatible' | 'conflict';

function industryRelation(a: readonly IndustryWord[], b: readonly IndustryWord[]): IndustryRelation {
  const ca = new Set(a.filter((w) => w.domain !== 'neutral').map((w) => w.canonical));
  const cb = new Set(b.filter((w) => w.domain !== 'neutral').map((w) => w.canonical));
  if (ca.size === cb.size && [...ca].every((c) => cb.has(c))) return 'same';
  // A name without a descriptor is the group-level name and covers all its businesses.
  if (ca.size === 0 || cb.size === 0) return 'compatible';
  if ([...ca].some((c) => cb.has(c))) return 'compatible';
  const da = new Set(a.map((w) => w.domain).filter((d) => d !== 'neutral'));
  const db = new Set(b.map((w) => w.domain).filter((d) => d !== 'neutral'));
  if ([...da].some((d) => d !== 'generic' && db.has(d))) return 'compatible';
  const techy = (ds: Set<Domain>) => [...ds].some((d) => d === 'generic' || TECH_AFFINE.has(d));
  if ((da.has('generic') && techy(db)) || (db.has('generic') && techy(da))) return 'compatible';
  return 'conflict';
}

function bigrams(s: string): string[] {
  const chars = [...s];
  if (chars.length < 2) return chars;
  const out: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) out.push(`${chars[i]}${chars[i + 1]}`);
  return out;
}

function dice(a: string, b: string): number {
  const x = bigrams(a);
  const y = bigrams(b);
  if (x.length === 0 || y.length === 0) return 0;
  const pool = new Map<string, number>();
  for (const g of y) pool.set(g, (pool.get(g) ?? 0) + 1);
  let shared = 0;
  for (const g of x) {
    const n = pool.get(g) ?? 0;
    if (n > 0) {
      shared++;
      pool.set(g, n - 1);
    }
  }
  return (2 * shared) / (x.length + y.length);
}

function compareParsed(a: ParsedName, b: ParsedName): number {
  if (a.normalised === '' || b.normalised === '') return 0;
  if (a.normalised === b.normalised) return 1;
  const relation = industryRelation(a.industry, b.industry);
  if (a.trade === b.trade) {
    if (relation === 'conflict') return 0.6;
    const base = relation === 'same' ? 0.95 : 0.9;
    return (a.branch === null) === (b.branch === null) ? base : base - 0.05;
  }
  // Different 字号 never reach the threshold: the graded score is only for "did you mean" hints.
  return 0.7 * dice(a.trade, b.trade) * (relation === 'conflict' ? 0.8 : 1);
}

/** 0..1; ≥ NAME_MATCH_THRESHOLD means the names denote the same investor. Symmetric. */
export function nameSimilarity(a: string, b: string): number {
  return compareParsed(parse(a), parse(b));
}

const CREDIT_CODE_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CREDIT_CODE_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/**
 * Upper-cased, separators removed, and checked against the GB 32100-2015 check character. A code
 * that fails the check is returned as null: a mistyped code must not be allowed to declare two
 * reports different (or the same), so it is treated as if it had not been given.
 */
export function normaliseCreditCode(code: string | null | undefined): string | null {
  if (typeof code !== 'string') return null;
  const c = code
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[\s\-_.]/gu, '');
  if (c.length !== 18) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = CREDIT_CODE_CHARS.indexOf(c[i] as string);
    if (v < 0) return null;
    sum += v * (CREDIT_CODE_WEIGHTS[i] as number);
  }
  const expected = CREDIT_CODE_CHARS[(31 - (sum % 31)) % 31];
  return c[17] === expected ? c : null;
}

export interface InvestorRef {
  name: string;
  creditCode?: string | null;
}

/**
 * Valid codes on both sides decide outright, either way (a renamed company keeps its code; two
 * companies never share one). Otherwise the names decide. `basis` is the evidence behind the verdict:
 * 'none' means nothing links the two reports.
 */
export function sameInvestor(
  a: InvestorRef,
  b: InvestorRef,
): { same: boolean; basis: 'credit-code' | 'name' | 'none' } {
  const ca = normaliseCreditCode(a?.creditCode);
  const cb = normaliseCreditCode(b?.creditCode);
  if (ca !== null && cb !== null) return { same: ca === cb, basis: 'credit-code' };
  if (nameSimilarity(a?.name, b?.name) >= NAME_MATCH_THRESHOLD) return { same: true, basis: 'name' };
  return { same: false, basis: 'none' };
}
