import { clusterView } from '@/lib/api/cluster-views';
import { clusterViewAt, historyOr404 } from '@/lib/api/past-views';
import { clusterJson } from '@/lib/api/per-cycle';
import { clusterQuery } from '@/lib/api/queries';
import { badRequest, json, parseQuery } from '@/lib/api/respond';
import { withCluster } from '@/lib/api/with-dashboard';

export const dynamic = 'force-dynamic';

/** One cluster: name, mode, poll interval, last cycle, node counts and a page of its nodes (as of `at`, from history, when given). */
export const GET = withCluster('GET /api/clusters/[cluster]', async (cluster, request, _params, dashboard) => {
  const query = parseQuery(request, clusterQuery);
  if (!query.ok) return query.response;
  if (query.value.at !== undefined) {
    const history = historyOr404();
    if (!history.ok) return history.response;
    const past = await clusterViewAt(dashboard, cluster, history.store, query.value.at, query.value);
    return past.ok ? json(past.view) : badRequest(past.message);
  }
  // A refused cursor is answered per request (never cached as if it were the cycle's answer).
  const live = clusterView(dashboard, cluster, query.value);
  return live.ok ? clusterJson(request, cluster, () => live.view) : badRequest(live.message);
});
