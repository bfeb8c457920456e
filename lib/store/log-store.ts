import { LOG_LEVELS, type LogEntry, type LogsDoc } from '@/lib/contract/admin-v1';
import type { LogPosition } from '@/lib/adapters/types';
import type { LineSource } from '@/lib/diagnostics/logs/lines';
import { intern } from './intern';

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

type Transient = NonNullable<LogEntry['transient']>;
/** A level the schema let through is always known; anything else is stored as what it is to us: unknown. */
function levelIndex(level: LogEntry['level']): number {
  const index = LOG_LEVELS.indexOf(level);
  return index >= 0 ? index : LOG_LEVELS.indexOf('unknown');
}

/**
 * The time an ISO text stands for when the text is exactly what toISOString()
 * makes of it (`2026-12-05T06:08:41.936Z`, what most nodes send), else NaN:
 * such a ts is kept as 8 bytes and made again when read, instead of a 40-byte
 * string a line (4 MB of 100,000 lines). Any other text is kept as it is.
 */
function exactIsoTime(ts: string): number {
  if (ts.length !== 24 || ts.charCodeAt(23) !== 90 /* Z */) return Number.NaN;
  const ms = Date.parse(ts);
  return Number.isFinite(ms) && new Date(ms).toISOString() === ts ? ms : Number.NaN;
}

/** Index 0 stands for "no hint". */
const TRANSIENT_HINTS: readonly (Transient | undefined)[] = [undefined, 'retried', 'recovered', 'hinted'];

/**
 * The retained lines in columns, one slot per line: numbers in typed arrays,
 * level and hint as bytes, texts as references (repeated ones interned). A
 * line costs ~74 bytes beside its texts here, where an object per line cost
 * ~128 (the object, and a box for its arrival time): ~5 MB less for 100,000
 * lines; a ts in ISO form is kept as its time (exactIsoTime), 4 MB less.
 * Lines are made as objects only for callers that keep them (new lines each
 * cycle, a page of the filter); the filter's pass over every line reads them
 * in place (scan).
 */
class LineColumns {
  readonly seq: Float64Array;
  readonly cursor: Float64Array;
  readonly receivedAt: Float64Array;
  readonly level: Uint8Array;
  readonly transient: Uint8Array;
  /** The line's ts as epoch ms when ts is exactly that time's ISO text (most lines), else NaN. */
  private readonly tsMs: Float64Array;
  /** The ts text of lines whose ts is not such a time; made at the first one. */
  private tsText: string[] | null = null;
  readonly message: string[];
  readonly node: string[];
  readonly component: string[];
  readonly code: (string | undefined)[];
  readonly subject: (string | undefined)[];
  private start = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error(`log retention must be a positive integer, got ${capacity}`);
    this.seq = new Float64Array(capacity);
    this.cursor = new Float64Array(capacity);
    this.receivedAt = new Float64Array(capacity);
    this.level = new Uint8Array(capacity);
    this.transient = new Uint8Array(capacity);
    this.tsMs = new Float64Array(capacity);
    this.message = new Array<string>(capacity).fill('');
    this.node = new Array<string>(capacity).fill('');
    this.component = new Array<string>(capacity).fill('');
    this.code = new Array<string | undefined>(capacity).fill(undefined);
    this.subject = new Array<string | undefined>(capacity).fill(undefined);
  }

  get size(): number {
    return this.count;
  }

  /** Appends one line; returns whether the oldest was pushed out to make room. */
  push(entry: LogEntry, node: string, seq: number, receivedAt: number): boolean {
    const full = this.count === this.capacity;
    const slot = full ? this.start : (this.start + this.count) % this.capacity;
    if (full) this.start = (this.start + 1) % this.capacity;
    else this.count += 1;
    this.seq[slot] = seq;
    this.cursor[slot] = entry.cursor;
    this.receivedAt[slot] = receivedAt;
    this.level[slot] = levelIndex(entry.level);
    this.transient[slot] = Math.max(0, TRANSIENT_HINTS.indexOf(entry.transient));
    const ms = exactIsoTime(entry.ts);
    this.tsMs[slot] = ms;
    if (Number.isNaN(ms)) (this.tsText ??= new Array<string>(this.capacity).fill(''))[slot] = entry.ts;
    // An older line's text in this slot is not read any more: let it go.
    else if (this.tsText) this.tsText[slot] = '';
    this.message[slot] = entry.message;
    this.node[slot] = node;
    this.component[slot] = intern(entry.component);
    this.code[slot] = entry.code === undefined ? undefined : intern(entry.code);
    this.subject[slot] = entry.subject === undefined ? undefined : intern(entry.subject);
    return full;
  }

  /** The line's ts as the node gave it. */
  tsAt(slot: number): string {
    const ms = this.tsMs[slot];
    return Number.isNaN(ms) ? this.tsText![slot] : new Date(ms).toISOString();
  }

  /** The seq of the line at `index`, 0 = oldest. */
  seqAt(index: number): number {
    return this.seq[(this.start + index) % this.capacity];
  }

  /** Oldest → newest, from `index` on, each line made as the object readers take. */
  linesFrom(index: number): StoredLogLine[] {
    const from = Math.max(0, index);
    const out: StoredLogLine[] = new Array(Math.max(0, this.count - from));
    for (let i = from; i < this.count; i += 1) out[i - from] = this.line((this.start + i) % this.capacity);
    return out;
  }

  /** The line at `index` (0 = oldest), made as an object. */
  lineAt(index: number): StoredLogLine {
    return this.line((this.start + index) % this.capacity);
  }

  /**
   * Oldest → newest through one reused cursor whose fields read the columns
   * when asked: reading all 100,000 lines makes no object per line, and a
   * filter that looks only at the level reads only the level.
   */
  scan(visit: (line: StoredLogLine, index: number) => void): void {
    const cursor = new LineCursor(this);
    for (let i = 0; i < this.count; i += 1) {
      cursor.slot = (this.start + i) % this.capacity;
      visit(cursor, i);
    }
  }

  /** Every line has the same fields in the same order, so all share one hidden class. */
  private line(slot: number): StoredLogLine {
    return {
      cursor: this.cursor[slot],
      ts: this.tsAt(slot),
      level: LOG_LEVELS[this.level[slot]],
      component: this.component[slot],
      code: this.code[slot],
      subject: this.subject[slot],
      message: this.message[slot],
      transient: TRANSIENT_HINTS[this.transient[slot]],
      node: this.node[slot],
      seq: this.seq[slot],
      receivedAt: this.receivedAt[slot],
    };
  }
}

