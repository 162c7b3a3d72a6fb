import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  API_PATHS,
  classifyHttpFailure,
  DingTalkApi,
  DingTalkSender,
  platformIdFor,
  type DingTalkApiConfig,
} from '../../src/adapters/dingtalk/api-client.ts';
import type { Message } from '../../src/app/receiver.ts';
import { FakeDingTalk, PATHS } from './fake-dingtalk-server.ts';

let fake: FakeDingTalk;
let calls: string[];

beforeEach(async () => {
  fake = await FakeDingTalk.start({
    knownUserIds: users(45).concat('ipb-zhang', 'ipb-liu'),
    knownConversationIds: ['cidCity==', 'cidFakeGroup=='],
  });
  calls = [];
});
afterEach(() => fake.close());

function users(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `user-${i + 1}`);
}

function api(overrides: Partial<DingTalkApiConfig> = {}): DingTalkApi {
  return new DingTalkApi({
    apiBase: fake.apiBase,
    oapiBase: fake.oapiBase,
    clientId: fake.clientId,
    clientSecret: fake.clientSecret,
    robotCode: fake.robotCode,
    onApiCall: (path) => calls.push(path),
    ...overrides,
  });
}

const sampleText = JSON.stringify({ content: '测试' });

describe('access token', () => {
  it('is fetched once and reused', async () => {
    const client = api();
    expect(await client.sendToGroup('cidCity==', 'sampleText', sampleText)).toEqual({ status: 'delivered' });
    expect(await client.sendToGroup('cidCity==', 'sampleText', sampleText)).toEqual({ status: 'delivered' });
    expect(fake.tokenRequests).toBe(1);
  });

  it('is refreshed five minutes before it expires', async () => {
    let now = 1_000_000;
    const client = api({ now: () => now });
    await client.getAccessToken();
    now += (7_200 - 6 * 60) * 1000;
    await client.getAccessToken();
    expect(fake.tokenRequests).toBe(1);
    now += 2 * 60 * 1000;
    await client.getAccessToken();
    expect(fake.tokenRequests).toBe(2);
  });

  it('is refreshed once when DingTalk says it is invalid before its time', async () => {
    const client = api();
    await client.sendToGroup('cidCity==', 'sampleText', sampleText);
    fake.expireTokens();
    expect(await client.sendToGroup('cidCity==', 'sampleText', sampleText)).toEqual({ status: 'delivered' });
    expect(fake.tokenRequests).toBe(2);
    expect(fake.sent()).toHaveLength(2);
  });

  it('does not loop when the fresh token is refused too', async () => {
    const client = api();
    fake.inject(PATHS.groupSend, { kind: 'invalid-token' }, 2);
    expect(await client.sendToGroup('cidCity==', 'sampleText', sampleText)).toMatchObject({ status: 'retry' });
    expect(fake.tokenRequests).toBe(2);
  });

  it('turns bad credentials into a retry outcome, not an exception', async () => {
    const client = api({ clientSecret: 'wrong' });
    const outcome = await client.sendToGroup('cidCity==', 'sampleText', sampleText);
    expect(outcome).toMatchObject({ status: 'retry', reason: expect.stringContaining('invalidClientIdOrSecret') });
  });

  it('is shared by concurrent first calls', async () => {
    const client = api();
    await Promise.all([1, 2, 3].map(() => client.sendToGroup('cidCity==', 'sampleText', sampleText)));
    expect(fake.tokenRequests).toBe(1);
  });
});

