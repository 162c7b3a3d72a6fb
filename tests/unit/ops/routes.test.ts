/**
 * The ops routes on the bot's own listener (the one outside the simulator), with checks the test
 * controls: a failing or hanging dependency turns /readyz to 503 without taking /healthz down.
 */
import { Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { HttpListener } from '../../../src/ops/http-server.ts';
import { opsRoutes, type CheckResult } from '../../../src/ops/routes.ts';

let listener: HttpListener | undefined;
const errors: unknown[] = [];

async function serve(checks: Record<string, () => Promise<CheckResult>>, token?: string): Promise<string> {
  const registry = new Registry();
  const routes = opsRoutes({
    metrics: { contentType: registry.contentType, text: () => registry.metrics() },
    token,
    checks,
    onError: (error) => errors.push(error),
    checkTimeoutMs: 100,
  });
  listener = new HttpListener('127.0.0.1', 0, [routes]);
  await listener.start();
  return listener.address;
}

afterEach(async () => {
  await listener?.stop();
  listener = undefined;
});

describe('ops routes', () => {
  it('is ready only when every check is ok, naming the failing one', async () => {
    let database: CheckResult = 'ok';
    const base = await serve({ database: async () => database, platform: async () => 'ok' });
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    database = 'unavailable';
    const response = await fetch(`${base}/readyz`);
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ status: 'not-ready', checks: { database: 'unavailable', platform: 'ok' } });
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  });

  it('counts a throwing check as unavailable and a hanging one as timed out', async () => {
    const base = await serve({
      database: () => new Promise(() => undefined),
      platform: async () => Promise.reject(new Error('socket gone')),
    });
    const response = await fetch(`${base}/readyz`);
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({
      status: 'not-ready',
      checks: { database: 'timeout', platform: 'unavailable' },
    });
  });

  it('hides the checks from a caller without the token', async () => {
    const base = await serve({ platform: async () => 'disconnected' }, 'a-token-long-enough-1234');
    const anonymous = await fetch(`${base}/readyz`);
    expect(anonymous.status).toBe(503);
    expect(await anonymous.json()).toEqual({ status: 'not-ready' });
    const operator = await fetch(`${base}/readyz`, { headers: { authorization: 'Bearer a-token-long-enough-1234' } });
    expect(await operator.json()).toEqual({ status: 'not-ready', checks: { platform: 'disconnected' } });
  });

  it('serves metrics without a token when none is configured, and 404 for anything else', async () => {
    const base = await serve({});
    expect((await fetch(`${base}/metrics`)).status).toBe(200);
    expect((await fetch(`${base}/`)).status).toBe(404);
    expect((await fetch(`${base}/healthz`, { method: 'POST' })).status).toBe(404);
    expect(errors).toEqual([]);
  });
});
