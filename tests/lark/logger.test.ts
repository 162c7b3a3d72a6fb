/**
 * The trap of SDK 1.74.0: a token request that fails at the HTTP level is logged as the raw AxiosError,
 * whose request body holds app_secret. Our logger is what the SDK gets; these tests drive the real SDK
 * into that path and read every line it produced.
 */
import { Writable } from 'node:stream';
import * as lark from '@larksuiteoapi/node-sdk';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LarkApi } from '../../src/adapters/lark/api-client.ts';
import { createSdkLogger, redact } from '../../src/adapters/lark/logger.ts';
import { FakeLark } from './fake-lark-server.ts';

let fake: FakeLark;

beforeAll(async () => {
  fake = await FakeLark.start();
});

afterAll(async () => {
  await fake.close();
});

function capture(): { lines: string[]; logger: pino.Logger } {
  const lines: string[] = [];
  const logger = pino(
    { level: 'debug' },
    new Writable({
      write: (chunk, _enc, done) => {
        lines.push(String(chunk));
        done();
      },
    }),
  );
  return { lines, logger };
}

describe('the logger handed to the Lark SDK', () => {
  it('keeps app_secret out of the log when the token request fails with HTTP 500, yet says what failed', async () => {
    const { lines, logger } = capture();
    fake.inject('token', { kind: 'server-error' });
    const api = new LarkApi({
      appId: fake.appId,
      appSecret: fake.appSecret,
      domain: fake.domain,
      logger: createSdkLogger(logger, [fake.appSecret]),
    });
    await expect(api.botOpenId()).rejects.toThrow(/bot info unavailable/);
    const log = lines.join('');
    expect(log).toContain('status code 500');
    expect(log).not.toContain(fake.appSecret);
    expect(log).not.toContain('app_secret":"');
  });

  it('is needed: the same failure through the SDK’s default formatting carries the secret', async () => {
    const printed: unknown[][] = [];
    const recording = {
      error: (...m: unknown[]) => void printed.push(m),
      warn: () => {},
      info: () => {},
      debug: () => {},
      trace: () => {},
    };
    fake.inject('token', { kind: 'server-error' });
    const client = new lark.Client({
      appId: fake.appId,
      appSecret: fake.appSecret,
      domain: fake.domain,
      logger: recording,
      cache: { get: async () => undefined, set: async () => true },
    });
    await expect(
      client.im.v1.message.create({
        params: { receive_id_type: 'chat_id' },
        data: { receive_id: 'oc_x', msg_type: 'text', content: '{"text":"x"}' },
      }),
    ).rejects.toThrow();
    const raw = printed
      .flat()
      .map((m) => (m instanceof Error ? JSON.stringify((m as { config?: unknown }).config) : JSON.stringify(m)))
      .join('');
    expect(raw).toContain(fake.appSecret);
  });

  it('masks tenant tokens, Bearer headers and the long connection ticket', () => {
    const line = redact(
      'Authorization: Bearer t-g1044abcdefabcdefabcdef ws://h/ws/v2?fpid=1&device_id=d&access_key=ak-secret&service_id=1&ticket=0f9e-uuid {"app_secret":"shh-its-secret"}',
      ['shh-its-secret'],
    );
    expect(line).not.toMatch(/t-g1044abcdef|ak-secret|0f9e-uuid|shh-its-secret/);
    expect(line).toContain('device_id=d');
  });
});
