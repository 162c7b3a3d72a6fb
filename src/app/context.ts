import type { Tx } from '../db/tx.ts';
import type { ConversationRow, UnitRow } from '../db/repositories/org-repository.ts';
import type { RoleGrant } from '../domain/org/roles.ts';
import type { Logger } from '../lib/logger.ts';
import type { CommandSpec } from './command.ts';
import type { InboundEvent, Message } from './receiver.ts';

export interface Actor {
  id: string;
  name: string;
  unit: UnitRow | null;
  roles: RoleGrant[];
}

/** Product settings handlers may need (from config), kept apart from secrets. */
export interface Settings {
  exclusivityDays: number;
  adminUserIds: readonly string[];
  /** The chat platform's monthly OpenAPI quota, when the platform has one (DingTalk does, Lark does not). */
  monthlyApiQuota?: number;
  /** The chat platform's name as officers know it (钉钉, 飞书…), for messages about the platform itself. */
  platformLabel: string;
  /** Where generated files (XLSX ledgers) are written: a folder beside the database. */
  filesDir?: string;
}

/** What every listener receives. Everything it writes through `tx` commits with its replies. */
export interface ListenerArgs {
  event: InboundEvent;
  /** Row id of the recorded inbound delivery, linking notices to their cause. */
  inboundId: number;
  actor: Actor;
  conversation: ConversationRow;
  tx: Tx;
  now: Date;
  /**
   * When the platform handed us the event (recorded before the ack). First-come rules use this, not
   * `now`: a backlog, a lock or a recovery may process a message well after it arrived.
   */
  receivedAt: Date;
  settings: Settings;
  logger: Logger;
  /** Answers in the conversation the event came from. */
  say(reply: string | Message): void;
  /** Answers the actor alone, in their direct chat with the bot (committed with everything else). */
  respond(reply: string | Message): Promise<void>;
}

export interface ParsedArgs<K extends string> {
  name: string;
  positional: string[];
  named: Partial<Record<K, string>>;
  /** @-mentioned users from the platform, in order, to resolve "@张三" arguments. */
  mentions: { userId: string; name?: string }[];
  /** The raw text after the command name, lines intact (pasted CSV, holiday lists). */
  text: string;
}

export interface CommandArgs<K extends string = string> extends ListenerArgs {
  command: ParsedArgs<K>;
  spec: CommandSpec<K>;
  /** All commands, for /帮助. */
  commands: readonly CommandSpec[];
}

export interface ActionArgs extends ListenerArgs {
  actionId: string;
  value: string;
}
