import { queryOptions } from '@tanstack/react-query';
import { failoverApiViewSchema, type FailoverApiView } from '@/lib/contract/views';
import { clusterApiPath } from './cluster-paths';
import { fetchJson } from './fetch-json';
import { atSearch } from './use-as-of';

export type { FailoverApiView };

export function failoverQuery(cluster: string, status: 'active' | 'all', pollIntervalMs: number, at: number | null = null) {
  return queryOptions({
    queryKey: at === null ? ['failover', cluster, status] : ['failover', cluster, status, { at }],
    queryFn: ({ signal }) => fetchJson(clusterApiPath(cluster, `/failover?status=${status}${atSearch(at, '&')}`), failoverApiViewSchema, signal),
    refetchInterval: at === null ? pollIntervalMs : false,
  });
}
