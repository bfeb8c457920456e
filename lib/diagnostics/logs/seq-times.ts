/**
 * When each retained log line happened, by its log store seq. Seqs are
 * contiguous (lib/store/log-store.ts), so the times sit in one Float64Array
 * indexed by seq: a Map of 100,000 lines held 100,000 entries and as many
 * boxed numbers for every major collection to mark.
 */
export class SeqTimes {
  private times = new Float64Array(1024);
  /** Lowest seq held; `first === end` when empty. */
  private first = 0;
  /** One past the highest seq held. */
  private end = 0;

  get size(): number {
    return this.end - this.first;
  }

  get(seq: number): number | undefined {
    if (seq < this.first || seq >= this.end) return undefined;
    const at = this.times[seq % this.times.length];
    // NaN marks a seq never given a time (a gap between two that were).
    return Number.isNaN(at) ? undefined : at;
  }

  set(seq: number, at: number): void {
    if (seq >= this.first && seq < this.end) {
      this.times[seq % this.times.length] = at;
      return;
    }
    // Older than what is held (already forgotten), or so far ahead that the lines between are long gone: start again from it.
    if (seq < this.first || this.size === 0 || seq - this.end >= this.times.length) {
      this.first = seq;
      this.end = seq;
    }
    while (seq + 1 - this.first > this.times.length) this.grow();
    for (let missing = this.end; missing < seq; missing += 1) this.times[missing % this.times.length] = Number.NaN;
    this.times[seq % this.times.length] = at;
    this.end = seq + 1;
  }

  /** Forgets every seq below `seq` (lines the store no longer keeps). */
  forgetBefore(seq: number): void {
    if (seq > this.first) this.first = Math.min(seq, this.end);
  }

  private grow(): void {
    const times = new Float64Array(this.times.length * 2);
    for (let seq = this.first; seq < this.end; seq += 1) times[seq % times.length] = this.times[seq % this.times.length];
    this.times = times;
  }
}
