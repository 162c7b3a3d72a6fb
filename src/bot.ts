import { dirname, join } from 'node:path';
import { installCommands } from '../commands/index.ts';
import { seedDemoLayoutGuide } from '../prisma/seed/layout-guide.ts';
import { seedMatrix } from '../prisma/seed/matrix.ts';
import { seedAdministrators, seedDemoOrganisation, seedPolicyUnits } from '../prisma/seed/organisation.ts';
import { DingTalkApi, DingTalkSender } from './adapters/dingtalk/api-client.ts';
import { DingTalkHttpReceiver } from './adapters/dingtalk/http-server.ts';
import { DingTalkStreamReceiver } from './adapters/dingtalk/stream-receiver.ts';
import { SimulatorReceiver } from './adapters/simulator/server.ts';
import { App } from './app/app.ts';
import type { Receiver, Sender } from './app/receiver.ts';
import type { Config } from './config.ts';
import { openDatabase, type BotDatabase, type PrismaClient } from './db/client.ts';
import { auditVerifyJob } from './jobs/audit-verify.ts';
import { cityLedMeetingsJob } from './jobs/city-led-meetings.ts';
import { exclusivityJob } from './jobs/exclusivity.ts';
import { matrixRemindersJob } from './jobs/matrix-reminders.ts';
import { OutboxDispatcher } from './jobs/outbox-dispatcher.ts';
import { Scheduler } from './jobs/scheduler.ts';
import { transferRemindersJob } from './jobs/transfer-reminders.ts';
import { AdjustableClock, systemClock, type Clock } from './lib/clock.ts';
import { createLogger, type Logger } from './lib/logger.ts';
import { zhCN } from './messages/zh-CN.ts';
import { ApiQuotaMeter } from './services/api-quota.ts';
import { reportUndeliverable, reportUnprocessable } from './services/delivery-failures.ts';
import { createSimulatorBackend } from './services/directory.ts';

export interface RunningBot {
  app: App;
  db: BotDatabase;
  dispatcher: OutboxDispatcher;
  scheduler: Scheduler;
  clock: Clock;
  /** Where the simulator or HTTP callback listener is reachable ('' for Stream mode). */
  address: string;
  stop(): Promise<void>;
}

export interface BotOverrides {
  clock?: Clock & { set?: (to: Date) => void };
  logger?: Logger;
  /** Start without delivering notices: lets a test stop the bot between commit and delivery. */
  dispatch?: boolean;
  /** Real-time delay before the dispatcher re-checks for due retries. */
  dispatcherPollMs?: number;
  /** Overrides the platform's notice-coalescing window (tests shorten it). */
  coalesceWindowMs?: number;
  /** How long a transaction waits for another connection's SQLite write lock (tests shorten it). */
  lockWaitMs?: number;
  /** Delays between attempts at an inbound message whose processing failed (tests shorten them). */
  retryDelaysMs?: readonly number[];
}

/** Generated files (XLSX ledgers) live beside the database, in the data directory. */
const filesDirOf = (config: Config) => join(dirname(config.databasePath), 'files');

/** HTTP path of the robot callback in DINGTALK_MODE=http. */
export const DINGTALK_CALLBACK_PATH = '/dingtalk/callback';

/** Notices to one DingTalk conversation within this window become one message (monthly API quota). */
const DINGTALK_COALESCE_MS = 3000;

interface Platform {
  receiver: Receiver & { address: string };
  sender: Sender;
  coalesceWindowMs: number;
  flush?: () => Promise<void>;
}

