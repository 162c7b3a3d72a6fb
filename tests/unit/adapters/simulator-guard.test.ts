import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InboundEvent, Message } from '../../../src/app/receiver.ts';
import { SimulatorReceiver, type SimulatorPlatform } from '../../../src/adapters/simulator/server.ts';

const recorded: InboundEvent[] = [];
let lookups = 0;
const errors: { obj: unknown; msg: string }[] = [];
const platform: SimulatorPlatform = {
  directory: async () => ({ users: [] }),
  helpFor: async () => [],
  userExists: async () => {
    lookups += 1;
    return false;
  },
  conversationType: async () => 'group',
  sentAfter: async () => [],
  deliver: async () => null,
  stats: async () => {
    throw new Error('disk I/O error');
  },
  chart: async () => null,
};
const simulator = new SimulatorReceiver({
  host: '127.0.0.1',
  port: 0,
  sink: {
    record: async (event) => {
      recorded.push(event);
      return true;
    },
    process: async (): Promise<Message[]> => [{ kind: 'text', text: 'ok' }],
  },
  platform,
  clock: { now: () => new Date('2026-12-06T00:00:00Z') },
  logger: { error: (obj: object, msg: string) => void errors.push({ obj, msg }) },
});
let base: string;
let hostHeader: string;

beforeAll(async () => {
  await simulator.start();
  base = simulator.address;
  hostHeader = new URL(base).host;
});
afterAll(() => simulator.stop());

/** node:http, because fetch will not set Host or Sec-Fetch-* as a browser would. */
function raw(
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}${path}`, { method, headers: { host: hostHeader, ...headers } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const grant = JSON.stringify({ userId: 'admin', conversationId: 'city', text: '/角色 授予 evil ADMIN' });

describe('simulator request guard', () => {
  it('refuses a no-cors text/plain POST from a page on another localhost port, and acts on nothing', async () => {
    const response = await raw(
      'POST',
      '/api/messages',
      { origin: 'http://127.0.0.1:8080', 'sec-fetch-site': 'same-site', 'content-type': 'text/plain;charset=UTF-8' },
      grant,
    );
    expect(response.status).toBe(403);
    const noOrigin = await raw('POST', '/api/messages', { 'content-type': 'text/plain;charset=UTF-8' }, grant);
    expect(noOrigin.status).toBe(415);
    expect(recorded).toHaveLength(0);
  });

  it('refuses a rebound Host name, so another site cannot read the delivery log or the stream', async () => {
    expect((await raw('GET', '/api/sent', { host: 'attacker.example:3000' })).status).toBe(403);
    expect((await raw('GET', '/api/stream', { host: 'attacker.example' })).status).toBe(403);
    expect(
      (await raw('GET', '/api/sent', { 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'no-cors' })).status,
    ).toBe(403);
  });

  it('serves its own page and scripts: same origin, loopback names, JSON bodies', async () => {
    expect((await raw('GET', '/api/sent', {})).status).toBe(200);
    expect((await raw('GET', '/api/sent', { host: `localhost:${new URL(base).port}` })).status).toBe(200);
    expect((await raw('GET', '/', { 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'navigate' })).status).toBe(200);
    const own = await raw(
      'POST',
      '/api/messages',
      { origin: base, 'sec-fetch-site': 'same-origin', 'content-type': 'application/json' },
      grant,
    );
    expect(own.status).toBe(200);
    expect(recorded).toHaveLength(1);
  });

  it('logs every 500 with a reference id and gives the caller the same id', async () => {
    const response = await raw('GET', '/api/stats', {});
    expect(response.status).toBe(500);
    const { ref } = JSON.parse(response.body) as { ref: string };
    expect(ref).toMatch(/^[A-Z2-9]{8}$/);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.obj).toMatchObject({ ref, path: '/api/stats' });
  });
});

describe('simulator mentions', () => {
  it('looks up at most 50 distinct @-mentions, however many a message carries', async () => {
    const before = lookups;
    const text = Array.from({ length: 12_000 }, (_, i) => `@user${i % 3000}`).join(' ');
    const body = JSON.stringify({ userId: 'admin', conversationId: 'city', text: text.slice(0, 100_000) });
    const response = await raw('POST', '/api/messages', { 'content-type': 'application/json' }, body);
    expect(response.status).toBe(200);
    expect(lookups - before).toBe(50);
  });
});
