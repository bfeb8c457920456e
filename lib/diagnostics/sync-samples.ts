import { LINK_STATES } from '@/lib/contract/report';
import { intern } from '@/lib/store/intern';
import type { SyncSample } from './sync';

const SAMPLE_STATES = [...LINK_STATES, 'stale'] as const;

/**
 * A link's newest `capacity` samples, appended in place, in columns: numbers
 * in one Float64Array (null as NaN: every number here comes from JSON or a
 * subtraction of finite times, never NaN itself), the state as a byte, the
 * texts interned. As objects, 60 samples a link cost ~8 KB and every cycle
 * copied the array; here ~3.4 KB once full. The columns grow by doubling up
 * to exactly `capacity`, so a link seen for a minute holds a minute's worth.
 * Samples are made as objects only for a view.
 */
export class SyncSampleRing {
  /** Per sample: at, primaryOffset, replicaOffset, lag, lastIoAgeMs. */
  private static readonly NUMBERS = 5;
  private numbers = new Float64Array(0);
  private states = new Uint8Array(0);
  private reportedStates: (string | null)[] = [];
  private reportedBy: (string | null)[] = [];
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
    this.numbers[base] = sample.at;
    this.numbers[base + 1] = sample.primaryOffset ?? Number.NaN;
    this.numbers[base + 2] = sample.replicaOffset ?? Number.NaN;
    this.numbers[base + 3] = sample.lag ?? Number.NaN;
    this.numbers[base + 4] = sample.lastIoAgeMs ?? Number.NaN;
    this.states[slot] = SAMPLE_STATES.indexOf(sample.state);
    this.reportedStates[slot] = sample.reportedState === null ? null : intern(sample.reportedState);
    this.reportedBy[slot] = sample.reportedBy === null ? null : intern(sample.reportedBy);
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
    this.reportedStates = [...this.reportedStates, ...new Array<string | null>(length - this.reportedStates.length).fill(null)];
    this.reportedBy = [...this.reportedBy, ...new Array<string | null>(length - this.reportedBy.length).fill(null)];
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
        reportedState: this.reportedStates[slot],
        reportedBy: this.reportedBy[slot],
        primaryOffset: orNull(this.numbers[base + 1]),
        replicaOffset: orNull(this.numbers[base + 2]),
        lag: orNull(this.numbers[base + 3]),
        lastIoAgeMs: orNull(this.numbers[base + 4]),
      };
    }
    return out;
  }
}
