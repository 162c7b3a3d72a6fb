import type { Message } from './receiver.ts';

/**
 * Why a command was refused, as a stable code: logs, the refusals metric and the simulator API carry
 * it, and tests assert it instead of fragments of Chinese text. The catalogue (src/messages) gives
 * each code its words; one code may have several texts (a missing role names the command it guards).
 */
export const REFUSAL_CODES = [
  /** Not a command the bot knows, or no command at all. */
  'E_UNKNOWN_COMMAND',
  /** The words, keys or values of a command do not fit its usage, or something it needs is left out. */
  'E_USAGE',
  /** A value that cannot be read or is not one offered (an amount, a date, a verdict, a year, a role…). */
  'E_INVALID_VALUE',
  /** The command, or a text in it (a note, a plan, minutes…), is longer than the bot keeps. */
  'E_TOO_LONG',
  /** The user's roles do not include one the command, subcommand or record requires. */
  'E_FORBIDDEN',
  /** A button whose action is no longer offered. */
  'E_BUTTON_EXPIRED',
  /** The input names no record the bot has: a project, case, transfer, finding, unit, user, chain, rule… */
  'E_NOT_FOUND',
  /** The input names several units, chains or records; the user must write the full name or pick one. */
  'E_AMBIGUOUS',
  /** The user's account has no unit, and the command acts for a unit. */
  'E_NO_UNIT',
  /** Only the unit holding (having reported) the project may do this. */
  'E_NOT_HOLDER',
  /** The user's unit is not one the policy consults on this record (a transfer's reviewers, a finding's opinions). */
  'E_NOT_CONSULTED',
  /** The user's unit is not a party to the record: its 专项组, the item's participants, the transfer's units. */
  'E_NOT_MEMBER',
  /** The unit named is not of a kind the rule applies to (a 区、县（市） or platform where one is required…). */
  'E_UNIT_KIND',
  /** The layout guide (布局导引) does not make the unit a host of the chain. */
  'E_NOT_HOST',
  /** The record's state does not allow this action now. */
  'E_STATUS',
  /** The decision was already made, possibly by someone else a moment ago; nothing changed. */
  'E_ALREADY_DECIDED',
  /** First come, first served: another unit holds the investor (四(一)). */
  'E_CONFLICT',
  /** The project has a 四(一) violation on record, so it gets no city-level support. */
  'E_VIOLATION',
  /** The project is under 市级主谈 (四(二)); the district cannot act on it. */
  'E_CITY_LED',
  /** The record already exists or already has this value. */
  'E_DUPLICATE',
  /** Something must come first: a published guide, a pool, a consultation, an earlier review, every vote… */
  'E_PRECONDITION',
] as const;
export type RefusalCode = (typeof REFUSAL_CODES)[number];

/** A refusal as the catalogue renders it: its code and the words the user reads. */
export interface Refusal {
  readonly code: RefusalCode;
  readonly reply: Message;
}

/**
 * A refusal the user should read: bad input, missing permission, a rule of the policy. Thrown by
 * handlers and services; the transaction rolls back and the reply is the message itself.
 */
export class UserError extends Error {
  readonly code: RefusalCode;
  readonly reply: Message;

  constructor({ code, reply }: Refusal) {
    super(reply.text ?? reply.markdown ?? reply.title ?? 'user error');
    this.name = 'UserError';
    this.code = code;
    this.reply = reply;
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
