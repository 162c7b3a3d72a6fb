/**
 * What the app, the outbox dispatcher and the scheduler report for monitoring (DESIGN §9). Each takes
 * this object optionally and calls it at the one place the fact happens; the Prometheus side lives in
 * src/ops/metrics.ts, so the core knows nothing of prom-client.
 */
export type DeliveryResult = 'delivered' | 'retry' | 'dead';

export interface MetricsHooks {
  /** A new inbound delivery was recorded (`kind`: message or action). */
  inboundEvent(platform: string, kind: string): void;
  /** A redelivery of something already recorded was absorbed. */
  duplicateEvent(platform: string): void;
  /** One transaction committed `size` inbound deliveries together (`stage`: recording them, or processing them). */
  inboundBatch(stage: 'record' | 'process', size: number): void;
  /** A command's handler ran for this long, whatever its outcome. */
  commandDuration(command: string, seconds: number): void;
  /** One delivery attempt through the platform (`channel`: group, direct, reply or card). */
  delivery(channel: string, result: DeliveryResult): void;
  jobRun(job: string, result: 'ok' | 'error'): void;
  /** A command was refused (nothing changed), by refusal code. */
  refusal(code: string): void;
}
