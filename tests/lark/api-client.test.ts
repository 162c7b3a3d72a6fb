/**
 * The Lark sender through the official SDK Client against the local protocol server: pacing to the
 * platform's limits, the uuid that makes a resend harmless, replies falling back to a plain send, and
 * permanent refusals.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LarkApi, LarkSender } from '../../src/adapters/lark/api-client.ts';
import { ClickAnswers } from '../../src/adapters/lark/click-answers.ts';
import { createSdkLogger } from '../../src/adapters/lark/logger.ts';
import { silentLogger } from '../dingtalk/helpers.ts';
import { FakeLark } from './fake-lark-server.ts';

let fake: FakeLark;
const WINDOW_MS = 200;

beforeAll(async () => {
  fake = await FakeLark.start();
});

afterAll(async () => {
  await fake.close();
});

/** When each API call left the client (onApiCall runs once the rate limiter let it through). */
const callTimes: number[] = [];

function sender(installationId = 'inst-1', clickAnswers?: ClickAnswers): LarkSender {
  const api = new LarkApi({
    onApiCall: () => callTimes.push(Date.now()),
    appId: fake.appId,
    appSecret: fake.appSecret,
    domain: fake.domain,
    logger: createSdkLogger(silentLogger, [fake.appSecret]),
    // The platform's 5 per chat and 50 per app in a second, scaled to a 200 ms window to keep the test short.
    rateLimits: { perDestination: 5, perApp: 50, windowMs: WINDOW_MS },
  });
  return new LarkSender(api, { installationId, clickAnswers, encode: { fallbackTitle: '通知' } });
}

describe('Lark sender', () => {
  it('never sends more than the per-chat limit within a window', async () => {
    const s = sender();
    // The first call also fetches the token; pacing is measured once it is cached.
    await s.send({ key: 'warm-up', to: { conversationId: 'oc_elsewhere' }, message: { kind: 'text', text: '预热' } });
    const before = fake.sent().length;
    const firstCall = callTimes.length;
    const outcomes = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        s.send({ key: `pace-${i}`, to: { conversationId: 'oc_paced' }, message: { kind: 'text', text: `第 ${i} 条` } }),
      ),
    );
    expect(outcomes.every((o) => o.status === 'delivered')).toBe(true);
    expect(fake.sent().slice(before)).toHaveLength(12);
    // Measured as the calls leave the client (a few ms after their slot was taken): a busy machine delays calls, never brings them forward.
    const times = callTimes.slice(firstCall);
    expect(times).toHaveLength(12);
    for (let i = 5; i < times.length; i += 1) expect(times[i]! - times[i - 5]!).toBeGreaterThanOrEqual(WINDOW_MS - 10);
  });

  it('resends an outbox row with the same uuid, so Lark shows it once; another installation’s row is a new message', async () => {
    const outbound = { key: '41', to: { userId: 'ou_once' }, message: { kind: 'text' as const, text: '只显示一次' } };
    const suppressed = fake.suppressedResends;
    expect(await sender().send(outbound)).toEqual({ status: 'delivered' });
    expect(await sender().send(outbound)).toEqual({ status: 'delivered' });
    expect(fake.sent().filter((m) => m.receiveId === 'ou_once')).toHaveLength(1);
    expect(fake.suppressedResends).toBe(suppressed + 1);
    await sender('inst-2').send(outbound);
    expect(fake.sent().filter((m) => m.receiveId === 'ou_once')).toHaveLength(2);
  });

  it('replies to the message when it can, and sends to the chat when that message was withdrawn', async () => {
    const { messageId } = fake.pushMessage({ from: 'ou_x', chatId: 'oc_reply', chatType: 'p2p', text: '/帮助' });
    await sender().send({
      key: 'r1',
      to: { userId: 'ou_x' },
      message: { kind: 'text', text: '回复' },
      replyContext: { target: messageId },
    });
    expect(fake.sent().at(-1)).toMatchObject({ via: 'reply', replyTo: messageId });
    await sender().send({
      key: 'r2',
      to: { userId: 'ou_x' },
      message: { kind: 'text', text: '改为直接发送' },
      replyContext: { target: 'om_withdrawn' },
    });
    expect(fake.sent().at(-1)).toMatchObject({ via: 'create', receiveIdType: 'open_id', receiveId: 'ou_x' });
  });

  it('sends a click’s refusal to the clicker only when the toast did not already show it, waiting for the receiver to decide', async () => {
    const answers = new ClickAnswers();
    const refusal = (clickId: string) => ({
      key: `refusal-${clickId}`,
      to: { userId: 'ou_clicker' },
      message: { kind: 'text' as const, text: '您没有使用 /审核 的权限', refused: true },
      replyContext: { target: `click:${clickId}` },
    });
    answers.expect('shown');
    const pending = sender('inst-1', answers).send(refusal('shown'));
    answers.settle('shown', true);
    expect(await pending).toEqual({ status: 'delivered' });
    expect(fake.sent().filter((m) => m.receiveId === 'ou_clicker')).toHaveLength(0);
    answers.expect('timed-out');
    answers.settle('timed-out', false);
    expect(await sender('inst-1', answers).send(refusal('timed-out'))).toEqual({ status: 'delivered' });
    expect(fake.sent().filter((m) => m.receiveId === 'ou_clicker')).toMatchObject([
      { via: 'create', receiveIdType: 'open_id' },
    ]);
  });

  it('gives up on a chat the bot is not in, and on a card update for a message that is not a card', async () => {
    fake.inject('messages', { kind: 'bot-not-in-chat' });
    expect(
      await sender().send({ key: 'dead-1', to: { conversationId: 'oc_left' }, message: { kind: 'text', text: 'x' } }),
    ).toMatchObject({ status: 'dead', reason: expect.stringContaining('230002') });
    const { messageId } = fake.pushMessage({ from: 'ou_x', chatId: 'oc_reply', chatType: 'p2p', text: '/帮助' });
    expect(
      await sender().send({
        key: 'dead-2',
        to: { conversationId: 'oc_reply' },
        message: { kind: 'card', markdown: '结果' },
        replyContext: { cardId: messageId },
      }),
    ).toMatchObject({ status: 'dead' });
  });
});
