/** Chinese text of /规则 (implementation rules, DESIGN §10) and of the rule values decisions cite. */

import { R4_OPTIONS, type RuleId, type RuleValueProblem } from '../domain/regulation/rules.ts';
import { formatWan } from '../domain/parsing/amount.ts';
import { citeClause, clauseRef, ruleRef } from './citation.ts';
import type { ClauseId } from '../domain/regulation/clauses.ts';
import { refusal } from './refusal.ts';
import type { Message } from '../app/receiver.ts';
import type { RuleDetailOutcome, RuleSetOutcome, RuleView } from '../services/rules.ts';
import { formatDateTime } from './format.ts';
import { marked } from './user-values.ts';

const days = (value: string, sep = '、') => value.split(',').join(sep);

/** What a rule's value means, in words (the value itself is kept as canonical text). */
const DESCRIBE: Record<RuleId, (value: string) => string> = {
  R1: (v) => `首谈期 ${v} 天`,
  R2: (v) => `首谈期到期前 ${days(v)} 天提醒持有单位，同时告知市投资促进局`,
  R3: (v) =>
    v === '在先报备先审核'
      ? '同一投资方、同一产业链有多家首报时，在先报备的须先审核'
      : '同一投资方、同一产业链有多家首报时，不限审核顺序',
  R4: (v) =>
    v === R4_OPTIONS[1]
      ? '四家一致同意方为同意；任一家不同意即为不同意'
      : '四家（市投资促进局、市财政局、市审计局、产业主管部门）均同意即为同意；有不同意意见时，四家意见齐备后由市投资促进局作出结论（/流转 结论）',
  R5: (v) =>
    `评审单位 ${days(
      v
        .split(',')
        .sort((a, b) => Number(a) - Number(b))
        .join(','),
    )} 个工作日未评审时催办`,
  R6: (v) => {
    const [investment, perMu, threshold] = v.split('/');
    return `投资规模 ${investment}% + 亩均产值 ${perMu}%，投资额 ${formatWan(Number(threshold))}及以上为重大项目`;
  },
  R7: (v) => `每盘活 1 亩存量土地，奖励 ${v} 亩新增建设用地指标`,
  R8: () => '按单位能耗产出（万元/吨标煤）从高到低分配',
  R9: (v) => {
    const [guide, landed, investment, ecosystem] = v.split('/');
    return `导引落实 ${guide}%、项目落地 ${landed}%、投资 ${investment}%、产业生态 ${ecosystem}%；市投资促进局会同市发改委、产业主管部门录入`;
  },
  R10: () =>
    '基金、股权直投 → 市国资委；经营性绩效奖励、更大支持 → 市政府常务会议，必要时提交市委财经委员会；区县提出的申请先由市投资促进局审核（通过后送达决策机构，退回须说明理由），市投资促进局提出的直接送达',
  R11: (v) => `到期前 ${days(v)} 天（0 为当天）工作日 09:00 提醒牵头单位，逾期每周一提醒`,
  R12: () => '非承载地备案的任一项政策高于承载地的，即为比拼政策',
  R13: (v) => {
    const [conversions, landed, conformance] = v.split('/');
    return `赛马得分：转化数（签约+落地）${conversions}%、落地投资额 ${landed}%、布局导引符合率 ${conformance}%，前两项以最高单位为满分`;
  },
};

/** How to type a new value of each rule (the example of /规则 设置). */
const EXAMPLES: Record<RuleId, string> = {
  R1: '180',
  R2: '14,3',
  R3: '在先报备先审核 或 不限顺序',
  R4: '默认 或 一致同意',
  R5: '5,10',
  R6: '50/50/1亿',
  R7: '1',
  R8: '单位能耗产出',
  R9: '25/25/25/25',
  R10: '默认',
  R11: '30,7,1,0',
  R12: '任一项高于承载地',
  R13: '40/40/20',
};

