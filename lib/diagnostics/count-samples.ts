/** One poll's peer counts per category, as the peers view charts them. */
export type CountSample = { at: number; counts: Record<string, number> };

/** The same categories with the same numbers. */
export function sameCounts(a: Record<string, number>, b: Record<string, number>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => a[key] === b[key]);
}

/**
 * A node's peer counts over time, newest `capacity` polls, appended in place.
 * Times sit in a Float64Array beside the counts: as `{ at, counts }` objects,
 * 360 samples a node cost ~25 KB, 123 MB at 5,000 nodes once full; here 5.8
 * KB. Both grow by doubling up to exactly `capacity` (arrays grown by `push`
 * would end at 517 slots for 360). Counts equal to the previous sample's (most
 * polls) share its object. Samples are made as objects only for a view.
 */
export class CountSampleRing {
  private at = new Float64Array(0);
  private counts: Record<string, number>[] = [];
  private count = 0;
  /** Index of the oldest sample once the ring is full. */
  private start = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error(`count sample capacity must be a positive integer, got ${capacity}`);
  }

  get size(): number {
    return this.count;
  }

  push(at: number, counts: Record<string, number>): void {
    const newest = this.count === 0 ? undefined : this.counts[(this.start + this.count - 1) % this.count];
    const kept = newest !== undefined && sameCounts(newest, counts) ? newest : counts;
    if (this.count < this.capacity) {
      if (this.count === this.at.length) this.grow();
      this.at[this.count] = at;
      this.counts[this.count] = kept;
      this.count += 1;
      return;
    }
    this.at[this.start] = at;
    this.counts[this.start] = kept;
    this.start = (this.start + 1) % this.capacity;
  }

  /** Only while filling (start is 0 until the ring is full), so slots keep their order. */
  private grow(): void {
    const length = Math.min(this.capacity, Math.max(8, this.at.length * 2));
    const at = new Float64Array(length);
    at.set(this.at);
    this.at = at;
    const counts = new Array<Record<string, number>>(length);
    for (let i = 0; i < this.count; i += 1) counts[i] = this.counts[i];
    this.counts = counts;
  }

  /** Oldest → newest. */
  toArray(): CountSample[] {
    const out: CountSample[] = new Array(this.count);
    for (let i = 0; i < this.count; i += 1) {
      const slot = (this.start + i) % this.count;
      out[i] = { at: this.at[slot], counts: this.counts[slot] };
    }
    return out;
  }
}
