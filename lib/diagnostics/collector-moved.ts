import type { Condition } from '@/lib/contract/findings';

/** A move of the collector stays a finding this many poll intervals, then resolves (transient). */
export const COLLECTOR_MOVED_INTERVALS = 6;

/** A cluster's collector moved from one dashboard replica to another (high availability). */
export type CollectorMove = { cluster: string; from: string; to: string; term: number; at: number };

/**
 * The `dashboard.collector_moved` condition while the move is recent: a
 * warning, transient, about the cluster itself. Pure: the move and `now` in.
 */
export function collectorMovedConditions(move: CollectorMove | null, now: number, pollIntervalMs: number): Condition[] {
  if (!move || now - move.at >= COLLECTOR_MOVED_INTERVALS * pollIntervalMs) return [];
  return [
    {
      kind: 'dashboard.collector_moved',
      severity: 'warning',
      subject: { type: 'cluster', id: move.cluster },
      summary: `The collector of ${move.cluster} moved from replica ${move.from} to ${move.to} (term ${move.term})`,
      evidence: { from: move.from, to: move.to, term: move.term, at: move.at },
      class: 'transient',
      since: move.at,
    },
  ];
}
