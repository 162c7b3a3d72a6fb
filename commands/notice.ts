import { defineCommand } from '../src/app/command.ts';
import { draftNotice, parseNoticeKind } from '../src/services/documents/notices.ts';
import { useCaseOf } from '../src/services/use-case.ts';

export const notice = defineCommand({
  name: '通报',
  alias: 'notice',
  summary: '起草通报（Word 草稿，公文格式）：首报首谈违规，或已处置的比拼政策',
  usage: ['/通报 违规 <项目编号>', '/通报 比拼 <认定编号>'],
  example: '/通报 违规 ZS-2026-0001',
  roles: ['IPB'],
  async handler(args) {
    const [kindInput, code] = args.command.positional;
    const result = await draftNotice(useCaseOf(args), parseNoticeKind(kindInput), code, args.settings.filesDir);
    args.say(result.reply);
    // A draft names units and facts not yet published: in a group it goes to the drafter alone.
    if (args.conversation.type === 'direct') args.say(result.file);
    else await args.respond(result.file);
  },
});
