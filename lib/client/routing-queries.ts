import { queryOptions } from '@tanstack/react-query';
import type { ClusterFinding } from '@/lib/contract/api';
import type { RoutingView } from '@/lib/diagnostics/routing-view';
import { clusterApiPath } from './cluster-paths';
import { fetchJson } from './fetch-json';
import { searchString } from './queries';

/** GET /api/routing: the chosen view's grid, the diff, per-node summary, series, and the routing findings. */
export type RoutingApiView = RoutingView & { findings: ClusterFinding[] };

/** null = the consensus view; otherwise a target id whose own table to show. */
export type RoutingViewChoice = string | null;

export function routingQuery(cluster: string, node: RoutingViewChoice, pollIntervalMs: number) {
  const path = clusterApiPath(cluster, `/routing${searchString(node === null ? { view: 'consensus' } : { view: 'node', node })}`);
  return queryOptions({
    queryKey: ['routing', cluster, node],
    queryFn: ({ signal }) => fetchJson<RoutingApiView>(path, signal),
    refetchInterval: pollIntervalMs,
  });
}
