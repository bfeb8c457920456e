import { describe, expect, it } from 'vitest';
import type { NodeSummary } from '@/lib/contract/api';
import type { NodeReport } from '@/lib/contract/report';
import { cycle, downReport, okReport, roundRobin, routingFeeder } from './fixtures/routing-fixtures';
import { routingAnalyzer } from './routing';
import { buildRoutingView, decodeRuns, encodeRuns, type RoutingSources } from './routing-view';

function summary(report: NodeReport, status: NodeSummary['status']): NodeSummary {
  return {
    id: report.targetId,
    kind: 'native',
    role: report.node?.role ?? 'primary',
    address: report.address,
    status,
    lastPollStatus: report.status,
    reason: null,
    lastSeen: null,
    lastPolledAt: report.fetchedAt,
    latencyMs: null,
    version: null,
    stale: status === 'stale',
  };
}

describe('buildRoutingView', () => {
  const table = roundRobin(['n1', 'n2', 'n3'], 9);
  const moved = table.map((owner, p) => (p === 1 ? 'n3' : owner));
  const first = [okReport('n1', 0, { version: 5, owners: table }), okReport('n2', 0, { version: 5, owners: table }), okReport('n3', 0, { version: 5, owners: table })];
  const second = [
    okReport('n1', 2000, { version: 5, owners: table }),
    okReport('n2', 2000, { version: 6, owners: moved, ownedCount: 9 }),
    downReport('n3', 2000),
    okReport('c1', 2000, { version: 4, owners: table }, 'client'),
  ];
  const feeder = routingFeeder();
  let state = routingAnalyzer.step(routingAnalyzer.initial(), cycle(0, first, feeder)).state;
  const input = cycle(2000, second, feeder);
  state = routingAnalyzer.step(state, input).state;
  const sources: RoutingSources = {
    nodes: second.map((report) => summary(report, report.status === 'ok' ? 'ok' : 'unreachable')),
    latest: input.reports,
    lastOk: input.lastOk,
    graceMs: 15_000,
  };

  it('summarises each node: version, owned reported vs computed, a down node shown stale', () => {
    const view = buildRoutingView(state, sources, { view: 'consensus' }, 2500)!;
    expect(view.newestVersion).toBe('6');
    expect(view.versions).toEqual([
      { version: '6', nodes: ['n2'] },
      { version: '5', nodes: ['n1'] },
    ]);
    const byId = Object.fromEntries(view.nodes.map((row) => [row.id, row]));
    expect(byId.n2).toMatchObject({ table: 'fresh', version: '6', atNewestVersion: true, ownedReported: 9, ownedComputed: 2 });
    expect(byId.n3).toMatchObject({ table: 'stale', status: 'unreachable', version: '5', atNewestVersion: false });
    expect(byId.c1).toMatchObject({ isClient: true, ownedReported: null, version: '4' });
    expect(view.series).toHaveLength(2);
  });

  it('lists only the partitions where the node views differ, with who says what', () => {
    const view = buildRoutingView(state, sources, { view: 'consensus' }, 2500)!;
    expect(view.diff).toEqual({
      total: 1,
      shown: 1,
      partitions: [{ partition: 1, consensus: 'n3', says: [{ owner: 'n2', members: ['n1'], memberCount: 1 }, { owner: 'n3', members: ['n2'], memberCount: 1 }] }],
    });
    const owners = decodeRuns(view.grid!.runs, view.grid!.partitionCount);
    expect([...owners].map((index) => view.grid!.owners[index])).toEqual(moved);
  });

  it("shows one node's own table, and its last one when it is down", () => {
    const n3 = buildRoutingView(state, sources, { view: 'node', node: 'n3' }, 2500)!;
    expect(n3.grid).toMatchObject({ source: 'n3', stale: true, fetchedAt: 0, version: '5' });
    const owners = decodeRuns(n3.grid!.runs, 9);
    expect([...owners].map((index) => n3.grid!.owners[index])).toEqual(table);
    expect(buildRoutingView(state, sources, { view: 'node', node: 'nope' }, 2500)).toBeNull();
  });

  it('encodes 16,384 slots in ranges as a handful of runs', () => {
    const owners = new Int32Array(16_384);
    owners.fill(0, 0, 5461).fill(1, 5461, 10923).fill(2, 10923);
    expect(encodeRuns(owners)).toEqual([0, 5461, 1, 5462, 2, 5461]);
    expect(decodeRuns(encodeRuns(owners), 16_384)).toEqual(owners);
  });

  it('shows what the last cycle decided, even when newer reports arrived since', () => {
    const decided = buildRoutingView(state, sources, { view: 'consensus' }, 2500)!;
    // Mid-cycle: n2 has already answered with the old table again, but no cycle has judged it yet.
    const newer = new Map(input.reports);
    newer.set('n2', okReport('n2', 2600, { version: 5, owners: table }));
    const midCycle = buildRoutingView(state, { ...sources, latest: newer }, { view: 'consensus' }, 2700)!;
    expect(midCycle.diff).toEqual(decided.diff);
    expect(midCycle.newestVersion).toBe(decided.newestVersion);
    expect(midCycle.grid?.runs).toEqual(decided.grid?.runs);
  });
});

