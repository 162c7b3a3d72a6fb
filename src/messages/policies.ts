/**
 * Text of policy filings and 比拼政策 findings (policy 三(三); DESIGN §5.4). Included in the catalog
 * as zhCN.policies; the term and excess formatting is shared with the transfer review.
 */

import { buttonFor } from '../app/buttons.ts';
import type { Message } from '../app/receiver.ts';
import { citeClause, citeRule } from './citation.ts';
import type { Excess, Measure } from '../domain/policies/ceiling.ts';
import { DISPOSITION_LABELS, DISPOSITIONS, type Disposition } from '../domain/policies/findings.ts';
import {
  MAX_POLICY_YEARS,
  POLICY_TYPE_LABELS,
  POLICY_TYPES,
  type PolicyTerms,
  type TermsProblem,
} from '../domain/policies/terms.ts';
import { formatWan } from '../domain/parsing/amount.ts';
import type {
  FilingEntry,
  FindingDetailOutcome,
  FindingDisposedOutcome,
  FindingListEntry,
  FindingListOutcome,
  FindingOpinionOutcome,
  PolicyFiledOutcome,
  PolicyListOutcome,
} from '../services/policies.ts';
import { OVERBID_WORDS } from './command-words.ts';
import { formatDateTime } from './format.ts';
import { refusal } from './refusal.ts';
import { marked } from './user-values.ts';

const SANSAN = citeClause('三(三)');
const NOT_BETTER = '各地政策不得优于《布局导引》确定的重点产业承载地区政策';
const CONSEQUENCES =
  '对“比拼政策”的，取消产业投资促进目标考核先进评比资格；情节严重的，项目税收地方留成部分由市财政局收归市级所有';
const TYPE_NAMES = POLICY_TYPES.map((t) => POLICY_TYPE_LABELS[t]);

export const FILE_EXAMPLE = '/政策备案 产业链=集成电路 类型=税收奖励 比例=50% 上限=2000万 年限=5';
export const DISPOSE_EXAMPLE = '/比拼 处置 BP-2026-0001 取消考核评先资格 说明=经核实高于承载地政策';

export function formatPercent(value: number): string {
  return `${Number(value.toFixed(2))}%`;
}

/** `税收奖励 50%，上限2000万元，5年`. */
export function describeTerms(terms: PolicyTerms): string {
  const parts = [`${POLICY_TYPE_LABELS[terms.type]} ${formatPercent(terms.ratePct)}`];
  if (terms.capWan !== null) parts.push(`上限${formatWan(terms.capWan)}`);
  if (terms.years !== null) parts.push(`${terms.years}年`);
  return parts.join('，');
}

/** A filing as listed: its terms, and the unit's own words when it gave them (其他 needs them). */
export function describeFiling(terms: PolicyTerms, note: string | null): string {
  return note === null ? describeTerms(terms) : `${describeTerms(terms)}（${note}）`;
}

const MEASURE_LABELS: Record<Measure, string> = { rate: '比例', cap: '上限', years: '年限' };

function measureValue(measure: Measure, value: number): string {
  if (measure === 'rate') return formatPercent(value);
  if (measure === 'cap') return formatWan(value);
  return `${value}年`;
}

/** `比例 50%（承载地最高 30%）、年限 8年（承载地最高 5年）`. */
export function describeExcess(excess: readonly Excess[]): string {
  return excess
    .map(
      (e) =>
        `${MEASURE_LABELS[e.measure]} ${measureValue(e.measure, e.value)}（承载地最高 ${measureValue(e.measure, e.ceiling)}）`,
    )
    .join('、');
}

/** One promised item above the hosts' ceiling, as a transfer finding stores it. */
export interface PromiseExcess {
  terms: PolicyTerms;
  excess: Excess[];
}

/**
 * What a finding's stored JSON says is above the ceiling: a filing's measures (`excess`), or each
 * promised item of a transfer (`items`), named by its type.
 */
