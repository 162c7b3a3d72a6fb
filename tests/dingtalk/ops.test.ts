/**
 * DESIGN §9 outside the simulator, against the DingTalk protocol test server: the bot's listener on
 * HOST:PORT serves the ops routes in Stream mode too, /readyz follows the Stream socket (dropped → 503
 * until the reconnect loop is through), and neither mode serves the simulator page, /api or /files.
 */
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DINGTALK_CALLBACK_PATH, startBot, type RunningBot } from '../../src/bot.ts';
import { loadConfig } from '../../src/config.ts';
import { inTransaction } from '../../src/db/tx.ts';
import { systemClock } from '../../src/lib/clock.ts';
import { createLogger } from '../../src/lib/logger.ts';
import { notify } from '../../src/services/notify.ts';
import { tempDir } from '../helpers/test-bot.ts';
import { FakeDingTalk, PATHS, waitUntil } from './fake-dingtalk-server.ts';

const TOKEN = 'dingtalk-ops-token-0123456789';
const auth = { authorization: `Bearer ${TOKEN}` };
const dir = tempDir('yipanqi-dingtalk-ops-');
let fake: FakeDingTalk;
let stream: RunningBot;
let http: RunningBot;

function start(name: string, env: Record<string, string> = {}): Promise<RunningBot> {
  const config = loadConfig({
    PLATFORM: 'dingtalk',
    DINGTALK_CLIENT_ID: fake.clientId,
    DINGTALK_CLIENT_SECRET: fake.clientSecret,
    DINGTALK_API_BASE: fake.apiBase,
    DINGTALK_OAPI_BASE: fake.oapiBase,
    ADMIN_USER_IDS: 'boss-staff',
    DATABASE_URL: `file:${dir.path}/${name}.db`,
    PORT: '0',
    LOG_LEVEL: 'silent',
    OPS_TOKEN: TOKEN,
    ...env,
  });
  return startBot(config, { clock: systemClock, logger: createLogger('silent'), dispatcherPollMs: 25 });
}

async function readiness(bot: RunningBot): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${new URL(bot.address).origin}/readyz`, { headers: auth });
  return { status: response.status, body: await response.json() };
}

async function gauge(bot: RunningBot, name: string): Promise<string | undefined> {
  const text = await (await fetch(`${new URL(bot.address).origin}/metrics`, { headers: auth })).text();
  return new RegExp(`^${name}\\{[^}]*platform="dingtalk"[^}]*\\} (\\d+)$`, 'm').exec(text)?.[1];
}
const connectedGauge = (bot: RunningBot) => gauge(bot, 'yipanqi_platform_connected');

beforeAll(async () => {
  fake = await FakeDingTalk.start();
  [stream, http] = await Promise.all([start('stream'), start('http', { DINGTALK_MODE: 'http' })]);
});

afterAll(async () => {
  await stream?.stop();
  await http?.stop();
  await fake.close();
  dir.remove();
});

describe('Stream mode', () => {
  it('listens on HOST:PORT for the ops routes although DingTalk needs no inbound port', async () => {
    expect(stream.address).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const health = await fetch(`${stream.address}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    expect(await readiness(stream)).toEqual({
      status: 200,
      body: { status: 'ready', checks: { database: 'ok', platform: 'ok' } },
    });
    expect(await connectedGauge(stream)).toBe('1');
  });

  it('is not ready from the moment the socket drops until the bot has reconnected', async () => {
    // Every reconnect attempt fails until the faults are cleared, so the outage is ours to end.
    fake.inject(PATHS.openConnection, { kind: 'server-error' }, 1000);
    fake.dropConnections();
    await expect.poll(async () => (await readiness(stream)).status, { timeout: 5000, interval: 20 }).toBe(503);
    expect((await readiness(stream)).body).toEqual({
      status: 'not-ready',
      checks: { database: 'ok', platform: 'disconnected' },
    });
    expect(await connectedGauge(stream)).toBe('0');
    // Liveness is not readiness: an orchestrator must not restart a bot that is reconnecting.
    expect((await fetch(`${stream.address}/healthz`)).status).toBe(200);

    fake.clearFaults();
    await fake.waitForConnections(1, 15_000);
    await expect.poll(async () => (await readiness(stream)).status, { timeout: 5000, interval: 20 }).toBe(200);
    expect(await connectedGauge(stream)).toBe('1');
  }, 30_000);
});

/** Resolves once something can listen on the port again, or rejects with the listen error. */
function listenOnce(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const bound = (server.address() as { port: number }).port;
      server.close(() => resolve(bound));
    });
  });
}

describe('a bot whose platform refuses it', () => {
  it('fails to start and leaves HOST:PORT free', async () => {
    const port = await listenOnce(0);
    await expect(start('refused', { PORT: String(port), DINGTALK_CLIENT_SECRET: 'not-the-secret' })).rejects.toThrow();
    expect(await listenOnce(port)).toBe(port);
  });
});

describe('the API quota gauge', () => {
  it('counts a robot send at once, before the meter has written it to the database', async () => {
    const before = Number(await gauge(stream, 'yipanqi_platform_api_calls_month'));
    const sends = fake.sent().length;
    await inTransaction(stream.db.prisma, (tx) =>
      notify({ tx, now: new Date(), actorId: 'system' }, { conversationId: 'cidQuota==' }, '配额测试通知'),
    );
    stream.dispatcher.poke();
    await waitUntil(() => fake.sent().length > sends, 5000, 'the notice sent through the robot API');
    expect(Number(await gauge(stream, 'yipanqi_platform_api_calls_month'))).toBeGreaterThan(before);
  });
});

describe('only what belongs on the network (DESIGN §9)', () => {
  it.each([
    ['GET', '/'],
    ['GET', '/index.html'],
    ['GET', '/api/directory'],
    ['GET', '/api/sent'],
    ['GET', '/api/stats'],
    ['POST', '/api/messages'],
    ['POST', '/api/clock'],
    ['GET', `/files/${'a'.repeat(32)}.xlsx`],
    ['GET', '/fonts/noto-sans-sc.css'],
  ])('serves no simulator route %s %s in Stream or HTTP callback mode', async (method, path) => {
    for (const bot of [stream, http]) {
      const response = await fetch(`${new URL(bot.address).origin}${path}`, {
        method,
        headers: { 'content-type': 'application/json' },
        body:
          method === 'POST'
            ? JSON.stringify({
                userId: 'boss-staff',
                conversationId: 'x',
                text: '/帮助',
                now: new Date().toISOString(),
              })
            : undefined,
      });
      expect(response.status).toBe(404);
    }
  });

  it('mounts the DingTalk callback beside the ops routes in HTTP mode, ready while it is mounted', async () => {
    expect(http.address).toBe(`${new URL(http.address).origin}${DINGTALK_CALLBACK_PATH}`);
    expect(await readiness(http)).toEqual({
      status: 200,
      body: { status: 'ready', checks: { database: 'ok', platform: 'ok' } },
    });
    // An unsigned POST reaches the callback (401 from the signature check), not a 404.
    const unsigned = await fetch(http.address, { method: 'POST', body: '{}' });
    expect(unsigned.status).toBe(401);
  });
});
