import { join } from 'node:path';
import { installCommands } from '../commands/index.ts';
import { seedDemoLayoutGuide } from '../prisma/seed/layout-guide.ts';
import { seedMatrix } from '../prisma/seed/matrix.ts';
import { seedAdministrators, seedDemoOrganisation, seedPolicyUnits } from '../prisma/seed/organisation.ts';
import { DingTalkApi, DingTalkSender } from './adapters/dingtalk/api-client.ts';
import { DingTalkHttpReceiver } from './adapters/dingtalk/http-server.ts';
import { countsTowardDingTalkQuota } from './adapters/dingtalk/quota.ts';
import type { RATE_LIMITS as LARK_RATE_LIMITS } from './adapters/lark/api-client.ts';
import { SimulatorReceiver } from './adapters/simulator/server.ts';
import { ZwddApi } from './adapters/zwdd/api.ts';
import { ZwddCallbackReceiver } from './adapters/zwdd/callback.ts';
import { ZwddGateway } from './adapters/zwdd/gateway-client.ts';
import { ZwddSender } from './adapters/zwdd/sender.ts';
import { App, type AppOptions } from './app/app.ts';
import type { Receiver, Sender, SignatureLedger } from './app/receiver.ts';
import type { Config } from './config.ts';
import { openDatabase, type BotDatabase, type PrismaClient } from './db/client.ts';
import { inTransaction } from './db/tx.ts';
import { auditVerifyJob } from './jobs/audit-verify.ts';
import { backupJob } from './jobs/backup.ts';
import { cityLedMeetingsJob } from './jobs/city-led-meetings.ts';
import { deadlineTasksJob } from './jobs/deadline-tasks.ts';
import { exclusivityJob } from './jobs/exclusivity.ts';
import { exportRetentionJob } from './jobs/export-retention.ts';
import { inboundRetentionJob } from './jobs/inbound-retention.ts';
import { matrixRemindersJob } from './jobs/matrix-reminders.ts';
import { monthlyBriefingJob } from './jobs/monthly-briefing.ts';
import { OutboxDispatcher } from './jobs/outbox-dispatcher.ts';
import { Scheduler } from './jobs/scheduler.ts';
import { transferRemindersJob } from './jobs/transfer-reminders.ts';
import { AdjustableClock, systemClock, type Clock } from './lib/clock.ts';
import { createLogger, type Logger } from './lib/logger.ts';
import { zhCN } from './messages/zh-CN.ts';
import { HttpListener } from './ops/http-server.ts';
import { BotMetrics } from './ops/metrics.ts';
import { opsRoutes, type Route } from './ops/routes.ts';
import { ApiQuotaMeter } from './services/api-quota.ts';
import { claimCallbackSignature } from './services/callback-signatures.ts';
import { reportUndeliverable, reportUnprocessable } from './services/delivery-failures.ts';
import { createSimulatorBackend } from './services/directory.ts';
import { installationId } from './services/installation.ts';
import { outboxBacklog, pingDatabase } from './services/operations.ts';
import { findPlatformTask, savePlatformTask } from './services/platform-tasks.ts';

export interface RunningBot {
  app: App;
  db: BotDatabase;
  dispatcher: OutboxDispatcher;
  scheduler: Scheduler;
  clock: Clock;
  /** Where HOST:PORT is reachable (the simulator, or the ops routes and, in HTTP mode, the callback path). */
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
  /** Hears every statement sent to an SQLite database (statement-budget tests, benchmarks). */
  onStatement?: (sql: string) => void;
  /** Lark's per-destination and per-app send limits (a benchmark against a local server raises them). */
  larkRateLimits?: typeof LARK_RATE_LIMITS;
  /** Delays between attempts at an inbound message whose processing failed (tests shorten them). */
  retryDelaysMs?: readonly number[];
  /** How queued events share processing transactions (a test makes the batches independent of speed). */
  processBatch?: AppOptions['processBatch'];
}

/** Generated files (XLSX ledgers) live beside the database, in the data directory. */
const filesDirOf = (config: Config) => join(config.dataDir, 'files');

/** HTTP path of the robot callback in DINGTALK_MODE=http. */
export const DINGTALK_CALLBACK_PATH = '/dingtalk/callback';

/** Notices to one DingTalk conversation within this window become one message (monthly API quota). */
const DINGTALK_COALESCE_MS = 3000;

