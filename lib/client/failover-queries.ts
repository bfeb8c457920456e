import { queryOptions } from '@tanstack/react-query';
import type { ClusterFinding } from '@/lib/contract/api';
import type { TableFailoverView } from '@/lib/diagnostics/routing-tables-view';
import { clusterApiPath } from './cluster-paths';
import { fetchJson } from './fetch-json';

/** GET /api/failover: incidents as timelines, members on an old ballot now, and the failover findings. */
export type FailoverApiView = TableFailoverView & { findings: ClusterFinding[] };

export function failoverQuery(cluster: string, status: 'active' | 'all', pollIntervalMs: number) {
  return queryOptions({
    queryKey: ['failover', cluster, status],
    queryFn: ({ signal }) => fetchJson<FailoverApiView>(clusterApiPath(cluster, `/failover?status=${status}`), signal),
    refetchInterval: pollIntervalMs,
  });
}
