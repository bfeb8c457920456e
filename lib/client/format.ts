/** Formatting for operators: short, unambiguous, the same everywhere. */

/** "3 s", "4 min 5 s", "2 h 10 min", "3 d 4 h". */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) {
    const rest = seconds % 60;
    return rest ? `${minutes} min ${rest} s` : `${minutes} min`;
  }
  const hours = Math.floor(minutes / 60);
  if (hours < 24) {
    const rest = minutes % 60;
    return rest ? `${hours} h ${rest} min` : `${hours} h`;
  }
  const days = Math.floor(hours / 24);
  const rest = hours % 24;
  return rest ? `${days} d ${rest} h` : `${days} d`;
}

/** "3 s ago"; a time slightly in the future (clock skew) reads "just now". */
export function formatAge(at: number, now: number): string {
  const ms = now - at;
  if (ms < 1000) return 'just now';
  return `${formatDuration(ms)} ago`;
}

/**
 * Local wall-clock time with seconds, e.g. 03:12:45. `hourCycle: 'h23'`, not
 * `hour12: false`: with the latter some ICU versions (Node 20's) write the
 * midnight hour as 24:05:07. Components take it through useLocalTime, never
 * directly: the server does not know the browser's time zone.
 */
export function formatClock(at: number): string {
  return new Date(at).toLocaleTimeString(undefined, { hourCycle: 'h23' });
}

/** Full local date and time, for tooltips (as formatClock: through useLocalTime in components). */
export function formatDateTime(at: number): string {
  return new Date(at).toLocaleString(undefined, { hourCycle: 'h23' });
}

/** "12 ms", "1.25 s"; null is "—" (never polled, or no answer to time). */
export function formatLatency(ms: number | null): string {
  if (ms === null) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(2)} s`;
}

/** Evidence values shown as text: strings as is, everything else as compact JSON. */
export function formatEvidenceValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined) return '—';
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** "a, b, c and 4,997 more": a list of names that stays one readable line at any size. */
export function namesWithMore(names: readonly string[], shown = 12, total = names.length): string {
  const named = names.slice(0, shown);
  if (total <= named.length) return named.join(', ');
  return `${named.join(', ')} and ${(total - named.length).toLocaleString('en-US')} more`;
}
