import { afterEach, describe, expect, it } from 'vitest';
import type { Finding } from '@/lib/contract/findings';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from '../migrations';
import type { SqlDriver } from '../sql-driver';
import { SqlHistoryStore, migrate } from '../sql-history-store';
import { HISTORY_KINDS, type CycleBatch, type EngineName, type HistoryKind, type RetentionPolicy } from '../types';

/**
 * The one set of tests every engine must pass: the same schema, the same
 * answers. Each engine's test file calls this with a way to get a fresh, empty database.
 */
export type FreshDatabase = { driver: () => SqlDriver; location: string; cleanup: () => Promise<void> };

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T0 = Date.UTC(2026, 0, 10, 3, 0, 0);

export function finding(overrides: Partial<Finding> = {}): Finding {
  return {
    id: 'node.unreachable:node::n2',
    kind: 'node.unreachable',
    severity: 'critical',
    subject: { type: 'node', id: 'n2' },
    summary: 'n2 refused the connection',
    evidence: { reason: 'refused' },
    firstSeen: T0,
    lastSeen: T0,
    status: 'active',
    resolvedAt: null,
    class: 'transient',
    logGroups: [],
    ...overrides,
  };
}

export function emptyBatch(startedAt: number, overrides: Partial<CycleBatch> = {}): CycleBatch {
  return {
    cycle: { startedAt, durationMs: 40.25, polled: 3 },
    findings: [],
    statusChanges: [],
    samples: [],
    linkSamples: [],
    peerMoves: [],
    routingVersions: [],
    incidents: [],
    logLines: [],
    logGroups: [],
    ...overrides,
  };
}

function policy(days: number): RetentionPolicy {
  const keepMs = Object.fromEntries(HISTORY_KINDS.map((kind) => [kind, days * DAY])) as Record<HistoryKind, number>;
  return { keepMs, rawSamplesMs: DAY, downsampleBucketMs: 30 * 60_000 };
}

