import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { syncPageViewSchema } from '@/lib/contract/views';
import type { SyncViewParams } from '@/lib/diagnostics/sync-view';
import { clusterApiPath } from './cluster-paths';
import { fetchJson } from './fetch-json';
import { searchString } from './queries';

/** The topology asks for this many primaries (each with all its links) at a time; a small cluster is one page. */
export const SYNC_GROUPS_PAGE_SIZE = 50;

/**
 * The sync view: links per primary with their verdicts, the page of primaries
 * starting at `offset`, and the history of one link; as of `at`, once.
 */
export function syncQuery(cluster: string, params: SyncViewParams, pollIntervalMs: number, at: number | null = null, offset = 0) {
  // Built on the server too (the page's prefetch): no client-only helper here.
  const search = searchString({
    primary: params.primary,
    link: params.link,
    offset: offset > 0 ? String(offset) : undefined,
    limit: String(SYNC_GROUPS_PAGE_SIZE),
    at: at === null ? undefined : String(at),
  });
  const key = ['sync', cluster, params.primary ?? null, params.link ?? null, offset];
  return queryOptions({
    queryKey: at === null ? key : [...key, { at }],
    queryFn: ({ signal }) => fetchJson(clusterApiPath(cluster, `/sync${search}`), syncPageViewSchema, signal),
    refetchInterval: at === null ? pollIntervalMs : false,
    // Switching the charted link keeps the table on screen instead of flashing a skeleton.
    placeholderData: offset === 0 ? keepPreviousData : undefined,
  });
}
