import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { syncViewSchema } from '@/lib/contract/views';
import type { SyncViewParams } from '@/lib/diagnostics/sync-view';
import { clusterApiPath } from './cluster-paths';
import { fetchJson } from './fetch-json';
import { searchString } from './queries';
import { atSearch } from './use-as-of';

/** The sync view: links per primary with their verdicts, and the history of one link; as of `at`, once. */
export function syncQuery(cluster: string, params: SyncViewParams, pollIntervalMs: number, at: number | null = null) {
  const search = searchString({ primary: params.primary, link: params.link });
  const key = ['sync', cluster, params.primary ?? null, params.link ?? null];
  return queryOptions({
    queryKey: at === null ? key : [...key, { at }],
    queryFn: ({ signal }) => fetchJson(clusterApiPath(cluster, `/sync${search}${atSearch(at, search ? '&' : '?')}`), syncViewSchema, signal),
    refetchInterval: at === null ? pollIntervalMs : false,
    // Switching the charted link keeps the table on screen instead of flashing a skeleton.
    placeholderData: keepPreviousData,
  });
}
