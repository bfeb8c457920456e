import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FakeNode } from '@/lib/collector/testing/fake-node';
import { validateClusterConfig } from '@/lib/config/load';
import type { Finding } from '@/lib/contract/findings';
import { LATEST_SCHEMA_VERSION } from '@/lib/store/persistence/migrations';
import { openHistoryStore } from '@/lib/store/persistence/open';
import { startPrivatePostgres, type PrivatePostgres } from '@/lib/store/persistence/testing/private-postgres';
import type { HistoryStore } from '@/lib/store/persistence/types';
import { HistoryWriter } from '@/lib/store/persistence/writer';
import { Dashboard } from './dashboard';
import { attachHighAvailability, type HaState } from './high-availability';
import { recordHistory } from './history';
import { clustersView } from '@/lib/api/cluster-views';
import { replicasView } from '@/lib/api/replicas-view';
import { ClusterRuntime } from './runtime';

/**
 * Two dashboard replicas in one process on one private PostgreSQL, polling
 * the same fake nodes (real HTTP servers on ports the OS picks): one collects,
 * the other stands by on what the store holds; kills, pauses and takeovers.
 */

const POLL_MS = 500;
const LOCK_RETRY_MS = 250;
const SESSION_TIMEOUT_MS = 1000;
const CLUSTER = 'alpha';

let server: PrivatePostgres;
let url: string;
let drop: () => Promise<void>;
const nodes: FakeNode[] = [];
const replicas: Replica[] = [];
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  server = await startPrivatePostgres();
  nodes.push(await FakeNode.start('n1'), await FakeNode.start('n2'));
  // One node answering garbage: an active finding whose id and firstSeen every replica must agree on.
  const broken = await FakeNode.start('n3');
  broken.behaviour = { kind: 'garbage' };
  nodes.push(broken);
});

afterAll(async () => {
  process.off('unhandledRejection', onUnhandled);
  await Promise.all(nodes.map((node) => node.close()));
  await server?.stop();
});

afterEach(async () => {
  for (const replica of replicas.splice(0)) await replica.stop();
  await drop?.();
  expect(unhandled).toEqual([]);
});

type Replica = { id: string; dashboard: Dashboard; runtime: ClusterRuntime; ha: HaState; writer: HistoryWriter; store: HistoryStore; stop: (options?: { abrupt?: boolean }) => Promise<void> };

function clusterConfig() {
  const loaded = validateClusterConfig(
    { cluster: CLUSTER, pollInterval: POLL_MS, requestTimeout: 200, targets: nodes.map((node) => ({ id: node.id, kind: 'native', url: node.url })) },
    'test.yaml',
  );
  if (!loaded.ok) throw new Error(loaded.message);
  return loaded.config.clusters[0];
}

async function startReplica(id: string): Promise<Replica> {
  const runtime = new ClusterRuntime(clusterConfig());
  const dashboard = new Dashboard('config', [runtime], null);
  const store = await openHistoryStore({ engine: 'postgres', url });
  const writer = new HistoryWriter(store, { maxBytes: 1024 ** 3, schemaVersion: null });
  const unsubscribe = recordHistory(dashboard, writer);
  const ha = await attachHighAvailability(dashboard, { replicaId: id, lockRetryMs: LOCK_RETRY_MS, sessionTimeoutMs: SESSION_TIMEOUT_MS }, url, store);
  dashboard.start();
  let stopped = false;
  const replica: Replica = {
    id,
    dashboard,
    runtime,
    ha,
    writer,
    store,
    async stop({ abrupt = false } = {}) {
      if (stopped) return;
      stopped = true;
      // Abrupt: the session closes as a killed process's would, nothing handed over.
      if (abrupt) await ha.elector.stop({ abrupt: true });
      await ha.stop();
      unsubscribe();
      await dashboard.stop();
      await writer.flush();
      await store.close();
    },
  };
  replicas.push(replica);
  return replica;
}

async function freshDatabase(): Promise<void> {
  ({ url, drop } = await server.createDatabase());
}

