import { queryOptions } from '@tanstack/react-query';
import { peersResponseSchema } from '@/lib/contract/views';
import { clusterApiPath } from './cluster-paths';
import { fetchJson } from './fetch-json';
import { searchString } from './queries';

export type PeersFilter = { node?: string; category?: string; q?: string };

/** The peers view (per-node categories, peers with their moves, peer findings), polled at the cluster's interval; as of `at`, once. */
export function peersQuery(cluster: string, filter: PeersFilter, pollIntervalMs: number, at: number | null = null) {
  // Built on the server too (the page's prefetch): no client-only helper here.
  const path = clusterApiPath(cluster, `/peers${searchString({ node: filter.node, category: filter.category, q: filter.q, at: at === null ? undefined : String(at) })}`);
  const key = ['peers', cluster, filter.node ?? null, filter.category ?? null, filter.q ?? null];
  return queryOptions({
    queryKey: at === null ? key : [...key, { at }],
    queryFn: ({ signal }) => fetchJson(path, peersResponseSchema, signal),
    refetchInterval: at === null ? pollIntervalMs : false,
    // Keep showing the previous table while a new filter loads.
    placeholderData: (previous) => previous,
  });
}
