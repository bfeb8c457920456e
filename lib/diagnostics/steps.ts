/**
 * Builds that can be cut into slices. A whole view of a 5,000-node cluster
 * takes tens of milliseconds of synchronous work; written as a generator that
 * `yield`s between parts, the same code runs either to the end at once (a
 * request that needs the answer now) or a slice at a time with the event
 * loop let in between (building the next cycle's answer in the background).
 * Both give the same value: only where the work pauses differs.
 */

/** A build written as steps: each `yield` is a point where it may pause. */
export type Steps<Value> = Generator<void, Value, void>;

/** Runs every step now. */
export function runAllSteps<Value>(steps: Steps<Value>): Value {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

export type SliceOptions = {
  /** Time one slice may hold the event loop before it pauses at the next step. */
  budgetMs: number;
  /** Lets the event loop run what waits (requests, I/O) before the next slice. */
  pause: () => Promise<void>;
  /** Asked after each pause: false abandons the build (its result would be outdated). */
  stillWanted: () => boolean;
  now?: () => number;
  /** Called with each slice's duration (the bench lists long ones). */
  onSlice?: (ms: number) => void;
};

/** Runs the steps a slice at a time; null when abandoned. A throw in a step rejects. */
export async function runInSlices<Value>(steps: Steps<Value>, { budgetMs, pause, stillWanted, now = () => performance.now(), onSlice }: SliceOptions): Promise<{ value: Value } | null> {
  for (;;) {
    const started = now();
    let step = steps.next();
    while (!step.done && now() - started < budgetMs) step = steps.next();
    onSlice?.(now() - started);
    if (step.done) return { value: step.value };
    await pause();
    if (!stillWanted()) {
      steps.return(undefined as never);
      return null;
    }
  }
}

/** Every `every` items of a loop: `if (pausesAt(i, 250)) yield;` reads as "pause every 250 items". */
export function pausesAt(index: number, every: number): boolean {
  return index > 0 && index % every === 0;
}
