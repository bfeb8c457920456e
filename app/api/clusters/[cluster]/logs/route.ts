import { json, notFound, parseQuery } from '@/lib/api/respond';
import { withCluster } from '@/lib/api/with-dashboard';
import { logsFromQuery, logsQuerySchema } from '@/lib/api/logs-view';

export const dynamic = 'force-dynamic';

export const GET = withCluster('GET /api/clusters/[cluster]/logs', (runtime, request) => {
  const query = parseQuery(request, logsQuerySchema(() => runtime.now()));
  if (!query.ok) return query.response;
  const answer = logsFromQuery(runtime, query.value);
  return 'view' in answer ? json(answer.view) : notFound(answer.notFound);
});
