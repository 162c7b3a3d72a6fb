import type { RefusalCode } from '../app/errors.ts';
import type { AccessRefusal } from '../domain/org/access.ts';

/**
 * The refusal code of each object-level access rule (src/domain/org/access.ts): one code per rule,
 * whichever workflow's words explain it. services/access.ts refuses a catalogue entry of another code.
 */
export const ACCESS_REFUSAL_CODES: Readonly<Record<AccessRefusal, RefusalCode>> = {
  'not-holder': 'E_NOT_HOLDER',
  'not-member': 'E_NOT_MEMBER',
  'not-consulted': 'E_NOT_CONSULTED',
  'not-entitled': 'E_FORBIDDEN',
};
