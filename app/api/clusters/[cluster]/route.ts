import { clusterView } from '@/lib/api/cluster-views';
import { clusterViewAt, historyOr404 } from '@/lib/api/past-views';
import { clusterJson } from '@/lib/api/per-cycle';
import { clusterQuery } from '@/lib/api/queries';
import { json, parseQuery } from '@/lib/api/respond';
import { withCluster } from '@/lib/api/with-dashboard';

export const dynamic = 'force-dynamic';

/** One cluster: name, mode, poll interval, last cycle, every node's status (as of `at`, from history, when given). */
export const GET = withCluster('GET /api/clusters/[cluster]', async (cluster, request, _params, dashboard) => {
  const query = parseQuery(request, clusterQuery);
  if (!query.ok) return query.response;
  if (query.value.at !== undefined) {
    const history = historyOr404();
    return history.ok ? json(await clusterViewAt(dashboard, cluster, history.store, query.value.at)) : history.response;
  }
  return clusterJson(request, cluster, () => clusterView(dashboard, cluster, query.value));
});
