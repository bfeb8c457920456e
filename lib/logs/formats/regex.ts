import { parseStamp } from './stamps';
import { levelFromWord, rawLine } from './text';
import type { LineParser } from './types';

/**
 * A user pattern with named groups, like Promtail's `regex` stage. Groups with
 * these names have a meaning: `time` (or `ts`), `level`, `message` (or `msg`),
 * `component`; every other named group becomes a field. A line the pattern
 * does not match is kept raw with level `unknown`.
 */
export function regexParser(pattern: string): LineParser {
  const regex = new RegExp(pattern);
  return (text, context) => {
    const match = regex.exec(text);
    if (!match?.groups) return rawLine(text, context);
    const { time, ts, level, message, msg, component, ...rest } = match.groups;
    const stamp = time ?? ts;
    const at = stamp === undefined ? null : parseStamp(stamp, context);
    const fields: Record<string, string> = {};
    for (const [key, value] of Object.entries(rest)) if (value !== undefined) fields[key] = value;
    return {
      ts: new Date(at ?? context.receivedAt).toISOString(),
      tsFromLine: at !== null,
      level: (level === undefined ? null : levelFromWord(level)) ?? 'unknown',
      component: component ?? null,
      message: message ?? msg ?? text,
      fields,
      parsed: true,
      truncated: false,
    };
  };
}
