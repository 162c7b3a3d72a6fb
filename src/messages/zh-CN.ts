import { markCatalogValues } from '../app/user-text.ts';
import { dashboardMessages } from './dashboard.ts';
import { documentMessages } from './documents.ts';
import { exportMessages } from './exports.ts';
import { refusal } from './refusal.ts';
import { coordinationMessages } from './coordination.ts';
import { guideMessages } from './guide.ts';
import { matrixMessages } from './matrix.ts';
import { policyMessages } from './policies.ts';
import { projectMessages } from './projects.ts';
import { regulationMessages } from './regulation.ts';
import { ruleMessages } from './rules.ts';
import { transferMessages } from './transfers.ts';
import { USER_VALUES } from './user-values.ts';
import { zwddMessages } from './zwdd.ts';

/**
 * Every sentence the bot says, in one typed catalog. Keys are fully qualified so a renamed key
 * fails to compile; each reply ends with the next step the officer can take.
 */
const catalog = {
  projects: projectMessages,
  transfers: transferMessages,
  policies: policyMessages,
  regulation: regulationMessages,
  rules: ruleMessages,
  bot: {
    /** How officers @-mention the bot in a chat; stripped before parsing. */
    names: ['机器人', '招商机器人', '一盘棋招商机器人', '一盘棋'],
    started: (p: { address: string; platform: string }) => `一盘棋招商协同机器人已启动（${p.platform}）：${p.address}`,
    platformLabel: { local: '本地模拟器', dingtalk: '钉钉', lark: '飞书', zwdd: '浙政钉' } as Record<string, string>,
    backupDone: (p: { path: string; kept: number; pruned: number }) =>
      `数据库已备份到 ${p.path}（保留最近 ${p.kept} 份，本次清理 ${p.pruned} 份旧备份）。恢复步骤见 README“部署”一节。`,
    backupNoDatabase: (p: { path: string }) =>
      `找不到数据库文件 ${p.path}，没有可备份的内容。请检查 DATABASE_URL，或先用 npm start 启动一次机器人。`,
    backupNotSqlite: () =>
      '当前 DATABASE_URL 不是 SQLite 文件，机器人不负责备份；请用数据库自己的工具（PostgreSQL：pg_dump 或 PITR），见 README“部署”一节。',
  },
  internal: {
    unregistered: (p: { userId: string }) =>
      `您好，您还没有在“一盘棋”招商协同机器人中登记，暂时无法使用。\n请把您的用户ID「${p.userId}」发给本单位的系统管理员，由管理员发送：/角色 授予 ${p.userId} <角色> <单位>。登记后发送 /帮助 查看可用命令。`,
    error: (p: { ref: string }) =>
      `抱歉，处理这条消息时出了问题，操作未生效。请稍后重试；如仍不成功，请把参考编号 ${p.ref} 告诉系统管理员。`,
    retrying: (p: { ref: string }) =>
      `这条消息暂时没能处理（系统繁忙），机器人会自动重试，处理结果会另行发到这里，请不要重复发送。参考编号 ${p.ref}。`,
    gaveUp: (p: { ref: string; text: string }) =>
      `抱歉，您的消息“${p.text}”多次自动重试仍未能处理，操作未生效，今后也不会再自动执行。请稍后重新发送；如仍不成功，请把参考编号 ${p.ref} 告诉系统管理员。`,
    notCommand: () => '请以“/”开头输入命令，例如 /帮助。发送 /帮助 查看您可以使用的全部命令。',
    emptyCommand: refusal('E_UNKNOWN_COMMAND', () => '请在“/”后输入命令名称，例如 /帮助。'),
    nonText: () => '机器人目前只处理文字命令，图片、语音和文件无法识别。请输入文字命令，发送 /帮助 查看用法。',
    unknownCommand: refusal('E_UNKNOWN_COMMAND', (p: { input: string; suggestions: string[] }) =>
      p.suggestions.length > 0
        ? `没有“/${p.input}”这个命令。您是不是想用：${p.suggestions.map((s) => `/${s}`).join('、')}？发送 /帮助 查看全部命令。`
        : `没有“/${p.input}”这个命令。发送 /帮助 查看您可以使用的全部命令。`,
    ),
    forbidden: refusal(
      'E_FORBIDDEN',
      (p: { command: string; roles: string[] }) =>
        `您没有使用 /${p.command} 的权限（需要：${p.roles.join('、')}）。如确需使用，请联系系统管理员授予角色。`,
    ),
    unterminatedQuote: refusal(
      'E_USAGE',
      () => '命令里的引号没有配对，请检查后重新发送。例如：项目=“新能源 电池 项目”。',
    ),
    tooLong: refusal('E_TOO_LONG', () => '命令太长了（超过 4000 字），请精简后重新发送。'),
    emptyKey: refusal('E_USAGE', () => '“=”前面缺少参数名，请写成 参数名=值，例如 项目=某某项目。'),
    emptyValue: refusal('E_USAGE', (p: { key: string }) => `参数“${p.key}”没有填写内容，请写成 ${p.key}=<内容>。`),
    unknownKeys: refusal(
      'E_USAGE',
      (p: { keys: string[]; accepted: string[]; usage: string }) =>
        `不认识的参数：${p.keys.join('、')}。${p.accepted.length > 0 ? `可用参数：${p.accepted.join('、')}。` : '这个命令不使用“参数名=值”的写法。'}\n用法：${p.usage}`,
    ),
    duplicateKey: refusal('E_USAGE', (p: { key: string }) => `参数“${p.key}”写了不止一次，请只保留一个。`),
    usage: refusal(
      'E_USAGE',
      (p: { problem: string; usage: string; example: string }) => `${p.problem}\n用法：${p.usage}\n示例：${p.example}`,
    ),
    cardDone: () => '处理结果',
    buttonExpired: refusal('E_BUTTON_EXPIRED', () => '这个按钮已失效，请按消息中的命令直接输入。'),
  },
  help: {
    title: () => '可用命令',
    list: (p: { lines: string[] }) =>
      `### 您可以使用的命令\n\n${p.lines.join('\n')}\n\n发送 /帮助 <命令> 查看某个命令的详细用法和示例。`,
    line: (p: { name: string; alias: string; summary: string }) => `- **/${p.name}**（/${p.alias}）：${p.summary}`,
    detail: (p: { name: string; alias: string; summary: string; usage: string[]; example: string; roles: string }) =>
      `### /${p.name}（/${p.alias}）\n\n${p.summary}\n\n**用法**\n${p.usage.map((u) => `- ${u}`).join('\n')}\n\n**示例**：${p.example}\n\n**可使用角色**：${p.roles}`,
    everyone: () => '所有已登记用户',
    unknown: (p: { input: string; suggestions: string[] }) =>
      p.suggestions.length > 0
        ? `没有找到命令“${p.input}”。您是不是想查：${p.suggestions.map((s) => `/帮助 ${s}`).join('、')}？`
        : `没有找到命令“${p.input}”。发送 /帮助 查看全部命令。`,
  },
  bind: {
    done: (p: { conversation: string; target: string }) =>
      `已将本群「${p.conversation}」绑定为「${p.target}」的工作群。今后发给${p.target}的通知会发到这里。`,
    rebound: (p: { conversation: string; target: string; previous: string }) =>
      `已将本群「${p.conversation}」改绑为「${p.target}」（原为「${p.previous}」）。今后发给${p.target}的通知会发到这里。`,
    unchanged: (p: { target: string }) => `本群已经是「${p.target}」的工作群，无需重复绑定。`,
    missing: () => '请写明要绑定的单位或群用途。',
    notGroup: refusal('E_USAGE', () => '只能在群聊中绑定。请在要绑定的群里 @机器人 发送 /绑定群 <单位>。'),
    unknownUnit: refusal('E_NOT_FOUND', (p: { input: string; suggestions: string[] }) =>
      p.suggestions.length > 0
        ? `没有找到单位“${p.input}”。您是不是指：${p.suggestions.join('、')}？`
        : `没有找到单位“${p.input}”。可绑定：各区、县（市）、平台、市级部门的全称，或“全市招商协调群”“领导群”。`,
    ),
    ambiguous: refusal(
      'E_AMBIGUOUS',
      (p: { input: string; candidates: string[] }) =>
        `“${p.input}”对应多个单位：${p.candidates.join('、')}。请写全称。`,
    ),
    moved: (p: { target: string; conversation: string }) => `「${p.target}」的通知今后改发到群「${p.conversation}」。`,
  },
  role: {
    granted: (p: { user: string; role: string; unit: string | null }) =>
      `已授予 ${p.user}「${p.role}」角色${p.unit ? `（${p.unit}）` : ''}。对方发送 /帮助 即可看到新增的命令。`,
    revoked: (p: { user: string; role: string; unit: string | null }) =>
      `已撤销 ${p.user} 的「${p.role}」角色${p.unit ? `（${p.unit}）` : ''}。`,
    already: (p: { user: string; role: string }) => `${p.user} 已经拥有「${p.role}」角色，无需重复授予。`,
    notHeld: (p: { user: string; role: string }) => `${p.user} 没有「${p.role}」角色，无需撤销。`,
    unknownRole: refusal(
      'E_INVALID_VALUE',
      (p: { input: string; roles: string[] }) => `没有“${p.input}”这个角色。可用角色：${p.roles.join('、')}。`,
    ),
    unknownVerb: refusal('E_USAGE', (p: { input: string }) => `“${p.input}”不是有效操作，请写“授予”或“撤销”。`),
    unitRequired: refusal(
      'E_USAGE',
      (p: { role: string }) => `授予「${p.role}」需要写明单位，例如：/角色 授予 @张三 REPORTER 滨江区。`,
    ),
    unknownUser: refusal(
      'E_NOT_FOUND',
      (p: { input: string }) => `找不到用户“${p.input}”。请 @ 该用户，或直接写他的用户ID。`,
    ),
    lastAdmin: refusal('E_PRECONDITION', () => '不能撤销最后一位系统管理员，请先授予另一位管理员。'),
    youWereGranted: (p: { role: string; unit: string | null; by: string }) =>
      `您已被 ${p.by} 授予「${p.role}」角色${p.unit ? `（${p.unit}）` : ''}。发送 /帮助 查看您现在可以使用的命令。`,
    newMember: (p: { user: string; role: string; unit: string }) =>
      `${p.user} 已登记为${p.unit}的「${p.role}」，可以通过机器人办理本单位的相关事项。`,
    youWereRevoked: (p: { role: string; unit: string | null; by: string }) =>
      `您的「${p.role}」角色${p.unit ? `（${p.unit}）` : ''}已被 ${p.by} 撤销。如有疑问请联系系统管理员。`,
  },
  audit: {
    missing: () => '请写明要查询的编号，或发送 /审计 校验 检查审计链是否完整。',
    history: (p: { recordId: string; lines: string[]; more: number }) =>
      `### ${p.recordId} 的操作记录\n\n${p.lines.join('\n')}${p.more > 0 ? `\n\n（另有 ${p.more} 条较早记录未显示）` : ''}`,
    line: (p: { at: string; actor: string; action: string }) => `- ${p.at} ${p.actor}：${p.action}`,
    none: refusal(
      'E_NOT_FOUND',
      (p: { recordId: string }) => `没有“${p.recordId}”的操作记录。请检查编号（例如 ZS-2026-0001）。`,
    ),
    verified: (p: { count: number }) => `审计链校验通过：共 ${p.count} 条记录，未发现篡改。`,
    broken: (p: { seq: number; reason: string; count: number }) =>
      `审计链校验失败：第 ${p.seq} 条记录${p.reason}（已检查 ${p.count} 条）。请立即通知系统管理员，保留数据库备份以便追查。`,
    reasons: {
      'hash-mismatch': '的内容被改动过',
      'link-mismatch': '与上一条的链接不符',
      gap: '之前有记录缺失',
    },
    alert: (p: { seq: number; reason: string }) =>
      `【审计告警】每日自动校验发现审计链在第 ${p.seq} 条记录处断开（${p.reason}）。请发送 /审计 校验 复核，并保留数据库备份。`,
  },
  actions: {
    'org.bind': '绑定工作群',
    'role.grant': '授予角色',
    'role.revoke': '撤销角色',
    ...guideMessages.actions,
    ...projectMessages.actions,
    ...coordinationMessages.actions,
    ...transferMessages.actions,
    ...policyMessages.actions,
    ...ruleMessages.actions,
    ...exportMessages.actions,
    ...documentMessages.actions,
  } as Record<string, string>,
  stats: {
    title: () => '运行统计',
    body: (p: {
      users: number;
      boundGroups: number;
      unitsWithoutGroup: string[];
      pending: number;
      dead: number;
      month: string;
      platform: string;
      apiCalls: number;
      quota: number | null;
    }) =>
      [
        '### 运行统计',
        '',
        `- 已登记用户：${p.users} 人`,
        `- 已绑定工作群：${p.boundGroups} 个`,
        p.unitsWithoutGroup.length > 0
          ? `- 尚未绑定工作群的区县/平台：${p.unitsWithoutGroup.join('、')}`
          : '- 各区县/平台均已绑定工作群',
        `- 待发送通知：${p.pending} 条；投递失败：${p.dead} 条`,
        p.quota === null
          ? `- ${p.month} ${p.platform}开放接口调用：${p.apiCalls} 次`
          : `- ${p.month} ${p.platform}开放接口调用：${p.apiCalls} / ${p.quota} 次（${Math.round((100 * p.apiCalls) / p.quota)}%）`,
      ].join('\n'),
  },
  dingtalk: {
    commandListHeading: () => '在群里 @机器人 发送以下命令即可办理：',
    fallbackTitle: () => '一盘棋招商通知',
  },
  lark: {
    fallbackTitle: () => '一盘棋招商通知',
    /** The toast of a card click still being processed; the card shows the outcome moments later. */
    clickReceived: () => '已收到，正在办理，结果将更新在卡片上。',
  },
  zwdd: zwddMessages,
  quota: {
    warning: (p: { level: number; used: number; quota: number; month: string; platform: string }) =>
      `【接口额度提醒】${p.month} 已调用${p.platform}开放接口 ${p.used} 次，达到月度额度 ${p.quota} 次的 ${p.level}%。额度用尽后机器人将无法发送通知；请考虑升级${p.platform}版本或减少通知，下月 1 日额度重置。`,
  },
  guide: guideMessages,
  coordination: coordinationMessages,
  exports: exportMessages,
  dashboard: dashboardMessages,
  matrix: matrixMessages,
  notices: {
    undeliverable: (p: { to: string; reason: string; id: number }) =>
      `【投递失败】第 ${p.id} 号消息无法发送给${p.to}（${p.reason}）。请检查该用户或群是否仍在组织内、机器人是否仍在群中；修正后如需补发请联系技术支持。`,
    unprocessable: (p: { user: string; conversation: string; text: string; attempts: number; ref: string }) =>
      `【消息处理失败】${p.user} 在会话 ${p.conversation} 发送的“${p.text}”重试 ${p.attempts} 次仍未能处理，已告知发送人操作未生效。请按参考编号 ${p.ref} 查看日志（常见原因：数据库被其他程序锁定、磁盘已满）。`,
    unboundUnit: (p: { unit: string }) =>
      `「${p.unit}」还没有绑定工作群，相关通知已改为逐人私聊发送。请该单位在工作群中 @机器人 发送：/绑定群 ${p.unit}。`,
  },
} as const;

/** Exports and dashboard labels end up in files and charts, not in chat text, so they stay unmarked. */
export const zhCN: typeof catalog = {
  ...markCatalogValues(catalog, USER_VALUES),
  exports: catalog.exports,
  dashboard: catalog.dashboard,
};

export type Catalog = typeof zhCN;
