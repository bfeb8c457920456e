import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { syncViewSchema } from '@/lib/contract/views';
import type { SyncViewParams } from '@/lib/diagnostics/sync-view';
import { clusterApiPath } from './cluster-paths';
import { fetchJson } from './fetch-json';
import { searchString } from './queries';

/** The sync view: links per primary with their verdicts, and the history of one link; as of `at`, once. */
export function syncQuery(cluster: string, params: SyncViewParams, pollIntervalMs: number, at: number | null = null) {
  // Built on the server too (the page's prefetch): no client-only helper here.
  const search = searchString({ primary: params.primary, link: params.link, at: at === null ? undefined : String(at) });
  const key = ['sync', cluster, params.primary ?? null, params.link ?? null];
  return queryOptions({
    queryKey: at === null ? key : [...key, { at }],
    queryFn: ({ signal }) => fetchJson(clusterApiPath(cluster, `/sync${search}`), syncViewSchema, signal),
    refetchInterval: at === null ? pollIntervalMs : false,
    // Switching the charted link keeps the table on screen instead of flashing a skeleton.
    placeholderData: keepPreviousData,
  });
}
