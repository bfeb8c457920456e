import type { LogEntry, LogsDoc } from '@/lib/contract/admin-v1';
import type { LogPosition } from '@/lib/adapters/types';
import { intern } from './intern';
import { Ring } from './ring';

export type StoredLogLine = LogEntry & {
  /** Target id of the node that logged it. */
  node: string;
  /** Global, strictly increasing across all nodes: the order lines arrived in. */
  seq: number;
  receivedAt: number;
};

export type LogStoreStats = {
  retained: number;
  retention: number;
  /** Lines we pushed out to stay within retention. */
  droppedByRetention: number;
  /** Lines nodes told us they no longer had when we asked (their own buffer rolled over). */
  droppedAtSource: number;
  /** Node restarts seen as a new log epoch. */
  epochChanges: number;
};

/**
 * Every stored line gets the same fields in the same order, so 100,000 of them
 * share one hidden class (a spread of the parsed entry gave each line its own,
 * ~200 bytes apiece). Repeated short texts are interned.
 */
function storedLine(entry: LogEntry, node: string, seq: number, receivedAt: number): StoredLogLine {
  return {
    cursor: entry.cursor,
    ts: entry.ts,
    level: entry.level,
    component: intern(entry.component),
    code: entry.code === undefined ? undefined : intern(entry.code),
    subject: entry.subject === undefined ? undefined : intern(entry.subject),
    message: entry.message,
    transient: entry.transient,
    node,
    seq,
    receivedAt,
  };
}

/**
 * One bounded stream of log lines from every node. Per node it remembers where
 * it is ({epoch, cursor}), so each poll asks only for what is new; a new epoch
 * (node restarted, its cursors began again) is read from its start without
 * duplicating or losing lines.
 */
export class LogStore {
  private readonly ring: Ring<StoredLogLine>;
  private readonly positions = new Map<string, NonNullable<LogPosition>>();
  private readonly morePending = new Map<string, boolean>();
  private nextSeq = 1;
  private droppedByRetention = 0;
  private droppedAtSource = 0;
  private epochChanges = 0;

  constructor(readonly retention: number) {
    this.ring = new Ring(retention);
  }

  position(node: string): LogPosition {
    return this.positions.get(node) ?? null;
  }

  /** Adds what one poll read; returns how many lines were new. */
  ingest(node: string, doc: LogsDoc, receivedAt: number): number {
    const previous = this.positions.get(node);
    const sameEpoch = previous !== undefined && previous.epoch === doc.epoch;
    if (previous !== undefined && !sameEpoch) this.epochChanges += 1;
    // A new epoch is read from its very first entry, whether the node numbers from 0 or from 1.
    const after = sameEpoch ? previous.cursor : -1;
    let cursor = after;
    let added = 0;
    for (const entry of doc.entries) {
      // Entries at or before our position were already stored (a retried page, an overlapping answer).
      if (entry.cursor <= cursor) continue;
      cursor = entry.cursor;
      const evicted = this.ring.push(storedLine(entry, node, this.nextSeq, receivedAt));
      this.nextSeq += 1;
      added += 1;
      if (evicted) this.droppedByRetention = saturatingAdd(this.droppedByRetention, 1);
    }
    this.droppedAtSource = saturatingAdd(this.droppedAtSource, doc.dropped);
    this.positions.set(node, { epoch: doc.epoch, cursor: Math.max(cursor, doc.nextCursor) });
    this.morePending.set(node, doc.hasMore);
    return added;
  }

  /**
   * Adds lines a node did not serve through a cursor (log files, syslog): the
   * source itself makes sure each line comes once, so there is no position to
   * keep. They join the same stream, numbered by seq like every other line.
   * Returns the seqs given, in order, so evidence can link to its lines.
   */
  append(node: string, entries: ReadonlyArray<Omit<LogEntry, 'cursor'>>, receivedAt: number): number[] {
    const seqs: number[] = [];
    for (const entry of entries) {
      const seq = this.nextSeq;
      const evicted = this.ring.push({ ...entry, cursor: seq, node, seq, receivedAt });
      this.nextSeq += 1;
      if (evicted) this.droppedByRetention += 1;
      seqs.push(seq);
    }
    return seqs;
  }

  /** Oldest → newest. */
  lines(): StoredLogLine[] {
    return this.ring.toArray();
  }

  /** Lines with seq greater than `seq`, oldest → newest (for incremental consumers; runs every cycle). */
  sinceSeq(seq: number): StoredLogLine[] {
    // Seqs increase along the ring: binary search, then copy only the new tail.
    let low = 0;
    let high = this.ring.size;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((this.ring.at(middle) as StoredLogLine).seq <= seq) low = middle + 1;
      else high = middle;
    }
    return this.ring.sliceFrom(low);
  }

  lastSeq(): number {
    return this.nextSeq - 1;
  }

  dropped(): number {
    return saturatingAdd(this.droppedByRetention, this.droppedAtSource);
  }

  /** Node → true when the node said more lines are waiting past what we read. */
  pending(): Record<string, boolean> {
    return Object.fromEntries(this.morePending);
  }

  stats(): LogStoreStats {
    return {
      retained: this.ring.size,
      retention: this.retention,
      droppedByRetention: this.droppedByRetention,
      droppedAtSource: this.droppedAtSource,
      epochChanges: this.epochChanges,
    };
  }
}

/**
 * Counters stop at the largest exact integer instead of growing past it: a node may
 * claim any count, and a count that silently loses exactness is worse than one that
 * visibly stops at its maximum.
 */
export function saturatingAdd(a: number, b: number): number {
  const sum = a + (Number.isFinite(b) && b > 0 ? b : 0);
  return sum >= Number.MAX_SAFE_INTEGER ? Number.MAX_SAFE_INTEGER : sum;
}