export function describeHistoryStore(engine: EngineName, fresh: () => Promise<FreshDatabase>): void {
  describe(`HistoryStore on ${engine}`, () => {
    const cleanups: (() => Promise<void>)[] = [];
    afterEach(async () => {
      for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    });

    async function openStore(): Promise<{ store: SqlHistoryStore; database: FreshDatabase }> {
      const database = await fresh();
      cleanups.push(database.cleanup);
      const store = await SqlHistoryStore.open(engine, database.location, database.driver());
      cleanups.push(() => store.close());
      return { store, database };
    }

    it('migrates an empty database to the newest schema', async () => {
      const { store } = await openStore();
      expect(await store.schemaVersion()).toBe(LATEST_SCHEMA_VERSION);
      expect((await store.size()).rows.incidents).toBe(0);
    });

    it('migrates a database of the previous version and keeps its rows', async () => {
      const database = await fresh();
      cleanups.push(database.cleanup);
      const old = database.driver();
      const previous = MIGRATIONS[MIGRATIONS.length - 2].version;
      expect(await migrate(old, database.location, previous)).toBe(previous);
      await old.run("INSERT INTO cycles (cluster, started_at, duration_ms, polled) VALUES ('c1', ?, 10, 3)", [T0]);
      await old.close();
      const store = await SqlHistoryStore.open(engine, database.location, database.driver());
      cleanups.push(() => store.close());
      expect(await store.schemaVersion()).toBe(LATEST_SCHEMA_VERSION);
      expect(await store.cycles('c1', { from: 0, to: T0 })).toEqual([{ startedAt: T0, durationMs: 10, polled: 3 }]);
      await store.writeCycle('c1', emptyBatch(T0 + 5000, { incidents: [{ id: 'inc-1', at: T0 + 5000, status: 'active', view: { id: 'inc-1' } }] }));
      expect(await store.incidentsAt('c1', T0 + 5000)).toHaveLength(1);
    });

    it('refuses a database written by a newer version, saying what to do', async () => {
      const database = await fresh();
      cleanups.push(database.cleanup);
      const driver = database.driver();
      await migrate(driver, database.location);
      await driver.run('UPDATE schema_version SET version = ?', [LATEST_SCHEMA_VERSION + 1]);
      await driver.close();
      await expect(SqlHistoryStore.open(engine, database.location, database.driver())).rejects.toThrow(
        `schema version ${LATEST_SCHEMA_VERSION + 1}, newer than this Clusterscope knows (${LATEST_SCHEMA_VERSION})`,
      );
    });

    it('reads back a cycle of every kind, per cluster', async () => {
      const { store } = await openStore();
      await store.writeCycle(
        'c1',
        emptyBatch(T0, {
          findings: [finding()],
          statusChanges: [{ at: T0, node: 'n2', from: 'ok', to: 'unreachable', reason: 'connection refused' }],
          samples: [
            { node: 'n1', at: T0, status: 'ok', latencyMs: 3.5, reason: null },
            { node: 'n2', at: T0, status: 'unreachable', latencyMs: null, reason: 'connection refused' },
          ],
          linkSamples: [{ node: 'n1', link: 'n1->n3', primary: 'n1', replica: 'n3', at: T0, state: 'in_sync', reportedState: 'connected', lag: 0, primaryOffset: 1200, replicaOffset: 1200 }],
          peerMoves: [{ node: 'n1', peer: 'p9', at: T0, from: 'best', to: null }],
          routingVersions: [{ node: 'n1', at: T0, version: '7', changed: [{ partition: 3, from: 'n2', to: 'n1' }] }],
          incidents: [{ id: 'inc-1', at: T0, status: 'active', view: { oldPrimary: 'n2' } }],
          logLines: [{ seq: 1, node: 'n2', ts: T0, level: 'error', component: 'repl', code: 'E1', message: 'lost "primary" <script>' }],
          logGroups: [{ fingerprint: 'fp1', at: T0, count: 4, view: { sample: 'lost primary' } }],
        }),
      );
      await store.writeCycle('c2', emptyBatch(T0, { samples: [{ node: 'n1', at: T0, status: 'timeout', latencyMs: null, reason: 'slow' }] }));
      const range = { from: T0 - HOUR, to: T0 + HOUR };
      expect(await store.findingsAt('c1', T0, HOUR)).toEqual([finding()]);
      expect(await store.findingsAt('c2', T0, HOUR)).toEqual([]);
      expect(await store.statusChanges('c1', range, 'n2')).toEqual([{ at: T0, node: 'n2', from: 'ok', to: 'unreachable', reason: 'connection refused' }]);
      expect(await store.samples('c1', 'n1', range)).toEqual([{ at: T0, status: 'ok', latencyMs: 3.5, reason: null }]);
      expect((await store.latestSamples('c2', range)).map((sample) => sample.status)).toEqual(['timeout']);
      expect(await store.linkSamples('c1', range)).toEqual([
        { node: 'n1', link: 'n1->n3', primary: 'n1', replica: 'n3', at: T0, state: 'in_sync', reportedState: 'connected', lag: 0, primaryOffset: 1200, replicaOffset: 1200 },
      ]);
      expect(await store.peerMoves('c1', range)).toEqual([{ node: 'n1', peer: 'p9', at: T0, from: 'best', to: null }]);
      expect(await store.routingVersions('c1', range)).toEqual([{ node: 'n1', at: T0, version: '7', changed: [{ partition: 3, from: 'n2', to: 'n1' }], base: false }]);
      expect(await store.incidentsAt('c1', T0)).toEqual([{ id: 'inc-1', at: T0, status: 'active', view: { oldPrimary: 'n2' } }]);
      expect((await store.logLines('c1', range, 10))[0].message).toBe('lost "primary" <script>');
      expect(await store.logGroupsAt('c1', T0)).toEqual([{ fingerprint: 'fp1', at: T0, count: 4, view: { sample: 'lost primary' } }]);
    });

    it('keeps one row per finding across cycles and answers what was known at each moment', async () => {
      const { store } = await openStore();
      await store.writeCycle('c1', emptyBatch(T0, { findings: [finding()] }));
      await store.writeCycle('c1', emptyBatch(T0 + 5000, { findings: [finding({ lastSeen: T0 + 5000, class: 'persistent' })] }));
      await store.writeCycle('c1', emptyBatch(T0 + 10_000, { findings: [finding({ lastSeen: T0 + 5000, status: 'resolved', resolvedAt: T0 + 10_000, class: 'persistent' })] }));
      expect((await store.size()).rows.findings).toBe(1);
      const during = await store.findingsAt('c1', T0 + 6000, HOUR);
      expect(during).toMatchObject([{ status: 'active', resolvedAt: null, firstSeen: T0 }]);
      expect(await store.findingsAt('c1', T0 + 20_000, HOUR)).toMatchObject([{ status: 'resolved', resolvedAt: T0 + 10_000 }]);
      expect(await store.findingsAt('c1', T0 - 1, HOUR)).toEqual([]);
      expect(await store.openFindings('c1')).toEqual([]);
      // The same condition coming back later is a second finding with its own first-seen.
      await store.writeCycle('c1', emptyBatch(T0 + 60_000, { findings: [finding({ firstSeen: T0 + 60_000, lastSeen: T0 + 60_000 })] }));
      expect(await store.openFindings('c1')).toMatchObject([{ firstSeen: T0 + 60_000, status: 'active' }]);
    });

    it('stores times from sub-millisecond clocks in whole milliseconds', async () => {
      const { store } = await openStore();
      const at = T0 + 0.72;
      await store.writeCycle('c1', {
        ...emptyBatch(at),
        findings: [finding({ firstSeen: at, lastSeen: at + 5000.4 })],
        samples: [{ node: 'n1', at: at + 1.5, status: 'ok', latencyMs: 1.25, reason: null }],
        statusChanges: [{ at: at + 1.5, node: 'n1', from: 'unknown', to: 'ok', reason: null }],
      });
      expect(await store.cycles('c1', { from: 0, to: T0 + 10 })).toMatchObject([{ startedAt: T0 + 1 }]);
      expect(await store.openFindings('c1')).toMatchObject([{ firstSeen: T0 + 1, lastSeen: T0 + 5001 }]);
      expect(await store.samples('c1', 'n1', { from: 0, to: T0 + 10 })).toEqual([{ at: T0 + 2, status: 'ok', latencyMs: 1.25, reason: null }]);
    });

    it('answers each incident as it stood at a past moment', async () => {
      const { store } = await openStore();
      await store.writeCycle('c1', emptyBatch(T0, { incidents: [{ id: 'inc-1', at: T0, status: 'active', view: { adopted: 0 } }] }));
      await store.writeCycle('c1', emptyBatch(T0 + 5000, { incidents: [{ id: 'inc-1', at: T0 + 5000, status: 'resolved', view: { adopted: 3 } }] }));
      expect(await store.incidentsAt('c1', T0 + 1000)).toMatchObject([{ status: 'active', view: { adopted: 0 } }]);
      expect(await store.incidentsAt('c1', T0 + 9000)).toMatchObject([{ status: 'resolved', view: { adopted: 3 } }]);
      expect(await store.incidentsAt('c1', T0 - 1)).toEqual([]);
    });

    it('keeps the log positions of the last cycle that gave them, per cluster', async () => {
      const { store } = await openStore();
      expect(await store.logPositions('c1')).toEqual({});
      // An inode past 2^32 and an offset past 4 GiB: both must come back exact.
      const first = { 0: { '/var/log/a.log': { dev: 2049, ino: 5_000_000_123, offset: 6_000_000_000 }, '/var/log/b.log': { dev: 2049, ino: 7, offset: 0 } }, 2: { '/x/c.log': { dev: 1, ino: 2, offset: 3 } } };
      await store.writeCycle('c1', emptyBatch(T0, { logPositions: first }));
      await store.writeCycle('c2', emptyBatch(T0, { logPositions: { 0: { '/other.log': { dev: 9, ino: 9, offset: 9 } } } }));
      expect(await store.logPositions('c1')).toEqual(first);
      // A cycle without positions leaves them; one with positions replaces them whole (a file no longer tailed is forgotten).
      await store.writeCycle('c1', emptyBatch(T0 + 2000));
      expect(await store.logPositions('c1')).toEqual(first);
      await store.writeCycle('c1', emptyBatch(T0 + 4000, { logPositions: { 0: { '/var/log/a.log': { dev: 2049, ino: 5_000_000_123, offset: 6_000_000_500 } } } }));
      expect(await store.logPositions('c1')).toEqual({ 0: { '/var/log/a.log': { dev: 2049, ino: 5_000_000_123, offset: 6_000_000_500 } } });
      expect(await store.logPositions('c2')).toEqual({ 0: { '/other.log': { dev: 9, ino: 9, offset: 9 } } });
    });

    it('writes a cycle whole or not at all', async () => {
      const { store } = await openStore();
      const broken = emptyBatch(T0, {
        samples: [{ node: 'n1', at: T0, status: 'ok', latencyMs: 1, reason: null }],
        // A NOT NULL column given null: the database refuses the row, so the whole cycle must go.
        statusChanges: [{ at: T0, node: 'n1', from: 'unknown', to: null as never, reason: null }],
      });
      await expect(store.writeCycle('c1', broken)).rejects.toThrow();
      const size = await store.size();
      expect(size.rows.cycles + size.rows.samples + size.rows.statusChanges).toBe(0);
      await store.writeCycle('c1', emptyBatch(T0 + 5000));
      expect((await store.size()).rows.cycles).toBe(1);
    });

    it('retention deletes what is past it and nothing else, and keeps open findings', async () => {
      const { store } = await openStore();
      const now = T0 + 10 * DAY;
      const old = now - 8 * DAY;
      const recent = now - 6 * DAY;
      for (const at of [old, recent]) {
        await store.writeCycle(
          'c1',
          emptyBatch(at, {
            statusChanges: [{ at, node: 'n1', from: 'ok', to: 'timeout', reason: null }],
            logLines: [{ seq: at, node: 'n1', ts: at, level: 'warn', component: '', code: null, message: 'slow' }],
            findings: [finding({ id: `resolved-${at}`, firstSeen: at, lastSeen: at, status: 'resolved', resolvedAt: at })],
          }),
        );
      }
      await store.writeCycle('c1', emptyBatch(old + 1, { findings: [finding({ id: 'still-open', firstSeen: old, lastSeen: old })] }));
      const result = await store.applyRetention(now, policy(7));
      expect(result.deleted).toMatchObject({ cycles: 2, statusChanges: 1, logLines: 1, findings: 1 });
      const range = { from: 0, to: now };
      expect((await store.statusChanges('c1', range)).map((change) => change.at)).toEqual([recent]);
      expect((await store.logLines('c1', range, 10)).map((line) => line.ts)).toEqual([recent]);
      expect((await store.openFindings('c1')).map((open) => open.id)).toEqual(['still-open']);
      expect((await store.findingsAt('c1', recent, HOUR)).map((kept) => kept.id)).toContain(`resolved-${recent}`);
      // A second pass has nothing left to delete.
      expect(Object.values((await store.applyRetention(now, policy(7))).deleted).every((count) => count === 0)).toBe(true);
    });

    it('downsamples samples older than a day into 30-minute buckets that keep failures', async () => {
      const { store } = await openStore();
      const now = T0 + 3 * DAY;
      const bucketStart = Math.floor((now - 2 * DAY) / (30 * 60_000)) * 30 * 60_000;
      const samples = Array.from({ length: 6 }, (_, index) => ({
        node: 'n1',
        at: bucketStart + index * 10_000,
        status: index === 3 ? ('timeout' as const) : ('ok' as const),
        latencyMs: index === 3 ? null : 10,
        reason: index === 3 ? 'no answer in 1500 ms' : null,
      }));
      const otherNode = [1, 2].map((minute) => ({ node: 'n2', at: bucketStart + 60_000 * minute, status: 'ok' as const, latencyMs: 4 * minute, reason: null }));
      const nextBucket = { node: 'n1', at: bucketStart + 30 * 60_000 + 5, status: 'ok' as const, latencyMs: 7, reason: null };
      await store.writeCycle('c1', emptyBatch(bucketStart, { samples: [...samples, ...otherNode, nextBucket] }));
      const fresh = { node: 'n1', at: now - HOUR, status: 'ok' as const, latencyMs: 2, reason: null };
      await store.writeCycle('c1', emptyBatch(now - HOUR, { samples: [fresh] }));
      const result = await store.applyRetention(now, policy(7));
      expect(result.downsampled).toBe(9);
      expect(await store.samples('c1', 'n1', { from: 0, to: now })).toEqual([
        { at: bucketStart, status: 'timeout', latencyMs: 10, reason: 'no answer in 1500 ms' },
        { at: bucketStart + 30 * 60_000, status: 'ok', latencyMs: 7, reason: null },
        { at: now - HOUR, status: 'ok', latencyMs: 2, reason: null },
      ]);
      expect(await store.samples('c1', 'n2', { from: 0, to: now })).toEqual([{ at: bucketStart, status: 'ok', latencyMs: 6, reason: null }]);
      expect((await store.applyRetention(now, policy(7))).downsampled).toBe(0);
    });

    it('replays each node\'s peers and routing table from its newest base, across a restart', async () => {
      const { store } = await openStore();
      const table = (owner: string) => [0, 1, 2].map((partition) => ({ partition, from: null, to: partition === 1 ? owner : 'n1' }));
      await store.writeCycle('c1', emptyBatch(T0, {
        peerBases: [{ node: 'n1', at: T0, categories: ['best', 'lastResort'] }],
        peerMoves: [{ node: 'n1', peer: 'p1', at: T0, from: null, to: 'best' }, { node: 'n1', peer: 'p2', at: T0, from: null, to: 'best' }],
        routingVersions: [{ node: 'n1', at: T0, version: '7', changed: table('n2'), base: true }],
      }));
      await store.writeCycle('c1', emptyBatch(T0 + 5000, {
        peerMoves: [{ node: 'n1', peer: 'p2', at: T0 + 5000, from: 'best', to: null }],
        routingVersions: [{ node: 'n1', at: T0 + 5000, version: '8', changed: [{ partition: 1, from: 'n2', to: 'n3' }], base: false }],
      }));
      // A restart: a new base; p2 (gone while the dashboard was down) is not carried over from the old one.
      await store.writeCycle('c1', emptyBatch(T0 + HOUR, {
        peerBases: [{ node: 'n1', at: T0 + HOUR, categories: ['best'], left: [{ peer: 'p7', from: 'best', at: T0 + 5000 }] }],
        peerMoves: [{ node: 'n1', peer: 'p1', at: T0 + HOUR, from: null, to: 'best' }],
        routingVersions: [{ node: 'n1', at: T0 + HOUR, version: '9', changed: table('n4'), base: true }],
      }));
      const early = await store.peersAt('c1', T0 + 6000);
      expect(early.bases).toEqual([{ node: 'n1', at: T0, categories: ['best', 'lastResort'], left: [] }]);
      expect(early.moves.map((move) => [move.peer, move.to])).toEqual([['p1', 'best'], ['p2', 'best'], ['p2', null]]);
      const late = await store.peersAt('c1', T0 + HOUR);
      expect(late.moves.map((move) => [move.peer, move.to])).toEqual([['p1', 'best']]);
      expect(late.bases[0].left).toEqual([{ peer: 'p7', from: 'best', at: T0 + 5000 }]);
      expect(await store.peersAt('c1', T0 - 1)).toEqual({ bases: [], moves: [] });
      expect((await store.routingAt('c1', T0 + 6000)).map((version) => [version.version, version.base])).toEqual([['7', true], ['8', false]]);
      // A base reads back as the whole table it was written as (it is kept compact, owners by partition).
      expect((await store.routingAt('c1', T0 + 6000))[0].changed).toEqual(table('n2'));
      expect((await store.routingAt('c1', T0 + HOUR)).map((version) => version.version)).toEqual(['9']);
      expect(await store.routingAt('c1', T0 - 1)).toEqual([]);
    });

    it('answers each link\'s newest sample in a window', async () => {
      const { store } = await openStore();
      const sample = (at: number, state: string) => ({ node: 'n3', link: 'n1->n3', primary: 'n1', replica: 'n3', at, state, reportedState: null, lag: null, primaryOffset: null, replicaOffset: null });
      await store.writeCycle('c1', emptyBatch(T0, { linkSamples: [sample(T0, 'in_sync')] }));
      await store.writeCycle('c1', emptyBatch(T0 + 5000, { linkSamples: [sample(T0 + 5000, 'error')] }));
      expect((await store.latestLinkSamples('c1', { from: T0 - HOUR, to: T0 + 1000 })).map((row) => row.state)).toEqual(['in_sync']);
      expect((await store.latestLinkSamples('c1', { from: T0 - HOUR, to: T0 + HOUR })).map((row) => row.state)).toEqual(['error']);
      expect(await store.latestLinkSamples('c1', { from: T0 + HOUR, to: T0 + 2 * HOUR })).toEqual([]);
    });

    it('retention keeps each node\'s newest base before the cutoff and what follows it', async () => {
      const { store } = await openStore();
      const now = T0 + 10 * DAY;
      const old = now - 9 * DAY;
      await store.writeCycle('c1', emptyBatch(old, {
        peerBases: [{ node: 'n1', at: old, categories: ['best'] }],
        peerMoves: [{ node: 'n1', peer: 'p1', at: old, from: null, to: 'best' }],
        routingVersions: [{ node: 'n1', at: old, version: '1', changed: [{ partition: 0, from: null, to: 'n1' }], base: true }],
      }));
      await store.writeCycle('c1', emptyBatch(old + HOUR, {
        peerMoves: [{ node: 'n2', peer: 'p5', at: old + HOUR, from: 'best', to: null }],
        routingVersions: [{ node: 'n2', at: old + HOUR, version: '1', changed: [], base: false }],
      }));
      const result = await store.applyRetention(now, policy(7));
      expect(result.deleted.peerMoves).toBe(1);
      expect(result.deleted.routingVersions).toBe(1);
      expect((await store.peersAt('c1', now)).moves.map((move) => move.peer)).toEqual(['p1']);
      expect((await store.routingAt('c1', now)).map((version) => version.node)).toEqual(['n1']);
    });

    it('reports its size in bytes and rows', async () => {
      const { store } = await openStore();
      const before = await store.size();
      const samples = Array.from({ length: 500 }, (_, index) => ({ node: `n${index}`, at: T0, status: 'ok' as const, latencyMs: 1, reason: null }));
      await store.writeCycle('c1', emptyBatch(T0, { samples }));
      const after = await store.size();
      expect(after.rows.samples).toBe(500);
      expect(after.bytes).toBeGreaterThan(0);
      expect(after.bytes).toBeGreaterThanOrEqual(before.bytes);
    });
  });
}
