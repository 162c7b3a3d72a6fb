import { clauseTag } from '../src/messages/citation.ts';
import { defineCommand } from '../src/app/command.ts';
import { UserError } from '../src/app/errors.ts';
import {
  renderEnergyAllocation,
  renderEnergyOverview,
  renderEnergyPool,
  renderEnergyRequest,
} from '../src/messages/energy.ts';
import { zhCN } from '../src/messages/zh-CN.ts';
import { allocateEnergyPool, energyOverview, requestEnergy, setEnergyPool } from '../src/services/energy.ts';
import { useCaseOf } from '../src/services/use-case.ts';

const t = zhCN.coordination.energy;

const POOL = ['额度', '指标池', 'pool'];
const REQUEST = ['申请', 'request'];
const ALLOCATE = ['分配', 'allocate'];

export const energy = defineCommand({
  name: '能耗',
  alias: 'energy',
  summary: `重大产业项目能耗指标市级统筹${clauseTag('五(二)')}：市发改委设定年度指标池，各单位为项目申请，按单位能耗产值竞争性分配`,
  usage: ['/能耗 [年]'],
  example: '/能耗 2027',
  roles: ['DRC', 'REPORTER', 'IPB'],
  keys: { tonnes: ['用能', '能耗', 'tonnes'], output: ['产值', '年产值', 'output'], year: ['年度', 'year'] },
  subcommands: [
    { words: POOL, roles: ['DRC'], usage: '/能耗 额度 <年> <吨标煤>', example: '/能耗 额度 2027 20000' },
    {
      words: REQUEST,
      roles: ['REPORTER'],
      usage: '/能耗 申请 <编号> 用能=<吨标煤> 产值=<预计年产值> [年度=<年>]',
      example: '/能耗 申请 ZS-2026-0001 用能=5000 产值=30亿',
    },
    { words: ALLOCATE, roles: ['DRC'], usage: '/能耗 分配 <年>', example: '/能耗 分配 2027' },
  ],
  async handler(args) {
    const { positional, named } = args.command;
    const [first, ...rest] = positional;
    const uc = useCaseOf(args);
    const verb = first?.toLowerCase();
    if (verb === undefined) return args.say(renderEnergyOverview(await energyOverview(uc, args.actor, undefined)));
    if (POOL.includes(verb)) {
      const [year, ...tonnes] = rest;
      if (year === undefined || tonnes.length === 0) throw usage(t.usage.missingPool(), 0);
      return args.say(renderEnergyPool(await setEnergyPool(uc, year, tonnes.join(''))));
    }
    if (REQUEST.includes(verb)) {
      const [code] = rest;
      if (code === undefined || named.tonnes === undefined || named.output === undefined)
        throw usage(t.usage.missingRequest(), 1);
      const outcome = await requestEnergy(uc, args.actor, {
        code,
        tonnes: named.tonnes,
        output: named.output,
        year: named.year,
      });
      return args.say(renderEnergyRequest(outcome));
    }
    if (ALLOCATE.includes(verb)) {
      const [year] = rest;
      if (year === undefined) throw usage(t.usage.missingYear(), 2);
      return args.say(renderEnergyAllocation(await allocateEnergyPool(uc, year)));
    }
    if (/^\d{4}年?度?$/.test(first ?? ''))
      return args.say(renderEnergyOverview(await energyOverview(uc, args.actor, first)));
    throw new UserError(t.usage.unknownVerb({ input: first ?? '' }));
  },
});

function usage(problem: string, subcommand: number): UserError {
  const sub = energy.subcommands?.[subcommand];
  return new UserError(
    zhCN.internal.usage({ problem, usage: sub?.usage ?? '', example: sub?.example ?? energy.example }),
  );
}
