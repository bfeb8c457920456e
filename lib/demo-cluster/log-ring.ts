import type { LogEntry, LogLevel, LogsDoc } from '@/lib/contract/admin-v1';
import { isoTime } from './clock';

export type LogLine = {
  level: LogLevel;
  component: string;
  message: string;
  code?: string;
  subject?: string;
  transient?: LogEntry['transient'];
};

export const LOG_RING_CAPACITY = 5000;
export const LOGS_DEFAULT_LIMIT = 500;
export const LOGS_MAX_LIMIT = 10_000;

/**
 * One node's log buffer: bounded, cursors from 1 within one epoch. A restart
 * makes a new ring with a new epoch, as a real process loses its memory.
 */
export class LogRing {
  private readonly entries: LogEntry[] = [];
  private lastCursor = 0;

  constructor(
    readonly epoch: string,
    private readonly capacity = LOG_RING_CAPACITY,
  ) {}

  append(at: number, line: LogLine): LogEntry {
    const entry: LogEntry = {
      cursor: ++this.lastCursor,
      ts: isoTime(at),
      level: line.level,
      component: line.component,
      message: line.message,
      ...(line.code !== undefined ? { code: line.code } : {}),
      ...(line.subject !== undefined ? { subject: line.subject } : {}),
      ...(line.transient !== undefined ? { transient: line.transient } : {}),
    };
    this.entries.push(entry);
    // Drop in batches so a full ring does not shift the array on every line.
    if (this.entries.length > this.capacity + 256) this.entries.splice(0, this.entries.length - this.capacity);
    return entry;
  }

  get size(): number {
    return Math.min(this.entries.length, this.capacity);
  }

  get newestCursor(): number {
    return this.lastCursor;
  }

  private get oldestIndex(): number {
    return Math.max(0, this.entries.length - this.capacity);
  }

  /** Entries with cursor > after (after = 0: from the oldest still held), at most `limit`. */
  read(after: number, limit: number): LogsDoc {
    const start = this.oldestIndex;
    const oldestCursor = start < this.entries.length ? this.entries[start].cursor : this.lastCursor + 1;
    const dropped = after > 0 && after < oldestCursor - 1 ? oldestCursor - 1 - after : 0;
    // Cursors are consecutive, so the first wanted entry's index is arithmetic.
    const firstIndex = Math.max(start, start + (after + 1 - oldestCursor));
    const page = this.entries.slice(firstIndex, firstIndex + limit);
    const nextCursor = page.length > 0 ? page[page.length - 1].cursor : Math.min(after, this.lastCursor);
    return {
      epoch: this.epoch,
      entries: page,
      nextCursor,
      hasMore: firstIndex + page.length < this.entries.length,
      dropped,
    };
  }
}
