import { peersQuery } from '@/lib/api/queries';
import { clusterJson } from '@/lib/api/per-cycle';
import { notFound, parseQuery } from '@/lib/api/respond';
import { withCluster } from '@/lib/api/with-dashboard';
import { peersView } from '@/lib/api/view-builders';

export const dynamic = 'force-dynamic';

export const GET = withCluster('GET /api/clusters/[cluster]/peers', (runtime, request) => {
  const query = parseQuery(request, peersQuery);
  if (!query.ok) return query.response;
  const { node, category, q, limit } = query.value;
  if (node && !runtime.store.has(node)) return notFound(`no target with id "${node}" in the cluster config`);
  return clusterJson(request, runtime, () => peersView(runtime, { node, category, q, limit }));
});
