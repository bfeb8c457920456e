import { queryOptions } from '@tanstack/react-query';
import type { Finding } from '@/lib/contract/findings';
import type { FailoverView } from '@/lib/diagnostics/failover-view';
import { fetchJson } from './fetch-json';

/** GET /api/failover: incidents as timelines, members on an old ballot now, and the failover findings. */
export type FailoverApiView = FailoverView & { findings: Finding[] };

export function failoverQuery(status: 'active' | 'all', pollIntervalMs: number) {
  return queryOptions({
    queryKey: ['failover', status],
    queryFn: ({ signal }) => fetchJson<FailoverApiView>(`/api/failover?status=${status}`, signal),
    refetchInterval: pollIntervalMs,
  });
}
