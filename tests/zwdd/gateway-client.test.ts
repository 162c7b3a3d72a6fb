import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZwddApi } from '../../src/adapters/zwdd/api.ts';
import { decodeAnswer, ZWDD_PATHS, ZwddGateway } from '../../src/adapters/zwdd/gateway-client.ts';
import { ZwddProtocolServer } from './protocol-server.ts';

let server: ZwddProtocolServer;
beforeAll(async () => {
  server = await ZwddProtocolServer.start();
});
afterAll(() => server.close());

const gatewayFor = (overrides: Partial<ConstructorParameters<typeof ZwddGateway>[0]> = {}) =>
  new ZwddGateway({ apiBase: server.apiBase, appKey: server.appKey, appSecret: server.appSecret, ...overrides });

describe('浙政钉 gateway client against the protocol server', () => {
  it('signs calls the server verifies independently, GET and POST, with Chinese, JSON and repeated names', async () => {
    const api = new ZwddApi(gatewayFor(), { tenantId: server.tenantId, appKey: server.appKey });
    const msg = JSON.stringify({ msgtype: 'text', text: { content: '请于5月10日前报送项目进展 a=b&c d+e%20 😀' } });
    const answer = await api.workNotification({ receiverIds: ['10001', '10002'], bizMsgId: 'gw-1', msg });
    expect(answer).toMatchObject({ ok: true, content: { msgId: expect.any(String) } });
    expect(server.notifications.at(-1)).toMatchObject({ bizMsgId: 'gw-1', receiverIds: ['10001', '10002'] });
    expect(server.rejected).toEqual([]);
  });

  it('is refused with the documented code when the secret is wrong, and says so', async () => {
    const answer = await gatewayFor({ appSecret: 'wrong' }).call(ZWDD_PATHS.workNotification, [
      ['tenantId', server.tenantId],
    ]);
    expect(answer).toMatchObject({ ok: false, kind: 'signature' });
    expect(!answer.ok && answer.detail).toContain('OPF-B001-05-16-0009');
  });

  it('is refused when its clock is off (the server checks the timestamp window)', async () => {
    const answer = await gatewayFor({ now: () => new Date(Date.now() - 3600_000) }).call(ZWDD_PATHS.workNotification, [
      ['tenantId', server.tenantId],
    ]);
    expect(answer).toMatchObject({ ok: false, kind: 'rejected' });
    expect(server.rejected.at(-1)).toMatchObject({ reason: 'stale timestamp' });
  });

  it('caches the token, shares one request between concurrent callers, and refreshes it before its end', async () => {
    let now = Date.now();
    const gateway = gatewayFor({ now: () => new Date(now) });
    server.now = () => now;
    const before = server.tokenRequests;
    const [a, b] = await Promise.all([gateway.accessToken(), gateway.accessToken()]);
    expect(a).toBe(b);
    expect(await gateway.accessToken()).toBe(a);
    expect(server.tokenRequests - before).toBe(1);
    now += (7200 - 599) * 1000; // within 10 minutes of the end: fetched again (the server returns the same token, renewed)
    expect(await gateway.accessToken()).toBe(a);
    expect(server.tokenRequests - before).toBe(2);
    server.now = Date.now;
  });

  it('reads expiresIn as a string too', async () => {
    server.tokenLifetimeS = '7200';
    try {
      expect(typeof (await gatewayFor().accessToken())).toBe('string');
    } finally {
      server.tokenLifetimeS = 7200;
    }
  });

  it('refreshes a refused token once and retries, signed anew', async () => {
    const gateway = gatewayFor();
    const params = [
      ['tenantId', server.tenantId],
      ['receiverIds', '1'],
      ['bizMsgId', 'gw-token'],
      ['msg', '{"msgtype":"text","text":{"content":"x"}}'],
    ] as const;
    await gateway.accessToken();
    server.expireTokens();
    const before = server.tokenRequests;
    const answer = await gateway.call(ZWDD_PATHS.workNotification, params, { tokenParam: 'access_token' });
    expect(answer.ok).toBe(true);
    expect(server.tokenRequests - before).toBe(1);
  });

  it('classifies 5xx, throttling and dropped connections as retryable, and a cut after the effect leaves the key reusable', async () => {
    const api = new ZwddApi(gatewayFor({ requestTimeoutMs: 2000 }), {
      tenantId: server.tenantId,
      appKey: server.appKey,
    });
    const send = () =>
      api.workNotification({
        receiverIds: ['1'],
        bizMsgId: 'gw-faults',
        msg: '{"msgtype":"text","text":{"content":"故障"}}',
      });
    server.failNext(ZWDD_PATHS.workNotification, { kind: 'status', status: 503 });
    expect(await send()).toMatchObject({ ok: false, kind: 'unavailable', status: 503 });
    server.failNext(ZWDD_PATHS.workNotification, { kind: 'throttle' });
    expect(await send()).toMatchObject({ ok: false, kind: 'throttled', retryAfterMs: 2000 });
    server.failNext(ZWDD_PATHS.workNotification, { kind: 'apply-then-drop' });
    expect(await send()).toMatchObject({ ok: false, kind: 'network' });
    expect(await send()).toMatchObject({ ok: false, kind: 'duplicate' });
    expect(server.notifications.filter((n) => n.bizMsgId === 'gw-faults')).toHaveLength(1);
  });
});

describe('envelope decoding (docs §3)', () => {
  it('accepts only 2xx-not-203 JSON with success true, content.success not false and responseCode 0', () => {
    expect(decodeAnswer('/x', 200, '{"success":true,"content":{"msgId":"m"}}')).toMatchObject({
      ok: true,
      content: { msgId: 'm' },
    });
    expect(decodeAnswer('/x', 200, '{"success":true,"content":"m"}')).toMatchObject({ ok: true, content: 'm' });
    expect(decodeAnswer('/x', 203, '{"success":true,"content":{}}')).toMatchObject({ ok: false, kind: 'unavailable' });
    expect(decodeAnswer('/x', 200, 'not json')).toMatchObject({ ok: false, kind: 'unavailable' });
    expect(
      decodeAnswer(
        '/x',
        200,
        '{"success":true,"content":{"success":false,"responseCode":"500","responseMessage":"receiver invalid"}}',
      ),
    ).toMatchObject({
      ok: false,
      kind: 'rejected',
      detail: expect.stringContaining('responseMessage=receiver invalid'),
    });
    expect(decodeAnswer('/x', 200, '{"success":true,"content":{"responseCode":"1"}}')).toMatchObject({ ok: false });
    expect(decodeAnswer('/x', 429, '', '7')).toMatchObject({ ok: false, kind: 'throttled', retryAfterMs: 7000 });
  });

  it('names every error field it finds, at both levels', () => {
    const answer = decodeAnswer(
      '/x',
      200,
      '{"success":false,"Code":"C1","Message":"M1","_RequestId":"r","bizErrorCode":"B2","errorCode":"E","errorMsg":"重复"}',
    );
    expect(answer).toMatchObject({ ok: false, kind: 'duplicate' });
    expect(!answer.ok && answer.detail).toBe(
      '/x: HTTP 200 errorCode=E errorMsg=重复 Code=C1 Message=M1 _RequestId=r bizErrorCode=B2',
    );
  });
});
