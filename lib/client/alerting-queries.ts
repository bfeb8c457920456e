import { queryOptions } from '@tanstack/react-query';
import { alertingStatusViewSchema, type AlertingStatusView } from '@/lib/contract/views';
import { fetchJson } from './fetch-json';

export type { AlertingStatusView };

/** Where findings are delivered and whether that works; polled like the views. */
export function alertingQuery(pollIntervalMs: number) {
  return queryOptions({
    queryKey: ['alerting'],
    queryFn: ({ signal }) => fetchJson('/api/alerting', alertingStatusViewSchema, signal),
    refetchInterval: pollIntervalMs,
  });
}
