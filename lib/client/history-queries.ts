import { queryOptions } from '@tanstack/react-query';
import type { CompareView } from '@/lib/diagnostics/history-views';
import type { StorageView } from '@/lib/store/persistence/status-view';
import { clusterApiPath } from './cluster-paths';
import { fetchJson } from './fetch-json';

/** What changed between two moments: fixed history, fetched once. */
export function compareQuery(cluster: string, at: number, compare: number | null) {
  const second = compare === null ? '' : `&compare=${compare}`;
  return queryOptions({
    queryKey: ['compare', cluster, at, compare],
    queryFn: ({ signal }) => fetchJson<CompareView & { cluster: string }>(clusterApiPath(cluster, `/compare?at=${at}${second}`), signal),
  });
}

/** Where history is kept and whether writing it works; polled like the views. */
export function storageQuery(pollIntervalMs: number) {
  return queryOptions({
    queryKey: ['storage'],
    queryFn: ({ signal }) => fetchJson<StorageView>('/api/storage', signal),
    refetchInterval: pollIntervalMs,
  });
}
