import { describe, expect, it } from 'vitest';
import { failedRuns, summarizeSamples } from './sample-summary';

describe('summarizeSamples', () => {
  it('counts each outcome and takes latency from answered polls only', () => {
    const summary = summarizeSamples([
      { at: 1_000, status: 'ok', latencyMs: 10, reason: null },
      { at: 3_000, status: 'timeout', latencyMs: 2_000, reason: 'timeout' },
      { at: 5_000, status: 'ok', latencyMs: 30, reason: null },
      { at: 7_000, status: 'unreachable', latencyMs: null, reason: 'refused' },
      { at: 9_000, status: 'ok', latencyMs: 20, reason: null },
    ]);
    expect(summary.count).toBe(5);
    expect(summary.spanMs).toBe(8_000);
    expect(summary.byStatus).toEqual({ ok: 3, unreachable: 1, timeout: 1, bad_response: 0 });
    expect(summary.medianLatencyMs).toBe(20);
    expect(summary.maxLatencyMs).toBe(30);
  });

  it('has no latency figures when no poll was answered', () => {
    const summary = summarizeSamples([{ at: 1, status: 'unreachable', latencyMs: null, reason: 'refused' }]);
    expect(summary.medianLatencyMs).toBeNull();
    expect(summary.maxLatencyMs).toBeNull();
    expect(summary.spanMs).toBe(0);
  });
});

describe('failedRuns', () => {
  it('groups consecutive failed polls by outcome and skips ok polls', () => {
    const sample = (at: number, status: 'ok' | 'unreachable' | 'timeout') => ({ at, status, latencyMs: null, reason: null });
    expect(
      failedRuns([sample(1, 'ok'), sample(2, 'unreachable'), sample(3, 'unreachable'), sample(4, 'timeout'), sample(5, 'ok'), sample(6, 'timeout')]),
    ).toEqual([
      { status: 'unreachable', from: 2, to: 3, polls: 2 },
      { status: 'timeout', from: 4, to: 4, polls: 1 },
      { status: 'timeout', from: 6, to: 6, polls: 1 },
    ]);
  });
});
