import { clusterJson, clusterVersion, perCycle, requestKey } from '@/lib/api/per-cycle';
import { notFound, parseQuery } from '@/lib/api/respond';
import { withCluster } from '@/lib/api/with-dashboard';
import { logsFromQuery, logsQuerySchema } from '@/lib/api/logs-view';

export const dynamic = 'force-dynamic';

export const GET = withCluster('GET /api/clusters/[cluster]/logs', (runtime, request) => {
  const query = parseQuery(request, logsQuerySchema(() => runtime.now()));
  if (!query.ok) return query.response;
  const answer = perCycle(runtime, clusterVersion(runtime), `answer ${requestKey(request)}`, () => logsFromQuery(runtime, query.value));
  return 'view' in answer ? clusterJson(request, runtime, () => answer.view) : notFound(answer.notFound);
});
