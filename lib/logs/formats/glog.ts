import type { LogLevel } from '@/lib/contract/admin-v1';
import { fractionToMicros, rawLine, resolveYearless, wallClockToEpoch } from './text';
import type { LineParser } from './types';

/**
 * glog, as Pika writes it: `W20240617 02:46:19.710453 297 rsync_client.cc:276] <message>`
 * (level letter I/W/E/F, date yyyymmdd — classic glog writes mmdd without the
 * year, also accepted — time, thread id, file:line, "] ", message).
 * Source: google/glog src/logging.cc LogMessage::Init (the prefix), Pika
 * src/rsync_client.cc and src/pika_repl_client_conn.cc (the messages).
 */
const GLOG = /^([IWEF])(\d{4})?(\d{2})(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?\s+(\d+) ([^:\]\s]+):(\d+)\] ?([\s\S]*)$/;

const LEVEL: Record<string, LogLevel> = { I: 'info', W: 'warn', E: 'error', F: 'error' };

export const parseGlog: LineParser = (text, context) => {
  const match = GLOG.exec(text);
  if (!match) return rawLine(text, context);
  const [, letter, yearText, month, day, hour, minute, second, fraction, thread, file, line, message] = match;
  const clock = {
    month: Number(month),
    day: Number(day),
    hour: Number(hour),
    minute: Number(minute),
    second: Number(second),
    micros: fractionToMicros(fraction),
  };
  const at = yearText
    ? wallClockToEpoch({ year: Number(yearText), ...clock }, context.utcOffsetMinutes)
    : resolveYearless(clock, context);
  if (!Number.isFinite(at)) return rawLine(text, context);
  return {
    ts: new Date(at).toISOString(),
    tsFromLine: true,
    level: LEVEL[letter],
    component: file,
    message,
    fields: { thread, source: `${file}:${line}`, ...(letter === 'F' ? { fatal: 'true' } : {}) },
    parsed: true,
    truncated: false,
  };
};
