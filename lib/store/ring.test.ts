import { describe, expect, it } from 'vitest';
import { Ring } from './ring';

describe('Ring', () => {
  it('keeps the newest items in order and reads any tail after wrapping', () => {
    const ring = new Ring<number>(3);
    for (const item of [1, 2, 3, 4, 5]) ring.push(item);
    expect(ring.toArray()).toEqual([3, 4, 5]);
    expect([ring.at(0), ring.at(2), ring.at(3)]).toEqual([3, 5, undefined]);
    expect(ring.sliceFrom(1)).toEqual([4, 5]);
    expect(ring.sliceFrom(3)).toEqual([]);
  });
});
