import { queryOptions } from '@tanstack/react-query';
import type { Finding } from '@/lib/contract/findings';
import type { RoutingView } from '@/lib/diagnostics/routing-view';
import { fetchJson } from './fetch-json';
import { searchString } from './queries';

/** GET /api/routing: the chosen view's grid, the diff, per-node summary, series, and the routing findings. */
export type RoutingApiView = RoutingView & { findings: Finding[] };

/** null = the consensus view; otherwise a target id whose own table to show. */
export type RoutingViewChoice = string | null;

export function routingQuery(node: RoutingViewChoice, pollIntervalMs: number) {
  const path = `/api/routing${searchString(node === null ? { view: 'consensus' } : { view: 'node', node })}`;
  return queryOptions({
    queryKey: ['routing', node],
    queryFn: ({ signal }) => fetchJson<RoutingApiView>(path, signal),
    refetchInterval: pollIntervalMs,
  });
}
