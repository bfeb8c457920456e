import { describe, expect, it } from 'vitest';
import type { LogEntry, LogsDoc } from '@/lib/contract/admin-v1';
import { filterLogs } from '@/lib/diagnostics/logs/filter';
import { LogStore } from './log-store';

function entry(cursor: number, message = `line ${cursor}`): LogEntry {
  return { cursor, ts: new Date(cursor * 1000).toISOString(), level: 'info', component: 'c', message };
}

function page(epoch: string, cursors: number[], extra: Partial<LogsDoc> = {}): LogsDoc {
  return { epoch, entries: cursors.map((c) => entry(c)), nextCursor: cursors.at(-1) ?? 0, hasMore: false, dropped: 0, ...extra };
}

describe('LogStore', () => {
  it('gives every ts back exactly as the node sent it, whether kept as a time or as text', () => {
    const store = new LogStore(1000);
    const texts = [
      '2026-12-05T06:08:41.936Z',
      '2026-12-05T06:08:41Z',
      '2026-12-05T06:08:41.936+00:00',
      'I1205 06:08:41.936',
      '+010000-01-01T00:00:00.000Z',
      '2026-02-30T00:00:00.000Z',
      '',
      '1970-01-01T00:00:00.000Z',
    ];
    store.append('n1', texts.map((ts) => ({ ts, level: 'info' as const, component: 'c', message: ts })), 1);
    expect(store.lines().map((line) => line.ts)).toEqual(texts);
    const seen: string[] = [];
    store.lineSource().scan((line) => seen.push(line.ts));
    expect(seen).toEqual(texts);
  });

  it('appends lines read from files or syslog into the same stream, leaving the node API position alone', () => {
    const store = new LogStore(1000);
    store.ingest('n1', page('e1', [1, 2]), 1);
    const fileLine = { ts: new Date(0).toISOString(), level: 'info' as const, component: 'c', message: 'from the log file' };
    expect(store.append('n1', [fileLine, fileLine], 2)).toEqual([3, 4]);
    expect(store.position('n1')).toEqual({ epoch: 'e1', cursor: 2 });
    expect(store.ingest('n1', page('e1', [3]), 3)).toBe(1);
    expect(store.lines().map((line) => [line.seq, line.message])).toEqual([
      [1, 'line 1'],
      [2, 'line 2'],
      [3, 'from the log file'],
      [4, 'from the log file'],
      [5, 'line 3'],
    ]);
    expect(store.sinceSeq(2).map((line) => line.seq)).toEqual([3, 4, 5]);
  });

  it('reads incrementally without duplicates when pages overlap', () => {
    const store = new LogStore(1000);
    expect(store.position('n1')).toBeNull();
    expect(store.ingest('n1', page('e1', [1, 2, 3]), 1)).toBe(3);
    expect(store.position('n1')).toEqual({ epoch: 'e1', cursor: 3 });
    expect(store.ingest('n1', page('e1', [2, 3, 4, 5]), 2)).toBe(2);
    expect(store.lines().map((line) => line.cursor)).toEqual([1, 2, 3, 4, 5]);
  });

  it('keeps reading after a node restart resets its cursor (new epoch)', () => {
    const store = new LogStore(1000);
    store.ingest('n1', page('e1', [1, 2, 3, 4]), 1);
    // Restarted: cursors start again at 1; none of these may be mistaken for duplicates.
    expect(store.ingest('n1', page('e2', [1, 2]), 2)).toBe(2);
    expect(store.position('n1')).toEqual({ epoch: 'e2', cursor: 2 });
    expect(store.lines().map((line) => line.message)).toEqual(['line 1', 'line 2', 'line 3', 'line 4', 'line 1', 'line 2']);
    expect(store.stats().epochChanges).toBe(1);
  });

  it('keeps the dropped counter exact: a node claiming nearly 2^53 dropped lines saturates it, never rounds it', () => {
    const store = new LogStore(1000);
    store.ingest('n1', page('e1', [1], { dropped: Number.MAX_SAFE_INTEGER - 1 }), 1);
    expect(store.dropped()).toBe(Number.MAX_SAFE_INTEGER - 1);
    store.ingest('n1', page('e1', [2], { dropped: 5 }), 2);
    store.ingest('n2', page('e1', [1], { dropped: Number.MAX_SAFE_INTEGER }), 3);
    expect(store.stats().droppedAtSource).toBe(Number.MAX_SAFE_INTEGER);
    expect(store.dropped()).toBe(Number.MAX_SAFE_INTEGER);
    expect(Number.isSafeInteger(store.dropped())).toBe(true);
  });

  it('bounds retention and counts what it dropped', () => {
    const store = new LogStore(5);
    store.ingest('n1', page('e1', [1, 2, 3, 4, 5, 6, 7]), 1);
    expect(store.lines().map((line) => line.cursor)).toEqual([3, 4, 5, 6, 7]);
    expect(store.stats()).toMatchObject({ retained: 5, droppedByRetention: 2 });
    store.ingest('n2', page('x', [9], { dropped: 40 }), 2);
    expect(store.dropped()).toBe(2 + 1 + 40);
  });

  it('says when a node has more waiting and serves lines since a sequence number', () => {
    const store = new LogStore(100);
    store.ingest('n1', page('e1', [1, 2], { hasMore: true }), 1);
    store.ingest('n2', page('e9', [7]), 1);
    expect(store.pending()).toEqual({ n1: true, n2: false });
    const seq = store.lines()[1].seq;
    expect(store.sinceSeq(seq).map((line) => [line.node, line.cursor])).toEqual([['n2', 7]]);
    expect(store.sinceSeq(0)).toHaveLength(3);
    expect(store.lastSeq()).toBe(3);
  });

  it('reads a node that numbers its lines from 0, also after a restart', () => {
    const store = new LogStore(100);
    store.ingest('n1', page('e1', [0, 1, 2]), 1);
    store.ingest('n1', page('e2', [0, 1]), 2);
    expect(store.lines().map((line) => `${line.message}`)).toEqual(['line 0', 'line 1', 'line 2', 'line 0', 'line 1']);
  });
});

