/**
 * Pictures on DingTalk (/统计 图): the PNG is uploaded as `image` media on the old host, then sent as a
 * `sampleImageMsg` robot message whose photoURL is the media_id — against the local protocol server.
 */
import { writeFileSync } from 'node:fs';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DingTalkApi, DingTalkSender } from '../../src/adapters/dingtalk/api-client.ts';
import type { Message } from '../../src/app/receiver.ts';
import { tempDir } from '../helpers/test-bot.ts';
import { FakeDingTalk, PATHS } from './fake-dingtalk-server.ts';

const dir = tempDir('yipanqi-dingtalk-image-');
const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(2048, 1)]);
const path = `${dir.path}/0123456789abcdef0123456789abcdef.png`;
writeFileSync(path, png);
afterAll(() => dir.remove());

describe('sending a picture', () => {
  let fake: FakeDingTalk;
  beforeEach(async () => {
    fake = await FakeDingTalk.start({ knownUserIds: ['ipb-zhang'], knownConversationIds: ['cidCity=='] });
  });
  afterEach(() => fake.close());

  const api = () =>
    new DingTalkApi({
      apiBase: fake.apiBase,
      oapiBase: fake.oapiBase,
      clientId: fake.clientId,
      clientSecret: fake.clientSecret,
      robotCode: fake.robotCode,
    });
  const image: Message = {
    kind: 'image',
    title: '统计图_20261206_1000.png',
    text: '统计图',
    image: { name: '统计图_20261206_1000.png', path },
  };

  it('uploads the PNG as image media and sends sampleImageMsg to a group, even with a sessionWebhook at hand', async () => {
    const webhookUrl = String(fake.robotMessageData({ conversationId: 'cidCity==' }).sessionWebhook);
    expect(
      await new DingTalkSender(api()).send({
        key: '51',
        to: { conversationId: 'cidCity==' },
        message: image,
        replyContext: { target: webhookUrl },
      }),
    ).toEqual({ status: 'delivered' });
    const sent = fake.sent();
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ via: 'group', to: { conversationId: 'cidCity==' }, msgKey: 'sampleImageMsg' });
    const mediaId = (sent[0]!.msgParam as { photoURL: string }).photoURL;
    expect(fake.media(mediaId)).toMatchObject({ type: 'image', fileName: '统计图_20261206_1000.png' });
    expect(fake.media(mediaId)?.bytes.equals(png)).toBe(true);
  });

  it('sends it to a person with batchSend, and retries when the upload is throttled', async () => {
    const sender = new DingTalkSender(api());
    expect(await sender.send({ key: '52', to: { userId: 'ipb-zhang' }, message: image })).toEqual({
      status: 'delivered',
    });
    expect(fake.sent()).toMatchObject([{ via: 'oto', to: { userId: 'ipb-zhang' }, msgKey: 'sampleImageMsg' }]);
    fake.inject(PATHS.mediaUpload, { kind: 'too-many-requests' });
    expect(await sender.send({ key: '53', to: { userId: 'ipb-zhang' }, message: image })).toMatchObject({
      status: 'retry',
    });
    expect(fake.sent()).toHaveLength(1);
  });

  it('gives up on a picture that is gone; the local DingTalk refuses a photoURL that is no uploaded image', async () => {
    const gone: Message = { ...image, image: { name: 'x.png', path: `${dir.path}/missing.png` } };
    expect(
      await new DingTalkSender(api()).send({ key: '54', to: { userId: 'ipb-zhang' }, message: gone }),
    ).toMatchObject({ status: 'dead', reason: expect.stringContaining('image unreadable') });
    expect(
      await api().sendToGroup('cidCity==', 'sampleImageMsg', JSON.stringify({ photoURL: '@nothing' })),
    ).toMatchObject({ status: 'dead' });
  });
});
