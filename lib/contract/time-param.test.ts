import { describe, expect, it } from 'vitest';
import { momentParam, parseMoment } from './time-param';

describe('?at= moments', () => {
  it('reads milliseconds and RFC 3339 with a zone', () => {
    expect(parseMoment('1768014720000')).toBe(1768014720000);
    expect(parseMoment('2026-01-10T03:12:00Z')).toBe(Date.UTC(2026, 0, 10, 3, 12));
    expect(parseMoment('2026-01-10T04:12:00.5+01:00')).toBe(Date.UTC(2026, 0, 10, 3, 12, 0, 500));
  });

  it('refuses text without a zone, garbage and the future', () => {
    expect(parseMoment('2026-01-10 03:12')).toBeNull();
    expect(parseMoment('yesterday')).toBeNull();
    expect(parseMoment('<script>')).toBeNull();
    expect(momentParam.safeParse(String(Date.now() + 3_600_000)).success).toBe(false);
    expect(momentParam.safeParse(undefined)).toEqual({ success: true, data: undefined });
  });
});
