import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZwddApi } from '../../src/adapters/zwdd/api.ts';
import { ZwddGateway } from '../../src/adapters/zwdd/gateway-client.ts';
import { outcomeOf, platformId, ZwddSender, type TaskStore } from '../../src/adapters/zwdd/sender.ts';
import { markUserText } from '../../src/app/user-text.ts';
import { ZwddProtocolServer } from './protocol-server.ts';

const TEXT = {
  commandListHeading: '命令：',
  fallbackTitle: '通知',
  footer: (sentAt: Date, reference: string) => `（${sentAt.toISOString().slice(0, 10)} #${reference}）`,
  fileNotice: (name: string) => `文件「${name}」无法发送`,
  taskRemarks: (command: string) => `发送 ${command}`,
};

/** The database's side of the boundary: where taskUuids are kept. */
function memoryTasks(): TaskStore & { rows: Map<string, string | undefined> } {
  const rows = new Map<string, string | undefined>();
  return {
    rows,
    async find(id) {
      return rows.has(id) ? { taskUuid: rows.get(id) } : undefined;
    },
    async save(id, uuid) {
      if (!rows.has(id)) rows.set(id, uuid);
    },
  };
}

let server: ZwddProtocolServer;
let installation = 0;
beforeAll(async () => {
  server = await ZwddProtocolServer.start();
});
afterAll(() => server.close());

/** A sender with its own installation key, so tests never share bizMsgIds. */
function newSender(tasks = memoryTasks()) {
  installation += 1;
  const gateway = new ZwddGateway({ apiBase: server.apiBase, appKey: server.appKey, appSecret: server.appSecret });
  const sender = new ZwddSender(new ZwddApi(gateway, { tenantId: server.tenantId, appKey: server.appKey }), {
    installationKey: `INST${installation}`,
    text: TEXT,
    tasks,
    now: () => new Date('2026-12-01T01:00:00Z'),
  });
  return { sender, tasks, key: `INST${installation}` };
}

