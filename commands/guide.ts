import { defineCommand, mayRun } from '../src/app/command.ts';
import type { CommandArgs } from '../src/app/context.ts';
import { UserError } from '../src/app/errors.ts';
import { shanghaiDay } from '../src/domain/matrix/dates.ts';
import { formatDateTime } from '../src/messages/format.ts';
import { zhCN } from '../src/messages/zh-CN.ts';
import {
  addGuideAssignment,
  currentGuide,
  guideForYear,
  guideNote,
  importGuideCsv,
  isGuideYear,
  removeGuideAssignment,
  chainHostsOf,
  guideByChain,
} from '../src/services/layout-guide.ts';
import { useCaseOf } from '../src/services/use-case.ts';

const ADD = ['添加', '增加', '新增', 'add'];
const REMOVE = ['移除', '删除', '去掉', 'remove'];
const IMPORT = ['导入', 'import'];

/** Only IPB edits the guide (二(二): 由市投资促进局牵头…编制《布局导引》); everyone registered reads it. */
const EDITORS = { roles: ['IPB'] } as const;

const YEAR = /^(\d{4})年?$/;

export const guide = defineCommand({
  name: '布局导引',
  alias: 'guide',
  summary: '查看重点产业（链）投资布局导引：各产业链的承载区县和平台（市投资促进局可修改、导入）',
  usage: ['/布局导引 [年]', '/布局导引 <产业链>'],
  example: '/布局导引 集成电路',
  roles: 'registered',
  freeText: true,
  subcommands: [
    {
      words: ADD,
      roles: EDITORS.roles,
      usage: '/布局导引 添加 <产业链> <单位>',
      example: '/布局导引 添加 集成电路 萧山区',
    },
    {
      words: REMOVE,
      roles: EDITORS.roles,
      usage: '/布局导引 移除 <产业链> <单位>',
      example: '/布局导引 移除 集成电路 萧山区',
    },
    {
      words: IMPORT,
      roles: EDITORS.roles,
      usage: '/布局导引 导入 [年]（换行后粘贴 CSV，每行“产业链,单位”）',
      example: '/布局导引 导入 2026\n产业链,单位\n集成电路,滨江区',
    },
  ],
  async handler(args) {
    const { command } = args;
    const [first, ...rest] = command.positional;
    if (first === undefined) return show(args, shanghaiDay(args.now).year);
    const verb = first.toLowerCase();
    if (ADD.includes(verb) || REMOVE.includes(verb) || IMPORT.includes(verb)) {
      if (IMPORT.includes(verb)) return importCsv(args, rest[0]);
      return edit(args, ADD.includes(verb) ? 'add' : 'remove', first, rest);
    }
    const year = YEAR.exec(first);
    if (year !== null) return show(args, Number(year[1]), first);
    if (/^\d+年?$/.test(first)) throw new UserError(zhCN.guide.invalidYear({ input: first }));
    return showChain(args, command.positional.join(''));
  },
});

async function show(args: CommandArgs, year: number, input?: string): Promise<void> {
  if (!isGuideYear(year)) throw new UserError(zhCN.guide.invalidYear({ input: input ?? String(year) }));
  const view = input === undefined ? await currentGuide(args.tx, args.now) : await guideForYear(args.tx, year);
  if (view === null) throw new UserError(input === undefined ? zhCN.guide.none() : zhCN.guide.noneForYear({ year }));
  args.say({
    kind: 'markdown',
    title: zhCN.guide.title({ year: view.year, version: view.version }),
    markdown: zhCN.guide.show({
      year: view.year,
      version: view.version,
      requestedYear: year,
      updatedAt: formatDateTime(view.createdAt),
      chains: guideByChain(view),
      note: await guideNote(args.tx, view.id),
      canEdit: mayRun(EDITORS, args.actor.roles),
    }),
  });
}

async function showChain(args: CommandArgs, input: string): Promise<void> {
  const view = await currentGuide(args.tx, args.now);
  if (view === null) throw new UserError(zhCN.guide.none());
  const { chain, units } = chainHostsOf(view, input);
  args.say(zhCN.guide.chainShow({ chain, units, year: view.year, version: view.version }));
}

async function edit(args: CommandArgs, kind: 'add' | 'remove', verb: string, words: string[]): Promise<void> {
  const [chain, ...unitWords] = words;
  const unit = unitWords.join('');
  if (chain === undefined || unit === '') {
    throw new UserError(
      zhCN.internal.usage({
        problem: zhCN.guide.missingEditArgs({ verb }),
        usage: guide.subcommands?.[kind === 'add' ? 0 : 1]?.usage ?? '',
        example: guide.subcommands?.[kind === 'add' ? 0 : 1]?.example ?? guide.example,
      }),
    );
  }
  const uc = useCaseOf(args);
  if (kind === 'add') {
    const result = await addGuideAssignment(uc, chain, unit);
    const c = result.change;
    args.say(
      zhCN.guide.added({
        chain: c.chain,
        unit: c.unitName,
        year: result.year,
        version: result.version,
        newChain: c.newChain,
      }),
    );
  } else {
    const result = await removeGuideAssignment(uc, chain, unit);
    const c = result.change;
    args.say(
      zhCN.guide.removed({
        chain: c.chain,
        unit: c.unitName,
        year: result.year,
        version: result.version,
        chainGone: c.chainGone,
      }),
    );
  }
}

async function importCsv(args: CommandArgs, yearWord: string | undefined): Promise<void> {
  const yearMatch = yearWord === undefined ? null : YEAR.exec(yearWord);
  const year = yearMatch ? Number(yearMatch[1]) : shanghaiDay(args.now).year;
  const text = csvOf(args.command.text, yearMatch !== null);
  if (text.trim() === '') throw new UserError(zhCN.guide.csvMissing());
  const result = await importGuideCsv(useCaseOf(args), year, text);
  const chains = new Set(result.assignments.map((a) => a.chain)).size;
  args.say(
    zhCN.guide.imported({
      year: result.year,
      version: result.version,
      chains,
      assignments: result.assignments.length,
      added: result.added.length,
      removed: result.removed.length,
    }),
  );
}

/**
 * The CSV of "/布局导引 导入 [年]": the lines after the command line, plus whatever follows the verb
 * (and year) on the command line itself. Line 1 of the CSV is the first line of the pasted file.
 * `raw` is the text after the command name.
 */
function csvOf(raw: string, hasYear: boolean): string {
  const lines = raw.split(/\r\n|\r|\n/);
  const commandLine = lines[0] ?? '';
  const words = commandLine.split(/[\s\u3000]+/).filter((w) => w !== '');
  const verbAt = words.findIndex((w) => IMPORT.includes(w.toLowerCase()));
  const tail = verbAt === -1 ? '' : words.slice(verbAt + 1 + (hasYear ? 1 : 0)).join(' ');
  return [...(tail === '' ? [] : [tail]), ...lines.slice(1)].join('\n');
}
