import { defineCommand } from '../src/app/command.ts';
import { renderProjectList, renderProjectView } from '../src/messages/projects.ts';
import { describeProject, listProjects } from '../src/services/projects.ts';
import { useCaseOf } from '../src/services/use-case.ts';

export const project = defineCommand({
  name: '项目',
  alias: 'project',
  summary: '查看项目详情；不带编号时列出本单位的项目（市投资促进局：待审核的首报）',
  usage: ['/项目', '/项目 <编号>'],
  example: '/项目 ZS-2026-0001',
  roles: 'registered',
  async handler(args) {
    const code = args.command.positional[0];
    const uc = useCaseOf(args);
    args.say(
      code === undefined
        ? renderProjectList(await listProjects(uc, args.actor))
        : renderProjectView(await describeProject(uc, args.actor, code)),
    );
  },
});
