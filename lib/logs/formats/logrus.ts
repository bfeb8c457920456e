import type { LogLevel } from '@/lib/contract/admin-v1';
import { pairAt, pairsToEnd, splitTrailingPairs, type Pair } from './logfmt';
import { parseStamp } from './stamps';
import { decodeGoBytes, levelFromWord, rawLine, stripAnsi } from './text';
import type { LineParser, ParseContext, ParsedLine } from './types';

/**
 * logrus TextFormatter, both of its shapes (sirupsen/logrus text_formatter.go):
 *
 * - terminal / ForceColors (go-quai's stdout and the example in go-quai issue
 *   #1800): `ERROR  [05-29|16:52:10.892] Error reading the key from the peer db        key="[47 49 …]"`
 *   — level upper-case, padded (PadLevelText) or cut to 4 letters, the stamp
 *   in brackets (go-quai's `01-02|15:04:05.000`, RFC 3339, or seconds since
 *   start `0000`), the message padded to 44, then `key=value` fields;
 * - plain / no TTY (go-quai's log files through lumberjack, log/options.go):
 *   `time="2024-05-29T16:52:10Z" level=error msg="Error reading …" key="[47 49 …]"`.
 *
 * ANSI colours are stripped. Field values that are Go byte slices holding
 * text are decoded, in `fields` and in the message the operator reads.
 */
const BRACKETED = /^([A-Za-z]{4,7})\s*\[([^\]]*)\]\s?([\s\S]*)$/;
function stampToEpoch(stamp: string, context: ParseContext): number | null {
  // Seconds since start (`[0000]`, logrus without FullTimestamp) is not a time of day: only dated stamps count.
  return /^\d{4,}$/.test(stamp) ? null : parseStamp(stamp, context);
}

/** Fields as the operator reads them: byte slices that hold text decoded, and the rendered "k=v" text. */
function readPairs(pairs: readonly Pair[]): { fields: Record<string, string>; text: string } {
  const fields: Record<string, string> = {};
  const rendered: string[] = [];
  for (const pair of pairs) {
    const decoded = decodeGoBytes(pair.value);
    const value = decoded ?? pair.value;
    fields[pair.key] = value;
    rendered.push(`${pair.key}=${decoded !== null || pair.quoted || /\s/.test(value) ? JSON.stringify(value) : value}`);
  }
  return { fields, text: rendered.join(' ') };
}

function withFields(message: string, fieldsText: string): string {
  return fieldsText ? (message ? `${message}  ${fieldsText}` : fieldsText) : message;
}

function componentOf(fields: Record<string, string>): string | null {
  return fields.component ?? fields.module ?? fields.logger ?? null;
}

function parseBracketed(text: string, context: ParseContext): ParsedLine | null {
  const match = BRACKETED.exec(text);
  if (!match) return null;
  const level: LogLevel | null = levelFromWord(match[1]);
  if (!level) return null;
  const at = stampToEpoch(match[2].trim(), context);
  const { message, pairs } = splitTrailingPairs(match[3]);
  const { fields, text: fieldsText } = readPairs(pairs);
  return {
    ts: new Date(at ?? context.receivedAt).toISOString(),
    tsFromLine: at !== null,
    level,
    component: componentOf(fields),
    message: withFields(message.trim(), fieldsText),
    fields,
    parsed: true,
    truncated: false,
  };
}

function parsePlain(text: string, context: ParseContext): ParsedLine | null {
  const first = pairAt(text, 0);
  if (!first || (first.key !== 'time' && first.key !== 'level')) return null;
  const pairs = pairsToEnd(text, 0);
  if (!pairs) return null;
  const own = new Map(pairs.map((pair) => [pair.key, pair.value]));
  const levelText = own.get('level');
  const level = levelText === undefined ? null : levelFromWord(levelText);
  if (!level) return null;
  const timeText = own.get('time');
  const at = timeText === undefined ? null : stampToEpoch(timeText, context);
  const rest = pairs.filter((pair) => pair.key !== 'time' && pair.key !== 'level' && pair.key !== 'msg');
  const { fields, text: fieldsText } = readPairs(rest);
  return {
    ts: new Date(at ?? context.receivedAt).toISOString(),
    tsFromLine: at !== null,
    level,
    component: componentOf(fields),
    message: withFields((own.get('msg') ?? '').trim(), fieldsText),
    fields,
    parsed: true,
    truncated: false,
  };
}

export const parseLogrus: LineParser = (input, context) => {
  const text = stripAnsi(input);
  return parseBracketed(text, context) ?? parsePlain(text, context) ?? rawLine(text, context);
};
