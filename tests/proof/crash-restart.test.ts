import { afterAll, describe, expect, it } from 'vitest';
import { verifyChain, type ChainedAuditEvent } from '../../src/domain/audit/hash-chain.ts';
import { FakeDingTalk, PATHS, type SentMessage } from '../dingtalk/fake-dingtalk-server.ts';
import { SimClient, textOf } from '../helpers/sim-client.ts';
import { BotProcesses, kill } from '../helpers/bot-process.ts';
import { tempDir } from '../helpers/test-bot.ts';
import { readOnlyQueries } from '../helpers/db.ts';
import { deliveryLedger, KEYED_CHANNELS, readOutbox, type Ledger } from './ledger.ts';

/**
 * Proof of exactly-once across crashes: the real bot runs as a child process on a file database and
 * is killed with SIGKILL at random moments while a burst of mixed commands arrives, then restarted on
 * the same file. Afterwards every command must have acted once, every notification must have reached
 * the platform, and the audit chain must verify.
 *
 * The one gap the design admits: between the platform accepting a message and the bot committing
 * "delivered", a kill leaves the row pending and it is sent again after the restart. Webhook replies
 * (msgUuid) and new cards (outTrackId) carry a key the platform de-duplicates on; robot OpenAPI sends
 * and card updates do not, so a second copy there is possible, at most one per kill. The test counts it.
 */

const dir = tempDir('yipanqi-proof-');
/** Every bot process started here; none may outlive the file, even when a test times out. */
const processes = new BotProcesses();
afterAll(() => {
  processes.killAll();
  dir.remove();
});

/** PROOF_SEED=<n> repeats a run's random choices; what the bot has finished at each moment still varies. */
const SEED = Number(process.env.PROOF_SEED ?? Date.now() % 2 ** 31);

function rngFrom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls `condition` every `intervalMs` (gently: the machine is busy with the bot) until it holds. */
async function pollUntil(condition: () => boolean, timeoutMs: number, what: string, intervalMs = 100): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(intervalMs);
  }
}

const startBotProcess = (env: Record<string, string>, stderr: string[]) => processes.start(env, stderr);

const query = <T>(path: string, sql: string, ...params: unknown[]): T[] =>
  readOnlyQueries(() => path).query<T>(sql, ...params);
const count = (path: string, sql: string, ...params: unknown[]): number =>
  readOnlyQueries(() => path).count(sql, ...params);

function verifyAuditRows(path: string): ReturnType<typeof verifyChain> {
  const rows = query<Omit<ChainedAuditEvent, 'at'> & { at: string | number }>(
    path,
    `SELECT * FROM "AuditEvent" ORDER BY seq`,
  );
  return verifyChain(rows.map((row) => ({ ...row, at: new Date(row.at).toISOString() })));
}

function summarise(ledger: Ledger): string {
  return Object.entries(ledger.byChannel)
    .map(
      ([channel, c]) =>
        `${channel}: ${c.notifications} notifications, ${c.attempts} hand-overs, ${c.resendsSuppressed} resends absorbed by key, ${c.shownTwice} shown twice`,
    )
    .join('; ');
}

function percentiles(values: number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
  return `p50 ${at(0.5)} ms, p95 ${at(0.95)} ms, max ${at(1)} ms`;
}

/** Twenty characters per position: a unique 字号 per index that no name rule can merge with another. */
const TRADE = '甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉';
function tradeName(index: number): string {
  return `${TRADE[Math.floor(index / 400) % 20]}${TRADE[Math.floor(index / 20) % 20]}${TRADE[index % 20]}`;
}

type Kind = 'grant' | 'report' | 'help' | 'consult' | 'click-grant' | 'click-deny';

interface Command {
  kind: Kind;
  /** Stream delivery id (headers.messageId), what acks name. */
  deliveryId: string;
  /** What the bot stores as InboundMessage.messageId: data.msgId for messages, the delivery id for clicks. */
  inboundId: string;
  /** The grantee, the project name, or the project code, depending on kind. */
  subject: string;
}

interface Card {
  outTrackId: string;
  code: string;
}