describe('LogStore columns', () => {
  it('gives back every field of a line as it was stored, also after the ring wrapped', () => {
    const store = new LogStore(3);
    const full: LogEntry = { cursor: 1, ts: '2026-01-01T00:00:00.123456Z', level: 'warn', component: 'peers', code: 'E42', subject: 'peer-7', message: 'recategorized peer-7', transient: 'recovered' };
    const plain: LogEntry = { cursor: 2, ts: 'not a time', level: 'unknown', component: '', message: 'x' };
    store.ingest('n1', { epoch: 'e', entries: [full, plain, { ...plain, cursor: 3 }, { ...full, cursor: 4, transient: 'hinted' }], nextCursor: 4, hasMore: false, dropped: 0 }, 1_764_900_000_123.5);
    store.append('n2', [{ ts: 'later', level: 'error', component: 'file', message: 'from a file', transient: 'retried' }], 7);
    expect(store.lines()).toEqual([
      { ...plain, cursor: 3, node: 'n1', seq: 3, receivedAt: 1_764_900_000_123.5 },
      { ...full, cursor: 4, transient: 'hinted', node: 'n1', seq: 4, receivedAt: 1_764_900_000_123.5 },
      { ts: 'later', level: 'error', component: 'file', message: 'from a file', transient: 'retried', cursor: 5, node: 'n2', seq: 5, receivedAt: 7 },
    ]);
    expect(store.sinceSeq(3).map((line) => line.seq)).toEqual([4, 5]);
    expect(store.sinceSeq(5)).toEqual([]);
    expect(store.sinceSeq(0).map((line) => line.seq)).toEqual([3, 4, 5]);
    expect(store.stats()).toMatchObject({ retained: 3, droppedByRetention: 2 });
  });
});

describe('LogStore read in place', () => {
  it('gives the log filter the same pages as the lines made as objects', () => {
    const store = new LogStore(50);
    const levels = ['info', 'warn', 'error', 'debug'] as const;
    for (let poll = 1; poll <= 30; poll += 1) {
      for (const node of ['n1', 'n2', 'n3']) {
        const level = levels[(poll + node.length) % levels.length];
        const subject = poll % 3 === 0 ? `peer-${poll % 4}` : undefined;
        const entries = [{ cursor: poll, ts: new Date(poll * 1000).toISOString(), level, component: poll % 2 ? 'sync' : 'peers', subject, message: `${node} says ${poll}` }];
        store.ingest(node, { epoch: 'e', entries, nextCursor: poll, hasMore: false, dropped: 0 }, poll * 1000 + 7);
      }
    }
    const queries = [
      { limit: 7 },
      { limit: 7, cursor: store.lastSeq() - 20 },
      { limit: 100, levels: ['warn' as const, 'error' as const] },
      { limit: 5, nodes: ['n2'], q: 'says 2' },
      { limit: 10, components: ['peers'], since: 20_000, until: 27_000 },
      { limit: 10, q: 'peer-1' },
    ];
    for (const query of queries) {
      const inPlace = filterLogs(store.lineSource(), query, null, 40_000);
      expect(inPlace).toEqual(filterLogs(store.lines(), query, null, 40_000));
      expect(inPlace.lines.length).toBeGreaterThan(0);
    }
  });
});
