/**
 * GET /healthz, /readyz and /metrics (DESIGN §9), mounted first on whichever listener serves HOST:PORT
 * in the running mode. /healthz says the process answers; /readyz says it can do its work (database
 * and platform connection); /metrics is the Prometheus text format. With OPS_TOKEN set, /metrics and
 * the details of /readyz need `Authorization: Bearer <OPS_TOKEN>`, because they reveal internals.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** A route handler: true when it answered the request, false to let the next one try. */
export type Route = (req: IncomingMessage, res: ServerResponse) => boolean;

export type CheckResult = 'ok' | 'disconnected' | 'unavailable' | 'timeout';

export interface OpsRoutesOptions {
  /** The Prometheus exposition. */
  metrics: { contentType: string; text(): Promise<string> };
  token?: string;
  /** Each named check: 'ok' or why not. Run concurrently on every /readyz. */
  checks: Record<string, () => Promise<CheckResult>>;
  onError(error: unknown): void;
  /** A check slower than this counts as failed: a probe must answer before the orchestrator gives up. */
  checkTimeoutMs?: number;
}

export function opsRoutes(options: OpsRoutesOptions): Route {
  const authorized = (req: IncomingMessage) =>
    options.token === undefined || bearerMatches(req.headers.authorization, options.token);
  return (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    switch (path) {
      case '/healthz':
        sendJson(res, 200, { status: 'ok' });
        return true;
      case '/readyz':
        readiness(options.checks, options.checkTimeoutMs ?? 3000).then(
          ({ ready, checks }) =>
            sendJson(res, ready ? 200 : 503, {
              status: ready ? 'ready' : 'not-ready',
              ...(authorized(req) ? { checks } : {}),
            }),
          (error: unknown) => fail(res, error, options),
        );
        return true;
      case '/metrics':
        if (!authorized(req)) {
          sendJson(res, 401, { error: 'unauthorized' }, { 'www-authenticate': 'Bearer' });
          return true;
        }
        options.metrics.text().then(
          (text) => {
            res.writeHead(200, { 'content-type': options.metrics.contentType, 'cache-control': 'no-store' });
            res.end(text);
          },
          (error: unknown) => fail(res, error, options),
        );
        return true;
      default:
        return false;
    }
  };
}

async function readiness(
  checks: OpsRoutesOptions['checks'],
  timeoutMs: number,
): Promise<{ ready: boolean; checks: Record<string, CheckResult> }> {
  const entries = await Promise.all(
    Object.entries(checks).map(async ([name, check]) => [name, await withTimeout(check, timeoutMs)] as const),
  );
  return { ready: entries.every(([, result]) => result === 'ok'), checks: Object.fromEntries(entries) };
}

async function withTimeout(check: () => Promise<CheckResult>, timeoutMs: number): Promise<CheckResult> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<CheckResult>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  try {
    return await Promise.race([check().catch((): CheckResult => 'unavailable'), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Compares digests, so neither the token's length nor its content leaks through timing. */
function bearerMatches(header: string | undefined, token: string): boolean {
  const given = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '')?.[1];
  if (given === undefined) return false;
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(token));
}

function fail(res: ServerResponse, error: unknown, options: OpsRoutesOptions): void {
  options.onError(error);
  if (!res.headersSent) sendJson(res, 500, { error: 'internal error' });
  else res.end();
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(payload),
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(payload);
}
