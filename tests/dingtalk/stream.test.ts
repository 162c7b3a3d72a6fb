import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { DingTalkApi, DingTalkSender } from '../../src/adapters/dingtalk/api-client.ts';
import { DingTalkAdapterError } from '../../src/adapters/dingtalk/errors.ts';
import {
  DingTalkStreamReceiver,
  type DingTalkStreamReceiverConfig,
} from '../../src/adapters/dingtalk/stream-receiver.ts';
import { backoffDelay, DingTalkStreamClient } from '../../src/adapters/dingtalk/stream-client.ts';
import {
  CARD_TOPIC,
  FakeDingTalk,
  PATHS,
  ROBOT_TOPIC,
  waitUntil,
  type FakeDingTalkOptions,
} from './fake-dingtalk-server.ts';
import { ManualTimers, MemorySink, silentLogger } from './helpers.ts';

// dingtalk-stream 2.1.5 logs connects and disconnects with console.info/warn; keep the test output readable.
beforeAll(() => {
  vi.spyOn(console, 'info').mockImplementation(() => undefined);
  vi.spyOn(console, 'warn').mockImplementation(() => undefined);
});

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Harness {
  fake: FakeDingTalk;
  sink: MemorySink;
  receiver: DingTalkStreamReceiver;
}

async function harness(
  fakeOptions: FakeDingTalkOptions = {},
  config: Partial<DingTalkStreamReceiverConfig> = {},
  start = true,
): Promise<Harness> {
  const fake = await FakeDingTalk.start({ redeliveryDelayMs: 150, ...fakeOptions });
  cleanups.push(() => fake.close());
  const sink = new MemorySink();
  const receiver = new DingTalkStreamReceiver(
    {
      clientId: fake.clientId,
      clientSecret: fake.clientSecret,
      apiBase: fake.apiBase,
      oapiBase: fake.oapiBase,
      backoff: { initialMs: 20, maxMs: 200, healthyAfterMs: 60_000 },
      ...config,
    },
    sink,
    silentLogger,
  );
  cleanups.push(() => receiver.stop());
  if (start) await receiver.start();
  return { fake, sink, receiver };
}

const processedIds = (sink: MemorySink): string[] => sink.processed.map((event) => event.messageId);

