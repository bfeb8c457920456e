import { queryOptions } from '@tanstack/react-query';
import { compareAnswerSchema, storageViewSchema } from '@/lib/contract/views';
import { clusterApiPath } from './cluster-paths';
import { fetchJson } from './fetch-json';

/** What changed between two moments: fixed history, fetched once. */
export function compareQuery(cluster: string, at: number, compare: number | null) {
  const second = compare === null ? '' : `&compare=${compare}`;
  return queryOptions({
    queryKey: ['compare', cluster, at, compare],
    queryFn: ({ signal }) => fetchJson(clusterApiPath(cluster, `/compare?at=${at}${second}`), compareAnswerSchema, signal),
  });
}

/** Where history is kept and whether writing it works; polled like the views. */
export function storageQuery(pollIntervalMs: number) {
  return queryOptions({
    queryKey: ['storage'],
    queryFn: ({ signal }) => fetchJson('/api/storage', storageViewSchema, signal),
    refetchInterval: pollIntervalMs,
  });
}
