import { clauseTag } from '../src/messages/citation.ts';
import { defineCommand } from '../src/app/command.ts';
import type { CommandArgs } from '../src/app/context.ts';
import { UserError } from '../src/app/errors.ts';
import { looseArgs, rawWords, refuseOverlong } from '../src/app/loose-args.ts';
import { parseProjectCode } from '../src/domain/projects/code.ts';
import {
  CITY_LED_EXAMPLE,
  renderAssignedProject,
  renderCityLedDetail,
  renderCityLedList,
  renderCityLedProposed,
  renderLeaderDecision,
  renderMeeting,
  renderMinutes,
  renderPlan,
  renderSpecialGroup,
} from '../src/messages/city-led.ts';
import { CITY_LED_WORDS } from '../src/messages/command-words.ts';
import { zhCN } from '../src/messages/zh-CN.ts';
import {
  approveCityLed,
  declineCityLed,
  describeCityLed,
  formSpecialGroup,
  listCityLed,
  openAssignedProject,
  proposeCityLed,
  recordMinutes,
  recordPlan,
  scheduleMeeting,
} from '../src/services/city-led.ts';
import { resolveUserArgument } from '../src/services/org.ts';
import { useCaseOf } from '../src/services/use-case.ts';
import { refusalText } from '../src/messages/refusal.ts';

const t = zhCN.coordination.cityLed;

const {
  approve: APPROVE,
  decline: DECLINE,
  group: GROUP,
  meeting: MEETING,
  minutes: MINUTES,
  plan: PLAN,
  new: NEW,
} = CITY_LED_WORDS.verbs;

type Keys = 'reason' | 'evaluation' | 'host' | 'ref' | 'name' | 'investor' | 'chain' | 'amount';
const KEYS: Record<Keys, readonly string[]> = {
  reason: ['理由', 'reason'],
  evaluation: ['预评估', '评估', 'evaluation'],
  host: ['承载', '承载单位', 'host'],
  ref: ['文号', '纪要文号', 'ref'],
  // The report's own words (/报备), so a 领导交办 project is written as a district writes one.
  name: ['项目', '项目名称', '名称'],
  investor: ['投资方', '企业', '投资者'],
  chain: ['产业链', '链'],
  amount: ['投资额', '金额', '总投资'],
};
const SPELLED: Record<Keys, string> = {
  reason: '理由',
  evaluation: '预评估',
  host: '承载',
  ref: '文号',
  name: '项目',
  investor: '投资方',
  chain: '产业链',
  amount: '投资额',
};

const PROPOSE_USAGE = '/市级主谈 <编号> 理由=跨区域布局|领导交办|其他规定 预评估=<...>';

export const citylead = defineCommand<Keys>({
  name: CITY_LED_WORDS.name,
  alias: 'citylead',
  summary: `项目市级主谈${clauseTag('四(二)')}：市投资促进局牵头主谈，报分管市领导批准后组建专项组，协调会形成会议纪要确定承载单位`,
  usage: ['/市级主谈', '/市级主谈 <编号>', PROPOSE_USAGE],
  // Everyone the command admits may run the example: proposing (the usage's last line) is IPB's alone.
  example: '/市级主谈 ZS-2026-0001',
  roles: ['IPB', 'LEADER'],
  keys: KEYS,
  // Minutes and pre-evaluations are prose ("会议决定：…"), so the arguments are read by looseArgs.
  freeText: true,
  subcommands: [
    // Viewing is for IPB and leaders alike; proposing, the form with key=value pairs, is IPB's (四(二) "由市投资促进局牵头主谈").
    {
      words: [],
      byNamedArguments: true,
      shown: '<编号> 理由=…',
      roles: ['IPB'],
      usage: PROPOSE_USAGE,
      example: CITY_LED_EXAMPLE,
    },
    {
      words: APPROVE,
      roles: ['LEADER'],
      usage: '/市级主谈 批准 <编号> [意见]（批准组建项目引进专项组）',
      example: '/市级主谈 批准 ZS-2026-0001',
    },
    {
      words: DECLINE,
      roles: ['LEADER'],
      usage: '/市级主谈 不批准 <编号> [意见]（不批准组建专项组，仍由市投资促进局牵头主谈）',
      example: '/市级主谈 不批准 ZS-2026-0001 由市投资促进局直接洽谈',
    },
    {
      words: NEW,
      roles: ['IPB'],
      usage:
        '/市级主谈 新建 项目=<名称> 投资方=<公司名> 产业链=<链> 投资额=<金额> 理由=领导交办 预评估=<...>（省市领导交办、尚无区县报备的项目）',
      example:
        '/市级主谈 新建 项目=智能网联整车基地 投资方=杭州远景汽车有限公司 产业链=智能网联汽车 投资额=80亿 理由=领导交办 预评估=省领导交办，需市级统筹',
    },
    {
      words: GROUP,
      roles: ['IPB'],
      usage: '/市级主谈 专项组 <编号> <@成员…>',
      example: '/市级主谈 专项组 ZS-2026-0001 @张伟 @刘洋',
    },
    {
      words: MEETING,
      roles: ['IPB'],
      usage: '/市级主谈 协调会 <编号> <日期时间>',
      example: '/市级主谈 协调会 ZS-2026-0001 2026-12-03 14:30',
    },
    // The 专项组's members, whatever their role, or IPB record the plan: the service checks membership.
    {
      words: PLAN,
      roles: 'registered',
      usage: '/市级主谈 方案 <编号> <落地方案建议>（专项组成员或市投资促进局）',
      example: '/市级主谈 方案 ZS-2026-0001 生产基地落萧山，研发中心落钱塘，分期建设',
    },
    {
      words: MINUTES,
      roles: ['IPB'],
      usage: '/市级主谈 纪要 <编号> 承载=<单位>[、<单位>…] [文号=<...>] <纪要>',
      example:
        '/市级主谈 纪要 ZS-2026-0001 承载=萧山区、钱塘区 文号=杭政办纪要〔2026〕12号 会议决定：生产基地落户萧山区，研发中心落户钱塘区',
    },
  ],
  async handler(args) {
    refuseOverlong(args);
    const [first] = args.command.positional;
    // Prose keeps its full-width punctuation: arguments after the verb are taken as typed.
    const rest = rawWords(args).slice(1);
    if (first === undefined) return args.say(renderCityLedList(await listCityLed(useCaseOf(args))));
    const verb = first.toLowerCase();
    if (NEW.includes(verb)) return openNew(args, rest);
    if ([APPROVE, DECLINE, GROUP, PLAN, MEETING, MINUTES].some((words) => words.includes(verb)))
      return runVerb(args, verb, rest);
    if (parseProjectCode(first) === null) throw new UserError(t.usage.unknownVerb({ input: first }));
    return propose(args, first, rest);
  },
});

