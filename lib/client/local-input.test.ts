import { describe, expect, it } from 'vitest';
import { fromLocalInput, toLocalInput } from './local-input';

describe('datetime-local text', () => {
  it('round-trips a moment to the second', () => {
    const at = Date.UTC(2026, 0, 10, 3, 12, 45);
    expect(fromLocalInput(toLocalInput(at))).toBe(at);
  });

  it('refuses partial or foreign text', () => {
    expect(fromLocalInput('')).toBeNull();
    expect(fromLocalInput('2026-01-10')).toBeNull();
    expect(fromLocalInput('2026-01-10T03:12Z')).toBeNull();
  });
});
