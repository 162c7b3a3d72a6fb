import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callbackSign, verifyCallback, ZwddCallbackReceiver } from '../../src/adapters/zwdd/callback.ts';
import { HttpListener } from '../../src/ops/http-server.ts';
import { MemorySignatureLedger, MemorySink, silentLogger } from '../dingtalk/helpers.ts';
import { robotCallback } from './fixtures.ts';
import { ZwddProtocolServer } from './protocol-server.ts';

const SECRET = 'test-app-secret';
const sink = new MemorySink();
const ledger = new MemorySignatureLedger();
const receiver = new ZwddCallbackReceiver(
  { path: '/zwdd/callback', verificationKey: SECRET, signatures: ledger },
  sink,
  silentLogger,
);
const listener = new HttpListener('127.0.0.1', 0, [receiver.route]);
let gateway: ZwddProtocolServer;
let url = '';

beforeAll(async () => {
  await listener.start();
  await receiver.start();
  url = `${listener.address}${receiver.path}`;
  gateway = await ZwddProtocolServer.start();
});
afterAll(async () => {
  await receiver.stop();
  await listener.stop();
  await gateway.close();
});

describe('浙政钉 callback verification', () => {
  it('computes the doc example (docs §8)', () => {
    expect(callbackSign('1714528800000', 'demo-secret-key')).toBe('Z49s6Ow6811HnBfQXcQMldeIAQUzbWvBO8pr1BKgsNg=');
    expect(
      verifyCallback(
        '1714528800000',
        'Z49s6Ow6811HnBfQXcQMldeIAQUzbWvBO8pr1BKgsNg=',
        'demo-secret-key',
        1714528800000 + 3600_000,
      ),
    ).toBe('ok');
    expect(
      verifyCallback(
        '1714528800000',
        'Z49s6Ow6811HnBfQXcQMldeIAQUzbWvBO8pr1BKgsNg=',
        'demo-secret-key',
        1714528800000 + 3600_001,
      ),
    ).toBe('stale');
    expect(
      verifyCallback('1714528800000', 'Z49s6Ow6811HnBfQXcQMldeIAQUzbWvBO8pr1BKgsNg=', 'other', 1714528800000),
    ).toBe('mismatch');
    expect(verifyCallback(undefined, 'x', 'k', 0)).toBe('missing');
    expect(verifyCallback('12ab', 'x', 'k', 0)).toBe('missing');
  });

  it('records, acknowledges and processes a signed callback once, however often it is delivered', async () => {
    const body = robotCallback({ msgId: 'cb-once' });
    expect(await gateway.pushCallback(url, body, { secret: SECRET })).toEqual({ status: 200, body: '{}' });
    expect(await gateway.pushCallback(url, body, { secret: SECRET })).toEqual({ status: 200, body: '{}' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(sink.processed.filter((e) => e.messageId === 'cb-once')).toHaveLength(1);
  });

  it.each([
    ['a tampered signature', { sign: `AAAA${callbackSign(String(Date.now()), SECRET).slice(4)}` }],
    ['another key', { secret: 'not-the-secret' }],
    ['a stale timestamp', { timestamp: Date.now() - 2 * 3600_000 }],
    ['a timestamp from the future', { timestamp: Date.now() + 2 * 3600_000 }],
  ])('refuses %s with 401 before reading anything', async (_name, options) => {
    const body = robotCallback();
    const answer = await gateway.pushCallback(url, body, { secret: SECRET, ...options });
    expect(answer.status).toBe(401);
    expect(sink.recorded.has(String(body.msgId))).toBe(false);
  });

  it('takes a signature for the one message it first came with, also after a restart (the ledger is durable)', async () => {
    const timestamp = Date.now();
    const first = robotCallback({ msgId: 'cb-signed' });
    expect((await gateway.pushCallback(url, first, { secret: SECRET, timestamp })).status).toBe(200);
    // A captured pair with another body: refused before anything is recorded.
    const forged = robotCallback({ msgId: 'cb-forged', text: '/角色 授予 someone ADMIN' });
    expect((await gateway.pushCallback(url, forged, { secret: SECRET, timestamp })).status).toBe(401);
    const restarted = new ZwddCallbackReceiver(
      { path: '/zwdd/callback', verificationKey: SECRET, signatures: ledger },
      sink,
      silentLogger,
    );
    const again = new HttpListener('127.0.0.1', 0, [restarted.route]);
    await again.start();
    await restarted.start();
    try {
      const restartedUrl = `${again.address}${restarted.path}`;
      expect((await gateway.pushCallback(restartedUrl, forged, { secret: SECRET, timestamp })).status).toBe(401);
      // The platform's redelivery of the first message with its own pair still passes, and acts once.
      expect((await gateway.pushCallback(restartedUrl, first, { secret: SECRET, timestamp })).status).toBe(200);
    } finally {
      await restarted.stop();
      await again.stop();
    }
    expect(sink.recorded.has('cb-forged')).toBe(false);
    expect(sink.processed.filter((e) => e.messageId === 'cb-signed')).toHaveLength(1);
  });

  it('answers 503 when the signature cannot be claimed, so the platform redelivers', async () => {
    ledger.failNextClaims = 1;
    const body = robotCallback({ msgId: 'cb-ledger-down' });
    expect((await gateway.pushCallback(url, body, { secret: SECRET })).status).toBe(503);
    expect(sink.recorded.has('cb-ledger-down')).toBe(false);
    expect((await gateway.pushCallback(url, body, { secret: SECRET })).status).toBe(200);
  });

  it('leaves a callback unacknowledged (503) when it cannot be recorded, so the platform redelivers', async () => {
    sink.failNextRecords = 1;
    const body = robotCallback({ msgId: 'cb-down' });
    expect((await gateway.pushCallback(url, body, { secret: SECRET })).status).toBe(503);
    expect((await gateway.pushCallback(url, body, { secret: SECRET })).status).toBe(200);
    expect(sink.recorded.has('cb-down')).toBe(true);
  });

  it('acknowledges and drops a signed body it cannot read; refuses non-JSON, other methods and paths', async () => {
    expect((await gateway.pushCallback(url, { hello: 'world' }, { secret: SECRET })).status).toBe(200);
    const timestamp = String(Date.now());
    const headers = { timestamp, sign: callbackSign(timestamp, SECRET) };
    expect((await fetch(url, { method: 'POST', headers, body: 'not json' })).status).toBe(400);
    expect((await fetch(url, { method: 'GET', headers })).status).toBe(405);
    expect((await fetch(url.replace('/zwdd/callback', '/other'), { method: 'POST', headers, body: '{}' })).status).toBe(
      404,
    );
  });

  it('answers only while started: stopped, the route declines (404) and the receiver reports itself disconnected', async () => {
    await receiver.stop();
    try {
      expect(receiver.connected()).toBe(false);
      expect((await gateway.pushCallback(url, robotCallback(), { secret: SECRET })).status).toBe(404);
    } finally {
      await receiver.start();
    }
    expect(receiver.connected()).toBe(true);
  });
});
