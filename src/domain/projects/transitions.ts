import type { ProgressStage, ProjectStatus } from './status.ts';

/**
 * The 首报首谈 state machine (DESIGN §4.3). Every service checks its transition here on the
 * record it loaded, and again on the record re-read inside its transaction.
 */
export type ProjectAction =
  | { kind: 'consult' }
  | { kind: 'grant'; consulted: boolean; conforms: boolean; earlierPending: readonly string[] }
  | { kind: 'deny' }
  | { kind: 'renew' }
  | { kind: 'expire'; exclusiveUntil: Date | null; now: Date }
  /** heldElsewhere: another unit holds the investor for this chain now (checked for an ended period). */
  | { kind: 'progress'; stage: ProgressStage; heldElsewhere?: boolean }
  /** 四(二): the city takes the negotiation over (市级主谈). */
  | { kind: 'city-lead' }
  /** 四(二): the coordination meeting's minutes place a city-led project with its host unit. */
  | { kind: 'hand-over' }
  /** §4.2: another unit was granted (or the city took) the same investor and chain, so this report loses. */
  | { kind: 'close-as-rival' };

export type TransitionRefusal =
  | 'not-pending'
  | 'conflict'
  | 'not-consulted'
  | 'not-conforming'
  | 'earlier-pending'
  | 'not-exclusive'
  | 'not-due'
  | 'progress-order'
  | 'closed'
  | 'city-led'
  | 'held-elsewhere'
  | 'not-proposable'
  | 'not-city-led';

export type Transition = { ok: true; to: ProjectStatus } | { ok: false; refusal: TransitionRefusal };

const CLOSED: readonly ProjectStatus[] = ['REJECTED', 'EXPIRED', 'LANDED', 'TERMINATED'];

/**
 * Projects the city may take over: reported and not yet closed or held elsewhere. A PENDING report can
 * go to the city before any district holds it, an EXCLUSIVE one is taken from its holder, an EXPIRED
 * one is open again. SIGNED, LANDED, TERMINATED, REJECTED and CONFLICT projects are beyond negotiation.
 */
export const PROPOSABLE_STATUSES: readonly ProjectStatus[] = ['PENDING', 'EXCLUSIVE', 'EXPIRED'];

export function transition(from: ProjectStatus, action: ProjectAction): Transition {
  const refuse = (refusal: TransitionRefusal): Transition => ({ ok: false, refusal });
  switch (action.kind) {
    case 'consult':
      if (from === 'CONFLICT') return refuse('conflict');
      return from === 'PENDING' ? { ok: true, to: 'PENDING' } : refuse('not-pending');
    case 'grant':
      if (from === 'CONFLICT') return refuse('conflict');
      if (from !== 'PENDING') return refuse('not-pending');
      // 四(一): exclusivity follows the investor's opinion and conformity with the guide; the
      // earlier report has priority (§4.2), so a later one waits until the earlier is decided.
      if (!action.consulted) return refuse('not-consulted');
      if (!action.conforms) return refuse('not-conforming');
      if (action.earlierPending.length > 0) return refuse('earlier-pending');
      return { ok: true, to: 'EXCLUSIVE' };
    case 'deny':
      if (from === 'CONFLICT') return refuse('conflict');
      return from === 'PENDING' ? { ok: true, to: 'REJECTED' } : refuse('not-pending');
    case 'renew':
      return from === 'EXCLUSIVE' ? { ok: true, to: 'EXCLUSIVE' } : refuse('not-exclusive');
    case 'expire':
      if (from !== 'EXCLUSIVE') return refuse('not-exclusive');
      return action.exclusiveUntil !== null && action.exclusiveUntil.getTime() <= action.now.getTime()
        ? { ok: true, to: 'EXPIRED' }
        : refuse('not-due');
    case 'progress': {
      // 四(五) of the design: a unit whose report is CONFLICT holds nothing to progress.
      if (from === 'CONFLICT') return refuse('conflict');
      if (from === 'CITY_LED') return refuse('city-led');
      // An ended 首谈期 is no bar to signing with an investor no other unit holds (DESIGN §4.3, issue #13).
      if (from === 'EXPIRED' && action.stage === '签约')
        return action.heldElsewhere === true ? refuse('held-elsewhere') : { ok: true, to: 'SIGNED' };
      if (CLOSED.includes(from)) return refuse('closed');
      if (action.stage === '签约') return from === 'EXCLUSIVE' ? { ok: true, to: 'SIGNED' } : refuse('progress-order');
      if (action.stage === '落地') return from === 'SIGNED' ? { ok: true, to: 'LANDED' } : refuse('progress-order');
      return from === 'EXCLUSIVE' || from === 'SIGNED' ? { ok: true, to: 'TERMINATED' } : refuse('progress-order');
    }
    case 'city-lead':
      return PROPOSABLE_STATUSES.includes(from) ? { ok: true, to: 'CITY_LED' } : refuse('not-proposable');
    case 'hand-over':
      // The placement has no end date: the host holds the investor as a unit granted 首谈 would.
      return from === 'CITY_LED' ? { ok: true, to: 'EXCLUSIVE' } : refuse('not-city-led');
    case 'close-as-rival':
      return from === 'PENDING' ? { ok: true, to: 'CONFLICT' } : refuse('not-pending');
  }
}
