import { createServer, type Server } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  computeSign,
  createDingTalkHttpHandler,
  MAX_CLOCK_SKEW_MS,
  MAX_FUTURE_SKEW_MS,
  verifySignature,
} from '../../src/adapters/dingtalk/http-receiver.ts';
import { FakeDingTalk, waitUntil } from './fake-dingtalk-server.ts';
import { MemorySignatureLedger, MemorySink, silentLogger } from './helpers.ts';

let fake: FakeDingTalk;
let server: Server;
let url: string;
let sink: MemorySink;
let ledger: MemorySignatureLedger;
/** Which handler the server uses: replacing it is a restart that keeps only the app's ledger. */
let handler: ReturnType<typeof createDingTalkHttpHandler>;

function newHandler(): ReturnType<typeof createDingTalkHttpHandler> {
  return createDingTalkHttpHandler({
    appSecret: fake.clientSecret,
    robotCode: fake.robotCode,
    sink,
    signatures: ledger,
    logger: silentLogger,
  });
}

beforeEach(async () => {
  fake = await FakeDingTalk.start();
  sink = new MemorySink();
  ledger = new MemorySignatureLedger();
  handler = newHandler();
  server = createServer((req, res) => void handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no address');
  url = `http://127.0.0.1:${address.port}/dingtalk/callback`;
});

afterEach(async () => {
  await new Promise((resolve) => server.close(resolve));
  await fake.close();
});

describe('DingTalk HTTP callback handler', () => {
  it('accepts a correctly signed callback: records, answers 200 {}, then processes', async () => {
    const response = await fake.postRobotCallback(url, {
      text: '/帮助',
      senderStaffId: 'ipb-zhang',
      msgId: 'msgHttp==',
    });
    expect(response).toEqual({ status: 200, body: '{}' });
    expect([...sink.recorded.keys()]).toEqual(['msgHttp==']);
    await waitUntil(() => sink.processed.length === 1, 2_000, 'processing');
    expect(sink.processed[0]).toMatchObject({ userId: 'ipb-zhang', text: '/帮助', conversationType: 'group' });
  });

  it.each(['wrong', 'stale', 'missing'] as const)(
    'answers 401 to a %s signature and records nothing',
    async (signature) => {
      const response = await fake.postRobotCallback(url, { text: '/帮助' }, signature);
      expect(response.status).toBe(401);
      expect(sink.recordCalls).toBe(0);
    },
  );

  it('answers 503 when recording fails, so DingTalk retries', async () => {
    sink.failNextRecords = 1;
    expect((await fake.postRobotCallback(url, { msgId: 'msgLater==' })).status).toBe(503);
    expect((await fake.postRobotCallback(url, { msgId: 'msgLater==' })).status).toBe(200);
    await waitUntil(() => sink.processed.length === 1, 2_000, 'processing');
  });

  it('answers 503 and records nothing when the signature cannot be claimed, so DingTalk retries', async () => {
    ledger.failNextClaims = 1;
    expect((await fake.postRobotCallback(url, { msgId: 'msgClaimLater==' })).status).toBe(503);
    expect(sink.recordCalls).toBe(0);
    expect((await fake.postRobotCallback(url, { msgId: 'msgClaimLater==' })).status).toBe(200);
    await waitUntil(() => sink.processed.length === 1, 2_000, 'processing');
  });

  it('processes a repeated callback once', async () => {
    await fake.postRobotCallback(url, { msgId: 'msgTwice==' });
    expect((await fake.postRobotCallback(url, { msgId: 'msgTwice==' })).status).toBe(200);
    await waitUntil(() => sink.processed.length === 1, 2_000, 'processing');
    expect(sink.recorded.size).toBe(1);
  });

  it('refuses a captured (timestamp, sign) pair reused with another message, but lets DingTalk retry the same one', async () => {
    const timestamp = String(Date.now() - 59 * 60_000);
    const headers = { 'content-type': 'application/json', timestamp, sign: computeSign(timestamp, fake.clientSecret) };
    const post = (input: object) =>
      fetch(url, { method: 'POST', headers, body: JSON.stringify(fake.robotMessageData(input)) });
    expect((await post({ msgId: 'msgFirst==', text: '/帮助' })).status).toBe(200);
    expect((await post({ msgId: 'msgFirst==', text: '/帮助' })).status).toBe(200);
    const replay = await post({ msgId: 'msgEvil==', text: '/角色 授予 evil ADMIN', senderStaffId: 'admin' });
    expect(replay.status).toBe(401);
    expect([...sink.recorded.keys()]).toEqual(['msgFirst==']);
  });

  it('asks the ledger, not its own memory: after a restart the pair is still refused for another message', async () => {
    const timestamp = String(Date.now() - 30 * 60_000);
    const headers = { 'content-type': 'application/json', timestamp, sign: computeSign(timestamp, fake.clientSecret) };
    const post = (input: object) =>
      fetch(url, { method: 'POST', headers, body: JSON.stringify(fake.robotMessageData(input)) });
    expect((await post({ msgId: 'msgBefore==' })).status).toBe(200);
    handler = newHandler();
    expect((await post({ msgId: 'msgAfter==', text: '/角色 授予 evil ADMIN' })).status).toBe(401);
    expect((await post({ msgId: 'msgBefore==' })).status).toBe(200);
    expect([...sink.recorded.keys()]).toEqual(['msgBefore==']);
    // Kept until the timestamp itself is refused as stale, and no longer.
    expect([...ledger.claims]).toEqual([
      [
        `dingtalk:${timestamp}:${headers.sign}`,
        { messageId: 'msgBefore==', expiresAt: new Date(Number(timestamp) + MAX_CLOCK_SKEW_MS) },
      ],
    ]);
  });

  it('refuses a signed body addressed to another robot', async () => {
    const timestamp = String(Date.now());
    const body = JSON.stringify({ ...fake.robotMessageData({ msgId: 'msgOther==' }), robotCode: 'ding-someone-else' });
    const response = await fetch(url, {
      method: 'POST',
      headers: { timestamp, sign: computeSign(timestamp, fake.clientSecret) },
      body,
    });
    expect(response.status).toBe(403);
    expect(sink.recordCalls).toBe(0);
  });

  it('refuses other methods and bodies that are not JSON', async () => {
    expect((await fetch(url)).status).toBe(405);
    const timestamp = String(Date.now());
    const response = await fetch(url, {
      method: 'POST',
      headers: { timestamp, sign: computeSign(timestamp, fake.clientSecret) },
      body: 'not json',
    });
    expect(response.status).toBe(400);
    expect(sink.recordCalls).toBe(0);
  });
});

describe('verifySignature', () => {
  const secret = 'app-secret';
  const now = 1_700_000_000_000;

  it('accepts a timestamp up to one hour away, and no further', () => {
    const edge = String(now - MAX_CLOCK_SKEW_MS);
    expect(verifySignature(edge, computeSign(edge, secret), secret, now)).toBe('ok');
    const early = String(now + MAX_FUTURE_SKEW_MS);
    expect(verifySignature(early, computeSign(early, secret), secret, now)).toBe('ok');
  });

  it('refuses a timestamp more than a few minutes in the future', () => {
    const future = String(now + MAX_FUTURE_SKEW_MS + 1);
    expect(verifySignature(future, computeSign(future, secret), secret, now)).toBe('stale');
  });

  it('rejects a signature made with another secret or for another timestamp', () => {
    const timestamp = String(now);
    expect(verifySignature(timestamp, computeSign(timestamp, 'other'), secret, now)).toBe('mismatch');
    expect(verifySignature(timestamp, computeSign(String(now - 1), secret), secret, now)).toBe('mismatch');
    expect(verifySignature('12abc', 'x', secret, now)).toBe('missing');
  });

  it('matches the documented formula Base64(HmacSHA256(secret, timestamp + "\\n" + secret))', () => {
    // Computed independently: printf '1700000000000\napp-secret' | openssl dgst -sha256 -hmac app-secret -binary | base64
    expect(computeSign('1700000000000', secret)).toBe('3hTZZL5er1Eydgv4cteNysuUXo7Ufcx1jK7Fxfmeq5k=');
  });
});
