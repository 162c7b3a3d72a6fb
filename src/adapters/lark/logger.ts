/**
 * The logger handed to the Lark SDK. With its default logger SDK 1.74.0 prints a failed token request
 * as the raw AxiosError (`TokenManager.requestToken`), whose `config.data` is the request body holding
 * `app_secret`; API failures print the request body and URL. Everything the SDK logs therefore passes
 * through here: errors are reduced to message, status and the platform's answer, and the app secret,
 * access tokens, `Bearer` headers and the WebSocket ticket are masked before the line reaches pino.
 */
import type { Logger } from 'pino';

export type AdapterLogger = Pick<Logger, 'debug' | 'info' | 'warn' | 'error'>;

/** The SDK's logger shape (`Logger` in its types): each method gets the SDK's own argument list. */
export interface SdkLogger {
  error(...msg: unknown[]): void;
  warn(...msg: unknown[]): void;
  info(...msg: unknown[]): void;
  debug(...msg: unknown[]): void;
  trace(...msg: unknown[]): void;
}

const MASK = '***';

/** Token-like values the SDK may log: tenant/app/user tokens, Bearer headers, a ws URL's ticket and access key. */
const TOKEN_PATTERNS: readonly [RegExp, string][] = [
  [/\b[tau]-[A-Za-z0-9._-]{16,}/g, MASK],
  [/(Bearer\s+)[A-Za-z0-9._~+/=-]+/gi, `$1${MASK}`],
  [
    /((?:ticket|access_key|app_secret|AppSecret|tenant_access_token|app_access_token)["']?\s*[=:]\s*["']?)[^"'&\s,}]+/gi,
    `$1${MASK}`,
  ],
];

export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (secret.length >= 4) out = out.split(secret).join(MASK);
  for (const [pattern, replacement] of TOKEN_PATTERNS) out = out.replace(pattern, replacement);
  return out;
}

/** Turns whatever the SDK passed (strings, AxiosErrors, arrays of both) into one line of text. */
function describe(value: unknown, depth = 0): string {
  if (typeof value === 'string') return value;
  if (value instanceof Error) {
    const response = (value as { response?: { status?: unknown; data?: unknown } }).response;
    const parts = [value.message];
    if (response?.status !== undefined) parts.push(`HTTP ${String(response.status)}`);
    if (response?.data !== undefined) parts.push(describe(response.data, depth + 1));
    return parts.join(' ');
  }
  if (Array.isArray(value) && depth < 3) return value.map((item) => describe(item, depth + 1)).join(' ');
  if (value !== null && typeof value === 'object') {
    // formatErrors() objects carry the request (config.data, url); only the platform's answer is kept.
    const record = value as { response?: unknown; config?: unknown; message?: unknown };
    if ('config' in record || 'request' in record) {
      return [typeof record.message === 'string' ? record.message : '', describe(record.response ?? '', depth + 1)]
        .filter(Boolean)
        .join(' ');
    }
    try {
      return JSON.stringify(value);
    } catch {
      return String(value);
    }
  }
  return String(value);
}

export function createSdkLogger(target: AdapterLogger, secrets: readonly string[]): SdkLogger {
  const line = (msg: unknown[]) => `lark sdk: ${redact(describe(msg), secrets)}`;
  return {
    error: (...msg) => target.error(line(msg)),
    warn: (...msg) => target.warn(line(msg)),
    info: (...msg) => target.info(line(msg)),
    debug: (...msg) => target.debug(line(msg)),
    trace: (...msg) => target.debug(line(msg)),
  };
}
