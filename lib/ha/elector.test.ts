import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openHistoryStore } from '@/lib/store/persistence/open';
import { openPostgresDriver } from '@/lib/store/persistence/postgres-driver';
import type { SqlDriver } from '@/lib/store/persistence/sql-driver';
import { SqlHistoryStore } from '@/lib/store/persistence/sql-history-store';
import { emptyBatch } from '@/lib/store/persistence/testing/history-store-suite';
import { startPrivatePostgres, type PrivatePostgres } from '@/lib/store/persistence/testing/private-postgres';
import { Elector } from './elector';

/** Short enough that a test file stays well under a minute; the ratios are those of the defaults (2 s / 6 s). */
const LOCK_RETRY_MS = 250;
const SESSION_TIMEOUT_MS = 1000;

let server: PrivatePostgres;
let url: string;
let drop: () => Promise<void>;
const electors: Elector[] = [];
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  server = await startPrivatePostgres();
});
afterAll(async () => {
  process.off('unhandledRejection', onUnhandled);
  await server?.stop();
});

/** A fresh, migrated database per test. */
async function freshDatabase(): Promise<void> {
  ({ url, drop } = await server.createDatabase());
  const store = await openHistoryStore({ engine: 'postgres', url });
  await store.close();
}

/** Run after each test (before the electors stop): wakes writers left paused, closes their pools. */
const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
  await Promise.all(electors.splice(0).map((elector) => elector.stop()));
  await drop?.();
});

/**
 * The history store a collector writes through, on a driver that stops the
 * process's side of a cycle write right after the write locked the cluster's
 * lease row (what SIGSTOP, a long GC pause or a frozen VM do mid-write):
 * PostgreSQL sees a transaction holding the row and a client that says nothing.
 */
function writerPausedMidWrite(): { store: SqlHistoryStore; leaseRowLocked: Promise<void>; wake: () => void } {
  const driver = openPostgresDriver(url);
  let locked = () => undefined as void;
  const leaseRowLocked = new Promise<void>((resolve) => (locked = resolve));
  let wake = () => undefined as void;
  const woken = new Promise<void>((resolve) => (wake = resolve));
  const pausing: SqlDriver = {
    ...driver,
    transaction: (work) =>
      driver.transaction((tx) =>
        work({
          ...tx,
          async all(sql, params) {
            const rows = await tx.all(sql, params);
            if (/FROM collector_leases .*FOR UPDATE/.test(sql)) {
              locked();
              await woken;
            }
            return rows as never;
          },
        }),
      ),
  };
  cleanups.push(async () => {
    wake();
    await driver.close();
  });
  return { store: new SqlHistoryStore('postgres', 'test', pausing), leaseRowLocked, wake };
}

type Recorded = { elector: Elector; events: string[] };

function elector(replicaId: string, clusters: readonly string[]): Recorded {
  const events: string[] = [];
  const made = new Elector({
    url,
    replicaId,
    clusters,
    lockRetryMs: LOCK_RETRY_MS,
    sessionTimeoutMs: SESSION_TIMEOUT_MS,
    events: {
      onAcquire: (cluster, lease) => events.push(`acquire ${cluster} term ${lease.term} from ${lease.previousHolder}`),
      onLose: (cluster, why) => events.push(`lose ${cluster}: ${why}`),
    },
    log: () => undefined,
  });
  electors.push(made);
  return { elector: made, events };
}

const held = (recorded: Recorded) => [...recorded.elector.heldLeases().keys()].sort();

/** On a fresh database: web-1 alone takes every cluster, then web-2 starts beside it. */
async function firstHoldsThenSecondStarts(clusters: readonly string[]): Promise<[Recorded, Recorded]> {
  await freshDatabase();
  const [first, second] = [elector('web-1', clusters), elector('web-2', clusters)];
  first.elector.start();
  await expect.poll(() => held(first), { timeout: 5000 }).toEqual([...clusters].sort());
  second.elector.start();
  return [first, second];
}

/** Which replica holds each cluster, and each lock's holders as PostgreSQL sees them. */
async function holders(clusters: readonly string[], replicas: readonly Recorded[]): Promise<Record<string, string[]>> {
  return Object.fromEntries(clusters.map((cluster) => [cluster, replicas.filter((replica) => replica.elector.termOf(cluster) !== null).map((replica) => replica.elector.replicaId)]));
}

