import { z } from './zod';

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** Parses `?at=` text: milliseconds since the epoch, or an RFC 3339 time with its zone. Null when neither. */
export function parseMoment(text: string): number | null {
  const trimmed = text.trim();
  if (/^\d{1,15}$/.test(trimmed)) return Number(trimmed);
  if (!RFC3339.test(trimmed)) return null;
  const ms = Date.parse(trimmed);
  return Number.isNaN(ms) ? null : ms;
}

/** A past moment in a query (`at`, `compare`): ms or RFC 3339, never in the future. */
export const momentParam = z
  .string()
  .transform((text, ctx) => {
    const ms = parseMoment(text);
    if (ms === null) {
      ctx.addIssue({ code: 'custom', message: 'expected a time: milliseconds since 1970, or RFC 3339 like 2026-01-10T03:12:00Z' });
      return z.NEVER;
    }
    // A minute of clock skew between the browser and the server is allowed.
    if (ms > Date.now() + 60_000) {
      ctx.addIssue({ code: 'custom', message: 'expected a time that is not in the future' });
      return z.NEVER;
    }
    return ms;
  })
  .optional();
