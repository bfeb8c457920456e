import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NodeReportWire } from '@/lib/contract/admin-v1';
import { healthProblems } from './healthy';
import { post, startTestCluster, type TestCluster } from './test-harness';
import { CLIENT_ID, STORAGE_NODES, currentOwner } from './topology';

let cluster: TestCluster;
const POLL_MS = 2000;
const POLLS = 30;
const history: Map<string, NodeReportWire>[] = [];

beforeAll(async () => {
  cluster = await startTestCluster();
  for (let poll = 0; poll < POLLS; poll++) {
    await cluster.advance(POLL_MS);
    history.push(await cluster.everyEndpointParses());
  }
});

afterAll(async () => {
  await cluster.close();
});

describe('healthy baseline', () => {
  it('lists every peer in exactly one of the declared categories, in every answer', () => {
    let moves = 0;
    for (const [index, reports] of history.entries()) {
      for (const nodeId of STORAGE_NODES) {
        const peers = reports.get(nodeId)!.peers!;
        expect(peers.categories).toEqual(['best', 'responsive', 'lastResort']);
        const ids = peers.peers.map((peer) => peer.id);
        expect(new Set(ids).size).toBe(ids.length);
        expect(peers.readErrors).toEqual([]);
        for (const peer of peers.peers) expect(peers.categories).toContain(peer.category);
        if (index > 0) {
          const before = history[index - 1].get(nodeId)!.peers!;
          expect(new Set(ids)).toEqual(new Set(before.peers.map((peer) => peer.id)));
          const was = new Map(before.peers.map((peer) => [peer.id, peer.category]));
          moves += peers.peers.filter((peer) => was.get(peer.id) !== peer.category).length;
        }
      }
    }
    // Peers do move between categories in a healthy cluster, just atomically.
    expect(moves).toBeGreaterThan(10);
  });

  it('keeps every replication link in sync with moving offsets, small lag and fresh I/O', () => {
    for (const [index, reports] of history.entries()) {
      const now = cluster.clock.now() - (POLLS - 1 - index) * POLL_MS;
      for (const nodeId of STORAGE_NODES) {
        const links = reports.get(nodeId)!.sync!.links;
        expect(links).toHaveLength(1);
        for (const link of links) {
          expect(link).toMatchObject({ state: 'in_sync', attempts: 0, registration: { result: 'accepted' } });
          expect(link.id).toBe(`${link.primary}->${link.replica}`);
          expect(link.lag).toBeLessThan(1_048_576);
          expect(link.replicaOffset).toBeLessThanOrEqual(link.primaryOffset!);
          expect(now - Date.parse(link.lastIoAt!)).toBeLessThanOrEqual(1000);
          expect(link.lastError).toBeUndefined();
          if (index > 0) {
            const before = history[index - 1].get(nodeId)!.sync!.links.find((candidate) => candidate.id === link.id)!;
            expect(link.primaryOffset).toBeGreaterThan(before.primaryOffset!);
            expect(link.replicaOffset).toBeGreaterThan(before.replicaOffset!);
          }
        }
      }
    }
    const primaries = STORAGE_NODES.filter((id) => history[0].get(id)!.node.role === 'primary');
    expect(primaries).toEqual(['node-1', 'node-2', 'node-3']);
  });

  it('has one routing table on every node and the client, with honest owned counts', () => {
    for (const reports of history) {
      const reference = reports.get('node-1')!.routing!;
      expect(reference.partitionCount).toBe(271);
      for (const [nodeId, report] of reports) {
        const routing = report.routing!;
        expect(routing.version).toBe(reference.version);
        expect(routing.partitions).toEqual(reference.partitions);
        expect(routing.initialized).toBe(true);
        expect(routing.coordinator).toBe('node-1');
        if (nodeId === CLIENT_ID) continue;
        const counted = routing.partitions.filter((partition) => currentOwner(partition) === nodeId).length;
        expect(routing.ownedCount).toBe(counted);
        expect(counted).toBeGreaterThan(0);
      }
      for (const partition of reference.partitions) {
        expect(partition.owners).toHaveLength(1);
        expect(partition.backups).toHaveLength(1);
        expect(partition.backups[0]).not.toBe(partition.owners[0]);
      }
    }
  });

  it('logs only routine lines', () => {
    const last = history[history.length - 1];
    let lines = 0;
    for (const report of last.values()) {
      lines += report.logs!.entries.length;
      for (const entry of report.logs!.entries) expect(['debug', 'info']).toContain(entry.level);
    }
    expect(lines).toBeGreaterThan(history.length / 2);
  });
});

describe('back to healthy', () => {
  it('finds nothing unhealthy in any poll of the baseline', () => {
    for (const [index, reports] of history.entries()) {
      expect(healthProblems(reports, cluster.clock.now() - (POLLS - 1 - index) * POLL_MS)).toEqual([]);
    }
  });

  it('returns to healthy after every scenario runs at once and everything is reset', async () => {
    const busy = await startTestCluster({ seed: 7 });
    try {
      await busy.advance(2000);
      const faults = ['/nodes/node-4/hang', '/nodes/node-6/garbage', '/nodes/client-1/slow?ms=50', '/nodes/node-1/crash'];
      for (const path of faults) expect((await post(`${busy.control.url}${path}`)).status).toBe(200);
      for (const name of ['peer-recategorize-race', 'full-sync-retries-exhausted', 'registration-loop', 'routing-stuck', 'replica-crash']) {
        expect((await post(`${busy.control.url}/scenarios/${name}/start`)).status).toBe(200);
      }
      await busy.advance(30_000, 500);
      const during = healthProblems(await reportsOfUpNodes(busy), busy.clock.now());
      expect(during.length).toBeGreaterThan(5);

      expect((await post(`${busy.control.url}/reset`)).status).toBe(200);
      await busy.advance(2000);
      const reports = await busy.everyEndpointParses();
      expect([...reports.keys()]).toHaveLength(7);
      expect(healthProblems(reports, busy.clock.now())).toEqual([]);
    } finally {
      await busy.close();
    }
  });
});

async function reportsOfUpNodes(target: TestCluster): Promise<Map<string, NodeReportWire>> {
  const reports = new Map<string, NodeReportWire>();
  for (const state of target.runtime.nodeStates()) {
    if (state.up && state.fault === 'none') reports.set(state.id, await target.report(state.id));
  }
  return reports;
}
