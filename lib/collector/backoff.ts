/** Failing polls before a node is polled less often: a short blip stays at full resolution. */
export const FAILURES_BEFORE_BACKOFF = 3;

/**
 * Delay before the next poll of a node that failed `failures` times in a row
 * (unreachable or timeout): every interval at first, then doubling, capped at
 * `maxBackoffMs`, with ±20 % jitter so a rack that came back is not polled in lock step.
 */
export function backoffDelay(failures: number, intervalMs: number, maxBackoffMs: number, random: () => number = Math.random): number {
  if (failures < FAILURES_BEFORE_BACKOFF) return intervalMs;
  const exponent = Math.min(failures - FAILURES_BEFORE_BACKOFF + 1, 20);
  const base = Math.min(maxBackoffMs, intervalMs * 2 ** exponent);
  const jittered = base * (0.8 + 0.4 * random());
  return Math.max(intervalMs, Math.min(maxBackoffMs, Math.round(jittered)));
}
