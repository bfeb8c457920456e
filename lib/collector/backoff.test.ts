import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff';

describe('backoffDelay', () => {
  const half = () => 0.5;
  it('keeps the interval for the first failures', () => {
    expect(backoffDelay(0, 5000, 30_000, half)).toBe(5000);
    expect(backoffDelay(2, 5000, 30_000, half)).toBe(5000);
  });
  it('doubles and caps at the maximum, with jitter inside ±20 %', () => {
    expect(backoffDelay(3, 5000, 30_000, half)).toBe(10_000);
    expect(backoffDelay(4, 5000, 30_000, half)).toBe(20_000);
    expect(backoffDelay(9, 5000, 30_000, half)).toBe(30_000);
    expect(backoffDelay(3, 5000, 30_000, () => 0)).toBe(8000);
    expect(backoffDelay(99, 5000, 30_000, () => 0.999)).toBe(30_000);
  });
});
