/**
 * Long-connection receiver: the SDK's WSClient delivers `im.message.receive_v1` and
 * `card.action.trigger` to one EventDispatcher (docs/lark-protocol.md §2, §5, §6). The SDK acknowledges
 * an event when its handler returns and Lark pushes it again after 3 s, so a handler only decodes,
 * records and returns; processing runs afterwards. A card click alone waits briefly for its outcome,
 * because its acknowledgement is the only way to show the clicker a toast. Transport only: no policy,
 * no database.
 */
import * as lark from '@larksuiteoapi/node-sdk';
import {
  acceptInbound,
  createInboundAck,
  type InboundDecodeResult,
  type InboundOutcome,
} from '../../app/inbound-pipeline.ts';
import type { InboundActionEvent, InboundSink, Message, Receiver } from '../../app/receiver.ts';
import { withoutMarks } from '../../app/user-text.ts';
import type { ClickAnswers } from './click-answers.ts';
import {
  CARD_ACTION_EVENT,
  decodeCardAction,
  decodeMessageEvent,
  larkInbound,
  MESSAGE_EVENT,
  type Ignored,
} from './decode.ts';
import type { AdapterLogger, SdkLogger } from './logger.ts';

export interface LarkReceiverConfig {
  appId: string;
  appSecret: string;
  domain: string;
  sdkLogger: SdkLogger;
  /** The bot's open_id, looked up once at start (groups only act on messages that @-mention it). */
  botOpenId: () => Promise<string>;
  /** The toast of a click whose outcome is not known within the budget. */
  clickReceived: string;
  /** Shared with the sender, which then skips a refusal the clicker already saw as a toast. */
  clickAnswers: ClickAnswers;
  /** How long a click's acknowledgement waits for its outcome; Lark allows 3 s. */
  clickBudgetMs?: number;
  /** How long start() waits for the first connection before carrying on while the SDK keeps trying. */
  readyTimeoutMs?: number;
}

export class LarkLongConnectionReceiver implements Receiver {
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
    const dispatcher = new lark.EventDispatcher({
      logger: this.#config.sdkLogger,
      loggerLevel: lark.LoggerLevel.warn,
    }).register({
      [MESSAGE_EVENT]: (data: unknown) => this.#handleMessage(decodeMessageEvent(data, this.#botOpenId)),
      [CARD_ACTION_EVENT]: (data: unknown) => this.#handleClick(decodeCardAction(data)),
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
   * A click is recorded and acknowledged like any event, but the acknowledgement is Lark's only way to
   * show the clicker a toast, so it waits (within the budget) for the outcome: a refusal becomes an error
   * toast instead of a private message; any other answer is shown in short while the card update follows
   * through the outbox. Past the budget the toast only says the click was received.
   */
  async #handleClick(decoded: InboundDecodeResult<InboundActionEvent>): Promise<unknown> {
    const received = toast('info', this.#config.clickReceived);
    if (!decoded.ok) {
      await this.#accept(decoded, undefined);
      return received;
    }
    const clickId = decoded.event.messageId;
    const answers = this.#config.clickAnswers;
    answers.expect(clickId);
    let refusalShown = false;
    try {
      const outcome = await this.#accept(decoded, received);
      if (outcome.kind !== 'accepted') return received;
      const replies = await withinBudget(outcome.replies, this.#config.clickBudgetMs ?? 2000);
      const first = replies?.[0];
      if (first === undefined) return received;
      refusalShown = first.refused === true;
      return toast(refusalShown ? 'error' : 'info', refusalShown ? textOf(first) : firstLine(textOf(first)));
    } finally {
      answers.settle(clickId, refusalShown);
    }
  }

  /** A message needs no answer in its acknowledgement; one not for the bot is acknowledged and dropped. */
  async #handleMessage(decoded: InboundDecodeResult | Ignored): Promise<undefined> {
    if ('ignored' in decoded) this.#log.debug({ reason: decoded.ignored }, 'lark: event not for the bot, acknowledged');
    else await this.#accept(decoded, undefined);
    return undefined;
  }

  /**
   * Runs the shared pipeline. A delivery that could not be recorded throws, which the SDK answers with
   * code 500, so Lark pushes it again.
   */
  async #accept(decoded: InboundDecodeResult, ackResponse: unknown): Promise<InboundOutcome> {
    const deliveryId = decoded.ok ? decoded.event.messageId : 'undecodable';
    // The SDK sends the acknowledgement when the handler returns; acknowledging here only marks it due.
    const ack = createInboundAck(deliveryId, () => undefined);
    const outcome = await acceptInbound(decoded, ack, this.#sink, this.#log, deliveryId, larkInbound(ackResponse));
    if (outcome.kind === 'record-failed') throw new Error(`lark: delivery ${deliveryId} not recorded`);
    if (outcome.kind === 'accepted') this.#track(outcome.processing);
    return outcome;
  }

  #track(work: Promise<void>): void {
    this.#inFlight.add(work);
    void work.finally(() => this.#inFlight.delete(work));
  }
}

const toast = (type: 'info' | 'error', content: string) => ({ toast: { type, content } });

/** A toast is plain text: the user-text marks are dropped. */
const textOf = (message: Message): string => withoutMarks(message.text ?? message.markdown ?? '');

/** A toast is one short line: the answer's first, without markdown emphasis, at most 100 characters. */
function firstLine(text: string): string {
  const line =
    text
      .split('\n')
      .map((l) => l.replace(/[*#>`]/g, '').trim())
      .find((l) => l !== '') ?? '';
  const chars = Array.from(line);
  return chars.length > 100 ? `${chars.slice(0, 100).join('')}…` : line;
}

/** The work's result, or undefined when it takes longer than `ms`. */
async function withinBudget(work: Promise<Message[] | undefined>, ms: number): Promise<Message[] | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
