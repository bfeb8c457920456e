import { historyOr404, peersViewAt } from '@/lib/api/past-views';
import { peersQuery } from '@/lib/api/queries';
import { clusterJson } from '@/lib/api/per-cycle';
import { json, notFound, parseQuery } from '@/lib/api/respond';
import { withCluster } from '@/lib/api/with-dashboard';
import { peersView } from '@/lib/api/view-builders';

export const dynamic = 'force-dynamic';

/** Each node's peers and categories; as of `at`, replayed from history. */
export const GET = withCluster('GET /api/clusters/[cluster]/peers', async (runtime, request) => {
  const query = parseQuery(request, peersQuery);
  if (!query.ok) return query.response;
  const { node, category, q, limit, at } = query.value;
  if (node && !runtime.store.has(node)) return notFound(`no target with id "${node}" in the cluster config`);
  if (at !== undefined) {
    const history = historyOr404();
    return history.ok ? json(await peersViewAt(runtime, history.store, at, { node, category, q, limit })) : history.response;
  }
  return clusterJson(request, runtime, () => peersView(runtime, { node, category, q, limit }));
});
