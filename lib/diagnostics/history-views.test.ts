import { describe, expect, it } from 'vitest';
import type { NodeSummary } from '@/lib/contract/api';
import type { Finding } from '@/lib/contract/findings';
import { compareMoments, nodesAsOf, pollingGaps } from './history-views';

const AT = Date.UTC(2026, 0, 10, 3, 12);
const targets = ['n1', 'n2', 'n3'].map((id) => ({ id, kind: 'native' as const, address: `${id}:7000` }));
const timing = { at: AT, pollIntervalMs: 5000, maxBackoffMs: 30_000 };

function finding(id: string, status: 'active' | 'resolved' = 'active'): Finding {
  return {
    id,
    kind: 'node.unreachable',
    severity: 'critical',
    subject: { type: 'node', id },
    summary: id,
    evidence: {},
    firstSeen: AT - 60_000,
    lastSeen: AT,
    status,
    resolvedAt: status === 'resolved' ? AT : null,
    class: 'transient',
    logGroups: [],
  };
}

describe('nodes as of a past moment', () => {
  it('judges each node by its newest sample with the live rule; no sample is unknown, an old one stale', () => {
    const nodes = nodesAsOf(
      targets,
      [
        { node: 'n1', at: AT - 2000, status: 'ok', latencyMs: 3, reason: null },
        { node: 'n2', at: AT - 20_000, status: 'unreachable', latencyMs: null, reason: 'connect ECONNREFUSED', reasonCode: 'refused' },
      ],
      timing,
    );
    expect(nodes.map((node) => node.status)).toEqual(['ok', 'unreachable', 'unknown']);
    expect(nodes[1].reason).toEqual({ code: 'refused', message: 'connect ECONNREFUSED' });
    // The same ok sample, read a minute later: nobody polled it since, so it is no longer known to be ok.
    expect(nodesAsOf(targets, [{ node: 'n1', at: AT - 60_000, status: 'ok', latencyMs: 3, reason: null }], timing)[0].status).toBe('stale');
  });
});

describe('gaps in polling', () => {
  it('finds the silence of a restart between cycles, not a late or long cycle', () => {
    const cycle = (startedAt: number, durationMs = 100) => ({ startedAt, durationMs });
    const cycles = [cycle(0), cycle(5000), cycle(10_000, 9000), cycle(20_000), cycle(80_000), cycle(85_000)];
    expect(pollingGaps(cycles, 5000)).toEqual([{ from: 20_100, to: 80_000 }]);
    expect(pollingGaps([], 5000)).toEqual([]);
  });
});

describe('comparing two moments', () => {
  const node = (id: string, status: NodeSummary['status']) => ({ ...nodesAsOf([targets[0]], [], timing)[0], id, status });

  it('names new and resolved findings, nodes that changed and partitions whose owner moved', () => {
    const view = compareMoments({
      from: AT - 600_000,
      to: AT,
      findingsFrom: [finding('gone'), finding('stays')],
      findingsTo: [finding('stays'), finding('new'), finding('gone', 'resolved')],
      nodesFrom: [node('n1', 'ok'), node('n2', 'ok')],
      nodesTo: [node('n1', 'ok'), node('n2', 'unreachable')],
      statusChanges: [],
      routing: [
        { node: 'n1', at: AT - 300_000, version: '8', changed: [{ partition: 3, from: 'n2', to: 'n1' }] },
        { node: 'n3', at: AT - 290_000, version: '8', changed: [{ partition: 3, from: 'n2', to: 'n1' }] },
        { node: 'n1', at: AT - 200_000, version: '9', changed: [{ partition: 5, from: 'n1', to: 'n3' }] },
        { node: 'n1', at: AT - 100_000, version: '10', changed: [{ partition: 5, from: 'n3', to: 'n1' }] },
      ],
    });
    expect(view.newFindings.map((found) => found.id)).toEqual(['new']);
    expect(view.resolvedFindings).toMatchObject([{ id: 'gone', status: 'resolved' }]);
    expect(view.nodesChanged).toEqual([{ node: 'n2', from: 'ok', to: 'unreachable' }]);
    // Partition 5 moved away and back: no change between the moments.
    expect(view.partitionsMoved).toEqual([{ partition: 3, from: 'n2', to: 'n1', seenBy: ['n1', 'n3'], at: AT - 290_000 }]);
  });
});
