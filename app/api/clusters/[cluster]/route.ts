import { clusterView } from '@/lib/api/cluster-views';
import { clusterQuery } from '@/lib/api/queries';
import { clusterJson } from '@/lib/api/per-cycle';
import { parseQuery } from '@/lib/api/respond';
import { withCluster } from '@/lib/api/with-dashboard';

export const dynamic = 'force-dynamic';

/** One cluster: name, mode, poll interval, last cycle, every node's status. */
export const GET = withCluster('GET /api/clusters/[cluster]', (cluster, request, _params, dashboard) => {
  const query = parseQuery(request, clusterQuery);
  if (!query.ok) return query.response;
  return clusterJson(request, cluster, () => clusterView(dashboard, cluster, query.value));
});