/** Lark has no monthly quota, but 5 messages a second per chat: a short window merges a burst of notices. */
const LARK_COALESCE_MS = 1000;

/** 浙政钉 allows 100 work notifications a day per person (docs/zwdd-protocol.md §7): bursts become one message. */
const ZWDD_COALESCE_MS = 3000;

interface Platform {
  receiver: Receiver;
  sender: Sender;
  coalesceWindowMs: number;
  flush?: () => Promise<void>;
  /** Calls counted against the platform's monthly OpenAPI quota (all instances). */
  apiCallsThisMonth?: () => Promise<number>;
  /** Set when the platform serves HOST:PORT itself (the simulator) and mounts the ops routes there. */
  listener?: { address: string };
  /** Routes the platform adds to the bot's listener, and the path shown at start-up (an HTTP callback). */
  route?: Route;
  path?: string;
}

/** Composition root: config → clock → db (migrate, WAL, seed) → app → adapter → dispatcher → jobs. */
export async function startBot(config: Config, overrides: BotOverrides = {}): Promise<RunningBot> {
  const logger = overrides.logger ?? createLogger(config.logLevel).child({ instance: config.instanceId });
  const clock = overrides.clock ?? (config.simulatorClock ? new AdjustableClock() : systemClock);
  // Alone on an SQLite file always; on PostgreSQL only the simulator, which keeps state in the process.
  const exclusive = config.databasePath !== undefined || config.platform === 'local';
  const db = await openDatabase(config.databaseUrl, {
    exclusive,
    lockWaitMs: overrides.lockWaitMs,
    onStatement: overrides.onStatement,
  });
  const { prisma } = db;
  const filesDir = filesDirOf(config);
  // Several instances may share a PostgreSQL database; the simulator is one process by design.
  const shared = db.dialect === 'postgresql' && config.platform !== 'local';
  // Alone on its database, a restarted process is the same holder as the one before it, so what
  // that one had claimed is its own at once instead of after the lease.
  const leaseHolder = shared ? config.instanceId : 'single';

  await db.exclusively(async () => {
    await seedPolicyUnits(prisma);
    if (config.demoSeed) {
      await seedDemoOrganisation(prisma, clock.now());
      await seedDemoLayoutGuide(prisma, clock.now());
    }
    await seedAdministrators(prisma, config.adminUserIds, clock.now());
    await seedMatrix(prisma, clock.now());
  });

  let platform: Platform | undefined;
  const platformConnected = () => platform !== undefined && (platform.receiver.connected?.() ?? true);
  const metrics = new BotMetrics({
    platform: config.platform,
    instanceId: config.instanceId,
    outboxBacklog: () => outboxBacklog(prisma, clock.now()),
    apiCallsThisMonth: async () => (await platform?.apiCallsThisMonth?.()) ?? 0,
    platformConnected,
    onCollectError: (metric, err) => logger.error({ err, metric }, 'metrics: reading a gauge failed'),
  });
  const ops = opsRoutes({
    metrics,
    token: config.opsToken,
    checks: {
      database: () => pingDatabase(prisma).then(() => 'ok'),
      platform: async () => (platformConnected() ? 'ok' : 'disconnected'),
    },
    onError: (err) => logger.error({ err }, 'ops route failed'),
  });

  const app = new App({
    prisma,
    clock,
    logger,
    settings: {
      exclusivityDays: config.exclusivityDays,
      adminUserIds: config.adminUserIds,
      monthlyApiQuota: config.dingtalk?.monthlyQuota,
      platformLabel: zhCN.bot.platformLabel[config.platform] ?? config.platform,
      filesDir,
    },
    replyDelivery: config.platform === 'local' ? 'sync' : 'outbox',
    botNames: zhCN.bot.names,
    metrics,
    retryDelaysMs: overrides.retryDelaysMs,
    processBatch: overrides.processBatch,
    onGiveUp: reportUnprocessable,
    instance: { id: leaseHolder, shared, leaseMs: config.instanceLeaseMs },
  });
  installCommands(app);

  const jobs = [
    auditVerifyJob(prisma),
    exclusivityJob(prisma),
    matrixRemindersJob(prisma),
    cityLedMeetingsJob(prisma),
    transferRemindersJob(prisma),
    exportRetentionJob({ filesDir, logger }),
    inboundRetentionJob(prisma),
    monthlyBriefingJob(prisma, filesDir),
  ];
  // SQLite is backed up by the bot; a server database by its own tools (README "Deploy").
  if (config.databasePath !== undefined)
    jobs.push(backupJob({ databasePath: config.databasePath, dir: config.backupDir, keep: config.backupKeep, logger }));
  let dispatcher: OutboxDispatcher | undefined;
  platform = await PLATFORMS[config.platform]({
    config,
    prisma,
    app,
    clock,
    logger,
    overrides,
    ops,
    moveClock: async (to) => {
      const settable = clock as Clock & { set?: (to: Date) => void };
      // What was already due is delivered at the old time, however quickly the clock is moved again.
      await dispatcher?.drain();
      settable.set?.(to);
      await scheduler.runAll(clock.now());
      await dispatcher?.drain();
    },
  });
  // Deadline to-dos exist only where the platform keeps them (浙政钉 待办).
  const tasksJob = platform.sender.syncTask === undefined ? undefined : deadlineTasksJob(prisma);
  const scheduler = new Scheduler({
    jobs: tasksJob === undefined ? jobs : [...jobs, tasksJob],
    clock,
    logger,
    metrics,
    prisma,
    instance: leaseHolder,
    // A run (a month's briefing with its charts) may take far longer than processing one event.
    leaseMs: 10 * config.instanceLeaseMs,
  });

  dispatcher = new OutboxDispatcher({
    prisma,
    sender: platform.sender,
    clock,
    logger,
    coalesceWindowMs: overrides.coalesceWindowMs ?? platform.coalesceWindowMs,
    pollMs: overrides.dispatcherPollMs,
    onDead: (row, reason) => reportUndeliverable(prisma, clock.now(), row, reason),
    metrics,
    instanceId: leaseHolder,
    // A delivery outlasts processing an event: twice the inbound lease, a minute by default.
    leaseMs: 2 * config.instanceLeaseMs,
  });
  const activeDispatcher = dispatcher;
  const dispatching = overrides.dispatch !== false;
  if (dispatching) app.onProcessed(() => activeDispatcher.poke());
  if (tasksJob !== undefined) {
    // A vote or a completion closes its to-do at once rather than at the next minute's tick.
    app.onProcessed(() => {
      tasksJob.run(clock.now()).then(
        () => (dispatching ? activeDispatcher.poke() : undefined),
        (err: unknown) => logger.error({ err }, 'deadline to-dos: sync after a command failed'),
      );
    });
  }

  // Outside the simulator the bot's own listener serves the ops routes and any platform route.
  const listener =
    platform.listener === undefined
      ? new HttpListener(config.host, config.port, [ops, ...(platform.route ? [platform.route] : [])])
      : undefined;
  await listener?.start();
  const started = platform;
  // Recovery is first in the processing queue: what arrives meanwhile is acknowledged, then waits.
  const recovery = app.recoverUnprocessed();
  try {
    await started.receiver.start();
  } catch (error) {
    // A bot that cannot reach its platform releases what it took: the port and the database.
    app.close();
    await recovery.catch(() => undefined);
    await listener?.stop();
    await db.close();
    throw error;
  }
  await recovery;
  await scheduler.runAll(clock.now());
  scheduler.start();
  if (dispatching) activeDispatcher.start();
  const takeover = shared ? startTakeover(app, logger, config.instanceLeaseMs / 3) : undefined;

  return {
    app,
    db,
    dispatcher: activeDispatcher,
    scheduler,
    clock,
    address: started.listener?.address ?? `${listener?.address ?? ''}${started.path ?? ''}`,
    async stop() {
      await takeover?.stop();
      app.close();
      await scheduler.stop();
      await started.receiver.stop();
      await listener?.stop();
      await activeDispatcher.stop();
      await started.flush?.();
      await db.close();
    },
  };
}

