import type { LogFormat } from '../config';
import type { LogRecord } from '../records';
import { parseGlog } from './glog';
import { parseJsonLine } from './json';
import { parseLogrus } from './logrus';
import { regexParser } from './regex';
import { rawLine, stripAnsi, TRUNCATION_MARKER } from './text';
import type { LineParser, ParseContext, ParsedLine } from './types';

export type { LineParser, ParseContext, ParsedLine } from './types';

const parseRaw: LineParser = (text, context) => rawLine(stripAnsi(text), context);

export function parserFor(format: LogFormat): LineParser {
  if (typeof format === 'object') return regexParser(format.regex);
  switch (format) {
    case 'glog':
      return parseGlog;
    case 'logrus':
      return parseLogrus;
    case 'json':
      return parseJsonLine;
    case 'raw':
      return parseRaw;
    default: {
      const never: never = format;
      throw new Error(`unhandled log format ${String(never)}`);
    }
  }
}

/** A Go crash report read as it is: the runtime's own words, so its level is error, not a guess. */
function goPanicLine(record: LogRecord, context: ParseContext): ParsedLine {
  return { ...rawLine(record.text, context, record.truncated), level: 'error', component: 'go-runtime', parsed: true };
}

/** One record through its source's parser; a cut record says so at the end of its message. */
export function parseRecord(parser: LineParser, record: LogRecord, utcOffsetMinutes: number): ParsedLine {
  const context: ParseContext = { receivedAt: record.receivedAt, utcOffsetMinutes };
  if (record.goPanic) return goPanicLine(record, context);
  const parsed = parser(record.text, context);
  if (!record.truncated) return parsed;
  return { ...parsed, truncated: true, message: parsed.message + TRUNCATION_MARKER };
}
