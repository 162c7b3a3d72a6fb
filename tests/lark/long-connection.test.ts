/**
 * The Lark receiver with the official SDK's WSClient inside it, against the local protocol server: the
 * app side is a MemorySink, so what is checked here is the transport — discovery, frames, pings, split
 * events, acks and their answers, redelivery, and reconnection.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LarkApi } from '../../src/adapters/lark/api-client.ts';
import { ClickAnswers } from '../../src/adapters/lark/click-answers.ts';
import { createSdkLogger } from '../../src/adapters/lark/logger.ts';
import { LarkLongConnectionReceiver } from '../../src/adapters/lark/receiver.ts';
import type { InboundActionEvent, InboundEvent, InboundMessageEvent, Message } from '../../src/app/receiver.ts';
import { MemorySink, silentLogger } from '../dingtalk/helpers.ts';
import { FakeLark, waitUntil } from './fake-lark-server.ts';

/** The app's side: answers clicks with a refusal, or slowly, when told to; a repeat returns the first answer. */
class ClickSink extends MemorySink {
  refuse = false;
  delayMs = 0;
  readonly #answers = new Map<string, Message[]>();

  override async process(event: InboundEvent): Promise<Message[]> {
    const known = this.#answers.get(event.messageId);
    if (known !== undefined) return known;
    await super.process(event);
    await new Promise((r) => setTimeout(r, this.delayMs));
    const answer: Message[] =
      event.type !== 'action'
        ? []
        : this.refuse
          ? [{ kind: 'text', text: '您没有使用 /审核 的权限', refused: true }]
          : [{ kind: 'markdown', markdown: '### 已赋予 ZS-2026-0001 排他性首谈资格\n期限 180 天' }];
    this.#answers.set(event.messageId, answer);
    return answer;
  }
}

let fake: FakeLark;
let receiver: LarkLongConnectionReceiver;
const sink = new ClickSink();
const clickAnswers = new ClickAnswers();
const RECEIVED = '已收到';

beforeAll(async () => {
  fake = await FakeLark.start({
    redeliveryDelayMs: 300,
    pingIntervalS: 0.05,
    reconnectIntervalS: 0.05,
    reconnectNonceS: 0.01,
  });
  const sdkLogger = createSdkLogger(silentLogger, [fake.appSecret]);
  const api = new LarkApi({ appId: fake.appId, appSecret: fake.appSecret, domain: fake.domain, logger: sdkLogger });
  receiver = new LarkLongConnectionReceiver(
    {
      appId: fake.appId,
      appSecret: fake.appSecret,
      domain: fake.domain,
      sdkLogger,
      botOpenId: () => api.botOpenId(),
      clickAnswers,
      clickReceived: RECEIVED,
      clickBudgetMs: 150,
    },
    sink,
    silentLogger,
  );
  await receiver.start();
});

afterAll(async () => {
  await receiver.stop();
  await fake.close();
});

const lastMessage = () => sink.processed.at(-1) as InboundMessageEvent;

