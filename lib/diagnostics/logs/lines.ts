import { type LogEntry, type LogLevel } from '@/lib/contract/admin-v1';


/** A stored log line, its class vocabulary and when it happened. */

/** One line as the log store keeps it. */
export type LogLine = LogEntry & { node: string; seq: number; receivedAt: number };

/**
 * Lines read in order, oldest → newest, without an object made per line (the
 * log store keeps them in columns). `scan` may pass the same object for every
 * line, filled anew each time: a reader keeps the index, never the object.
 */
export type LineSource = {
  readonly size: number;
  scan(visit: (line: LogLine, index: number) => void): void;
  lineAt(index: number): LogLine;
};

export function arrayLineSource(lines: readonly LogLine[]): LineSource {
  return {
    size: lines.length,
    scan: (visit) => lines.forEach(visit),
    lineAt: (index) => lines[index],
  };
}

export const LOG_CLASSES = ['transient', 'persistent'] as const;
export type LogClass = (typeof LOG_CLASSES)[number];

/** Why a group got its class, in the operator's words (shown next to the class). */
export type LogClassReason = 'stopped' | 'recovered' | 'hinted' | 'recurring' | 'periodic';

// A line of unknown level is listed, never grouped: its severity is not known, and not guessed.
export const LEVEL_RANK: Record<LogLevel, number> = { unknown: -1, debug: 0, info: 1, warn: 2, error: 3 };

/** Levels that are grouped and classified; debug and info lines are only listed. */
export function isGroupedLevel(level: LogLevel): boolean {
  return LEVEL_RANK[level] >= LEVEL_RANK.warn;
}


/** When the line happened: the node's timestamp, or when it arrived if the node's stamp is unreadable. */
export function lineTime(line: LogLine): number {
  const parsed = Date.parse(line.ts);
  return Number.isFinite(parsed) ? parsed : line.receivedAt;
}
