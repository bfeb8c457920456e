/**
 * Times a node sends are claims, not facts. One is usable only if it parses
 * and lies within this window of the collector's clock: a clock years off, or
 * a date at the edge of what JavaScript can represent, is not a time we can
 * compute with (adding a clock offset to it may leave the Date range).
 */
export const NODE_TIME_WINDOW_MS = 10 * 365.25 * 24 * 3600 * 1000;

/** What a rejected required time reads as: it does not parse, so every consumer treats it as not known. */
export const UNKNOWN_TIME = 'unknown';

/** Milliseconds since epoch for a node-written time, or null when it does not parse or lies outside the window. */
export function nodeTimeMs(text: string | null | undefined, referenceMs: number): number | null {
  if (typeof text !== 'string' || text.length === 0 || text.length > 64) return null;
  const parsed = Date.parse(text);
  if (!Number.isFinite(parsed) || !Number.isFinite(referenceMs)) return null;
  return Math.abs(parsed - referenceMs) <= NODE_TIME_WINDOW_MS ? parsed : null;
}

/** A node-derived instant as RFC 3339, or "unknown" when it lies outside what a Date can hold (toISOString would throw). */
export function isoOrUnknown(ms: number): string {
  const date = new Date(ms);
  return Number.isFinite(date.getTime()) ? date.toISOString() : UNKNOWN_TIME;
}
