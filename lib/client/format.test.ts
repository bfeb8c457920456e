import { describe, expect, it } from 'vitest';
import { formatAge, formatClock, formatDateTime, formatDuration, formatEvidenceValue, formatLatency, namesWithMore } from './format';

describe('formatDuration', () => {
  it('uses the largest two units an operator needs', () => {
    expect(formatDuration(0)).toBe('0 s');
    expect(formatDuration(59_400)).toBe('59 s');
    expect(formatDuration(65_000)).toBe('1 min 5 s');
    expect(formatDuration(120_000)).toBe('2 min');
    expect(formatDuration(2 * 3_600_000 + 10 * 60_000)).toBe('2 h 10 min');
    expect(formatDuration(3 * 86_400_000 + 4 * 3_600_000)).toBe('3 d 4 h');
  });
});

describe('formatAge', () => {
  it('reads "just now" for under a second and for clock skew into the future', () => {
    expect(formatAge(10_000, 10_500)).toBe('just now');
    expect(formatAge(20_000, 10_000)).toBe('just now');
    expect(formatAge(10_000, 13_000)).toBe('3 s ago');
  });
});

describe('formatLatency', () => {
  it('never invents a number for a poll without an answer', () => {
    expect(formatLatency(null)).toBe('—');
    expect(formatLatency(12.4)).toBe('12 ms');
    expect(formatLatency(1_250)).toBe('1.25 s');
  });
});

describe('formatEvidenceValue', () => {
  it('shows strings as they are and everything else as JSON text', () => {
    expect(formatEvidenceValue('<img src=x onerror=alert(1)>')).toBe('<img src=x onerror=alert(1)>');
    expect(formatEvidenceValue(3)).toBe('3');
    expect(formatEvidenceValue({ from: 'best', to: null })).toBe('{"from":"best","to":null}');
    expect(formatEvidenceValue(undefined)).toBe('—');
  });
});

describe('namesWithMore', () => {
  it('lists a few names in full and counts the rest', () => {
    expect(namesWithMore(['a', 'b'])).toBe('a, b');
    expect(namesWithMore(Array.from({ length: 5000 }, (_, i) => `n${i}`), 2)).toBe('n0, n1 and 4,998 more');
    // The server names the first few and counts the rest.
    expect(namesWithMore(['n0', 'n1', 'n2'], 3, 5000)).toBe('n0, n1, n2 and 4,997 more');
    expect(namesWithMore(['n0', 'n1'], 12, 2)).toBe('n0, n1');
  });
});

describe('formatClock and formatDateTime', () => {
  it('write the midnight hour as 00, never 24 (hour12: false does in some ICU versions)', () => {
    const justAfterMidnight = new Date(2026, 11, 5, 0, 5, 7).getTime();
    expect(formatClock(justAfterMidnight)).toMatch(/^00:05:07$/);
    expect(formatDateTime(justAfterMidnight)).toContain('00:05:07');
    expect(formatClock(new Date(2026, 11, 5, 23, 59, 59).getTime())).toMatch(/^23:59:59$/);
  });
});