// The two children are independent: running them side by side shares the restart waits.
describe.concurrent('SIGKILL during a burst of commands', () => {
  it('through DingTalk (1,000 commands): acts on every acknowledged command once, loses no notification, keeps the audit chain', {
    timeout: 180_000,
  }, async () => {
    const started = Date.now();
    const rng = rngFrom(SEED);
    const between = (min: number, max: number) => min + Math.floor(rng() * (max - min));
    const path = `${dir.path}/dingtalk.db`;
    const fake = await FakeDingTalk.start({ redeliveryDelayMs: 8_000, maxRedeliveries: 1_000 });
    const stderr: string[] = [];
    const env = {
      PLATFORM: 'dingtalk',
      DINGTALK_CLIENT_ID: fake.clientId,
      DINGTALK_CLIENT_SECRET: fake.clientSecret,
      DINGTALK_API_BASE: fake.apiBase,
      DINGTALK_OAPI_BASE: fake.oapiBase,
      DINGTALK_CARD_TEMPLATE_ID: 'tpl-proof',
      DINGTALK_MONTHLY_QUOTA: '1000000',
      ADMIN_USER_IDS: 'admin',
      DEMO_SEED: '1',
      DATABASE_URL: `file:${path}`,
    };
    let bot = await startBotProcess(env, stderr);
    const startupMs: number[] = [Date.now() - started];
    let kills = 0;
    let ackWatch: NodeJS.Timeout | undefined;
    try {
      const commands: Command[] = [];
      // When each delivery was first acknowledged, to report how long acks take under the burst.
      const pushedAt = new Map<string, { at: number; up: boolean }>();
      /** Push to first ack; `up`: the bot was running when it was pushed (else the wait includes a restart). */
      const ackLatency: { ms: number; up: boolean }[] = [];
      let up = true;
      let acksSeen = 0;
      ackWatch = setInterval(() => {
        const acks = fake.acks();
        for (; acksSeen < acks.length; acksSeen++) {
          const pushed = pushedAt.get(acks[acksSeen]!.messageId);
          if (pushed === undefined) continue;
          ackLatency.push({ ms: Date.now() - pushed.at, up: pushed.up });
          pushedAt.delete(acks[acksSeen]!.messageId);
        }
      }, 100);

      let cardsScanned = 0;
      /** Cards nobody acted on yet: candidates for a consultation. */
      const freshCards: Card[] = [];
      /** Cards only ever clicked 驳回 (without the required reason), possibly many times. */
      const denyCards: Card[] = [];
      const consulting = new Map<string, Card>();
      const consulted: Card[] = [];
      let consultedPolledAt = 0;

      const pushText = (
        kind: Kind,
        subject: string,
        text: string,
        from: string,
        nick: string,
        conversationId: string,
      ) => {
        const inboundId = `proof-${commands.length}`;
        const deliveryId = fake.pushRobotMessage({
          text,
          msgId: inboundId,
          senderStaffId: from,
          senderNick: nick,
          conversationId,
          conversationTitle: conversationId,
        });
        pushedAt.set(deliveryId, { at: Date.now(), up });
        commands.push({ kind, deliveryId, inboundId, subject });
      };
      const pushClick = (kind: Kind, card: Card, verdict: '通过' | '驳回') => {
        const deliveryId = fake.pushCardClick({
          outTrackId: card.outTrackId,
          userId: 'ipb-zhang',
          actionId: 'command',
          value: `/审核 ${card.code} ${verdict}`,
        });
        pushedAt.set(deliveryId, { at: Date.now(), up });
        commands.push({ kind, deliveryId, inboundId: deliveryId, subject: card.code });
      };
      const takeRandom = <T>(items: T[]): T => items.splice(Math.floor(rng() * items.length), 1)[0]!;

      const refreshPools = () => {
        for (const message of fake.sent().slice(cardsScanned)) {
          if (message.via !== 'card') continue;
          const body = message.body as { outTrackId: string; cardData: { cardParamMap: Record<string, string> } };
          const code = /ZS-\d{4}-\d{4}/.exec(body.cardData.cardParamMap.button1Value ?? '')?.[0];
          if (code === undefined) continue;
          (rng() < 0.5 ? denyCards : freshCards).push({ outTrackId: body.outTrackId, code });
        }
        cardsScanned = fake.sent().length;
        if (consulting.size > 0 && Date.now() - consultedPolledAt > 300) {
          consultedPolledAt = Date.now();
          for (const { code } of query<{ code: string }>(
            path,
            `SELECT code FROM "Project" WHERE consultation IS NOT NULL`,
          )) {
            const card = consulting.get(code);
            if (card === undefined) continue;
            consulting.delete(code);
            consulted.push(card);
          }
        }
      };

      const grant = (index: number) =>
        pushText('grant', `g-${index}`, `/角色 授予 g-${index} IPB`, 'admin', '系统管理员', 'city');
      const report = (index: number) => {
        const name = `验证项目${index}`;
        pushText(
          'report',
          name,
          `/首报 项目=${name} 投资方=${tradeName(index)}科技有限公司 产业链=集成电路 投资额=5亿 意向=签订意向书`,
          'binjiang-li',
          '李明',
          'binjiang',
        );
      };
      const help = () => {
        const [from, nick, conversation] = (
          [
            ['admin', '系统管理员', 'city'],
            ['binjiang-li', '李明', 'binjiang'],
            ['ipb-zhang', '张伟', 'ipb'],
          ] as const
        )[Math.floor(rng() * 3)]!;
        pushText('help', from, '/帮助', from, nick, conversation);
      };

      /**
       * One command of the mix. The bot paces each DingTalk API at 20 calls/s, so the mix spreads the
       * answers over them to keep 1,000 commands within the test's time: typed commands are answered
       * through the sessionWebhook, grants also notify through batchSend, reports post a card, a
       * refused click answers through batchSend and a permitted one updates its card. A permitted
       * click waiting for its consultation to commit becomes a refused click, and a consultation
       * waiting for a card becomes a report.
       */
      const pushOne = (index: number) => {
        refreshPools();
        const roll = rng();
        const deny = () => pushClick('click-deny', denyCards[Math.floor(rng() * denyCards.length)]!, '驳回');
        if (roll < 0.36) return deny();
        if (roll < 0.44) return consulted.length > 0 ? pushClick('click-grant', takeRandom(consulted), '通过') : deny();
        if (roll < 0.52) {
          if (freshCards.length === 0) return report(index);
          const card = takeRandom(freshCards);
          consulting.set(card.code, card);
          return pushText(
            'consult',
            card.code,
            `/征询 ${card.code} 投资方确认优先在滨江落地`,
            'ipb-zhang',
            '张伟',
            'ipb',
          );
        }
        if (roll < 0.62) return grant(index);
        if (roll < 0.97) return report(index);
        return help();
      };

      const TOTAL = 1_000;
      const burst = (async () => {
        // The first reports' cards give the clicks something to click.
        for (let index = 0; index < 16; index++) report(index);
        await pollUntil(
          () => {
            refreshPools();
            return denyCards.length > 0 && freshCards.length > 2;
          },
          30_000,
          'the first cards',
        );
        while (commands.length < TOTAL) {
          pushOne(commands.length);
          await sleep(between(0, 40));
        }
      })();

      /**
       * Three kills at random moments of the burst, wherever command processing happens to be then.
       * Each also catches the outbox inside the window the design admits (the platform has accepted
       * a message, the bot has not committed "delivered"): once on a webhook reply, once on a
       * one-to-one OpenAPI notice, once on a new card. The platform holds its answer back, so the
       * kill lands in the window for certain instead of by rare luck.
       */
      const windows = [PATHS.sendBySession, PATHS.batchSend, PATHS.createAndDeliver].sort(() => rng() - 0.5);
      const killTimes: number[] = [];
      const chaos = (async () => {
        for (const [round, window] of windows.entries()) {
          // A random moment in each third of the burst, however fast this machine pushes and processes.
          const due = between(round * 300 + 60, round * 300 + 300);
          await pollUntil(() => commands.length >= due, 120_000, `command ${due}`);
          fake.inject(window, { kind: 'answer-late', ms: 60_000 });
          // Something that goes out that way is queued, whatever else the backlog still holds.
          if (window === PATHS.batchSend) grant(commands.length);
          else if (window === PATHS.createAndDeliver) report(commands.length);
          else help();
          await pollUntil(
            () => fake.lateAnswers().some((late) => late.path === window && late.seq !== undefined),
            60_000,
            `a send on ${window}`,
            5,
          ).catch((error: unknown) => {
            throw new Error(
              `${String(error)}; late answers ${JSON.stringify(fake.lateAnswers())}; outbox ${JSON.stringify(query(path, `SELECT status, COUNT(*) AS n, MAX(lastError) AS lastError FROM "OutboxMessage" GROUP BY status`))}`,
            );
          });
          killTimes.push(Date.now() - started);
          up = false;
          await kill(bot);
          kills += 1;
          await sleep(between(0, 1_000));
          const restartAt = Date.now();
          bot = await startBotProcess(env, stderr);
          up = true;
          startupMs.push(Date.now() - restartAt);
        }
      })();
      await Promise.all([burst, chaos]);

      const allAcked = () => {
        const acked = new Set(
          fake
            .acks()
            .filter((a) => a.code === 200)
            .map((a) => a.messageId),
        );
        return commands.every((c) => acked.has(c.deliveryId));
      };
      await pollUntil(allAcked, 90_000, 'an ack of every command', 250);
      const ackedAt = Date.now() - started;
      clearInterval(ackWatch);
      const pending = () =>
        count(path, `SELECT COUNT(*) AS n FROM "OutboxMessage" WHERE status <> 'DELIVERED'`) +
        count(path, `SELECT COUNT(*) AS n FROM "InboundMessage" WHERE status <> 'DONE'`);
      const deadline = Date.now() + 120_000;
      while (pending() > 0) {
        if (Date.now() > deadline)
          throw new Error(
            `outbox not drained: ${JSON.stringify(query(path, `SELECT id, kind, status, attempts, lastError FROM "OutboxMessage" WHERE status <> 'DELIVERED' LIMIT 5`))}`,
          );
        await sleep(250);
      }
      const drainedAt = Date.now() - started;

      // The audit chain, checked by the bot itself and by reading the rows.
      const before = fake.sent().length;
      const verifyId = fake.pushRobotMessage({
        text: '/审计 校验',
        senderStaffId: 'admin',
        senderNick: '系统管理员',
        conversationId: 'city',
      });
      await fake.waitForAck(verifyId, 10_000);
      await pollUntil(
        () =>
          fake
            .sent()
            .slice(before)
            .some((m: SentMessage) => m.via === 'webhook'),
        15_000,
        'the verification reply',
      );
      expect(
        JSON.stringify(
          fake
            .sent()
            .slice(before)
            .map((m) => m.body),
        ),
      ).toContain('审计链校验通过');
      bot.child.kill('SIGTERM');
      await bot.exited;
      expect(verifyAuditRows(path).ok).toBe(true);

      // Every command acted exactly once.
      const byKind = (kind: Kind) => commands.filter((c) => c.kind === kind);
      for (const c of commands) {
        expect(
          query(path, `SELECT status FROM "InboundMessage" WHERE messageId = ?`, c.inboundId),
          c.inboundId,
        ).toEqual([{ status: 'DONE' }]);
      }
      for (const c of byKind('grant')) {
        expect(count(path, `SELECT COUNT(*) AS n FROM "AuditEvent" WHERE recordId = ?`, c.subject), c.subject).toBe(1);
        expect(count(path, `SELECT COUNT(*) AS n FROM "RoleGrant" WHERE userId = ?`, c.subject), c.subject).toBe(1);
      }
      for (const c of byKind('report')) {
        const projects = query<{ code: string }>(path, `SELECT code FROM "Project" WHERE name = ?`, c.subject);
        expect(projects, c.subject).toHaveLength(1);
        expect(
          count(
            path,
            `SELECT COUNT(*) AS n FROM "AuditEvent" WHERE recordId = ? AND action = 'project.report'`,
            projects[0]!.code,
          ),
        ).toBe(1);
      }
      expect(count(path, `SELECT COUNT(*) AS n FROM "Project"`)).toBe(byKind('report').length);
      for (const c of byKind('consult')) {
        expect(
          count(
            path,
            `SELECT COUNT(*) AS n FROM "AuditEvent" WHERE recordId = ? AND action = 'project.consult'`,
            c.subject,
          ),
          c.subject,
        ).toBe(1);
      }
      for (const c of byKind('click-grant')) {
        expect(query(path, `SELECT status FROM "Project" WHERE code = ?`, c.subject), c.subject).toEqual([
          { status: 'EXCLUSIVE' },
        ]);
        expect(
          count(
            path,
            `SELECT COUNT(*) AS n FROM "AuditEvent" WHERE recordId = ? AND action = 'project.grant'`,
            c.subject,
          ),
          c.subject,
        ).toBe(1);
      }
      for (const c of byKind('click-deny')) {
        // The card's 驳回 button carries no reason: refused, privately, and nothing changes.
        expect(
          count(
            path,
            `SELECT COUNT(*) AS n FROM "AuditEvent" WHERE recordId = ? AND action <> 'project.report'`,
            c.subject,
          ),
          c.subject,
        ).toBe(0);
      }
      expect(count(path, `SELECT COUNT(*) AS n FROM "AuditEvent" WHERE action = 'project.grant'`)).toBe(
        byKind('click-grant').length,
      );
      expect(count(path, `SELECT COUNT(*) AS n FROM "AuditEvent" WHERE action = 'project.consult'`)).toBe(
        byKind('consult').length,
      );
      // One answer per command: a reply row per typed command and per click.
      const replies = query<{ messageId: string; n: number }>(
        path,
        `SELECT i.messageId, COUNT(o.id) AS n FROM "InboundMessage" i LEFT JOIN "OutboxMessage" o ON o.sourceInboundId = i.id AND o.kind = 'REPLY' GROUP BY i.id`,
      );
      const repliesOf = new Map(replies.map((r) => [r.messageId, r.n]));
      for (const c of commands) expect(repliesOf.get(c.inboundId), c.inboundId).toBe(1);

      // Every notification reached DingTalk; a second copy only where no idempotency key exists.
      const rows = readOutbox(path);
      expect(rows.filter((r) => r.status !== 'DELIVERED')).toEqual([]);
      const ledger = deliveryLedger(rows, fake.sent(), fake.suppressed(), { cardTemplate: true });
      expect(ledger.lost).toEqual([]);
      expect(ledger.unaccounted).toEqual([]);
      expect(ledger.duplicated.filter((n) => KEYED_CHANNELS.includes(n.channel))).toEqual([]);
      expect(ledger.duplicateMessages.length).toBeLessThanOrEqual(kills);
      // The kills inside the window: a keyed resend was absorbed, the OpenAPI notice was shown twice.
      const heldSeq = (on: string) => fake.lateAnswers().find((late) => late.path === on)!.seq!;
      const heldWebhook = fake.sent()[heldSeq(PATHS.sendBySession) - 1]!.body as { msgUuid: string };
      const heldCard = fake.sent()[heldSeq(PATHS.createAndDeliver) - 1]!.body as { outTrackId: string };
      expect(fake.suppressed().filter((s) => s.via === 'webhook' && s.key === heldWebhook.msgUuid)).toHaveLength(1);
      expect(fake.suppressed().filter((s) => s.via === 'card' && s.key === heldCard.outTrackId)).toHaveLength(1);
      const heldNotice = fake.sent()[heldSeq(PATHS.batchSend) - 1]!;
      const sameNotice = (m: SentMessage) =>
        m.via === 'oto' && JSON.stringify([m.to, m.msgParam]) === JSON.stringify([heldNotice.to, heldNotice.msgParam]);
      expect(ledger.duplicateMessages.some((d) => d.seq > heldNotice.seq && sameNotice(fake.sent()[d.seq - 1]!))).toBe(
        true,
      );
      // 通过 is clicked once per card, and a refused click leaves its card alone: one update per permitted click.
      expect(ledger.byChannel['card-update'].notifications).toBe(byKind('click-grant').length);

      const kinds = Object.fromEntries(
        (['grant', 'report', 'help', 'consult', 'click-grant', 'click-deny'] as const).map((k) => [
          k,
          byKind(k).length,
        ]),
      );
      const redelivered = commands.filter((c) => fake.deliveries(c.deliveryId) > 1).length;
      console.info(
        [
          `crash proof (seed ${SEED}): ${commands.length} commands ${JSON.stringify(kinds)}, ${kills} SIGKILLs at ${killTimes.map((t) => `${(t / 1000).toFixed(1)} s`).join(', ')}`,
          `start-up ${startupMs.map((t) => `${(t / 1000).toFixed(1)} s`).join(', ')}; all acked at ${(ackedAt / 1000).toFixed(1)} s; drained at ${(drainedAt / 1000).toFixed(1)} s; total ${((Date.now() - started) / 1000).toFixed(1)} s`,
          `acks after ${percentiles(ackLatency.filter((a) => a.up).map((a) => a.ms))} (pushed while the bot ran), ${percentiles(ackLatency.filter((a) => !a.up).map((a) => a.ms))} (pushed while it was down); ${redelivered} commands delivered more than once by the gateway (redelivery after 8 s unacknowledged)`,
          `${rows.length} outbox rows; ${summarise(ledger)}`,
          `platform messages repeating an earlier one: ${ledger.duplicateMessages.length} ${JSON.stringify(ledger.duplicateMessages)}`,
        ].join('\n'),
      );
    } finally {
      clearInterval(ackWatch);
      if (bot.child.exitCode === null && bot.child.signalCode === null) await kill(bot);
      await fake.close();
    }
  });
  it('through the simulator API: every answered command acted once, every notice shown once', {
    timeout: 120_000,
  }, async () => {
    const started = Date.now();
    const rng = rngFrom(SEED + 1);
    const between = (min: number, max: number) => min + Math.floor(rng() * (max - min));
    const path = `${dir.path}/simulator.db`;
    const stderr: string[] = [];
    const env = { PLATFORM: 'local', DATABASE_URL: `file:${path}` };
    let bot = await startBotProcess(env, stderr);
    let client = new SimClient(bot.address);
    /** Settles when the bot currently killed is back; lanes wait on it before resending. */
    let up: Promise<void> = Promise.resolve();
    let kills = 0;
    let resent = 0;
    try {
      type SimKind = 'grant' | 'report' | 'help' | 'consult' | 'click-grant' | 'click-deny';
      const answered: { kind: SimKind; messageId: string; subject: string; reply: string }[] = [];

      /** Sends until answered, with one messageId, as a client that lost its answer would. */
      const send = async (
        kind: SimKind,
        subject: string,
        request: { path: string; body: Record<string, string> },
      ): Promise<string> => {
        const messageId = `sim-${answered.length}-${Math.floor(rng() * 1e9)}`;
        for (let attempt = 0; attempt < 20; attempt++) {
          try {
            const body = (await client.post(request.path, { ...request.body, messageId })) as {
              replies: Parameters<typeof textOf>[0][];
            };
            const reply = body.replies.map(textOf).join('\n');
            answered.push({ kind, messageId, subject, reply });
            return reply;
          } catch {
            resent += 1;
            await up;
            await sleep(50);
          }
        }
        throw new Error(`${kind} ${subject} never answered`);
      };
      const say = (kind: SimKind, subject: string, userId: string, conversationId: string, text: string) =>
        send(kind, subject, { path: '/api/messages', body: { userId, conversationId, text } });
      const click = (kind: SimKind, code: string, verdict: '通过' | '驳回') =>
        send(kind, code, {
          path: '/api/actions',
          body: { userId: 'ipb-zhang', conversationId: 'ipb', actionId: 'command', value: `/审核 ${code} ${verdict}` },
        });

      /** A lane runs its commands one after another, so a click follows the consultation it needs. */
      let chaosDone = false;
      const lane = async (laneId: number) => {
        const mine: string[] = [];
        // At least 40 commands, and on until the last kill is over (bounded).
        for (let i = 0; (i < 40 || !chaosDone) && i < 400; i++) {
          const index = laneId * 1000 + i;
          const roll = rng();
          if (roll < 0.3) {
            await say('grant', `s-${index}`, 'admin', 'city', `/角色 授予 s-${index} IPB`);
          } else if (roll < 0.6 || mine.length === 0) {
            const name = `模拟项目${index}`;
            const reply = await say(
              'report',
              name,
              'binjiang-li',
              'binjiang',
              `/首报 项目=${name} 投资方=${tradeName(index)}智能有限公司 产业链=集成电路 投资额=3亿 意向=实地考察`,
            );
            const code = /ZS-\d{4}-\d{4}/.exec(reply)?.[0];
            if (code !== undefined) mine.push(code);
          } else if (roll < 0.75) {
            const code = mine.splice(Math.floor(rng() * mine.length), 1)[0]!;
            await say('consult', code, 'ipb-zhang', 'ipb', `/征询 ${code} 投资方同意`);
            await click('click-grant', code, '通过');
          } else if (roll < 0.85) {
            await click('click-deny', mine[Math.floor(rng() * mine.length)]!, '驳回');
          } else {
            await say('help', 'admin', 'admin', 'city', '/帮助');
          }
        }
      };

      const lanes = Promise.all(Array.from({ length: 6 }, (_, id) => lane(id)));
      const chaos = (async () => {
        for (let round = 0; round < 3; round++) {
          await sleep(between(300, 2_500));
          let back!: () => void;
          up = new Promise<void>((resolve) => (back = resolve));
          await kill(bot);
          kills += 1;
          await sleep(between(0, 500));
          bot = await startBotProcess(env, stderr);
          client = new SimClient(bot.address);
          back();
        }
        chaosDone = true;
      })();
      await Promise.all([lanes, chaos]);

      const pending = () => count(path, `SELECT COUNT(*) AS n FROM "OutboxMessage" WHERE status <> 'DELIVERED'`);
      const deadline = Date.now() + 30_000;
      while (pending() > 0) {
        if (Date.now() > deadline) throw new Error('simulator outbox not drained');
        await sleep(100);
      }
      expect(await client.say('audit-qian', 'audit', '/审计 校验')).toContain('审计链校验通过');
      bot.child.kill('SIGTERM');
      await bot.exited;
      expect(verifyAuditRows(path).ok).toBe(true);

      for (const c of answered) {
        expect(
          query(
            path,
            `SELECT status FROM "InboundMessage" WHERE platform = 'simulator' AND messageId = ?`,
            c.messageId,
          ),
          c.messageId,
        ).toEqual([{ status: 'DONE' }]);
      }
      const of = (kind: SimKind) => answered.filter((c) => c.kind === kind);
      for (const c of of('grant')) {
        expect(c.reply, c.subject).toContain('已授予');
        expect(count(path, `SELECT COUNT(*) AS n FROM "AuditEvent" WHERE recordId = ?`, c.subject), c.subject).toBe(1);
      }
      for (const c of of('report'))
        expect(count(path, `SELECT COUNT(*) AS n FROM "Project" WHERE name = ?`, c.subject), c.subject).toBe(1);
      expect(count(path, `SELECT COUNT(*) AS n FROM "Project" WHERE name LIKE '模拟项目%'`)).toBe(of('report').length);
      for (const c of of('click-grant')) {
        expect(
          count(
            path,
            `SELECT COUNT(*) AS n FROM "AuditEvent" WHERE recordId = ? AND action = 'project.consult'`,
            c.subject,
          ),
          c.subject,
        ).toBe(1);
        expect(
          count(
            path,
            `SELECT COUNT(*) AS n FROM "AuditEvent" WHERE recordId = ? AND action = 'project.grant'`,
            c.subject,
          ),
          c.subject,
        ).toBe(1);
      }
      expect(count(path, `SELECT COUNT(*) AS n FROM "AuditEvent" WHERE action = 'project.grant'`)).toBe(
        of('click-grant').length,
      );

      // The simulator "platform" shows each outbox row once (SimulatorDelivery is unique per row): none may be missing.
      const rows = count(path, `SELECT COUNT(*) AS n FROM "OutboxMessage"`);
      expect(
        count(
          path,
          `SELECT COUNT(*) AS n FROM "OutboxMessage" o WHERE NOT EXISTS (SELECT 1 FROM "SimulatorDelivery" d WHERE d.outboxId = o.id)`,
        ),
      ).toBe(0);
      expect(count(path, `SELECT COUNT(*) AS n FROM "SimulatorDelivery"`)).toBe(rows);
      for (const c of of('grant'))
        expect(
          count(path, `SELECT COUNT(*) AS n FROM "SimulatorDelivery" WHERE toUserId = ?`, c.subject),
          c.subject,
        ).toBe(1);

      const kinds = Object.fromEntries(
        (['grant', 'report', 'help', 'consult', 'click-grant', 'click-deny'] as const).map((k) => [k, of(k).length]),
      );
      console.info(
        `simulator crash proof (seed ${SEED + 1}): ${answered.length} commands ${JSON.stringify(kinds)}, ${kills} SIGKILLs, ${resent} requests resent after losing their answer, ${rows} notices each shown once; ${((Date.now() - started) / 1000).toFixed(1)} s`,
      );
    } finally {
      if (bot.child.exitCode === null && bot.child.signalCode === null) await kill(bot);
    }
  });
});
