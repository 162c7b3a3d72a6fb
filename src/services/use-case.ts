import type { Tx } from '../db/tx.ts';

/** What every service call runs within: one transaction, one moment, one accountable actor. */
export interface UseCase {
  tx: Tx;
  now: Date;
  actorId: string;
  /** The inbound delivery that caused this, when there is one. */
  inboundId?: number;
}