const PROBLEMS = {
  'not-a-whole-number': (p: { min: number; max: number }) => `须为 ${p.min} 到 ${p.max} 之间的整数`,
  'out-of-range': (p: { min: number; max: number }) => `须在 ${p.min} 到 ${p.max} 之间`,
  'not-a-day-list': (p: { min: number; max: number }) => `须为用逗号分隔、互不相同的天数（每个 ${p.min} 到 ${p.max}）`,
  'not-an-option': (p: { options: readonly string[] }) =>
    p.options.length === 1
      ? `目前只实现了「${p.options[0]}」这一种，只能是：${p.options[0]}`
      : `只能是：${p.options.join('、')}`,
  weights: (p: { parts: number }) => `须为 ${p.parts} 个整数百分比，用“/”分隔，合计 100`,
  'not-a-ratio': (p: { max: number }) => `须为大于 0、不超过 ${p.max} 的数（最多两位小数）`,
  threshold: () => '门槛金额无法识别，可写 1亿、5000万',
};

function problemText(problem: RuleValueProblem): string {
  switch (problem.code) {
    case 'not-a-whole-number':
    case 'out-of-range':
    case 'not-a-day-list':
      return PROBLEMS[problem.code](problem);
    case 'not-an-option':
      return PROBLEMS['not-an-option'](problem);
    case 'weights':
      return PROBLEMS.weights(problem);
    case 'not-a-ratio':
      return PROBLEMS['not-a-ratio'](problem);
    case 'threshold':
      return PROBLEMS.threshold();
  }
}

const basisText = (p: { basis: string | null; fromEnv?: boolean }) =>
  p.basis ?? (p.fromEnv ? '产品默认值（部署配置 EXCLUSIVITY_DAYS），制度未规定' : '产品默认值，制度未规定');

export interface RuleLine {
  id: RuleId;
  name: string;
  owner: string;
  value: string;
  basis: string | null;
  fromEnv?: boolean;
}