/**
 * On a shared database, an event another instance recorded and acknowledged but did not finish is
 * taken over once its lease (INSTANCE_LEASE_SECONDS) has run out; polling at a third of the lease,
 * that is within 40 s by default.
 */
function startTakeover(app: App, logger: Logger, pollMs: number): { stop(): Promise<void> } {
  let running: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    running = running.then(async () => {
      const taken = await app.recoverUnprocessed().catch((err: unknown) => {
        logger.error({ err }, 'taking over unfinished events failed');
        return 0;
      });
      if (taken > 0) logger.warn({ taken }, 'took over events another instance left unfinished');
    });
  }, pollMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}

/** What a platform factory gets from the composition root. */
interface PlatformContext {
  config: Config;
  prisma: PrismaClient;
  app: App;
  clock: Clock;
  logger: Logger;
  overrides: BotOverrides;
  /** Health, readiness and metrics: served by the simulator locally, else by the bot's own listener. */
  ops: Route;
  /** Moves the simulator's clock and runs what fell due (local only). */
  moveClock: (to: Date) => Promise<void>;
}

type PlatformFactory = (context: PlatformContext) => Promise<Platform>;

/** One entry per PLATFORM value; adding a platform is one line here plus its factory. */
const PLATFORMS: Record<Config['platform'], PlatformFactory> = {
  local: createSimulatorPlatform,
  dingtalk: createDingTalkPlatform,
  lark: createLarkPlatform,
  zwdd: createZwddPlatform,
};