/** What must be the same on every replica: each active finding's id and firstSeen. */
const identities = (findings: readonly Finding[]) =>
  findings
    .map((finding) => `${finding.id}@${finding.firstSeen}`)
    .sort()
    .join('\n');

async function query<Row extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<Row[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<Row>(text, values)).rows;
  } finally {
    await client.end();
  }
}

describe('replicas on one PostgreSQL', () => {
  it('replicas starting together on an empty database migrate it once, without a conflict', async () => {
    await freshDatabase();
    const stores = await Promise.all([1, 2, 3].map(() => openHistoryStore({ engine: 'postgres', url })));
    try {
      const latest = LATEST_SCHEMA_VERSION;
      expect(await Promise.all(stores.map((store) => store.schemaVersion()))).toEqual([latest, latest, latest]);
      expect(await query('SELECT * FROM schema_version')).toEqual([{ version: latest }]);
    } finally {
      await Promise.all(stores.map((store) => store.close()));
    }
  });

  it('a standby fed from the store answers the same findings (ids, firstSeen) and node statuses as the collector', async () => {
    await freshDatabase();
    const first = await startReplica('web-1');
    await expect.poll(() => first.runtime.role, { timeout: 5000 }).toBe('collector');
    const second = await startReplica('web-2');
    await expect.poll(() => second.runtime.firstCycleAt !== null, { timeout: 5000 }).toBe(true);
    expect(second.runtime.role).toBe('standby');
    await expect.poll(() => first.runtime.findings().active.some((finding) => finding.kind === 'node.bad_response'), { timeout: 5000 }).toBe(true);
    await expect
      .poll(() => identities(second.runtime.findings().active) === identities(first.runtime.findings().active) && identities(first.runtime.findings().active) !== '', { timeout: 5000 })
      .toBe(true);
    expect(second.runtime.nodeSummaries().map((node) => `${node.id}:${node.status}`)).toEqual(first.runtime.nodeSummaries().map((node) => `${node.id}:${node.status}`));
    // Live views follow within one interval: from the end of the collector's cycle to the standby having applied it (NOTIFY, then a read).
    const lags: number[] = [];
    const stopListening = second.runtime.onCycle((snapshot) => lags.push(Date.now() - (snapshot.lastCycle!.startedAt + snapshot.lastCycle!.durationMs)));
    await expect.poll(() => lags.length, { timeout: 5000 }).toBeGreaterThanOrEqual(5);
    stopListening();
    const median = [...lags].sort((a, b) => a - b)[Math.floor(lags.length / 2)];
    expect(median).toBeLessThan(POLL_MS);
    // The standby polls nothing itself: every report it holds is one the collector fetched.
    const requestsBefore = nodes[0].requests;
    await new Promise((resolve) => setTimeout(resolve, 3 * POLL_MS));
    expect(nodes[0].requests - requestsBefore).toBeLessThanOrEqual(4);
    expect(second.writer.status().cyclesWritten).toBe(0);
    // Both replicas say who collects: web-1, term 1; the answering replica's own part is marked.
    const fromStandby = await replicasView(second.dashboard, second.ha);
    expect(fromStandby).toMatchObject({ replica: 'web-2', enabled: true, store: { state: 'ok', since: null } });
    expect(fromStandby.clusters).toEqual([{ cluster: CLUSTER, collector: { replica: 'web-1', term: 1, since: expect.any(Number) }, mine: false, lastCycleAt: expect.any(Number) }]);
    expect(fromStandby.replicas.map((replica) => `${replica.id}:${replica.clusters.join(',')}`)).toEqual(['web-1:alpha', 'web-2:']);
    expect((await replicasView(first.dashboard, first.ha)).clusters[0]).toMatchObject({ mine: true, collector: { replica: 'web-1', term: 1 } });
  });

  it('a killed collector is taken over within two lock retries; every active finding keeps its id and firstSeen, none resolved, the move is a finding', async () => {
    await freshDatabase();
    const first = await startReplica('web-1');
    await expect.poll(() => first.runtime.role, { timeout: 5000 }).toBe('collector');
    const second = await startReplica('web-2');
    await expect.poll(() => identities(second.runtime.findings().active) === identities(first.runtime.findings().active) && second.runtime.cycles > 2, { timeout: 8000 }).toBe(true);
    const before = first.runtime.findings().active;
    expect(before.length).toBeGreaterThan(0);
    const killedAt = Date.now();
    await first.stop({ abrupt: true });
    await expect.poll(() => second.runtime.role, { timeout: 5000, interval: 20 }).toBe('collector');
    expect(Date.now() - killedAt).toBeLessThanOrEqual(2 * LOCK_RETRY_MS + 1000);
    const cyclesAtTakeover = second.runtime.cycles;
    await expect.poll(() => second.runtime.cycles - cyclesAtTakeover, { timeout: 5000 }).toBeGreaterThanOrEqual(4);
    const after = second.runtime.findings();
    for (const finding of before) {
      const continued = after.active.find((candidate) => candidate.id === finding.id);
      expect(continued, finding.id).toBeDefined();
      expect(continued!.firstSeen).toBe(finding.firstSeen);
      expect(after.resolved.some((resolved) => resolved.id === finding.id)).toBe(false);
    }
    // One finding per id: none duplicated.
    expect(new Set(after.active.map((finding) => finding.id)).size).toBe(after.active.length);
    const moved = after.active.find((finding) => finding.kind === 'dashboard.collector_moved');
    expect(moved).toMatchObject({ severity: 'warning', class: 'transient', subject: { type: 'cluster', id: CLUSTER } });
    expect(moved!.evidence).toMatchObject({ from: 'web-1', to: 'web-2', term: 2 });
    // On the home page: the cluster's row lists it among its active findings.
    expect(clustersView(second.dashboard).clusters[0].topGroups.map((group) => group.kind)).toContain('dashboard.collector_moved');
    // The new collector writes under the new term, read back by anyone from the store.
    await expect.poll(async () => (await second.store.liveCycle(CLUSTER))?.term, { timeout: 5000 }).toBe(2);
  });

  it('fencing: a paused collector that wakes after a takeover has its writes refused (nothing stored) and stands by', async () => {
    await freshDatabase();
    const first = await startReplica('web-1');
    await expect.poll(() => first.runtime.role, { timeout: 5000 }).toBe('collector');
    const second = await startReplica('web-2');
    await expect.poll(() => second.runtime.firstCycleAt !== null, { timeout: 5000 }).toBe(true);
    // Only the election session pauses (as in a long stop of the process); its collector keeps polling and writing.
    await first.ha.elector.pause();
    await expect.poll(() => second.runtime.role, { timeout: 8000, interval: 20 }).toBe('collector');
    await expect.poll(() => first.runtime.role, { timeout: 5000 }).toBe('standby');
    expect(first.writer.status().cyclesFenced).toBeGreaterThan(0);
    expect(first.writer.status().state).toBe('ok');
    // Nothing of web-1's refused cycles is in the store: every live row since the takeover is term 2's.
    const live = await query<{ term: string }>('SELECT term FROM live_cycles WHERE cluster = $1', [CLUSTER]);
    expect(live.map((row) => Number(row.term))).toEqual([2]);
    const lease = await query<{ term: string; holder: string }>('SELECT term, holder FROM collector_leases WHERE cluster = $1', [CLUSTER]);
    expect(lease).toEqual([{ term: '2', holder: 'web-2' }]);
  });

  it('a fenced write is refused whole: the cycle, its findings and its live rows are not stored', async () => {
    await freshDatabase();
    const store = await openHistoryStore({ engine: 'postgres', url });
    try {
      await query("INSERT INTO collector_leases (cluster, term, holder, since, heartbeat) VALUES ($1, 5, 'web-2', 0, 0)", [CLUSTER]);
      const batch = {
        cycle: { startedAt: 1_000, durationMs: 5, polled: 1 },
        findings: [],
        statusChanges: [],
        samples: [{ node: 'n1', at: 1_000, status: 'ok' as const, latencyMs: 1, reason: null }],
        linkSamples: [],
        peerMoves: [],
        routingVersions: [],
        incidents: [],
        logLines: [],
        logGroups: [],
      };
      const live = { cycle: { seq: 1, at: 1_000, durationMs: 5, polled: 1, logFrom: 0, logTo: 0, findings: { active: [], resolved: [] } }, reports: [] };
      await expect(store.writeCycle(CLUSTER, batch, { term: 4, live })).rejects.toMatchObject({ name: 'FencedError', writerTerm: 4, currentTerm: 5 });
      expect(await store.cycles(CLUSTER, { from: 0, to: 10_000 })).toEqual([]);
      expect(await store.liveCycle(CLUSTER)).toBeNull();
      expect(await query('SELECT * FROM samples')).toEqual([]);
      await store.writeCycle(CLUSTER, batch, { term: 5, live });
      expect(await store.cycles(CLUSTER, { from: 0, to: 10_000 })).toHaveLength(1);
      expect((await store.liveCycle(CLUSTER))?.term).toBe(5);
    } finally {
      await store.close();
    }
  });

  it('PostgreSQL away then back: standby pages say since when their data is stale, the replicas reconnect, one collector again', async () => {
    await freshDatabase();
    const first = await startReplica('web-1');
    await expect.poll(() => first.runtime.role, { timeout: 5000 }).toBe('collector');
    const second = await startReplica('web-2');
    await expect.poll(() => second.runtime.firstCycleAt !== null, { timeout: 5000 }).toBe(true);
    await expect.poll(() => second.runtime.nodeSummaries().map((node) => node.status).includes('unknown'), { timeout: 5000 }).toBe(false);
    const termBefore = first.ha.elector.termOf(CLUSTER)!;
    const awayAt = Date.now();
    server.halt();
    try {
      // The standby says since when its data is stale, and its nodes age to stale by the usual rule; the collector keeps polling from memory.
      await expect.poll(() => second.runtime.sharedStoreStaleSince, { timeout: 5000 }).toBeGreaterThanOrEqual(awayAt);
      expect(clustersView(second.dashboard).clusters[0].sharedStoreStaleSince).toBe(second.runtime.sharedStoreStaleSince);
      await expect.poll(() => second.runtime.nodeSummaries().every((node) => node.status === 'stale'), { timeout: 10_000 }).toBe(true);
      expect(first.runtime.nodeSummaries().some((node) => node.status === 'ok')).toBe(true);
      await expect.poll(async () => (await replicasView(second.dashboard, second.ha)).store, { timeout: 5000 }).toEqual({ state: 'unreachable', since: expect.any(Number) });
      await expect.poll(() => first.writer.status().state, { timeout: 5000 }).toBe('failing');
    } finally {
      server.start();
    }
    const leaseTerm = async () => Number((await query<{ term: string }>('SELECT term FROM collector_leases WHERE cluster = $1', [CLUSTER]))[0]?.term ?? 0);
    await expect.poll(leaseTerm, { timeout: 15_000 }).toBeGreaterThan(termBefore);
    const term = await leaseTerm();
    // Settled: exactly one replica collects under the lease's term, the other stands by.
    const roles = () => [first, second].map((replica) => `${replica.runtime.role}:${replica.ha.elector.termOf(CLUSTER)}`).sort();
    await expect.poll(roles, { timeout: 10_000 }).toEqual([`collector:${term}`, 'standby:null']);
    // Cycles are written again under the new term, and the standby reads them.
    await expect.poll(async () => (await first.store.liveCycle(CLUSTER))?.term, { timeout: 10_000 }).toBe(term);
    const standby = first.runtime.role === 'standby' ? first : second;
    await expect.poll(() => standby.runtime.sharedStoreStaleSince, { timeout: 5000 }).toBeNull();
    await expect.poll(() => standby.runtime.nodeSummaries().some((node) => node.status === 'ok'), { timeout: 5000 }).toBe(true);
  });
});