function usage(problem: string, verb: string): UserError {
  const sub = citylead.subcommands?.find((s) => s.words.includes(verb));
  return new UserError(
    zhCN.internal.usage({
      problem,
      usage: sub?.usage ?? citylead.usage.join('；'),
      example: sub?.example ?? CITY_LED_EXAMPLE,
    }),
  );
}

async function runVerb(args: CommandArgs<Keys>, verb: string, words: string[]): Promise<void> {
  const [code, ...tail] = words;
  if (code === undefined) throw usage(t.usage.missing(), verb);
  const uc = useCaseOf(args);
  if (APPROVE.includes(verb) || DECLINE.includes(verb)) {
    const note = tail.join(' ').trim() || null;
    const decide = APPROVE.includes(verb) ? approveCityLed : declineCityLed;
    return args.say(renderLeaderDecision(await decide(uc, { actor: args.actor, code, note, verb })));
  }
  if (GROUP.includes(verb)) {
    if (tail.length === 0) throw usage(t.usage.missingUsers(), verb);
    const members = [];
    // Member words as the app converted them: a full-width ＠ is an @-mention too.
    for (const word of args.command.positional.slice(2)) {
      const user = await resolveUserArgument(uc, word, args.command.mentions);
      members.push({ input: word, userId: user.userId, registered: user.existing !== null });
    }
    return args.say(renderSpecialGroup(await formSpecialGroup(uc, code, members)));
  }
  if (PLAN.includes(verb)) {
    const plan = tail.join(' ').trim();
    if (plan === '') throw usage(t.usage.missingPlan(), verb);
    return args.say(renderPlan(await recordPlan(uc, args.actor, code, plan)));
  }
  if (MEETING.includes(verb)) {
    if (tail.length === 0) throw usage(t.usage.missingWhen(), verb);
    return args.say(renderMeeting(await scheduleMeeting(uc, code, tail.join(' '))));
  }
  const { positional, named } = looseArgs(args, tail, { host: KEYS.host, ref: KEYS.ref });
  const minutes = positional.join(' ').trim();
  if (named.host === undefined || minutes === '') throw usage(refusalText(t.usage.missingHost()), verb);
  const outcome = await recordMinutes(uc, code, { hosts: named.host, ref: named.ref ?? null, minutes });
  return args.say(renderMinutes(outcome));
}

async function openNew(args: CommandArgs<Keys>, words: string[]): Promise<void> {
  const keys = {
    name: KEYS.name,
    investor: KEYS.investor,
    chain: KEYS.chain,
    amount: KEYS.amount,
    reason: KEYS.reason,
    evaluation: KEYS.evaluation,
  };
  const { positional, named } = looseArgs(args, words, keys, ['evaluation']);
  const required = ['name', 'investor', 'chain', 'amount', 'reason', 'evaluation'] as const;
  const missing = required.filter((k) => named[k] === undefined).map((k) => SPELLED[k]);
  if (named.reason === undefined || named.evaluation === undefined || missing.length > 0)
    throw usage(t.usage.missingNew({ keys: missing }), NEW[0] ?? '');
  const evaluation = [...positional, named.evaluation].join(' ');
  const { name, investor, chain, amount } = named;
  const input = { name, investor, chain, amount, reason: named.reason, evaluation };
  const outcome = await openAssignedProject(useCaseOf(args), input);
  return args.say(renderAssignedProject(outcome));
}

async function propose(args: CommandArgs<Keys>, code: string, words: string[]): Promise<void> {
  const { positional, named } = looseArgs(args, words, { reason: KEYS.reason, evaluation: KEYS.evaluation }, [
    'evaluation',
  ]);
  const uc = useCaseOf(args);
  if (named.reason === undefined && named.evaluation === undefined && positional.length === 0) {
    return args.say(renderCityLedDetail(await describeCityLed(uc, code)));
  }
  const evaluation = [...positional, ...(named.evaluation === undefined ? [] : [named.evaluation])].join(' ').trim();
  const missing = [
    ...(named.reason === undefined ? [SPELLED.reason] : []),
    ...(named.evaluation === undefined ? [SPELLED.evaluation] : []),
  ];
  if (named.reason === undefined || missing.length > 0) {
    throw new UserError(
      zhCN.internal.usage({
        problem: t.usage.missingKeys({ keys: missing }),
        usage: PROPOSE_USAGE,
        example: CITY_LED_EXAMPLE,
      }),
    );
  }
  args.say(renderCityLedProposed(await proposeCityLed(uc, code, named.reason, evaluation)));
}