export function describeFindingExcess(json: string): string {
  const stored = JSON.parse(json) as { excess?: Excess[]; items?: PromiseExcess[] };
  return stored.items !== undefined ? describePromiseExcess(stored.items) : describeExcess(stored.excess ?? []);
}

/** `「税收奖励」比例 50%（承载地最高 30%）；…`: each promised item above the ceiling. */
export function describePromiseExcess(items: readonly PromiseExcess[]): string {
  return items.map((i) => `「${POLICY_TYPE_LABELS[i.terms.type]}」${describeExcess(i.excess)}`).join('；');
}

/** What a finding is about: a unit's filing, or a transfer destination's promise (DESIGN §5.3). */
export type FindingSource =
  | { kind: 'filing'; code: string; terms: string }
  | { kind: 'transfer'; code: string; terms: string; enterprise: string };

/** A finding's terms in a list line: the filing's, or `LZ-2026-0001 承诺 税收奖励 50%`. */
export const describeSource = (s: FindingSource) => (s.kind === 'filing' ? s.terms : `${s.code} 承诺 ${s.terms}`);

/** `萧山区备案的「集成电路」政策 ZC-2026-0002（税收奖励 50%）` or the transfer's promise. */
const subjectOf = (unit: string, chain: string, s: FindingSource) =>
  s.kind === 'filing'
    ? `${unit}备案的「${chain}」政策 ${s.code}（${s.terms}）`
    : `${unit}在存量项目流转 ${s.code}（${s.enterprise}，「${chain}」）中承诺的政策（${s.terms}）`;

const TERMS_FIELDS: Record<TermsProblem['field'], string> = { type: '类型', rate: '比例', cap: '上限', years: '年限' };

export function describeTermsProblem(problem: TermsProblem): string {
  switch (problem.kind) {
    case 'missing':
      return `缺少「${TERMS_FIELDS[problem.field]}」`;
    case 'unknown':
      return `类型“${problem.input}”无法识别，可选：${TYPE_NAMES.join('、')}`;
    case 'invalid':
      if (problem.field === 'rate')
        return `比例“${problem.input}”无效，请写大于 0、不超过 100 的百分数（最多两位小数），例如 50%`;
      if (problem.field === 'cap') return `上限“${problem.input}”无法识别，请写整万元金额，例如 2000万、1.5亿`;
      return `年限“${problem.input}”无效，请写 1 到 ${MAX_POLICY_YEARS} 的整数年，例如 5年`;
  }
}

export interface FilingLine {
  code: string;
  unit: string;
  chain: string;
  terms: string;
  host: boolean;
  finding: { code: string; open: boolean; disposition: string | null } | null;
  filedAt: string;
}

const findingTag = (f: FilingLine['finding']) =>
  f === null ? '' : ` ⚠️ 比拼政策 ${f.code}（${f.open ? '待处置' : `已处置：${f.disposition ?? ''}`}）`;

/** What a finding's notices say; `source` and the terms are already described (transfers record findings too). */
interface FindingFacts {
  code: string;
  unit: string;
  chain: string;
  source: FindingSource;
  hosts: string[];
  ceiling: string | null;
  excess: string;
}

