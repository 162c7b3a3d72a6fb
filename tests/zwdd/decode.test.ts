import { describe, expect, it } from 'vitest';
import { decodeCallback, readAssumedCallback } from '../../src/adapters/zwdd/decode.ts';
import { robotCallback } from './fixtures.ts';

describe('浙政钉 callback decoding (the assumed public-DingTalk shape, docs §8)', () => {
  it('reads a group message: mention-stripped text trimmed, sender, conversation, @-mentions without the bot', () => {
    const decoded = decodeCallback(
      robotCallback({
        text: '/角色 授予 @王五 IPB',
        from: '100135',
        msgId: 'm-1',
        atUsers: [{ dingtalkId: 'x', staffId: '100200' }],
      }),
    );
    expect(decoded).toEqual({
      ok: true,
      warnings: [],
      event: {
        platform: 'zwdd',
        type: 'message',
        messageId: 'm-1',
        userId: '100135',
        userName: '李四',
        conversationId: 'cid-city',
        conversationType: 'group',
        conversationTitle: '全市招商协调群',
        text: '/角色 授予 @王五 IPB',
        mentions: [{ userId: '100200' }],
      },
    });
  });

  it('marks a direct message as answerable in that chat (reply context) and keeps the sessionWebhook for logs', () => {
    const decoded = decodeCallback(robotCallback({ direct: true, from: '100300' }));
    expect(decoded.ok && decoded.event).toMatchObject({
      conversationType: 'direct',
      userId: '100300',
      replyContext: {
        target: 'https://openplatform.dg-work.cn/robot/sendBySession?session=abc',
        expiresAt: '2024-05-01T03:30:00.000Z',
      },
    });
  });

  it('accepts numeric ids and conversation types, as a Java serializer may send them', () => {
    const body = { ...robotCallback(), conversationType: 2, senderStaffId: 100135 };
    expect(decodeCallback(body)).toMatchObject({ ok: true, event: { userId: '100135', conversationType: 'group' } });
  });

  it('falls back to senderId with a warning when senderStaffId is empty', () => {
    const decoded = decodeCallback({ ...robotCallback(), senderStaffId: '' });
    expect(decoded).toMatchObject({
      ok: true,
      warnings: ['user-id-from-sender-id'],
      event: { userId: expect.stringContaining('sender-') },
    });
  });

  it('flags a picture as non-text instead of parsing it', () => {
    const { text: _text, ...rest } = robotCallback();
    expect(decodeCallback({ ...rest, msgtype: 'picture', content: { downloadCode: 'x' } })).toMatchObject({
      ok: true,
      event: { nonText: true, text: '' },
    });
  });

  it.each([
    ['no msgId', { ...robotCallback(), msgId: '' }, 'missing-message-id'],
    ['no conversation', { ...robotCallback(), conversationId: undefined }, 'invalid-payload'],
    ['an unknown conversation type', { ...robotCallback(), conversationType: '3' }, 'invalid-payload'],
    ['no sender at all', { ...robotCallback(), senderStaffId: null, senderId: null }, 'invalid-payload'],
    ['not an object', 'hello', 'invalid-payload'],
  ])('refuses %s with a coded error', (_name, body, code) => {
    expect(decodeCallback(body)).toMatchObject({ ok: false, error: { code } });
    expect(readAssumedCallback(body).ok).toBe(false);
  });
});
