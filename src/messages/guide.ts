/**
 * Text of the layout guide feature (《杭州市重点产业（链）投资布局导引》, policy 二(二) and 三(一)).
 * Included in the catalog as zhCN.guide.
 */

import { citeClause } from './citation.ts';
import { refusal } from './refusal.ts';

const GUIDE = '《布局导引》';
const BASIS = citeClause('二(二)');
const NO_SUPPORT = `对不符合《布局导引》的项目，不得给予市级产业政策支持${citeClause('三(一)')}`;
const CSV_EXAMPLE = '/布局导引 导入 2026\n产业链,单位\n集成电路,滨江区\n新能源汽车,萧山区';

type ChainHosts = { chain: string; units: string[] };

export const guideMessages = {
  /** Audit record id of one year's guide (all its versions share it). */
  recordId: (p: { year: number }) => `布局导引-${p.year}`,
  title: (p: { year: number; version: number }) => `布局导引 ${p.year}年第${p.version}版`,

  show: (p: {
    year: number;
    version: number;
    requestedYear: number;
    updatedAt: string;
    chains: ChainHosts[];
    note: string | null;
    canEdit: boolean;
  }) =>
    [
      `### 杭州市重点产业（链）投资布局导引（${p.year}年第${p.version}版）`,
      '',
      ...(p.requestedYear > p.year ? [`${p.requestedYear}年尚未编制新版，沿用${p.year}年第${p.version}版。`, ''] : []),
      ...(p.note ? [`> ${p.note}`, ''] : []),
      ...p.chains.map((c) => `- **${c.chain}**：${c.units.join('、')}`),
      '',
      `共 ${p.chains.length} 个重点产业链；更新于 ${p.updatedAt}。${BASIS}编制；${NO_SUPPORT}。`,
      p.canEdit
        ? '修改：/布局导引 添加|移除 <产业链> <单位>；整份替换：/布局导引 导入 [年] 后换行粘贴“产业链,单位”。'
        : '查看某一产业链的承载单位：/布局导引 <产业链>，例如 /布局导引 集成电路。',
    ].join('\n'),
  chainShow: (p: { chain: string; units: string[]; year: number; version: number }) =>
    `「${p.chain}」的承载单位（${GUIDE}${p.year}年第${p.version}版）：${p.units.join('、')}。\n这些区、县（市）和平台（及其所属平台、所在区县）报备的「${p.chain}」项目符合${GUIDE}；${NO_SUPPORT}。`,
  none: refusal(
    'E_PRECONDITION',
    () => `尚未编制${GUIDE}。请市投资促进局发送 /布局导引 导入 后换行粘贴“产业链,单位”，例如：\n${CSV_EXAMPLE}`,
  ),
  noneForYear: refusal(
    'E_NOT_FOUND',
    (p: { year: number }) => `${p.year}年及以前没有${GUIDE}。发送 /布局导引 查看现行导引。`,
  ),

  // Edits
  added: (p: { chain: string; unit: string; year: number; version: number; newChain: boolean }) =>
    `已在${GUIDE}中${p.newChain ? `新增产业链「${p.chain}」，` : '为'}「${p.chain}」增加承载单位「${p.unit}」，形成 ${p.year}年第${p.version}版，已通知全市招商协调群。发送 /布局导引 查看全文。`,
  removed: (p: { chain: string; unit: string; year: number; version: number; chainGone: boolean }) =>
    `已从${GUIDE}「${p.chain}」中移除承载单位「${p.unit}」，形成 ${p.year}年第${p.version}版，已通知全市招商协调群。${
      p.chainGone ? `「${p.chain}」已没有承载单位，不再列入${GUIDE}。` : ''
    }发送 /布局导引 查看全文。`,
  imported: (p: {
    year: number;
    version: number;
    chains: number;
    assignments: number;
    added: number;
    removed: number;
  }) =>
    `已导入 ${GUIDE}${p.year}年第${p.version}版：${p.chains} 个产业链、${p.assignments} 条承载关系（较上一版新增 ${p.added} 条、移除 ${p.removed} 条），已通知全市招商协调群。发送 /布局导引 ${p.year} 查看全文。`,

  // Notices to the city coordination group
  noticeAdded: (p: { by: string; chain: string; unit: string; year: number; version: number }) =>
    `【布局导引更新】${p.by} 为「${p.chain}」增加承载单位「${p.unit}」，${GUIDE}现为 ${p.year}年第${p.version}版。${BASIS}；${NO_SUPPORT}。发送 /布局导引 查看全文。`,
  noticeRemoved: (p: { by: string; chain: string; unit: string; year: number; version: number }) =>
    `【布局导引更新】${p.by} 从「${p.chain}」中移除承载单位「${p.unit}」，${GUIDE}现为 ${p.year}年第${p.version}版。${BASIS}；${NO_SUPPORT}。发送 /布局导引 查看全文。`,
  noticeImported: (p: {
    by: string;
    year: number;
    version: number;
    chains: number;
    assignments: number;
    added: string[];
    removed: string[];
  }) =>
    [
      `【布局导引更新】${p.by} 导入了${GUIDE}${p.year}年第${p.version}版（${p.chains} 个产业链、${p.assignments} 条承载关系）。`,
      p.added.length > 0 ? `新增：${p.added.join('；')}。` : '',
      p.removed.length > 0 ? `移除：${p.removed.join('；')}。` : '',
      `${BASIS}；${NO_SUPPORT}。发送 /布局导引 ${p.year} 查看全文。`,
    ]
      .filter((line) => line !== '')
      .join('\n'),
  /** One assignment in a change list: 集成电路—滨江区. */
  pair: (p: { chain: string; unit: string }) => `${p.chain}—${p.unit}`,
  more: (p: { count: number }) => `等 ${p.count} 条`,

  // Refusals
  exampleUnit: () => '滨江区',
  exampleAdd: (p: { chain: string; unit: string }) => `/布局导引 添加 ${p.chain} ${p.unit}`,
  exampleRemove: (p: { chain: string; unit: string }) => `/布局导引 移除 ${p.chain} ${p.unit}`,
  exampleShow: (p: { chain: string }) => `/布局导引 ${p.chain}`,
  unknownUnit: refusal(
    'E_NOT_FOUND',
    (p: { input: string; suggestions: string[]; example: string }) =>
      `没有找到单位“${p.input}”。${p.suggestions.length > 0 ? `您是不是指：${p.suggestions.join('、')}？` : ''}请写区、县（市）或平台的名称，例如：${p.example}`,
  ),
  missingEditArgs: (p: { verb: string }) => `请写明要${p.verb}的产业链和单位。`,
  unknownChain: refusal('E_NOT_FOUND', (p: { input: string; chains: string[]; example: string }) =>
    p.chains.length > 0
      ? `${GUIDE}中没有产业链“${p.input}”。现有产业链：${p.chains.join('、')}。请写其中之一，例如：${p.example}`
      : `${GUIDE}中还没有任何产业链，请先导入，例如：\n${CSV_EXAMPLE}`,
  ),
  ambiguousChain: refusal(
    'E_AMBIGUOUS',
    (p: { input: string; candidates: string[]; example: string }) =>
      `“${p.input}”对应多个产业链：${p.candidates.join('、')}。请写全称，例如：${p.example}`,
  ),
  duplicate: refusal(
    'E_DUPLICATE',
    (p: { chain: string; unit: string; year: number; version: number }) =>
      `「${p.unit}」已经是「${p.chain}」的承载单位（${GUIDE}${p.year}年第${p.version}版），无需重复添加。发送 /布局导引 ${p.chain} 查看该产业链的承载单位。`,
  ),
  notAssigned: refusal(
    'E_NOT_HOST',
    (p: { chain: string; unit: string; hosts: string[] }) =>
      `「${p.unit}」不是「${p.chain}」的承载单位，无需移除。「${p.chain}」现由 ${p.hosts.join('、')} 承载，例如：/布局导引 移除 ${p.chain} ${p.hosts[0] ?? ''}`,
  ),
  notHostUnit: refusal(
    'E_UNIT_KIND',
    (p: { unit: string }) =>
      `「${p.unit}」不是区、县（市）或产业平台，不能作为${GUIDE}的承载单位：导引引导重点产业平台布局${BASIS}，承载单位是区、县（市）或产业平台。请写区、县（市）或平台名称，例如：/布局导引 添加 集成电路 滨江区`,
  ),
  badChainName: refusal(
    'E_INVALID_VALUE',
    (p: { input: string; max: number }) =>
      `产业链名称“${p.input}”无效：不能超过 ${p.max} 个字，也不能含逗号、顿号或制表符。例如：/布局导引 添加 集成电路 滨江区`,
  ),
  invalidYear: refusal(
    'E_INVALID_VALUE',
    (p: { input: string }) => `“${p.input}”不是有效年份，请写四位年份，例如：/布局导引 2026 或 /布局导引 导入 2026`,
  ),

  // CSV import
  csvMissing: refusal(
    'E_USAGE',
    () =>
      `请在命令后换行粘贴 CSV 内容，每行“产业链,单位”（逗号、全角逗号、制表符或顿号分隔，可带表头），例如：\n${CSV_EXAMPLE}`,
  ),
  csvEmpty: refusal(
    'E_INVALID_VALUE',
    () =>
      `CSV 中没有任何“产业链,单位”数据行，未导入。整份导入会替换该年度的全部承载关系，请粘贴完整的导引，例如：\n${CSV_EXAMPLE}`,
  ),
  csvUnchanged: refusal(
    'E_DUPLICATE',
    (p: { year: number; version: number }) =>
      `导入内容与现行${GUIDE}${p.year}年第${p.version}版完全相同，未生成新版本。`,
  ),
  csvRejected: refusal(
    'E_INVALID_VALUE',
    (p: { problems: string[] }) =>
      `导入未生效：CSV 有 ${p.problems.length} 行有问题，没有导入任何一行。请改正后整份重新发送：\n${p.problems.map((line) => `- ${line}`).join('\n')}\n\n格式：每行“产业链,单位”，单位写区、县（市）或平台名称，例如：\n${CSV_EXAMPLE}`,
  ),
  csvProblem: {
    columns: (p: { line: number; detail: string }) => `第 ${p.line} 行：应为“产业链,单位”两列，这一行是“${p.detail}”`,
    'empty-chain': (p: { line: number; detail: string }) => `第 ${p.line} 行：没有写产业链名称（“${p.detail}”）`,
    'unknown-unit': (p: { line: number; detail: string }) =>
      `第 ${p.line} 行：找不到区、县（市）或平台“${p.detail}”，请写全称，例如 滨江区`,
    'ambiguous-unit': (p: { line: number; detail: string }) =>
      `第 ${p.line} 行：单位名称对应多个单位（${p.detail}），请写全称`,
    duplicate: (p: { line: number; detail: string }) =>
      `第 ${p.line} 行：与第 ${p.detail} 行重复（同一产业链、同一单位只写一次）`,
  },

  /** Labels of this feature's audit actions (for /审计). */
  actions: {
    'guide.add': '布局导引：增加承载单位',
    'guide.remove': '布局导引：移除承载单位',
    'guide.import': '布局导引：导入新版',
  } as Record<string, string>,
} as const;
