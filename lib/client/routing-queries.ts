import { queryOptions } from '@tanstack/react-query';
import { routingPageViewSchema, type RoutingPageView } from '@/lib/contract/views';
import { clusterApiPath } from './cluster-paths';
import { fetchJson } from './fetch-json';
import { searchString } from './queries';

export type { RoutingPageView };

/** null = the consensus view; otherwise a target id whose own table to show. */
export type RoutingViewChoice = string | null;

/** null = the first table (or the nodes' only one); otherwise a named table (sources with many tables). */
export type RoutingTableChoice = string | null;

/** The per-node table asks for this many nodes at a time; a small cluster is one page. */
export const ROUTING_NODES_PAGE_SIZE = 100;

/** The chosen view with the page of the per-node table starting at `offset`; as of `at` (null = live) read once from history. */
export function routingQuery(cluster: string, node: RoutingViewChoice, pollIntervalMs: number, table: RoutingTableChoice = null, at: number | null = null, offset = 0) {
  const view = node === null ? { view: 'consensus' } : { view: 'node', node };
  // Built on the server too (the page's prefetch): no client-only helper here.
  const search = searchString({
    ...view,
    table: table ?? undefined,
    offset: offset > 0 ? String(offset) : undefined,
    limit: String(ROUTING_NODES_PAGE_SIZE),
    at: at === null ? undefined : String(at),
  });
  const key = ['routing', cluster, node, table, offset];
  return queryOptions({
    queryKey: at === null ? key : [...key, { at }],
    queryFn: ({ signal }) => fetchJson(clusterApiPath(cluster, `/routing${search}`), routingPageViewSchema, signal),
    refetchInterval: at === null ? pollIntervalMs : false,
  });
}
