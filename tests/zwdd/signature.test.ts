import { describe, expect, it } from 'vitest';
import {
  canonicalParams,
  compareCaseInsensitive,
  computeSignature,
  createNonce,
  formatTimestamp,
  signedHeaders,
  stringToSign,
  type GatewayParam,
} from '../../src/adapters/zwdd/signature.ts';

/** The worked examples of docs/zwdd-protocol.md §2.3, computed there with the JDK, Node, Python and openssl. */
const SECRET = 'demo-secret-key';
const TIMESTAMP = '2024-05-01T10:00:00.000+08:00';
const WORK_NOTIFICATION: GatewayParam[] = [
  ['tenantId', '196729'],
  ['receiverIds', '10001,10002'],
  ['bizMsgId', 'notice-20240501-0001'],
  ['msg', '{"msgtype":"text","text":{"content":"请于5月10日前报送项目进展"}}'],
];

describe('浙政钉 gateway signature (docs §2)', () => {
  it('A: signs the work notification exactly as the worked example', () => {
    const input = {
      method: 'POST' as const,
      timestamp: TIMESTAMP,
      nonce: '17145288000001234',
      path: '/message/workNotification',
      params: WORK_NOTIFICATION,
    };
    expect(stringToSign(input)).toBe(
      'POST\n2024-05-01T10:00:00.000+08:00\n17145288000001234\n/message/workNotification\n' +
        'bizMsgId=notice-20240501-0001&msg={"msgtype":"text","text":{"content":"请于5月10日前报送项目进展"}}&receiverIds=10001,10002&tenantId=196729',
    );
    expect(computeSignature(input, SECRET)).toBe('B/MrOLAepZqfRZNqer6jv/IMdVlWDy/WwVnxM6pvdfY=');
    expect(computeSignature(input, SECRET, 'md5')).toBe('5f841cdc15896a3867383eb43eb72217');
  });

  it('B: signs the token request', () => {
    const input = {
      method: 'GET' as const,
      timestamp: TIMESTAMP,
      nonce: '17145288000005678',
      path: '/gettoken.json',
      params: [
        ['appkey', 'demo-app-key'],
        ['appsecret', SECRET],
      ] as GatewayParam[],
    };
    expect(computeSignature(input, SECRET)).toBe('EgKZHWSy6JmrL5lqf+/AQFrNPiO8UE/BjFvjnjvbeGQ=');
  });

  it('C: ends after the path when no parameter is left (empty ones are dropped)', () => {
    const input = {
      method: 'GET' as const,
      timestamp: TIMESTAMP,
      nonce: '1',
      path: '/gettoken.json',
      params: [
        ['appkey', ''],
        ['', 'x'],
        ['blank', '  '],
      ] as GatewayParam[],
    };
    expect(stringToSign(input)).toBe('GET\n2024-05-01T10:00:00.000+08:00\n1\n/gettoken.json');
    expect(computeSignature(input, SECRET)).toBe('xrwuxeerkIP3VBB4aGFbA7a84Issz71PXcTf2bYT0rw=');
  });

  it.each<[GatewayParam[], string]>([
    [
      [
        ['Zeta', 'z'],
        ['appKey', 'k'],
        ['alpha', 'a'],
        ['Beta', 'b'],
      ],
      'alpha=a&appKey=k&Beta=b&Zeta=z',
    ],
    [
      [
        ['msgId', 't1'],
        ['msg_id', 't2'],
      ],
      'msg_id=t2&msgId=t1',
    ],
    [
      [
        ['dueNotifyTypeArr', 'sms'],
        ['subject', 's'],
        ['dueNotifyTypeArr', 'ding'],
        ['dueNotifyTypeArr', 'app'],
      ],
      'dueNotifyTypeArr=app&dueNotifyTypeArr=ding&dueNotifyTypeArr=sms&subject=s',
    ],
    [
      [
        ['msgType', 'b'],
        ['msgtype', 'a'],
      ],
      'msgType=a&msgType=b',
    ],
    [
      [
        ['organizationCodes', ''],
        ['receiverIds', '1'],
      ],
      'receiverIds=1',
    ],
    [[['msg', 'a=b&c d+e%20 😀 中文']], 'msg=a=b&c d+e%20 😀 中文'],
  ])('D: orders %j as the JDK does', (params, expected) => {
    expect(canonicalParams(params)).toBe(expected);
  });

  it('compares like Java CASE_INSENSITIVE_ORDER, shorter first on a tie', () => {
    expect(compareCaseInsensitive('abc', 'ABC')).toBe(0);
    expect(compareCaseInsensitive('ab', 'ABC')).toBeLessThan(0);
    expect(compareCaseInsensitive('_', 'a')).toBeLessThan(0);
    expect(compareCaseInsensitive('_', 'A')).toBeLessThan(0);
  });

  it('prints the timestamp in +08:00 whatever the server zone, and a fresh numeric nonce', () => {
    const at = new Date('2024-05-01T02:00:00.000Z');
    expect(formatTimestamp(at)).toBe(TIMESTAMP);
    expect(formatTimestamp(new Date('2024-04-30T16:00:00.007Z'))).toBe('2024-05-01T00:00:00.007+08:00');
    expect(createNonce(at, () => 42)).toBe(`${at.getTime()}0042`);
    const burst = Array.from({ length: 500 }, () => createNonce(at));
    expect(new Set(burst).size).toBe(500);
    expect(burst.every((nonce) => /^\d{17}$/.test(nonce))).toBe(true);
    const headers = signedHeaders(
      { method: 'POST', path: '/message/workNotification', params: WORK_NOTIFICATION },
      { apiKey: 'demo-app-key', secretKey: SECRET },
      at,
      '17145288000001234',
    );
    expect(headers).toEqual({
      apiKey: 'demo-app-key',
      'X-Hmac-Auth-Timestamp': TIMESTAMP,
      'X-Hmac-Auth-Nonce': '17145288000001234',
      'X-Hmac-Auth-Version': '1.0',
      'X-Hmac-Auth-Signature': 'B/MrOLAepZqfRZNqer6jv/IMdVlWDy/WwVnxM6pvdfY=',
    });
  });
});
