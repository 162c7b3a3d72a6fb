/**
 * HTTP callback mode (docs/dingtalk-protocol.md §6), for deployments that cannot hold a Stream
 * connection: DingTalk POSTs the robot message JSON with `timestamp` and `sign` headers. The handler is
 * a plain node:http listener so the app can mount it on its own server.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { acceptInbound, createInboundAck } from '../../app/inbound-pipeline.ts';
import type { InboundSink, SignatureLedger } from '../../app/receiver.ts';
import { DINGTALK_INBOUND, decodeRobotMessage, parseFrameData } from './decode.ts';
import type { AdapterLogger } from './logger.ts';

export interface DingTalkHttpHandlerOptions {
  appSecret: string;
  /** Our robot's code: a signed body naming another robot was not sent to us. */
  robotCode: string;
  sink: InboundSink;
  /** Where used (timestamp, sign) pairs are remembered; durable, so a restart forgets none. */
  signatures: SignatureLedger;
  logger: AdapterLogger;
  now?: () => number;
  maxBodyBytes?: number;
}

/** DingTalk's rule: a timestamp more than an hour away from our clock is illegal. */
export const MAX_CLOCK_SKEW_MS = 60 * 60_000;
/** DingTalk signs at sending time, so a timestamp from the future is only clock drift, never an hour of it. */
export const MAX_FUTURE_SKEW_MS = 5 * 60_000;
const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

export function computeSign(timestamp: string, appSecret: string): string {
  return createHmac('sha256', appSecret).update(`${timestamp}\n${appSecret}`).digest('base64');
}

export type SignatureCheck = 'ok' | 'missing' | 'stale' | 'mismatch';

export function verifySignature(
  timestamp: string | undefined,
  sign: string | undefined,
  appSecret: string,
  now: number,
): SignatureCheck {
  if (timestamp === undefined || sign === undefined || !/^\d{1,16}$/.test(timestamp)) return 'missing';
  const age = now - Number(timestamp);
  if (age > MAX_CLOCK_SKEW_MS || -age > MAX_FUTURE_SKEW_MS) return 'stale';
  const expected = Buffer.from(computeSign(timestamp, appSecret));
  const given = Buffer.from(sign);
  // timingSafeEqual needs equal lengths; a length mismatch reveals nothing about the secret.
  return expected.length === given.length && timingSafeEqual(expected, given) ? 'ok' : 'mismatch';
}

/**
 * Returns a request listener. The promise it returns settles once the response is sent (processing
 * continues in the background); node:http ignores it, tests may await it.
 */
export function createDingTalkHttpHandler(
  options: DingTalkHttpHandlerOptions,
): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const now = options.now ?? Date.now;
  const log = options.logger;
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;

  return async (req, res) => {
    if (req.method !== 'POST') {
      req.resume();
      respond(res, 405, { error: 'method not allowed' }, { allow: 'POST' });
      return;
    }
    // Checked before the body is read, so unauthenticated callers cannot make us buffer anything.
    const check = verifySignature(header(req, 'timestamp'), header(req, 'sign'), options.appSecret, now());
    if (check !== 'ok') {
      log.warn({ check, remote: req.socket.remoteAddress }, 'dingtalk http: rejected callback signature');
      req.resume();
      respond(res, 401, { error: 'invalid signature' });
      return;
    }

    const body = await readBody(req, maxBodyBytes);
    if (body === undefined) {
      respond(res, 413, { error: 'body too large' });
      return;
    }
    const data = parseFrameData(body);
    if (!data.ok) {
      log.warn({ error: data.error }, 'dingtalk http: callback body is not JSON');
      respond(res, 400, { error: 'body is not JSON' });
      return;
    }

    const robotCode = (data.value as { robotCode?: unknown } | null)?.robotCode;
    if (robotCode !== options.robotCode) {
      log.warn({ robotCode, remote: req.socket.remoteAddress }, 'dingtalk http: callback for another robot refused');
      respond(res, 403, { error: 'wrong robot' });
      return;
    }
    const decoded = decodeRobotMessage(data.value);
    const deliveryId = decoded.ok ? decoded.event.messageId : 'unknown';
    // The sign covers only the timestamp, so a captured (timestamp, sign) pair would authenticate any
    // body for an hour. A pair is good for one message: DingTalk's own retry of that message passes.
    const timestamp = header(req, 'timestamp') ?? '';
    const key = `dingtalk:${timestamp}:${header(req, 'sign') ?? ''}`;
    let claimed: boolean;
    try {
      claimed = await options.signatures.claimSignature(
        key,
        deliveryId,
        new Date(Number(timestamp) + MAX_CLOCK_SKEW_MS),
      );
    } catch (err) {
      // As when recording fails: not 200, so DingTalk retries once our store is back.
      log.error({ err, deliveryId }, 'dingtalk http: could not claim the callback signature');
      respond(res, 503, { error: 'temporarily unavailable' });
      return;
    }
    if (!claimed) {
      log.warn(
        { deliveryId, remote: req.socket.remoteAddress },
        'dingtalk http: replayed signature with another message refused',
      );
      respond(res, 401, { error: 'signature already used' });
      return;
    }
    const ack = createInboundAck(deliveryId, (_id, response) => respond(res, 200, response));
    const outcome = await acceptInbound(decoded, ack, options.sink, log, deliveryId, DINGTALK_INBOUND);
    // Not 200: DingTalk should retry once our store is back.
    if (outcome.kind === 'record-failed') respond(res, 503, { error: 'temporarily unavailable' });
  };
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function respond(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}

/** Resolves undefined when the body exceeds the limit (the rest is drained and discarded). */
async function readBody(req: IncomingMessage, maxBytes: number): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  let tooLarge = false;
  for await (const chunk of req as AsyncIterable<unknown>) {
    if (!Buffer.isBuffer(chunk)) continue;
    size += chunk.length;
    if (size > maxBytes) tooLarge = true;
    if (!tooLarge) chunks.push(chunk);
  }
  return tooLarge ? undefined : Buffer.concat(chunks).toString('utf8');
}
