import { afterEach, describe, expect, it, vi } from 'vitest';
import { blankLink, failedReport, type NodeReport } from '@/lib/contract/report';
import { failoverApiViewSchema, logsViewSchema, peersPageViewSchema, peersResponseSchema, routingApiViewSchema, routingPageViewSchema, syncViewSchema } from '@/lib/contract/views';
import { buildCycleBatch, emptyBatchMemory, type CycleFacts } from '@/lib/store/persistence/cycle-batch';
import { openHistoryStore } from '@/lib/store/persistence/open';
import { failoverAnalyzer } from '@/lib/diagnostics/failover';
import { buildFailoverView } from '@/lib/diagnostics/failover-view';
import { cycle, downReport, okReport } from '@/lib/diagnostics/fixtures/routing-fixtures';
import type { ClusterRuntime } from '@/lib/runtime';
import type { HistoryStore, IncidentSnapshot } from '@/lib/store/persistence/types';
import { failoverViewAt, logsViewAt, peersViewAt, routingViewAt, syncViewAt } from './past-views';
import { peersPage, peersWhole } from './peers-page';
import { routingPage, routingWhole } from './routing-page';

afterEach(() => {
  vi.restoreAllMocks();
});

/** A real incident view, as the failover builder makes it: n1 (primary) lost, n2 still answering. */
function incidentFromFixture() {
  const table = { version: 1, owners: ['n1', 'n2'], ballots: 3 };
  let state = failoverAnalyzer.step(failoverAnalyzer.initial(), cycle(0, [okReport('n1', 0, table), okReport('n2', 0, table)])).state;
  state = failoverAnalyzer.step(state, cycle(2000, [downReport('n1', 2000), okReport('n2', 2000, table)])).state;
  const [incident] = buildFailoverView(state, 4000, { status: 'all' }).incidents;
  return incident;
}

function pastFailover(snapshots: IncidentSnapshot[]) {
  const cluster = { name: 'c', config: { diagnostics: { staleConfigGrace: 10_000 } } } as unknown as ClusterRuntime;
  const store = { incidentsAt: async () => snapshots, findingsAt: async () => [] } as unknown as HistoryStore;
  return failoverViewAt(cluster, store, 5000);
}

describe('failoverViewAt', () => {
  it('reads stored incidents back through the answer schema; a row from before tables is the one unnamed table', async () => {
    const incident = incidentFromFixture();
    expect(incident).toBeDefined();
    const answer = await pastFailover([{ id: incident.id, at: 4000, status: 'active', view: JSON.parse(JSON.stringify(incident)) }]);
    expect(answer.incidents).toEqual([{ ...incident, table: '' }]);
    expect(answer.asOf).toBe(5000);
    expect(failoverApiViewSchema.parse(JSON.parse(JSON.stringify(answer)))).toMatchObject({ asOf: 5000, incidents: [{ oldPrimary: 'n1', table: '' }] });
  });

  it('leaves out a stored incident that does not parse, names it in the log, and keeps the others', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    const incident = { ...incidentFromFixture(), table: 'usertable' };
    const answer = await pastFailover([
      { id: 'garbled', at: 4000, status: 'active', view: { ...incident, crashAt: 'yesterday' } },
      { id: 'text', at: 4000, status: 'active', view: 'not an incident' },
      { id: incident.id, at: 4000, status: 'active', view: incident },
    ]);
    expect(answer.incidents).toEqual([incident]);
    expect(logged).toHaveBeenCalledTimes(2);
    expect(String(logged.mock.calls[0][0])).toContain('stored incident garbled is unreadable: crashAt');
  });
});