describe('sendToGroup', () => {
  it('sends msgKey and msgParam to the conversation and reports each call', async () => {
    await api().sendToGroup('cidCity==', 'sampleMarkdown', JSON.stringify({ title: 't', text: '## 通知' }));
    expect(fake.sent()).toEqual([
      {
        seq: 1,
        via: 'group',
        to: { conversationId: 'cidCity==' },
        msgKey: 'sampleMarkdown',
        msgParam: { title: 't', text: '## 通知' },
      },
    ]);
    expect(calls).toEqual([API_PATHS.accessToken, API_PATHS.groupSend]);
  });

  it.each([
    ['a 500', { kind: 'server-error' } as const, { status: 'retry' }],
    ['a 429', { kind: 'too-many-requests' } as const, { status: 'retry', retryAfterMs: 2_000 }],
    ['a 403 QpsLimit', { kind: 'qps-limit' } as const, { status: 'retry', retryAfterMs: 1_000 }],
  ])('classifies %s as retry', async (_name, fault, expected) => {
    fake.inject(PATHS.groupSend, fault);
    const client = api();
    expect(await client.sendToGroup('cidCity==', 'sampleText', sampleText)).toMatchObject(expected);
    expect(await client.sendToGroup('cidCity==', 'sampleText', sampleText)).toEqual({ status: 'delivered' });
  });

  it('classifies an unknown conversation and a foreign robotCode as dead', async () => {
    expect(await api().sendToGroup('cidUnknown==', 'sampleText', sampleText)).toMatchObject({
      status: 'dead',
      reason: expect.stringContaining('invalid.openConversationId'),
    });
    expect(await api({ robotCode: 'dingother' }).sendToGroup('cidCity==', 'sampleText', sampleText)).toMatchObject({
      status: 'dead',
      reason: expect.stringContaining('invalidParameter.robotCode.auth'),
    });
  });

  it('reports a network failure as retry', async () => {
    const client = api({ apiBase: 'http://127.0.0.1:1' });
    expect(await client.sendToGroup('cidCity==', 'sampleText', sampleText)).toMatchObject({ status: 'retry' });
  });
});

describe('sendToUsers', () => {
  it('sends at most 20 users per call', async () => {
    const outcomes = await api().sendToUsers(users(45), 'sampleText', sampleText);
    expect(calls.filter((path) => path === API_PATHS.batchSend)).toHaveLength(3);
    expect(outcomes).toHaveLength(45);
    expect(outcomes.every((o) => o.outcome.status === 'delivered')).toBe(true);
    expect(fake.sent().map((m) => m.to)).toEqual(users(45).map((userId) => ({ userId })));
  });

  it('reports flow-controlled users as retry and unknown users as dead', async () => {
    fake.inject(PATHS.batchSend, { kind: 'flow-control', userIds: ['ipb-liu'] });
    const outcomes = await api().sendToUsers(['ipb-zhang', 'ipb-liu', 'nobody'], 'sampleText', sampleText);
    expect(outcomes).toEqual([
      { userId: 'ipb-zhang', outcome: { status: 'delivered' } },
      { userId: 'ipb-liu', outcome: { status: 'retry', reason: 'flowControlledStaffIdList' } },
      { userId: 'nobody', outcome: { status: 'dead', reason: 'invalidStaffIdList' } },
    ]);
  });

  it('gives every user of a failed batch the batch outcome', async () => {
    fake.inject(PATHS.batchSend, { kind: 'server-error' });
    const outcomes = await api().sendToUsers(users(25), 'sampleText', sampleText);
    expect(outcomes.slice(0, 20).every((o) => o.outcome.status === 'retry')).toBe(true);
    expect(outcomes.slice(20).every((o) => o.outcome.status === 'delivered')).toBe(true);
  });
});

describe('rate limit', () => {
  it('makes at most 20 calls per second on one path', async () => {
    let now = 0;
    const waits: number[] = [];
    const client = api({
      now: () => now,
      sleep: async (ms) => {
        waits.push(ms);
        now += ms;
      },
    });
    const stamps: number[] = [];
    for (let i = 0; i < 45; i += 1) {
      await client.sendToGroup('cidCity==', 'sampleText', sampleText);
      stamps.push(now);
    }
    expect(waits.length).toBeGreaterThan(0);
    for (const stamp of stamps)
      expect(stamps.filter((s) => s > stamp - 1_000 && s <= stamp).length).toBeLessThanOrEqual(20);
    expect(now).toBeGreaterThanOrEqual(2_000);
  });
});

