/**
 * The policy 《全市“一盘棋”产业链精准招商工作制度（试行）》 as data: its text split into clauses with
 * the document's own numbering (一 … 六, 二(一) … 五(三), and the attachment's items 1–12), each with
 * its verbatim text (DESIGN §10). A citation of the policy names one of these ids, so a clause that
 * does not exist cannot be cited: `ClauseId` is a closed union and a typo fails to compile.
 *
 * The text is /work/shared/policy's extraction with the PDF's line breaks and the spaces it put
 * around digits removed; nothing else is changed. The attachment's items are built from the matrix
 * transcription (DESIGN §7) so that the two never disagree.
 */

import { MATRIX_ITEMS } from '../matrix/items.ts';

export const SECTION_IDS = ['一', '二', '三', '四', '五', '六'] as const;
export const SUBCLAUSE_IDS = [
  '二(一)',
  '二(二)',
  '二(三)',
  '三(一)',
  '三(二)',
  '三(三)',
  '四(一)',
  '四(二)',
  '四(三)',
  '五(一)',
  '五(二)',
  '五(三)',
] as const;
export const ATTACHMENT_IDS = [
  '附件1',
  '附件2',
  '附件3',
  '附件4',
  '附件5',
  '附件6',
  '附件7',
  '附件8',
  '附件9',
  '附件10',
  '附件11',
  '附件12',
] as const;

export type SectionId = (typeof SECTION_IDS)[number];
export type SubclauseId = (typeof SUBCLAUSE_IDS)[number];
export type AttachmentId = (typeof ATTACHMENT_IDS)[number];
/** 序言 is the preamble (为进一步深化…制订本工作制度). */
export type ClauseId = '序言' | SectionId | SubclauseId | AttachmentId;

export interface Clause {
  id: ClauseId;
  /** How the clause is named in a citation: 四(一), or 附件第9项. */
  label: string;
  heading: string;
  /** The clause's own words; for a section with sub-clauses, only its heading line. */
  text: string;
  /** The section a sub-clause belongs to, or 六 for the attachment (附:…事项责任分解). */
  parent: ClauseId | null;
}

export const POLICY_TITLE = '全市“一盘棋”产业链精准招商工作制度（试行）';
/** How citations name the policy: （依据《工作制度》四(一)）. */
export const POLICY_SHORT_TITLE = '工作制度';
/** The attachment's own title. */
export const ATTACHMENT_TITLE = '杭州市“一盘棋”产业链精准招商工作制度事项责任分解';

