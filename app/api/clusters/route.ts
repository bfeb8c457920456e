import { z } from 'zod';
import { clustersView } from '@/lib/api/cluster-views';
import { json, parseQuery } from '@/lib/api/respond';
import { withDashboard } from '@/lib/api/with-dashboard';

export const dynamic = 'force-dynamic';

const querySchema = z.strictObject({});

/** Every cluster at a glance: node counts per status, active findings per severity, data age. */
export const GET = withDashboard('GET /api/clusters', (dashboard, request) => {
  const query = parseQuery(request, querySchema);
  if (!query.ok) return query.response;
  return json(clustersView(dashboard));
});
