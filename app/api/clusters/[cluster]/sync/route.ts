import { historyOr404, syncViewAt } from '@/lib/api/past-views';
import { syncQuery } from '@/lib/api/queries';
import { perCycleJson } from '@/lib/api/per-cycle';
import { badRequest, json, notFound, parseQuery } from '@/lib/api/respond';
import { liveSyncPage, syncPage } from '@/lib/api/sync-page';
import { withCluster } from '@/lib/api/with-dashboard';

export const dynamic = 'force-dynamic';

/** Replication links with their verdicts, a page of primaries at a time; as of `at`, from the link samples in history. */
export const GET = withCluster('GET /api/clusters/[cluster]/sync', async (runtime, request) => {
  const query = parseQuery(request, syncQuery);
  if (!query.ok) return query.response;
  const { primary, link, at, offset, limit, cursor } = query.value;
  if (primary && !runtime.store.has(primary)) return notFound(`no target with id "${primary}" in the cluster config`);
  if (at !== undefined) {
    const history = historyOr404();
    if (!history.ok) return history.response;
    const past = syncPage(await syncViewAt(runtime, history.store, at, { primary, link }), { offset, limit, cursor }, `at-${at}`);
    return past.ok ? json(past.view) : badRequest(past.message);
  }
  // A refused cursor is answered per request (never cached as if it were the cycle's answer).
  const live = liveSyncPage(runtime, { primary, link }, { offset, limit, cursor });
  // The version the answer shows: the last complete one while the new cycle's is being built.
  return live.ok ? perCycleJson(request, runtime, live.version, () => live.view) : badRequest(live.message);
});