describe('DingTalkStreamReceiver on the official SDK', () => {
  it('subscribes to exactly its two callback topics, even with a second client in the process', async () => {
    const first = await harness();
    const second = await harness();
    for (const { fake } of [first, second]) {
      expect(fake.subscriptionsSeen).toEqual([
        [
          { type: 'CALLBACK', topic: ROBOT_TOPIC },
          { type: 'CALLBACK', topic: CARD_TOPIC },
        ],
      ]);
    }
  });

  it('records, acknowledges and then processes every robot message', async () => {
    const { fake, sink } = await harness();
    const ids = ['first', 'second', 'third'].map((text) =>
      fake.pushRobotMessage({ text, senderStaffId: 'binjiang-li' }),
    );
    for (const id of ids) expect(await fake.waitForAck(id)).toMatchObject({ code: 200, data: { response: {} } });
    await waitUntil(() => sink.processed.length === 3, 2_000, 'processing');
    expect(sink.processed.map((event) => event.type === 'message' && event.text)).toEqual(['first', 'second', 'third']);
    expect(sink.processed[0]).toMatchObject({ userId: 'binjiang-li', conversationType: 'group' });
  });

  it('records and processes a duplicated delivery once, acknowledging both', async () => {
    const { fake, sink } = await harness();
    const id = fake.pushRobotMessage({ text: '/首报', msgId: 'msgDuplicate==' });
    await fake.waitForAck(id);
    fake.redeliver(id);
    await waitUntil(() => fake.acks().filter((ack) => ack.messageId === id).length === 2, 2_000, 'second ack');
    await waitUntil(() => sink.processed.length === 1, 2_000, 'processing');
    expect(sink.recorded.size).toBe(1);
    expect(processedIds(sink)).toEqual(['msgDuplicate==']);
  });

  it('leaves a callback unacknowledged when recording fails, and processes its redelivery', async () => {
    const { fake, sink } = await harness();
    sink.failNextRecords = 1;
    const id = fake.pushRobotMessage({ text: '/首报', msgId: 'msgRetried==' });
    await fake.waitForAck(id);
    expect(fake.deliveries(id)).toBe(2);
    expect(fake.acks().filter((ack) => ack.messageId === id)).toHaveLength(1);
    await waitUntil(() => sink.processed.length === 1, 2_000, 'processing');
    expect(sink.recordCalls).toBe(2);
    expect(processedIds(sink)).toEqual(['msgRetried==']);
  });

  it('acknowledges callbacks it cannot decode so they are not redelivered', async () => {
    const { fake, sink } = await harness();
    const garbage = fake.pushCallback(ROBOT_TOPIC, '{"not json');
    const quota = fake.pushRobotMessage({ errorMessage: '受调用量超量影响，当前我的消息服务已经暂停' });
    await fake.waitForAck(garbage);
    await fake.waitForAck(quota);
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(fake.deliveries(garbage)).toBe(1);
    expect(sink.recordCalls).toBe(0);
  });

  it('delivers a card click as an action event', async () => {
    const { fake, sink } = await harness();
    const id = fake.pushCardClick({
      outTrackId: 'track-1',
      userId: 'ipb-zhang',
      actionId: 'approve',
      value: '/审核 ZS-2026-0001 通过',
    });
    expect(await fake.waitForAck(id)).toMatchObject({ code: 200, data: { response: {} } });
    await waitUntil(() => sink.processed.length === 1, 2_000, 'processing');
    expect(sink.processed[0]).toEqual({
      type: 'action',
      platform: 'dingtalk',
      messageId: id,
      userId: 'ipb-zhang',
      conversationId: 'cidFakeGroup==',
      conversationType: 'group',
      actionId: 'approve',
      value: '/审核 ZS-2026-0001 通过',
      cardId: 'track-1',
    });
  });

  it('answers SYSTEM pings with the same messageId and data', async () => {
    const { fake } = await harness();
    expect(await fake.ping()).toEqual([{ connectionId: expect.any(String), echoed: true, opaqueMatches: true }]);
    expect(fake.protocolErrors).toEqual([]);
  });

  it('reconnects with a fresh ticket after the socket drops, without a storm', async () => {
    const { fake, sink } = await harness();
    fake.dropConnections();
    await fake.waitForConnections(2);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(fake.openConnectionCalls).toBe(2);
    expect(fake.connectionsAccepted).toBe(2);
    const id = fake.pushRobotMessage({ text: 'after reconnect' });
    await fake.waitForAck(id);
    await waitUntil(() => sink.processed.length === 1, 2_000, 'processing');
  });

  it('backs off on failed handshakes instead of doubling its attempts (SDK 2.1.5 storm)', async () => {
    const { fake } = await harness({}, { random: () => 0.99 });
    fake.inject(PATHS.connect, { kind: 'server-error' }, 4);
    fake.dropConnections();
    await fake.waitForConnections(2);
    await new Promise((resolve) => setTimeout(resolve, 400));
    // One call for the first connection, four refused handshakes, one success: each needed its own ticket.
    expect(fake.rejectedHandshakes).toBe(4);
    expect(fake.openConnectionCalls).toBe(6);
    expect(fake.connectionsAccepted).toBe(2);
  });

  it('reconnects after a disconnect frame without waiting for the gateway to close', async () => {
    const { fake } = await harness({ disconnectGraceMs: 5_000 });
    const before = Date.now();
    fake.sendDisconnect();
    await fake.waitForConnections(2, 1_000);
    expect(Date.now() - before).toBeLessThan(1_000);
    expect(fake.openConnectionCalls).toBe(2);
  });

  it('drops a connection whose pings go unanswered, and reconnects', async () => {
    const { fake } = await harness({}, { keepAliveMs: 40 });
    fake.stallConnections();
    await fake.waitForConnections(2);
    expect(fake.openConnectionCalls).toBeGreaterThanOrEqual(2);
  });

  it('redelivers to the new connection what the old one never acknowledged', async () => {
    const { fake, sink } = await harness();
    sink.failNextRecords = 1;
    const id = fake.pushRobotMessage({ msgId: 'msgAcrossReconnect==' });
    await waitUntil(() => sink.recordCalls === 1, 2_000, 'first record attempt');
    fake.dropConnections();
    await fake.waitForAck(id);
    await waitUntil(() => sink.processed.length === 1, 2_000, 'processing');
  });

  it('fails start() on credentials the gateway refuses, without retrying', async () => {
    const { fake, receiver } = await harness({}, { clientSecret: 'wrong' }, false);
    await expect(receiver.start()).rejects.toMatchObject({ code: 'DINGTALK_AUTH_FAILED' });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(fake.openConnectionCalls).toBe(1);
  });

  it('stays down after stop()', async () => {
    const { fake, receiver } = await harness();
    await receiver.stop();
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(fake.openConnections()).toBe(0);
    expect(fake.openConnectionCalls).toBe(1);
  });

  it('hands the reply context to a sender that answers through the sessionWebhook', async () => {
    const { fake, sink } = await harness();
    fake.pushRobotMessage({ text: '/帮助', conversationId: 'cidCity==' });
    await waitUntil(() => sink.processed.length === 1, 2_000, 'processing');
    const [event] = sink.processed;
    if (event === undefined) throw new Error('no event');
    const api = new DingTalkApi({
      apiBase: fake.apiBase,
      oapiBase: fake.oapiBase,
      clientId: fake.clientId,
      clientSecret: fake.clientSecret,
      robotCode: fake.robotCode,
    });
    const outcome = await new DingTalkSender(api).send({
      key: 'reply-1',
      to: { conversationId: event.conversationId },
      message: { kind: 'text', text: '用法：…', atUserIds: [event.userId] },
      replyContext: event.replyContext,
    });
    expect(outcome).toEqual({ status: 'delivered' });
    expect(fake.sent()).toMatchObject([
      { via: 'webhook', to: { conversationId: 'cidCity==' }, body: { at: { atUserIds: ['fake-user'] } } },
    ]);
  });
});