const TEXT: readonly { id: ClauseId; heading: string; text: string; parent: ClauseId | null }[] = [
  {
    id: '序言',
    heading: '制定依据',
    text: '为进一步深化产业链精准招商，强化产业投资市域统筹，优化资源配置，聚力招引和保障全市重大优质产业项目落地，提升产业投资促进竞争力，根据市委、市政府决策部署和《省发展改革委关于印发〈浙江省产业链精准招商工作指导意见（试行）〉的通知》（浙发改办〔2018〕387号），结合我市实际，制订本工作制度。',
    parent: null,
  },
  {
    id: '一',
    heading: '总体要求',
    text: '一、总体要求\n进一步加大产业投资市域统筹力度，强化全市“一盘棋”理念，以产业平台为载体、以规划统筹为主线、以政策统筹为重点、以项目统筹为依托、以要素统筹为支撑，进一步创新体制机制，整合市、区县（市）及产业平台资源，推进上下互动和部门联动，加快构建“大招商”格局，形成全市重大产业项目招引工作内部竞争有序和外部竞争有力的良好局面。',
    parent: null,
  },
  { id: '二', heading: '加强规划统筹', text: '二、加强规划统筹', parent: null },
  {
    id: '二(一)',
    heading: '建立产业空间规划联动机制',
    text: '（一）建立产业空间规划联动机制。由市规划和自然资源局牵头会同市发改委、市投资促进局以及相关产业主管部门，在国土空间总体规划中做好我市城市产业发展与空间模式研究，加强产业空间布局优化整合，实现多规合一，从源头上防止产业空间布局碎片化。',
    parent: '二',
  },
  {
    id: '二(二)',
    heading: '编制重点产业（链）投资布局导引',
    text: '（二）编制重点产业（链）投资布局导引。由市投资促进局牵头，根据全市整体产业发展空间规划情况及市政府常务会议研究确定的各地重点发展产业链和重大产业项目，编制《杭州市重点产业（链）投资布局导引》（以下简称《布局导引》），引导重点产业平台布局，做深做实重点产业链规划，因地制宜深化细化招商路径。',
    parent: '二',
  },
  {
    id: '二(三)',
    heading: '建立产业平台评价体系',
    text: '（三）建立产业平台评价体系。各地要根据《布局导引》统筹本地资源和要素，提升平台能级，构建和优化产业生态，推动产业链价值持续攀升。由市投资促进局牵头会同市发改委以及相关产业主管部门，每年对各地《布局导引》落实情况及平台项目承接能力进行综合评价，作为重大项目选址推荐和政策支持的重要参考，推动产业集聚集群发展。',
    parent: '二',
  },
  { id: '三', heading: '加强政策统筹', text: '三、加强政策统筹', parent: null },
  {
    id: '三(一)',
    heading: '构建产业链精准政策供给体系',
    text: '（一）构建产业链精准政策供给体系。聚焦我市重点打造的产业链和产业集群，由市投资促进局会同相关产业主管部门，制定精准化、个性化的市级重点产业“一链一策”，形成市级招商引资基本政策，并以《布局导引》为依据，向重点产业平台倾斜。对不符合《布局导引》的项目，不得给予市级产业政策支持。',
    parent: '三',
  },
  {
    id: '三(二)',
    heading: '完善重大招商引资项目“一事一议”制度',
    text: '（二）完善重大招商引资项目“一事一议”制度。修订完善“一事一议”制度，明确议事条件和决策程序，为引进重大产业项目提供个性化政策支持。“一事一议”事项涉及市级财政支持的，以政府产业基金或股权直投形式为主，并由相关基金或股权直投牵头单位按照有关议事规则研究决策；需要市政府给予经营性绩效奖励或更大支持的，提交市政府常务会议研究决策；市政府常务会议认为有必要的，提交市委财经委员会研究决策。',
    parent: '三',
  },
  {
    id: '三(三)',
    heading: '加强产业投资促进优惠政策管理',
    text: '（三）加强产业投资促进优惠政策管理。各地制定出台的普惠性产业投资促进政策（含产业政策涉及招商引资优惠内容）和“一事一议”政策，不得优于《布局导引》确定的重点产业承载地区政策。市投资促进局会同市审计局、市财政局和相关产业主管部门要加强对相关政策制定和执行的监管，对“比拼政策”的，取消产业投资促进目标考核先进评比资格；情节严重的，项目税收地方留成部分由市财政局收归市级所有。',
    parent: '三',
  },
  { id: '四', heading: '加强项目统筹', text: '四、加强项目统筹', parent: null },
  {
    id: '四(一)',
    heading: '建立项目首报首谈制度',
    text: '（一）建立项目首报首谈制度。各地初步洽谈有明确意向的项目首先向市投资促进局报备，经市投资促进局审查认为其符合《布局导引》、并经征求意向投资者的意见建议后，赋予其排他性首谈资格，其他区、县（市）和平台不得进行项目洽谈或干扰谈判。对违反首报首谈规定的引进项目，不得享受市级层面政策支持，且该项目的税收地方留成部分由市财政局收归市级所有。',
    parent: '四',
  },
  {
    id: '四(二)',
    heading: '建立项目市级主谈制度',
    text: '（二）建立项目市级主谈制度。对需要跨区域布局的重大项目、省市领导交办的项目以及其他按相关规定由市级主谈的项目，由市投资促进局牵头主谈。市投资促进局可根据项目预评估情况，并报分管市领导批准后，组建项目引进专项组，具体负责项目的调查、评估和洽谈，提出项目落地方案建议，报请分管市领导召开项目协调会研究后形成会议纪要。涉及市级“一事一议”政策支持的，按相关规定执行。',
    parent: '四',
  },
  {
    id: '四(三)',
    heading: '强化存量项目流转监督',
    text: '（三）强化存量项目流转监督。建立重点领域存量项目的流转审查机制，由市投资促进局会同市财政局、市审计局以及相关产业主管部门根据各地项目流转信息和有关诉求，对项目流转的合理性和必要性进行联合审查，防止区、县（市）和产业平台通过“政策比拼”对存量项目开展恶性竞争。完善财政利益共享等相关制度，引导企业在市域内有序梯度转移。',
    parent: '四',
  },
  { id: '五', heading: '加强要素统筹', text: '五、加强要素统筹', parent: null },
  {
    id: '五(一)',
    heading: '保障重大产业项目用地需求',
    text: '（一）保障重大产业项目用地需求。各地在分配使用省下达的新增建设用地计划指标时，在确保项目合规性和可批性的前提下，要根据投资规模、亩均产值等因素，优先保障重大产业项目新增建设用地计划指标需求。在申请使用省重大产业奖励指标后仍有不足的，由市规划和自然资源局积极向省里争取指标支持。对各地通过盘活存量土地解决重大产业项目用地的，在项目完成供地后下一年度，由市规划和自然资源局给予新增建设用地指标奖励。',
    parent: '五',
  },
  {
    id: '五(二)',
    heading: '探索能耗资源要素化利用方式',
    text: '（二）探索能耗资源要素化利用方式。市能耗管理部门对全市重大产业项目能耗指标实行市级统筹；积极推动能耗指标在产业发展中的竞争性利用。',
    parent: '五',
  },
  {
    id: '五(三)',
    heading: '强化各类产业投资促进基金统筹',
    text: '（三）强化各类产业投资促进基金统筹。由市国资委会同市投资促进局以及相关产业主管部门围绕重点产业链盯引项目，协调市级股权投资平台，开展项目尽职调查，提出投资建议，为市委、市政府“一事一议”提供决策支撑；针对重点发展产业，协调各类产业基金、重点产业平台和社会资本，建立重点产业子基金，支持和引导产业项目集聚发展。',
    parent: '五',
  },
  {
    id: '六',
    heading: '其他事项',
    text: '六、其他事项\n各牵头单位要负责制定具体工作方案并报市政府同意后实施。\n本制度自2019年6月6日起施行，由市投资促进局负责牵头组织实施。',
    parent: null,
  },
];

