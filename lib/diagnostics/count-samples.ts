/** One poll's peer counts per category, as the peers view charts them. */
export type CountSample = { at: number; counts: Record<string, number> };

/** The same categories with the same numbers. */
export function sameCounts(a: Record<string, number>, b: Record<string, number>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => a[key] === b[key]);
}

/**
 * A node's peer counts over time, newest `capacity` polls, appended in place.
 * Times sit in a plain array of numbers (8 bytes each, unboxed) beside the
 * counts: as `{ at, counts }` objects, 360 samples a node cost ~20 KB, about
 * 100 MB at 5,000 nodes once full. Counts equal to the previous sample's (most
 * polls) share its object. Samples are made as objects only for a view.
 */
export class CountSampleRing {
  private readonly at: number[] = [];
  private readonly counts: Record<string, number>[] = [];
  /** Index of the oldest sample once the ring is full. */
  private start = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error(`count sample capacity must be a positive integer, got ${capacity}`);
  }

  get size(): number {
    return this.at.length;
  }

  push(at: number, counts: Record<string, number>): void {
    const newest = this.counts.length === 0 ? undefined : this.counts[(this.start + this.counts.length - 1) % this.counts.length];
    const kept = newest !== undefined && sameCounts(newest, counts) ? newest : counts;
    if (this.at.length < this.capacity) {
      this.at.push(at);
      this.counts.push(kept);
      return;
    }
    this.at[this.start] = at;
    this.counts[this.start] = kept;
    this.start = (this.start + 1) % this.capacity;
  }

  /** Oldest → newest. */
  toArray(): CountSample[] {
    const out: CountSample[] = new Array(this.at.length);
    for (let i = 0; i < this.at.length; i += 1) {
      const slot = (this.start + i) % this.at.length;
      out[i] = { at: this.at[slot], counts: this.counts[slot] };
    }
    return out;
  }
}
