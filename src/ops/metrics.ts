/**
 * The Prometheus metrics of DESIGN §9. Counters and the histogram are fed by the hooks the app, the
 * outbox dispatcher and the scheduler call; gauges are read when Prometheus scrapes, from the
 * database (shared by every instance) and from the platform receiver. One registry per bot, so two
 * bots in one process (tests) never share a series; the Node.js process metrics, which belong to the
 * process, are registered once per process.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { DeliveryResult, MetricsHooks } from '../lib/metrics.ts';

export interface MetricSources {
  /** Names the platform in the `platform` label (local, dingtalk, lark…). */
  platform: string;
  /** Named on every series, so instances behind one scrape target stay apart. */
  instanceId: string;
  outboxBacklog(): Promise<{ pending: number; oldestAgeSeconds: number }>;
  /** Platform OpenAPI calls this calendar month; absent where the platform has no quota (the simulator). */
  apiCallsThisMonth?: () => Promise<number>;
  platformConnected(): boolean;
  /** A gauge whose source failed keeps its last value; the failure is reported here. */
  onCollectError(metric: string, error: unknown): void;
}

let processRegistry: Registry | undefined;

/** The prom-client process defaults (CPU, memory, event loop, GC), collected once per process. */
function processMetrics(instanceId: string): Registry {
  if (processRegistry === undefined) {
    processRegistry = new Registry();
    processRegistry.setDefaultLabels({ instance_id: instanceId });
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

/** Command handlers answer in milliseconds; the upper buckets catch exports and slow databases. */
const COMMAND_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** A lone delivery is a batch of 1; a burst fills batches up to the 200 a record transaction takes. */
const BATCH_BUCKETS = [1, 2, 5, 10, 20, 50, 100, 200];

export class BotMetrics implements MetricsHooks {
  readonly contentType = Registry.PROMETHEUS_CONTENT_TYPE;
  private readonly registry = new Registry();
  private readonly process: Registry;
  private readonly inbound: Counter<'platform' | 'kind'>;
  private readonly duplicates: Counter<'platform'>;
  private readonly batches: Histogram<'stage'>;
  private readonly commands: Histogram<'command'>;
  private readonly deliveries: Counter<'platform' | 'channel' | 'result'>;
  private readonly jobs: Counter<'job' | 'result'>;
  private readonly refusals: Counter<'code'>;

  constructor(private readonly sources: MetricSources) {
    const registers = [this.registry];
    this.registry.setDefaultLabels({ instance_id: sources.instanceId });
    this.process = processMetrics(sources.instanceId);
    this.inbound = new Counter({
      name: 'yipanqi_inbound_events_total',
      help: 'Inbound deliveries recorded, by platform and kind (message, action).',
      labelNames: ['platform', 'kind'],
      registers,
    });
    this.duplicates = new Counter({
      name: 'yipanqi_duplicate_events_total',
      help: 'Redeliveries absorbed because the delivery was already recorded.',
      labelNames: ['platform'],
      registers,
    });
    this.batches = new Histogram({
      name: 'yipanqi_inbound_batch_size',
      help: 'Inbound deliveries per transaction (group commit), by stage: record (before the ack) or process.',
      labelNames: ['stage'],
      buckets: BATCH_BUCKETS,
      registers,
    });
    this.commands = new Histogram({
      name: 'yipanqi_command_duration_seconds',
      help: 'Time a command handler took, refusals included.',
      labelNames: ['command'],
      buckets: COMMAND_BUCKETS,
      registers,
    });
    this.deliveries = new Counter({
      name: 'yipanqi_deliveries_total',
      help: 'Outbox delivery attempts by channel (group, direct, reply, card) and result (delivered, retry, dead).',
      labelNames: ['platform', 'channel', 'result'],
      registers,
    });
    this.jobs = new Counter({
      name: 'yipanqi_job_runs_total',
      help: 'Scheduled job runs by result (ok, error).',
      labelNames: ['job', 'result'],
      registers,
    });
    this.refusals = new Counter({
      name: 'yipanqi_refusals_total',
      help: 'Commands refused with nothing changed, by refusal code (E_FORBIDDEN, E_USAGE…).',
      labelNames: ['code'],
      registers,
    });

    const backlog = () => this.collectOnce('outbox', () => sources.outboxBacklog());
    new Gauge({
      name: 'yipanqi_outbox_pending',
      help: 'Messages queued for delivery and not yet delivered or given up.',
      registers,
      async collect() {
        const value = await backlog();
        if (value !== undefined) this.set(value.pending);
      },
    });
    new Gauge({
      name: 'yipanqi_outbox_oldest_pending_seconds',
      help: 'Age of the oldest message still waiting for delivery (0 when none waits).',
      registers,
      async collect() {
        const value = await backlog();
        if (value !== undefined) this.set(value.oldestAgeSeconds);
      },
    });
    const apiCalls = sources.apiCallsThisMonth;
    const collectApiCalls = apiCalls && (() => this.collectOnce('api-calls', apiCalls));
    new Gauge({
      name: 'yipanqi_platform_api_calls_month',
      help: 'Platform OpenAPI calls counted against the monthly quota this calendar month (Asia/Shanghai).',
      labelNames: ['platform'],
      registers,
      async collect() {
        if (collectApiCalls === undefined) return;
        const value = await collectApiCalls();
        if (value !== undefined) this.set({ platform: sources.platform }, value);
      },
    });
    new Gauge({
      name: 'yipanqi_platform_connected',
      help: '1 while the platform connection is up (Stream / long connection open, callback route mounted), else 0.',
      labelNames: ['platform'],
      registers,
      collect() {
        this.set({ platform: sources.platform }, sources.platformConnected() ? 1 : 0);
      },
    });
  }

  /** The exposition text: the process metrics, then this bot's. */
  async text(): Promise<string> {
    return `${await this.process.metrics()}\n${await this.registry.metrics()}`;
  }

  inboundEvent(platform: string, kind: string): void {
    this.inbound.inc({ platform, kind });
  }

  duplicateEvent(platform: string): void {
    this.duplicates.inc({ platform });
  }

  inboundBatch(stage: 'record' | 'process', size: number): void {
    this.batches.observe({ stage }, size);
  }

  commandDuration(command: string, seconds: number): void {
    this.commands.observe({ command }, seconds);
  }

  delivery(channel: string, result: DeliveryResult): void {
    this.deliveries.inc({ platform: this.sources.platform, channel, result });
  }

  jobRun(job: string, result: 'ok' | 'error'): void {
    this.jobs.inc({ job, result });
  }

  refusal(code: string): void {
    this.refusals.inc({ code });
  }

  /** Both outbox gauges read one query per scrape: the first collect starts it, the second shares it. */
  private pendingReads = new Map<string, Promise<unknown>>();

  private collectOnce<T>(key: string, read: () => Promise<T>): Promise<T | undefined> {
    let running = this.pendingReads.get(key) as Promise<T | undefined> | undefined;
    if (running === undefined) {
      running = read()
        .catch((error: unknown) => {
          this.sources.onCollectError(key, error);
          return undefined;
        })
        .finally(() => this.pendingReads.delete(key));
      this.pendingReads.set(key, running);
    }
    return running;
  }
}
