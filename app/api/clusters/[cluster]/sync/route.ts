import { historyOr404, syncViewAt } from '@/lib/api/past-views';
import { syncQuery } from '@/lib/api/queries';
import { clusterJson } from '@/lib/api/per-cycle';
import { json, notFound, parseQuery } from '@/lib/api/respond';
import { withCluster } from '@/lib/api/with-dashboard';
import { syncView } from '@/lib/api/view-builders';

export const dynamic = 'force-dynamic';

/** Replication links with their verdicts; as of `at`, from the link samples in history. */
export const GET = withCluster('GET /api/clusters/[cluster]/sync', async (runtime, request) => {
  const query = parseQuery(request, syncQuery);
  if (!query.ok) return query.response;
  const { primary, link, at } = query.value;
  if (primary && !runtime.store.has(primary)) return notFound(`no target with id "${primary}" in the cluster config`);
  if (at !== undefined) {
    const history = historyOr404();
    return history.ok ? json(await syncViewAt(runtime, history.store, at, { primary, link })) : history.response;
  }
  return clusterJson(request, runtime, () => syncView(runtime, { primary, link }));
});
