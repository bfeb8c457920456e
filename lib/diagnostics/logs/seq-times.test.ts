import { describe, expect, it } from 'vitest';
import { SeqTimes } from './seq-times';

describe('SeqTimes: line times by log store seq', () => {
  it('gives back each time set, across growth, and nothing for seqs never set or forgotten', () => {
    const times = new SeqTimes();
    for (let seq = 1; seq <= 5000; seq += 1) times.set(seq, 1_700_000_000_000 + seq * 7);
    expect(times.size).toBe(5000);
    expect(times.get(1)).toBe(1_700_000_000_007);
    expect(times.get(4321)).toBe(1_700_000_000_000 + 4321 * 7);
    expect(times.get(0)).toBeUndefined();
    expect(times.get(5001)).toBeUndefined();
    times.forgetBefore(4000);
    expect(times.size).toBe(1001);
    expect(times.get(3999)).toBeUndefined();
    expect(times.get(4000)).toBe(1_700_000_000_000 + 4000 * 7);
    // Appending after forgetting reuses the freed slots without disturbing what is held.
    for (let seq = 5001; seq <= 6000; seq += 1) times.set(seq, seq);
    expect(times.get(4000)).toBe(1_700_000_000_000 + 4000 * 7);
    expect(times.get(6000)).toBe(6000);
  });

  it('a seq skipped between two set ones has no time; a jump far past what is held starts afresh', () => {
    const times = new SeqTimes();
    times.set(10, 100);
    times.set(13, 130);
    expect(times.get(11)).toBeUndefined();
    expect(times.get(13)).toBe(130);
    times.set(1_000_000, 5);
    expect(times.get(10)).toBeUndefined();
    expect(times.get(1_000_000)).toBe(5);
    expect(times.size).toBe(1);
  });

  it('forgetting everything leaves it empty, and it fills again from the next seq', () => {
    const times = new SeqTimes();
    times.set(1, 1);
    times.set(2, 2);
    times.forgetBefore(50);
    expect(times.size).toBe(0);
    expect(times.get(2)).toBeUndefined();
    times.set(51, 51);
    expect(times.get(51)).toBe(51);
  });
});
