import { clauseTag } from '../src/messages/citation.ts';
import { defineCommand } from '../src/app/command.ts';
import { UserError } from '../src/app/errors.ts';
import {
  renderLandLedger,
  renderLandRanking,
  renderLandRegistered,
  renderLandRevitalised,
} from '../src/messages/land.ts';
import { zhCN } from '../src/messages/zh-CN.ts';
import { landLedger, rankLand, recordRevitalisation, registerProjectLand } from '../src/services/land.ts';
import { useCaseOf } from '../src/services/use-case.ts';

const t = zhCN.coordination.land;

const RANK = ['排序', 'rank'];
const REGISTER = ['登记', 'register'];
const REVITALISE = ['盘活', 'revitalise'];
const LEDGER = ['台账', 'ledger'];

export const land = defineCommand({
  name: '用地',
  alias: 'land',
  summary: `重大产业项目用地保障${clauseTag('五(一)')}：按投资规模和亩均产值排序；登记盘活存量土地，下一年度给予新增建设用地指标奖励`,
  usage: ['/用地 排序 [单位] [门槛=<金额>]', '/用地 台账'],
  example: '/用地 排序 萧山区',
  roles: ['NRB', 'IPB', 'REPORTER'],
  keys: {
    area: ['面积', '用地面积', 'area'],
    output: ['产值', '年产值', 'output'],
    threshold: ['门槛', 'threshold'],
    year: ['年度', '供地年度', 'year'],
    reward: ['奖励', 'reward'],
    project: ['项目', 'project'],
    note: ['说明', 'note'],
  },
  subcommands: [
    {
      words: REGISTER,
      roles: ['NRB', 'REPORTER'],
      usage: '/用地 登记 <编号> 面积=<亩> 产值=<预计年产值>',
      example: '/用地 登记 ZS-2026-0001 面积=120 产值=30亿',
    },
    {
      words: REVITALISE,
      roles: ['NRB'],
      usage: '/用地 盘活 <单位> <亩数> [年度=<供地年份>] [项目=<编号>] [奖励=<亩>] [说明=<...>]',
      example: '/用地 盘活 萧山区 50 项目=ZS-2026-0001',
    },
  ],
  async handler(args) {
    const { positional, named } = args.command;
    const [first, ...rest] = positional;
    const uc = useCaseOf(args);
    const verb = first?.toLowerCase();
    if (verb === undefined || RANK.includes(verb)) {
      return args.say(renderLandRanking(await rankLand(uc, args.actor, rest.join(''), named.threshold)));
    }
    if (LEDGER.includes(verb)) return args.say(renderLandLedger(await landLedger(uc, args.actor)));
    if (REGISTER.includes(verb)) {
      const [code] = rest;
      if (code === undefined || named.area === undefined || named.output === undefined)
        throw usage(t.usage.missingRegister(), 0);
      return args.say(renderLandRegistered(await registerProjectLand(uc, args.actor, code, named.area, named.output)));
    }
    if (REVITALISE.includes(verb)) {
      const [unit, area, ...tail] = rest;
      if (unit === undefined || area === undefined) throw usage(t.usage.missingRevitalise(), 1);
      // "50 亩" typed with a space is still one quantity; any other trailing words are a note.
      const note = tail[0] === '亩' ? tail.slice(1) : tail;
      const noteText = [named.note, ...note].filter(Boolean).join(' ') || undefined;
      const input = { unit, area, year: named.year, reward: named.reward, project: named.project, note: noteText };
      const outcome = await recordRevitalisation(uc, input);
      return args.say(renderLandRevitalised(outcome));
    }
    throw new UserError(t.usage.unknownVerb({ input: first ?? '' }));
  },
});

function usage(problem: string, subcommand: number): UserError {
  const sub = land.subcommands?.[subcommand];
  return new UserError(
    zhCN.internal.usage({ problem, usage: sub?.usage ?? '', example: sub?.example ?? land.example }),
  );
}
