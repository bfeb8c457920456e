import { z } from '@/lib/contract/zod';

const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;

/** A duration written as milliseconds (number) or as text like "500ms", "5s", "2m", "1h". */
export function durationSchema(min: number, max: number) {
  return z
    .union([
      z.number({ error: 'expected a duration: milliseconds as a number, or text like "5s"' }),
      z.string().regex(/^\s*\d+(\.\d+)?\s*(ms|s|m|h)\s*$/, {
        error: 'expected a duration like "500ms", "5s", "2m" or "1h"',
      }),
    ])
    .transform((value) => (typeof value === 'number' ? value : parseDuration(value)))
    .pipe(
      z
        .number()
        .min(min, { error: `expected at least ${min} ms` })
        .max(max, { error: `expected at most ${max} ms` }),
    );
}

export function parseDuration(text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)\s*$/.exec(text);
  if (!match) return Number.NaN;
  return Math.round(Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS]);
}
