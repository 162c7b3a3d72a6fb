import type { ListenerArgs } from '../app/context.ts';
import type { Tx } from '../db/tx.ts';
import { UserError } from '../app/errors.ts';

/** What every service call runs within: one transaction, one moment, one accountable actor. */
export interface UseCase {
  tx: Tx;
  now: Date;
  actorId: string;
  /** How notices name the actor; defaults to the id (system jobs). */
  actorName?: string;
  /** The inbound delivery that caused this, when there is one. */
  inboundId?: number;
  /** When that delivery reached the bot; first-come rules order by it (`now` for system jobs). */
  receivedAt?: Date;
}

export function useCaseOf(args: Pick<ListenerArgs, 'tx' | 'now' | 'actor' | 'inboundId' | 'receivedAt'>): UseCase {
  return {
    tx: args.tx,
    now: args.now,
    actorId: args.actor.id,
    actorName: args.actor.name,
    inboundId: args.inboundId,
    receivedAt: args.receivedAt,
  };
}

/**
 * A guarded write: the repository applies `write` only if the record is still as this transaction
 * loaded it (PostgreSQL's READ COMMITTED lets another commit in between). A caller that lost writes
 * nothing else: the record is read again and the refusal names what it became.
 */
export async function saveOrRefuse<R>(
  write: () => Promise<boolean>,
  reread: () => Promise<R | null>,
  refusal: (fresh: R | null) => ConstructorParameters<typeof UserError>[0],
): Promise<void> {
  if (await write()) return;
  throw new UserError(refusal(await reread()));
}
