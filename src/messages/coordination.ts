/**
 * Text of the coordination workflows beyond 首报首谈: 市级主谈 (四(二)), 一事一议 (三(二)), land,
 * energy and funds (五(一)–(三)) and platform evaluation (二(三)). Included as zhCN.coordination.
 */
import { cityLedMessages } from './city-led.ts';
import { energyMessages } from './energy.ts';
import { fundMessages } from './funds.ts';
import { landMessages } from './land.ts';
import { platformMessages } from './platforms.ts';
import { supportMessages } from './support-cases.ts';

export const coordinationMessages = {
  cityLed: cityLedMessages,
  support: supportMessages,
  land: landMessages,
  energy: energyMessages,
  fund: fundMessages,
  platform: platformMessages,
  /** Labels of these features' audit actions (for /审计). */
  actions: {
    ...cityLedMessages.actions,
    ...supportMessages.actions,
    ...landMessages.actions,
    ...energyMessages.actions,
    ...fundMessages.actions,
    ...platformMessages.actions,
  } as Record<string, string>,
};
