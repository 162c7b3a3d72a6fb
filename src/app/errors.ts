import type { Message } from './receiver.ts';

/**
 * A refusal the user should read: bad input, missing permission, a rule of the policy. Thrown by
 * handlers and services; the transaction rolls back and the reply is the message itself.
 */
export class UserError extends Error {
  readonly reply: Message;

  constructor(reply: string | Message) {
    const message: Message = typeof reply === 'string' ? { kind: 'text', text: reply } : reply;
    super(message.text ?? message.markdown ?? message.title ?? 'user error');
    this.name = 'UserError';
    this.reply = message;
  }
}

export type ErrorCode = 'duplicate-command' | 'duplicate-action' | 'second-next' | 'duplicate-ack' | 'not-recorded';

/** A programming or wiring mistake; never shown to users, always loud at start-up or in logs. */
export class CodedError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'CodedError';
  }
}
