/**
 * The one ordering every platform receiver follows for every inbound delivery: decode → record
 * durably → acknowledge → process in the background. Recording before the ack means a crash never
 * loses an acknowledged message; acknowledging before processing means slow work never triggers a
 * redelivery. Adapters only decode and say how their platform acknowledges.
 */
import type { Logger } from 'pino';
import { CodedError } from './errors.ts';
import type { InboundEvent, InboundSink, Message } from './receiver.ts';

export type PipelineLogger = Pick<Logger, 'debug' | 'info' | 'warn' | 'error'>;

/** What an adapter's decoder hands the pipeline: an event, or why the delivery cannot be read. */
export type InboundDecodeResult<E extends InboundEvent = InboundEvent> =
  | { ok: true; event: E; warnings: readonly unknown[] }
  | { ok: false; error: { code: string; detail: string } };

export interface InboundAck {
  /** Sends the acknowledgement; a second call for the same delivery throws `duplicate-ack`. */
  ack(response: unknown): void;
  readonly acked: boolean;
}

export function createInboundAck(
  deliveryId: string,
  send: (deliveryId: string, response: unknown) => void,
): InboundAck {
  let acked = false;
  return {
    ack(response) {
      if (acked) throw new CodedError('duplicate-ack', `delivery ${deliveryId} acknowledged twice`);
      acked = true;
      send(deliveryId, response);
    },
    get acked() {
      return acked;
    },
  };
}

export type InboundOutcome =
  | { kind: 'undecodable' }
  /** Not acknowledged, so the platform redelivers once the store is back. */
  | { kind: 'record-failed' }
  | { kind: 'duplicate' }
  | {
      kind: 'accepted';
      processing: Promise<void>;
      /** What processing answered (undefined if it failed), for a platform that can show it in band. */
      replies: Promise<Message[] | undefined>;
    };

export interface InboundPipelineOptions {
  /** Names the platform in logs. */
  platform: string;
  /** What the platform expects as the body of an acknowledgement. */
  ackResponse: unknown;
  /** Decode errors an operator must act on (logged as errors, not warnings). */
  severeDecodeErrors?: ReadonlySet<string>;
}

export async function acceptInbound(
  decoded: InboundDecodeResult,
  ack: InboundAck,
  sink: InboundSink,
  log: PipelineLogger,
  deliveryId: string,
  options: InboundPipelineOptions,
): Promise<InboundOutcome> {
  const { platform, ackResponse } = options;
  if (!decoded.ok) {
    const level = options.severeDecodeErrors?.has(decoded.error.code) ? 'error' : 'warn';
    log[level]({ deliveryId, error: decoded.error }, `${platform}: delivery not decodable, acknowledged and dropped`);
    // Redelivering a payload we cannot read would fail the same way every time.
    ack.ack(ackResponse);
    return { kind: 'undecodable' };
  }
  const { event, warnings } = decoded;
  if (warnings.length > 0)
    log.warn({ deliveryId, messageId: event.messageId, warnings }, `${platform}: delivery decoded with warnings`);

  let fresh: boolean;
  try {
    fresh = await sink.record(event);
  } catch (err) {
    log.error(
      { err, deliveryId, messageId: event.messageId },
      `${platform}: recording the delivery failed, leaving it unacknowledged`,
    );
    return { kind: 'record-failed' };
  }
  ack.ack(ackResponse);
  if (!fresh) {
    log.debug({ deliveryId, messageId: event.messageId }, `${platform}: duplicate delivery acknowledged`);
    // A redelivery of a message still waiting for a retry is a reason to try now, not to drop it.
    sink.redelivered?.(event);
    return { kind: 'duplicate' };
  }
  const replies = sink.process(event).then(
    (answer) => answer,
    (err: unknown) => {
      log.error({ err, messageId: event.messageId }, `${platform}: processing the delivery failed`);
      return undefined;
    },
  );
  return { kind: 'accepted', processing: replies.then(() => undefined), replies };
}
