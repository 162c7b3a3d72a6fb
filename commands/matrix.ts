import { defineCommand } from '../src/app/command.ts';
import { UserError } from '../src/app/errors.ts';
import { normaliseCycleKey } from '../src/domain/matrix/cycles.ts';
import {
  renderMatrixCompleted,
  renderMatrixConfirmed,
  renderMatrixItem,
  renderMatrixLedger,
  renderMatrixProgress,
  renderMatrixReopened,
} from '../src/messages/matrix.ts';
import { zhCN } from '../src/messages/zh-CN.ts';
import {
  completeMatrixCycle,
  confirmMatrixCycles,
  matrixItemDetail,
  matrixLedger,
  recordMatrixProgress,
  reopenMatrixCycle,
} from '../src/services/matrix.ts';
import { useCaseOf } from '../src/services/use-case.ts';

type Verb = 'progress' | 'complete' | 'confirm' | 'reopen';

const VERBS: ReadonlyMap<string, Verb> = new Map([
  ['进度', 'progress'],
  ['进展', 'progress'],
  ['progress', 'progress'],
  ['完成', 'complete'],
  ['done', 'complete'],
  ['complete', 'complete'],
  ['确认', 'confirm'],
  ['confirm', 'confirm'],
  ['退回', 'reopen'],
  ['重开', 'reopen'],
  ['reopen', 'reopen'],
]);

type Keys = 'basis' | 'note' | 'cycle' | 'deadline';

function wordsFor(verb: string): string[] {
  return [...VERBS].filter(([, v]) => v === verb).map(([word]) => word);
}

/** `/台账 确认 <n> 全部`: every cycle of the item waiting for a ruling. */
const ALL = ['全部', 'all'];

export const matrix = defineCommand<Keys>({
  name: '台账',
  alias: 'matrix',
  summary: '责任分解表（《工作制度》附件）：各事项的完成时限、进度和确认',
  usage: ['/台账', '/台账 <序号>', '/台账 进度 <序号> <说明>', '/台账 完成 <序号> [周期] 依据=<文号或说明>'],
  example: '/台账 完成 1 依据=杭规划资源〔2026〕12号',
  roles: 'registered',
  // 确认 and 退回 are rulings (DESIGN §7): IPB's, except that a city leader confirms the items IPB leads
  // (checked by the service); 进度 and 完成 depend on the unit, checked by the service too.
  subcommands: [
    {
      words: wordsFor('confirm'),
      roles: ['IPB', 'LEADER'],
      usage: '/台账 确认 <序号> [周期|全部]',
      example: '/台账 确认 9 2026Q3',
    },
    {
      words: wordsFor('reopen'),
      roles: ['IPB'],
      usage: '/台账 退回 <序号> [周期] [时限=<整改时限>] [理由]',
      example: '/台账 退回 6 2019-07-31 时限=2027-03-31 未见实施文件',
    },
  ],
  keys: {
    basis: ['依据', 'basis'],
    note: ['说明', 'note', '理由', 'reason'],
    cycle: ['周期', 'cycle'],
    deadline: ['时限', '整改时限', 'deadline'],
  },
  async handler(args) {
    const { command, say } = args;
    const uc = useCaseOf(args);
    const [first, ...rest] = command.positional;
    if (first === undefined) return say(renderMatrixLedger(await matrixLedger(uc)));
    const verb = VERBS.get(first.toLowerCase());
    if (verb === undefined) {
      if (!/^第?\d/.test(first)) throw new UserError(zhCN.matrix.unknownVerb({ input: first }));
      return say(renderMatrixItem(await matrixItemDetail(uc, first)));
    }
    const [item, ...words] = rest;
    if (item === undefined)
      throw new UserError(
        zhCN.internal.usage({
          problem: zhCN.matrix.usageProblem(),
          usage: matrix.usage.join('；'),
          example: matrix.example,
        }),
      );
    // A cycle may be named positionally right after the item (/台账 确认 9 2026Q3) or as 周期=.
    const positionalCycle = words[0] === undefined ? undefined : normaliseCycleKey(words[0]);
    const cycleKey = command.named.cycle !== undefined ? command.named.cycle.trim().toUpperCase() : positionalCycle;
    const text = (positionalCycle !== undefined && command.named.cycle === undefined ? words.slice(1) : words).join(
      ' ',
    );
    const unit = args.actor.unit === null ? null : { id: args.actor.unit.id, name: args.actor.unit.name };
    switch (verb) {
      case 'progress': {
        const outcome = await recordMatrixProgress(uc, unit, { item, note: command.named.note ?? text, cycleKey });
        return say(renderMatrixProgress(outcome));
      }
      case 'complete': {
        const outcome = await completeMatrixCycle(uc, unit, { item, basis: command.named.basis ?? text, cycleKey });
        return say(renderMatrixCompleted(outcome));
      }
      case 'confirm': {
        const outcome = await confirmMatrixCycles(uc, args.actor.roles, {
          item,
          cycleKey,
          all: ALL.includes(text.trim()),
        });
        return say(renderMatrixConfirmed(outcome));
      }
      case 'reopen': {
        const input = { item, cycleKey, reason: command.named.note ?? text, deadline: command.named.deadline };
        return say(renderMatrixReopened(await reopenMatrixCycle(uc, input)));
      }
    }
  },
});
