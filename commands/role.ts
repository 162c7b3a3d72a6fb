import { defineCommand } from '../src/app/command.ts';
import { UserError } from '../src/app/errors.ts';
import { parseRole } from '../src/domain/org/roles.ts';
import { renderRoleGrant, renderRoleRevoke } from '../src/messages/org.ts';
import { zhCN } from '../src/messages/zh-CN.ts';
import { grantRole, parseRoleOrThrow, resolveUserArgument, revokeRole } from '../src/services/org.ts';
import { useCaseOf } from '../src/services/use-case.ts';

const GRANT = ['授予', 'grant', '添加', '增加'];
const REVOKE = ['撤销', 'revoke', '取消', '删除'];

export const role = defineCommand({
  name: '角色',
  alias: 'role',
  summary: '授予或撤销用户角色（登记新用户也用它）',
  usage: ['/角色 授予 <@用户|用户ID> <角色> [单位]', '/角色 撤销 <@用户|用户ID> <角色> [单位]'],
  example: '/角色 授予 @李明 REPORTER 滨江区',
  roles: ['ADMIN'],
  async handler(args) {
    const { command, say } = args;
    const [verb, userWord, roleWord, ...unitWords] = command.positional;
    if (verb === undefined || userWord === undefined || roleWord === undefined) {
      throw new UserError(
        zhCN.internal.usage({ problem: '参数不完整。', usage: role.usage.join('；'), example: role.example }),
      );
    }
    const uc = useCaseOf(args);
    const isGrant = GRANT.includes(verb.toLowerCase());
    if (!isGrant && !REVOKE.includes(verb.toLowerCase())) throw new UserError(zhCN.role.unknownVerb({ input: verb }));
    const roleCode = parseRoleOrThrow(roleWord, parseRole);
    const user = await resolveUserArgument(uc, userWord, command.mentions);
    const change = {
      userId: user.userId,
      userName: user.name,
      existing: user.existing,
      role: roleCode,
      unitInput: unitWords.join('') || undefined,
    };
    say(isGrant ? renderRoleGrant(await grantRole(uc, change)) : renderRoleRevoke(await revokeRole(uc, change)));
  },
});