describe('DingTalkStreamClient backoff', () => {
  it('grows from the initial delay, and resets after a healthy connection', async () => {
    const fake = await FakeDingTalk.start();
    cleanups.push(() => fake.close());
    const timers = new ManualTimers();
    const client = new DingTalkStreamClient({
      clientId: fake.clientId,
      clientSecret: fake.clientSecret,
      apiBase: fake.apiBase,
      oapiBase: fake.oapiBase,
      logger: silentLogger,
      timers,
      random: () => 0.5,
      backoff: { initialMs: 1_000, maxMs: 60_000, healthyAfterMs: 60_000 },
      keepAliveMs: 600_000,
    });
    cleanups.push(() => client.close());
    const isReconnect = (ms: number): boolean => ms < 60_000;
    const dropAndReconnect = async (connections: number): Promise<number> => {
      fake.dropConnections();
      await waitUntil(() => timers.pending().some(isReconnect), 2_000, 'a scheduled reconnect');
      const delay = timers.pending().find(isReconnect) ?? -1;
      timers.fire(isReconnect);
      await fake.waitForConnections(connections);
      return delay;
    };

    await client.connect();
    expect(await dropAndReconnect(2)).toBe(500);
    expect(await dropAndReconnect(3)).toBe(1_000);
    expect(await dropAndReconnect(4)).toBe(2_000);
    timers.fire((ms) => ms === 60_000);
    expect(await dropAndReconnect(5)).toBe(500);
  });

  it('uses full jitter capped at the maximum', () => {
    const policy = { initialMs: 1_000, maxMs: 60_000 };
    expect(backoffDelay(0, policy, () => 0.999)).toBe(999);
    expect(backoffDelay(3, policy, () => 0.5)).toBe(4_000);
    expect(backoffDelay(30, policy, () => 0.999)).toBe(59_940);
    expect(backoffDelay(5, policy, () => 0)).toBe(0);
  });

  it('takes the legacy token from the configured oapi host', async () => {
    const fake = await FakeDingTalk.start();
    cleanups.push(() => fake.close());
    const client = new DingTalkStreamClient({
      clientId: fake.clientId,
      clientSecret: fake.clientSecret,
      apiBase: fake.apiBase,
      oapiBase: fake.oapiBase,
      logger: silentLogger,
    });
    expect(await client.getAccessToken()).toMatch(/^[0-9a-f]{32}$/);
    expect(fake.tokenRequests).toBe(1);
  });

  it('rejects a pending connect() when closed first', async () => {
    const client = new DingTalkStreamClient({
      clientId: 'id',
      clientSecret: 'secret',
      apiBase: 'http://127.0.0.1:1',
      oapiBase: 'http://127.0.0.1:1',
      logger: silentLogger,
      timers: new ManualTimers(),
    });
    const connecting = client.connect();
    await client.close();
    await expect(connecting).rejects.toBeInstanceOf(DingTalkAdapterError);
  });
});
