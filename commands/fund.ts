import { clauseTag } from '../src/messages/citation.ts';
import { defineCommand } from '../src/app/command.ts';
import { UserError } from '../src/app/errors.ts';
import { looseArgs, rawWords, refuseOverlong } from '../src/app/loose-args.ts';
import {
  renderDiligenceOpened,
  renderFundOverview,
  renderFundRegistered,
  renderSuggestionRecorded,
} from '../src/messages/funds.ts';
import { zhCN } from '../src/messages/zh-CN.ts';
import { fundOverview, openDiligence, recordSuggestion, registerFund } from '../src/services/funds.ts';
import { useCaseOf } from '../src/services/use-case.ts';

const t = zhCN.coordination.fund;

const REGISTER = ['登记', 'register'];
const DILIGENCE = ['尽调', '尽职调查', 'diligence'];
const SUGGEST = ['建议', '投资建议', 'suggest'];

type Keys = 'name' | 'chain' | 'size';
const KEYS: Record<Keys, readonly string[]> = {
  name: ['名称', 'name'],
  chain: ['产业链', '链', 'chain'],
  size: ['规模', 'size'],
};
const SPELLED: Record<Keys, string> = { name: '名称', chain: '产业链', size: '规模' };

export const fund = defineCommand<Keys>({
  name: '基金',
  alias: 'fund',
  summary: `产业投资促进基金统筹${clauseTag('五(三)')}：登记重点产业子基金，对项目开展尽职调查、提出投资建议，为一事一议提供决策支撑`,
  usage: ['/基金'],
  example: '/基金',
  roles: ['SASAC', 'IPB'],
  keys: KEYS,
  // Suggestions are prose ("建议：…"), so the arguments are read by looseArgs.
  freeText: true,
  subcommands: [
    {
      words: REGISTER,
      roles: ['SASAC'],
      usage: '/基金 登记 名称=<> 产业链=<> 规模=<金额>',
      example: '/基金 登记 名称=集成电路产业子基金 产业链=集成电路 规模=20亿',
    },
    { words: DILIGENCE, roles: ['SASAC'], usage: '/基金 尽调 <项目编号>', example: '/基金 尽调 ZS-2026-0001' },
    {
      words: SUGGEST,
      roles: ['SASAC'],
      usage: '/基金 建议 <项目编号> <建议>',
      example: '/基金 建议 ZS-2026-0001 建议子基金投资2亿元，占股不超过20%',
    },
  ],
  async handler(args) {
    refuseOverlong(args);
    const [first] = args.command.positional;
    // Names and suggestions keep their full-width punctuation: arguments after the verb are taken as typed.
    const rest = rawWords(args).slice(1);
    const uc = useCaseOf(args);
    const verb = first?.toLowerCase();
    if (verb === undefined) return args.say(renderFundOverview(await fundOverview(uc)));
    if (REGISTER.includes(verb)) {
      const { named } = looseArgs(args, rest, KEYS, ['name']);
      const missing = (Object.keys(SPELLED) as Keys[]).filter((k) => named[k] === undefined).map((k) => SPELLED[k]);
      if (named.name === undefined || named.chain === undefined || named.size === undefined)
        throw usage(t.usage.missingRegister({ keys: missing }), 0);
      const outcome = await registerFund(uc, { name: named.name, chain: named.chain, size: named.size });
      return args.say(renderFundRegistered(outcome));
    }
    if (DILIGENCE.includes(verb)) {
      const [code] = rest;
      if (code === undefined) throw usage(t.usage.missingCode(), 1);
      return args.say(renderDiligenceOpened(await openDiligence(uc, code)));
    }
    if (SUGGEST.includes(verb)) {
      const [code, ...words] = rest;
      const suggestion = words.join(' ').trim();
      if (code === undefined || suggestion === '') throw usage(t.usage.missingSuggestion(), 2);
      return args.say(renderSuggestionRecorded(await recordSuggestion(uc, code, suggestion)));
    }
    throw new UserError(t.usage.unknownVerb({ input: first ?? '' }));
  },
});

function usage(problem: string, subcommand: number): UserError {
  const sub = fund.subcommands?.[subcommand];
  return new UserError(
    zhCN.internal.usage({ problem, usage: sub?.usage ?? '', example: sub?.example ?? fund.example }),
  );
}
