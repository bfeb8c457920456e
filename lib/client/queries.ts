import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import type { ClusterView, FindingsView, NodeDetailView } from '@/lib/contract/api';
import type { FindingKind } from '@/lib/contract/findings';
import { fetchJson } from './fetch-json';

/** Until the cluster tells us its poll interval, poll at the config default. */
export const DEFAULT_POLL_INTERVAL_MS = 5_000;

/** The cluster: name, mode, poll interval, last cycle, every node's status. Polls at its own interval. */
export function clusterQuery() {
  return queryOptions({
    queryKey: ['cluster'],
    queryFn: ({ signal }) => fetchJson<ClusterView>('/api/cluster', signal),
    refetchInterval: (query) => query.state.data?.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS,
  });
}

/** The cluster's poll interval for other views' refetchInterval (default until the cluster is known). */
export function usePollInterval(): number {
  const { data } = useQuery({ ...clusterQuery(), select: (cluster) => cluster.pollIntervalMs });
  return data ?? DEFAULT_POLL_INTERVAL_MS;
}

export type FindingsFilter = {
  /** Defaults to active findings. */
  status?: 'active' | 'resolved' | 'all';
  kind?: FindingKind;
  node?: string;
};

/** Builds `?a=b` from the set values only, so the server never sees empty parameters. */
export function searchString(params: Record<string, string | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== '') search.set(key, value);
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** Findings, filtered on the server. */
export function findingsQuery(filter: FindingsFilter, pollIntervalMs: number) {
  const status = filter.status ?? 'active';
  const path = `/api/findings${searchString({ status, kind: filter.kind, node: filter.node })}`;
  return queryOptions({
    queryKey: ['findings', status, filter.kind ?? null, filter.node ?? null],
    queryFn: ({ signal }) => fetchJson<FindingsView>(path, signal),
    refetchInterval: pollIntervalMs,
    // Changing a filter keeps the current list on screen until the new one arrives.
    placeholderData: keepPreviousData,
  });
}

/** One node: summary, last raw report, status samples and status changes. */
export function nodeQuery(id: string, pollIntervalMs: number) {
  return queryOptions({
    queryKey: ['node', id],
    queryFn: ({ signal }) => fetchJson<NodeDetailView>(`/api/nodes/${encodeURIComponent(id)}`, signal),
    refetchInterval: pollIntervalMs,
  });
}
