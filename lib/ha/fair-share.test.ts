import { describe, expect, it } from 'vitest';
import { fairShare, planRound } from './fair-share';
import { clusterLockKey } from './lock-key';

describe('fair share', () => {
  it('is ceil(clusters / live replicas), never zero live replicas', () => {
    expect(fairShare(2, 1)).toBe(2);
    expect(fairShare(2, 2)).toBe(1);
    expect(fairShare(3, 2)).toBe(2);
    expect(fairShare(5, 3)).toBe(2);
    expect(fairShare(4, 0)).toBe(4);
  });

  it('gives back one cluster per round when over its share, the last in config order', () => {
    expect(planRound(['a', 'b', 'c'], new Set(['a', 'b', 'c']), 1)).toEqual({ release: 'c', tryTake: [] });
  });

  it('tries the clusters it does not hold while under its share, and nothing at its share', () => {
    expect(planRound(['a', 'b', 'c'], new Set(['b']), 2)).toEqual({ release: null, tryTake: ['a', 'c'] });
    expect(planRound(['a', 'b'], new Set(['b']), 1)).toEqual({ release: null, tryTake: [] });
  });
});

describe('cluster lock key', () => {
  it('is a signed 64-bit integer, the same for the same name and different for another', () => {
    const key = BigInt(clusterLockKey('alpha'));
    expect(key >= -(2n ** 63n) && key < 2n ** 63n).toBe(true);
    expect(clusterLockKey('alpha')).toBe(clusterLockKey('alpha'));
    expect(clusterLockKey('alpha')).not.toBe(clusterLockKey('beta'));
  });
});