describe('sendViaWebhook', () => {
  function sessionWebhook(): string {
    const data = fake.robotMessageData({ text: 'hi', conversationId: 'cidCity==' });
    return String(data.sessionWebhook);
  }

  it('delivers to the conversation of the session', async () => {
    expect(await api().sendViaWebhook(sessionWebhook(), { msgtype: 'text', text: { content: '收到' } })).toEqual({
      status: 'delivered',
    });
    expect(fake.sent()).toMatchObject([
      { via: 'webhook', to: { conversationId: 'cidCity==' }, body: { text: { content: '收到' } } },
    ]);
  });

  it('treats an expired session as dead and throttling as retry', async () => {
    const url = sessionWebhook();
    fake.inject(PATHS.sendBySession, { kind: 'webhook-error', errcode: 410100, errmsg: 'send too fast' });
    expect(await api().sendViaWebhook(url, { msgtype: 'text', text: { content: 'x' } })).toMatchObject({
      status: 'retry',
      retryAfterMs: 60_000,
    });
    fake.expireSessionWebhooks();
    expect(await api().sendViaWebhook(url, { msgtype: 'text', text: { content: 'x' } })).toMatchObject({
      status: 'dead',
    });
  });
});

describe('cards', () => {
  it('creates a card that calls back over Stream, then updates it', async () => {
    const client = api();
    const outcome = await client.createAndDeliverCard({
      cardTemplateId: 'tpl.schema',
      outTrackId: 'card-1',
      cardParamMap: { title: '待审核', buttonCount: '0' },
      destination: { openConversationId: 'cidCity==' },
    });
    expect(outcome).toEqual({ status: 'delivered' });
    expect(await client.updateCard('card-1', { title: '已通过' })).toEqual({ status: 'delivered' });
    expect(fake.sent()).toMatchObject([
      {
        via: 'card',
        to: { conversationId: 'cidCity==' },
        body: { callbackType: 'STREAM', openSpaceId: 'dtv1.card//IM_GROUP.cidCity==' },
      },
      { via: 'card-update', to: { outTrackId: 'card-1' }, body: { cardData: { cardParamMap: { title: '已通过' } } } },
    ]);
  });

  it('refuses an outTrackId longer than 64 characters without calling DingTalk', async () => {
    const outcome = await api().createAndDeliverCard({
      cardTemplateId: 'tpl',
      outTrackId: 'x'.repeat(65),
      cardParamMap: {},
      destination: { userId: 'ipb-zhang' },
    });
    expect(outcome.status).toBe('dead');
    expect(calls).toEqual([]);
  });
});

