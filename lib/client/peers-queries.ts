import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { peersPageViewSchema } from '@/lib/contract/views';
import { clusterApiPath } from './cluster-paths';
import { fetchJson } from './fetch-json';
import { searchString } from './queries';

export type PeersFilter = { node?: string; category?: string; q?: string };

/** The per-node table asks for this many nodes at a time; a small cluster is one page. */
export const PEERS_NODES_PAGE_SIZE = 100;

/**
 * The peers view (summary of every node, per-node categories a page at a
 * time, peers with their moves, peer findings), polled at the cluster's
 * interval; as of `at`, once. A later page of the per-node table (`offset`
 * > 0) asks for no peer rows: the first page carries them.
 */
export function peersQuery(cluster: string, filter: PeersFilter, pollIntervalMs: number, at: number | null = null, offset = 0) {
  // Built on the server too (the page's prefetch): no client-only helper here.
  const search = searchString({
    node: filter.node,
    category: filter.category,
    q: filter.q,
    offset: offset > 0 ? String(offset) : undefined,
    limit: String(PEERS_NODES_PAGE_SIZE),
    peers: offset > 0 ? '0' : undefined,
    at: at === null ? undefined : String(at),
  });
  const key = ['peers', cluster, filter.node ?? null, filter.category ?? null, filter.q ?? null, offset];
  return queryOptions({
    queryKey: at === null ? key : [...key, { at }],
    queryFn: ({ signal }) => fetchJson(clusterApiPath(cluster, `/peers${search}`), peersPageViewSchema, signal),
    refetchInterval: at === null ? pollIntervalMs : false,
    // Keep showing the previous table while a new filter loads.
    placeholderData: offset === 0 ? keepPreviousData : undefined,
  });
}
