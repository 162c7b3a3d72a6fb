import type { InboundEvent } from '../../src/app/receiver.ts';

/**
 * 首报 messages as the platform hands them to the app, each with its own message id (`<prefix>-<n>`),
 * project name and the given investor, for tests that record and process events directly.
 */
export function reportEvents(prefix: string): (investor: string, over?: Partial<InboundEvent>) => InboundEvent {
  let seq = 0;
  return (investor, over = {}) => {
    seq += 1;
    return {
      type: 'message',
      platform: 'simulator',
      messageId: `${prefix}-${seq}`,
      userId: 'binjiang-li',
      conversationId: 'binjiang',
      conversationType: 'group',
      text: `/首报 项目=测试项目${seq} 投资方=${investor} 产业链=新能源汽车 投资额=5亿 意向=签订意向书`,
      mentions: [],
      ...over,
    } as InboundEvent;
  };
}
