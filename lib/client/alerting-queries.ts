import { queryOptions } from '@tanstack/react-query';
import type { AlertingStatus } from '@/lib/alerting/notifier';
import { fetchJson } from './fetch-json';

export type AlertingStatusView = AlertingStatus & { generatedAt: number };

/** Where findings are delivered and whether that works; polled like the views. */
export function alertingQuery(pollIntervalMs: number) {
  return queryOptions({
    queryKey: ['alerting'],
    queryFn: ({ signal }) => fetchJson<AlertingStatusView>('/api/alerting', signal),
    refetchInterval: pollIntervalMs,
  });
}
