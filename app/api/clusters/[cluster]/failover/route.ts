import { failoverQuery } from '@/lib/api/queries';
import { json, parseQuery } from '@/lib/api/respond';
import { withCluster } from '@/lib/api/with-dashboard';
import { failoverView } from '@/lib/api/view-builders';

export const dynamic = 'force-dynamic';

export const GET = withCluster('GET /api/clusters/[cluster]/failover', (runtime, request) => {
  const query = parseQuery(request, failoverQuery);
  if (!query.ok) return query.response;
  return json(failoverView(runtime, query.value));
});
