/**
 * DESIGN §9 in the simulator: /healthz, /readyz and /metrics on HOST:PORT beside the page, the metric
 * names and what feeds them, OPS_TOKEN. Failing checks: tests/unit/ops/routes.test.ts.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sample } from '../helpers/metrics.ts';
import { startTestBot, tempDir, type TestBot } from '../helpers/test-bot.ts';

const TOKEN = 'ops-token-for-tests-0123456789';
const dir = tempDir('yipanqi-ops-');
let t: TestBot;

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${t.bot.address}${path}`, { headers });

beforeAll(async () => {
  t = await startTestBot(`${dir.path}/bot.db`, { env: { OPS_TOKEN: TOKEN, INSTANCE_ID: 'bot-test' } });
});

afterAll(async () => {
  await t?.stop();
  dir.remove();
});

describe('health and readiness', () => {
  it('answers /healthz with ok beside the simulator page', async () => {
    const response = await get('/healthz');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
    expect((await get('/')).status).toBe(200);
  });

  it('is ready when the database answers; the checks are shown only with the token', async () => {
    const open = await get('/readyz');
    expect(open.status).toBe(200);
    expect(await open.json()).toEqual({ status: 'ready' });
    const detailed = await get('/readyz', { authorization: `Bearer ${TOKEN}` });
    expect(await detailed.json()).toEqual({ status: 'ready', checks: { database: 'ok', platform: 'ok' } });
  });
});

describe('metrics', () => {
  it('refuses /metrics without the bearer token, and with a wrong one', async () => {
    expect((await get('/metrics')).status).toBe(401);
    expect((await get('/metrics', { authorization: 'Bearer wrong-token-of-some-length' })).status).toBe(401);
    expect((await get('/metrics', { authorization: TOKEN })).status).toBe(401);
  });

  it('exposes every DESIGN §9 metric, fed by commands, redeliveries, deliveries and jobs', async () => {
    const messageId = randomUUID();
    await t.client.send(
      'binjiang-li',
      'binjiang',
      '/首报 项目=指标测试项目 投资方=杭州指标测试科技有限公司 产业链=集成电路 投资额=1亿 意向=多轮洽谈',
      messageId,
    );
    // The same delivery again: absorbed, counted as a duplicate.
    await t.client.send(
      'binjiang-li',
      'binjiang',
      '/首报 项目=指标测试项目 投资方=杭州指标测试科技有限公司 产业链=集成电路 投资额=1亿 意向=多轮洽谈',
      messageId,
    );
    await t.client.say('binjiang-li', 'binjiang', '/帮助');
    // A refusal carries its code in the reply and in the refusals counter.
    const refused = await t.client.send('binjiang-li', 'binjiang', '/审计 校验');
    expect(refused.map((m) => m.refusal)).toEqual(['E_FORBIDDEN']);
    // The review card to 市投资促进局 is a notice the dispatcher delivers.
    await t.client.waitForSent((rows) => rows.some((row) => JSON.stringify(row.message).includes('指标测试项目')));

    const response = await get('/metrics', { authorization: `Bearer ${TOKEN}` });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    const text = await response.text();
    for (const name of [
      'yipanqi_inbound_events_total',
      'yipanqi_duplicate_events_total',
      'yipanqi_command_duration_seconds',
      'yipanqi_outbox_pending',
      'yipanqi_outbox_oldest_pending_seconds',
      'yipanqi_deliveries_total',
      'yipanqi_platform_api_calls_month',
      'yipanqi_job_runs_total',
      'yipanqi_platform_connected',
      'yipanqi_refusals_total',
    ]) {
      expect(text).toContain(`# TYPE ${name} `);
    }
    expect(text).toContain('process_cpu_seconds_total');
    expect(
      sample(text, 'yipanqi_inbound_events_total', { platform: 'simulator', kind: 'message', instance_id: 'bot-test' }),
    ).toBe(3);
    expect(sample(text, 'yipanqi_duplicate_events_total', { platform: 'simulator' })).toBe(1);
    expect(sample(text, 'yipanqi_command_duration_seconds_count', { command: '首报' })).toBe(1);
    expect(sample(text, 'yipanqi_command_duration_seconds_count', { command: '帮助' })).toBe(1);
    expect(
      sample(text, 'yipanqi_deliveries_total', { platform: 'local', channel: 'group', result: 'delivered' }),
    ).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'yipanqi_job_runs_total', { job: 'exclusivity', result: 'ok' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'yipanqi_platform_connected', { platform: 'local' })).toBe(1);
    expect(sample(text, 'yipanqi_refusals_total', { code: 'E_FORBIDDEN' })).toBe(1);
    expect(sample(text, 'yipanqi_outbox_pending')).toBe(0);
    expect(sample(text, 'yipanqi_outbox_oldest_pending_seconds')).toBe(0);
  });

  it('reports the outbox backlog and its age while deliveries wait', async () => {
    const waiting = await startTestBot(`${dir.path}/waiting.db`, { dispatch: false, env: { OPS_TOKEN: TOKEN } });
    try {
      await waiting.client.say(
        'binjiang-li',
        'binjiang',
        '/首报 项目=积压测试项目 投资方=杭州积压测试科技有限公司 产业链=集成电路 投资额=1亿 意向=多轮洽谈',
      );
      waiting.clock.advance(90_000);
      const text = await (
        await fetch(`${waiting.bot.address}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })
      ).text();
      expect(sample(text, 'yipanqi_outbox_pending')).toBeGreaterThanOrEqual(1);
      expect(sample(text, 'yipanqi_outbox_oldest_pending_seconds')).toBe(90);
    } finally {
      await waiting.stop();
    }
  });
});
