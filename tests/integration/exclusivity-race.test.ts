/**
 * The expiry job against a project another transaction moves between its read and its guarded write
 * (what PostgreSQL's READ COMMITTED allows): the job loses, so it writes neither the audit event nor
 * the notices of an expiry that did not happen (issue #18 point 3).
 */
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { projectRepository } from '../../src/db/repositories/project-repository.ts';
import { runExclusivityDue } from '../../src/services/exclusivity-expiry.ts';
import { readOnlyQueries } from '../helpers/db.ts';
import { startTestBot, tempDir, type TestBot } from '../helpers/test-bot.ts';

const dir = tempDir();
const dbPath = `${dir.path}/bot.db`;
let t: TestBot;
const { count } = readOnlyQueries(() => dbPath);

beforeAll(async () => {
  t = await startTestBot(dbPath, { dispatch: false });
});

afterAll(async () => {
  vi.restoreAllMocks();
  await t?.stop();
  dir.remove();
});

it('an expiry that loses its project to another transaction writes no audit event and no notice', async () => {
  const reply = await t.client.say(
    'binjiang-li',
    'binjiang',
    '/首报 项目=竞态项目 投资方=杭州竞态科技有限公司 产业链=集成电路 投资额=5亿 意向=签订意向书',
  );
  const code = /首报成功：\*\*(ZS-\d{4}-\d{4,})\*\*/.exec(reply)?.[1];
  expect(code).toBeDefined();
  expect(await t.client.say('ipb-zhang', 'ipb', `/征询 ${code} 投资方同意`)).toContain('已记录');
  expect(await t.client.say('ipb-zhang', 'ipb', `/审核 ${code} 通过`)).toContain('已赋予');
  const outboxBefore = count('SELECT COUNT(*) AS n FROM "OutboxMessage"');

  // The holder records 签约 in between: the guarded update finds the project no longer EXCLUSIVE.
  const update = projectRepository.update.bind(projectRepository);
  vi.spyOn(projectRepository, 'update').mockImplementationOnce(async (tx, id, expected, change, at) => {
    await update(tx, id, expected, { status: 'SIGNED' }, at);
    return update(tx, id, expected, change, at);
  });
  await runExclusivityDue(t.bot.db.prisma, new Date('2027-12-31T00:00:00Z'));

  expect(count(`SELECT COUNT(*) AS n FROM "Project" WHERE code = ? AND status = 'SIGNED'`, code)).toBe(1);
  expect(count(`SELECT COUNT(*) AS n FROM "AuditEvent" WHERE action = 'project.expire'`)).toBe(0);
  expect(count('SELECT COUNT(*) AS n FROM "OutboxMessage"')).toBe(outboxBefore);
});