export const policyMessages = {
  actions: {
    'policy.file': '政策备案',
    'policy.supersede': '政策备案被新备案替换',
    'policy.finding': '发现比拼政策',
    'policy.dispose': '处置比拼政策',
  } as Record<string, string>,
  dispositionLabels: DISPOSITION_LABELS,
  file: {
    title: (p: { code: string }) => `政策备案 ${p.code}`,
    problems: refusal('E_INVALID_VALUE', (p: { lines: string[] }) =>
      ['政策备案未成功，请修改以下问题后重新发送：', ...p.lines, `示例：${FILE_EXAMPLE}`].join('\n'),
    ),
    missingChain: () => '缺少「产业链」',
    unknownChain: (p: { input: string; chains: string[] }) =>
      `产业链「${p.input}」不在《布局导引》中。可选：${p.chains.join('、')}`,
    ambiguousChain: refusal(
      'E_AMBIGUOUS',
      (p: { input: string; candidates: string[] }) =>
        `产业链「${p.input}」对应多个：${p.candidates.join('、')}，请写全称`,
    ),
    extraWords: refusal(
      'E_USAGE',
      (p: { words: string[] }) => `无法识别的内容：${p.words.join(' ')}。请写成 参数名=值，例如 ${FILE_EXAMPLE}`,
    ),
    noteTooLong: (p: { max: number }) => `「说明」太长（不超过 ${p.max} 字）`,
    noGuide: refusal(
      'E_PRECONDITION',
      () => '《布局导引》尚未发布，无法确定承载地，暂时不能备案。请联系市投资促进局发布（/布局导引 导入）。',
    ),
    unitRequired: refusal('E_USAGE', () => `市投资促进局代为备案时请写明单位，例如：${FILE_EXAMPLE} 单位=萧山区`),
    noUnit: refusal(
      'E_NO_UNIT',
      () => '您的账号还没有绑定单位，无法备案。请联系系统管理员：/角色 授予 <您> REPORTER <单位>。',
    ),
    otherUnit: refusal(
      'E_NOT_MEMBER',
      (p: { unit: string }) =>
        `招商专员只能为本单位备案政策，不能为「${p.unit}」备案；如需代为备案请联系市投资促进局。`,
    ),
    notLocal: refusal(
      'E_UNIT_KIND',
      (p: { unit: string }) =>
        `「${p.unit}」不是区、县（市）或产业平台。政策备案只针对各地制定出台的产业投资促进政策${SANSAN}。`,
    ),
    unknownUnit: refusal(
      'E_NOT_FOUND',
      (p: { input: string; suggestions: string[] }) =>
        `没有找到单位“${p.input}”。${p.suggestions.length > 0 ? `您是不是指：${p.suggestions.join('、')}？` : '请写区、县（市）或平台的全称，例如 萧山区。'}`,
    ),
    ambiguousUnit: refusal(
      'E_AMBIGUOUS',
      (p: { input: string; candidates: string[] }) =>
        `“${p.input}”对应多个单位：${p.candidates.join('、')}。请写全称。`,
    ),
    filed: (p: {
      code: string;
      unit: string;
      chain: string;
      terms: string;
      host: boolean;
      hosts: string[];
      replaced: string | null;
    }) =>
      [
        `已备案 **${p.code}**：${p.unit}「${p.chain}」${p.terms}。`,
        p.host
          ? `${p.unit}是《布局导引》中「${p.chain}」的承载地，本备案为该产业链非承载地政策的上限：${NOT_BETTER}${SANSAN}。`
          : `「${p.chain}」的承载地为 ${p.hosts.join('、') || '（暂无）'}；${NOT_BETTER}${SANSAN}。`,
        ...(p.replaced ? [`此前的同类备案 ${p.replaced} 已被本次备案替换。`] : []),
      ].join('\n'),
    conforming: (p: { chain: string }) =>
      `本单位所在区县或所属平台承载「${p.chain}」，符合《布局导引》，不作比拼政策比对。`,
    within: () => '比对结果：不高于承载地同类政策。',
    noCeiling: (p: { type: string }) =>
      `比对结果：承载地尚未备案「${p.type}」政策，暂无法比对；承载地备案后将自动比对。`,
    exceeded: (p: { finding: string; excess: string }) =>
      `⚠️ 比对结果：${p.excess}，高于承载地政策，已记为比拼政策 **${p.finding}**${citeRule('R12')}，并通知市投资促进局、市审计局、市财政局和产业主管部门。${NOT_BETTER}；${CONSEQUENCES}${SANSAN}。如系填写错误，请重新备案并联系市投资促进局。`,
    hostRecheck: (p: { findings: string[] }) =>
      `按本次承载地备案重新比对，发现 ${p.findings.length} 项非承载地政策高于本政策，已记为比拼政策：${p.findings.join('、')}。`,
    onBehalf: (p: { code: string; unit: string; chain: string; terms: string; by: string }) =>
      `【政策备案】市投资促进局（${p.by}）为${p.unit}备案了「${p.chain}」政策 ${p.code}：${p.terms}。发送 /政策 ${p.unit} 查看本单位备案。`,
  },
  list: {
    usage: refusal('E_USAGE', () => '请写明要查看的单位或产业链，例如 /政策 萧山区 或 /政策 集成电路。'),
    unknown: refusal(
      'E_NOT_FOUND',
      (p: { input: string }) =>
        `没有找到产业链或单位“${p.input}”。请写《布局导引》中的产业链（发送 /布局导引 查看）或区、县（市）、平台的全称。`,
    ),
    chainTitle: (p: { chain: string }) => `「${p.chain}」备案政策`,
    chain: (p: { chain: string; hosts: string[]; lines: FilingLine[] }) =>
      [
        `### 「${p.chain}」备案政策`,
        `承载地：${p.hosts.join('、') || '（暂无）'}。${NOT_BETTER}${SANSAN}。`,
        '',
        ...(p.lines.length === 0
          ? ['暂无备案。各地可发送 /政策备案 备案本单位政策。']
          : p.lines.map(
              (l) =>
                `- ${l.unit}${l.host ? '【承载地】' : ''}：${l.terms}（${l.code}，${l.filedAt}）${findingTag(l.finding)}`,
            )),
      ].join('\n'),
    unitTitle: (p: { unit: string }) => `${p.unit}备案政策`,
    unit: (p: { unit: string; lines: FilingLine[] }) =>
      [
        `### ${p.unit}备案政策`,
        '',
        ...(p.lines.length === 0
          ? [`暂无备案。发送 ${FILE_EXAMPLE} 备案。`]
          : p.lines.map(
              (l) =>
                `- 「${l.chain}」${l.host ? '【承载地】' : ''}：${l.terms}（${l.code}，${l.filedAt}）${findingTag(l.finding)}`,
            )),
      ].join('\n'),
  },
  finding: {
    title: (p: { code: string }) => `比拼政策 ${p.code}`,
    notice: (p: FindingFacts) =>
      [
        `【比拼政策】**${p.code}**：${subjectOf(p.unit, p.chain, p.source)}高于承载地政策。`,
        `- 承载地：${p.hosts.join('、')}${p.ceiling === null ? '' : `；承载地同类政策上限：${p.ceiling}`}`,
        `- 超出：${p.excess}`,
        p.source.kind === 'filing'
          ? `${NOT_BETTER}；${CONSEQUENCES}${SANSAN}。`
          : `迁入地承诺高于承载地备案政策的，记为比拼政策${citeRule('R12')}；联合审查要防止区、县（市）和产业平台通过“政策比拼”对存量项目开展恶性竞争${citeClause('四(三)')}；${CONSEQUENCES}${SANSAN}。`,
      ].join('\n'),
    ipbNextStep: (p: { code: string }) =>
      `请市投资促进局会同市审计局、市财政局和产业主管部门研究（各单位意见：/比拼 意见 ${p.code} <意见>）后处置：/比拼 处置 ${p.code} 取消考核评先资格|税收留成收归市级|不构成比拼 <理由>，或点击下方按钮${SANSAN}。`,
    reviewerNextStep: (p: { code: string }) =>
      `市投资促进局将会同各单位研究处置，请发送本单位意见：/比拼 意见 ${p.code} <意见>。`,
    button: (p: { disposition: Disposition }) => DISPOSITION_LABELS[p.disposition],
    unknown: refusal(
      'E_NOT_FOUND',
      (p: { input: string }) => `没有找到比拼政策记录“${p.input}”。编号形如 BP-2026-0001；发送 /比拼 查看待处置记录。`,
    ),
    listTitle: () => '比拼政策',
    list: (p: { open: string[]; disposed: string[] }) =>
      [
        '### 比拼政策',
        '',
        '**待处置**',
        ...(p.open.length === 0 ? ['- 无'] : p.open),
        '',
        '**最近已处置**',
        ...(p.disposed.length === 0 ? ['- 无'] : p.disposed),
        '',
        '查看详情：/比拼 <编号>；意见（市审计局、市财政局、产业主管部门）：/比拼 意见 <编号> <意见>；处置（市投资促进局）：/比拼 处置 <编号> 取消考核评先资格|税收留成收归市级|不构成比拼 <理由>',
      ].join('\n'),
    listLine: (p: { code: string; unit: string; chain: string; terms: string; disposition: string | null }) =>
      `- ${p.code} ${p.unit}「${p.chain}」${p.terms}${p.disposition ? `：${p.disposition}` : ''}`,
    detail: (p: {
      code: string;
      unit: string;
      chain: string;
      source: FindingSource;
      excess: string;
      createdAt: string;
      disposition: string | null;
      note: string | null;
      disposedBy: string | null;
      disposedAt: string | null;
      opinions: string[];
    }) =>
      [
        `### 比拼政策 ${p.code}`,
        `- 单位：${p.unit}｜产业链：${p.chain}`,
        p.source.kind === 'filing'
          ? `- 备案：${p.source.code}（${p.source.terms}）`
          : `- 存量项目流转 ${p.source.code}（${p.source.enterprise}）迁入地承诺：${p.source.terms}`,
        `- 超出：${p.excess}`,
        `- 发现时间：${p.createdAt}`,
        `- 会同单位意见：${p.opinions.length === 0 ? '暂无' : ''}`,
        ...p.opinions,
        p.disposition === null
          ? `- 状态：待市投资促进局处置（/比拼 处置 ${p.code} …）`
          : `- 处置：${p.disposition}${p.note ? `（${p.note}）` : ''}，${p.disposedBy ?? ''} ${p.disposedAt ?? ''}`,
      ].join('\n'),
  },
  opinion: {
    missing: refusal(
      'E_USAGE',
      () => '请写明比拼政策编号和本单位意见，例如：/比拼 意见 BP-2026-0001 经核实高于承载地政策，建议取消评先资格',
    ),
    tooLong: refusal('E_TOO_LONG', (p: { max: number }) => `意见太长（不超过 ${p.max} 字），请精简后重新发送。`),
    notReviewer: refusal(
      'E_NOT_CONSULTED',
      () => '只有市审计局、市财政局和产业主管部门可以对比拼政策发表意见（市投资促进局会同各单位研究）。',
    ),
    disposed: refusal('E_ALREADY_DECIDED', (p: { code: string }) => `${p.code} 已处置，不再收集意见。`),
    recorded: (p: { code: string; unit: string; replaced: boolean }) =>
      `已${p.replaced ? '更新' : '记录'}${p.unit}对 ${p.code} 的意见，市投资促进局处置时可见。`,
    notice: (p: { code: string; unit: string; opinion: string }) =>
      `【比拼政策意见】${p.unit}对 ${p.code} 的意见：${p.opinion}`,
    line: (p: { unit: string; opinion: string; at: string }) => `  - ${p.unit}：${p.opinion}（${p.at}）`,
  },
  dispose: {
    missing: () => '请写明比拼政策编号和处置方式。',
    unknownDisposition: refusal(
      'E_INVALID_VALUE',
      (p: { input: string }) =>
        `“${p.input}”不是有效处置方式，请写 取消考核评先资格、税收留成收归市级（情节严重的）或 不构成比拼 <理由>${SANSAN}。`,
    ),
    alreadyDisposed: refusal(
      'E_ALREADY_DECIDED',
      (p: { code: string; disposition: string }) => `${p.code} 已处置（${p.disposition}），不能重复处置。`,
    ),
    noteRequired: refusal(
      'E_USAGE',
      (p: { code: string }) => `“不构成比拼”须写明理由，请发送：/比拼 处置 ${p.code} 不构成比拼 <理由>`,
    ),
    done: (p: { code: string; unit: string; disposition: string }) =>
      `已对 ${p.code}（${p.unit}）作出处置：${p.disposition}，已通知${p.unit}、市财政局和市审计局。`,
    unitNotice: (p: {
      code: string;
      unit: string;
      chain: string;
      source: FindingSource;
      disposition: Disposition;
      note: string | null;
    }) =>
      [
        `【比拼政策处置】${p.code}：${subjectOf(p.unit, p.chain, p.source)}高于承载地政策，市投资促进局处置如下：「${DISPOSITION_LABELS[p.disposition]}」${p.note ? `（${p.note}）` : ''}。`,
        p.disposition === 'DISMISS'
          ? '经研究不构成比拼政策，无需进一步行动。'
          : `${CONSEQUENCES}${SANSAN}。${p.source.kind === 'filing' ? '请按《布局导引》承载地政策调整本单位政策后重新备案（/政策备案）。' : '迁入地对流转企业的承诺不应高于承载地备案政策，请相应调整。'}`,
      ].join('\n'),
    /** To 市财政局 and 市审计局, who supervise with IPB. */
    supervisorNotice: (p: {
      code: string;
      unit: string;
      chain: string;
      disposition: Disposition;
      note: string | null;
    }) =>
      `【比拼政策处置】${p.code}：${p.unit}「${p.chain}」比拼政策，市投资促进局处置为「${DISPOSITION_LABELS[p.disposition]}」${p.note ? `（${p.note}）` : ''}。${
        p.disposition === 'TAX_CLAWBACK'
          ? `请市财政局将该单位相关项目税收地方留成部分收归市级所有${SANSAN}。`
          : p.disposition === 'DISQUALIFY'
            ? '该单位产业投资促进目标考核先进评比资格已取消，供考核时参照。'
            : '供备查。'
      }`,
  },
};

