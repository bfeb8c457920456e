import { clustersView } from '@/lib/api/cluster-views';
import { noParameters } from '@/lib/api/queries';
import { dashboardJson } from '@/lib/api/per-cycle';
import { parseQuery } from '@/lib/api/respond';
import { withDashboard } from '@/lib/api/with-dashboard';

export const dynamic = 'force-dynamic';

/** Every cluster at a glance: node counts per status, active findings per severity, data age. */
export const GET = withDashboard('GET /api/clusters', (dashboard, request) => {
  const query = parseQuery(request, noParameters);
  if (!query.ok) return query.response;
  return dashboardJson(request, dashboard, () => clustersView(dashboard));
});
