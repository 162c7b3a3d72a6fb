/**
 * Stream-mode receiver: the official SDK client (DingTalkStreamClient) delivers robot messages and card
 * clicks; each CALLBACK frame goes through acceptInbound. Transport only: no policy, no database.
 */
import type { DWClientDownStream } from 'dingtalk-stream';
import { acceptInbound, createInboundAck } from '../../app/inbound-pipeline.ts';
import type { InboundSink, Receiver } from '../../app/receiver.ts';
import { CARD_CALLBACK_TOPIC, DINGTALK_INBOUND, decodeCallbackFrame, ROBOT_MESSAGE_TOPIC } from './decode.ts';
import type { AdapterLogger } from './logger.ts';
import { DingTalkStreamClient, type StreamClientConfig } from './stream-client.ts';

export type DingTalkStreamReceiverConfig = Omit<StreamClientConfig, 'logger'>;

export class DingTalkStreamReceiver implements Receiver {
  readonly #client: DingTalkStreamClient;
  readonly #sink: InboundSink;
  readonly #log: AdapterLogger;
  /** Handlers and background processing still running, so stop() can wait for them. */
  readonly #inFlight = new Set<Promise<void>>();

  constructor(config: DingTalkStreamReceiverConfig, sink: InboundSink, logger: AdapterLogger) {
    this.#sink = sink;
    this.#log = logger;
    this.#client = new DingTalkStreamClient({ ...config, logger });
    for (const topic of [ROBOT_MESSAGE_TOPIC, CARD_CALLBACK_TOPIC]) {
      this.#client.registerCallbackListener(topic, (frame) => this.#track(this.#onCallback(frame)));
    }
  }

  async start(): Promise<void> {
    await this.#client.connect();
  }

  /** False from the moment the socket drops until the reconnect loop has opened a new one. */
  connected(): boolean {
    return this.#client.isOpen();
  }

  async stop(): Promise<void> {
    await this.#client.close();
    while (this.#inFlight.size > 0) await Promise.allSettled([...this.#inFlight]);
  }

  async #onCallback(frame: DWClientDownStream): Promise<void> {
    const messageId: unknown = frame.headers?.messageId;
    if (typeof messageId !== 'string' || messageId === '') {
      // Nothing to acknowledge against; the SDK's send() would throw on it (client.mjs:283).
      this.#log.warn({ topic: frame.headers?.topic }, 'dingtalk stream: callback frame without messageId dropped');
      return;
    }
    const ack = createInboundAck(messageId, (id, response) => {
      if (!this.#client.ackCallback(id, response)) {
        this.#log.warn({ deliveryId: id }, 'dingtalk stream: connection gone before the ack, expecting a redelivery');
      }
    });
    const decoded = decodeCallbackFrame(frame.headers.topic, frame.data, frame.headers);
    const outcome = await acceptInbound(decoded, ack, this.#sink, this.#log, messageId, DINGTALK_INBOUND);
    if (outcome.kind === 'accepted') this.#track(outcome.processing);
  }

  #track(work: Promise<void>): void {
    const tracked = work.catch((err: unknown) => this.#log.error({ err }, 'dingtalk stream: callback handler failed'));
    this.#inFlight.add(tracked);
    void tracked.finally(() => this.#inFlight.delete(tracked));
  }
}