// ---------------------------------------------------------------------------------------------
// Renderers: the /政策备案, /政策 and /比拼 replies and notices, from the outcomes of src/services/policies.ts.

const w = marked(policyMessages);
const labelOf = (d: Disposition | null) => (d === null ? null : w.dispositionLabels[d]);

export function renderPolicyFiled(outcome: PolicyFiledOutcome): Message {
  const { code, unit, chain, host, hosts, replaced, comparison } = outcome;
  const lines = [
    w.file.filed({ code, unit, chain, terms: describeFiling(outcome.terms, outcome.note), host, hosts, replaced }),
  ];
  if (comparison.kind === 'host' && comparison.findings.length > 0) {
    lines.push(w.file.hostRecheck({ findings: comparison.findings }));
  } else if (comparison.kind === 'conforming') {
    lines.push(w.file.conforming({ chain }));
  } else if (comparison.kind === 'no-ceiling') {
    lines.push(w.file.noCeiling({ type: POLICY_TYPE_LABELS[comparison.type] }));
  } else if (comparison.kind === 'within') {
    lines.push(w.file.within());
  } else if (comparison.kind === 'exceeds' && comparison.finding !== null) {
    lines.push(w.file.exceeded({ finding: comparison.finding, excess: describeExcess(comparison.excess) }));
  }
  return { kind: 'markdown', title: w.file.title({ code }), markdown: lines.join('\n\n') };
}

