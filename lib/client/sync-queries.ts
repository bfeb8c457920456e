import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import type { SyncView, SyncViewParams } from '@/lib/diagnostics/sync-view';
import { fetchJson } from './fetch-json';
import { searchString } from './queries';

/** The sync view: links per primary with their verdicts, and the history of one link. */
export function syncQuery(params: SyncViewParams, pollIntervalMs: number) {
  return queryOptions({
    queryKey: ['sync', params.primary ?? null, params.link ?? null],
    queryFn: ({ signal }) => fetchJson<SyncView>(`/api/sync${searchString({ primary: params.primary, link: params.link })}`, signal),
    refetchInterval: pollIntervalMs,
    // Switching the charted link keeps the table on screen instead of flashing a skeleton.
    placeholderData: keepPreviousData,
  });
}
