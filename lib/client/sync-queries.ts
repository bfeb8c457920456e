import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { syncViewSchema } from '@/lib/contract/views';
import type { SyncViewParams } from '@/lib/diagnostics/sync-view';
import { clusterApiPath } from './cluster-paths';
import { fetchJson } from './fetch-json';
import { searchString } from './queries';

/** The sync view: links per primary with their verdicts, and the history of one link. */
export function syncQuery(cluster: string, params: SyncViewParams, pollIntervalMs: number) {
  return queryOptions({
    queryKey: ['sync', cluster, params.primary ?? null, params.link ?? null],
    queryFn: ({ signal }) => fetchJson(clusterApiPath(cluster, `/sync${searchString({ primary: params.primary, link: params.link })}`), syncViewSchema, signal),
    refetchInterval: pollIntervalMs,
    // Switching the charted link keeps the table on screen instead of flashing a skeleton.
    placeholderData: keepPreviousData,
  });
}