describe('Lark long connection (official SDK WSClient)', () => {
  it('connects through discovery with a single-use ticket and keeps the connection alive with pings', async () => {
    expect(fake.discoveryRequests).toBe(1);
    expect(fake.openConnections()).toBe(1);
    expect(receiver.connected()).toBe(true);
    // The pong's ClientConfig sets a 50 ms ping interval.
    await waitUntil(() => fake.pings >= 3, 3000, 'pings at the pong-configured interval');
    expect(fake.protocolErrors).toEqual([]);
  });

  it('acts on a one-to-one message, acknowledging it with code 200 and an empty answer', async () => {
    const { eventId, messageId } = fake.pushMessage({
      from: 'ou_li',
      chatId: 'oc_p2p_li',
      chatType: 'p2p',
      text: '/帮助',
    });
    const ack = await fake.waitForAck(eventId);
    expect(ack).toEqual({ eventId, code: 200 });
    await waitUntil(() => sink.processed.length > 0, 2000, 'processing');
    expect(lastMessage()).toMatchObject({
      platform: 'lark',
      messageId,
      userId: 'ou_li',
      conversationId: 'oc_p2p_li',
      conversationType: 'direct',
      text: '/帮助',
      replyContext: { target: messageId },
    });
  });

  it('acts on a group message only when the bot is @-mentioned, resolving other mentions to open_ids', async () => {
    const ignored = fake.pushMessage({ from: 'ou_li', chatId: 'oc_group', text: '大家好' });
    expect((await fake.waitForAck(ignored.eventId)).code).toBe(200);
    expect(sink.recorded.has(ignored.messageId)).toBe(false);

    const { eventId, messageId } = fake.pushMessage({
      from: 'ou_admin',
      chatId: 'oc_group',
      text: '@_user_1 /角色 授予 @_user_2 REPORTER 滨江区',
      mentions: [
        { openId: fake.botOpenId, name: '一盘棋招商机器人' },
        { openId: 'ou_zhang', name: '张三' },
      ],
    });
    await fake.waitForAck(eventId);
    await waitUntil(() => sink.recorded.has(messageId), 2000, 'recording');
    expect(sink.recorded.get(messageId)).toMatchObject({
      conversationType: 'group',
      text: '/角色 授予 @张三 REPORTER 滨江区',
      mentions: [{ userId: 'ou_zhang', name: '张三' }],
    });
  });

  it('reads rich-text (post) messages and marks other types as not text', async () => {
    const post = fake.pushMessage({
      from: 'ou_li',
      chatId: 'oc_p2p_li',
      chatType: 'p2p',
      messageType: 'post',
      content: {
        title: '',
        content: [
          [
            { tag: 'text', text: '/进展 ZS-2026-0001 ' },
            { tag: 'text', text: '已签约' },
          ],
        ],
      },
    });
    await fake.waitForAck(post.eventId);
    await waitUntil(() => sink.recorded.has(post.messageId), 2000, 'the post');
    expect(sink.recorded.get(post.messageId)).toMatchObject({ text: '/进展 ZS-2026-0001 已签约' });

    const image = fake.pushMessage({
      from: 'ou_li',
      chatId: 'oc_p2p_li',
      chatType: 'p2p',
      messageType: 'image',
      content: { image_key: 'img_1' },
    });
    await fake.waitForAck(image.eventId);
    await waitUntil(() => sink.recorded.has(image.messageId), 2000, 'the image');
    expect(sink.recorded.get(image.messageId)).toMatchObject({ nonText: true });
  });

  it('reassembles an event split into four frames', async () => {
    const text = `/备注 ${'长'.repeat(3000)}`;
    const { eventId, messageId } = fake.pushMessage({
      from: 'ou_li',
      chatId: 'oc_p2p_li',
      chatType: 'p2p',
      text,
      split: 4,
    });
    await fake.waitForAck(eventId);
    await waitUntil(() => sink.recorded.has(messageId), 2000, 'the split event');
    expect((sink.recorded.get(messageId) as InboundMessageEvent).text).toBe(text);
  });

  it('records a redelivered event once and acts once', async () => {
    const processedBefore = sink.processed.length;
    const { eventId, messageId } = fake.pushMessage({
      from: 'ou_li',
      chatId: 'oc_p2p_li',
      chatType: 'p2p',
      text: '/帮助 重复',
    });
    await fake.waitForAck(eventId);
    fake.redeliver(eventId);
    await waitUntil(() => fake.acks().filter((a) => a.eventId === eventId).length === 2, 2000, 'the second ack');
    await new Promise((r) => setTimeout(r, 100));
    expect(sink.processed.slice(processedBefore).filter((e) => e.messageId === messageId)).toHaveLength(1);
  });

  it('answers a processed card click with the first line of its answer as a toast, carrying the clicked card and the chat type', async () => {
    const eventId = fake.pushCardClick({
      operator: 'ou_zhang',
      cardMessageId: 'om_card_1',
      chatId: 'oc_ipb',
      value: { action: 'command', value: '/审核 ZS-2026-0001 通过', chat: 'group' },
    });
    const ack = await fake.waitForAck(eventId);
    expect(ack).toEqual({
      eventId,
      code: 200,
      data: { toast: { type: 'info', content: '已赋予 ZS-2026-0001 排他性首谈资格' } },
    });
    await waitUntil(() => sink.recorded.has(eventId), 2000, 'the click');
    expect(sink.recorded.get(eventId) as InboundActionEvent).toMatchObject({
      type: 'action',
      userId: 'ou_zhang',
      conversationId: 'oc_ipb',
      conversationType: 'group',
      actionId: 'command',
      value: '/审核 ZS-2026-0001 通过',
      cardId: 'om_card_1',
    });
  });

  it('shows a refused click to the clicker as an error toast, and tells the sender the refusal was seen', async () => {
    sink.refuse = true;
    try {
      const eventId = fake.pushCardClick({
        operator: 'ou_li',
        cardMessageId: 'om_card_2',
        chatId: 'oc_ipb',
        value: { action: 'command', value: '/审核 ZS-2026-0001 通过', chat: 'group' },
      });
      expect(await fake.waitForAck(eventId)).toEqual({
        eventId,
        code: 200,
        data: { toast: { type: 'error', content: '您没有使用 /审核 的权限' } },
      });
      expect(await clickAnswers.answeredInBand(eventId)).toBe(true);
    } finally {
      sink.refuse = false;
    }
  });

  it('answers a click whose outcome takes longer than the budget with "received", leaving the refusal to a message', async () => {
    sink.refuse = true;
    sink.delayMs = 400;
    try {
      const eventId = fake.pushCardClick({
        operator: 'ou_li',
        cardMessageId: 'om_card_3',
        chatId: 'oc_ipb',
        value: { action: 'command', value: '/审核 ZS-2026-0001 通过', chat: 'group' },
      });
      expect(await fake.waitForAck(eventId)).toEqual({
        eventId,
        code: 200,
        data: { toast: { type: 'info', content: RECEIVED } },
      });
      expect(await clickAnswers.answeredInBand(eventId)).toBe(false);
    } finally {
      sink.refuse = false;
      sink.delayMs = 0;
    }
  });

  it('leaves an event it could not record unacknowledged (code 500), so the platform pushes it again', async () => {
    sink.failNextRecords = 1;
    const { eventId, messageId } = fake.pushMessage({
      from: 'ou_li',
      chatId: 'oc_p2p_li',
      chatType: 'p2p',
      text: '/帮助 数据库',
    });
    await waitUntil(
      () => fake.acks().some((a) => a.eventId === eventId && a.code === 200),
      3000,
      'the redelivered ack',
    );
    expect(
      fake
        .acks()
        .filter((a) => a.eventId === eventId)
        .map((a) => a.code),
    ).toEqual([500, 200]);
    await waitUntil(() => sink.processed.some((e) => e.messageId === messageId), 2000, 'processing after redelivery');
  });

  it('refuses to start with a wrong App Secret instead of running deaf', async () => {
    const sdkLogger = createSdkLogger(silentLogger, ['wrong-secret']);
    const api = new LarkApi({ appId: fake.appId, appSecret: 'wrong-secret', domain: fake.domain, logger: sdkLogger });
    const wrong = new LarkLongConnectionReceiver(
      {
        appId: fake.appId,
        appSecret: 'wrong-secret',
        domain: fake.domain,
        sdkLogger,
        botOpenId: () => api.botOpenId(),
        clickAnswers,
        clickReceived: RECEIVED,
      },
      sink,
      silentLogger,
    );
    await expect(wrong.start()).rejects.toThrow(/10014/);
    await wrong.stop();
  });

  it('reconnects after a dropped socket and a failed discovery, and delivers what was pushed meanwhile', async () => {
    const connections = fake.connectionsAccepted;
    const discoveries = fake.discoveryRequests;
    fake.inject('discovery', { kind: 'server-error' });
    fake.dropConnections();
    await waitUntil(() => !receiver.connected(), 2000, 'the receiver to notice the drop');
    const { eventId, messageId } = fake.pushMessage({
      from: 'ou_li',
      chatId: 'oc_p2p_li',
      chatType: 'p2p',
      text: '/帮助 重连',
    });
    await fake.waitForConnections(connections + 1, 5000);
    await waitUntil(() => receiver.connected(), 2000, 'the receiver to report the new connection');
    await fake.waitForAck(eventId, 5000);
    await waitUntil(() => sink.processed.some((e) => e.messageId === messageId), 2000, 'processing after reconnect');
    expect(sink.processed.filter((e) => e.messageId === messageId)).toHaveLength(1);
    // The first discovery answered 1000040343 (retryable); the next one succeeded.
    expect(fake.discoveryRequests).toBe(discoveries + 2);
    expect(fake.protocolErrors).toEqual([]);
  });
});
