/**
 * Where each partition's cell sits on the grid canvas: row-major, square
 * cells sized so every partition fits the width and at most `maxHeight`
 * (271 partitions get big readable cells, 16,384 slots get small ones).
 */
export type GridLayout = { columns: number; rows: number; cell: number; gap: number; width: number; height: number };

export function gridLayout(partitionCount: number, width: number, maxHeight = 420): GridLayout {
  const count = Math.max(1, partitionCount);
  const usable = Math.max(40, width);
  const pitch = Math.max(3, Math.min(30, Math.floor(Math.sqrt((usable * maxHeight) / count))));
  const gap = pitch >= 12 ? 2 : pitch >= 6 ? 1 : 0;
  const cell = pitch - gap;
  const columns = Math.max(1, Math.floor((usable + gap) / (cell + gap)));
  const rows = Math.ceil(count / columns);
  return { columns, rows, cell, gap, width: columns * (cell + gap) - gap, height: rows * (cell + gap) - gap };
}

/** The partition under a point on the canvas (CSS pixels), or null between cells or past the last one. */
export function partitionAt(layout: GridLayout, partitionCount: number, x: number, y: number): number | null {
  if (x < 0 || y < 0) return null;
  const pitch = layout.cell + layout.gap;
  const column = Math.floor(x / pitch);
  const row = Math.floor(y / pitch);
  if (column >= layout.columns || x - column * pitch >= layout.cell + Math.max(layout.gap, 0.5) - 0.5) return null;
  const partition = row * layout.columns + column;
  return partition < partitionCount ? partition : null;
}

/** Owner counts from run-length encoded owners, for the legend and the text summary. */
export function ownerCounts(runs: readonly number[]): Map<number, number> {
  const counts = new Map<number, number>();
  for (let i = 0; i + 1 < runs.length; i += 2) counts.set(runs[i], (counts.get(runs[i]) ?? 0) + runs[i + 1]);
  return counts;
}

/** Partition ranges per owner ("0-5460, 10923") from runs, for the accessible table. */
export function rangesByOwner(runs: readonly number[], maxRanges = 12): Map<number, string> {
  const ranges = new Map<number, string[]>();
  const extra = new Map<number, number>();
  let p = 0;
  for (let i = 0; i + 1 < runs.length; i += 2) {
    const owner = runs[i];
    const length = runs[i + 1];
    const list = ranges.get(owner) ?? [];
    if (list.length < maxRanges) list.push(length === 1 ? `${p}` : `${p}-${p + length - 1}`);
    else extra.set(owner, (extra.get(owner) ?? 0) + length);
    ranges.set(owner, list);
    p += length;
  }
  const text = new Map<number, string>();
  for (const [owner, list] of ranges) {
    const more = extra.get(owner);
    text.set(owner, more ? `${list.join(', ')} +${more} more` : list.join(', '));
  }
  return text;
}
