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

/** As of `at` (null = live) the view is read once from history. */
export function routingQuery(cluster: string, node: RoutingViewChoice, pollIntervalMs: number, table: RoutingTableChoice = null, at: number | null = null) {
  const view = node === null ? { view: 'consensus' } : { view: 'node', node };
  // Built on the server too (the page's prefetch): no client-only helper here.
  const path = clusterApiPath(cluster, `/routing${searchString({ ...view, table: table ?? undefined, at: at === null ? undefined : String(at) })}`);
  return queryOptions({
    queryKey: at === null ? ['routing', cluster, node, table] : ['routing', cluster, node, table, { at }],
    queryFn: ({ signal }) => fetchJson(path, routingApiViewSchema, signal),
    refetchInterval: at === null ? pollIntervalMs : false,
  });
}
