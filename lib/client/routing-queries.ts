import { queryOptions } from '@tanstack/react-query';
import { routingApiViewSchema, type RoutingApiView } from '@/lib/contract/views';
import { clusterApiPath } from './cluster-paths';
import { fetchJson } from './fetch-json';
import { searchString } from './queries';

export type { RoutingApiView };

/** null = the consensus view; otherwise a target id whose own table to show. */
export type RoutingViewChoice = string | null;

/** null = the first table (or the nodes' only one); otherwise a named table (sources with many tables). */
export type RoutingTableChoice = string | null;

export function routingQuery(cluster: string, node: RoutingViewChoice, pollIntervalMs: number, table: RoutingTableChoice = null) {
  const view = node === null ? { view: 'consensus' } : { view: 'node', node };
  const path = clusterApiPath(cluster, `/routing${searchString({ ...view, table: table ?? undefined })}`);
  return queryOptions({
    queryKey: ['routing', cluster, node, table],
    queryFn: ({ signal }) => fetchJson(path, routingApiViewSchema, signal),
    refetchInterval: pollIntervalMs,
  });
}
