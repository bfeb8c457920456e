import { describe, expect, it } from 'vitest';
import { CountSampleRing } from './count-samples';

describe('CountSampleRing', () => {
  it('gives the newest samples, oldest first, once it has wrapped', () => {
    const ring = new CountSampleRing(3);
    for (let at = 1; at <= 5; at += 1) ring.push(at, { best: at });
    expect(ring.size).toBe(3);
    expect(ring.toArray()).toEqual([
      { at: 3, counts: { best: 3 } },
      { at: 4, counts: { best: 4 } },
      { at: 5, counts: { best: 5 } },
    ]);
  });

  it('keeps every sample in order while it grows, and wraps at exactly its capacity', () => {
    const ring = new CountSampleRing(20);
    for (let at = 1; at <= 17; at += 1) ring.push(at, { best: at });
    expect(ring.toArray().map((sample) => sample.at)).toEqual(Array.from({ length: 17 }, (_, i) => i + 1));
    for (let at = 18; at <= 45; at += 1) ring.push(at, { best: at });
    expect(ring.size).toBe(20);
    expect(ring.toArray().map((sample) => [sample.at, sample.counts.best])).toEqual(Array.from({ length: 20 }, (_, i) => [i + 26, i + 26]));
  });

  it('shares the previous counts object when the counts did not change, and only then', () => {
    const ring = new CountSampleRing(4);
    ring.push(1, { best: 2, responsive: 1 });
    ring.push(2, { best: 2, responsive: 1 });
    ring.push(3, { best: 1, responsive: 2 });
    ring.push(4, { best: 1 });
    const [first, second, third, fourth] = ring.toArray();
    expect(second.counts).toBe(first.counts);
    expect(third.counts).not.toBe(second.counts);
    expect(third.counts).toEqual({ best: 1, responsive: 2 });
    expect(fourth.counts).toEqual({ best: 1 });
  });

  it('compares with the newest sample after wrapping, not the oldest', () => {
    const ring = new CountSampleRing(2);
    ring.push(1, { best: 1 });
    ring.push(2, { best: 2 });
    ring.push(3, { best: 2 });
    const [older, newest] = ring.toArray();
    expect(newest.counts).toBe(older.counts);
    expect(ring.toArray().map((sample) => sample.at)).toEqual([2, 3]);
  });

  it('lets go of counts no sample holds any more, and reuses their place', () => {
    const ring = new CountSampleRing(3);
    for (let at = 1; at <= 100; at += 1) ring.push(at, { best: Math.floor(at / 2) });
    expect(ring.distinctCounts).toBe(2);
    expect(ring.toArray()).toEqual([
      { at: 98, counts: { best: 49 } },
      { at: 99, counts: { best: 49 } },
      { at: 100, counts: { best: 50 } },
    ]);
    for (let at = 101; at <= 103; at += 1) ring.push(at, { best: 7 });
    expect(ring.distinctCounts).toBe(1);
    expect(ring.toArray().map((sample) => sample.counts)).toEqual([{ best: 7 }, { best: 7 }, { best: 7 }]);
  });

  it('a ring of one keeps the newest counts, changed or not', () => {
    const ring = new CountSampleRing(1);
    ring.push(1, { best: 1 });
    ring.push(2, { best: 1 });
    ring.push(3, { best: 2 });
    expect(ring.toArray()).toEqual([{ at: 3, counts: { best: 2 } }]);
    expect(ring.distinctCounts).toBe(1);
  });

  it('refuses a capacity that is not a positive integer', () => {
    expect(() => new CountSampleRing(0)).toThrow(/positive integer/);
    expect(() => new CountSampleRing(70_000)).toThrow(/65,535/);
  });
});
