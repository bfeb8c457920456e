import { queryOptions } from '@tanstack/react-query';
import { peersResponseSchema } from '@/lib/contract/views';
import { clusterApiPath } from './cluster-paths';
import { fetchJson } from './fetch-json';
import { searchString } from './queries';

export type PeersFilter = { node?: string; category?: string; q?: string };

/** The peers view (per-node categories, peers with their moves, peer findings), polled at the cluster's interval. */
export function peersQuery(cluster: string, filter: PeersFilter, pollIntervalMs: number) {
  const path = clusterApiPath(cluster, `/peers${searchString({ node: filter.node, category: filter.category, q: filter.q })}`);
  return queryOptions({
    queryKey: ['peers', cluster, filter.node ?? null, filter.category ?? null, filter.q ?? null],
    queryFn: ({ signal }) => fetchJson(path, peersResponseSchema, signal),
    refetchInterval: pollIntervalMs,
    // Keep showing the previous table while a new filter loads.
    placeholderData: (previous) => previous,
  });
}