/** 牵头单位 of each attachment item as the attachment words it (the matrix keeps unit ids). */
const ATTACHMENT_LEADS: Readonly<Record<number, string>> = {
  1: '市规划和自然资源局',
  2: '市投资促进局',
  3: '市投资促进局',
  4: '市投资促进局',
  5: '市投资促进局',
  6: '市投资促进局',
  7: '市投资促进局',
  8: '市投资促进局、市财政局',
  9: '市规划和自然资源局',
  10: '市发改委',
  11: '市国资委',
  12: '市国资委',
};

function attachmentClause(id: AttachmentId): Clause {
  const number = Number(id.slice('附件'.length));
  const item = MATRIX_ITEMS.find((def) => def.number === number);
  if (item === undefined) throw new Error(`attachment item ${number} is missing from the matrix`);
  return {
    id,
    label: `附件第${number}项`,
    heading: item.name,
    text: [
      `${number}. ${item.name}`,
      `主要内容：${item.content}`,
      `牵头单位：${ATTACHMENT_LEADS[number]}`,
      `配合单位：${item.cooperatingText}`,
      `完成时限：${item.deadlineText}`,
    ].join('\n'),
    parent: '六',
  };
}

/** The whole policy, in the document's order. */
export const CLAUSES: readonly Clause[] = [
  ...TEXT.map((entry) => ({ ...entry, label: entry.id })),
  ...ATTACHMENT_IDS.map(attachmentClause),
];

const BY_ID = new Map<string, Clause>(CLAUSES.map((clause) => [clause.id, clause]));

export function clauseById(id: ClauseId): Clause {
  const clause = BY_ID.get(id);
  if (clause === undefined) throw new Error(`clause ${id} is not in the catalogue`);
  return clause;
}

/** The sub-clauses (or, for 六, the attachment items) of a clause, in order. */
export function childrenOf(id: ClauseId): Clause[] {
  return CLAUSES.filter((clause) => clause.parent === id);
}

/** The clause id of attachment item n (1–12); throws for a number the attachment does not have. */
export function attachmentClauseId(n: number): AttachmentId {
  const id = ATTACHMENT_IDS[n - 1];
  if (id === undefined || !Number.isInteger(n)) throw new Error(`the attachment has no item ${n}`);
  return id;
}

const CHINESE_NUMERALS = ['一', '二', '三', '四', '五', '六'];

/**
 * Reads a clause id as officers type it: 四(一), 四（一）, 四、, 4(1), 附件9, 附件第9项, 第9项, 序言.
 * Input is already half-width (the tokenizer's job); returns undefined for anything else.
 */
export function parseClauseId(input: string): ClauseId | undefined {
  const text = input
    .replace(/\s+/g, '')
    .replace(/[（]/g, '(')
    .replace(/[）]/g, ')')
    .replace(/[、.]$/, '');
  if (text === '序言' || text === '前言') return '序言';
  const attachment = /^(?:附件)?(?:第)?(\d{1,2})项?$/.exec(text);
  if (attachment !== null && (text.startsWith('附件') || text.startsWith('第') || text.endsWith('项'))) {
    const id = `附件${Number(attachment[1])}`;
    return BY_ID.has(id) ? (id as ClauseId) : undefined;
  }
  const clause = /^([一二三四五六1-6])(?:\(([一二三1-3])\))?$/.exec(text);
  if (clause === null) return undefined;
  const numeral = (word: string) => (/\d/.test(word) ? CHINESE_NUMERALS[Number(word) - 1] : word);
  const id = clause[2] === undefined ? numeral(clause[1]!) : `${numeral(clause[1]!)}(${numeral(clause[2])})`;
  return id !== undefined && BY_ID.has(id) ? (id as ClauseId) : undefined;
}
