import type { StatusSample } from '@/lib/contract/api';
import { POLL_STATUSES, type PollStatus } from '@/lib/contract/report';
import { intern } from './intern';
import { TextColumn } from './text-column';
import { TimeColumn } from './time-column';

/**
 * A node's status/latency samples in typed arrays: 9 bytes a sample (time
 * in 4, TimeColumn) instead of a ~60-byte object each. Reasons repeat from
 * poll to poll: interned, and kept as 2-byte indexes (TextColumn). The three
 * columns are views into one ArrayBuffer: each buffer of its own cost ~250
 * bytes beside its data (its object, V8's backing store record, malloc's
 * header), 2.5 MB at 5,000 nodes for the two saved.
 */
export class SampleRing {
  private readonly at: TimeColumn;
  private readonly latencyMs: Float32Array;
  private readonly status: Uint8Array;
  /** Made at the first failed poll: most nodes never fail. */
  private reason: TextColumn | null = null;
  private start = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error(`sample ring capacity must be a positive integer, got ${capacity}`);
    // Times and latencies first: both 4-byte columns start 4-aligned; the byte column last.
    const buffer = new ArrayBuffer(capacity * 9);
    this.at = new TimeColumn(new Uint32Array(buffer, 0, capacity));
    this.latencyMs = new Float32Array(buffer, capacity * 4, capacity);
    this.status = new Uint8Array(buffer, capacity * 8, capacity);
  }

  get size(): number {
    return this.count;
  }

  push(sample: StatusSample): void {
    const slot = this.count < this.capacity ? (this.start + this.count) % this.capacity : this.start;
    if (this.count < this.capacity) this.count += 1;
    else this.start = (this.start + 1) % this.capacity;
    this.at.set(slot, sample.at);
    // NaN stands for "no latency" (a failed poll); Float32 keeps latencies to well under a microsecond at these sizes.
    this.latencyMs[slot] = sample.latencyMs ?? Number.NaN;
    this.status[slot] = POLL_STATUSES.indexOf(sample.status);
    if (sample.reason !== null) this.reason ??= new TextColumn(this.capacity);
    this.reason?.set(slot, sample.reason === null ? null : intern(sample.reason));
  }

  /** Oldest → newest. */
  toArray(): StatusSample[] {
    const out: StatusSample[] = new Array(this.count);
    for (let i = 0; i < this.count; i += 1) {
      const slot = (this.start + i) % this.capacity;
      const latency = this.latencyMs[slot];
      out[i] = {
        at: this.at.get(slot),
        status: POLL_STATUSES[this.status[slot]] as PollStatus,
        latencyMs: Number.isNaN(latency) ? null : Math.round(latency * 100) / 100,
        reason: this.reason?.get(slot) ?? null,
      };
    }
    return out;
  }
}
