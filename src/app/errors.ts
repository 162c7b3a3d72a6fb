import type { Message } from './receiver.ts';

/**
 * Why a command was refused, as a stable code: logs, the refusals metric and the simulator API carry
 * it, and tests assert it instead of fragments of Chinese text. The catalogue (src/messages) gives
 * each code its words; one code may have several texts (a missing role names the command it guards).
 */
export const REFUSAL_CODES = [
  /** Not a command the bot knows, or no command at all. */
  'E_UNKNOWN_COMMAND',
  /** The words, keys or values of a command do not fit its usage. */
  'E_USAGE',
  /** A value that cannot be read (an amount, a date, a credit code, a year…). */
  'E_INVALID_VALUE',
  /** The command is longer than the bot reads. */
  'E_TOO_LONG',
  /** The user's roles do not include one the command or subcommand declares. */
  'E_FORBIDDEN',
  /** A button whose action is no longer offered. */
  'E_BUTTON_EXPIRED',
  /** Not yet classified: the catalogue entry has no code of its own. */
  'E_REFUSED',
] as const;
export type RefusalCode = (typeof REFUSAL_CODES)[number];

/** A refusal as the catalogue renders it: its code and the words the user reads. */
export interface Refusal {
  readonly code: RefusalCode;
  readonly reply: Message;
}

const isRefusal = (value: unknown): value is Refusal => typeof value === 'object' && value !== null && 'code' in value && 'reply' in value;

/**
 * A refusal the user should read: bad input, missing permission, a rule of the policy. Thrown by
 * handlers and services; the transaction rolls back and the reply is the message itself.
 */
export class UserError extends Error {
  readonly code: RefusalCode;
  readonly reply: Message;

  constructor(refusal: Refusal | string | Message) {
    const { code, reply } = isRefusal(refusal) ? refusal : { code: 'E_REFUSED' as const, reply: refusal };
    const message: Message = typeof reply === 'string' ? { kind: 'text', text: reply } : reply;
    super(message.text ?? message.markdown ?? message.title ?? 'user error');
    this.name = 'UserError';
    this.code = code;
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
