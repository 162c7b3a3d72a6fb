/** The value of one sample line of the Prometheus text, e.g. sample(text, 'yipanqi_outbox_pending'). */
export function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (match?.[1] !== name) continue;
    const present = Object.fromEntries(
      [...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]),
    );
    if (Object.entries(labels).every(([key, value]) => present[key] === value)) return Number(match[3]);
  }
  return undefined;
}

/**
 * How many transactions recorded (`record`) and processed (`process`) several inbound deliveries
 * together so far, read from the bot's /metrics (the count of yipanqi_inbound_batch_size), and how
 * many deliveries they held.
 */
export async function inboundBatches(
  address: string,
): Promise<Record<'record' | 'process', { transactions: number; deliveries: number }>> {
  const text = await (await fetch(`${address}/metrics`)).text();
  const stage = (name: string) => ({
    transactions: sample(text, 'yipanqi_inbound_batch_size_count', { stage: name }) ?? 0,
    deliveries: sample(text, 'yipanqi_inbound_batch_size_sum', { stage: name }) ?? 0,
  });
  return { record: stage('record'), process: stage('process') };
}
