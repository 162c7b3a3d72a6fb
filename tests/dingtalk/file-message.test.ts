/**
 * Files on DingTalk: the media upload on the old host (`POST {oapiBase}/media/upload?access_token=…&type=file`,
 * multipart field `media`, answered with `media_id`), then a `sampleFile` robot message — against the
 * local server that speaks the protocol, and end to end with /导出 through the whole bot.
 */
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  DingTalkApi,
  DingTalkSender,
  MEDIA_FILE_LIMIT_BYTES,
  OAPI_PATHS,
  type DingTalkApiConfig,
} from '../../src/adapters/dingtalk/api-client.ts';
import type { Message } from '../../src/app/receiver.ts';
import { startBot, type RunningBot } from '../../src/bot.ts';
import { loadConfig } from '../../src/config.ts';
import { systemClock } from '../../src/lib/clock.ts';
import { createLogger } from '../../src/lib/logger.ts';
import { tempDir } from '../helpers/test-bot.ts';
import { FakeDingTalk, PATHS, waitUntil } from './fake-dingtalk-server.ts';

const dir = tempDir('yipanqi-dingtalk-file-');
const XLSX_NAME = '首报项目台账_20261126_0900.xlsx';
const content = randomBytes(4096);
const path = `${dir.path}/0123456789abcdef0123456789abcdef.xlsx`;
writeFileSync(path, content);

afterAll(() => dir.remove());

describe('the API client and the sender', () => {
  let fake: FakeDingTalk;
  let calls: string[];

  beforeEach(async () => {
    fake = await FakeDingTalk.start({ knownUserIds: ['ipb-zhang'], knownConversationIds: ['cidCity=='] });
    calls = [];
  });
  afterEach(() => fake.close());

  const api = (overrides: Partial<DingTalkApiConfig> = {}) =>
    new DingTalkApi({
      apiBase: fake.apiBase,
      oapiBase: fake.oapiBase,
      clientId: fake.clientId,
      clientSecret: fake.clientSecret,
      robotCode: fake.robotCode,
      onApiCall: (p) => calls.push(p),
      ...overrides,
    });

  const file: Message = {
    kind: 'file',
    title: XLSX_NAME,
    text: '首报项目台账（DC-2026-0001）',
    file: { name: XLSX_NAME, path },
  };

  it('uploads the bytes under their file name and gets a media_id; the call counts against the quota', async () => {
    const result = await api().uploadMedia(content, XLSX_NAME);
    expect(result.ok).toBe(true);
    const mediaId = result.ok ? result.mediaId : '';
    expect(fake.media(mediaId)).toMatchObject({ type: 'file', fileName: XLSX_NAME });
    expect(fake.media(mediaId)?.bytes.equals(content)).toBe(true);
    expect(calls).toEqual([PATHS.accessToken, OAPI_PATHS.mediaUpload]);
  });

  it('refreshes a token the old host refuses, once', async () => {
    const client = api();
    await client.getAccessToken();
    fake.expireTokens();
    expect((await client.uploadMedia(content, XLSX_NAME)).ok).toBe(true);
    expect(fake.tokenRequests).toBe(2);
  });

  it('does not loop when the fresh token is refused too', async () => {
    let uploads = 0;
    const refusing: typeof fetch = async (input, init) => {
      if (!String(input).includes(OAPI_PATHS.mediaUpload)) return fetch(input, init);
      uploads += 1;
      return new Response(JSON.stringify({ errcode: 40014, errmsg: '不合法的access_token' }), {
        headers: { 'content-type': 'application/json' },
      });
    };
    expect(await api({ fetch: refusing }).uploadMedia(content, XLSX_NAME)).toMatchObject({
      ok: false,
      outcome: { status: 'retry', reason: expect.stringContaining('40014') },
    });
    expect(uploads).toBe(2);
    expect(fake.tokenRequests).toBe(2);
  });

  it('gives up on an upload DingTalk refuses for the file itself', async () => {
    const refusing: typeof fetch = async (input, init) =>
      String(input).includes(OAPI_PATHS.mediaUpload)
        ? new Response(JSON.stringify({ errcode: 40006, errmsg: '不合法的文件大小' }))
        : fetch(input, init);
    expect(await api({ fetch: refusing }).uploadMedia(content, XLSX_NAME)).toMatchObject({
      ok: false,
      outcome: { status: 'dead', reason: expect.stringContaining('40006') },
    });
  });

  it('classifies a server error as retry and refuses a file above 20 MB without calling DingTalk', async () => {
    fake.inject(PATHS.mediaUpload, { kind: 'server-error' });
    expect(await api().uploadMedia(content, XLSX_NAME)).toMatchObject({ ok: false, outcome: { status: 'retry' } });
    calls = [];
    expect(await api().uploadMedia(new Uint8Array(MEDIA_FILE_LIMIT_BYTES + 1), XLSX_NAME)).toMatchObject({
      ok: false,
      outcome: { status: 'dead' },
    });
    expect(calls).toEqual([]);
  });

  it('sends a file to a group as a sampleFile message, never through the sessionWebhook', async () => {
    const webhookUrl = String(fake.robotMessageData({ conversationId: 'cidCity==' }).sessionWebhook);
    const outcome = await new DingTalkSender(api()).send({
      key: '41',
      to: { conversationId: 'cidCity==' },
      message: file,
      replyContext: { target: webhookUrl },
    });
    expect(outcome).toEqual({ status: 'delivered' });
    const [sent] = fake.sent();
    expect(fake.sent()).toHaveLength(1);
    expect(sent).toMatchObject({
      via: 'group',
      to: { conversationId: 'cidCity==' },
      msgKey: 'sampleFile',
      msgParam: { fileName: XLSX_NAME, fileType: 'xlsx' },
    });
    const mediaId = (sent!.msgParam as { mediaId: string }).mediaId;
    expect(fake.media(mediaId)?.bytes.equals(content)).toBe(true);
  });

  it('sends a file to a person with batchSend', async () => {
    const outcome = await new DingTalkSender(api()).send({ key: '42', to: { userId: 'ipb-zhang' }, message: file });
    expect(outcome).toEqual({ status: 'delivered' });
    expect(fake.sent()).toMatchObject([
      { via: 'oto', to: { userId: 'ipb-zhang' }, msgKey: 'sampleFile', msgParam: { fileName: XLSX_NAME } },
    ]);
  });

  it('gives up on a file that is gone, and retries when the upload fails', async () => {
    const sender = new DingTalkSender(api());
    const gone: Message = { ...file, file: { name: XLSX_NAME, path: `${dir.path}/missing.xlsx` } };
    expect(await sender.send({ key: '43', to: { userId: 'ipb-zhang' }, message: gone })).toMatchObject({
      status: 'dead',
      reason: expect.stringContaining('file unreadable'),
    });
    fake.inject(PATHS.mediaUpload, { kind: 'too-many-requests' });
    expect(await sender.send({ key: '44', to: { userId: 'ipb-zhang' }, message: file })).toMatchObject({
      status: 'retry',
    });
    expect(fake.sent()).toEqual([]);
  });

  it('the local DingTalk refuses a sampleFile whose media was never uploaded', async () => {
    const outcome = await api().sendToGroup(
      'cidCity==',
      'sampleFile',
      JSON.stringify({ mediaId: '@nothing', fileName: 'x.xlsx', fileType: 'xlsx' }),
    );
    expect(outcome).toMatchObject({
      status: 'dead',
      reason: expect.stringContaining('invalidParameter.msgParam.invalid'),
    });
  });
});

