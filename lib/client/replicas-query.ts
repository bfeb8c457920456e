import { queryOptions } from '@tanstack/react-query';
import { replicasViewSchema } from '@/lib/contract/replicas';
import { fetchJson } from './fetch-json';

/** Who collects which cluster (high availability); polled like the views. */
export function replicasQuery(pollIntervalMs: number) {
  return queryOptions({
    queryKey: ['replicas'],
    queryFn: ({ signal }) => fetchJson('/api/replicas', replicasViewSchema, signal),
    refetchInterval: pollIntervalMs,
  });
}
