import type { LogLevel } from '@/lib/contract/admin-v1';

/**
 * One log record after parsing, whatever its format. `parsed: false` means no
 * format rule matched: the text is kept whole, its level is `unknown` and its
 * time is when it arrived — nothing is guessed.
 */
export type ParsedLine = {
  /** RFC 3339 in UTC; the receive time when the line has no readable time of its own. */
  ts: string;
  /** True when `ts` came from the line itself, false when it is the receive time. */
  tsFromLine: boolean;
  level: LogLevel;
  /** What wrote it, when the format says (glog: the source file; logrus/JSON: a component field). */
  component: string | null;
  /** The message as the operator should read it (fields follow it for logrus). */
  message: string;
  /** key=value fields (logrus), top-level scalars (JSON), named groups (regex); Go byte slices decoded. */
  fields: Record<string, string>;
  parsed: boolean;
  /** The record was longer than the line limit and was cut (the message ends with a marker). */
  truncated: boolean;
};

export type ParseContext = {
  /** When the line arrived (ms since epoch): the fallback time, and the anchor for year-less stamps. */
  receivedAt: number;
  /** Minutes east of UTC of the writer's clock, for formats that print local time without a zone. */
  utcOffsetMinutes: number;
};

export type LineParser = (text: string, context: ParseContext) => ParsedLine;
