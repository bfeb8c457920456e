import { failoverViewAt, historyOr404 } from '@/lib/api/past-views';
import { failoverQuery } from '@/lib/api/queries';
import { clusterJson } from '@/lib/api/per-cycle';
import { json, parseQuery } from '@/lib/api/respond';
import { withCluster } from '@/lib/api/with-dashboard';
import { failoverView } from '@/lib/api/view-builders';

export const dynamic = 'force-dynamic';

export const GET = withCluster('GET /api/clusters/[cluster]/failover', async (runtime, request) => {
  const query = parseQuery(request, failoverQuery);
  if (!query.ok) return query.response;
  if (query.value.at !== undefined) {
    const history = historyOr404();
    if (!history.ok) return history.response;
    const past = await failoverViewAt(runtime, history.store, query.value.at);
    const incidents = query.value.status === 'active' ? past.incidents.filter((incident) => incident.status === 'active') : past.incidents;
    return json({ ...past, incidents });
  }
  return clusterJson(request, runtime, () => failoverView(runtime, query.value));
});
