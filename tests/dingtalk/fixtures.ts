/**
 * Robot and card callback payloads as DingTalk sends them (docs/dingtalk-protocol.md §2 and §5, taken
 * from the official protocol doc examples and captured traffic).
 */
export const frameHeaders = {
  appId: '1305d5f5-7e4a-4c3b-9d1f-6d0b2e1f8a11',
  connectionId: '2f9c95bd-3d0e-11ee-9a7b-00163e0f2a55',
  contentType: 'application/json',
  messageId: '212ca9d7_974_1898c159aa6_1783b',
  time: '1690362102194',
  topic: '/v1.0/im/bot/messages/get',
};

export const groupText = {
  conversationId: 'cidAsXSBLnA==',
  conversationType: '2',
  conversationTitle: '测试群',
  atUsers: [{ dingtalkId: '$:LWCP_v1:$robot' }, { dingtalkId: '$:LWCP_v1:$zhang', staffId: 'ipb-zhang' }],
  isInAtList: true,
  chatbotCorpId: 'ding9f50b15bccd16741',
  chatbotUserId: '$:LWCP_v1:$robot',
  robotCode: 'dingrobot',
  msgId: 'msgLICYeW2Yx5kq4VYSo3+uzA==',
  msgtype: 'text',
  text: { content: ' /首报 杭州某某科技 @张三' },
  senderNick: '李四',
  senderStaffId: 'binjiang-li',
  senderId: '$:LWCP_v1:$li',
  senderCorpId: 'ding9f50b15bccd16741',
  isAdmin: true,
  sessionWebhook: 'https://oapi.dingtalk.com/robot/sendBySession?session=76da5a9a1a0b9c8e',
  sessionWebhookExpiredTime: 1690367502152,
  createAt: 1690362101894,
  senderPlatform: 'Mac',
  openThreadId: 'cidAsXSBLnA==',
};

export const singleText = {
  conversationId: 'cidX8QJbmCZpk1d2Lh3Ra8h6w==',
  conversationType: '1',
  chatbotCorpId: 'ding9f50b15bccd16741',
  chatbotUserId: '$:LWCP_v1:$robot',
  robotCode: 'dingrobot',
  msgId: 'msgOk2yUPD4mNaJfI9Qm0XxCw==',
  msgtype: 'text',
  text: { content: '/帮助' },
  senderNick: '张三',
  senderStaffId: 'ipb-zhang',
  senderId: '$:LWCP_v1:$zhang',
  senderCorpId: 'ding9f50b15bccd16741',
  isAdmin: false,
  sessionWebhook: 'https://oapi.dingtalk.com/robot/sendBySession?session=0b6f1d2e',
  sessionWebhookExpiredTime: 1690367502152,
  createAt: 1690362101894,
};

export const picture = {
  ...singleText,
  msgId: 'msgPicture==',
  msgtype: 'picture',
  text: undefined,
  content: { pictureDownloadCode: 'mIofN681YE3f/+m+NntqpUCc', downloadCode: 'mIofN681YE3f/+m+NntqpUCc' },
};

export const richText = {
  ...groupText,
  msgId: 'msgRichText==',
  msgtype: 'richText',
  text: undefined,
  content: { richText: [{ text: '见附图' }, { pictureDownloadCode: 'abc', downloadCode: 'abc', type: 'picture' }] },
};

/** An external member of a group: DingTalk sends no staff id. */
export const externalSender = { ...groupText, msgId: 'msgExternal==', senderStaffId: '' };

/** Sent once the org's API quota is exhausted: no text, an errorMessage instead. */
export const quotaExhausted = {
  ...groupText,
  msgId: 'msgQuota==',
  text: undefined,
  errorMessage: '受调用量超量影响，当前我的消息服务已经暂停',
};

export const cardHeaders = {
  ...frameHeaders,
  messageId: '0b1e3c4d_12_18a2f1c3b44_9f2',
  topic: '/v1.0/card/instances/callback',
};

export const cardClick = {
  type: 'actionCallback',
  outTrackId: '6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f',
  corpId: 'ding9f50b15bccd16741',
  userId: 'ipb-zhang',
  userIdType: 1,
  spaceType: 'IM_GROUP',
  spaceId: 'cidAsXSBLnA==',
  content: JSON.stringify({
    cardPrivateData: {
      actionIds: ['review-approve'],
      params: { actionId: 'review-approve', value: '/审核 ZS-2026-0001 通过' },
    },
  }),
  extension: '{}',
};
