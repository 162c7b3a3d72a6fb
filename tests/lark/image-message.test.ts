/**
 * Pictures on Lark/Feishu (/统计 图): im.v1.image.create (image_type message) through the official SDK,
 * then an `image` message carrying the image_key — against the local Lark server.
 */
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LarkApi, LarkSender } from '../../src/adapters/lark/api-client.ts';
import { createSdkLogger } from '../../src/adapters/lark/logger.ts';
import type { Message } from '../../src/app/receiver.ts';
import { createLogger } from '../../src/lib/logger.ts';
import { tempDir } from '../helpers/test-bot.ts';
import { FakeLark } from './fake-lark-server.ts';

const dir = tempDir('yipanqi-lark-image-');
const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(4096, 2)]);
const path = `${dir.path}/0123456789abcdef0123456789abcdef.png`;
writeFileSync(path, png);
let fake: FakeLark;

beforeAll(async () => {
  fake = await FakeLark.start();
});
afterAll(async () => {
  await fake.close();
  dir.remove();
});

const api = () =>
  new LarkApi({
    appId: fake.appId,
    appSecret: fake.appSecret,
    domain: fake.domain,
    logger: createSdkLogger(createLogger('silent'), [fake.appSecret]),
  });
const sender = () => new LarkSender(api(), { installationId: 'test', encode: { fallbackTitle: '通知' } });
const image: Message = {
  kind: 'image',
  title: '统计图_20261206_1000.png',
  text: '统计图',
  image: { name: '统计图_20261206_1000.png', path },
};

describe('sending a picture on Lark', () => {
  it('uploads the PNG as a message image and sends an image message with its key', async () => {
    expect(await sender().send({ key: '61', to: { conversationId: 'oc_leaders' }, message: image })).toEqual({
      status: 'delivered',
    });
    const sent = fake.sent().at(-1);
    expect(sent).toMatchObject({ via: 'create', msgType: 'image', receiveId: 'oc_leaders' });
    const key = (sent?.content as { image_key: string } | undefined)?.image_key ?? '';
    expect(fake.images.get(key)?.equals(png)).toBe(true);
  });

  it('gives up on a picture that is gone, and the local Lark refuses an image_key never uploaded', async () => {
    expect(
      await sender().send({
        key: '62',
        to: { userId: 'ou_x' },
        message: { ...image, image: { name: 'x.png', path: `${dir.path}/missing.png` } },
      }),
    ).toMatchObject({
      status: 'dead',
      reason: expect.stringContaining('image unreadable'),
    });
    expect(
      (
        await api().create(
          { conversationId: 'oc_leaders' },
          { msgType: 'image', content: JSON.stringify({ image_key: 'img_never' }) },
          'u-62',
        )
      ).ok,
    ).toBe(false);
  });
});