const filingLine = (f: FilingEntry): FilingLine => ({
  code: f.code,
  unit: f.unit,
  chain: f.chain,
  terms: describeFiling(f.terms, f.note),
  host: f.host,
  filedAt: formatDateTime(f.filedAt),
  finding: f.finding === null ? null : { ...f.finding, disposition: labelOf(f.finding.disposition) },
});

export function renderPolicyList(outcome: PolicyListOutcome): Message {
  const lines = outcome.filings.map(filingLine);
  if (outcome.kind === 'chain') {
    const { chain, hosts } = outcome;
    return { kind: 'markdown', title: w.list.chainTitle({ chain }), markdown: w.list.chain({ chain, hosts, lines }) };
  }
  const { unit } = outcome;
  return { kind: 'markdown', title: w.list.unitTitle({ unit }), markdown: w.list.unit({ unit, lines }) };
}

export function renderFindingDisposed(outcome: FindingDisposedOutcome): string {
  return w.dispose.done({
    code: outcome.code,
    unit: outcome.unit,
    disposition: w.dispositionLabels[outcome.disposition],
  });
}

export function renderFindingDetail(outcome: FindingDetailOutcome): Message {
  const { code } = outcome;
  const markdown = w.finding.detail({
    code,
    unit: outcome.unit,
    chain: outcome.chain,
    source: outcome.source,
    excess: describeFindingExcess(outcome.excess),
    createdAt: formatDateTime(outcome.createdAt),
    disposition: labelOf(outcome.disposition),
    note: outcome.note,
    disposedBy: outcome.disposedBy,
    disposedAt: outcome.disposedAt === null ? null : formatDateTime(outcome.disposedAt),
    opinions: outcome.opinions.map((o) =>
      w.opinion.line({ unit: o.unit, opinion: o.opinion, at: formatDateTime(o.at) }),
    ),
  });
  return { kind: 'markdown', title: w.finding.title({ code }), markdown };
}

