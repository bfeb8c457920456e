import { internCounts } from '@/lib/store/intern';
import { TimeColumn } from '@/lib/store/time-column';

/** One poll's peer counts per category, as the peers view charts them. */
export type CountSample = { at: number; counts: Record<string, number> };

/** The same categories with the same numbers. */
export function sameCounts(a: Record<string, number>, b: Record<string, number>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => a[key] === b[key]);
}

/**
 * A node's peer counts over time, newest `capacity` polls, appended in place.
 * Times sit in a Float64Array; each sample's counts are an index (Uint16Array)
 * into a small palette of the distinct counts the ring holds, as counts change
 * only when a peer moves: as `{ at, counts }` objects, 360 samples a node cost
 * ~25 KB, 123 MB at 5,000 nodes once full; as times beside an array of counts
 * references 5.8 KB; with times in a Float64Array and counts of its own 6.2
 * KB; with times in 4 bytes (TimeColumn) and the counts shared by every node
 * (internCounts) ~3.3 KB. The columns grow by doubling up to exactly
 * `capacity` (arrays grown by `push` would end at 517 slots for 360). Counts
 * equal to the previous sample's (most polls) share its palette entry.
 * Samples are made as objects only for a view.
 */
export class CountSampleRing {
  private readonly at = new TimeColumn();
  private countsIndex = new Uint16Array(0);
  /** Distinct counts held; an entry is dropped (and its slot reused) once no sample refers to it. */
  private readonly palette: (Record<string, number> | undefined)[] = [];
  private readonly uses: number[] = [];
  private readonly freeEntries: number[] = [];
  private count = 0;
  /** Index of the oldest sample once the ring is full. */
  private start = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1 || capacity > 0xffff) throw new Error(`count sample capacity must be a positive integer up to 65,535, got ${capacity}`);
  }

  get size(): number {
    return this.count;
  }

  push(at: number, counts: Record<string, number>): void {
    const newest = this.count === 0 ? -1 : this.countsIndex[(this.start + this.count - 1) % this.count];
    const entry = newest >= 0 && sameCounts(this.palette[newest]!, counts) ? newest : this.addEntry(counts);
    this.uses[entry] += 1;
    if (this.count < this.capacity) {
      if (this.count === this.countsIndex.length) this.grow();
      this.at.set(this.count, at);
      this.countsIndex[this.count] = entry;
      this.count += 1;
      return;
    }
    // Taken before the oldest is let go: with a capacity of one, both are the same slot.
    this.release(this.countsIndex[this.start]);
    this.at.set(this.start, at);
    this.countsIndex[this.start] = entry;
    this.start = (this.start + 1) % this.capacity;
  }

  private addEntry(counts: Record<string, number>): number {
    const entry = this.freeEntries.pop() ?? this.palette.length;
    this.palette[entry] = internCounts(counts);
    this.uses[entry] = 0;
    return entry;
  }

  private release(entry: number): void {
    this.uses[entry] -= 1;
    if (this.uses[entry] > 0) return;
    this.palette[entry] = undefined;
    this.freeEntries.push(entry);
  }

  /** Only while filling (start is 0 until the ring is full), so slots keep their order. */
  private grow(): void {
    const length = Math.min(this.capacity, Math.max(8, this.countsIndex.length * 2));
    this.at.resize(length);
    const countsIndex = new Uint16Array(length);
    countsIndex.set(this.countsIndex);
    this.countsIndex = countsIndex;
  }

  /** Distinct counts held (for tests: entries no sample refers to are dropped). */
  get distinctCounts(): number {
    return this.palette.length - this.freeEntries.length;
  }

  /** Oldest → newest. */
  toArray(): CountSample[] {
    const out: CountSample[] = new Array(this.count);
    for (let i = 0; i < this.count; i += 1) {
      const slot = (this.start + i) % this.count;
      out[i] = { at: this.at.get(slot), counts: this.palette[this.countsIndex[slot]]! };
    }
    return out;
  }
}