async function createSimulatorPlatform({
  config,
  prisma,
  app,
  clock,
  logger,
  ops,
  moveClock,
}: PlatformContext): Promise<Platform> {
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
    extraRoutes: ops,
  });
  if (config.simulatorAllowRemote)
    logger.warn(
      { host: config.host },
      'SIMULATOR_ALLOW_REMOTE=1: the simulator accepts any Host, and anyone who reaches it may act as any user',
    );
  return { receiver: simulator, sender: simulator, coalesceWindowMs: 0, listener: simulator };
}

async function createDingTalkPlatform({ config, prisma, app, clock, logger }: PlatformContext): Promise<Platform> {
  const dingtalk = required(config.dingtalk, 'dingtalk');
  const meter = new ApiQuotaMeter(
    prisma,
    clock,
    {
      platformLabel: zhCN.bot.platformLabel.dingtalk ?? 'dingtalk',
      monthlyQuota: dingtalk.monthlyQuota,
      counts: countsTowardDingTalkQuota,
    },
    logger,
  );
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
  const common = {
    sender,
    coalesceWindowMs: DINGTALK_COALESCE_MS,
    flush: () => meter.flush(),
    apiCallsThisMonth: () => meter.usedThisMonth(),
  };
  if (dingtalk.mode === 'http') {
    const receiver = new DingTalkHttpReceiver(
      {
        appSecret: dingtalk.clientSecret,
        robotCode: dingtalk.robotCode,
        path: DINGTALK_CALLBACK_PATH,
        // Expiry is judged by the clock the handler checks timestamps against, the real one, never a moved bot clock.
        signatures: callbackSignatureLedger(prisma),
      },
      app,
      logger,
    );
    return { ...common, receiver, route: receiver.route, path: receiver.path };
  }
  // The Stream SDK (with its WebSocket and HTTP stacks, some 25 MiB) is loaded only by a bot that uses Stream mode.
  const { DingTalkStreamReceiver } = await import('./adapters/dingtalk/stream-receiver.ts');
  const receiver = new DingTalkStreamReceiver(
    {
      clientId: dingtalk.clientId,
      clientSecret: dingtalk.clientSecret,
      apiBase: dingtalk.apiBase,
      oapiBase: dingtalk.oapiBase,
    },
    app,
    logger,
  );
  return { ...common, receiver };
}

async function createLarkPlatform({
  config,
  prisma,
  app,
  clock,
  logger,
  overrides,
}: PlatformContext): Promise<Platform> {
  const { appId, appSecret, domain } = required(config.lark, 'lark');
  // The Lark SDK (with its HTTP and protobuf stacks) is loaded only by a bot that talks to Lark.
  const [{ LarkApi, LarkSender }, { ClickAnswers }, { createSdkLogger }, { LarkLongConnectionReceiver }] =
    await Promise.all([
      import('./adapters/lark/api-client.ts'),
      import('./adapters/lark/click-answers.ts'),
      import('./adapters/lark/logger.ts'),
      import('./adapters/lark/receiver.ts'),
    ]);
  // Lark has no monthly quota; its calls are only counted for /统计. Its limits are per second (api-client.ts).
  const meter = new ApiQuotaMeter(
    prisma,
    clock,
    { platformLabel: zhCN.bot.platformLabel.lark ?? 'lark', counts: () => true },
    logger,
  );
  const sdkLogger = createSdkLogger(logger, [appSecret]);
  const api = new LarkApi({
    appId,
    appSecret,
    domain,
    logger: sdkLogger,
    onApiCall: (path) => meter.record(path),
    rateLimits: overrides.larkRateLimits,
  });
  const clickAnswers = new ClickAnswers();
  const sender = new LarkSender(api, {
    installationId: await installationId(prisma),
    clickAnswers,
    encode: { fallbackTitle: zhCN.lark.fallbackTitle() },
  });
  const receiver = new LarkLongConnectionReceiver(
    {
      appId,
      appSecret,
      domain,
      sdkLogger,
      botOpenId: () => api.botOpenId(),
      clickAnswers,
      clickReceived: zhCN.lark.clickReceived(),
    },
    app,
    logger,
  );
  return {
    receiver,
    sender,
    coalesceWindowMs: LARK_COALESCE_MS,
    flush: () => meter.flush(),
    apiCallsThisMonth: () => meter.usedThisMonth(),
  };
}

