import { describe, expect, it } from 'vitest';
import type { Condition } from '@/lib/contract/findings';
import type { NodeReport } from '@/lib/contract/report';
import { runAnalyzer } from './fixtures/harness';
import { okReport, roundRobin } from './fixtures/routing-fixtures';
import { routingAnalyzer, type RoutingState } from './routing';

const NODES = ['n1', 'n2', 'n3'];

/** A history through the shared harness: [now, reports] per cycle. */
function run(cycles: [number, NodeReport[]][]): { state: RoutingState; conditions: Condition[]; perCycle: Condition[][] } {
  const { state, last, perCycle } = runAnalyzer(routingAnalyzer, cycles.map(([now, reports]) => ({ now, reports })), { pollIntervalMs: 2000 });
  return { state, conditions: last, perCycle };
}

function kinds(conditions: Condition[]) {
  return conditions.map((condition) => condition.kind).sort();
}

describe('routing analyzer', () => {
  const table = roundRobin(NODES, 12);

  it('raises nothing when every node has the same table', () => {
    const { conditions, state } = run([
      [1000, NODES.map((id) => okReport(id, 1000, { version: 5, owners: table }))],
      [3000, NODES.map((id) => okReport(id, 3000, { version: 5, owners: table }))],
    ]);
    expect(conditions).toEqual([]);
    expect(state.series.at(-1)).toMatchObject({ divergent: 0, unowned: 0, versions: 1, views: 3 });
  });

  it('tolerates version skew within the grace period', () => {
    const moved = table.map((owner, p) => (p === 4 ? 'n3' : owner));
    const { conditions, state } = run([
      [1000, [okReport('n1', 1000, { version: 6, owners: moved }), okReport('n2', 1000, { version: 5, owners: table }), okReport('n3', 1000, { version: 6, owners: moved })]],
      [11_000, [okReport('n1', 11_000, { version: 6, owners: moved }), okReport('n2', 11_000, { version: 5, owners: table }), okReport('n3', 11_000, { version: 6, owners: moved })]],
    ]);
    expect(conditions).toEqual([]);
    // The chart still shows the partition that differs while the change spreads.
    expect(state.series.at(-1)?.divergent).toBe(1);
  });

  it('raises divergence once versions differ past the grace period, listing who says what', () => {
    const moved = table.map((owner, p) => (p === 4 ? 'n3' : owner));
    const reports = (at: number) => [
      okReport('n1', at, { version: 6, owners: moved }),
      okReport('n2', at, { version: 5, owners: table }),
      okReport('n3', at, { version: 6, owners: moved }),
    ];
    const { conditions } = run([[1000, reports(1000)], [10_000, reports(10_000)], [17_000, reports(17_000)]]);
    expect(kinds(conditions)).toEqual(['routing.divergence']);
    const [divergence] = conditions;
    expect(divergence.class).toBe('persistent');
    expect(divergence.subject).toEqual({ type: 'cluster', id: 'routing' });
    expect(divergence.evidence).toMatchObject({
      partitionCount: 1,
      partitions: [4],
      versionsByNode: 'n1: 6, n2: 5, n3: 6',
    });
    expect(divergence.evidence.whoSaysWhat).toEqual(['4: n3 (n1, n3) vs n2 (n2)']);
  });

  it('raises divergence at once when nodes at the same version disagree, transient until the grace passes', () => {
    const other = table.map((owner, p) => (p === 7 ? 'n3' : owner));
    const [first, later, converged] = run([
      [1000, [okReport('n1', 1000, { version: 5, owners: table }), okReport('n2', 1000, { version: 5, owners: table }), okReport('n3', 1000, { version: 5, owners: other })]],
      [20_000, [okReport('n1', 20_000, { version: 5, owners: table }), okReport('n2', 20_000, { version: 5, owners: table }), okReport('n3', 20_000, { version: 5, owners: other })]],
      [22_000, NODES.map((id) => okReport(id, 22_000, { version: 5, owners: table }))],
    ]).perCycle;
    const divergence = first.find((condition) => condition.kind === 'routing.divergence');
    expect(divergence?.class).toBe('transient');
    expect(divergence?.evidence).toMatchObject({ partitions: [7], sameVersionConflicts: 1 });
    // The same disagreement, still there after the grace period, is persistent.
    expect(later.find((condition) => condition.kind === 'routing.divergence')?.class).toBe('persistent');
    // Converged: nothing left.
    expect(converged).toEqual([]);
  });

  it('flags a node whose reported owned count disagrees with its own table', () => {
    const { conditions } = run([
      [1000, [okReport('n1', 1000, { version: 5, owners: table, ownedCount: 7 }), okReport('n2', 1000, { version: 5, owners: table }), okReport('n3', 1000, { version: 5, owners: table })]],
    ]);
    expect(conditions).toHaveLength(1);
    expect(conditions[0]).toMatchObject({
      kind: 'routing.owned_count_mismatch',
      subject: { type: 'node', id: 'n1', node: 'n1' },
      evidence: { reported: 7, computed: 4 },
    });
  });

  it('raises unowned for a partition with no owner at the newest version', () => {
    const gap = table.map((owner, p) => (p === 2 ? null : owner));
    const { conditions } = run([
      [1000, [
        okReport('n1', 1000, { version: 6, owners: gap }),
        okReport('n2', 1000, { version: 6, owners: gap }),
        okReport('n3', 1000, { version: 6, owners: gap, ownedCount: 3 }),
      ]],
    ]);
    expect(kinds(conditions)).toEqual(['routing.unowned']);
    expect(conditions[0].evidence).toMatchObject({ partitionCount: 1, partitions: [2], version: '6' });
    expect(conditions[0].summary).toContain('partition(s) have no owner');
  });

  it('ignores an older version that still has the partition owned', () => {
    const gapAtOld = table.map((owner, p) => (p === 2 ? null : owner));
    const { conditions } = run([
      [1000, [okReport('n1', 1000, { version: 6, owners: table }), okReport('n2', 1000, { version: 6, owners: table }), okReport('n3', 1000, { version: 5, owners: gapAtOld, ownedCount: 3 })]],
    ]);
    expect(kinds(conditions)).toEqual([]);
  });

  it('raises multi_owner when two nodes each claim a partition at the newest version', () => {
    // Partition 0 belongs to n1; n2's table says n2 owns it too.
    const claim = table.map((owner, p) => (p === 0 ? 'n2' : owner));
    const { conditions } = run([
      [1000, [okReport('n1', 1000, { version: 6, owners: table }), okReport('n2', 1000, { version: 6, owners: claim }), okReport('n3', 1000, { version: 6, owners: table })]],
    ]);
    expect(kinds(conditions)).toEqual(['routing.divergence', 'routing.multi_owner']);
    const multi = conditions.find((condition) => condition.kind === 'routing.multi_owner');
    expect(multi?.evidence).toMatchObject({ partitionCount: 1, partitions: [0] });
    expect(multi?.evidence.whoSaysWhat).toEqual(['0: n1 (n1, n3) vs n2 (n2)']);
  });

  it('leaves out down nodes and clients from the comparison', () => {
    const stale = table.map(() => 'n1');
    const { conditions } = run([
      [1000, [
        okReport('n1', 1000, { version: 6, owners: table }),
        okReport('n2', 1000, { version: 6, owners: table }),
        okReport('c1', 1000, { version: 1, owners: stale }, 'client'),
      ]],
      [30_000, [
        okReport('n1', 30_000, { version: 6, owners: table }),
        okReport('n2', 30_000, { version: 6, owners: table }),
        okReport('c1', 30_000, { version: 1, owners: stale }, 'client'),
      ]],
    ]);
    expect(conditions).toEqual([]);
  });

  it('keeps the series bounded', () => {
    const { state } = run(Array.from({ length: 800 }, (_, i): [number, NodeReport[]] => [i * 2000, [okReport('n1', i * 2000, { version: 1, owners: ['n1'] })]]));
    expect(state.series.length).toBeLessThanOrEqual(720);
  });

  it('handles 16,384 partitions on many nodes', () => {
    const nodes = Array.from({ length: 24 }, (_, i) => `r${i}`);
    const slots = roundRobin(nodes, 16_384);
    const moved = slots.map((owner, p) => (p < 5461 ? 'r1' : owner));
    const reports = (at: number) =>
      nodes.map((id, i) => okReport(id, at, { version: i === 3 ? 41 : 42, owners: i === 3 ? slots : moved, ballots: 42 }));
    const inputs: [number, NodeReport[]][] = [[0, reports(0)], [20_000, reports(20_000)]];
    const { conditions } = run(inputs);
    const divergence = conditions.find((condition) => condition.kind === 'routing.divergence');
    expect(divergence?.evidence.partitionCount).toBe(5461 - Math.ceil(5461 / 24));
    expect((divergence?.evidence.partitions as number[]).length).toBe(20);
  });

  it('compares 1,000 nodes sharing one 16,384-slot table (as the Redis adapter shares equal tables)', () => {
    const masters = ['m0', 'm1', 'm2'];
    const shared = okReport('m0', 0, { version: 7, owners: Array.from({ length: 16_384 }, (_, slot) => masters[Math.floor(slot / 5462)]), ballots: 7 });
    const reports = Array.from({ length: 1000 }, (_, i) => ({
      ...shared,
      targetId: `r${i}`,
      node: shared.node ? { ...shared.node, id: `r${i}` } : null,
      routing: shared.routing ? { ...shared.routing, ownedCount: 0 } : null,
    }));
    const { conditions, state } = run([[0, reports], [2000, reports]]);
    expect(conditions).toEqual([]);
    expect(state.series.at(-1)).toMatchObject({ divergent: 0, views: 1000 });
  });
});
