/**
 * Long-connection receiver: the SDK's WSClient delivers `im.message.receive_v1` and
 * `card.action.trigger` to one EventDispatcher (docs/lark-protocol.md §2, §5, §6). The SDK acknowledges
 * an event when its handler returns and Lark pushes it again after 3 s, so a handler only decodes,
 * records and returns; processing runs afterwards. Transport only: no policy, no database.
 */
import * as lark from '@larksuiteoapi/node-sdk';
import { acceptInbound, createInboundAck, type InboundDecodeResult } from '../../app/inbound-pipeline.ts';
import type { InboundSink, Receiver } from '../../app/receiver.ts';
import { CARD_ACTION_EVENT, decodeCardAction, decodeMessageEvent, larkInbound, MESSAGE_EVENT, type Ignored } from './decode.ts';
import type { AdapterLogger, SdkLogger } from './logger.ts';

export interface LarkReceiverConfig {
  appId: string;
  appSecret: string;
  domain: string;
  sdkLogger: SdkLogger;
  /** The bot's open_id, looked up once at start (groups only act on messages that @-mention it). */
  botOpenId: () => Promise<string>;
  /** What a card click is answered with at once (a toast for the clicker); the outcome follows as a card update. */
  cardAck: unknown;
  /** How long start() waits for the first connection before carrying on while the SDK keeps trying. */
  readyTimeoutMs?: number;
}

export class LarkLongConnectionReceiver implements Receiver {
  readonly address = '';
  readonly #config: LarkReceiverConfig;
  readonly #sink: InboundSink;
  readonly #log: AdapterLogger;
  readonly #inFlight = new Set<Promise<void>>();
  #client: lark.WSClient | undefined;
  #botOpenId: string | undefined;

  constructor(config: LarkReceiverConfig, sink: InboundSink, logger: AdapterLogger) {
    this.#config = config;
    this.#sink = sink;
    this.#log = logger;
  }

  async start(): Promise<void> {
    this.#botOpenId = await this.#config.botOpenId();
    const dispatcher = new lark.EventDispatcher({ logger: this.#config.sdkLogger, loggerLevel: lark.LoggerLevel.warn }).register({
      [MESSAGE_EVENT]: (data: unknown) => this.#handle(decodeMessageEvent(data, this.#botOpenId), undefined),
      [CARD_ACTION_EVENT]: (data: unknown) => this.#handle(decodeCardAction(data), this.#config.cardAck),
    });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#log.warn('lark: long connection not up yet; the SDK keeps reconnecting in the background');
        resolve();
      }, this.#config.readyTimeoutMs ?? 15_000);
      this.#client = new lark.WSClient({
        appId: this.#config.appId,
        appSecret: this.#config.appSecret,
        domain: this.#config.domain,
        logger: this.#config.sdkLogger,
        loggerLevel: lark.LoggerLevel.warn,
        onReady: () => {
          clearTimeout(timer);
          this.#log.info('lark: long connection ready');
          resolve();
        },
        onReconnected: () => this.#log.info('lark: long connection re-established'),
        onError: (err: Error) => {
          clearTimeout(timer);
          this.#log.error({ err: err.message }, 'lark: long connection failed for good');
          reject(err);
        },
      });
      void this.#client.start({ eventDispatcher: dispatcher });
    });
  }

  /** Whether the long connection is open now (the SDK's own view of its socket), for readiness checks. */
  connected(): boolean {
    return this.#client?.getConnectionStatus().state === 'connected';
  }

  async stop(): Promise<void> {
    this.#client?.close({ force: true });
    while (this.#inFlight.size > 0) await Promise.allSettled([...this.#inFlight]);
  }

  /**
   * Records the event and returns what the SDK acknowledges with. A delivery that cannot be recorded
   * throws, which the SDK answers with code 500, so Lark pushes it again.
   */
  async #handle(decoded: InboundDecodeResult | Ignored, ackResponse: unknown): Promise<unknown> {
    if ('ignored' in decoded) {
      this.#log.debug({ reason: decoded.ignored }, 'lark: event not for the bot, acknowledged');
      return undefined;
    }
    const deliveryId = decoded.ok ? decoded.event.messageId : 'undecodable';
    let answer: unknown;
    const ack = createInboundAck(deliveryId, (_id, response) => {
      answer = response;
    });
    const outcome = await acceptInbound(decoded, ack, this.#sink, this.#log, deliveryId, larkInbound(ackResponse));
    if (outcome.kind === 'record-failed') throw new Error(`lark: delivery ${deliveryId} not recorded`);
    if (outcome.kind === 'accepted') this.#track(outcome.processing);
    return answer;
  }

  #track(work: Promise<void>): void {
    this.#inFlight.add(work);
    void work.finally(() => this.#inFlight.delete(work));
  }
}
