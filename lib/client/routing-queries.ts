import { queryOptions } from '@tanstack/react-query';
import type { ClusterFinding } from '@/lib/contract/api';
import type { RoutingTableSummary } from '@/lib/diagnostics/routing-tables-view';
import type { RoutingView } from '@/lib/diagnostics/routing-view';
import { clusterApiPath } from './cluster-paths';
import { fetchJson } from './fetch-json';
import { searchString } from './queries';

/** GET /api/routing: the chosen view's grid, the diff, per-node summary, series, and the routing findings. */
export type RoutingApiView = RoutingView & {
  findings: ClusterFinding[];
  /** The table shown ("" = the nodes' one table) and every table of the cluster, with counts. */
  table: string;
  tables: RoutingTableSummary[];
};

/** null = the consensus view; otherwise a target id whose own table to show. */
export type RoutingViewChoice = string | null;

/** null = the first table (or the nodes' only one); otherwise a named table (sources with many tables). */
export type RoutingTableChoice = string | null;

export function routingQuery(cluster: string, node: RoutingViewChoice, pollIntervalMs: number, table: RoutingTableChoice = null) {
  const view = node === null ? { view: 'consensus' } : { view: 'node', node };
  const path = clusterApiPath(cluster, `/routing${searchString({ ...view, table: table ?? undefined })}`);
  return queryOptions({
    queryKey: ['routing', cluster, node, table],
    queryFn: ({ signal }) => fetchJson<RoutingApiView>(path, signal),
    refetchInterval: pollIntervalMs,
  });
}