async function advisoryLocksHeld(): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const result = await client.query<{ count: string }>("SELECT COUNT(*) AS count FROM pg_locks WHERE locktype = 'advisory' AND granted");
    return Number(result.rows[0].count);
  } finally {
    await client.end();
  }
}

describe('election of one collector per cluster', () => {
  it('three replicas on two clusters: each cluster held by exactly one, none holds more than its share', async () => {
    await freshDatabase();
    const clusters = ['alpha', 'beta'];
    const replicas = ['web-1', 'web-2', 'web-3'].map((id) => elector(id, clusters));
    for (const replica of replicas) replica.elector.start();
    await expect.poll(() => holders(clusters, replicas), { timeout: 10_000 }).toSatisfy((byCluster: Record<string, string[]>) => Object.values(byCluster).every((ids) => ids.length === 1));
    // Settled: three live replicas, share ceil(2/3) = 1; it stays that way over several rounds.
    await expect.poll(() => replicas.map((replica) => held(replica).length).sort().join(','), { timeout: 10_000 }).toBe('0,1,1');
    await new Promise((resolve) => setTimeout(resolve, 4 * LOCK_RETRY_MS));
    expect(Object.values(await holders(clusters, replicas)).map((ids) => ids.length)).toEqual([1, 1]);
    expect(await advisoryLocksHeld()).toBe(2);
    // Terms start at 1 and are readable from the lease table.
    for (const cluster of clusters) expect(replicas.map((replica) => replica.elector.termOf(cluster)).filter((term) => term !== null)[0]).toBeGreaterThanOrEqual(1);
  });

  it('a replica whose connection closes hands its clusters to another within two lock retries', async () => {
    const [first, second] = await firstHoldsThenSecondStarts(['alpha', 'beta']);
    await expect.poll(() => [held(first).length, held(second).length], { timeout: 5000 }).toEqual([1, 1]);
    const termBefore = first.elector.termOf(held(first)[0])!;
    const moved = held(first)[0];
    const killedAt = Date.now();
    await first.elector.stop({ abrupt: true });
    await expect.poll(() => held(second), { timeout: 5000, interval: 20 }).toEqual(['alpha', 'beta']);
    const takeoverMs = Date.now() - killedAt;
    expect(takeoverMs).toBeLessThanOrEqual(2 * LOCK_RETRY_MS + 200);
    expect(second.elector.termOf(moved)).toBe(termBefore + 1);
    expect(second.events).toContain(`acquire ${moved} term ${termBefore + 1} from web-1`);
  });

  it('a replica joining takes its fair share: clusters move one per round until spread', async () => {
    await freshDatabase();
    const clusters = ['a', 'b', 'c', 'd'];
    const first = elector('web-1', clusters);
    first.elector.start();
    await expect.poll(() => held(first).length, { timeout: 5000 }).toBe(4);
    const second = elector('web-2', clusters);
    second.elector.start();
    await expect.poll(() => [held(first).length, held(second).length], { timeout: 8000 }).toEqual([2, 2]);
    expect(first.events.filter((event) => event.startsWith('lose')).every((event) => event.includes('fair share'))).toBe(true);
    expect(Object.values(await holders(clusters, [first, second])).every((ids) => ids.length === 1)).toBe(true);
  });

  it('a silent session (paused heartbeats) loses its locks after sessionTimeout; woken, it stands by', async () => {
    const [first, second] = await firstHoldsThenSecondStarts(['alpha']);
    await new Promise((resolve) => setTimeout(resolve, 2 * LOCK_RETRY_MS));
    expect(held(second)).toEqual([]);
    await first.elector.pause();
    const pausedAt = Date.now();
    await expect.poll(() => held(second), { timeout: 8000, interval: 20 }).toEqual(['alpha']);
    const takeoverMs = Date.now() - pausedAt;
    expect(takeoverMs).toBeGreaterThanOrEqual(SESSION_TIMEOUT_MS - 100);
    expect(takeoverMs).toBeLessThanOrEqual(SESSION_TIMEOUT_MS + 2 * LOCK_RETRY_MS + 500);
    // The old holder still believes it holds the cluster until its next round finds its session gone.
    expect(first.elector.termOf('alpha')).toBe(1);
    first.elector.resume();
    await expect.poll(() => held(first), { timeout: 5000 }).toEqual([]);
    expect(first.events.at(-1)).toMatch(/^lose alpha: another replica took it/);
    expect(second.elector.termOf('alpha')).toBe(2);
  });

  it('a collector paused in the middle of a cycle write (its lease row locked) loses the cluster after sessionTimeout all the same', async () => {
    const [first, second] = await firstHoldsThenSecondStarts(['alpha']);
    // web-1's collector writes a cycle under its term and stops right after locking the lease row; so does its elector.
    const writer = writerPausedMidWrite();
    const write = writer.store.writeCycle('alpha', emptyBatch(Date.now()), { term: first.elector.termOf('alpha')!, live: null, idleTimeoutMs: SESSION_TIMEOUT_MS });
    write.catch(() => undefined);
    await writer.leaseRowLocked;
    // Let web-1's elector run a round while the row is locked, as a live collector's does during each of its writes.
    await new Promise((resolve) => setTimeout(resolve, 2 * LOCK_RETRY_MS));
    await first.elector.pause();
    const pausedAt = Date.now();
    await expect.poll(() => held(second), { timeout: SESSION_TIMEOUT_MS + 6 * LOCK_RETRY_MS + 5000, interval: 20 }).toEqual(['alpha']);
    const takeoverMs = Date.now() - pausedAt;
    // The bound of a pause: sessionTimeout after the last word, plus the next round and a lock wait.
    expect(takeoverMs).toBeLessThanOrEqual(SESSION_TIMEOUT_MS + 3 * LOCK_RETRY_MS + 500);
    expect(second.elector.termOf('alpha')).toBe(2);
    expect(second.events).toEqual(['acquire alpha term 2 from web-1']);
    // Woken, the paused write finds its transaction ended by the server: nothing of it is stored.
    writer.wake();
    await expect(write).rejects.toThrow();
    const cycles = await writer.store.cycles('alpha', { from: 0, to: Date.now() });
    expect(cycles).toEqual([]);
    first.elector.resume();
    await expect.poll(() => held(first), { timeout: 5000 }).toEqual([]);
  });

  it('a session ended by the server (pg_terminate_backend): its locks are free at once; the cluster is held again by exactly one, under a new term', async () => {
    const [first, second] = await firstHoldsThenSecondStarts(['alpha']);
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      const terminated = await admin.query<{ done: boolean }>("SELECT pg_terminate_backend(session_pid) AS done FROM replicas WHERE id = 'web-1'");
      expect(terminated.rows).toEqual([{ done: true }]);
    } finally {
      await admin.end();
    }
    // Whoever comes first takes it: web-1 again (same holder, not a move) or web-2; never both.
    await expect.poll(() => [first, second].map((replica) => replica.elector.termOf('alpha') ?? 0).reduce((a, b) => Math.max(a, b)), { timeout: 5000 }).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 3 * LOCK_RETRY_MS));
    expect((await holders(['alpha'], [first, second])).alpha).toHaveLength(1);
    expect(await advisoryLocksHeld()).toBe(1);
  });

  it('PostgreSQL restarted: the electors reconnect and each cluster has one collector again, with no unhandled rejection', async () => {
    await freshDatabase();
    const clusters = ['alpha', 'beta'];
    const replicas = [elector('web-1', clusters), elector('web-2', clusters)];
    for (const replica of replicas) replica.elector.start();
    await expect.poll(() => replicas.map((replica) => held(replica).length), { timeout: 8000 }).toEqual([1, 1]);
    const before = Object.fromEntries(clusters.map((cluster) => [cluster, replicas.map((replica) => replica.elector.termOf(cluster) ?? 0).reduce((a, b) => a + b)]));
    server.restart();
    // Unreachable is seen and reported, then the store is reached again.
    await expect.poll(() => replicas.every((replica) => replica.elector.storeReach().state === 'ok'), { timeout: 15_000 }).toBe(true);
    await expect.poll(() => holders(clusters, replicas), { timeout: 15_000 }).toSatisfy((byCluster: Record<string, string[]>) => Object.values(byCluster).every((ids) => ids.length === 1));
    await expect.poll(() => advisoryLocksHeld(), { timeout: 5000 }).toBe(2);
    // Every cluster was re-acquired under a new term.
    for (const cluster of clusters) {
      const term = replicas.map((replica) => replica.elector.termOf(cluster) ?? 0).reduce((a, b) => a + b);
      expect(term).toBeGreaterThan(before[cluster]);
    }
    expect(unhandled).toEqual([]);
  });
});