describe('platformIdFor', () => {
  it('keeps short safe keys and hashes the others to 64 characters', () => {
    expect(platformIdFor('outbox:17')).toBe('outbox:17');
    expect(platformIdFor('通知/17')).toMatch(/^[0-9a-f]{64}$/);
    expect(platformIdFor('x'.repeat(65))).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('classifyHttpFailure', () => {
  it.each([
    [502, undefined, { status: 'retry' }],
    [429, 'Throttling', { status: 'retry', retryAfterMs: 1_000 }],
    [403, 'Forbidden.AccessDenied.QpsLimitForApi', { status: 'retry', retryAfterMs: 1_000 }],
    [403, 'Forbidden.AccessDenied.ApiCountLimitForOrg', { status: 'retry' }],
    [400, 'invalidParameter.userIds.overMax', { status: 'dead' }],
    [400, 'resource.unavailable', { status: 'dead' }],
  ])('HTTP %i %s', (status, code, expected) => {
    expect(classifyHttpFailure(status, code, null)).toMatchObject(expected);
  });
});

describe('DingTalkSender', () => {
  const text: Message = { kind: 'text', text: '已受理' };

  function replyContext(expiresInMs: number, now: number): { target: string; expiresAt: string } {
    const data = fake.robotMessageData({ conversationId: 'cidCity==' });
    return { target: String(data.sessionWebhook), expiresAt: new Date(now + expiresInMs).toISOString() };
  }

  it('answers through the sessionWebhook while it is valid', async () => {
    const now = Date.now();
    const sender = new DingTalkSender(api(), { now: () => now });
    const outcome = await sender.send({
      key: 'notice-1',
      to: { conversationId: 'cidCity==' },
      message: text,
      replyContext: replyContext(60 * 60_000, now),
    });
    expect(outcome).toEqual({ status: 'delivered' });
    expect(fake.sent()).toMatchObject([{ via: 'webhook', body: { msgUuid: 'notice-1' } }]);
    expect(calls).toEqual([PATHS.sendBySession]);
  });

  it('uses the group API once the webhook has expired by its clock', async () => {
    const now = Date.now();
    const context = replyContext(60 * 60_000, now);
    const sender = new DingTalkSender(api(), { now: () => now + 2 * 60 * 60_000 });
    await sender.send({ key: 'notice-1', to: { conversationId: 'cidCity==' }, message: text, replyContext: context });
    expect(fake.sent()).toMatchObject([{ via: 'group', to: { conversationId: 'cidCity==' }, msgKey: 'sampleText' }]);
  });

  it('falls back to the API when the webhook is refused', async () => {
    const now = Date.now();
    const context = replyContext(60 * 60_000, now);
    fake.expireSessionWebhooks();
    const outcome = await new DingTalkSender(api(), { now: () => now }).send({
      key: 'notice-1',
      to: { conversationId: 'cidCity==' },
      message: text,
      replyContext: context,
    });
    expect(outcome).toEqual({ status: 'delivered' });
    expect(fake.sent().map((m) => m.via)).toEqual(['group']);
  });

  it('never posts to a webhook on another host', async () => {
    const sender = new DingTalkSender(api());
    await sender.send({
      key: 'notice-1',
      to: { conversationId: 'cidCity==' },
      message: text,
      replyContext: { target: 'https://evil.example/robot/sendBySession?session=1' },
    });
    expect(fake.sent().map((m) => m.via)).toEqual(['group']);
  });

  it('sends to a user with batchSend and passes on that user’s outcome', async () => {
    const sender = new DingTalkSender(api());
    expect(await sender.send({ key: 'notice-1', to: { userId: 'ipb-zhang' }, message: text })).toEqual({
      status: 'delivered',
    });
    expect(await sender.send({ key: 'notice-2', to: { userId: 'nobody' }, message: text })).toMatchObject({
      status: 'dead',
    });
    expect(fake.sent()).toMatchObject([{ via: 'oto', to: { userId: 'ipb-zhang' } }]);
  });

  it('delivers an interactive card when a template is configured and the message has buttons', async () => {
    const sender = new DingTalkSender(api(), { cardTemplateId: 'tpl.schema' });
    const card: Message = {
      kind: 'card',
      markdown: '待审核',
      buttons: [{ actionId: 'approve', value: '/审核 ZS-2026-0001 通过', label: '通过' }],
    };
    expect(await sender.send({ key: 'outbox-17', to: { userId: 'ipb-zhang' }, message: card })).toEqual({
      status: 'delivered',
    });
    expect(fake.sent()).toMatchObject([
      {
        via: 'card',
        to: { userId: 'ipb-zhang' },
        body: {
          outTrackId: 'outbox-17',
          callbackType: 'STREAM',
          cardData: { cardParamMap: { button1Value: '/审核 ZS-2026-0001 通过' } },
        },
      },
    ]);
  });

  it('sends every part of a long message, in order', async () => {
    const long = Array.from({ length: 2_000 }, (_, i) => `第${i}行`).join('\n');
    await new DingTalkSender(api()).send({
      key: 'notice-long',
      to: { conversationId: 'cidCity==' },
      message: { kind: 'text', text: long },
    });
    const contents = fake.sent().map((m) => String((m.msgParam as { content: string }).content));
    expect(contents.length).toBeGreaterThan(1);
    expect(contents[0]?.startsWith(`(1/${contents.length})`)).toBe(true);
  });
});
