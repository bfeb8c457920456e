import { LINK_STATES } from '@/lib/contract/report';
import { intern } from '@/lib/store/intern';
import { TextColumn } from '@/lib/store/text-column';
import { TimeColumn } from '@/lib/store/time-column';
import type { SyncSample } from './sync';

const SAMPLE_STATES = [...LINK_STATES, 'stale'] as const;

/**
 * A link's newest `capacity` samples, appended in place, in columns: times
 * in 4 bytes (TimeColumn), the other numbers in one Float64Array (null as NaN:
 * every number here comes from JSON or a subtraction of finite times, never
 * NaN itself), the state as a byte, the texts as 2-byte indexes (TextColumn).
 * As objects, 60 samples a link cost ~8 KB and every cycle copied the array;
 * with a Float64 time and arrays of texts ~4.1 KB once full; here ~2.7 KB. The columns grow by doubling up
 * to exactly `capacity`, so a link seen for a minute holds a minute's worth.
 * Samples are made as objects only for a view.
 */
export class SyncSampleRing {
  /** Per sample: primaryOffset, replicaOffset, lag, lastIoAgeMs. */
  private static readonly NUMBERS = 4;
  private readonly at = new TimeColumn();
  private numbers = new Float64Array(0);
  private states = new Uint8Array(0);
  private readonly reportedStates = new TextColumn();
  private readonly reportedBy = new TextColumn();
  private count = 0;
  private start = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error(`sync sample capacity must be a positive integer, got ${capacity}`);
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
    this.at.set(slot, sample.at);
    this.numbers[base] = sample.primaryOffset ?? Number.NaN;
    this.numbers[base + 1] = sample.replicaOffset ?? Number.NaN;
    this.numbers[base + 2] = sample.lag ?? Number.NaN;
    this.numbers[base + 3] = sample.lastIoAgeMs ?? Number.NaN;
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
    this.at.resize(length);
    this.reportedStates.resize(length);
    this.reportedBy.resize(length);
  }

  /** Oldest → newest. */
  toArray(): SyncSample[] {
    const out: SyncSample[] = new Array(this.count);
    const orNull = (value: number) => (Number.isNaN(value) ? null : value);
    for (let i = 0; i < this.count; i += 1) {
      const slot = (this.start + i) % this.capacity;
      const base = slot * SyncSampleRing.NUMBERS;
      out[i] = {
        at: this.at.get(slot),
        state: SAMPLE_STATES[this.states[slot]],
        reportedState: this.reportedStates.get(slot),
        reportedBy: this.reportedBy.get(slot),
        primaryOffset: orNull(this.numbers[base]),
        replicaOffset: orNull(this.numbers[base + 1]),
        lag: orNull(this.numbers[base + 2]),
        lastIoAgeMs: orNull(this.numbers[base + 3]),
      };
    }
    return out;
  }
}
