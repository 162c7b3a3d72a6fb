/**
 * Request signing of the 浙政钉 (专有钉钉) open-platform gateway, ported from the official Java SDK
 * (docs/zwdd-protocol.md §2): string to sign, Java `String.CASE_INSENSITIVE_ORDER` parameter ordering,
 * empty values dropped, raw (not URL-encoded) values, HmacSHA256 in Base64, and the MD5 variant.
 * Pure functions; the gateway client and the protocol test server's unit tests both pin §2.3.
 */
import { createHash, createHmac, randomInt } from 'node:crypto';

/** One request parameter; a list parameter is the same name repeated (docs §2.5). */
export type GatewayParam = readonly [name: string, value: string];

export type SignatureAlgorithm = 'hmac-sha256' | 'md5';

export const SIGNATURE_HEADERS = {
  apiKey: 'apiKey',
  timestamp: 'X-Hmac-Auth-Timestamp',
  nonce: 'X-Hmac-Auth-Nonce',
  version: 'X-Hmac-Auth-Version',
  signature: 'X-Hmac-Auth-Signature',
  ip: 'X-Hmac-Auth-IP',
  mac: 'X-Hmac-Auth-MAC',
  algorithm: 'X-Hmac-Auth-Algorithm',
} as const;

/** The SDK's default `X-Hmac-Auth-Version`. */
export const SIGNATURE_VERSION = '1.0';

const SHANGHAI_OFFSET_MS = 8 * 60 * 60_000;

/**
 * `2024-05-01T10:00:00.000+08:00`: ISO-8601 with milliseconds in China time. Third-party clients insist
 * on the `+08:00` offset (docs §2.6), whatever zone the server runs in.
 */
export function formatTimestamp(at: Date): string {
  return `${new Date(at.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, -1)}+08:00`;
}

/**
 * Epoch milliseconds followed by four digits, as other clients do; fresh for every attempt. The digits
 * count up from a random start, so two calls of this process in one millisecond never share a nonce.
 */
let nonceCounter = randomInt(10_000);
export function createNonce(at: Date, next: () => number = () => (nonceCounter = (nonceCounter + 1) % 10_000)): string {
  return `${at.getTime()}${String(next()).padStart(4, '0')}`;
}

/** Java's `Character.toUpperCase/toLowerCase(char)`: one UTF-16 unit in, one out. */
function caseFold(unit: string, fold: (s: string) => string): string {
  const folded = fold(unit);
  return folded.length === 1 ? folded : unit;
}

/** Java `String.CASE_INSENSITIVE_ORDER.compare`. */
export function compareCaseInsensitive(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let c1 = a[i]!;
    let c2 = b[i]!;
    if (c1 === c2) continue;
    c1 = caseFold(c1, (s) => s.toUpperCase());
    c2 = caseFold(c2, (s) => s.toUpperCase());
    if (c1 === c2) continue;
    c1 = caseFold(c1, (s) => s.toLowerCase());
    c2 = caseFold(c2, (s) => s.toLowerCase());
    if (c1 !== c2) return c1.charCodeAt(0) - c2.charCodeAt(0);
  }
  return a.length - b.length;
}

/** Java `String.compareTo`: UTF-16 code units, which is what JavaScript's `<` compares. */
function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The SDK neither sends nor signs a parameter whose name is empty or whose value is blank. */
export function sendableParams(params: readonly GatewayParam[]): GatewayParam[] {
  return params.filter(([name, value]) => name !== '' && value.trim() !== '');
}

/** The PARAMS line of the string to sign (docs §2.2 steps 1–4); '' when no parameter is left. */
export function canonicalParams(params: readonly GatewayParam[]): string {
  const groups: { name: string; values: string[] }[] = [];
  for (const [name, value] of sendableParams(params)) {
    const group = groups.find((g) => compareCaseInsensitive(g.name, name) === 0);
    if (group) group.values.push(value);
    else groups.push({ name, values: [value] });
  }
  groups.sort((a, b) => compareCaseInsensitive(a.name, b.name));
  return groups.flatMap((g) => [...g.values].sort(compareCodeUnits).map((value) => `${g.name}=${value}`)).join('&');
}

export interface SigningInput {
  method: 'GET' | 'POST';
  timestamp: string;
  nonce: string;
  /** The URL path only: no scheme, host or query string. */
  path: string;
  params: readonly GatewayParam[];
}

export function stringToSign(input: SigningInput): string {
  const head = `${input.method}\n${input.timestamp}\n${input.nonce}\n${input.path}`;
  const params = canonicalParams(input.params);
  return params === '' ? head : `${head}\n${params}`;
}

export function computeSignature(
  input: SigningInput,
  secretKey: string,
  algorithm: SignatureAlgorithm = 'hmac-sha256',
): string {
  const message = stringToSign(input);
  if (algorithm === 'md5') return createHash('md5').update(`${message}\n${secretKey}`, 'utf8').digest('hex');
  return createHmac('sha256', Buffer.from(secretKey, 'utf8')).update(message, 'utf8').digest('base64');
}

export interface SignedRequestHeaders {
  [header: string]: string;
}

/** Every header the SDK sends, for one attempt (a retry must be signed again with a new nonce). */
export function signedHeaders(
  input: Omit<SigningInput, 'timestamp' | 'nonce'>,
  credentials: { apiKey: string; secretKey: string },
  at: Date,
  nonce: string = createNonce(at),
): SignedRequestHeaders {
  const timestamp = formatTimestamp(at);
  return {
    [SIGNATURE_HEADERS.apiKey]: credentials.apiKey,
    [SIGNATURE_HEADERS.timestamp]: timestamp,
    [SIGNATURE_HEADERS.nonce]: nonce,
    [SIGNATURE_HEADERS.version]: SIGNATURE_VERSION,
    [SIGNATURE_HEADERS.signature]: computeSignature({ ...input, timestamp, nonce }, credentials.secretKey),
  };
}
