import { nodeDetailView } from '@/lib/api/cluster-views';
import { noParameters } from '@/lib/api/queries';
import { json, notFound, parseQuery } from '@/lib/api/respond';
import { withCluster } from '@/lib/api/with-dashboard';

export const dynamic = 'force-dynamic';

export const GET = withCluster<{ cluster: string; id: string }>('GET /api/clusters/[cluster]/nodes/[id]', (cluster, request, { id }) => {
  const query = parseQuery(request, noParameters);
  if (!query.ok) return query.response;
  const view = nodeDetailView(cluster, id);
  if (!view) return notFound(`no target with id "${id}" in cluster "${cluster.name}"`);
  return json(view);
});
