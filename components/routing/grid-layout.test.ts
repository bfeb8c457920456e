import { describe, expect, it } from 'vitest';
import { gridLayout, ownerCounts, partitionAt, rangesByOwner } from './grid-layout';

describe('grid layout', () => {
  it('gives 271 partitions large cells and 16,384 small ones, both within the height', () => {
    const small = gridLayout(271, 1200);
    expect(small.cell).toBeGreaterThanOrEqual(20);
    expect(small.columns * small.rows).toBeGreaterThanOrEqual(271);
    const large = gridLayout(16_384, 1200);
    expect(large.cell).toBeLessThanOrEqual(6);
    expect(large.height).toBeLessThanOrEqual(440);
    expect(large.columns * large.rows).toBeGreaterThanOrEqual(16_384);
  });

  it('finds the partition under the pointer', () => {
    const layout = gridLayout(271, 1200);
    const pitch = layout.cell + layout.gap;
    expect(partitionAt(layout, 271, 1, 1)).toBe(0);
    expect(partitionAt(layout, 271, pitch * 2 + 1, pitch + 1)).toBe(layout.columns + 2);
    expect(partitionAt(layout, 271, layout.width + 50, 1)).toBeNull();
    expect(partitionAt(layout, 271, 1, layout.height + 50)).toBeNull();
  });

  it('counts owners and lists their ranges from runs', () => {
    const runs = [0, 3, 1, 2, 0, 1, -1, 1];
    expect([...ownerCounts(runs)]).toEqual([
      [0, 4],
      [1, 2],
      [-1, 1],
    ]);
    expect(rangesByOwner(runs).get(0)).toBe('0-2, 5');
    expect(rangesByOwner(runs).get(-1)).toBe('6');
  });
});