export function renderFindingOpinion(outcome: FindingOpinionOutcome): string {
  return w.opinion.recorded({ code: outcome.code, unit: outcome.unit, replaced: outcome.replaced });
}

export function renderFindingList(outcome: FindingListOutcome): Message {
  const line = (f: FindingListEntry) =>
    w.finding.listLine({
      code: f.code,
      unit: f.unit,
      chain: f.chain,
      terms: f.source === null ? '' : describeSource(f.source),
      disposition: labelOf(f.disposition),
    });
  const markdown = w.finding.list({ open: outcome.open.map(line), disposed: outcome.disposed.map(line) });
  return { kind: 'markdown', title: w.finding.listTitle(), markdown };
}

/** To IPB: a new finding, with a button per disposition that needs no reason. */
export function findingIpbNotice(p: FindingFacts): Message {
  const { code } = p;
  return {
    kind: 'card',
    title: w.finding.title({ code }),
    markdown: `${w.finding.notice(p)}\n\n${w.finding.ipbNextStep({ code })}`,
    buttons: DISPOSITIONS.filter((d) => d !== 'DISMISS').map((disposition) =>
      buttonFor(
        OVERBID_WORDS,
        [OVERBID_WORDS.verbs.dispose[0], code, w.dispositionLabels[disposition]],
        w.finding.button({ disposition }),
      ),
    ),
  };
}

