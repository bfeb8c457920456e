import { describe, expect, it } from 'vitest';
import { COLLECTOR_MOVED_INTERVALS, collectorMovedConditions } from './collector-moved';

const move = { cluster: 'alpha', from: 'web-1', to: 'web-2', term: 7, at: 1_000_000 };

describe('dashboard.collector_moved', () => {
  it('is a transient warning about the cluster, with from, to, term and at as evidence, while the move is recent', () => {
    const [condition] = collectorMovedConditions(move, move.at + 1000, 1000);
    expect(condition).toMatchObject({ kind: 'dashboard.collector_moved', severity: 'warning', class: 'transient', subject: { type: 'cluster', id: 'alpha' }, since: move.at });
    expect(condition.evidence).toEqual({ from: 'web-1', to: 'web-2', term: 7, at: move.at });
  });

  it('is gone after a few intervals, and there is none without a move', () => {
    expect(collectorMovedConditions(move, move.at + COLLECTOR_MOVED_INTERVALS * 1000 - 1, 1000)).toHaveLength(1);
    expect(collectorMovedConditions(move, move.at + COLLECTOR_MOVED_INTERVALS * 1000, 1000)).toEqual([]);
    expect(collectorMovedConditions(null, move.at, 1000)).toEqual([]);
  });
});
