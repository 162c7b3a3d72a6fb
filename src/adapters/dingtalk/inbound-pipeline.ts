/**
 * The one ordering both receivers follow for every callback: decode → record durably → acknowledge →
 * process in the background. Recording before the ack means a crash never loses an acknowledged
 * message; acknowledging before processing means slow work never triggers a redelivery
 * (docs/dingtalk-protocol.md §1.5).
 */
import type { InboundEvent, InboundSink } from '../../app/receiver.ts';
import type { DecodeResult } from './decode.ts';
import { DingTalkAdapterError } from './errors.ts';
import type { AdapterLogger } from './logger.ts';

export interface CallbackAck {
  /** Sends the acknowledgement; a second call for the same callback throws DINGTALK_MULTIPLE_ACK. */
  ack(response: unknown): void;
  readonly acked: boolean;
}

export function createCallbackAck(messageId: string, send: (messageId: string, response: unknown) => void): CallbackAck {
  let acked = false;
  return {
    ack(response) {
      if (acked) throw new DingTalkAdapterError('DINGTALK_MULTIPLE_ACK', `callback ${messageId} acknowledged twice`);
      acked = true;
      send(messageId, response);
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
  | { kind: 'accepted'; processing: Promise<void> };

/** Nothing to update on a card from here; the outbox updates it once the click is processed. */
const ACK_RESPONSE = {};

export async function acceptInbound(
  decoded: DecodeResult<InboundEvent>,
  ack: CallbackAck,
  sink: InboundSink,
  log: AdapterLogger,
  deliveryId: string,
): Promise<InboundOutcome> {
  if (!decoded.ok) {
    const level = decoded.error.code === 'quota-exhausted' ? 'error' : 'warn';
    log[level]({ deliveryId, error: decoded.error }, 'dingtalk: callback not decodable, acknowledged and dropped');
    // Redelivering a payload we cannot read would fail the same way every time.
    ack.ack(ACK_RESPONSE);
    return { kind: 'undecodable' };
  }
  const { event, warnings } = decoded;
  if (warnings.length > 0) log.warn({ deliveryId, messageId: event.messageId, warnings }, 'dingtalk: callback decoded with warnings');

  let fresh: boolean;
  try {
    fresh = await sink.record(event);
  } catch (err) {
    log.error({ err, deliveryId, messageId: event.messageId }, 'dingtalk: recording the callback failed, leaving it unacknowledged');
    return { kind: 'record-failed' };
  }
  ack.ack(ACK_RESPONSE);
  if (!fresh) {
    log.debug({ deliveryId, messageId: event.messageId }, 'dingtalk: duplicate delivery acknowledged');
    return { kind: 'duplicate' };
  }
  const processing = sink.process(event).then(
    () => undefined,
    (err: unknown) => log.error({ err, messageId: event.messageId }, 'dingtalk: processing the callback failed'),
  );
  return { kind: 'accepted', processing };
}
