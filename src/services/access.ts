/**
 * The one place services apply object-level authorization: the rule decides (src/domain/org/access.ts),
 * and a refusal becomes the workflow's catalogue entry, which must carry the rule's code.
 */
import type { Actor } from '../app/context.ts';
import { type Refusal, UserError } from '../app/errors.ts';
import type { AccessDecision, AccessRefusal, Principal } from '../domain/org/access.ts';
import { ACCESS_REFUSAL_CODES } from '../messages/access.ts';

export function principalOf(actor: Actor): Principal {
  return { id: actor.id, unitId: actor.unit?.id ?? null, roles: actor.roles };
}

/**
 * Returns when `decision` allows; otherwise throws the refusal `words` renders. A catalogue entry with
 * another code than the rule's is a wiring mistake, loud rather than a second code for one rule.
 */
export function requireAccess(decision: AccessDecision, words: (refusal: AccessRefusal) => Refusal): void {
  if (decision.ok) return;
  const rendered = words(decision.refusal);
  const code = ACCESS_REFUSAL_CODES[decision.refusal];
  if (rendered.code !== code)
    throw new Error(`access rule ${decision.refusal} is ${code}, but its words carry ${rendered.code}`);
  throw new UserError(rendered);
}
