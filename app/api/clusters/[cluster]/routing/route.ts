import { routingQuery } from '@/lib/api/queries';
import { clusterJson, clusterVersion, perCycle, requestKey } from '@/lib/api/per-cycle';
import { notFound, parseQuery } from '@/lib/api/respond';
import { withCluster } from '@/lib/api/with-dashboard';
import { routingTableOf, routingView } from '@/lib/api/view-builders';

export const dynamic = 'force-dynamic';

export const GET = withCluster('GET /api/clusters/[cluster]/routing', (runtime, request) => {
  const query = parseQuery(request, routingQuery);
  if (!query.ok) return query.response;
  const { node, table } = query.value;
  if (routingTableOf(runtime, table ?? null) === null) return notFound(`no table "${table}" in this cluster's routing`);
  const view = perCycle(runtime, clusterVersion(runtime), `answer ${requestKey(request)}`, () => routingView(runtime, node ?? null, table ?? null));
  if (!view) return notFound(`no target with id "${node}" in the cluster config`);
  return clusterJson(request, runtime, () => view);
});
