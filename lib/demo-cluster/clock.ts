/**
 * The demo cluster's sense of time. Everything simulated (offsets, ages,
 * scenario timelines, log timestamps) reads this clock, so tests can drive a
 * scenario second by second without sleeping.
 */
export interface DemoClock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
  /**
   * Called after a manual clock moves, so the engine can catch up at once.
   * A real clock has no such hook; the engine ticks it with a timer instead.
   */
  subscribe?(listener: () => void): () => void;
}

export const realClock: DemoClock = { now: () => Date.now() };

/** A clock that only moves when told to: `advance(ms)`. */
export class ManualClock implements DemoClock {
  private current: number;
  private readonly listeners = new Set<() => void>();

  constructor(start = Date.UTC(2026, 0, 15, 9, 0, 0)) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`cannot advance the clock by ${ms} ms`);
    this.current += ms;
    for (const listener of this.listeners) listener();
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}
