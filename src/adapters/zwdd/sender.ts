/**
 * The 浙政钉 Sender. Group notices go through the robot group API; answers in a one-to-one robot chat
 * through the robot one-to-one API; every other personal message is a 工作通知 whose `bizMsgId` (the
 * installation key + the outbox key) makes it exactly-once on the wire: a repeat is answered "重复",
 * which means already sent. Deadline to-dos become 待办 keyed by `bizTaskId`, their `taskUuid` stored.
 * Every failure maps to the outbox's retry/dead rule.
 */
import { createHash } from 'node:crypto';
import type { Destination, DeadlineTask, Message, OutboundMessage, Sender, SendOutcome } from '../../app/receiver.ts';
import { withoutMarks } from '../../app/user-text.ts';
import type { ZwddApi } from './api.ts';
import { encodeRobotMessages, encodeWorkNotifications, type ZwddEncodeText } from './encode.ts';
import type { GatewayFailure } from './gateway-client.ts';

/** Where the taskUuid returned by create is kept, so finish and cancel can name the 待办 later. */
export interface TaskStore {
  /** Undefined when no 待办 was created under this id; `taskUuid` undefined when create did not return one. */
  find(bizTaskId: string): Promise<{ taskUuid: string | undefined } | undefined>;
  save(bizTaskId: string, taskUuid: string | undefined, raw: string): Promise<void>;
}

export interface ZwddSenderText extends ZwddEncodeText {
  /** Appended to each work notification: the date and reference that keep repeats distinct. */
  footer(sentAt: Date, reference: string): string;
  /** 浙政钉 robots have no documented file message: the file is announced instead. */
  fileNotice(fileName: string): string;
  /** 待办 remarks: the command that settles it. */
  taskRemarks(command: string): string;
}

export interface ZwddSenderOptions {
  /** Prefix of every bizMsgId / bizTaskId, unique to this database (a reset database never reuses a key). */
  installationKey: string;
  text: ZwddSenderText;
  tasks: TaskStore;
  now?: () => Date;
}

/** A signature refusal is a configuration or clock problem an operator fixes; retry slowly meanwhile. */
const SIGNATURE_RETRY_AFTER_MS = 60_000;
const PLATFORM_ID = /^[\w.:-]{1,64}$/;

/** Our key as a platform id: itself when short and plain, else its SHA-256 (length limits are U). */
export function platformId(installationKey: string, key: string): string {
  const id = `${installationKey}-${key}`;
  return PLATFORM_ID.test(id)
    ? id
    : `${installationKey}-${createHash('sha256').update(key).digest('hex').slice(0, 40)}`;
}

/** The documented idempotency answer ("重复") counts as success only where the key made the call idempotent. */
export function outcomeOf(failure: GatewayFailure, idempotent: boolean): SendOutcome {
  switch (failure.kind) {
    case 'duplicate':
      return idempotent ? { status: 'delivered' } : { status: 'dead', reason: failure.detail };
    case 'throttled':
      return { status: 'retry', reason: failure.detail, retryAfterMs: failure.retryAfterMs };
    case 'signature':
      return { status: 'retry', reason: failure.detail, retryAfterMs: SIGNATURE_RETRY_AFTER_MS };
    case 'network':
    case 'unavailable':
    case 'token':
      return { status: 'retry', reason: failure.detail };
    case 'rejected':
      return { status: 'dead', reason: failure.detail };
  }
}

export class ZwddSender implements Sender {
  readonly #now: () => Date;

  constructor(
    private readonly api: ZwddApi,
    private readonly options: ZwddSenderOptions,
  ) {
    this.#now = options.now ?? (() => new Date());
  }

  async send(outbound: OutboundMessage): Promise<SendOutcome> {
    const message = this.#displayable(outbound.message);
    try {
      return await this.#send(outbound.to, message, outbound);
    } catch (err) {
      // Only encoding throws: an envelope that alone exceeds the size limit.
      return { status: 'dead', reason: `encode: ${err instanceof Error ? err.message : String(err)}` };
    }
  }