describe('peers, sync, routing and logs as of a past moment, from a real store', () => {
  const T0 = Date.UTC(2026, 0, 10, 3, 0, 0);
  const POLL = 5000;
  const ids = ['n1', 'n2', 'n3'];
  const cluster = {
    name: 'c',
    config: { pollInterval: POLL, historyWindow: 900_000, maxBackoff: 30_000, diagnostics: { peerGapTransientPolls: 3, routingGrace: 15_000, staleConfigGrace: 10_000 } },
    targets: ids.map((id) => ({ id, kind: 'native', url: `http://127.0.0.1:1/${id}` })),
    nodeSummaries: () => [],
  } as unknown as ClusterRuntime;

  function ok(id: string, at: number, owner2: string, linkState: 'in_sync' | 'error'): NodeReport {
    return {
      ...failedReport({ targetId: id, kind: 'native', address: id, status: 'unreachable', reason: null, fetchedAt: at }),
      status: 'ok',
      latencyMs: 1,
      peers: { categories: ['best', 'lastResort'], peers: [{ id: 'p1', address: 'a', category: 'best', score: 1, since: null }], readErrors: [] } as unknown as NodeReport['peers'],
      routing: { version: 7, initialized: true, partitionCount: 3, partitions: [0, 1, 2].map((partition) => ({ id: partition, owners: [partition === 2 ? owner2 : 'n1'], backups: [] })) },
      sync: id === 'n2' ? { links: [{ ...blankLink('n1', 'n2'), state: linkState, reportedState: linkState }] } : null,
    };
  }

  async function storeWithACrash() {
    const store = await openHistoryStore({ engine: 'memory' });
    const memory = emptyBatchMemory();
    const cycle = async (index: number, reports: NodeReport[], logLines: CycleFacts['logLines'] = []) => {
      const at = T0 + index * POLL;
      const facts: CycleFacts = { cycle: { startedAt: at, durationMs: 10, polled: reports.length }, findings: { active: [], resolved: [] }, reports, statusChanges: [], incidents: [], logLines, logGroups: [] };
      const batch = buildCycleBatch(memory, facts);
      batch.samples = reports.map((report) => ({ node: report.targetId, at: report.fetchedAt, status: report.status, latencyMs: 1, reason: null, reasonCode: null }));
      await store.writeCycle('c', batch);
    };
    await cycle(0, ids.map((id) => ok(id, T0, 'n3', 'in_sync')));
    // n3 crashes; n2 sees its link fail and n1 takes partition 2.
    const down = failedReport({ targetId: 'n3', kind: 'native', address: 'n3', status: 'unreachable', reason: { code: 'refused', message: 'refused' }, fetchedAt: T0 + POLL });
    await cycle(1, [ok('n1', T0 + POLL, 'n1', 'in_sync'), ok('n2', T0 + POLL, 'n1', 'error'), down], [
      { seq: 1, node: 'n2', ts: T0 + POLL, level: 'error', component: 'repl', code: null, subject: 'n1->n2', transient: null, message: 'link to n1 broken' },
    ]);
    return store;
  }

  it('answers each view through its live schema, with asOf, as it stood before and after the crash', async () => {
    const store = await storeWithACrash();
    try {
      const before = T0 + 1000;
      const after = T0 + POLL + 1000;
      const peers = peersResponseSchema.parse(JSON.parse(JSON.stringify(await peersViewAt(cluster, store, after, {}))));
      expect(peers.asOf).toBe(after);
      expect(peers.nodes.map((row) => [row.id, row.dataStatus, row.counts.best])).toEqual([['n1', 'ok', 1], ['n2', 'ok', 1], ['n3', 'stale', 1]]);

      const syncBefore = syncViewSchema.parse(await syncViewAt(cluster, store, before, {}));
      const syncAfter = syncViewSchema.parse(await syncViewAt(cluster, store, after, {}));
      expect([syncBefore.groups[0].links[0].state, syncAfter.groups[0].links[0].state]).toEqual(['in_sync', 'error']);
      expect(syncAfter.selected?.samples.map((sample) => sample.state)).toEqual(['in_sync', 'error']);

      const routing = routingApiViewSchema.parse(await routingViewAt(cluster, store, before, 'n3'));
      expect(routing.grid).toMatchObject({ source: 'n3', stale: false, version: '7' });
      const routingAfter = routingApiViewSchema.parse(await routingViewAt(cluster, store, after, 'n3'));
      expect(routingAfter.grid).toMatchObject({ source: 'n3', stale: true, fetchedAt: T0 });
      expect(routingAfter.nodes.find((row) => row.id === 'n1')?.differsFromConsensus).toBe(0);

      const logs = logsViewSchema.parse(await logsViewAt(cluster, store, after, { limit: 50 }));
      expect(logs.lines.map((line) => line.message)).toEqual(['link to n1 broken']);
      expect(logs.groups.persistent.map((group) => group.count)).toEqual([1]);
      expect((await logsViewAt(cluster, store, before, { limit: 50 }))?.lines).toEqual([]);
    } finally {
      await store.close();
    }
  });

  it('pages the past peers and routing per-node tables as the live ones, with the summary of every node and asOf kept', async () => {
    const store = await storeWithACrash();
    try {
      const after = T0 + POLL + 1000;
      const version = `at-${after}`;
      const peersWholeView = peersWhole(await peersViewAt(cluster, store, after, {}));
      const firstPeers = peersPage(peersWholeView, { limit: 2 }, version);
      if (!firstPeers.ok) throw new Error(firstPeers.message);
      const peers = peersPageViewSchema.parse(JSON.parse(JSON.stringify(firstPeers.view)));
      expect(peers).toMatchObject({ asOf: after, nodes: [{ id: 'n1' }, { id: 'n2' }], page: { total: 3, versionChanged: false } });
      expect(peers.nodeSummary).toMatchObject({ total: 3, withPeers: 3, stale: { count: 1, named: [{ id: 'n3' }] }, choices: ['n1', 'n2', 'n3'] });
      const nextPeers = peersPage(peersWholeView, { limit: 2, cursor: peers.page.nextCursor!, peers: 0 }, version);
      expect(nextPeers.ok && nextPeers.view.nodes.map((row) => row.id)).toEqual(['n3']);
      expect(nextPeers.ok && nextPeers.view.peers).toEqual([]);

      const routingWholeView = routingWhole((await routingViewAt(cluster, store, after, null))!);
      const firstRouting = routingPage(routingWholeView, { limit: 2 }, version);
      if (!firstRouting.ok) throw new Error(firstRouting.message);
      const routing = routingPageViewSchema.parse(JSON.parse(JSON.stringify(firstRouting.view)));
      expect(routing).toMatchObject({ asOf: after, nodes: [{ id: 'n1' }, { id: 'n2' }], page: { total: 3 } });
      expect(routing.nodeSummary).toMatchObject({ total: 3, answering: 2, withTables: 3 });
      expect(routing.nodeSummary.unseen).toEqual({ count: 1, named: [{ id: 'n3', status: 'unreachable', table: 'stale' }] });
      expect(routingPage(routingWholeView, { limit: 2, cursor: 'forged' }, version)).toMatchObject({ ok: false });
    } finally {
      await store.close();
    }
  });
});
