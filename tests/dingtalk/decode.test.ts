import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CARD_CALLBACK_TOPIC,
  decodeCallbackFrame,
  decodeCardCallback,
  decodeRobotMessage,
  ROBOT_MESSAGE_TOPIC,
} from '../../src/adapters/dingtalk/decode.ts';
import * as fixtures from './fixtures.ts';

/** Round-trips through JSON so fixtures look exactly like what JSON.parse gives the decoder. */
const wire = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

describe('decodeRobotMessage', () => {
  it('decodes a group text message, trimming the space left by the @robot mention', () => {
    const result = decodeRobotMessage(wire(fixtures.groupText), fixtures.frameHeaders);
    expect(result).toEqual({
      ok: true,
      warnings: [],
      event: {
        type: 'message',
        platform: 'dingtalk',
        messageId: 'msgLICYeW2Yx5kq4VYSo3+uzA==',
        userId: 'binjiang-li',
        userName: '李四',
        conversationId: 'cidAsXSBLnA==',
        conversationType: 'group',
        conversationTitle: '测试群',
        text: '/首报 杭州某某科技 @张三',
        mentions: [{ userId: 'ipb-zhang' }],
        replyContext: {
          target: 'https://oapi.dingtalk.com/robot/sendBySession?session=76da5a9a1a0b9c8e',
          expiresAt: '2023-07-26T10:31:42.152Z',
        },
      },
    });
  });

  it('decodes a single chat as a direct conversation', () => {
    const result = decodeRobotMessage(wire(fixtures.singleText));
    expect(result.ok && result.event).toMatchObject({
      conversationType: 'direct',
      conversationId: 'cidX8QJbmCZpk1d2Lh3Ra8h6w==',
      userId: 'ipb-zhang',
      text: '/帮助',
      mentions: [],
    });
    expect(result.ok && result.event.conversationTitle).toBeUndefined();
  });

  it.each([
    ['picture', fixtures.picture],
    ['richText', fixtures.richText],
  ])('marks a %s message as non-text with empty text', (_name, payload) => {
    const result = decodeRobotMessage(wire(payload));
    expect(result.ok && result.event).toMatchObject({ nonText: true, text: '' });
  });

  it('falls back to the encrypted senderId when senderStaffId is empty, and says so', () => {
    const result = decodeRobotMessage(wire(fixtures.externalSender));
    expect(result.ok && result.event.userId).toBe('$:LWCP_v1:$li');
    expect(result.ok && result.warnings).toEqual(['user-id-from-sender-id']);
  });

  it('reports a quota-exhausted push as a typed error', () => {
    expect(decodeRobotMessage(wire(fixtures.quotaExhausted))).toEqual({
      ok: false,
      error: { code: 'quota-exhausted', detail: '受调用量超量影响，当前我的消息服务已经暂停' },
    });
  });

  it('takes the frame messageId when msgId is missing, and fails without either', () => {
    const { msgId: _omitted, ...withoutMsgId } = fixtures.singleText;
    const withHeader = decodeRobotMessage(wire(withoutMsgId), fixtures.frameHeaders);
    expect(withHeader.ok && withHeader.event.messageId).toBe(fixtures.frameHeaders.messageId);
    expect(decodeRobotMessage(wire(withoutMsgId))).toMatchObject({ ok: false, error: { code: 'missing-message-id' } });
  });

  it('uses the dingtalkId of a mentioned user without staff id', () => {
    const payload = {
      ...fixtures.groupText,
      atUsers: [{ dingtalkId: '$:LWCP_v1:$robot' }, { dingtalkId: '$:LWCP_v1:$guest' }],
    };
    const result = decodeRobotMessage(wire(payload));
    expect(result.ok && result.event.mentions).toEqual([{ userId: '$:LWCP_v1:$guest' }]);
  });

  it.each([
    ['null', null],
    ['a string', 'hello'],
    ['an unknown conversationType', { ...fixtures.groupText, conversationType: '3' }],
    ['a numeric conversationType', { ...fixtures.groupText, conversationType: 2 }],
    ['no conversationId', { ...fixtures.groupText, conversationId: undefined }],
    ['a text message without text', { ...fixtures.groupText, text: undefined }],
    ['no sender at all', { ...fixtures.groupText, senderStaffId: '', senderId: '' }],
    ['an expiry beyond what a Date can hold', { ...fixtures.groupText, sessionWebhookExpiredTime: 1e20 }],
  ])('returns invalid-payload for %s', (_name, payload) => {
    expect(decodeRobotMessage(wire(payload))).toMatchObject({ ok: false, error: { code: 'invalid-payload' } });
  });

  it('never throws, whatever JSON arrives', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const result = decodeRobotMessage(value, { messageId: 'm' });
        expect(typeof result.ok).toBe('boolean');
      }),
    );
  });
});

