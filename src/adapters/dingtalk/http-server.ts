import type { IncomingMessage, ServerResponse } from 'node:http';
import type { InboundSink, Receiver, SignatureLedger } from '../../app/receiver.ts';
import { CallbackRoute } from '../../lib/callback-route.ts';
import { createDingTalkHttpHandler } from './http-receiver.ts';
import type { AdapterLogger } from './logger.ts';

export interface DingTalkHttpReceiverConfig {
  appSecret: string;
  robotCode: string;
  /** Path configured as the robot's message URL in the developer console. */
  path: string;
  signatures: SignatureLedger;
}

/** HTTP callback mode (DINGTALK_MODE=http): the signed robot callback, mounted on the bot's listener. */
export class DingTalkHttpReceiver extends CallbackRoute implements Receiver {
  readonly handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>;

  constructor(config: DingTalkHttpReceiverConfig, sink: InboundSink, logger: AdapterLogger) {
    super(config.path, (err) => logger.error({ err }, 'dingtalk http: callback failed'));
    this.handle = createDingTalkHttpHandler({
      appSecret: config.appSecret,
      robotCode: config.robotCode,
      signatures: config.signatures,
      sink,
      logger,
    });
  }
}
