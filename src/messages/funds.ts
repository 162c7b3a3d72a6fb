/** Chinese text of fund coordination (policy 五(三); DESIGN §6). Included in the catalog as zhCN.coordination.fund. */

import type { Message } from '../app/receiver.ts';
import { formatWan } from '../domain/parsing/amount.ts';
import type {
  DiligenceOpenedOutcome,
  FundOverviewOutcome,
  FundRegisteredOutcome,
  SuggestionRecordedOutcome,
} from '../services/funds.ts';
import { citeClause } from './citation.ts';
import { refusal } from './refusal.ts';
import { formatDateTime } from './format.ts';
import { marked } from './user-values.ts';

const WUSAN = citeClause('五(三)');

export const fundMessages = {
  actions: {
    'fund.register': '登记重点产业子基金',
    'fund.diligence': '启动尽职调查',
    'fund.suggest': '提出投资建议',
  } as Record<string, string>,

  usage: {
    unknownVerb: refusal(
      'E_USAGE',
      (p: { input: string }) => `“${p.input}”不是 /基金 的操作。可用：登记、尽调、建议，或不带参数查看。`,
    ),
    missingRegister: (p: { keys: string[] }) => `缺少：${p.keys.join('、')}。`,
    missingCode: () => '请写明项目编号。',
    missingSuggestion: () => '请写明项目编号和投资建议。',
  },
  refusals: {
    size: refusal(
      'E_INVALID_VALUE',
      (p: { input: string }) => `规模“${p.input}”无法识别，可写 20亿、5000万（须为整万元）。`,
    ),
    unknownChain: refusal(
      'E_NOT_FOUND',
      (p: { input: string; chains: string[] }) => `产业链“${p.input}”不在《布局导引》中。可选：${p.chains.join('、')}`,
    ),
    ambiguousChain: refusal(
      'E_AMBIGUOUS',
      (p: { input: string; candidates: string[] }) =>
        `产业链“${p.input}”对应多个：${p.candidates.join('、')}，请写全称。`,
    ),
    noGuide: refusal('E_PRECONDITION', () => '尚未编制《布局导引》，无法确定产业链。'),
    duplicateName: refusal('E_DUPLICATE', (p: { name: string }) => `已有名为「${p.name}」的子基金，请换一个名称。`),
    tooLong: refusal('E_TOO_LONG', (p: { field: string; max: number }) => `${p.field}不超过 ${p.max} 字。`),
    projectStatus: refusal(
      'E_STATUS',
      (p: { code: string; status: string }) => `${p.code} 当前为“${p.status}”，不在招引中，无需尽职调查。`,
    ),
    alreadyOpen: refusal(
      'E_DUPLICATE',
      (p: { code: string; at: string }) =>
        `${p.code} 的尽职调查已于 ${p.at} 启动，尚未提出投资建议。建议：/基金 建议 ${p.code} <建议>`,
    ),
    noDiligence: refusal(
      'E_PRECONDITION',
      (p: { code: string }) =>
        `${p.code} 没有进行中的尽职调查。投资建议须基于尽职调查${WUSAN}，请先：/基金 尽调 ${p.code}`,
    ),
  },

  registered: (p: { name: string; chain: string; size: string }) =>
    `已登记重点产业子基金「${p.name}」：${p.chain}，规模 ${p.size}${WUSAN}。已通知市投资促进局。发送 /基金 查看全部子基金。`,
  registeredNotice: (p: { name: string; chain: string; size: string }) =>
    `市国资委登记重点产业子基金「${p.name}」（${p.chain}，规模 ${p.size}），可围绕该产业链盯引项目开展尽职调查。`,
  diligenceOpened: (p: { code: string; name: string; funds: string[] }) =>
    `已启动 ${p.code} ${p.name} 的尽职调查${p.funds.length > 0 ? `（本产业链子基金：${p.funds.join('、')}）` : '（本产业链暂无子基金，可由市级股权投资平台直投）'}。已通知市投资促进局和项目持有单位。完成后：/基金 建议 ${p.code} <建议>`,
  diligenceNotice: (p: { code: string; name: string }) =>
    `市国资委已对 ${p.code} ${p.name} 启动尽职调查，协调市级股权投资平台提出投资建议${WUSAN}。请项目持有单位配合提供材料。`,
  suggested: (p: { code: string; cases: string[] }) =>
    `已记录 ${p.code} 的投资建议，尽职调查完成。${p.cases.length > 0 ? `建议已附于待决策的一事一议 ${p.cases.join('、')}，并送达决策机构。` : '该项目申请一事一议时，建议将随附供决策参考。'}`,
  suggestedNotice: (p: { code: string; name: string; suggestion: string }) =>
    `市国资委对 ${p.code} ${p.name} 提出投资建议${WUSAN}：${p.suggestion}`,

  overview: (p: { funds: string[]; open: string[] }) =>
    [
      '### 重点产业子基金与尽职调查',
      '',
      '**子基金**',
      ...(p.funds.length > 0 ? p.funds : ['（暂无）登记：/基金 登记 名称=<> 产业链=<> 规模=<金额>']),
      '',
      '**进行中的尽职调查**',
      ...(p.open.length > 0 ? p.open : ['（暂无）']),
    ].join('\n'),
  fundLine: (p: { name: string; chain: string; size: string; at: string }) =>
    `- ${p.chain}｜${p.name}｜规模 ${p.size}｜${p.at} 登记`,
  openLine: (p: { code: string; name: string; at: string; fund: string | null }) =>
    `- ${p.code} ${p.name}｜${p.at} 启动${p.fund ? `｜${p.fund}` : ''}`,
};

// ---------------------------------------------------------------------------------------------
// Renderers: the /基金 replies and notices, from the outcomes of src/services/funds.ts.

const w = marked(fundMessages);

export function renderFundRegistered(outcome: FundRegisteredOutcome): string {
  return w.registered({ name: outcome.name, chain: outcome.chain, size: formatWan(outcome.sizeWan) });
}

export function renderDiligenceOpened(outcome: DiligenceOpenedOutcome): string {
  return w.diligenceOpened({ code: outcome.code, name: outcome.name, funds: outcome.funds });
}

export function renderSuggestionRecorded(outcome: SuggestionRecordedOutcome): string {
  return w.suggested({ code: outcome.code, cases: outcome.cases });
}

export function renderFundOverview(outcome: FundOverviewOutcome): Message {
  const markdown = w.overview({
    funds: outcome.funds.map((f) =>
      w.fundLine({ name: f.name, chain: f.chain, size: formatWan(f.sizeWan), at: formatDateTime(f.registeredAt) }),
    ),
    open: outcome.open.map((d) =>
      w.openLine({ code: d.code, name: d.name, at: formatDateTime(d.openedAt), fund: d.fund }),
    ),
  });
  return { kind: 'markdown', title: '重点产业子基金', markdown };
}

/** To 市投资促进局: a sub-fund was registered. */
export function fundRegisteredNotice(p: { name: string; chain: string; sizeWan: number }): string {
  return w.registeredNotice({ name: p.name, chain: p.chain, size: formatWan(p.sizeWan) });
}

/** To 市投资促进局 and the holder unit: due diligence started on the project. */
export function fundDiligenceNotice(p: { code: string; name: string }): string {
  return w.diligenceNotice(p);
}

/** To 市投资促进局 and the holder unit: the investment suggestion that closes the diligence. */
export function fundSuggestedNotice(p: { code: string; name: string; suggestion: string }): string {
  return w.suggestedNotice(p);
}
