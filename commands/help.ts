import { closestCommands, defineCommand, mayRun, roleLabels } from '../src/app/command.ts';
import { zhCN } from '../src/messages/zh-CN.ts';

export const help = defineCommand({
  name: '帮助',
  alias: 'help',
  summary: '查看您可以使用的命令及示例',
  usage: ['/帮助', '/帮助 <命令>'],
  example: '/帮助 绑定群',
  roles: 'registered',
  async handler({ command, commands, actor, say }) {
    const visible = commands.filter((spec) => mayRun(spec, actor.roles));
    const wanted = command.positional[0]?.replace(/^\//, '');
    if (wanted === undefined) {
      const lines = visible.map((spec) =>
        zhCN.help.line({ name: spec.name, alias: spec.alias, summary: spec.summary }),
      );
      say({ kind: 'markdown', title: zhCN.help.title(), markdown: zhCN.help.list({ lines }) });
      return;
    }
    const spec = visible.find((s) => s.name === wanted || s.alias === wanted.toLowerCase());
    if (spec === undefined) {
      say(zhCN.help.unknown({ input: wanted, suggestions: closestCommands(wanted, visible) }));
      return;
    }
    // A command with declared subcommands shows only the verbs this asker may use.
    const usage = spec.subcommands
      ? [
          ...spec.usage.filter((line) => !spec.subcommands?.some((sub) => line === sub.usage)),
          ...spec.subcommands.filter((sub) => mayRun(sub, actor.roles)).map((sub) => sub.usage),
        ]
      : [...spec.usage];
    say({
      kind: 'markdown',
      title: `/${spec.name}`,
      markdown: zhCN.help.detail({
        name: spec.name,
        alias: spec.alias,
        summary: spec.summary,
        usage,
        example: spec.example,
        roles: roleLabels(spec),
      }),
    });
  },
});