/** Composition root: config → clock → db (migrate, WAL, seed) → app → adapter → dispatcher → jobs. */
export async function startBot(config: Config, overrides: BotOverrides = {}): Promise<RunningBot> {
  const logger = overrides.logger ?? createLogger(config.logLevel);
  const clock = overrides.clock ?? (config.simulatorClock ? new AdjustableClock() : systemClock);
  const db = await openDatabase(config.databasePath, { exclusive: true, lockWaitMs: overrides.lockWaitMs });
  const { prisma } = db;
  const filesDir = filesDirOf(config);

  await seedPolicyUnits(prisma);
  if (config.demoSeed) {
    await seedDemoOrganisation(prisma, clock.now());
    await seedDemoLayoutGuide(prisma, clock.now());
  }
  await seedAdministrators(prisma, config.adminUserIds, clock.now());
  await seedMatrix(prisma, clock.now());

  const app = new App({
    prisma,
    clock,
    logger,
    settings: {
      exclusivityDays: config.exclusivityDays,
      adminUserIds: config.adminUserIds,
      monthlyApiQuota: config.dingtalk?.monthlyQuota,
      filesDir,
    },
    replyDelivery: config.platform === 'local' ? 'sync' : 'outbox',
    botNames: zhCN.bot.names,
    retryDelaysMs: overrides.retryDelaysMs,
    onGiveUp: reportUnprocessable,
  });
  installCommands(app);

  const scheduler = new Scheduler([auditVerifyJob(prisma), exclusivityJob(prisma), matrixRemindersJob(prisma), cityLedMeetingsJob(prisma), transferRemindersJob(prisma)], clock, logger);
  let dispatcher: OutboxDispatcher | undefined;
  const platform = createPlatform(config, prisma, app, clock, logger, async (to) => {
    const settable = clock as Clock & { set?: (to: Date) => void };
    settable.set?.(to);
    await scheduler.runAll(clock.now());
    await dispatcher?.drain();
  });

  dispatcher = new OutboxDispatcher({
    prisma,
    sender: platform.sender,
    clock,
    logger,
    coalesceWindowMs: overrides.coalesceWindowMs ?? platform.coalesceWindowMs,
    pollMs: overrides.dispatcherPollMs,
    onDead: (row, reason) => reportUndeliverable(prisma, clock.now(), row, reason),
  });
  const activeDispatcher = dispatcher;
  const dispatching = overrides.dispatch !== false;
  if (dispatching) app.onProcessed(() => activeDispatcher.poke());

  // Recovery is first in the processing queue: what arrives meanwhile is acknowledged, then waits.
  const recovery = app.recoverUnprocessed();
  await platform.receiver.start();
  await recovery;
  await scheduler.runAll(clock.now());
  scheduler.start();
  if (dispatching) activeDispatcher.start();

  return {
    app,
    db,
    dispatcher: activeDispatcher,
    scheduler,
    clock,
    address: platform.receiver.address,
    async stop() {
      app.close();
      await scheduler.stop();
      await platform.receiver.stop();
      await activeDispatcher.stop();
      await platform.flush?.();
      await db.close();
    },
  };
}

/** The chat platform: its receiver (inbound) and sender (outbound), chosen by PLATFORM. */
function createPlatform(config: Config, prisma: PrismaClient, app: App, clock: Clock, logger: Logger, moveClock: (to: Date) => Promise<void>): Platform {
  if (config.platform === 'local') {
    const settable = clock as Clock & { set?: (to: Date) => void };
    const simulator = new SimulatorReceiver({
      host: config.host,
      port: config.port,
      sink: app,
      platform: createSimulatorBackend(prisma, app.commands),
      clock: { now: () => clock.now(), set: config.simulatorClock && settable.set ? moveClock : undefined },
      filesDir: filesDirOf(config),
      allowRemote: config.simulatorAllowRemote,
      logger,
    });
    if (config.simulatorAllowRemote) logger.warn({ host: config.host }, 'SIMULATOR_ALLOW_REMOTE=1: the simulator accepts any Host, and anyone who reaches it may act as any user');
    return { receiver: simulator, sender: simulator, coalesceWindowMs: 0 };
  }
  const dingtalk = config.dingtalk;
  if (config.platform !== 'dingtalk' || dingtalk === undefined) throw new Error(`PLATFORM=${config.platform} is not supported`);
  const meter = new ApiQuotaMeter(prisma, clock, dingtalk.monthlyQuota, logger);
  const api = new DingTalkApi({
    apiBase: dingtalk.apiBase,
    oapiBase: dingtalk.oapiBase,
    clientId: dingtalk.clientId,
    clientSecret: dingtalk.clientSecret,
    robotCode: dingtalk.robotCode,
    now: () => clock.now().getTime(),
    onApiCall: (path) => meter.record(path),
  });
  const sender = new DingTalkSender(api, {
    cardTemplateId: dingtalk.cardTemplateId,
    now: () => clock.now().getTime(),
    encode: { commandListHeading: zhCN.dingtalk.commandListHeading(), fallbackTitle: zhCN.dingtalk.fallbackTitle() },
  });
  const receiver =
    dingtalk.mode === 'http'
      ? new DingTalkHttpReceiver({ host: config.host, port: config.port, appSecret: dingtalk.clientSecret, robotCode: dingtalk.robotCode, path: DINGTALK_CALLBACK_PATH }, app, logger)
      : Object.assign(
          new DingTalkStreamReceiver({ clientId: dingtalk.clientId, clientSecret: dingtalk.clientSecret, apiBase: dingtalk.apiBase, oapiBase: dingtalk.oapiBase }, app, logger),
          { address: '' },
        );
  return { receiver, sender, coalesceWindowMs: DINGTALK_COALESCE_MS, flush: () => meter.flush() };
}
