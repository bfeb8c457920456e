import { describe, expect, it } from 'vitest';
import type { StatusSample } from '@/lib/contract/api';
import { SampleRing } from './sample-ring';

const sample = (at: number, overrides: Partial<StatusSample> = {}): StatusSample => ({ at, status: 'ok', latencyMs: 1.25, reason: null, ...overrides });

describe('SampleRing', () => {
  it('gives back what was pushed, oldest first, with null latency and reasons kept', () => {
    const ring = new SampleRing(4);
    ring.push(sample(1));
    ring.push(sample(2, { status: 'unreachable', latencyMs: null, reason: 'connect ECONNREFUSED 127.0.0.1:22000' }));
    ring.push(sample(3, { status: 'bad_response', latencyMs: 12.34, reason: 'not JSON' }));
    expect(ring.toArray()).toEqual([
      sample(1),
      sample(2, { status: 'unreachable', latencyMs: null, reason: 'connect ECONNREFUSED 127.0.0.1:22000' }),
      sample(3, { status: 'bad_response', latencyMs: 12.34, reason: 'not JSON' }),
    ]);
  });

  it('keeps only the newest `capacity` samples', () => {
    const ring = new SampleRing(3);
    for (let at = 1; at <= 7; at += 1) ring.push(sample(at, { status: at % 2 ? 'ok' : 'timeout' }));
    expect(ring.size).toBe(3);
    expect(ring.toArray().map((s) => [s.at, s.status])).toEqual([
      [5, 'ok'],
      [6, 'timeout'],
      [7, 'ok'],
    ]);
  });

  it('a node that first fails after the ring wrapped keeps each reason in its own sample, and later good polls none', () => {
    const ring = new SampleRing(3);
    for (let at = 1; at <= 4; at += 1) ring.push(sample(at));
    ring.push(sample(5, { status: 'timeout', latencyMs: null, reason: 'no answer within 2000 ms' }));
    ring.push(sample(6));
    expect(ring.toArray().map((s) => [s.at, s.reason])).toEqual([
      [4, null],
      [5, 'no answer within 2000 ms'],
      [6, null],
    ]);
    for (let at = 7; at <= 9; at += 1) ring.push(sample(at));
    expect(ring.toArray().map((s) => s.reason)).toEqual([null, null, null]);
  });

  it('keeps each column apart in its shared buffer: every slot full of large values reads back as written, before and after a wrap', () => {
    const base = Date.parse('2026-05-01T10:00:00.000Z');
    const big = (i: number): StatusSample =>
      sample(base + 0xffff_0000 + i, { status: i % 2 ? 'bad_response' : 'timeout', latencyMs: 65_504.5 + i, reason: i % 2 ? `bad ${i}` : null });
    const ring = new SampleRing(5);
    ring.push(sample(base));
    for (let i = 1; i <= 4; i += 1) ring.push(big(i));
    expect(ring.toArray()).toEqual([sample(base), big(1), big(2), big(3), big(4)]);
    for (let i = 5; i <= 11; i += 1) ring.push(big(i));
    expect(ring.toArray()).toEqual([7, 8, 9, 10, 11].map(big));
  });

  it('keeps millisecond timestamps exact', () => {
    const ring = new SampleRing(1);
    ring.push(sample(Date.parse('2026-05-01T10:00:00.123Z')));
    expect(ring.toArray()[0].at).toBe(Date.parse('2026-05-01T10:00:00.123Z'));
  });

  it('refuses a capacity that is not a positive integer', () => {
    expect(() => new SampleRing(0)).toThrow(/positive integer/);
  });
});
