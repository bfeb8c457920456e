import type { LogLevel } from '@/lib/contract/admin-v1';
import type { ParseContext, ParsedLine } from './types';

/** ANSI escape sequences (CSI colours and cursor moves, OSC titles): terminals' business, not the operator's. */
 
const ANSI = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[@-Z\\-_]/g;

export function stripAnsi(text: string): string {
  return text.includes('\u001b') ? text.replace(ANSI, '') : text;
}

export const TRUNCATION_MARKER = ' …[cut: line longer than the limit]';

/** A parsed line for text no format rule matched: kept whole, level unknown, time of arrival. */
export function rawLine(text: string, context: ParseContext, truncated = false): ParsedLine {
  return {
    ts: new Date(context.receivedAt).toISOString(),
    tsFromLine: false,
    level: 'unknown',
    component: null,
    message: text,
    fields: {},
    parsed: false,
    truncated,
  };
}

/** Level words as logrus, zap, slog, bunyan-style and syslog write them. */
const LEVEL_WORDS: Record<string, LogLevel> = {
  trace: 'debug',
  trac: 'debug',
  debug: 'debug',
  debu: 'debug',
  dbug: 'debug',
  dbg: 'debug',
  info: 'info',
  inf: 'info',
  notice: 'info',
  warn: 'warn',
  warning: 'warn',
  wrn: 'warn',
  error: 'error',
  erro: 'error',
  err: 'error',
  eror: 'error',
  fatal: 'error',
  fata: 'error',
  crit: 'error',
  critical: 'error',
  alert: 'error',
  emerg: 'error',
  panic: 'error',
  pani: 'error',
};

/** A level word, any case; null when it is not one (the caller decides what unknown means). */
export function levelFromWord(word: string): LogLevel | null {
  return LEVEL_WORDS[word.trim().toLowerCase()] ?? null;
}

/**
 * Go prints a []byte as "[47 49 50]". When every byte is printable UTF-8 text
 * the decoded string is what the operator wants to read (go-quai prints peer
 * DB keys this way); otherwise null and the value stays as printed.
 */
export function decodeGoBytes(value: string): string | null {
  const match = /^\[(\d{1,3}(?: \d{1,3})*)\]$/.exec(value.trim());
  if (!match) return null;
  const bytes = match[1].split(' ').map(Number);
  if (bytes.some((byte) => byte > 255)) return null;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(bytes));
  } catch {
    return null;
  }
  // Control characters mean it was binary after all.
   
  return /[\u0000-\u0008\u000b-\u001f\u007f]/.test(text) ? null : text;
}

/**
 * Wall-clock fields of a stamp written in the writer's local time, to epoch ms.
 * Returns NaN for an impossible date (month 13, 31 February).
 */
export function wallClockToEpoch(
  parts: { year: number; month: number; day: number; hour: number; minute: number; second: number; micros: number },
  utcOffsetMinutes: number,
): number {
  const { year, month, day, hour, minute, second, micros } = parts;
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return Number.NaN;
  const utc = Date.UTC(year, month - 1, day, hour, minute, second, Math.floor(micros / 1000));
  const check = new Date(utc);
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return Number.NaN;
  return utc - utcOffsetMinutes * 60_000;
}

/** How far ahead of the receive time a year-less stamp may be (clock skew) before it is read as last year's. */
const FUTURE_TOLERANCE_MS = 24 * 3600_000;

/**
 * A stamp without a year (logrus `01-02|15:04:05.000`, classic glog `mmdd`)
 * belongs to the receive time's year, unless that puts it more than a day in
 * the future: then it was written last year (a December line read in January).
 */
export function resolveYearless(
  parts: { month: number; day: number; hour: number; minute: number; second: number; micros: number },
  context: ParseContext,
): number {
  const receivedYear = new Date(context.receivedAt + context.utcOffsetMinutes * 60_000).getUTCFullYear();
  const thisYear = wallClockToEpoch({ year: receivedYear, ...parts }, context.utcOffsetMinutes);
  if (Number.isFinite(thisYear) && thisYear - context.receivedAt <= FUTURE_TOLERANCE_MS) return thisYear;
  const lastYear = wallClockToEpoch({ year: receivedYear - 1, ...parts }, context.utcOffsetMinutes);
  // 29 February of a year that has none: the year before that may still be right, or nothing is.
  return Number.isFinite(lastYear) ? lastYear : thisYear;
}

/** Micro- or milli-seconds text ("710453", "892") as microseconds. */
export function fractionToMicros(fraction: string | undefined): number {
  if (!fraction) return 0;
  return Number(fraction.slice(0, 6).padEnd(6, '0'));
}
