import { describe, expect, it } from 'vitest';
import { sampleGaps } from './sample-gaps';

const sample = (at: number) => ({ at, status: 'ok' as const, latencyMs: 1, reason: null });

describe('gaps in a node history', () => {
  it('finds the silence of a restart and ignores late or backed-off polls', () => {
    const samples = [sample(0), sample(5000), sample(30_000), sample(35_000), sample(200_000), sample(205_000)];
    expect(sampleGaps(samples, 5000)).toEqual([{ from: 35_000, to: 200_000 }]);
    expect(sampleGaps([], 5000)).toEqual([]);
  });
});
