/**
 * Text of the 浙政钉 platform: how decision commands are presented without interactive cards, the
 * footer that keeps repeated work notifications distinct, and the deadline to-dos (待办). Included in the
 * catalog as zhCN.zwdd.
 */
import { formatDateTime, formatPeriodEnd } from './format.ts';

export const zwddMessages = {
  commandListHeading: () => '在群里 @机器人 或在与机器人的单聊中发送以下命令即可办理：',
  fallbackTitle: () => '一盘棋招商通知',
  /** Every work notification differs from the one before: 浙政钉 shows identical content to a person once a day. */
  footer: (p: { sentAt: Date; reference: string }) => `（${formatDateTime(p.sentAt)} · 通知编号 ${p.reference}）`,
  fileNotice: (p: { fileName: string }) =>
    `文件「${p.fileName}」已生成，但浙政钉机器人暂不支持发送文件。请联系系统管理员从机器人服务器的数据目录取得。`,
  taskRemarks: (p: { command: string }) => `办理方式：在群里 @机器人 或在与机器人的单聊中发送\n${p.command}`,
  tasks: {
    matrix: (p: { number: number; name: string; label: string; dueDate: string }) =>
      `台账第${p.number}项「${p.name}」${p.label}：请于${p.dueDate}前完成`,
    matrixCommand: (p: { number: number }) => `/台账 完成 ${p.number} 依据=<文号或说明>`,
    transfer: (p: { code: string; enterprise: string; seat: string }) =>
      `存量项目流转 ${p.code}（${p.enterprise}）待${p.seat}评审`,
    transferCommand: (p: { code: string }) => `/评审 ${p.code} 同意|不同意|补充材料 <意见>`,
    exclusivity: (p: { code: string; name: string; until: Date }) =>
      `首谈期 ${p.code}「${p.name}」至 ${formatPeriodEnd(p.until)}`,
    exclusivityCommand: (p: { code: string }) => `/进展 ${p.code} 签约 <说明>`,
  },
};