/** One line of the columns, read field by field where it lies (LineColumns.scan moves it along). */
class LineCursor implements StoredLogLine {
  slot = 0;

  constructor(private readonly columns: LineColumns) {}

  get cursor(): number {
    return this.columns.cursor[this.slot];
  }
  get ts(): string {
    return this.columns.tsAt(this.slot);
  }
  get level(): StoredLogLine['level'] {
    return LOG_LEVELS[this.columns.level[this.slot]];
  }
  get component(): string {
    return this.columns.component[this.slot];
  }
  get code(): string | undefined {
    return this.columns.code[this.slot];
  }
  get subject(): string | undefined {
    return this.columns.subject[this.slot];
  }
  get message(): string {
    return this.columns.message[this.slot];
  }
  get transient(): StoredLogLine['transient'] {
    return TRANSIENT_HINTS[this.columns.transient[this.slot]];
  }
  get node(): string {
    return this.columns.node[this.slot];
  }
  get seq(): number {
    return this.columns.seq[this.slot];
  }
  get receivedAt(): number {
    return this.columns.receivedAt[this.slot];
  }
}

/**
 * One bounded stream of log lines from every node. Per node it remembers where
 * it is ({epoch, cursor}), so each poll asks only for what is new; a new epoch
 * (node restarted, its cursors began again) is read from its start without
 * duplicating or losing lines.
 */
export class LogStore {
  private readonly columns: LineColumns;
  private readonly positions = new Map<string, NonNullable<LogPosition>>();
  private readonly morePending = new Map<string, boolean>();
  private nextSeq = 1;
  private droppedByRetention = 0;
  private droppedAtSource = 0;
  private epochChanges = 0;

  constructor(readonly retention: number) {
    this.columns = new LineColumns(retention);
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
      const evicted = this.columns.push(entry, node, this.nextSeq, receivedAt);
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
   * keep. They join the same stream, numbered by seq like every other line
   * (which is also their cursor). Returns the seqs given, in order, so
   * evidence can link to its lines.
   */
  append(node: string, entries: ReadonlyArray<Omit<LogEntry, 'cursor'>>, receivedAt: number): number[] {
    const seqs: number[] = [];
    for (const entry of entries) {
      const seq = this.nextSeq;
      const evicted = this.columns.push({ ...entry, cursor: seq }, node, seq, receivedAt);
      this.nextSeq += 1;
      if (evicted) this.droppedByRetention += 1;
      seqs.push(seq);
    }
    return seqs;
  }

  /** Oldest → newest, each line made as an object: for the few callers that keep them all. */
  lines(): StoredLogLine[] {
    return this.columns.linesFrom(0);
  }

  /** The retained lines, read in place (the log filter's one pass over all of them). */
  lineSource(): LineSource {
    const columns = this.columns;
    return {
      size: columns.size,
      scan: (visit) => columns.scan(visit),
      lineAt: (index) => columns.lineAt(index),
    };
  }

  /** Lines with seq greater than `seq`, oldest → newest (for incremental consumers; runs every cycle). */
  sinceSeq(seq: number): StoredLogLine[] {
    // Seqs increase along the ring: binary search, then make only the new tail.
    let low = 0;
    let high = this.columns.size;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.columns.seqAt(middle) <= seq) low = middle + 1;
      else high = middle;
    }
    return this.columns.linesFrom(low);
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
      retained: this.columns.size,
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
