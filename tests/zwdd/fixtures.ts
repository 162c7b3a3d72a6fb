/**
 * Robot callback bodies in the shape docs/zwdd-protocol.md §8 assumes (public DingTalk's robot
 * callback). When a real 浙政钉 tenant shows another shape, these and `readAssumedCallback` change together.
 */
let seq = 0;

export interface CallbackOptions {
  text?: string;
  from?: string;
  name?: string;
  conversationId?: string;
  direct?: boolean;
  msgId?: string;
  atUsers?: { dingtalkId: string; staffId?: string }[];
}

export function robotCallback(options: CallbackOptions = {}): Record<string, unknown> {
  seq += 1;
  const direct = options.direct ?? false;
  return {
    msgtype: 'text',
    text: { content: ` ${options.text ?? '/帮助'}` },
    msgId: options.msgId ?? `msg-zwdd-${process.pid}-${seq}`,
    createAt: Date.now(),
    conversationType: direct ? '1' : '2',
    conversationId: options.conversationId ?? (direct ? `cid-direct-${options.from ?? '100135'}` : 'cid-city'),
    ...(direct ? {} : { conversationTitle: '全市招商协调群' }),
    senderId: `$:LWCP_v1:$sender-${options.from ?? '100135'}`,
    senderStaffId: options.from ?? '100135',
    senderNick: options.name ?? '李四',
    isAdmin: false,
    isInAtList: true,
    atUsers: [{ dingtalkId: 'bot-dingtalk-id' }, ...(options.atUsers ?? [])],
    chatbotUserId: 'bot-dingtalk-id',
    robotCode: 'test-app-key',
    sessionWebhook: 'https://openplatform.dg-work.cn/robot/sendBySession?session=abc',
    sessionWebhookExpiredTime: 1714534200000,
    tenantId: '196729',
  };
}
