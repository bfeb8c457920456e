import { clusterView } from '@/lib/api/cluster-views';
import { noParameters } from '@/lib/api/queries';
import { json, parseQuery } from '@/lib/api/respond';
import { withCluster } from '@/lib/api/with-dashboard';

export const dynamic = 'force-dynamic';

/** One cluster: name, mode, poll interval, last cycle, every node's status. */
export const GET = withCluster('GET /api/clusters/[cluster]', (cluster, request, _params, dashboard) => {
  const query = parseQuery(request, noParameters);
  if (!query.ok) return query.response;
  return json(clusterView(dashboard, cluster));
});
