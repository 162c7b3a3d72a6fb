/**
 * The 浙政钉 APIs the bot uses, with the parameter names of the official SDK's request classes
 * (docs §5, §6). Message and to-do calls carry no token: the SDK authenticates them by the signature
 * alone (docs §4).
 */
import {
  contentData,
  ZWDD_PATHS,
  type GatewayAnswer,
  type GatewayFailure,
  type ZwddGateway,
} from './gateway-client.ts';
import type { GatewayParam } from './signature.ts';

export interface ZwddApiConfig {
  tenantId: string;
  appKey: string;
}

export interface TaskInput {
  /** Our idempotency key, stable across retries and restarts. */
  bizTaskId: string;
  subject: string;
  assigneeId: string;
  /** Who creates the to-do; unconfirmed which id is expected, we use the assignee (docs §6, U). */
  creatorId: string;
  dueAt: Date;
  url: string;
  remarks: string;
}

export type TaskCreated = { ok: true; taskUuid: string | undefined; raw: string } | GatewayFailure;

export class ZwddApi {
  constructor(
    private readonly gateway: ZwddGateway,
    private readonly config: ZwddApiConfig,
  ) {}

  /** 工作通知; `msg` must already fit 2048 bytes (encode.ts). A "重复" answer is the `duplicate` failure. */
  workNotification(input: { receiverIds: readonly string[]; bizMsgId: string; msg: string }): Promise<GatewayAnswer> {
    return this.gateway.call(ZWDD_PATHS.workNotification, [
      ['tenantId', this.config.tenantId],
      ['receiverIds', input.receiverIds.join(',')],
      ['bizMsgId', input.bizMsgId],
      ['msg', input.msg],
    ]);
  }

  sendToGroup(input: { chatId: string; msgType: string; msgBody: string }): Promise<GatewayAnswer> {
    return this.gateway.call(ZWDD_PATHS.robotGroup, [
      ['appKey', this.config.appKey],
      ['tenantId', this.config.tenantId],
      ['chatId', input.chatId],
      ['msgType', input.msgType],
      ['msgBody', input.msgBody],
    ]);
  }

  sendToUser(input: { accountId: string; msgType: string; msgBody: string }): Promise<GatewayAnswer> {
    return this.gateway.call(ZWDD_PATHS.robotOto, [
      ['appKey', this.config.appKey],
      ['tenantId', this.config.tenantId],
      ['accountId', input.accountId],
      ['msgType', input.msgType],
      ['msgBody', input.msgBody],
    ]);
  }

  /**
   * Creates a 待办. The answer's shape is unconfirmed (docs §6): `content.data` is read as the task's
   * uuid when it is a string, else its `taskUuid` (or `uuid`) field; the raw body is returned for logs.
   */
  async createTask(task: TaskInput): Promise<TaskCreated> {
    const params: GatewayParam[] = [
      ['tenantId', this.config.tenantId],
      ['bizTaskId', task.bizTaskId],
      ['subject', task.subject],
      ['creatorId', task.creatorId],
      ['assigneeId', task.assigneeId],
      ['dueTime', String(task.dueAt.getTime())],
      ['url', task.url],
      ['mobileUrl', task.url],
      ['remarks', task.remarks],
    ];
    const answer = await this.gateway.call(ZWDD_PATHS.taskCreate, params);
    if (!answer.ok) return answer;
    return { ok: true, taskUuid: taskUuidOf(contentData(answer.content)), raw: answer.raw };
  }

  finishTask(taskUuid: string, userId: string): Promise<GatewayAnswer> {
    return this.gateway.call(ZWDD_PATHS.taskFinish, [
      ['taskUuid', taskUuid],
      ['userId', userId],
      ['closePackage', 'false'],
    ]);
  }

  cancelTask(taskUuid: string, userId: string): Promise<GatewayAnswer> {
    // `cancelPakcage` is the SDK's own spelling.
    return this.gateway.call(ZWDD_PATHS.taskCancel, [
      ['taskUuid', taskUuid],
      ['userId', userId],
      ['cancelPakcage', 'false'],
    ]);
  }
}

function taskUuidOf(data: unknown): string | undefined {
  if (typeof data === 'string' && data !== '') return data;
  if (typeof data !== 'object' || data === null) return undefined;
  const record = data as Record<string, unknown>;
  const value = record.taskUuid ?? record.uuid;
  return typeof value === 'string' && value !== '' ? value : undefined;
}
