import { logSourcesQuery } from '@/lib/api/queries';
import { logSourcesView } from '@/lib/api/log-sources-view';
import { json, parseQuery } from '@/lib/api/respond';
import { withCluster } from '@/lib/api/with-dashboard';

export const dynamic = 'force-dynamic';

/** Every log source of the cluster with its state: a file that is missing or unreadable shows here, not as silence. */
export const GET = withCluster('GET /api/clusters/[cluster]/log-sources', async (runtime, request) => {
  const query = parseQuery(request, logSourcesQuery);
  if (!query.ok) return query.response;
  return json(logSourcesView(runtime.logSourceStatus(), runtime.now()));
});
