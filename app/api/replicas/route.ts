import { noParameters } from '@/lib/api/queries';
import { replicasView } from '@/lib/api/replicas-view';
import { json, parseQuery } from '@/lib/api/respond';
import { withDashboard } from '@/lib/api/with-dashboard';
import { haSlot } from '@/lib/runtime/high-availability';

export const dynamic = 'force-dynamic';

/** Which replica collects which cluster, since when, under which term; the live replicas; whether the store is reachable. */
export const GET = withDashboard('GET /api/replicas', async (dashboard, request) => {
  const query = parseQuery(request, noParameters);
  if (!query.ok) return query.response;
  return json(await replicasView(dashboard, haSlot().state));
});