describe('decodeCardCallback', () => {
  it('decodes a click into an action event carrying the card id', () => {
    expect(decodeCardCallback(wire(fixtures.cardClick), fixtures.cardHeaders)).toEqual({
      ok: true,
      warnings: [],
      event: {
        type: 'action',
        platform: 'dingtalk',
        messageId: fixtures.cardHeaders.messageId,
        userId: 'ipb-zhang',
        conversationId: 'cidAsXSBLnA==',
        conversationType: 'group',
        actionId: 'review-approve',
        value: '/审核 ZS-2026-0001 通过',
        cardId: '6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f',
      },
    });
  });

  it('reads the conversation from openSpaceId when spaceType/spaceId are absent', () => {
    const { spaceType: _t, spaceId: _i, ...rest } = fixtures.cardClick;
    const result = decodeCardCallback(
      wire({ ...rest, openSpaceId: 'dtv1.card//IM_ROBOT.ipb-zhang' }),
      fixtures.cardHeaders,
    );
    expect(result.ok && result.event).toMatchObject({ conversationType: 'direct', conversationId: 'ipb-zhang' });
  });

  it.each([
    ['content that is not JSON', { ...fixtures.cardClick, content: '{oops' }, 'invalid-json'],
    [
      'params without actionId',
      { ...fixtures.cardClick, content: JSON.stringify({ cardPrivateData: { params: { value: 'x' } } }) },
      'invalid-payload',
    ],
    ['an unknown space type', { ...fixtures.cardClick, spaceType: 'DOC' }, 'invalid-payload'],
    ['no outTrackId', { ...fixtures.cardClick, outTrackId: undefined }, 'invalid-payload'],
  ])('rejects %s', (_name, payload, code) => {
    expect(decodeCardCallback(wire(payload), fixtures.cardHeaders)).toMatchObject({ ok: false, error: { code } });
  });

  it('needs the frame messageId, since a click has no id of its own', () => {
    expect(decodeCardCallback(wire(fixtures.cardClick))).toMatchObject({
      ok: false,
      error: { code: 'missing-message-id' },
    });
  });
});

describe('decodeCallbackFrame', () => {
  it('routes by topic', () => {
    expect(
      decodeCallbackFrame(ROBOT_MESSAGE_TOPIC, JSON.stringify(fixtures.singleText), fixtures.frameHeaders).ok,
    ).toBe(true);
    expect(decodeCallbackFrame(CARD_CALLBACK_TOPIC, JSON.stringify(fixtures.cardClick), fixtures.cardHeaders).ok).toBe(
      true,
    );
  });

  it('reports data that is not JSON and topics it does not know', () => {
    expect(decodeCallbackFrame(ROBOT_MESSAGE_TOPIC, '{"truncated', fixtures.frameHeaders)).toMatchObject({
      ok: false,
      error: { code: 'invalid-json' },
    });
    expect(decodeCallbackFrame('/v1.0/graph/api/invoke', '{}', fixtures.frameHeaders)).toMatchObject({
      ok: false,
      error: { code: 'unsupported-topic' },
    });
  });
});