  async #send(to: Destination, message: Message, outbound: OutboundMessage): Promise<SendOutcome> {
    const { text } = this.options;
    if ('conversationId' in to) {
      return inOrder(encodeRobotMessages(message, text), async (part) =>
        this.#settle(await this.api.sendToGroup({ chatId: to.conversationId, ...part }), false),
      );
    }
    // Answers to a message typed in the one-to-one robot chat belong in that chat.
    if (outbound.replyContext !== undefined) {
      return inOrder(encodeRobotMessages(message, text), async (part) =>
        this.#settle(await this.api.sendToUser({ accountId: to.userId, ...part }), false),
      );
    }
    const footer = text.footer(this.#now(), outbound.key);
    const parts = encodeWorkNotifications(message, text, footer);
    return inOrder(
      parts.map((msg, index) => ({
        msg,
        bizMsgId: platformId(
          this.options.installationKey,
          parts.length === 1 ? outbound.key : `${outbound.key}.${index + 1}`,
        ),
      })),
      async (part) => this.#settle(await this.api.workNotification({ receiverIds: [to.userId], ...part }), true),
    );
  }

  #settle(answer: { ok: true } | GatewayFailure, idempotent: boolean): SendOutcome {
    return answer.ok ? { status: 'delivered' } : outcomeOf(answer, idempotent);
  }

  #displayable(message: Message): Message {
    if (message.kind !== 'file' || message.file === undefined) return message;
    const notice = this.options.text.fileNotice(message.file.name);
    return { kind: 'text', text: message.text ? `${message.text}\n${notice}` : notice };
  }

  async syncTask(userId: string, task: DeadlineTask): Promise<SendOutcome> {
    const bizTaskId = platformId(this.options.installationKey, task.taskKey);
    if (task.op === 'open') {
      // Stored before any later finish/cancel relies on it; a create retried after a lost answer reuses the bizTaskId.
      if ((await this.options.tasks.find(bizTaskId)) !== undefined) return { status: 'delivered' };
      const created = await this.api.createTask({
        bizTaskId,
        subject: withoutMarks(task.title).replace(/[\r\n]+/g, ' '),
        assigneeId: userId,
        creatorId: userId,
        dueAt: new Date(task.dueAt),
        url: commandLink(task.command),
        remarks: withoutMarks(this.options.text.taskRemarks(task.command)),
      });
      if (!created.ok && created.kind !== 'duplicate') return outcomeOf(created, true);
      // A "重复" answer means an earlier attempt created it; if that answer was lost, so is its taskUuid.
      if (!created.ok) await this.options.tasks.save(bizTaskId, undefined, created.detail);
      else await this.options.tasks.save(bizTaskId, created.taskUuid, created.raw);
      return { status: 'delivered' };
    }
    const taskUuid = (await this.options.tasks.find(bizTaskId))?.taskUuid;
    if (taskUuid === undefined) {
      return {
        status: 'dead',
        reason: `待办 ${bizTaskId}: no taskUuid was returned when it was created, so it cannot be ${task.op === 'finish' ? 'finished' : 'cancelled'}`,
      };
    }
    const answer =
      task.op === 'finish' ? await this.api.finishTask(taskUuid, userId) : await this.api.cancelTask(taskUuid, userId);
    return this.#settle(answer, true);
  }
}

/**
 * The link a 待办 opens: DingTalk's "send this text" client link (unconfirmed on 专有钉钉, docs §6), so
 * tapping it can type the command; the command is in the remarks either way.
 */
export function commandLink(command: string): string {
  return `dtmd://dingtalkclient/sendMessage?content=${encodeURIComponent(command)}`;
}

/** Sends parts one after another and stops at the first that is not delivered. */
async function inOrder<T>(parts: readonly T[], sendPart: (part: T) => Promise<SendOutcome>): Promise<SendOutcome> {
  for (const part of parts) {
    const outcome = await sendPart(part);
    if (outcome.status !== 'delivered') return outcome;
  }
  return { status: 'delivered' };
}
