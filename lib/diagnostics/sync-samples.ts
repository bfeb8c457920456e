import { LINK_STATES } from '@/lib/contract/report';
import { intern } from '@/lib/store/intern';
import type { SyncSample } from './sync';

const SAMPLE_STATES = [...LINK_STATES, 'stale'] as const;

/**
 * A column of texts that rarely change (the node that reported a link, the
 * state it reported): one value while every slot holds it, a column only once
 * two differ. Most links keep one reporter and one reported state for hours;
 * as two 60-slot arrays they were ~1.1 KB a link, 3.6 MB at 3,333 links.
 */
class SteadyTextColumn {
  private only: string | null = null;
  private written = false;
  private column: (string | null)[] | null = null;

  /** `capacity`: the ring's, so a column once made holds every slot the ring will ever use. */
  constructor(private readonly capacity: number) {}

  set(slot: number, value: string | null): void {
    if (this.column) this.column[slot] = value;
    else if (!this.written || value === this.only) {
      this.only = value;
      this.written = true;
    } else {
      this.column = new Array<string | null>(this.capacity).fill(this.only);
      this.column[slot] = value;
    }
  }

  get(slot: number): string | null {
    return this.column ? this.column[slot] : this.only;
  }
}

/**
 * A link's newest `capacity` samples, appended in place, in columns: numbers
 * in one Float64Array (null as NaN: every number here comes from JSON or a
 * subtraction of finite times, never NaN itself), the state as a byte, the
 * texts interned and kept once while they do not change. As objects, 60
 * samples a link cost ~8 KB and every cycle copied the array; with the texts
 * as two arrays ~4.1 KB once full; here ~3 KB. The columns grow by doubling up
 * to exactly `capacity`, so a link seen for a minute holds a minute's worth.
 * Samples are made as objects only for a view.
 */
export class SyncSampleRing {
  /** Per sample: at, primaryOffset, replicaOffset, lag, lastIoAgeMs. */
  private static readonly NUMBERS = 5;
  private numbers = new Float64Array(0);
  private states = new Uint8Array(0);
  private readonly reportedStates: SteadyTextColumn;
  private readonly reportedBy: SteadyTextColumn;
  private count = 0;
  private start = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error(`sync sample capacity must be a positive integer, got ${capacity}`);
    this.reportedStates = new SteadyTextColumn(capacity);
    this.reportedBy = new SteadyTextColumn(capacity);
  }

  get size(): number {
    return this.count;
  }

  push(sample: SyncSample): void {
    const slot = this.count < this.capacity ? this.count : this.start;
    if (this.count < this.capacity) {
      if (this.count === this.states.length) this.grow();
      this.count += 1;
    } else this.start = (this.start + 1) % this.capacity;
    const base = slot * SyncSampleRing.NUMBERS;
    this.numbers[base] = sample.at;
    this.numbers[base + 1] = sample.primaryOffset ?? Number.NaN;
    this.numbers[base + 2] = sample.replicaOffset ?? Number.NaN;
    this.numbers[base + 3] = sample.lag ?? Number.NaN;
    this.numbers[base + 4] = sample.lastIoAgeMs ?? Number.NaN;
    this.states[slot] = SAMPLE_STATES.indexOf(sample.state);
    this.reportedStates.set(slot, sample.reportedState === null ? null : intern(sample.reportedState));
    this.reportedBy.set(slot, sample.reportedBy === null ? null : intern(sample.reportedBy));
  }

  /** Only while filling (start is 0 until the ring is full), so slots keep their order. */
  private grow(): void {
    const length = Math.min(this.capacity, Math.max(8, this.states.length * 2));
    const numbers = new Float64Array(length * SyncSampleRing.NUMBERS);
    numbers.set(this.numbers);
    this.numbers = numbers;
    const states = new Uint8Array(length);
    states.set(this.states);
    this.states = states;
  }

  /** Oldest → newest. */
  toArray(): SyncSample[] {
    const out: SyncSample[] = new Array(this.count);
    const orNull = (value: number) => (Number.isNaN(value) ? null : value);
    for (let i = 0; i < this.count; i += 1) {
      const slot = (this.start + i) % this.capacity;
      const base = slot * SyncSampleRing.NUMBERS;
      out[i] = {
        at: this.numbers[base],
        state: SAMPLE_STATES[this.states[slot]],
        reportedState: this.reportedStates.get(slot),
        reportedBy: this.reportedBy.get(slot),
        primaryOffset: orNull(this.numbers[base + 1]),
        replicaOffset: orNull(this.numbers[base + 2]),
        lag: orNull(this.numbers[base + 3]),
        lastIoAgeMs: orNull(this.numbers[base + 4]),
      };
    }
    return out;
  }
}
