const NARROW_MAX = 0xffff_ffff;

/**
 * A column of times (epoch milliseconds) in 4 bytes a slot instead of 8: each
 * time as whole milliseconds after the column's base, in a Uint32Array. The
 * sample rings hold one time per sample for every node (600 status samples,
 * 360 peer-count samples, 60 per sync link), so at 5,000 nodes a Float64Array
 * each cost ~20 MB more than this.
 *
 * Exact for every time it is given: the base is the earliest time held, a time
 * earlier than the base moves the base down (the slots are rewritten), and a
 * time that is not a whole millisecond, or a span longer than a Uint32 of
 * milliseconds (49.7 days), turns the column into a Float64Array for good.
 * Slots never set read as the base.
 */
export class TimeColumn {
  private narrow: Uint32Array;
  private wide: Float64Array | null = null;
  private base = 0;
  private based = false;

  /** `slots`: a length, or the Uint32Array to start in (a view into a ring's one buffer, SampleRing). */
  constructor(slots: number | Uint32Array = 0) {
    this.narrow = typeof slots === 'number' ? new Uint32Array(slots) : slots;
  }

  get length(): number {
    return this.wide ? this.wide.length : this.narrow.length;
  }

  /** Bytes a slot takes now (4, or 8 once wide): for tests and the memory figures. */
  get bytesPerSlot(): number {
    return this.wide ? 8 : 4;
  }

  get(index: number): number {
    return this.wide ? this.wide[index] : this.base + this.narrow[index];
  }

  set(index: number, at: number): void {
    if (this.wide) {
      this.wide[index] = at;
      return;
    }
    if (!this.based && Number.isInteger(at)) {
      this.base = at;
      this.based = true;
    }
    const offset = at - this.base;
    if (Number.isInteger(at) && offset >= 0 && offset <= NARROW_MAX) this.narrow[index] = offset;
    else this.rebase(index, at);
  }

  /** Keeps the first `length` slots (all of them when growing); for rings that grow by doubling. */
  resize(length: number): void {
    if (this.wide) {
      const wide = new Float64Array(length);
      wide.set(this.wide.subarray(0, Math.min(length, this.wide.length)));
      this.wide = wide;
      return;
    }
    const narrow = new Uint32Array(length);
    narrow.set(this.narrow.subarray(0, Math.min(length, this.narrow.length)));
    this.narrow = narrow;
  }

  /** A time below the base or beyond the narrow span: a new base if every time then fits, else 8 bytes a slot from now on. */
  private rebase(index: number, at: number): void {
    const times = new Float64Array(this.narrow.length);
    for (let i = 0; i < times.length; i += 1) times[i] = this.base + this.narrow[i];
    times[index] = at;
    let lowest = at;
    let highest = at;
    for (let i = 0; i < times.length; i += 1) {
      if (times[i] < lowest) lowest = times[i];
      if (times[i] > highest) highest = times[i];
    }
    if (Number.isInteger(at) && highest - lowest <= NARROW_MAX) {
      this.base = lowest;
      for (let i = 0; i < times.length; i += 1) this.narrow[i] = times[i] - lowest;
      return;
    }
    this.wide = times;
    this.narrow = new Uint32Array(0);
  }
}
