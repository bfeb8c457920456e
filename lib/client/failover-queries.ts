import { queryOptions } from '@tanstack/react-query';
import type { ClusterFinding } from '@/lib/contract/api';
import type { TableFailoverView } from '@/lib/diagnostics/routing-tables-view';
import { clusterApiPath } from './cluster-paths';
import { fetchJson } from './fetch-json';
import { atSearch } from './use-as-of';

/** GET /api/failover: incidents as timelines, members on an old ballot now, and the failover findings. */
export type FailoverApiView = TableFailoverView & { findings: ClusterFinding[] };

export function failoverQuery(cluster: string, status: 'active' | 'all', pollIntervalMs: number, at: number | null = null) {
  return queryOptions({
    queryKey: at === null ? ['failover', cluster, status] : ['failover', cluster, status, { at }],
    queryFn: ({ signal }) => fetchJson<FailoverApiView>(clusterApiPath(cluster, `/failover?status=${status}${atSearch(at, '&')}`), signal),
    refetchInterval: at === null ? pollIntervalMs : false,
  });
}