describe('浙政钉 sender against the protocol server', () => {
  it('routes groups to sendgroup, replies in a one-to-one chat to sendoto, other personal messages to 工作通知 with a stable bizMsgId', async () => {
    const { sender, key } = newSender();
    const robot = server.robotMessages.length;
    expect(
      await sender.send({ key: '11', to: { conversationId: 'cid-city' }, message: { kind: 'text', text: '群通知' } }),
    ).toEqual({ status: 'delivered' });
    expect(
      await sender.send({
        key: '12',
        to: { userId: '100135' },
        message: { kind: 'text', text: '回复' },
        replyContext: {},
      }),
    ).toEqual({ status: 'delivered' });
    expect(
      await sender.send({ key: '13', to: { userId: '100135' }, message: { kind: 'text', text: '个人通知' } }),
    ).toEqual({ status: 'delivered' });
    expect(server.robotMessages.slice(robot)).toEqual([
      { api: 'sendgroup', chatId: 'cid-city', msgType: 'text', msgBody: { content: '群通知' } },
      { api: 'sendoto', accountId: '100135', msgType: 'text', msgBody: { content: '回复' } },
    ]);
    expect(server.notifications.at(-1)).toMatchObject({
      bizMsgId: `${key}-13`,
      receiverIds: ['100135'],
      msg: { msgtype: 'text', text: { content: '个人通知\n（2026-12-01 #13）' } },
    });
  });

  it('treats the gateway’s 重复 answer to a repeated bizMsgId as delivered, and shows the notification once', async () => {
    const { sender, key } = newSender();
    const outbound = { key: '1', to: { userId: 'u1' }, message: { kind: 'text' as const, text: 'x' } };
    expect(await sender.send(outbound)).toEqual({ status: 'delivered' });
    expect(await sender.send(outbound)).toEqual({ status: 'delivered' });
    expect(server.repeatedKeys).toContain(`${key}-1`);
    expect(server.notifications.filter((n) => n.bizMsgId === `${key}-1`)).toHaveLength(1);
  });

  it('asks for a retry on 5xx and throttling, keeping the platform’s retry-after', async () => {
    const { sender } = newSender();
    server.failNext('/robot/message/sendgroup', { kind: 'status', status: 502 });
    expect(
      (await sender.send({ key: '2', to: { conversationId: 'c' }, message: { kind: 'text', text: 'x' } })).status,
    ).toBe('retry');
    server.failNext('/robot/message/sendgroup', { kind: 'status', status: 429, retryAfterS: 7 });
    expect(
      await sender.send({ key: '3', to: { conversationId: 'c' }, message: { kind: 'text', text: 'x' } }),
    ).toMatchObject({ status: 'retry', retryAfterMs: 7000 });
    server.failNext('/robot/message/sendgroup', { kind: 'throttle' });
    expect(
      await sender.send({ key: '4', to: { conversationId: 'c' }, message: { kind: 'text', text: 'x' } }),
    ).toMatchObject({ status: 'retry', retryAfterMs: 2000 });
  });

  it('gives up on a request the gateway refuses for good', async () => {
    const { sender } = newSender();
    const outcome = await sender.send({ key: '5', to: { userId: '' }, message: { kind: 'text', text: 'x' } });
    expect(outcome).toMatchObject({ status: 'dead', reason: expect.stringContaining('参数错误') });
  });

  it.each([
    ['network', 'retry'],
    ['unavailable', 'retry'],
    ['token', 'retry'],
    ['signature', 'retry'],
    ['rejected', 'dead'],
  ] as const)(
    'maps a %s failure to %s; 重复 is delivered only where a key made the call idempotent',
    (kind, status) => {
      expect(outcomeOf({ ok: false, kind, detail: kind }, true).status).toBe(status);
      expect(outcomeOf({ ok: false, kind: 'duplicate', detail: '' }, true).status).toBe('delivered');
      expect(outcomeOf({ ok: false, kind: 'duplicate', detail: '' }, false).status).toBe('dead');
    },
  );

  it('announces a file instead of sending it', async () => {
    const { sender } = newSender();
    await sender.send({
      key: '6',
      to: { conversationId: 'c-file' },
      message: { kind: 'file', text: '台账导出', file: { name: 'a.xlsx', path: '/nowhere/a.xlsx' } },
    });
    expect(server.robotMessages.at(-1)).toMatchObject({
      chatId: 'c-file',
      msgBody: { content: '台账导出\n文件「a.xlsx」无法发送' },
    });
  });

  it('sends a split 工作通知 part by part, each with its own bizMsgId, and resumes after a failed part without repeating one', async () => {
    const { sender, key } = newSender();
    const long = { kind: 'text' as const, text: Array.from({ length: 200 }, (_, i) => `第${i}行内容`).join('\n') };
    server.failNext('/message/workNotification', { kind: 'pass' });
    server.failNext('/message/workNotification', { kind: 'status', status: 503 });
    expect((await sender.send({ key: '9', to: { userId: 'u9' }, message: long })).status).toBe('retry');
    expect(await sender.send({ key: '9', to: { userId: 'u9' }, message: long })).toEqual({ status: 'delivered' });
    const mine = server.notifications.filter((n) => n.bizMsgId.startsWith(`${key}-9.`));
    expect(mine.map((n) => n.bizMsgId)).toEqual([`${key}-9.1`, `${key}-9.2`]);
    expect(server.repeatedKeys).toContain(`${key}-9.1`);
  });

  it('creates a 待办 once, stores its taskUuid, and finishes it with that uuid', async () => {
    const { sender, tasks, key } = newSender();
    const task = {
      taskKey: 'matrix:3:ipb-zhang',
      title: `台账第3项「${markUserText('平台评价')}」`,
      dueAt: '2026-12-31T10:00:00.000Z',
      command: '/台账 完成 3 依据=<文号或说明>',
    };
    expect(await sender.syncTask('ipb-zhang', { ...task, op: 'open' })).toEqual({ status: 'delivered' });
    expect(await sender.syncTask('ipb-zhang', { ...task, op: 'open' })).toEqual({ status: 'delivered' });
    const created = server.tasksOf(`${key}-`);
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({
      bizTaskId: `${key}-matrix:3:ipb-zhang`,
      subject: '台账第3项「平台评价」',
      assigneeId: 'ipb-zhang',
      dueTime: String(Date.parse(task.dueAt)),
      remarks: '发送 /台账 完成 3 依据=<文号或说明>',
      status: 'open',
    });
    expect(tasks.rows.get(`${key}-matrix:3:ipb-zhang`)).toBe(created[0]!.taskUuid);
    expect(await sender.syncTask('ipb-zhang', { ...task, op: 'finish' })).toEqual({ status: 'delivered' });
    expect(created[0]!.status).toBe('finished');
  });

  it('after a lost create answer, takes the first task back from a repeated bizTaskId, or records it without uuid and says it cannot close it', async () => {
    const first = newSender();
    const task = { taskKey: 'transfer:1:round1:IPB:u', title: 't', dueAt: '2026-12-31T10:00:00.000Z', command: 'c' };
    server.failNext('/tc/v2/openapi/task/create.json', { kind: 'apply-then-drop' });
    expect((await first.sender.syncTask('u', { ...task, op: 'open' })).status).toBe('retry');
    expect(await first.sender.syncTask('u', { ...task, op: 'open' })).toEqual({ status: 'delivered' });
    expect(await first.sender.syncTask('u', { ...task, op: 'cancel' })).toEqual({ status: 'delivered' });
    expect(server.tasksOf(`${first.key}-`).map((t) => t.status)).toEqual(['cancelled']);

    const second = newSender();
    server.duplicateTaskAnswer = 'error';
    try {
      server.failNext('/tc/v2/openapi/task/create.json', { kind: 'apply-then-drop' });
      expect((await second.sender.syncTask('u', { ...task, op: 'open' })).status).toBe('retry');
      expect(await second.sender.syncTask('u', { ...task, op: 'open' })).toEqual({ status: 'delivered' });
      expect(await second.sender.syncTask('u', { ...task, op: 'cancel' })).toMatchObject({
        status: 'dead',
        reason: expect.stringContaining('no taskUuid'),
      });
      expect(server.tasksOf(`${second.key}-`)).toHaveLength(1);
    } finally {
      server.duplicateTaskAnswer = 'first-task';
    }
  });

  it('hashes a key too long or unusual for a platform id', () => {
    expect(platformId('INST', 'exclusivity:12:1767225600000:ipb-zhang')).toBe(
      'INST-exclusivity:12:1767225600000:ipb-zhang',
    );
    expect(platformId('INST', 'x'.repeat(80))).toMatch(/^INST-[0-9a-f]{40}$/);
    expect(platformId('INST', '中文')).toMatch(/^INST-[0-9a-f]{40}$/);
  });
});