/**
 * 浙政钉: the signed gateway for outbound messages and 待办, the HTTP callback for inbound. The gateway
 * signs with wall-clock time (the platform checks it against its own); the footer shows the bot's clock.
 */
async function createZwddPlatform({ config, prisma, app, clock, logger }: PlatformContext): Promise<Platform> {
  const zwdd = required(config.zwdd, 'zwdd');
  // No monthly quota is published for the 浙政钉 gateway; calls are counted for /统计.
  const meter = new ApiQuotaMeter(
    prisma,
    clock,
    { platformLabel: zhCN.bot.platformLabel.zwdd ?? 'zwdd', counts: () => true },
    logger,
  );
  const gateway = new ZwddGateway({
    apiBase: zwdd.apiBase,
    appKey: zwdd.appKey,
    appSecret: zwdd.appSecret,
    onApiCall: (path) => meter.record(path),
  });
  // Message and to-do APIs need no token (docs/zwdd-protocol.md §4); fetching one at start proves key, secret, host and clock.
  const token = await gateway.accessToken();
  if (typeof token !== 'string')
    logger.error(
      { failure: token },
      'zwdd: the gateway refused our credentials; check ZWDD_APP_KEY, ZWDD_APP_SECRET, ZWDD_API_BASE and the clock',
    );
  const text = zhCN.zwdd;
  const sender = new ZwddSender(new ZwddApi(gateway, { tenantId: zwdd.tenantId, appKey: zwdd.appKey }), {
    installationKey: await installationId(prisma),
    now: () => clock.now(),
    text: {
      commandListHeading: text.commandListHeading(),
      fallbackTitle: text.fallbackTitle(),
      footer: (sentAt, reference) => text.footer({ sentAt, reference }),
      fileNotice: (fileName) => text.fileNotice({ fileName }),
      taskRemarks: (command) => text.taskRemarks({ command }),
    },
    tasks: {
      find: (platformId) => inTransaction(prisma, (tx) => findPlatformTask(tx, platformId)),
      save: (platformId, taskUuid, answer) =>
        inTransaction(prisma, (tx) => savePlatformTask(tx, platformId, taskUuid, answer, clock.now())),
    },
  });
  const receiver = new ZwddCallbackReceiver(
    { path: zwdd.callbackPath, verificationKey: zwdd.callbackSecret, signatures: callbackSignatureLedger(prisma) },
    app,
    logger,
  );
  return {
    receiver,
    sender,
    coalesceWindowMs: ZWDD_COALESCE_MS,
    flush: () => meter.flush(),
    apiCallsThisMonth: () => meter.usedThisMonth(),
    route: receiver.route,
    path: receiver.path,
  };
}

/** The durable replay memory of HTTP callbacks signed over their timestamp only (DingTalk HTTP mode, 浙政钉). */
function callbackSignatureLedger(prisma: PrismaClient): SignatureLedger {
  // Expiry is judged by the clock the handlers check timestamps against, the real one, never a moved bot clock.
  return {
    claimSignature: (key, messageId, expiresAt) =>
      inTransaction(prisma, (tx) => claimCallbackSignature(tx, key, messageId, expiresAt, systemClock.now())),
  };
}

function required<T>(section: T | undefined, platform: string): T {
  if (section === undefined) throw new Error(`PLATFORM=${platform} without its configuration`);
  return section;
}
