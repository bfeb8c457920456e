import { routingQuery } from '@/lib/api/queries';
import { json, notFound, parseQuery } from '@/lib/api/respond';
import { withCluster } from '@/lib/api/with-dashboard';
import { routingView } from '@/lib/api/view-builders';

export const dynamic = 'force-dynamic';

export const GET = withCluster('GET /api/clusters/[cluster]/routing', (runtime, request) => {
  const query = parseQuery(request, routingQuery);
  if (!query.ok) return query.response;
  const { node } = query.value;
  const view = routingView(runtime, node ?? null);
  if (!view) return notFound(`no target with id "${node}" in the cluster config`);
  return json(view);
});
