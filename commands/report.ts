import { clauseTag } from '../src/messages/citation.ts';
import { defineCommand } from '../src/app/command.ts';
import { renderProjectReported, REPORT_EXAMPLE } from '../src/messages/projects.ts';
import { reportProject } from '../src/services/projects.ts';
import { useCaseOf } from '../src/services/use-case.ts';

export const report = defineCommand({
  name: '首报',
  alias: 'report',
  summary: `向市投资促进局首报有明确意向的项目，申请排他性首谈资格${clauseTag('四(一)')}`,
  usage: [
    '/首报 项目=<名称> 投资方=<公司名> 产业链=<链> 投资额=<金额> 意向=<签订意向书|实地考察|多轮洽谈|其他：说明>',
    '可选：信用代码=<18位> 选址=<...> 联系人=<...> 确认代码=是',
  ],
  example: REPORT_EXAMPLE,
  roles: ['REPORTER'],
  keys: {
    name: ['项目', '项目名称', '名称'],
    investor: ['投资方', '企业', '投资者'],
    code: ['信用代码', '统一社会信用代码', '代码'],
    chain: ['产业链', '链'],
    amount: ['投资额', '金额', '总投资'],
    intent: ['意向', '意向依据'],
    site: ['选址', '拟选址'],
    contact: ['联系人'],
    confirm: ['确认代码'],
  },
  async handler(args) {
    args.say(renderProjectReported(await reportProject(useCaseOf(args), args.actor, args.command.named)));
  },
});
