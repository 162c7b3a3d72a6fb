import { installCommands } from '../commands/index.ts';
import { seedAdministrators, seedDemoOrganisation, seedPolicyUnits } from '../prisma/seed/organisation.ts';
import { App } from './app/app.ts';
import type { Receiver, Sender } from './app/receiver.ts';
import { SimulatorReceiver } from './adapters/simulator/server.ts';
import type { Config } from './config.ts';
import { openDatabase, type BotDatabase } from './db/client.ts';
import { auditVerifyJob } from './jobs/audit-verify.ts';
import { OutboxDispatcher } from './jobs/outbox-dispatcher.ts';
import { Scheduler } from './jobs/scheduler.ts';
import { AdjustableClock, systemClock, type Clock } from './lib/clock.ts';
import { createLogger, type Logger } from './lib/logger.ts';
import { zhCN } from './messages/zh-CN.ts';
import { reportUndeliverable } from './services/delivery-failures.ts';
import { createSimulatorBackend } from './services/directory.ts';

export interface RunningBot {
  app: App;
  db: BotDatabase;
  dispatcher: OutboxDispatcher;
  scheduler: Scheduler;
  clock: Clock;
  /** Where the simulator / HTTP callback listener is reachable. */
  address: string;
  stop(): Promise<void>;
}

export interface BotOverrides {
  clock?: Clock & { set?: (to: Date) => void };
  logger?: Logger;
  /** Start without delivering notices: lets a test stop the bot between commit and delivery. */
  dispatch?: boolean;
}

/** Composition root: config → clock → db (migrate, WAL, seed) → app → adapter → dispatcher → jobs. */
export async function startBot(config: Config, overrides: BotOverrides = {}): Promise<RunningBot> {
  const logger = overrides.logger ?? createLogger(config.logLevel);
  const clock = overrides.clock ?? (config.simulatorClock ? new AdjustableClock() : systemClock);
  const db = await openDatabase(config.databasePath);
  const { prisma } = db;

  await seedPolicyUnits(prisma);
  if (config.demoSeed) await seedDemoOrganisation(prisma, clock.now());
  await seedAdministrators(prisma, config.adminUserIds, clock.now());

  const app = new App({
    prisma,
    clock,
    logger,
    settings: { exclusivityDays: config.exclusivityDays, adminUserIds: config.adminUserIds },
    replyDelivery: config.platform === 'local' ? 'sync' : 'outbox',
    botNames: zhCN.bot.names,
  });
  installCommands(app);

  const jobs = [auditVerifyJob(prisma)];
  const scheduler = new Scheduler(jobs, clock, logger);

  let receiver: Receiver & { address: string };
  let sender: Sender;
  let dispatcher: OutboxDispatcher | undefined;
  if (config.platform === 'local') {
    const settable = clock as Clock & { set?: (to: Date) => void };
    const simulator = new SimulatorReceiver({
      host: config.host,
      port: config.port,
      sink: app,
      platform: createSimulatorBackend(prisma, app.commands),
      clock: {
        now: () => clock.now(),
        set:
          config.simulatorClock && settable.set
            ? async (to) => {
                settable.set?.(to);
                await scheduler.runAll(clock.now());
                await dispatcher?.drain();
              }
            : undefined,
      },
    });
    receiver = simulator;
    sender = simulator;
  } else {
    throw new Error(`PLATFORM=${config.platform} is not wired yet`);
  }

  dispatcher = new OutboxDispatcher({
    prisma,
    sender,
    clock,
    logger,
    onDead: (row, reason) => reportUndeliverable(prisma, clock.now(), row, reason),
  });
  const activeDispatcher = dispatcher;
  if (overrides.dispatch !== false) app.onProcessed(() => activeDispatcher.poke());

  await receiver.start();
  await app.recoverUnprocessed();
  await scheduler.runAll(clock.now());
  scheduler.start();
  if (overrides.dispatch !== false) activeDispatcher.start();

  return {
    app,
    db,
    dispatcher: activeDispatcher,
    scheduler,
    clock,
    address: receiver.address,
    async stop() {
      await scheduler.stop();
      await receiver.stop();
      await activeDispatcher.stop();
      await db.close();
    },
  };
}
