import { syncQuery } from '@/lib/api/queries';
import { clusterJson } from '@/lib/api/per-cycle';
import { notFound, parseQuery } from '@/lib/api/respond';
import { withCluster } from '@/lib/api/with-dashboard';
import { syncView } from '@/lib/api/view-builders';

export const dynamic = 'force-dynamic';

export const GET = withCluster('GET /api/clusters/[cluster]/sync', (runtime, request) => {
  const query = parseQuery(request, syncQuery);
  if (!query.ok) return query.response;
  const { primary, link } = query.value;
  if (primary && !runtime.store.has(primary)) return notFound(`no target with id "${primary}" in the cluster config`);
  return clusterJson(request, runtime, () => syncView(runtime, { primary, link }));
});