/** To AUDIT, FINANCE and the chain's INDUSTRY department: a new finding, asking for their opinion. */
export function findingReviewerNotice(p: FindingFacts): Message {
  const { code } = p;
  return {
    kind: 'markdown',
    title: w.finding.title({ code }),
    markdown: `${w.finding.notice(p)}\n\n${w.finding.reviewerNextStep({ code })}`,
  };
}

/** To the unit IPB filed a policy for. */
export function filedOnBehalfNotice(p: {
  code: string;
  unit: string;
  chain: string;
  terms: PolicyTerms;
  note: string | null;
  by: string;
}): string {
  return w.file.onBehalf({
    code: p.code,
    unit: p.unit,
    chain: p.chain,
    terms: describeFiling(p.terms, p.note),
    by: p.by,
  });
}

/** To the finding's unit: IPB's disposition and what follows from it. */
export function findingDisposedUnitNotice(p: Parameters<typeof policyMessages.dispose.unitNotice>[0]): string {
  return w.dispose.unitNotice(p);
}

/** To 市财政局 and 市审计局: IPB's disposition. */
export function findingDisposedSupervisorNotice(
  p: Parameters<typeof policyMessages.dispose.supervisorNotice>[0],
): string {
  return w.dispose.supervisorNotice(p);
}

/** To IPB: a consulted unit's opinion on a finding. */
export function findingOpinionNotice(p: { code: string; unit: string; opinion: string }): string {
  return w.opinion.notice(p);
}
