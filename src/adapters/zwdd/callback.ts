/**
 * The inbound HTTP callback of PLATFORM=zwdd on HOST:PORT + ZWDD_CALLBACK_PATH (a route of the bot's listener). 浙政钉 has no Stream
 * mode, so this is the only way messages arrive (docs §1, §8). Each callback is verified before its body
 * is read (a `timestamp` + `sign` pair as public DingTalk's robot callback, key configurable, docs §8),
 * then decoded and handed to the app's record → ack → process pipeline.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { acceptInbound, createInboundAck } from '../../app/inbound-pipeline.ts';
import type { InboundSink, Receiver, SignatureLedger } from '../../app/receiver.ts';
import { CallbackRoute } from '../../lib/callback-route.ts';
import { decodeCallback, ZWDD_INBOUND } from './decode.ts';

export type AdapterLogger = Pick<Logger, 'debug' | 'info' | 'warn' | 'error'>;

/** Public DingTalk's window for the callback timestamp (docs §8). */
export const CALLBACK_MAX_SKEW_MS = 60 * 60_000;
const MAX_BODY_BYTES = 1024 * 1024;

export type CallbackCheck = 'ok' | 'missing' | 'stale' | 'mismatch';

export function callbackSign(timestamp: string, key: string): string {
  return createHmac('sha256', key).update(`${timestamp}\n${key}`).digest('base64');
}

export function verifyCallback(
  timestamp: string | undefined,
  sign: string | undefined,
  key: string,
  now: number,
): CallbackCheck {
  if (timestamp === undefined || sign === undefined || !/^\d{1,16}$/.test(timestamp)) return 'missing';
  if (Math.abs(now - Number(timestamp)) > CALLBACK_MAX_SKEW_MS) return 'stale';
  const expected = Buffer.from(callbackSign(timestamp, key));
  const given = Buffer.from(sign);
  return expected.length === given.length && timingSafeEqual(expected, given) ? 'ok' : 'mismatch';
}

export interface ZwddCallbackOptions {
  /** Path of the robot's outgoingUrl (ZWDD_CALLBACK_PATH). */
  path: string;
  /** The AppSecret by default; the robot's outgoingToken if the tenant signs with that (docs §8). */
  verificationKey: string;
  /** Wall-clock time: the platform signs with its own clock, not the bot's business clock. */
  now?: () => number;
  /** Remembers which message each (timestamp, sign) pair came with, durably, for the validity window. */
  signatures: SignatureLedger;
}

/** The robot callback, mounted on the bot's listener beside the ops routes (as DingTalk's HTTP mode). */
export class ZwddCallbackReceiver extends CallbackRoute implements Receiver {
  constructor(
    private readonly options: ZwddCallbackOptions,
    private readonly sink: InboundSink,
    private readonly logger: AdapterLogger,
  ) {
    super(options.path, (err) => logger.error({ err }, 'zwdd: callback failed'));
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'POST') {
      req.resume();
      return respond(res, 405, { error: 'method not allowed' });
    }
    const now = (this.options.now ?? Date.now)();
    const check = verifyCallback(header(req, 'timestamp'), header(req, 'sign'), this.options.verificationKey, now);
    if (check !== 'ok') {
      this.logger.warn({ check, remote: req.socket.remoteAddress }, 'zwdd: rejected callback signature');
      req.resume();
      return respond(res, 401, { error: 'invalid signature' });
    }
    const raw = await readBody(req);
    if (raw === undefined) return respond(res, 413, { error: 'body too large' });
    let body: unknown;
    try {
      body = JSON.parse(raw) as unknown;
    } catch {
      this.logger.warn('zwdd: callback body is not JSON');
      return respond(res, 400, { error: 'body is not JSON' });
    }
    const decoded = decodeCallback(body);
    // Until the payload is confirmed on a test tenant, the raw body of an unreadable callback is what an operator needs.
    if (!decoded.ok) this.logger.warn({ body: raw.slice(0, 2000) }, 'zwdd: callback payload not understood');
    const deliveryId = decoded.ok ? decoded.event.messageId : 'unknown';
    // The sign covers only the timestamp, so a captured pair would authenticate any body for the whole
    // window: a pair is good for the one message it first came with (a redelivery of it passes).
    const timestamp = header(req, 'timestamp') ?? '';
    let claimed: boolean;
    try {
      claimed = await this.options.signatures.claimSignature(
        `zwdd:${timestamp}:${header(req, 'sign') ?? ''}`,
        deliveryId,
        new Date(Number(timestamp) + CALLBACK_MAX_SKEW_MS),
      );
    } catch (err) {
      // As when recording fails: not 200, so the platform retries once our store is back.
      this.logger.error({ err, deliveryId }, 'zwdd: could not claim the callback signature');
      return respond(res, 503, { error: 'temporarily unavailable' });
    }
    if (!claimed) {
      this.logger.warn(
        { deliveryId, remote: req.socket.remoteAddress },
        'zwdd: replayed signature with another message refused',
      );
      return respond(res, 401, { error: 'signature already used' });
    }
    const ack = createInboundAck(deliveryId, (_id, response) => respond(res, 200, response));
    const outcome = await acceptInbound(decoded, ack, this.sink, this.logger, deliveryId, ZWDD_INBOUND);
    if (outcome.kind === 'record-failed') respond(res, 503, { error: 'temporarily unavailable' });
  }
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function respond(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= MAX_BODY_BYTES) chunks.push(chunk);
  }
  return size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks).toString('utf8');
}
