import { compareViewAt, historyOr404 } from '@/lib/api/past-views';
import { compareQuery } from '@/lib/api/queries';
import { badRequest, json, parseQuery } from '@/lib/api/respond';
import { withCluster } from '@/lib/api/with-dashboard';

export const dynamic = 'force-dynamic';

/** What changed between two moments: new and resolved findings, nodes whose status changed, partitions whose owner changed. */
export const GET = withCluster('GET /api/clusters/[cluster]/compare', async (cluster, request) => {
  const query = parseQuery(request, compareQuery);
  if (!query.ok) return query.response;
  if (query.value.at === undefined) return badRequest('query parameter "at": expected the first moment to compare (ms or RFC 3339)');
  const history = historyOr404();
  if (!history.ok) return history.response;
  return json(await compareViewAt(cluster, history.store, query.value.at, query.value.compare ?? cluster.now()));
});
