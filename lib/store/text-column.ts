/** Distinct texts a column keeps before it drops those no slot refers to any more. */
const PALETTE_SOFT_LIMIT = 64;

/**
 * A column of texts that repeat from sample to sample (a failed poll's
 * reason): each slot is a 2-byte index (4 for
 * columns over 32,767 slots) into the few distinct texts held, instead of an
 * 8-byte reference — a ring of 600 reasons is 1.2 KB instead of 4.8 KB. Index
 * 0 is null. Texts no slot refers to are dropped once the palette passes a
 * soft limit (that limit doubles when most texts held are still in use), so
 * the palette stays within twice the column's length however many texts pass.
 * Worth it for long columns only: a typed array's own header (~180 bytes)
 * ate the saving on a 60-sample sync link.
 */
export class TextColumn {
  private indexes: Uint16Array | Uint32Array;
  private palette: (string | null)[] = [null];
  private limit = PALETTE_SOFT_LIMIT;
  /** The index set last: most samples repeat the one before. */
  private last = 0;

  constructor(length = 0) {
    this.indexes = TextColumn.indexArray(length);
  }

  private static indexArray(length: number): Uint16Array | Uint32Array {
    return length <= 0x7fff ? new Uint16Array(length) : new Uint32Array(length);
  }

  get length(): number {
    return this.indexes.length;
  }

  /** Distinct texts held (null included): for tests. */
  get paletteSize(): number {
    return this.palette.length;
  }

  get(index: number): string | null {
    return this.palette[this.indexes[index]];
  }

  set(index: number, text: string | null): void {
    this.indexes[index] = this.indexOf(text);
  }

  resize(length: number): void {
    const indexes = TextColumn.indexArray(length);
    indexes.set(this.indexes.subarray(0, Math.min(length, this.indexes.length)));
    this.indexes = indexes;
  }

  private indexOf(text: string | null): number {
    if (text === null) return 0;
    if (this.palette[this.last] === text) return this.last;
    let found = this.palette.indexOf(text, 1);
    if (found < 0) {
      if (this.palette.length >= this.limit) this.dropUnused();
      found = this.palette.push(text) - 1;
    }
    this.last = found;
    return found;
  }

  /** Keeps only the texts some slot refers to, renumbered in place. */
  private dropUnused(): void {
    const renumbered = new Map<number, number>([[0, 0]]);
    const kept: (string | null)[] = [null];
    for (let i = 0; i < this.indexes.length; i += 1) {
      const old = this.indexes[i];
      let now = renumbered.get(old);
      if (now === undefined) {
        now = kept.push(this.palette[old]) - 1;
        renumbered.set(old, now);
      }
      this.indexes[i] = now;
    }
    this.palette = kept;
    this.last = 0;
    // Mostly in use: dropping again soon would free little, so allow twice as many first.
    this.limit = Math.max(PALETTE_SOFT_LIMIT, kept.length * 2);
  }
}
