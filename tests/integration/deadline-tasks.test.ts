import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction } from '../../src/db/tx.ts';
import { syncDeadlineTasks } from '../../src/services/deadline-tasks.ts';
import { startHarness, type Harness } from '../helpers/coordination.ts';

/**
 * The reconciliation of deadline to-dos against the records, on the local platform (which keeps no
 * to-dos: its TASK rows are settled without a message). Finish vs cancel, renewal, a new review round
 * and a reopened matrix cycle; the 浙政钉 end-to-end test shows the same rows reaching the gateway.
 */
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.stop());

const sync = () => inTransaction(h.t.bot.db.prisma, (tx) => syncDeadlineTasks({ tx, now: h.now(), actorId: 'system' }));
type Row = { taskKey: string; userId: string; status: string; dueAt: string };
const tasks = (like: string) =>
  h.query<Row>(
    `SELECT "taskKey", "userId", "status", "dueAt" FROM "DeadlineTask" WHERE "taskKey" LIKE ? ORDER BY "taskKey"`,
    like,
  );
const ops = (like: string) =>
  h
    .query<{ message: string }>(
      `SELECT "message" FROM "OutboxMessage" WHERE kind = 'TASK' AND "dedupeKey" LIKE ? ORDER BY id`,
      `task:${like}`,
    )
    .map((r) => (JSON.parse(r.message) as { op: string }).op);

describe('deadline to-dos follow their records', () => {
  it('opens one per officer and deadline once, however often it runs; the local platform settles TASK rows without a message', async () => {
    const first = await sync();
    expect(first.opened).toBeGreaterThan(0);
    expect(await sync()).toEqual({ opened: 0, closed: 0 });
    expect(tasks('matrix:%').every((t) => t.status === 'OPEN')).toBe(true);
    const sentBefore = (await h.t.client.sent()).length;
    await h.settle();
    expect(h.count(`SELECT COUNT(*) AS n FROM "OutboxMessage" WHERE kind = 'TASK' AND status <> 'DELIVERED'`)).toBe(0);
    expect((await h.t.client.sent()).length).toBe(sentBefore);
  });

  it('cancels a first-negotiation to-do when the period expires unsigned, and replaces it on renewal', async () => {
    const code = await h.exclusive(
      'binjiang-li',
      'binjiang',
      '项目=视觉芯片 投资方=杭州明眸视觉科技有限公司 产业链=数字安防 投资额=3亿 意向=签订意向书',
    );
    const id = h.query<{ id: number; exclusiveUntil: string }>(
      `SELECT id, "exclusiveUntil" FROM "Project" WHERE code = ?`,
      code,
    )[0]!;
    await sync();
    const opened = tasks(`exclusivity:${id.id}:%`);
    expect(opened.map((t) => [t.userId, t.status])).toEqual([['binjiang-li', 'OPEN']]);
    expect(new Date(opened[0]!.dueAt).getTime()).toBe(new Date(id.exclusiveUntil).getTime());

    expect(await h.t.client.say('ipb-zhang', 'ipb', `/续期 ${code} 30`)).toContain(code);
    await sync();
    const renewed = tasks(`exclusivity:${id.id}:%`);
    expect(renewed.map((t) => t.status).sort()).toEqual(['CANCELLED', 'OPEN']);

    const until = new Date(
      h.query<{ exclusiveUntil: string }>(`SELECT "exclusiveUntil" FROM "Project" WHERE id = ?`, id.id)[0]!
        .exclusiveUntil,
    );
    await h.moveClock(new Date(until.getTime() + 3600_000));
    expect(h.query<{ status: string }>(`SELECT status FROM "Project" WHERE id = ?`, id.id)[0]!.status).toBe('EXPIRED');
    await sync();
    expect(tasks(`exclusivity:${id.id}:%`).map((t) => t.status)).toEqual(['CANCELLED', 'CANCELLED']);
    expect(ops(`exclusivity:${id.id}:%`)).toEqual(['open', 'cancel', 'open', 'cancel']);
  });

  it('on 补充材料, finishes the seats that voted, cancels the others, and opens the next round on resubmission', async () => {
    const { reply } = await h.run(
      'xiaoshan-wang',
      'xiaoshan',
      '/流转 企业=杭州远山新材料有限公司 产业链=集成电路 迁出=滨江区 迁入=萧山区 理由=扩大产能需新增用地 分成=30%/5年',
    );
    const code = /LZ-\d{4}-\d{4}/.exec(reply)![0];
    const id = h.query<{ id: number }>(`SELECT id FROM "Transfer" WHERE code = ?`, code)[0]!.id;
    await sync();
    expect(tasks(`transfer:${id}:round1:%`).map((t) => t.userId)).toEqual([
      'audit-qian',
      'finance-zhao',
      'industry-sun',
      'ipb-liu',
      'ipb-zhang',
    ]);
    await h.run('ipb-zhang', 'ipb', `/评审 ${code} 同意`);
    await h.run('finance-zhao', 'finance', `/评审 ${code} 补充材料 请补充近三年纳税证明`);
    await sync();
    const byUser = Object.fromEntries(tasks(`transfer:${id}:round1:%`).map((t) => [t.userId, t.status]));
    expect(byUser).toEqual({
      'audit-qian': 'CANCELLED',
      'finance-zhao': 'FINISHED',
      'industry-sun': 'CANCELLED',
      'ipb-liu': 'FINISHED',
      'ipb-zhang': 'FINISHED',
    });

    await h.tick();
    await h.run('xiaoshan-wang', 'xiaoshan', `/流转 补充 ${code} 已补充纳税证明`);
    await sync();
    expect(tasks(`transfer:${id}:round2:%`).map((t) => t.status)).toEqual(['OPEN', 'OPEN', 'OPEN', 'OPEN', 'OPEN']);
  });

  it('finishes a matrix to-do on completion and opens a fresh one when IPB sends the item back', async () => {
    const cycle = h.query<{ id: number }>(
      `SELECT id FROM "MatrixCycle" WHERE "itemNumber" = 2 AND status = 'OPEN' ORDER BY "dueDate" LIMIT 1`,
    )[0]!.id;
    const base = `matrix:${cycle}:ipb-zhang`;
    expect(tasks(`${base}%`).map((t) => t.status)).toEqual(['OPEN']);
    await h.run('ipb-zhang', 'ipb', '/台账 完成 2 依据=2027年版《布局导引》');
    await sync();
    expect(tasks(`${base}%`).map((t) => t.status)).toEqual(['FINISHED']);
    expect(await h.t.client.say('ipb-liu', 'ipb', '/台账 退回 2 2027 未见正式文件')).toContain('已退回');
    await sync();
    expect(tasks(`${base}%`).map((t) => [t.taskKey, t.status])).toEqual([
      [base, 'FINISHED'],
      [`${base}~1`, 'OPEN'],
    ]);
    expect(ops(`${base}%`)).toEqual(['open', 'finish', 'open']);
  });
});