export const ruleMessages = {
  actions: {
    'rule.set': '修改实施规则',
  } as Record<string, string>,
  describe: (id: RuleId, value: string) => DESCRIBE[id](value),
  example: (id: RuleId) => EXAMPLES[id],
  basis: basisText,
  title: () => '实施规则',
  list: (p: { lines: RuleLine[] }) =>
    [
      '### 实施规则',
      '',
      `制度规定目标、职责和少数硬性要求；程序、表决规则、计算方法和天数由各牵头单位制定具体工作方案，报市政府同意后实施${citeClause('六')}。以下是机器人执行的实施规则，当前值及其依据：`,
      '',
      ...p.lines.map(
        (l) => `- **${l.id}「${l.name}」**（${l.owner}）：${DESCRIBE[l.id](l.value)}｜依据：${basisText(l)}`,
      ),
      '',
      '发送 /规则 <编号> 查看某条规则的历史，例如 /规则 R4；规则所属单位或系统管理员可发送 /规则 设置 <编号> <值> 依据=<文号或说明> 修改。',
    ].join('\n'),
  detailTitle: (p: { id: RuleId; name: string }) => `${p.id}「${p.name}」`,
  detail: (
    p: RuleLine & {
      implementsClause: ClauseId;
      clauseText: string;
      history: { at: string; by: string; value: string; basis: string }[];
    },
  ) =>
    [
      `### ${ruleRef(p.id)}`,
      '',
      `- 所属单位：${p.owner}`,
      `- 当前值：${DESCRIBE[p.id](p.value)}`,
      `- 依据：${basisText(p)}`,
      `- 所执行的制度条款：${clauseRef(p.implementsClause)}（发送 /制度 ${p.implementsClause} 查看原文）`,
      '',
      p.history.length === 0
        ? '尚未修改过，一直使用产品默认值。'
        : `**修改记录**（新的在前）\n${p.history.map((h) => `- ${h.at} ${h.by}：${DESCRIBE[p.id](h.value)}｜依据：${h.basis}`).join('\n')}`,
      '',
      `修改：/规则 设置 ${p.id} <值> 依据=<文号或说明>，值例如 ${EXAMPLES[p.id]}。`,
    ].join('\n'),
  set: {
    missing: () => '请写明规则编号、新值和依据。',
    basisMissing: refusal(
      'E_USAGE',
      (p: { id: RuleId }) =>
        `修改实施规则须写明依据（经市政府同意的工作方案文号，或说明），例如：/规则 设置 ${p.id} ${EXAMPLES[p.id]} 依据=杭投促〔2026〕12号。`,
    ),
    basisTooLong: refusal('E_TOO_LONG', (p: { max: number }) => `依据太长（不超过 ${p.max} 字），请写文号或简要说明。`),
    unknownRule: refusal(
      'E_NOT_FOUND',
      (p: { input: string }) => `没有实施规则“${p.input}”。规则编号为 R1 到 R12；发送 /规则 查看全部。`,
    ),
    badValue: refusal(
      'E_INVALID_VALUE',
      (p: { id: RuleId; name: string; input: string; problem: RuleValueProblem }) =>
        `${p.id}「${p.name}」的值“${p.input}”无效：${problemText(p.problem)}。例如：/规则 设置 ${p.id} ${EXAMPLES[p.id]} 依据=<文号或说明>。`,
    ),
    notOwner: refusal(
      'E_FORBIDDEN',
      (p: { id: RuleId; name: string; owner: string }) =>
        `${p.id}「${p.name}」属于${p.owner}，只有${p.owner}或系统管理员可以修改。`,
    ),
    unchanged: refusal(
      'E_DUPLICATE',
      (p: { id: RuleId; name: string }) => `${p.id}「${p.name}」当前已是这个值，无需修改。`,
    ),
    done: (p: { id: RuleId; name: string; value: string; basis: string }) =>
      `已修改 ${ruleRef(p.id)}：${DESCRIBE[p.id](p.value)}（依据：${p.basis}）。自现在起的决定按新值执行，已作出的决定不变；已通知全市招商协调群。`,
    notice: (p: {
      id: RuleId;
      name: string;
      owner: string;
      value: string;
      previous: string;
      basis: string;
      by: string;
    }) =>
      `【实施规则修改】${p.owner}修改了 ${ruleRef(p.id)}：${DESCRIBE[p.id](p.value)}（原为：${DESCRIBE[p.id](p.previous)}）。依据：${p.basis}。修改人：${p.by}。自即日起执行，已作出的决定不变。发送 /规则 ${p.id} 查看。`,
  },
  audit: {
    heading: () => '**适用的实施规则**',
    line: (p: { at: string; action: string; id: RuleId; value: string; basis: string }) =>
      `- ${p.at} ${p.action}：${ruleRef(p.id)}，${DESCRIBE[p.id](p.value)}｜依据：${p.basis}`,
  },
} as const;

// ---------------------------------------------------------------------------------------------
// Renderers: the /规则 replies and the notice of a change, from src/services/rules.ts.

const w = marked(ruleMessages);

export function renderRuleList(lines: RuleView[]): Message {
  return { kind: 'markdown', title: w.title(), markdown: w.list({ lines }) };
}

export function renderRuleDetail(rule: RuleDetailOutcome): Message {
  const history = rule.history.map((h) => ({ ...h, at: formatDateTime(h.at) }));
  return { kind: 'markdown', title: w.detailTitle(rule), markdown: w.detail({ ...rule, history }) };
}

export function renderRuleSet(outcome: RuleSetOutcome): string {
  return w.set.done({ id: outcome.id, name: outcome.name, value: outcome.value, basis: outcome.basis });
}

/** To the city coordination group: a rule's value changed, from what, on what basis, by whom. */
export const ruleSetNotice = w.set.notice;
