import { fractionToMicros, resolveYearless, wallClockToEpoch } from './text';
import type { ParseContext } from './types';

/**
 * Time stamps as the seed systems and common shippers print them, to epoch ms;
 * null when the text is none of them (the caller falls back to the receive time).
 * Stamps without a zone are the writer's local time (`utcOffsetMinutes`);
 * stamps without a year are resolved against the receive time.
 */

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** go-quai / geth style `01-02|15:04:05.000` (no year). */
const QUAI = /^(\d{2})-(\d{2})\|(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?$/;
/** glog `20240617 02:46:19.710453` or `0617 02:46:19.710453`. */
const GLOG = /^(\d{4})?(\d{2})(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?$/;
/** BSD syslog `Jun 17 02:46:19` (no year, day space-padded). */
const BSD = /^([A-Za-z]{3}) {1,2}(\d{1,2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?$/;
/** Date and time with an explicit zone or none: `2024-06-17T02:46:19Z`, `2024-06-17 02:46:19.1+02:00`. */
const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,9}))?(Z|[+-]\d{2}:?\d{2})?$/i;

function finite(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}

export function parseStamp(input: string, context: ParseContext): number | null {
  const text = input.trim();
  let match = ISO.exec(text);
  if (match) {
    const [, year, month, day, hour, minute, second, fraction, zone] = match;
    const clock = { year: Number(year), month: Number(month), day: Number(day), hour: Number(hour), minute: Number(minute), second: Number(second), micros: fractionToMicros(fraction) };
    let offset = context.utcOffsetMinutes;
    if (zone) {
      if (zone.toUpperCase() === 'Z') offset = 0;
      else {
        const digits = zone.replace(':', '');
        offset = (digits[0] === '-' ? -1 : 1) * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5)));
      }
    }
    return finite(wallClockToEpoch(clock, offset));
  }
  match = QUAI.exec(text);
  if (match) {
    const [, month, day, hour, minute, second, fraction] = match;
    return finite(resolveYearless({ month: Number(month), day: Number(day), hour: Number(hour), minute: Number(minute), second: Number(second), micros: fractionToMicros(fraction) }, context));
  }
  match = GLOG.exec(text);
  if (match) {
    const [, year, month, day, hour, minute, second, fraction] = match;
    const clock = { month: Number(month), day: Number(day), hour: Number(hour), minute: Number(minute), second: Number(second), micros: fractionToMicros(fraction) };
    return finite(year ? wallClockToEpoch({ year: Number(year), ...clock }, context.utcOffsetMinutes) : resolveYearless(clock, context));
  }
  match = BSD.exec(text);
  if (match) {
    const month = MONTHS.indexOf(match[1].toLowerCase()) + 1;
    if (month === 0) return null;
    const [, , day, hour, minute, second, fraction] = match;
    return finite(resolveYearless({ month, day: Number(day), hour: Number(hour), minute: Number(minute), second: Number(second), micros: fractionToMicros(fraction) }, context));
  }
  if (/^\d{10}(?:\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  if (/^\d{13}$/.test(text)) return Number(text);
  return null;
}
