export interface Summary {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  throughput: number;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)] ?? NaN;
}

/** Latency percentiles (ms) and throughput (ops/s) of sequential operations. */
export function summarise(latenciesMs: number[], wallMs: number): Summary {
  const sorted = [...latenciesMs].sort((a, b) => a - b);
  return {
    n: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    throughput: (sorted.length / wallMs) * 1000,
  };
}

/**
 * Times `operation` n times in a row. `before`, when given, runs ahead of each operation untimed (its
 * time still counts in the throughput's wall clock).
 */
export async function measure(
  n: number,
  operation: (i: number) => Promise<void> | void,
  before?: () => Promise<unknown>,
): Promise<Summary> {
  const latencies: number[] = [];
  const started = performance.now();
  for (let i = 0; i < n; i++) {
    await before?.();
    const t0 = performance.now();
    await operation(i);
    latencies.push(performance.now() - t0);
  }
  return summarise(latencies, performance.now() - started);
}

/** Two significant figures, so a 0.04× ratio does not print as 0.0. */
function ratio(value: number): string {
  return value >= 10 ? value.toFixed(0) : value.toPrecision(2);
}

export function formatTable(rows: { name: string; summary: Summary; baseline?: Summary }[]): string {
  const header = ['scenario', 'n', 'p50 ms', 'p95 ms', 'p99 ms', 'ops/s', 'p50 ×raw', 'p99 ×raw'];
  const lines = rows.map(({ name, summary, baseline }) => [
    name,
    String(summary.n),
    summary.p50.toFixed(3),
    summary.p95.toFixed(3),
    summary.p99.toFixed(3),
    summary.throughput.toFixed(0),
    baseline ? ratio(summary.p50 / baseline.p50) : '1',
    baseline ? ratio(summary.p99 / baseline.p99) : '1',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] ?? '').length)));
  const render = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  return [render(header), ...lines.map(render)].join('\n');
}
