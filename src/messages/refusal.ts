import type { Refusal, RefusalCode } from '../app/errors.ts';
import type { Message } from '../app/receiver.ts';

/**
 * A catalogue entry for a refusal: the same parameters as a plain text entry, returning the code
 * with the words, so every `throw new UserError(t.x(...))` carries its code without the thrower
 * naming it twice.
 */
export function refusal<P extends unknown[]>(
  code: RefusalCode,
  render: (...params: P) => string | Message,
): (...params: P) => Refusal {
  return (...params) => {
    const rendered = render(...params);
    return { code, reply: typeof rendered === 'string' ? { kind: 'text', text: rendered } : rendered };
  };
}

/**
 * A refusal's words as one line of a longer text: the problem of a usage refusal, an item of a
 * list of problems. The refusal that carries them has its own code.
 */
export const refusalText = (refusal: Refusal): string => refusal.reply.text ?? refusal.reply.markdown ?? '';
