import { citeRule, clauseTag } from '../src/messages/citation.ts';
import { defineCommand } from '../src/app/command.ts';
import type { CommandArgs } from '../src/app/context.ts';
import { UserError } from '../src/app/errors.ts';
import { looseArgs, rawWords, refuseOverlong } from '../src/app/loose-args.ts';
import { parseProjectCode } from '../src/domain/projects/code.ts';
import { parseSupportCode } from '../src/domain/support/cases.ts';
import { SUPPORT_EXAMPLE } from '../src/messages/support-cases.ts';
import { SUPPORT_CASE_WORDS } from '../src/messages/command-words.ts';
import { zhCN } from '../src/messages/zh-CN.ts';
import {
  decideSupport,
  describeSupport,
  escalateSupport,
  listSupport,
  requestSupport,
  screenSupport,
} from '../src/services/support-cases.ts';
import { useCaseOf } from '../src/services/use-case.ts';

const t = zhCN.coordination.support;

const { decide: DECIDE, escalate: ESCALATE, approve: APPROVE, reject: REJECT } = SUPPORT_CASE_WORDS.verbs;
const { screen: SCREEN, pass: PASS, return: RETURN } = SUPPORT_CASE_WORDS.verbs;

type Keys = 'mode' | 'amount' | 'note';
const KEYS: Record<Keys, readonly string[]> = {
  mode: ['方式', '支持方式', 'mode'],
  amount: ['金额', 'amount'],
  note: ['说明', 'note'],
};
const SPELLED: Record<Keys, string> = { mode: '方式', amount: '金额', note: '说明' };

const REQUEST_USAGE = '/一事一议 <项目编号> 方式=基金|股权直投|经营性绩效奖励|更大支持 金额=<金额> 说明=<...>';

export const supportCase = defineCommand<Keys>({
  name: SUPPORT_CASE_WORDS.name,
  alias: 'case',
  summary:
    `重大项目“一事一议”${clauseTag('三(二)')}：基金、股权直投由市国资委决策，经营性绩效奖励或更大支持由市政府常务会议决策，` +
    `必要时提交市委财经委员会；区县的申请先由市投资促进局审核${citeRule('R10')}`,
  usage: ['/一事一议', '/一事一议 <YS编号|项目编号>', REQUEST_USAGE],
  // Everyone the command admits may run the example: requesting (the usage's last line) is not the bodies'.
  example: '/一事一议 ZS-2026-0001',
  roles: ['REPORTER', 'IPB', 'SASAC', 'LEADER'],
  keys: KEYS,
  // 说明 is prose and may hold "词：…", so the arguments are read by looseArgs.
  freeText: true,
  subcommands: [
    // Requests, the form with key=value pairs, come from the project's holder unit or IPB;
    // the deciding bodies only decide (三(二)).
    {
      words: [],
      byNamedArguments: true,
      shown: '<项目编号> 方式=…',
      roles: ['REPORTER', 'IPB'],
      usage: REQUEST_USAGE,
      example: SUPPORT_EXAMPLE,
    },
    {
      words: DECIDE,
      roles: ['SASAC', 'LEADER'],
      usage: '/一事一议 决议 <编号> 同意|不同意 [意见]',
      example: '/一事一议 决议 YS-2026-0001 同意 按子基金投资建议执行',
    },
    {
      words: ESCALATE,
      roles: ['LEADER'],
      usage: '/一事一议 提交财经委 <编号>',
      example: '/一事一议 提交财经委 YS-2026-0001',
    },
    // 区县's requests are screened by IPB before they reach the body (implementation rule R10).
    {
      words: SCREEN,
      roles: ['IPB'],
      usage: '/一事一议 审核 <编号> 通过|退回 <理由>',
      example: '/一事一议 审核 YS-2026-0001 通过',
    },
  ],
  async handler(args) {
    refuseOverlong(args);
    const [first] = args.command.positional;
    // Prose keeps its full-width punctuation: arguments after the verb are taken as typed.
    const rest = rawWords(args).slice(1);
    const uc = useCaseOf(args);
    if (first === undefined) return args.say(await listSupport(uc, args.actor));
    const verb = first.toLowerCase();
    if (DECIDE.includes(verb)) return decide(args, first, rest);
    if (SCREEN.includes(verb)) return screen(args, rest);
    if (ESCALATE.includes(verb)) {
      const [code] = rest;
      if (code === undefined) throw usage(t.usage.missing(), 2);
      return args.say(await escalateSupport(uc, args.actor, code, first));
    }
    if (parseSupportCode(first) !== null) return args.say(await describeSupport(uc, args.actor, first));
    if (parseProjectCode(first) === null) throw new UserError(t.usage.unknownVerb({ input: first }));
    return request(args, first, rest);
  },
});

function usage(problem: string, subcommand?: number): UserError {
  const sub = subcommand === undefined ? undefined : supportCase.subcommands?.[subcommand];
  const example = sub?.example ?? SUPPORT_EXAMPLE;
  return new UserError(zhCN.internal.usage({ problem, usage: sub?.usage ?? REQUEST_USAGE, example }));
}

async function decide(args: CommandArgs<Keys>, verb: string, words: string[]): Promise<void> {
  const [code, verdict, ...note] = words;
  if (code === undefined) throw usage(t.usage.missing(), 1);
  const approve =
    verdict === undefined
      ? undefined
      : APPROVE.includes(verdict.toLowerCase())
        ? true
        : REJECT.includes(verdict.toLowerCase())
          ? false
          : undefined;
  if (approve === undefined) throw usage(t.usage.missingVerdict(), 1);
  args.say(await decideSupport(useCaseOf(args), args.actor, code, approve, note.join(' ').trim() || null, verb));
}

async function screen(args: CommandArgs<Keys>, words: string[]): Promise<void> {
  const sub = supportCase.subcommands?.findIndex((s) => s.words === SCREEN);
  const [code, verdict, ...reason] = words;
  if (code === undefined) throw usage(t.usage.missing(), sub);
  const word = verdict?.toLowerCase();
  const pass = word === undefined ? undefined : PASS.includes(word) ? true : RETURN.includes(word) ? false : undefined;
  if (pass === undefined) throw usage(t.usage.missingScreening(), sub);
  args.say(await screenSupport(useCaseOf(args), code, pass, reason.join(' ')));
}

async function request(args: CommandArgs<Keys>, code: string, words: string[]): Promise<void> {
  const { positional, named } = looseArgs(args, words, KEYS, ['note']);
  const uc = useCaseOf(args);
  if (positional.length === 0 && Object.keys(named).length === 0)
    return args.say(await describeSupport(uc, args.actor, code));
  const note = [...positional, ...(named.note === undefined ? [] : [named.note])].join(' ').trim();
  const missing = (['mode', 'amount'] as const).filter((k) => named[k] === undefined).map((k) => SPELLED[k]);
  if (note === '') missing.push(SPELLED.note);
  if (named.mode === undefined || named.amount === undefined || missing.length > 0)
    throw usage(t.usage.missingKeys({ keys: missing }));
  args.say(await requestSupport(uc, args.actor, { code, mode: named.mode, amount: named.amount, description: note }));
}