describe('/导出 through the whole bot on DingTalk', () => {
  const ADMIN = 'boss-staff';
  let fake: FakeDingTalk;
  let bot: RunningBot;

  beforeAll(async () => {
    fake = await FakeDingTalk.start({ knownUserIds: [ADMIN] });
    const config = loadConfig({
      PLATFORM: 'dingtalk',
      DINGTALK_CLIENT_ID: fake.clientId,
      DINGTALK_CLIENT_SECRET: fake.clientSecret,
      DINGTALK_API_BASE: fake.apiBase,
      DINGTALK_OAPI_BASE: fake.oapiBase,
      ADMIN_USER_IDS: ADMIN,
      DATABASE_URL: `file:${dir.path}/bot.db`,
      PORT: '0',
      LOG_LEVEL: 'silent',
    });
    bot = await startBot(config, {
      clock: systemClock,
      logger: createLogger('silent'),
      dispatcherPollMs: 25,
      coalesceWindowMs: 100,
    });
    await fake.waitForConnections(1);
  });

  afterAll(async () => {
    await bot.stop();
    await fake.close();
  });

  async function exportIn(conversationType: 'direct' | 'group') {
    const before = fake.sent().length;
    const conversationId = conversationType === 'direct' ? `cidDirect${ADMIN}==` : 'cidCityGroup==';
    const id = fake.pushRobotMessage({
      text: '/导出 台账',
      senderStaffId: ADMIN,
      senderNick: '管理员',
      conversationType,
      conversationId,
    });
    await fake.waitForAck(id);
    await waitUntil(
      () =>
        fake
          .sent()
          .slice(before)
          .some((m) => m.msgKey === 'sampleFile'),
      10_000,
      'the file message',
    );
    await waitUntil(
      () =>
        fake
          .sent()
          .slice(before)
          .some((m) => m.via === 'webhook'),
      10_000,
      'the reply',
    );
    return fake.sent().slice(before);
  }

  it('in a private chat: answers through the webhook, then uploads the XLSX and sends it to the user', async () => {
    const sent = await exportIn('direct');
    const reply = sent.find((m) => m.via === 'webhook');
    expect(JSON.stringify(reply?.body)).toContain('已导出责任分解表落实台账');
    const fileMessage = sent.find((m) => m.msgKey === 'sampleFile');
    // A one-to-one robot chat is reached by its user; the webhook cannot carry files.
    expect(fileMessage).toMatchObject({
      via: 'oto',
      to: { userId: ADMIN },
      msgParam: { fileType: 'xlsx', fileName: expect.stringMatching(/^责任分解表落实台账_\d{8}_\d{4}\.xlsx$/) },
    });
    const media = fake.media((fileMessage!.msgParam as { mediaId: string }).mediaId);
    expect(media?.bytes.subarray(0, 2).toString()).toBe('PK');
  });

  it('in a group: the group reads the summary, the file goes to the requester alone', async () => {
    const sent = await exportIn('group');
    expect(JSON.stringify(sent.find((m) => m.via === 'webhook')?.body)).toContain('已私聊发送给您');
    expect(sent.filter((m) => m.msgKey === 'sampleFile')).toMatchObject([{ via: 'oto', to: { userId: ADMIN } }]);
    expect(sent.some((m) => m.via === 'group' && m.msgKey === 'sampleFile')).toBe(false);
  });
});
