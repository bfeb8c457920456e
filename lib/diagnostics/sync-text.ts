/** Words for the sync findings: sizes and ages as an operator reads them. */

/** Replication offsets and lag are bytes (or entries) — shown in binary units like `redis-cli` does. */
export function formatBytes(bytes: number): string {
  const sign = bytes < 0 ? '-' : '';
  let value = Math.abs(bytes);
  if (value < 1024) return `${sign}${value} B`;
  const units = ['KB', 'MB', 'GB', 'TB'] as const;
  let unit = -1;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const digits = value < 10 ? 1 : 0;
  return `${sign}${value.toFixed(digits).replace(/\.0$/, '')} ${units[unit]}`;
}

/** "850 ms", "40 s", "3 min", "2 h" — coarse on purpose; exact values stay in the evidence. */
export function formatAge(ms: number): string {
  if (!Number.isFinite(ms)) return 'unknown';
  const value = Math.max(0, ms);
  if (value < 1000) return `${Math.round(value)} ms`;
  if (value < 120_000) return `${Math.round(value / 1000)} s`;
  if (value < 7_200_000) return `${Math.round(value / 60_000)} min`;
  return `${Math.round(value / 3_600_000)} h`;
}
