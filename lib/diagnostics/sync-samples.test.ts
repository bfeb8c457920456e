import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SyncSample } from './sync';
import { SyncSampleRing } from './sync-samples';

const sample = (at: number, overrides: Partial<SyncSample> = {}): SyncSample => ({
  at,
  state: 'in_sync',
  reportedState: 'connected',
  reportedBy: 'n2',
  primaryOffset: 10_485_760 + at,
  replicaOffset: 10_485_760 + at - 3,
  lag: 3,
  lastIoAgeMs: 350.5,
  ...overrides,
});

describe('SyncSampleRing', () => {
  it('gives back every field as pushed, nulls and the stale state included', () => {
    const ring = new SyncSampleRing(4);
    const pushed = [
      sample(1_764_892_800_123),
      sample(1_764_892_805_123, { state: 'stale', reportedState: null, reportedBy: null, primaryOffset: null, replicaOffset: null, lag: null, lastIoAgeMs: null }),
      sample(1_764_892_810_123, { state: 'unknown', reportedState: 'handshake?', lag: 0, primaryOffset: 2 ** 53 - 1 }),
    ];
    for (const each of pushed) ring.push(each);
    expect(ring.toArray()).toEqual(pushed);
  });

  it('keeps the newest samples in order while growing and after wrapping at exactly its capacity', () => {
    const ring = new SyncSampleRing(20);
    for (let at = 1; at <= 9; at += 1) ring.push(sample(at));
    expect(ring.toArray().map((each) => each.at)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    for (let at = 10; at <= 47; at += 1) ring.push(sample(at, { lag: at }));
    expect(ring.size).toBe(20);
    expect(ring.toArray().map((each) => [each.at, each.lag])).toEqual(Array.from({ length: 20 }, (_, i) => [i + 28, i + 28]));
  });

  it('refuses a capacity that is not a positive integer', () => {
    expect(() => new SyncSampleRing(0)).toThrow(/positive integer/);
  });

  it('gives back the newest samples as a plain list would, texts that change now and then included', () => {
    const text = fc.constantFrom<string | null>(null, 'connected', 'handshake', 'n1', 'n2');
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 70 }), fc.array(fc.tuple(text, text), { maxLength: 200 }), (capacity, texts) => {
        const ring = new SyncSampleRing(capacity);
        const pushed = texts.map(([reportedState, reportedBy], index) => sample(1_764_892_800_000 + index * 5000, { reportedState, reportedBy }));
        for (const each of pushed) ring.push(each);
        expect(ring.toArray()).toEqual(pushed.slice(-capacity));
      }),
      { numRuns: 500 },
    );
  });
});
