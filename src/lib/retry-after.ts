/** An HTTP `Retry-After` header in seconds, as milliseconds; undefined when absent or not a number of seconds. */
export function parseRetryAfter(header: string | null): number | undefined {
  if (header === null) return undefined;
  const seconds = Number(header);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}
