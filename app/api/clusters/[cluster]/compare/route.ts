import { z } from 'zod';
import { compareViewAt, historyOr404 } from '@/lib/api/past-views';
import { badRequest, json, parseQuery } from '@/lib/api/respond';
import { withCluster } from '@/lib/api/with-dashboard';
import { momentParam } from '@/lib/contract/time-param';

export const dynamic = 'force-dynamic';

/** `at` and `compare`: the two moments (either order); `compare` defaults to now. */
const querySchema = z.strictObject({ at: momentParam, compare: momentParam });

/** What changed between two moments: new and resolved findings, nodes whose status changed, partitions whose owner changed. */
export const GET = withCluster('GET /api/clusters/[cluster]/compare', async (cluster, request) => {
  const query = parseQuery(request, querySchema);
  if (!query.ok) return query.response;
  if (query.value.at === undefined) return badRequest('query parameter "at": expected the first moment to compare (ms or RFC 3339)');
  const history = historyOr404();
  if (!history.ok) return history.response;
  return json(await compareViewAt(cluster, history.store, query.value.at, query.value.compare ?? cluster.now()));
});
